"""Reports: the outcomes report and the facilitator pack as DOCX, PDF and XLSX, checked against
the records (cell by cell), the stored submission texts, hostile text and synthetic data."""

from __future__ import annotations

import io
import re

import docx
import openpyxl
import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from tests.support import ROOT
from tests.support.hostile import FORMULAS, HOSTILE, hostile_store
from wsis_data import export
from wsis_data.__main__ import main
from wsis_data.filters import Filters
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.store import Store, sections, sessions, store_dataset, tags
from wsis_data.ingest.submissions import SECTION_LABELS
from wsis_data.official import official_pairs
from wsis_data.provenance import PROVENANCES
from wsis_data.reports import facilitator_pack, outcomes_report, render
from wsis_data.reports.model import MARKS
from wsis_data.synthetic import generate
from wsis_data.taxonomy import collapse_code

SHARED = (ROOT.parent / "shared", ROOT.parents[1] / "shared")
REAL_SUBMISSION = "examples/wsis_forum_2018_outcome_submission.txt"
EVERY_TAG = Filters(years=(2018, 2018), provenances=frozenset(PROVENANCES))
CSV = (
    "Session ID;Title;Year;Organisers;Action Lines;SDGs\n"
    "1;Rural broadband in Andean valleys;2018;Andes Net;C2;9\n"
    '2;Cyber drills for ministries;2018;"CERT Alpha; Beta Lab";C5, C7 e-government;16, 17\n'
    "3;Untagged session;2018;;;\n"
    "10;Data for food security;2018;Agro Data;C7 e-agriculture;2\n"
    "4;Next year's session;2019;Andes Net;C3;4\n"
)
SUBMISSION_MD = """WSIS Forum 2018 Outcome Document
1) Title of your session
Rural telemedicine networks
2) Name of Organization/s organizing the session
Health Link Foundation
3) Relevance with the WSIS Action Lines – please specify
C7. ICT Applications: E-health
C4
4) Key achievements
Clinics in remote villages now reach doctors by video.
5) Main linkages with the Sustainable Development Goals
Better health care (SDG 3) and maternal health services for rural women.
"""


def _shared(name: str):
    for folder in SHARED:
        if (folder / name).is_file():
            return folder / name
    pytest.skip(f"shared example {name} not found under {', '.join(map(str, SHARED))}")


