"""An outcome submission checked before storing: the record previewed is the record stored, with
the year and session id the user entered (and the record saying they were entered)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wsis_data.errors import IngestError
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.store import Store
from wsis_data.ingest.submission_check import check_submission, preview_rows, submission_year
from wsis_data.ingest.submissions import submission_id

EXAMPLE = Path(__file__).resolve().parents[2] / "shared/examples"
TEXT = (
    b"WSIS Forum 2021\n1) Title of your session\nSchools online\n"
    b"2) Name of organization(s)\nUNESCO\n"
    b"3) Relevance with the WSIS Action Lines\nC3\n"
    b"IV. Main linkages with the Sustainable Development Goals\nSDG 4 for all learners.\n"
)


def stored_record(store: Store):
    frame = store.dataset().tables.sessions
    return frame.iloc[0]


def test_nothing_is_stored_by_a_check(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    report = check_submission(TEXT, "sub.md", store, year=2022)
    assert report.records[0].year == 2022 and not report.stored
    assert store.n_sessions() == 0


def test_an_edited_year_and_id_are_what_is_stored(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    entered = {"year": 2022, "session_id": " 148 "}
    preview = check_submission(TEXT, "sub.md", store, **entered)
    rows = {r["field"]: r for r in preview_rows(preview)}
    assert rows["Year"]["value"] == "2022" and rows["Session id"]["value"] == "148"
    assert rows["Year"]["where from"] == "entered by the user at import"
    assert "the document says 2021" in preview.records[0].note
    report = import_file(TEXT, "sub.md", store, entered=entered)
    assert report.records == preview.records  # stored exactly what the preview showed
    row = stored_record(store)
    assert (int(row["year"]), row["session_id"], row["title"]) == (2022, "148", "Schools online")


def test_without_entries_the_document_year_and_derived_id(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assert submission_year(TEXT, "sub.md") == 2021
    preview = check_submission(TEXT, "sub.md", store)
    rows = {r["field"]: r for r in preview_rows(preview)}
    assert rows["Year"]["where from"] == "read from the document"
    assert rows["Session id"]["value"] == submission_id(2021, "Schools online")
    assert rows["SDGs"]["value"] == "4" and rows["SDGs"]["where from"].startswith("submission")
    import_file(TEXT, "sub.md", store, entered={"year": None, "session_id": None})
    assert stored_record(store)["session_id"] == submission_id(2021, "Schools online")


def test_a_year_out_of_range_or_an_unusable_id_is_refused():
    with pytest.raises(IngestError, match="not between"):
        check_submission(TEXT, "sub.md", year=1800)
    with pytest.raises(IngestError, match="not usable"):
        check_submission(TEXT, "sub.md", session_id="a\x00b")


def test_the_shared_example_previews_with_its_year():
    path = EXAMPLE / "wsis_forum_2018_outcome_submission.txt"
    if not path.exists():
        pytest.skip("shared examples not found")
    report = check_submission(path.read_bytes(), path.name)
    rows = {r["field"]: r["value"] for r in preview_rows(report)}
    assert rows["Year"] == "2018" and rows["Title"].startswith("Building information")
