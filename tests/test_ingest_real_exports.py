"""Real exports import right (issue 15): header rows, nested JSON, the names people give columns,
spreadsheet row numbers, ignored columns that look like ours — through the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import real_exports
from tests.support.real_exports import EXPECTED, stored
from wsis_data.cli import main
from wsis_data.ingest.importer import check_table, import_file, preview
from wsis_data.ingest.readers import read_table

ROOT = Path(__file__).resolve().parents[1]
BUILDERS = {
    "agenda.xlsx": real_exports.agenda_xlsx,
    "api.json": real_exports.api_json,
    "organizers.csv": real_exports.organizers_csv,
    "sessions_fr.csv": real_exports.multiline_cp1252_csv,
    "partners.csv": real_exports.ignored_column_csv,
}
#: The command-line arguments each file needs beyond the defaults.
ARGS = {
    "agenda.xlsx": ["--sheet", "Agenda"],
    "partners.csv": ["--map", "Lead partners=organisers"],
}


def _write(tmp_path: Path, name: str) -> Path:
    data, written = BUILDERS[name]()
    path = tmp_path / written
    path.write_bytes(data)
    return path


def test_check_through_python_m(tmp_path):
    """`python -m wsis_data import FILE --check` as a user types it: header row and rows named."""
    path = _write(tmp_path, "agenda.xlsx")
    proc = subprocess.run(
        [sys.executable, "-m", "wsis_data", "import", str(path), "--check", "--sheet", "Agenda"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "read as XLSX, sheet 'Agenda', header row 4" in out
    assert "header row 4 (found: the first row that reads as headers)" in out
    assert "rows read 3, valid 2, with problems 1" in out
    assert "problem row 7, column 'Year', value 'next year'" in out
    assert "No column is mapped" not in out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_import_stores_what_the_file_says(tmp_path, capsys, name):
    path = _write(tmp_path, name)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert main(["import", str(path), "--check", *ARGS.get(name, [])]) == 0
    assert "checked (not stored)" in capsys.readouterr().out
    assert main(["import", str(path), "--db", url, *ARGS.get(name, [])]) == 0
    out = capsys.readouterr().out
    assert "stored as batch 1" in out, out
    assert stored(url) == EXPECTED[name]


def test_header_row_chosen_by_the_user(tmp_path, capsys):
    path = _write(tmp_path, "agenda.xlsx")
    assert main(["import", str(path), "--check", "--sheet", "Agenda", "--header-row", "1"]) == 1
    out = capsys.readouterr().out
    assert "No column is mapped to title and year" in out  # row 1 is the title: as the user said
    assert main(["import", str(path), "--check", "--sheet", "Agenda", "--header-row", "4"]) == 0
    assert "header row 4 (as chosen)" in capsys.readouterr().out
    assert main(["import", str(path), "--check", "--sheet", "Agenda", "--header-row", "99"]) == 1
    assert "no sheet row 99 (the last is 7)" in capsys.readouterr().out
    assert main(["import", str(path), "--check", "--sheet", "Nope"]) == 1
    assert "no sheet 'Nope'; sheets: Overview, Agenda" in capsys.readouterr().out


def test_csv_rows_are_spreadsheet_rows_with_the_line_named(tmp_path, capsys):
    path = _write(tmp_path, "sessions_fr.csv")
    assert main(["import", str(path), "--check"]) == 0
    out = capsys.readouterr().out
    assert "CSV, cp1252, delimiter semicolon, header row 1" in out
    assert "problem row 4 (line 6), column 'ODD', value '42'" in out
    data, name = real_exports.multiline_cp1252_csv()
    report = import_file(data, name, None)
    frame = report.problems_frame()
    assert frame[["row", "line"]].values.tolist() == [[4, 6]]


def test_json_objects_are_values_never_python_text(tmp_path):
    data, name = real_exports.api_json()
    table, mapping = preview(data, name)
    assert mapping["actionLines"] == "action_lines" and mapping["organizers"] == "organisers"
    report = check_table(table, mapping)
    assert report.problems == []
    assert "records read from 'sessions' (2 of them); other keys, not records: count" in (
        report.notes
    )
    assert any("'actionLines' holds objects: read by their 'code'" in n for n in report.notes)


def test_json_key_chosen_by_the_user(tmp_path, capsys):
    doc = [{"id": 1, "year": 2020, "title": {"en": "Water", "fr": "Eau"}, "sdgs": [6]}]
    path = tmp_path / "langs.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["import", str(path), "--check"]) == 0
    out = capsys.readouterr().out
    assert "an object without the key" in out and "{'" not in out  # a problem, never a repr
    url = f"sqlite:///{tmp_path / 's.db'}"
    assert main(["import", str(path), "--db", url, "--json-key", "title=fr"]) == 0
    assert stored(url) == {(2020, "1"): ("Eau", (), (), (6,))}


def test_records_deeper_in_the_document():
    doc = {"meta": {"page": 1}, "data": {"total": 1, "items": [{"title": "A", "year": 2020}]}}
    table = read_table(json.dumps(doc).encode(), "deep.json")
    assert table.rows == [["A", 2020]]
    assert "records read from 'data.items'" in table.notes[0]


def test_ignored_column_that_looks_like_ours_is_a_warning_and_holds_the_import(tmp_path, capsys):
    path = _write(tmp_path, "partners.csv")
    url = f"sqlite:///{tmp_path / 's.db'}"
    assert main(["import", str(path), "--db", url]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    warning = next(i for i, line in enumerate(lines) if "WARNING" in line)
    assert warning < next(i for i, line in enumerate(lines) if "read as" in line)  # at the top
    assert "column 'Lead partners' is ignored but" in lines[warning]
    assert "no column fills organisers" in lines[warning]
    assert "not stored: an ignored column looks like one of ours" in out
    assert "1 not stored for their warnings (--map or --accept-warnings)" in out
    assert stored(url) == {}  # nothing stored before the user says
    assert main(["import", str(path), "--db", url, "--accept-warnings"]) == 0
    assert {v[1] for v in stored(url).values()} == {()}  # stored as asked: without organisers


@pytest.mark.parametrize(
    "header,cells,field",
    [
        ("Organizer(s) 2", ["ITU", "UNESCO"], "organisers"),  # by its header
        ("Tags", ["C1; C2", "C7 e-health", "C11"], "action_lines"),  # by its cells
        ("Goals linked", ["SDG 4", "Goal 9; SDG 17", "SDG 5"], "sdgs"),
        ("Partner", ["ITU", "UNESCO", "World Health Organization"], "organisers"),
    ],
)
def test_warning_by_header_or_content(header, cells, field):
    rows = "".join(f"{i},T{i},2020,{c.replace(',', ';')}\n" for i, c in enumerate(cells))
    data = f"Session ID,Title,Year,{header}\n{rows}".encode()
    table, mapping = preview(data, "w.csv")
    mapping[header] = None
    report = check_table(table, mapping)
    assert [(w.column, w.field) for w in report.warnings] == [(header, field)]
    assert report.text().splitlines()[1].startswith("  WARNING: column")


def test_ids_are_not_taken_for_sdgs():
    data = b"Ref,Title,Year\n1,A,2020\n2,B,2020\n3,C,2020\n"
    table, mapping = preview(data, "ids.csv")
    assert check_table(table, {**mapping, "Ref": None}).warnings == []


@pytest.mark.parametrize(
    "text,header_row",
    [
        ("Title,Organisers,Notes,Notes\nBroadband,ITU,a,b\n", 1),  # a repeated header name
        ("Title,Year,Room\nBroadband,2020,A\n", 1),
        ("Sessions\n\nTitle,Year\nA,2020\n", 3),
        ("Export of 2024-05-02;;\nTitle;Year;Host\nA;2020;ITU\n", 2),
        ("Room,Capacity\nA,12\nB,30\n", 1),  # nothing we know: the first row that reads as headers
        ("Agenda\nRoom,Capacity\nA,12\n", 2),
        ("2019,2020,2021,2022\n,,n/a,n/a\n", 1),  # headers are years; a wider row comes first
    ],
)
def test_header_row_found(text, header_row):
    assert read_table(text.encode(), "h.csv").header_row == header_row
