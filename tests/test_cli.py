"""The command line: import with its printed report, and batch exports of the heatmap."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from wsis_data.__main__ import main
from wsis_data.ingest.store import Store

CSV = b"Session ID;Title;Year;Action Lines;SDGs\n1;Rural broadband;2019;C2;9\n2;;2019;C99;4\n"


def test_import_prints_the_report_and_stores(tmp_path, capsys):
    good = tmp_path / "sessions.csv"
    good.write_bytes(CSV)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    code = main(["import", str(good), str(empty), "--db", url,
                 "--quarantine", str(tmp_path / "q")])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1  # one file failed
    assert "sessions.csv: stored as batch 1" in out
    assert "rows read 2, valid 1, with problems 1" in out
    assert "problem row 3, column 'Title', value '': missing title" in out
    assert "problem row 3, column 'Action Lines', value 'C99': unknown Action Line 'C99'" in out
    assert "empty.csv: error: empty.csv: the file is empty" in out
    assert "2 files: 1 read, 1 failed; 1 session stored, 1 row with problems" in out
    quarantine = (tmp_path / "q" / "sessions.quarantine.csv").read_text(encoding="utf-8-sig")
    assert quarantine.splitlines()[1].startswith("2;;2019;C99;4")
    assert Store(url).n_sessions() == 1


def test_import_check_only_stores_nothing(tmp_path, capsys):
    path = tmp_path / "s.csv"
    path.write_bytes(CSV)
    assert main(["import", str(path), "--check"]) == 0
    assert "checked (not stored)" in capsys.readouterr().out


def test_import_bad_db_is_a_message(tmp_path, capsys):
    path = tmp_path / "s.csv"
    path.write_bytes(CSV)
    assert main(["import", str(path), "--db", "nosuchdialect://x"]) == 2
    assert "error: Cannot open the store" in capsys.readouterr().err


def test_export_tables_and_html(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["export", "--dataset", "synthetic", "--year", "2019-2020", "--action-line",
                 "C7", "--sdg", "4", "--format", "csv", "--format", "xlsx", "--format", "html",
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    paths = capsys.readouterr().out.split()
    assert len(paths) == 3
    cells = pd.read_csv(next(p for p in paths if p.endswith(".csv")))
    assert set(cells["sdg"]) == set(range(1, 18)) and cells["sessions"].sum() > 0
    book = openpyxl.load_workbook(
        io.BytesIO(Path(next(p for p in paths if p.endswith(".xlsx"))).read_bytes())
    )
    assert book.sheetnames[:2] == ["heatmap", "cells"] and "metadata" in book.sheetnames
    meta = dict(book["metadata"].iter_rows(min_row=2, values_only=True))
    assert meta["synthetic"] == "yes" and "years 2019–2020" in meta["filters"]
    html = Path(next(p for p in paths if p.endswith(".html"))).read_text(encoding="utf-8")
    assert "SYNTHETIC" in html


@pytest.mark.parametrize(
    "args,message",
    [
        (["--action-line", "C99"], "Unknown Action Line 'C99' in --action-line"),
        (["--dataset", "nope"], "Unknown dataset 'nope'"),
        (["--value", "median"], "Unknown value 'median'"),
    ],
)
def test_export_errors_are_messages(tmp_path, capsys, args, message):
    assert main(["export", "--out", str(tmp_path), *args]) == 2
    assert message in capsys.readouterr().err


def test_export_from_the_store(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'exp.db'}"
    assert main(["export", "--dataset", "store", "--db", url, "--out", str(tmp_path)]) == 2
    assert "The store holds no records yet" in capsys.readouterr().err
    source = tmp_path / "s.csv"
    source.write_bytes(CSV)
    main(["import", str(source), "--db", url])
    capsys.readouterr()
    code = main(["export", "--dataset", "store", "--db", url, "--format", "csv",
                 "--out", str(tmp_path / "out")])  # fmt: skip
    assert code == 0
    cells = pd.read_csv(capsys.readouterr().out.strip())
    row = cells[(cells["action_line"] == "C2") & (cells["sdg"] == 9)]
    assert row["sessions"].tolist() == [1]


def test_export_graphml_network(tmp_path, capsys):
    import networkx as nx

    assert main(["export", "--dataset", "synthetic", "--year", "2020", "--format", "graphml",
                 "--out", str(tmp_path)]) == 0  # fmt: skip
    path = capsys.readouterr().out.strip()
    assert "network-synthetic" in path and path.endswith(".graphml")
    graph = nx.read_graphml(path)
    assert graph.number_of_nodes() > 0 and graph.number_of_edges() > 0