@pytest.fixture(scope="module")
def store_url(tmp_path_factory):
    """A store with sessions from a CSV, a submission built here and the real 2018 one."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reports') / 'r.db'}"
    store = Store(url)
    for data, name in ((CSV.encode(), "sessions.csv"), (SUBMISSION_MD.encode(), "sub.md")):
        report = import_file(data, name, store)
        assert report.ok and report.n_inserted, report.text()
    for folder in SHARED:  # the real submission, when the shared examples are there
        if (folder / REAL_SUBMISSION).is_file():
            path = folder / REAL_SUBMISSION
            assert import_file(path.read_bytes(), path.name, store).ok
            break
    return url


@pytest.fixture(scope="module")
def outcomes(store_url):
    return outcomes_report(store_dataset(store_url), EVERY_TAG, db=store_url, images=False)


def _raw_tags(url: str, year: int) -> dict[tuple[str, str], dict[str, set[str]]]:
    """(year, session_id) → column → provenance letters, read from the store's tables with SQL
    and projected through the official matrix here (not through the report's code)."""
    links = official_pairs(collapse_c7=False)
    query = (
        sa.select(sessions.c.session_id, tags.c.kind, tags.c.code, tags.c.provenance)
        .join(sessions, sessions.c.id == tags.c.session_pk)
        .where(sessions.c.year == year, sessions.c.replaced_by.is_(None))
    )
    out: dict = {}
    with Store(url).engine.connect() as conn:
        for sid, kind, code, prov in conn.execute(query):
            cells = out.setdefault(sid, {})
            column = collapse_code(code) if kind == "action_line" else f"SDG {int(code)}"
            cells.setdefault(column, set()).add(MARKS[prov])
            if kind == "action_line":
                for goal in links.loc[links["action_line"] == code, "sdg"]:
                    cells.setdefault(f"SDG {int(goal)}", set()).add("P")
    return out


def _docx_table(data: bytes, first_cells: tuple[str, ...]):
    document = docx.Document(io.BytesIO(data))
    for table in document.tables:
        head = tuple(c.text for c in table.rows[0].cells)
        if head[: len(first_cells)] == first_cells:
            return head, [[c.text for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table starting with {first_cells}")


def test_docx_matrix_has_one_row_per_session_and_every_mark_equals_the_stored_tags(
    store_url, outcomes
):
    head, rows = _docx_table(render(outcomes, "docx"), ("Year", "ID", "Session", "Organisers"))
    expected = _raw_tags(store_url, 2018)
    with Store(url := store_url).engine.connect() as conn:
        ids = {
            r[0]
            for r in conn.execute(sa.select(sessions.c.session_id).where(sessions.c.year == 2018))
        }
    assert url and {row[1] for row in rows} == ids and len(rows) == len(ids)
    assert head[4:15] == tuple(f"C{i}" for i in range(1, 12))
    assert head[15:] == tuple(str(g) for g in range(1, 18))
    checked = 0
    for row in rows:
        marks = expected.get(row[1], {})
        for label, cell in zip(head[4:], row[4:], strict=True):
            column = label if label.startswith("C") else f"SDG {label}"
            want = "".join(ch for ch in "DTS?P" if ch in marks.get(column, set()))
            assert cell == want, (row[1], column, cell, want)
            checked += bool(want)
    assert checked >= 10  # the fixture's tags were seen, not only empty cells
    assert [r[0] for r in rows] == ["2018"] * len(rows)
    assert [r[1] for r in rows][:4] == ["1", "2", "3", "10"]  # natural order of ids


def test_rationale_text_equals_the_stored_submission_sections(store_url, outcomes):
    _head, rows = _docx_table(
        render(outcomes, "docx"), ("Year", "ID", "Session", "Relevance with the WSIS Action Lines")
    )
    query = (
        sa.select(sessions.c.session_id, sections.c.heading, sections.c.body)
        .join(sessions, sessions.c.id == sections.c.session_pk)
        .where(sessions.c.year == 2018)
    )
    with Store(store_url).engine.connect() as conn:
        stored: dict = {}
        for sid, heading, body in conn.execute(query):
            stored.setdefault(sid, {})[heading] = body
    assert stored, "the fixture imported at least one submission"
    by_id = {row[1]: row for row in rows}
    for sid, texts in stored.items():
        row = by_id[sid]
        assert row[3] == texts.get(SECTION_LABELS["action_lines"], "").strip()
        assert row[4] == texts.get(SECTION_LABELS["sdgs"], "(section left empty in the submission)")
    assert by_id["1"][3:] == ["no submission", "no submission"]


def _pdf_text(data: bytes) -> tuple[int, list[str]]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), [page.extract_text() or "" for page in reader.pages]


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def _holds(text: str, phrase: str) -> bool:
    """Whether the words of `phrase` appear in order in `text` (table cells wrap lines)."""
    words = iter(_words(text))
    return all(any(w == got for got in words) for w in _words(phrase))


def test_pdf_holds_every_title_the_citation_and_the_expected_pages(outcomes):
    n_pages, pages = _pdf_text(render(outcomes, "pdf"))
    # title, contents, introduction + counts, matrix + legend, rationale + about the data
    assert n_pages == 5
    assert "Page 1 of 5" in " ".join(pages[0].split())
    assert " ".join(outcomes.citation.text().split()) in " ".join(pages[0].split())
    matrix_pages = "\n".join(pages[3:])
    for title in outcomes.table("matrix").frame["Session"]:
        assert _holds(matrix_pages, title), title
    contents = " ".join(pages[1].split())
    assert "Contents" in contents and "Matrix: WSIS Forum 2018" in contents


@pytest.mark.skipif(not export.images_available(), reason="Chromium is needed for the heatmap")
def test_docx_heatmap_is_svg_with_a_png_fallback(store_url):
    report = outcomes_report(store_dataset(store_url), EVERY_TAG, db=store_url)
    data = render(report, "docx")
    document = docx.Document(io.BytesIO(data))
    types = {p.content_type for p in document.part.package.iter_parts()}
    assert {"image/svg+xml", "image/png"} <= types
    assert b"svgBlip" in document.part.blob


def test_hostile_text_stays_literal_in_docx_pdf_and_xlsx(tmp_path):
    store = hostile_store(f"sqlite:///{tmp_path / 'h.db'}")
    ds = store_dataset(store.url)
    report = outcomes_report(ds, Filters(years=(2020, 2020)), images=False)
    _, rows = _docx_table(render(report, "docx"), ("Year", "ID", "Session", "Organisers"))
    titles = {row[2] for row in rows}
    organisers = " ".join(row[3] for row in rows)
    for text in (*HOSTILE, *FORMULAS):
        assert f"{text} title" in titles
        assert text in organisers
    _, pages = _pdf_text(render(report, "pdf"))
    pdf = "".join("".join(pages).split())  # cells wrap anywhere: compare without white space
    for text in (*HOSTILE, *FORMULAS):
        assert "".join(f"{text} title".split()) in pdf, text
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    cells = {c for row in book["matrix"].iter_rows(values_only=True) for c in row if c}
    assert "<script>window.__xss=1</script> title" in cells
    for formula in FORMULAS:
        assert f"'{formula} title" in cells and f"{formula} title" not in cells
    meta = dict(book["metadata"].iter_rows(values_only=True))
    assert meta["cite (text)"].startswith("WSIS–SDG dashboard")


def test_synthetic_reports_say_synthetic_on_every_page():
    ds = generate(per_year=40, years=(2018, 2019))
    report = facilitator_pack(ds, Filters(years=(2018, 2019)), "C3")
    n_pages, pages = _pdf_text(render(report, "pdf"))
    assert n_pages >= 3 and all("SYNTHETIC" in page for page in pages)
    document = docx.Document(io.BytesIO(render(report, "docx")))
    assert all("SYNTHETIC" in s.header.paragraphs[0].text for s in document.sections)
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    assert all("SYNTHETIC" in s.oddHeader.center.text for s in book.worksheets)


def test_facilitator_profile_counts_sessions_and_sets_them_against_the_official_links():
    ds = generate(per_year=60, years=(2018, 2018))
    report = facilitator_pack(ds, Filters(), "C3")
    profile = report.table("sdg_profile").frame.set_index("SDG")
    # sessions with C3 and each SDG, counted here from the dataset's tag tables
    al, sd = ds.tables.action_lines, ds.tables.sdgs
    c3 = set(al.loc[al["action_line"] == "C3", "session_key"])
    official = set(official_pairs()[lambda f: f["action_line"] == "C3"]["sdg"])
    for label, row in profile.iterrows():
        goal = int(label.split()[1])
        n = len(c3 & set(sd.loc[sd["sdg"] == goal, "session_key"]))
        assert row["Sessions"] == n, label
        assert (row["Official link"] == "yes") == (goal in official)
        if goal in official and n == 0:
            assert row["Status"] == "official, no sessions"
        if goal not in official and n:
            assert row["Status"] == "sessions outside official links"
    assert list(profile["Sessions"]) == sorted(profile["Sessions"], reverse=True)


def test_sample_report_says_which_marks_are_projected():
    from wsis_data.sample import sample_dataset

    ds = sample_dataset()
    filters = Filters(years=(2018, 2018), provenances=frozenset({"page", "title", "projected"}))
    report = outcomes_report(ds, filters, images=False)
    matrix = report.table("matrix")
    assert "projected only (P)" in matrix.note
    assert (matrix.frame.filter(like="SDG ") == "P").any().any()


def test_cli_writes_each_format(tmp_path, capsys):
    code = main(["report", "outcomes", "--years", "2018", "--format", "docx,xlsx",
                 "--no-heatmap", "--out", str(tmp_path)])  # fmt: skip
    written = capsys.readouterr().out.split()
    assert code == 0 and [p[-4:] for p in written] == ["docx", "xlsx"]
    assert main(["report", "facilitator", "C7 e-health", "--format", "xlsx",
                 "--out", str(tmp_path)]) == 0  # fmt: skip
    assert main(["report", "facilitator", "C99", "--out", str(tmp_path)]) == 2
    assert "C99" in capsys.readouterr().err
