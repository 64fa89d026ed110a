"""Property-based tests (hypothesis) of everything that reads outside input.

Arbitrary text and bytes may only give a result or one of the project's own errors
(`WsisError` subclasses); generated valid input must read back exactly. Default runs are
modest (the module takes well under a minute); ``HYPOTHESIS_PROFILE=long`` multiplies every
property's examples by 20. ``--hypothesis-show-statistics`` prints the examples run.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import re
import string
import unicodedata

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from tests.support.documents import docx_bytes
from wsis_data import mentions, normalise, organisations, taxonomy
from wsis_data.errors import IngestError, MappingError, UnknownCodeError, WsisError
from wsis_data.ingest import columns
from wsis_data.ingest.importer import check_table, import_file
from wsis_data.ingest.readers import RawTable, read_table, unique_headers
from wsis_data.ingest.submissions import (
    _PAGE_HEADER,
    _PROMPT,
    SECTIONS,
    _heading,
    parse_submission,
    read_submission,
)

SCALE = {"default": 1, "long": 20}[os.environ.get("HYPOTHESIS_PROFILE", "default")]


def fuzz(n: int):
    """Settings for a property: `n` examples (× 20 with HYPOTHESIS_PROFILE=long), no deadline."""
    return settings(
        max_examples=n * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


NAMES = ("f.csv", "f.tsv", "f.txt", "f.json", "f.jsonl", "f.xlsx", "f.md", "f.docx", "f.pdf")
HEADER = b"Session ID,Title,Year,Action Lines,SDGs,Organisers\n"
CELLS = st.sampled_from(["", "C7 e-gov", "SDG 4", "2019", "x;y", '"q"', "C99", "\u00e9", ",", "\n"])
AL_CODES = tuple(al.code for al in taxonomy.action_lines())

# ---------------------------------------------------------------- taxonomy


FRAGMENTS = st.sampled_from([
    "C1", "C3", "C7", "C11", "C12", "C0", "C7.1", "С4", "c5", "C 7", "ABC3", "C3PO", "eGov",
    "E-learning", "e-health", "eAgriculture", "E-science", "ICT Applications", "ICT applications:",
    "II.", "iv.", "VIII.", ", ", " and ", " or ", " et ", "; ", "/", " to ", " – ", "-", ".", ":",
    "(", ")", " ", "\n", "SDG", "SDGs", "sdg", "ODS", "ODD", "Sustainable Development Goals",
    "Global Goal", "Goal", "#", "4", "9", "17", "18", "0", "09", "100", "2030", "1-17",
])  # fmt: skip
FREE_TEXT = st.lists(FRAGMENTS | st.text(max_size=6), max_size=25).map("".join)


@fuzz(200)
@given(raw=st.text(max_size=60) | FREE_TEXT)
@example(raw="C7 e-gov")
def test_normalise_action_line_gives_a_code_or_unknown_code_error(raw):
    try:
        code = normalise.normalise_action_line(raw)
    except UnknownCodeError as exc:
        assert exc.value == raw
    else:
        assert code in AL_CODES


@fuzz(200)
@given(raw=st.text(max_size=60) | FREE_TEXT | st.integers() | st.none() | st.floats())
def test_normalise_sdg_gives_a_goal_or_unknown_code_error(raw):
    try:
        goal = normalise.normalise_sdg(raw)
    except UnknownCodeError:
        return
    assert type(goal) is int and 1 <= goal <= 17


def _al_forms() -> list[tuple[str, str]]:
    return [
        (form, al.code)
        for al in taxonomy.action_lines()
        for form in (al.code, al.name, al.full_title, al.short_label, *al.aliases)
        if "{" not in form
    ]


def _sdg_forms() -> list[tuple[str, int]]:
    return [
        (form, s.goal)
        for s in taxonomy.sdgs()
        for form in (str(s.goal), s.short_name, s.title, s.short_name_es, s.title_es, *s.aliases)
    ]


SEPARATORS = st.sampled_from([" ", "  ", " - ", ": ", ". ", "\t", " – ", "_", ", "])


@st.composite
def mangled(draw, forms):
    """A known form written another way: other case, other separators between its words."""
    form, code = draw(st.sampled_from(forms))
    parts = re.split(r"([^\w&']+)", unicodedata.normalize("NFC", form))
    out = []
    for i, part in enumerate(parts):
        if i % 2:  # a separator run
            out.append(draw(SEPARATORS))
        else:
            how = draw(st.sampled_from(["upper", "lower", "title", "swapcase", "same"]))
            out.append(part if how == "same" else getattr(part, how)())
    return form, "".join(out), code


@fuzz(200)
@given(case=mangled(_al_forms()))
def test_every_action_line_form_round_trips_in_any_case_and_spacing(case):
    form, written, code = case
    assert normalise.normalise_action_line(form) == code
    assert normalise.normalise_action_line(written) == code, (form, written)


@fuzz(200)
@given(case=mangled(_sdg_forms()))
def test_every_sdg_form_round_trips_in_any_case_and_spacing(case):
    form, written, goal = case
    assert normalise.normalise_sdg(form) == goal
    assert normalise.normalise_sdg(written) == goal, (form, written)


def _check_spans(text, matches, valid):
    end = 0
    for m in matches:
        assert m.code in valid
        assert text[m.start : m.end] == m.text and m.text
        assert m.start >= end, matches  # in order, not overlapping
        end = m.end


@fuzz(300)
@given(text=FREE_TEXT | st.text(max_size=200))
@example(text="C7 eGov, e-health and E-learning; C3 to C5, C12, C7.1")
def test_find_action_lines_spans_point_into_the_text(text):
    matches = mentions.find_action_lines(text)
    _check_spans(text, matches, AL_CODES)
    for m in matches:
        if m.text[0] in "CС":  # a span that starts at the code token names that code alone
            assert normalise.normalise_action_line(m.text) == m.code, m


@fuzz(300)
@given(text=FREE_TEXT | st.text(max_size=200))
@example(text="SDGs 4, 5 and 17; SDG 18, SDG 1-17, ODS 3")
def test_find_sdgs_spans_point_into_the_text(text):
    _check_spans(text, mentions.find_sdgs(text), range(1, 18))


WORDS = st.text(alphabet=string.ascii_lowercase + " ", max_size=30)


@fuzz(150)
@given(before=WORDS, after=WORDS, n=st.sampled_from([1, 2, 3, 4, 5, 6, 8, 9, 10, 11]))
def test_a_code_token_in_plain_words_is_found_where_it_is(before, after, n):
    text = f"{before} C{n} {after}"
    assert (f"C{n}", len(before) + 1) in [
        (m.code, m.start) for m in mentions.find_action_lines(text)
    ]


@fuzz(150)
@given(before=WORDS, after=WORDS, n=st.integers(1, 17), prefix=st.sampled_from(["SDG", "ODS"]))
def test_an_sdg_in_plain_words_is_found_where_it_is(before, after, n, prefix):
    text = f"{before} {prefix} {n} {after}"
    assert (n, len(before) + 1) in [(m.code, m.start) for m in mentions.find_sdgs(text)]


# ---------------------------------------------------------------- organisations


def _alias_rows() -> list[tuple[str, tuple[str, ...]]]:
    table = organisations.default_table()
    frame = organisations.alias_frame()
    return [(a, table.known(a)) for a in frame["alias"]]


ORG_PIECES = st.sampled_from(["ITU", "UNESCO", "Giga", " and ", "(", ")", "/", " - ", ", ",
                              "UNICEF", "Unknown Body", "UIT", "  "])  # fmt: skip


@fuzz(200)
@given(name=st.text(max_size=80) | st.lists(ORG_PIECES, max_size=12).map("".join))
def test_resolve_gives_clean_names_and_is_stable(name):
    resolved = organisations.resolve(name)
    assert isinstance(resolved, tuple) and resolved
    for org in resolved:
        assert org == organisations.clean(org)
    assert organisations.clean(organisations.clean(name)) == organisations.clean(name)
    assert organisations.match_key(organisations.match_key(name)) == organisations.match_key(name)
    if len(resolved) == 1 and organisations.default_table().known(name) is None:
        assert resolved in ((organisations.clean(name),), organisations.resolve(resolved[0]))


@fuzz(150)
@given(
    row=st.sampled_from(_alias_rows()), upper=st.booleans(), pad=st.sampled_from(["", " ", "  "])
)
def test_every_organisation_alias_resolves_in_any_case(row, upper, pad):
    alias, targets = row
    written = pad + " ".join((alias.upper() if upper else alias.lower()).split(" ")) + pad
    assert organisations.resolve(written) == targets


# ---------------------------------------------------------------- column mapper


def _header_forms() -> list[tuple[str, str]]:
    return columns.header_forms()


@fuzz(200)
@given(headers=st.lists(st.text(max_size=30) | st.sampled_from([h for h, _ in _header_forms()]),
                        max_size=15))  # fmt: skip
def test_proposed_mapping_maps_each_field_at_most_once(headers):
    headers = unique_headers(headers)
    mapping = columns.propose_mapping(headers)
    assert list(mapping) == headers
    fields = [f for f in mapping.values() if f]
    assert len(fields) == len(set(fields)) and set(fields) <= set(columns.FIELDS)


@fuzz(150)
@given(case=mangled(_header_forms()))
def test_every_known_header_is_recognised_in_any_case_and_spacing(case):
    form, written, field = case
    assert columns.guess_field(written) == field, (form, written)


EDITS = st.sampled_from([*columns.FIELDS, "", None, math.nan, "nan", "Title", "  title"]) | st.text(
    max_size=8
)


@fuzz(150)
@given(
    headers=st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=8, unique=True),
    edits=st.lists(EDITS, max_size=8),
)
@example(headers=["Title", "Year"], edits=["title", None])  # a cleared cell → ignore the column
@example(headers=["Title", "Year"], edits=["title", math.nan])
def test_an_edited_mapping_is_usable_or_a_mapping_error(headers, edits):
    frame = columns.mapping_frame(columns.propose_mapping(headers))
    for i, value in enumerate(edits[: len(frame)]):
        frame.loc[i, "field"] = value
    mapping = columns.mapping_from_frame(frame)
    assert list(mapping) == headers
    for header, value in zip(headers, frame["field"], strict=True):
        if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
            assert mapping[header] is None  # a cleared cell ignores the column
    try:
        positions = columns.check_mapping(mapping, headers)
    except MappingError:
        return
    assert "title" in positions and ("year" in positions or "date" in positions)
    for field, pos in positions.items():
        assert mapping[headers[pos]] == field


@fuzz(30)
@given(frame=st.dictionaries(st.sampled_from(["column", "field", "example", "x"]),
                             st.lists(st.text(max_size=5) | st.none(), max_size=3)))  # fmt: skip
def test_mapping_from_any_frame_is_a_mapping_or_a_mapping_error(frame):
    n = min((len(v) for v in frame.values()), default=0)
    data = pd.DataFrame({k: v[:n] for k, v in frame.items()})
    try:
        mapping = columns.mapping_from_frame(data)
    except MappingError:
        return
    assert all(v is None or v in {str(f).strip() for f in data["field"]} for v in mapping.values())


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


CELL_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12
) | st.sampled_from(["", "C7 e-gov; C3", "a,b", 'say "hi"', "x\ny", "  padded  ", "é", "1;2"])
HEADER_TEXT = st.text(  # headers hold no delimiter or quote (else the delimiter is ambiguous)
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                           exclude_characters=",;|\"'"),
    min_size=1, max_size=10,
)  # fmt: skip


@st.composite
def tables(draw, min_columns=2):
    """Headers (unique, non-empty, no outer spaces) and rows of text cells of the same width."""
    headers = draw(st.lists(HEADER_TEXT, min_size=min_columns, max_size=6, unique=True))
    rows = draw(st.lists(st.lists(CELL_TEXT, min_size=len(headers), max_size=len(headers)),
                         max_size=8))  # fmt: skip
    return headers, rows


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
