"""Outcome submissions: the real 2018 file, and .md/.docx/.pdf variants built here."""

from __future__ import annotations

import json

import pytest

from tests.support import ROOT
from tests.support.documents import docx_bytes, pdf_bytes
from wsis_data.errors import IngestError
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.submissions import SECTION_LABELS, document_year, read_submission
from wsis_data.ingest.suggest import THRESHOLD, sdg_terms, suggest_sdgs
from wsis_data.normalise import normalise_action_line

SHARED_CANDIDATES = (ROOT.parent / "shared", ROOT.parents[1] / "shared")
REAL_FILE = "examples/wsis_forum_2018_outcome_submission.txt"


def _shared_file(name: str):
    for folder in SHARED_CANDIDATES:
        if (folder / name).is_file():
            return folder / name
    pytest.skip(f"shared example {name} not found under {', '.join(map(str, SHARED_CANDIDATES))}")


def test_the_real_2018_submission_gives_the_embedded_record():
    path = _shared_file(REAL_FILE)
    expected = json.loads(
        (ROOT / "wsis_data/data/outcome_submissions.jsonl").read_text(encoding="utf-8")
    )
    sub = read_submission(path.read_bytes(), path.name)
    record = sub.record
    assert record.title == expected["title"]
    assert list(record.organisers) == expected["organisers"]
    assert record.year == expected["year"] == 2018
    assert [t.code for t in record.action_lines] == [
        normalise_action_line(a) for a in expected["action_lines"]
    ]
    assert {t.provenance for t in record.action_lines} == {"submission"}
    assert record.sdgs == () and expected["sdgs"] == []
    assert sub.unrecognised_action_lines == []
    # Sections are kept without the repeated page headers.
    assert "WSIS | 19-23" not in sub.text and "Geneva | Switzerland" not in sub.text
    assert sub.section("sdgs").startswith("The topics discussed")
    assert sub.section("quotes") and sub.section("trends")


def _template(*, numbering: str = "1)", title="Rural telemedicine networks") -> list[str]:
    n = ["1", "2", "3", "4"] if numbering != "I." else ["I", "II", "III", "IV"]
    sep = numbering[-1]
    return [
        "WSIS Forum 2023 Outcome Document",
        f"{n[0]}{sep} Title of your session",
        title,
        f"{n[1]}{sep} Name of Organization/s organizing the session",
        "Health Link Foundation",
        "Ministry of Digital Affairs",
        f"{n[2]}{sep} Relevance with the WSIS Action Lines – please specify",
        "C7. ICT Applications: E-health, E-government",
        "C7 ICT Applications: E-learning",
        "C7. E-business",
        "C2, C4",
        f"{n[3]}{sep} Key achievements",
        "Clinics in remote villages now reach doctors by video; SDG 3 and SDG 9 progress.",
        "WSIS | 10-14 FORUM | MAY 2023 Geneva | Switzerland",
        "IV. Main linkages with the Sustainable Development Goals",
        "Better health care and maternal health services for rural women.",
    ]


EXPECTED_ALS = ["C7.e-health", "C7.e-government", "C7.e-learning", "C7.e-business", "C2", "C4"]


@pytest.mark.parametrize("numbering", ["1)", "1.", "I."])
def test_markdown_with_numbering_variants(numbering):
    lines = _template(numbering=numbering)
    md = "\n\n".join(f"**{line}**" if i in (1, 3, 6, 11) else line for i, line in enumerate(lines))
    md = md.replace("**IV. Main", "## IV. Main")
    sub = read_submission(md.encode(), "summary.md")
    assert sub.record.title == "Rural telemedicine networks"
    assert sub.record.organisers == ("Health Link Foundation", "Ministry of Digital Affairs")
    assert [t.code for t in sub.record.action_lines] == EXPECTED_ALS
    assert [t.code for t in sub.record.sdgs] == [3, 9]
    assert {t.provenance for t in sub.record.sdgs} == {"submission"}
    assert sub.record.year == 2023
    assert "WSIS | 10-14" not in sub.text


def test_docx_with_bold_headings():
    lines = _template()
    data = docx_bytes([(line, "Title of" in line or ") " in line) for line in lines])
    sub = read_submission(data, "summary.docx")
    assert sub.record.title == "Rural telemedicine networks"
    assert [t.code for t in sub.record.action_lines] == EXPECTED_ALS
    assert SECTION_LABELS["sdgs"] in dict(sub.sections)


def test_pdf_with_repeated_headers_across_pages():
    lines = _template()
    pages = [lines[:8], ["WSIS | 10-14 FORUM | MAY 2023 Geneva | Switzerland", *lines[8:]]]
    sub = read_submission(pdf_bytes(pages), "summary.pdf")
    assert sub.record.title == "Rural telemedicine networks"
    assert [t.code for t in sub.record.action_lines] == EXPECTED_ALS
    assert sub.record.year == 2023


