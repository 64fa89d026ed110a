"""Messy session files: each gives a report (counts, problems, quarantine), never a traceback."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from wsis_data.errors import IngestError, MappingError
from wsis_data.ingest.columns import PROBLEM_COLUMN, check_mapping, propose_mapping
from wsis_data.ingest.importer import check_table, import_file, preview
from wsis_data.ingest.readers import decode, read_table, sniff_delimiter
from wsis_data.ingest.validation import parse_year, split_action_lines, split_sdgs

HEADER = ["Session ID", "Session title", "Année", "WSIS Action Lines", "SDGs", "Organizers"]
ROWS = [
    [
        "A1",
        "Café numérique pour tous",
        "2019",
        "C7. ICT Applications: E-government",
        "SDG 9",
        "ITU",
    ],
    ["A2", "Ecoles connectées", "2019", "C2; C7 e-learning", "4, 9", "UNESCO | ITU"],
    ["A3", "Données ouvertes", "2020", "C3", "16", "Open Data Org"],
]


def _csv(rows, delimiter=",", header=HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _check(data: bytes, name: str, **kwargs):
    report = import_file(data, name, None, **kwargs)
    assert report.ok, report.error
    return report


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"]
)
def test_encodings(encoding):
    text = _csv(ROWS)
    if encoding == "latin-1":  # latin-1 text with a byte cp1252 leaves undefined (0x81)
        text = text.replace("Données", "Donn\x81es")
    report = _check(text.encode(encoding), "sessions.csv")
    assert (report.n_read, report.n_valid, report.n_problem_rows) == (3, 3, 0)
    titles = [r.title for r in report.records]
    assert titles[0] == "Café numérique pour tous"
    assert report.mapping["Année"] == "year"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(delimiter):
    report = _check(_csv(ROWS, delimiter).encode(), "sessions.csv")
    assert report.n_valid == 3
    assert report.records[1].action_lines[1].code == "C7.e-learning"
    assert [t.code for t in report.records[1].sdgs] == [4, 9]


def test_tsv_suffix_and_sniffing():
    text = _csv(ROWS, "\t")
    assert read_table(text.encode(), "s.tsv").delimiter == "\t"
    assert sniff_delimiter("a;b;c\n1;2;3\n") == ";"
    assert decode("é".encode("cp1252"), "x") == ("é", "cp1252")


def test_values_are_normalised_and_tags_are_file():
    report = _check(_csv(ROWS).encode(), "s.csv")
    first = report.records[0]
    assert [(t.code, t.provenance) for t in first.action_lines] == [("C7.e-government", "file")]
    assert [(t.code, t.provenance) for t in first.sdgs] == [(9, "file")]
    assert report.records[1].organisers == ("UNESCO", "ITU")


def test_multivalued_cells():
    assert split_action_lines("C7. ICT Applications: E-government") == (("C7.e-government",), ())
    assert split_action_lines("C1, C3 / C7 E-business\nC11") == (
        ("C1", "C3", "C7.e-business", "C11"),
        (),
    )
    assert split_action_lines("C7. ICT Applications: E-government, E-business") == (
        ("C7.e-government", "C7.e-business"),
        (),
    )
    assert split_sdgs("Quality Education; SDG 9 | 17") == ((4, 9, 17), ())
    assert split_sdgs("SDG 4, 18") == ((4,), ("18",))


def test_unknown_codes_go_to_quarantine_with_reasons():
    rows = [*ROWS, ["A4", "Mystery", "2019", "C12; C3", "SDG 18", "Nobody"]]
    report = _check(_csv(rows).encode(), "s.csv")
    assert (report.n_read, report.n_valid, report.n_problem_rows) == (4, 3, 1)
    problems = [(p.row, p.column, p.value, p.reason) for p in report.problems]
    assert (5, "WSIS Action Lines", "C12; C3", "unknown Action Line 'C12'") in problems
    assert any(p[1] == "SDGs" and "'SDG 18'" in p[3] for p in problems)
    quarantine = report.quarantine_csv().decode("utf-8-sig")
    rows_back = list(csv.reader(io.StringIO(quarantine)))
    assert rows_back[0] == [*HEADER, PROBLEM_COLUMN]
    assert rows_back[1][:6] == rows[3] and "C12" in rows_back[1][6]


def test_fixed_quarantine_reimports():
    rows = [*ROWS, ["A4", "Mystery", "2019", "C12", "4", "Nobody"]]
    report = _check(_csv(rows).encode(), "s.csv")
    fixed = report.quarantine_csv().decode("utf-8-sig").replace("C12", "C1")
    again = _check(fixed.encode("utf-8-sig"), "s.quarantine.csv")
    assert (again.n_valid, again.n_problem_rows) == (1, 0)
    assert again.mapping[PROBLEM_COLUMN] is None


def test_missing_and_extra_columns():
    header = ["Title", "Year", "Speaker", "Room"]
    report = _check(_csv([["A talk", "2018", "Ann", "K1"]], header=header).encode(), "s.csv")
    assert report.n_valid == 1 and report.records[0].session_id.startswith("T-")
    assert any("no session id column" in n for n in report.notes)
    assert report.mapping["Speaker"] is None and report.mapping["Room"] is None
    no_title = _csv([["x", "2018"]], header=["Session ID", "Year"]).encode()
    failed = import_file(no_title, "s.csv", None)
    assert not failed.ok and "No column is mapped to title" in failed.error


def test_row_with_too_many_cells_is_quarantined_whole():
    text = _csv(ROWS) + "A9,Two, commas,2019,C1,4,Org\r\n"
    report = _check(text.encode(), "s.csv")
    assert report.n_problem_rows == 1
    assert report.problems[0].row == 5 and "7 cells" in report.problems[0].reason
    back = list(csv.reader(io.StringIO(report.quarantine_csv().decode("utf-8-sig"))))
    assert back[1][-2] == "4,Org"  # the extra cell is kept, not lost


def test_empty_rows_are_counted_and_row_numbers_match_the_file():
    text = _csv(ROWS[:1]) + "\r\n,,,,,\r\n" + "A5,,2019,C1,4,Org\r\n"
    report = _check(text.encode(), "s.csv")
    assert report.empty_rows == [3, 4]
    assert (report.n_read, report.n_valid, report.n_problem_rows) == (4, 1, 1)
    assert report.problems[0].row == 5 and report.problems[0].reason == "missing title"
    assert "empty rows ignored: 3, 4" in report.text()


def test_quoted_newlines_count_records_as_spreadsheet_rows():
    text = 'Title,Year,Action Lines\n"Two\nlines",2019,"C1\nC2"\nBad,20x9,C1\n'
    report = _check(text.encode(), "s.csv")
    assert report.records[0].title == "Two\nlines"
    assert [t.code for t in report.records[0].action_lines] == ["C1", "C2"]
    # the spreadsheet shows the bad record as row 3; it starts on line 5 (2 quoted newlines)
    assert (report.problems[0].row, report.problems[0].line) == (3, 5)
    assert "problem row 3 (line 5), column 'Year'" in report.text()


@pytest.mark.parametrize("policy,kept_title", [("skip", "first"), ("replace", "second")])
def test_duplicates_within_the_file(policy, kept_title):
    text = _csv([["X1", "first", "2019", "C1", "", ""], ["X1", "second", "2019", "C2", "", ""]])
    report = _check(text.encode(), "s.csv", on_duplicate=policy)
    assert [r.title for r in report.records] == [kept_title]
    action = "skipped" if policy == "skip" else "replaced"
    assert [(d.row, d.where, d.action, d.of_row) for d in report.duplicates] == [
        (3, "file", action, 2)
    ]
    assert f"duplicate row 3: (2019, 'X1') already in the file (row 2) → {action}" in report.text()


def test_year_from_a_date_column():
    header = ["Title", "Date", "Action Lines"]
    rows = [["A", "2018-03-19", "C1"], ["B", "19/03/2021", "C2"], ["C", "soon", "C3"]]
    report = _check(_csv(rows, header=header).encode(), "s.csv")
    assert [r.year for r in report.records] == [2018, 2021]
    assert report.problems[0].column == "Date" and "no single year" in report.problems[0].reason
    assert parse_year("2018.0", from_date=False) == 2018
    assert parse_year("1850", from_date=False) is None


def test_headers_are_recognised_case_and_accent_insensitively():
    mapping = propose_mapping(
        ["TITRE", "Organization/s", "Sustainable Development Goals", "Type", "URL", "Année",
         "Action Lines", "Title"]
    )  # fmt: skip
    assert mapping == {
        "TITRE": "title",
        "Organization/s": "organisers",
        "Sustainable Development Goals": "sdgs",
        "Type": "session_type",
        "URL": "url",
        "Année": "year",
        "Action Lines": "action_lines",
        "Title": None,  # the field is already taken by the first column
    }


def test_a_corrected_mapping_is_used():
    table, proposed = preview(_csv(ROWS).encode(), "s.csv")
    corrected = dict(proposed, Organizers=None)
    report = check_table(table, corrected)
    assert all(r.organisers == () for r in report.records)
    with pytest.raises(MappingError, match="mapped twice"):
        check_mapping(dict(proposed, Organizers="title"), table.headers)


def test_xlsx_sheet_choice_and_types():
    other = [["Notes"], ["nothing here"]]
    rows = [["Title", "Year", "Action Lines", "SDGs"], ["Sheet talk", 2019.0, "C4", 4]]
    data = _xlsx({"Notes": other, "Sessions": rows})
    report = _check(data, "s.xlsx", sheet="Sessions")
    assert report.records[0].year == 2019 and report.records[0].sdgs[0].code == 4
    assert "sheet 'Sessions'" in report.read_as
    assert report.records[0].session_id.startswith("T-")
    failed = import_file(data, "s.xlsx", None, sheet="Missing")
    assert not failed.ok and "no sheet 'Missing'" in failed.error
    first = import_file(data, "s.xlsx", None)  # first sheet: no title column
    assert not first.ok and "title" in first.error


def test_xlsx_row_numbers_are_sheet_rows():
    rows = [["Title", "Year"], [None, None], ["ok", 2019], ["bad", "later"]]
    report = _check(_xlsx({"S": rows}), "s.xlsx")
    assert report.empty_rows == [2] and report.problems[0].row == 4


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"", "empty.csv", "the file is empty"),
        (b"   \n\n", "blank.csv", "the file is empty"),
        (b"PK\x03\x04 this is not really a zip", "broken.xlsx", "not a readable XLSX"),
        (b"plain text, not a workbook", "fake.xlsx", "not a readable XLSX"),
        (b"{not json", "bad.json", "not valid JSON"),
        (b'{"other": 1}', "obj.json", "expected a list of session objects"),
        (b"a,b\n1,2\n", "file.parquet", "unsupported file type"),
        (b"Title\n", "header_only.csv", "No column is mapped to year"),
    ],
)
def test_unreadable_files_give_a_clear_error(data, name, message):
    report = import_file(data, name, None)
    assert not report.ok and message in report.error and name in report.error
    assert report.text().startswith(f"{name}: error:")


def test_json_list_and_sessions_object_and_jsonl():
    objects = [
        {"year": 2019, "session_id": "J1", "title": "Json one",
         "action_lines": ["C1", "C7 eHealth"], "sdgs": [3, "SDG 9"], "organisers": ["WHO", "ITU"]},
        {"year": "2019", "session_id": "J2", "title": "Json two", "action_lines": "C3; C4"},
    ]  # fmt: skip
    for data, name in [
        (json.dumps(objects).encode(), "s.json"),
        (json.dumps({"sessions": objects}).encode(), "s.json"),
        ("\n".join(json.dumps(o) for o in objects).encode(), "s.jsonl"),
    ]:
        report = _check(data, name)
        assert report.n_valid == 2, name
        first = report.records[0]
        assert [t.code for t in first.action_lines] == ["C1", "C7.e-health"]
        assert [t.code for t in first.sdgs] == [3, 9] and first.organisers == ("WHO", "ITU")
    jsonl = b'{"year": 2019, "title": "fine", "session_id": "1"}\n{oops\n[1, 2]\n'
    report = _check(jsonl, "s.jsonl")
    assert report.n_valid == 1 and {p.row for p in report.problems} == {2, 3}


def test_bad_url_and_missing_values():
    header = ["Session ID", "Title", "Year", "URL"]
    rows = [["1", "ok", "2019", "https://www.itu.int/x"], ["", "no id", "2019", "ftp:/x"]]
    report = _check(_csv(rows, header=header).encode(), "s.csv")
    assert report.n_valid == 1
    reasons = {p.reason for p in report.problems}
    assert reasons == {"missing session id", "not a web address (http:// or https://)"}


def test_a_csv_txt_is_a_table_and_a_template_txt_is_a_submission():
    table = import_file(_csv(ROWS).encode(), "sessions.txt", None)
    assert table.kind == "table" and table.n_valid == 3
    sub = b"WSIS Forum 2020\n1) Title of your session\nA talk\n"
    assert import_file(sub, "notes.txt", None).kind == "submission"


def test_unexpected_exceptions_are_not_swallowed():
    with pytest.raises(IngestError):
        read_table(b"x", "x.doc")
