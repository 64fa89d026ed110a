"""Property-based tests (hypothesis) of the file readers: any bytes or text reads as a table or
one of our errors; written CSV, JSON and workbooks read back exactly; damaged workbooks and
documents. See tests/support/fuzz.py.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from tests.support.documents import docx_bytes
from tests.support.fuzz import CELL_TEXT, CELLS, HEADER_TEXT, fuzz, tables
from wsis_data.errors import IngestError
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.readers import RawTable, read_table, unique_headers

NAMES = ("f.csv", "f.tsv", "f.txt", "f.json", "f.jsonl", "f.xlsx", "f.md", "f.docx", "f.pdf")

# ---------------------------------------------------------------- readers


ANY_NAME = st.sampled_from(NAMES) | st.builds(
    lambda stem, suffix: stem + suffix,
    st.text(max_size=12),
    st.sampled_from([".csv", ".CSV", ".Json", ".jsonl", ".XLSX", ".xlsm", ".txt", ".md", ".pdf",
                     ".docx", ".doc", ".exe", "", ".", ".tar.gz"]),
)  # fmt: skip


@fuzz(120)
@given(data=st.binary(max_size=600), name=ANY_NAME)
@example(data=b"[" * 3000 + b"]" * 3000, name="f.json")
@example(data=b'{"a": 1}\n' + b"[" * 3000, name="f.jsonl")
def test_random_bytes_never_raise(data, name):
    report = import_file(data, name, None)
    assert report.ok or report.error


def _check_table(table: RawTable) -> None:
    assert len(table.rows) == len(table.row_numbers)
    assert table.row_numbers == sorted(set(table.row_numbers))
    assert len(set(table.headers)) == len(table.headers) and all(table.headers)
    assert set(table.broken) <= set(table.row_numbers)


@fuzz(150)
@given(
    text=st.text(max_size=300) | st.lists(CELLS | st.sampled_from([";", "\t", "|", '"']),
                                          max_size=40).map("".join),
    name=st.sampled_from(["f.csv", "f.tsv", "f.txt", "f.json", "f.jsonl"]),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "latin-1"]),
)  # fmt: skip
def test_any_text_reads_as_a_table_or_an_ingest_error(text, name, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    try:
        table = read_table(data, name)
    except IngestError:
        return
    _check_table(table)


@fuzz(150)
@given(
    table=tables(),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    terminator=st.sampled_from(["\n", "\r\n"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_a_written_csv_reads_back_to_the_same_cells_and_line_numbers(
    table, delimiter, encoding, terminator, quoting
):
    headers, rows = table
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=terminator, quoting=quoting)
    writer.writerow(headers)
    numbers, line = [], 2
    # Python's writer leaves a lone CR unquoted unless it is in the line terminator.
    assume(
        quoting == csv.QUOTE_ALL
        or "\r" in terminator
        or not any("\r" in c for r in rows for c in r)
    )
    for row in rows:
        writer.writerow(row)
        numbers.append(line)
        line += sum(len(re.findall(r"\r\n|\r|\n", c)) for c in row) + 1
    text = out.getvalue()
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    if encoding == "utf-16" and not text.strip():
        return
    name = "f.tsv" if delimiter == "\t" else "f.csv"
    read = read_table(data, name, header_row=1)  # arbitrary headers: the row is given
    assert read.delimiter == delimiter, (read.delimiter, text[:200])
    assert read.headers == headers
    assert read.rows == [list(r) for r in rows]
    assert read.row_lines == numbers  # the physical line where each record starts
    assert read.row_numbers == list(range(2, len(rows) + 2))  # records, as a spreadsheet shows
    assert not read.broken


JSON_VALUE = (
    st.none() | st.booleans() | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False) | CELL_TEXT
    | st.lists(st.integers(0, 20) | CELL_TEXT, max_size=3)
)  # fmt: skip


@fuzz(120)
@given(
    keys=st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=5, unique=True),
    values=st.lists(st.lists(JSON_VALUE, min_size=5, max_size=5), max_size=6),
    lines=st.booleans(),
    ascii_only=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    wrapper=st.sampled_from([None, "sessions", "records"]),
)
def test_written_json_reads_back_to_the_same_cells_and_numbers(
    keys, values, lines, ascii_only, encoding, wrapper
):
    objects = [dict(zip(keys, v, strict=False)) for v in values]
    if lines:
        if not objects:
            return
        text = "\n".join(json.dumps(o, ensure_ascii=ascii_only) for o in objects) + "\n"
        name = "f.jsonl"
    else:
        doc = {wrapper: objects} if wrapper else objects
        text, name = json.dumps(doc, ensure_ascii=ascii_only, indent=1), "f.json"
    read = read_table(text.encode(encoding), name)
    assert read.headers == (keys if objects else [])
    assert read.rows == [[o.get(k) for k in keys] for o in objects]
    assert read.row_numbers == list(range(1, len(objects) + 1))


@fuzz(60)
@given(headers=st.lists(st.text(max_size=6), max_size=30))
def test_unique_headers_are_unique_and_keep_unique_names(headers):
    out = unique_headers(headers)
    assert len(out) == len(headers) and len(set(out)) == len(out) and all(out)
    for before, after in zip(headers, out, strict=True):
        if before and headers.count(before) == 1 and not re.search(r" \(\d+\)$", before):
            assert after == before


# ---------------------------------------------------------------- damaged workbooks and documents


def _xlsx(rows: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _damaged(data: bytes, draw) -> bytes:
    """A copy of a zip with one member's content cut, spliced or replaced."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = {i.filename: src.read(i.filename) for i in src.infolist()}
    name = draw(st.sampled_from(sorted(members)))
    body = members[name]
    how = draw(st.sampled_from(["cut", "splice", "replace", "drop"]))
    if how == "cut":
        members[name] = body[: draw(st.integers(0, len(body)))]
    elif how == "splice":
        at = draw(st.integers(0, len(body)))
        members[name] = body[:at] + draw(st.binary(max_size=20)) + body[at:]
    elif how == "replace":
        members[name] = draw(st.binary(max_size=200))
    else:
        del members[name]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for member, content in members.items():
            dst.writestr(member, content)
    return out.getvalue()