@pytest.mark.parametrize(
    "data,name,message",
    [
        (pdf_bytes([[], []]), "scan.pdf", "no text layer"),
        (b"%PDF-1.4 broken", "broken.pdf", "not a readable PDF"),
        (b"not a zip", "broken.docx", "not a readable Word"),
        (b"", "empty.md", "the file is empty"),
        (b"Just some notes\nwithout the template\n", "notes.md", "no 'Title of your session'"),
        (b"1) Title of your session\nA title\n", "noyear.md", "no Forum year"),
        (b"WSIS Forum 2020\n1) Title of your session\n\n2) Name of Organization", "t.md", "empty"),
    ],
)
def test_bad_submissions_give_clear_errors(data, name, message):
    with pytest.raises(IngestError, match=message):
        read_submission(data, name)
    report = import_file(data, name, None)
    assert not report.ok and message in report.error and report.kind == "submission"


def test_unrecognised_action_line_is_reported_not_dropped():
    text = "WSIS Forum 2020\n1) Title of your session\nT\n3) Relevance with the WSIS Action Lines\n"
    text += "C3\nQuantum teleportation\n"
    report = import_file(text.encode(), "s.md", None)
    assert [t.code for t in report.records[0].action_lines] == ["C3"]
    assert [(p.value, p.reason) for p in report.problems] == [
        ("Quantum teleportation", "names no Action Line (ignored)")
    ]


def test_year_from_page_header_when_no_forum_title():
    assert document_year("WSIS | 19-23 FORUM | MARCH 2018 Geneva | Switzerland\nx") == 2018
    assert document_year("nothing") is None


def test_suggestions_have_evidence_score_and_prefer_the_sdg_section():
    text = "Farmers use mobile apps for food security. Smallholder farmers sell online."
    section = "Clean drinking water and sanitation for villages."
    found = {s.goal: s for s in suggest_sdgs(text, sdg_section=section)}
    assert set(found) == {2, 6}
    assert found[6].score > found[2].score  # section hits count double
    assert found[6].evidence == section and "drinking water" in found[6].terms
    assert found[2].evidence == "Farmers use mobile apps for food security."
    assert suggest_sdgs("Schools connect.", threshold=THRESHOLD) == []
    assert 9 not in {s.goal for s in suggest_sdgs("broadband infrastructure", exclude=(9,))}


def test_every_goal_has_terms():
    terms = sdg_terms()
    assert sorted(terms) == list(range(1, 18)) and all(len(t) >= 4 for t in terms.values())


def test_submission_import_marks_suggestions_as_suggested():
    md = "\n".join(_template()).replace("rural women.", "rural women, and safe drinking water.")
    report = import_file(md.encode(), "s.md", None)
    goals = {s.goal for s in report.suggestions}
    assert 3 not in goals and 9 not in goals  # already declared, not suggested again
    assert 6 in goals  # "safe drinking water" in the SDG section
    assert any("suggested SDGs (not declared)" in n for n in report.notes)


def test_labelled_set_refers_to_real_sample_sessions():
    from bench.eval_suggest import score, title_set

    cases = title_set()
    assert len(cases) == 38 and sum(1 for _, gold in cases if not gold) == 5
    n, suggested, correct, labelled = score([(t, "", g) for t, g in cases], 1.0)
    assert n == 38 and labelled > 40 and 0 <= correct <= suggested


def test_inline_answers_after_a_colon():
    text = (
        "WSIS Forum 2019\n1. Title of your session: Open maps for towns\n"
        "2. Name of Organization/s organizing the session: Map Club; Town Hall\n"
        "3. Relevance with the WSIS Action Lines: C3, C7 e-environment\n"
    )
    record = read_submission(text.encode(), "inline.txt").record
    assert record.title == "Open maps for towns"
    assert record.organisers == ("Map Club", "Town Hall")
    assert [t.code for t in record.action_lines] == ["C3", "C7.e-environment"]


def test_headings_wrapped_over_two_lines_in_a_pdf():
    lines = [
        "WSIS Forum 2024", "1) Title of your", "session", "Solar kiosks",
        "3) Relevance with the WSIS", "Action Lines", "C2", "C7 E-business",
        "IV. Main linkages with the", "Sustainable Development Goals", "Affordable clean energy.",
    ]  # fmt: skip
    sub = read_submission(pdf_bytes([lines]), "wrapped.pdf")
    assert sub.record.title == "Solar kiosks"
    assert [t.code for t in sub.record.action_lines] == ["C2", "C7.e-business"]
    assert sub.section("sdgs") == "Affordable clean energy."
