"""Issue 20 item 4 (export side): every exporter is safe on any stored text.

Control characters (\\x00–\\x1f but tab and line ends, \\x7f) are not allowed in XML 1.0, so
openpyxl refused them and the GraphML writer failed; lone surrogates cannot be encoded as UTF-8.
Each exporter now writes them as visible stand-ins (U+2400 "control pictures", U+FFFD), and the
file opens again. The import side (normalising such text at import) belongs to the importer.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import networkx as nx
import openpyxl
import pandas as pd
import pytest

from wsis_data import export
from wsis_data.ingest.store import BatchInfo, Store
from wsis_data.network import (
    bipartite_counts,
    bipartite_graphml_bytes,
    build_network,
    gexf_bytes,
    graphml_bytes,
)
from wsis_data.records import SessionRecord, Tag
from wsis_data.safe_text import printable

ROOT = Path(__file__).resolve().parents[1]
CONTROLS = "".join(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))
TEXT = f"A{CONTROLS}B\tC\nD"
SURROGATE = "lone \ud800 half"


def records(text: str) -> list[SessionRecord]:
    """Three sessions whose titles and organisers hold `text`, sharing organisers (links)."""
    orgs = (f"Org {text}", "Plain org", f"Third{text[1:4]}")
    return [
        SessionRecord(
            year=2020,
            session_id=f"S{i}",
            title=f"Title {i} {text}",
            session_type=text,
            organisers=(orgs[i], orgs[(i + 1) % 3]),
            action_lines=(Tag("C1", "file"),),
            sdgs=(Tag(4, "file"),),
        )
        for i in range(3)
    ]


def store_with(url: str, text: str) -> Store:
    store = Store(url)
    info = BatchInfo("x.json", "0", "table", "test", 3, 3, 0, {})
    store.write(info, records(text))
    return store


def test_printable_keeps_tabs_and_line_ends() -> None:
    assert printable("a\tb\nc\rd") == "a\tb\nc\rd"
    assert printable("a\x0bb\x01\x7f") == "a\u240bb\u2401\u2421"
    assert printable(SURROGATE) == "lone \ufffd half"
    assert printable("plain") == "plain"


@pytest.mark.parametrize("text", [TEXT, SURROGATE])
def test_xlsx_and_csv_of_any_text(text: str) -> None:
    # object columns: pandas' own (pyarrow) strings cannot hold a lone surrogate at all
    frame = pd.DataFrame(
        [[text], ["=1+1"], [3]],
        columns=pd.Index([f"col {text}"], dtype=object),
        index=pd.Index([text, "b", "c"], dtype=object),
        dtype=object,
    )
    meta = export.ExportMeta(title=text, dataset=text, filters=text, provenances="")
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"data": frame}, meta, index=True)))
    cells = [c for row in book["data"].iter_rows(values_only=True) for c in row]
    assert printable(text) in cells and "'=1+1" in cells
    back = pd.read_csv(io.BytesIO(export.csv_bytes(frame)))
    assert back.iloc[0, 0] == text.encode("utf-8", "surrogatepass").decode("utf-8", "replace") or (
        back.iloc[0, 0] == printable(text)
    )


@pytest.mark.parametrize("text", [TEXT])  # a dataset cannot hold a lone surrogate (pyarrow)
def test_graph_files_of_any_text(text: str) -> None:
    from wsis_data.dataset import DatasetInfo, from_records

    view = from_records(records(text), DatasetInfo("test", "test records"))
    net = build_network(view)
    graph = nx.read_graphml(io.BytesIO(graphml_bytes(net)))
    assert graph.number_of_nodes() == 3
    assert any("\u2400\u2401" in node for node in graph.nodes)  # organisers keep their text
    gexf = nx.read_gexf(io.BytesIO(gexf_bytes(net)))
    assert gexf.number_of_nodes() == net.graph.number_of_nodes()
    meta = {"note": text + SURROGATE}
    bipartite = bipartite_graphml_bytes(bipartite_counts(view), "action_line", meta)
    assert nx.read_graphml(io.BytesIO(bipartite)).number_of_edges() > 0


@pytest.mark.parametrize("fmt", ["xlsx", "graphml", "csv"])
def test_cli_export_of_stored_control_characters(tmp_path: Path, fmt: str) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store_with(url, TEXT).close()
    done = subprocess.run(
        [sys.executable, "-m", "wsis_data", "export", "--dataset", "store", "--db", url,
         "--format", fmt, "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    path = Path(done.stdout.strip())
    if fmt == "xlsx":
        assert openpyxl.load_workbook(path).sheetnames
    elif fmt == "graphml":
        assert nx.read_graphml(path).number_of_nodes() == 3
    else:
        assert not pd.read_csv(path).empty