XLSX = _xlsx([["Session ID", "Title", "Year"], [1, "Village broadband", 2022]])
DOCX = docx_bytes(
    [("WSIS Forum 2022", False), ("1) Title of your session", True), ("Farms", False)]
)


@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl warns about broken relationships
@fuzz(100)
@given(data=st.data())
def test_a_damaged_workbook_reads_or_gives_an_ingest_error(data):
    damaged = _damaged(XLSX, data.draw)
    report = import_file(damaged, "d.xlsx", None)
    assert report.ok or report.error.startswith("d.xlsx: ")


@fuzz(80)
@given(data=st.data())
def test_a_damaged_word_document_reads_or_gives_an_ingest_error(data):
    damaged = _damaged(DOCX, data.draw)
    report = import_file(damaged, "d.docx", None)
    assert report.ok or report.error.startswith("d.docx: ")


XLSX_CELL = (
    st.none() | st.integers(-(10**9), 10**9) | st.booleans()
    | st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=10)
    .filter(lambda t: not t.startswith("="))  # openpyxl would write a formula
)  # fmt: skip


@fuzz(40)
@given(headers=st.lists(HEADER_TEXT.filter(lambda t: not t.startswith("=")), min_size=1,
                        max_size=4, unique=True), data=st.data())  # fmt: skip
def test_a_written_workbook_reads_back_to_the_same_cells(headers, data):
    rows = data.draw(st.lists(st.lists(XLSX_CELL, min_size=len(headers), max_size=len(headers)),
                              max_size=5))  # fmt: skip
    read = read_table(_xlsx([headers, *rows]), "w.xlsx")
    assert read.headers == headers
    expected = []
    for row in rows:
        cells = [None if c == "" else c for c in row]  # openpyxl writes no empty string
        while cells and cells[-1] is None:
            cells.pop()
        expected.append(cells)
    assert read.rows == expected
    assert read.row_numbers == list(range(2, len(rows) + 2))


def test_a_workbook_headed_by_numbers_keeps_them_over_a_two_word_row():
    """Found by the test above (a loaded run): number headers are not header-like, and a
    narrower text row under them was taken for the header."""
    read = read_table(_xlsx([["0", "1", "2", "3"], [None, None, ":", ":"]]), "w.xlsx")
    assert read.headers == ["0", "1", "2", "3"]
    assert read.rows == [[None, None, ":", ":"]]
