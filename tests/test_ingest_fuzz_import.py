"""Property-based tests (hypothesis) of the import path (every row valid or reported, none lost)
and of outcome submissions (any text or bytes; template documents parse back). See
tests/support/fuzz.py.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import string

from hypothesis import given
from hypothesis import strategies as st

from tests.support.documents import docx_bytes
from tests.support.fuzz import CELLS, HEADER, fuzz, tables
from wsis_data import mentions, normalise
from wsis_data.errors import IngestError, MappingError, WsisError
from wsis_data.ingest import columns
from wsis_data.ingest.importer import check_table, import_file
from wsis_data.ingest.readers import RawTable
from wsis_data.ingest.submissions import (
    _PAGE_HEADER,
    _PROMPT,
    SECTIONS,
    _heading,
    parse_submission,
    read_submission,
)

# ---------------------------------------------------------------- the import path


POOL = {
    "Session ID": ["1", "2", "2", "A-7", "", "  3 "],
    "Title": ["Village broadband", "", "  ", "Data, for farmers", "=cmd", "é"],
    "Year": ["2019", "2025", "1900", "20x9", "", "2019.0", " 2018 "],
    "Action Lines": ["C1", "C7 e-gov; C3", "C12", "", "Capacity building", "C7. ICT: E-health"],
    "SDGs": ["SDG 4", "4, 5", "18", "", "Quality Education", "ODS 16 | 17"],
    "Organisers": ["ITU", "UNESCO; UNDP", "", "A | B"],
    "URL": ["https://x.org/s", "ftp://no", "", "www.no.org"],
}


@fuzz(120)
@given(
    columns_used=st.lists(st.sampled_from(list(POOL)), min_size=1, max_size=7, unique=True),
    data=st.data(),
    delimiter=st.sampled_from([",", ";"]),
)
def test_every_row_is_valid_or_reported_none_lost(columns_used, data, delimiter):
    n = data.draw(st.integers(0, 12))
    rows = [[data.draw(st.sampled_from(POOL[c])) for c in columns_used] for _ in range(n)]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(columns_used)
    writer.writerows(rows)
    report = import_file(out.getvalue().encode(), "s.csv", None)
    if report.error:
        assert "Title" not in columns_used or not ({"Year"} & set(columns_used))
        return
    assert report.n_read == n
    assert report.n_valid + report.n_problem_rows + len(report.empty_rows) == report.n_read
    checked = report.validated
    valid, bad = set(checked.record_rows), {q[0] for q in checked.quarantine}
    empty = set(checked.empty_rows)
    assert valid | bad | empty == set(range(2, n + 2))
    assert not (valid & bad or valid & empty or bad & empty)
    for p in report.problems:
        assert p.row in bad
        cells = rows[p.row - 2]
        if p.column in columns_used:
            assert p.value == cells[columns_used.index(p.column)].strip()
    for record, row in zip(checked.records, checked.record_rows, strict=True):
        cells = dict(zip(columns_used, rows[row - 2], strict=True))
        assert record.title == cells["Title"].strip()


@fuzz(60)
@given(table=tables(min_columns=1), mapping=st.data())
def test_check_table_on_any_table_and_mapping_accounts_for_every_row(table, mapping):
    headers, rows = table
    raw = RawTable("t.csv", headers, [list(r) for r in rows], list(range(2, len(rows) + 2)), "csv")
    chosen = {h: mapping.draw(st.sampled_from([None, *columns.FIELDS]), label=h) for h in headers}
    try:
        report = check_table(raw, chosen)
    except MappingError:
        return
    assert report.n_valid + report.n_problem_rows + len(report.empty_rows) == report.n_read


# ---------------------------------------------------------------- submissions


@fuzz(150)
@given(text=st.text(max_size=400) | st.lists(st.sampled_from([
    "Title of your session", "1) Title of your session\n", "WSIS Forum 2019", "**", "\n",
    "Relevance with the WSIS Action Lines\n", "C7 eGov", "SDG 4", "Main outcomes\n", "x" * 300,
    "Name of Organization/s organizing the session\n", "Please complete", ": ", "# ", "C99",
]), max_size=30).map("".join), year=st.none() | st.integers(2000, 2030))  # fmt: skip
def test_any_text_parses_as_a_submission_or_an_ingest_error(text, year):
    try:
        sub = parse_submission(text, "s.md", year=year)
    except IngestError:
        return
    assert sub.record.title and (year or 1990 <= sub.record.year <= 2100)


@fuzz(100)
@given(data=st.binary(max_size=500), name=st.sampled_from(["s.txt", "s.md", "s.docx", "s.pdf"]))
def test_any_bytes_read_as_a_submission_or_a_project_error(data, name):
    with contextlib.suppress(WsisError):
        read_submission(data, name)


HEADING_WORDS = {w for p in SECTIONS.values() for w in re.findall(r"[a-z]+", p)}
SAFE_WORD = st.text(alphabet=string.ascii_letters + string.digits + "éü-'", min_size=1,
                    max_size=10).filter(lambda w: w.lower() not in HEADING_WORDS
                                        and w[0].isalnum())  # fmt: skip


def _safe_line(words: list[str]) -> str:
    return " ".join(words)


SAFE_LINE = (
    st.lists(SAFE_WORD, min_size=1, max_size=8)
    .map(_safe_line)
    .filter(
        lambda line: (
            not _heading(line)
            and not _PAGE_HEADER.match(line)
            and not _PROMPT.match(line)
            and not mentions.find_sdgs(line)
            and not re.match(r"^(?:\(?(?:\d{1,2}|[ivxIVX]{1,4}|[a-hA-H])[.)])", line)
        )
    )
)
AL_LINES = st.lists(st.sampled_from([
    "C1", "C2. Information and communication infrastructure", "C7 eGov", "C7. ICT Applications: "
    "E-learning", "C10", "C11", "Action Line C3", "C7 E-health, E-agriculture",
]), min_size=1, max_size=4, unique=True)  # fmt: skip


@st.composite
def submissions(draw):
    """A template document with random contents, and what it says."""
    year = draw(st.integers(2003, 2030))
    title = draw(st.lists(SAFE_LINE, min_size=1, max_size=2))
    organisers = draw(st.lists(SAFE_LINE, min_size=0, max_size=3, unique=True))
    als = draw(AL_LINES)
    body = draw(st.lists(SAFE_LINE, max_size=4))
    goals = draw(st.lists(st.integers(1, 17), max_size=3, unique=True))
    style = draw(st.sampled_from(["md", "txt", "docx"]))
    mark = "**" if style == "md" else ""
    lines = [f"WSIS Forum {year} Outcome Document", f"{mark}1) Title of your session{mark}", *title,
             f"{mark}2) Name of Organization/s organizing the session{mark}", *organisers,
             f"{mark}3) Relevance with the WSIS Action Lines{mark}", *als,
             f"{mark}4) Key achievements{mark}", *body,
             f"{mark}IV. Main linkages with the SDGs{mark}"]  # fmt: skip
    lines += [f"SDG {g}" for g in goals]
    expected_als: list[str] = []
    for line in als:
        for m in mentions.find_action_lines(line) or [normalise.normalise_action_line(line)]:
            code = m if isinstance(m, str) else m.code
            if code not in expected_als:
                expected_als.append(code)
    return style, lines, (year, " ".join(title), organisers, expected_als, goals)


@fuzz(80)
@given(doc=submissions())
def test_a_template_document_parses_back_to_its_contents(doc):
    style, lines, (year, title, organisers, als, goals) = doc
    if style == "docx":
        data, name = docx_bytes([(line, False) for line in lines]), "s.docx"
    else:
        data, name = "\n\n".join(lines).encode("utf-8"), f"s.{style}"
    record = read_submission(data, name).record
    assert record.year == year
    assert record.title == title
    assert list(record.organisers) == organisers
    assert [t.code for t in record.action_lines] == als
    assert [t.code for t in record.sdgs] == goals


@fuzz(60)
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=8), max_size=6))
def test_random_csv_rows_are_all_accounted_for(rows):
    body = HEADER + b"".join(",".join(r).encode() + b"\n" for r in rows)
    report = import_file(body, "f.csv", None)
    if report.ok:
        assert report.n_valid + report.n_problem_rows + len(report.empty_rows) == report.n_read
