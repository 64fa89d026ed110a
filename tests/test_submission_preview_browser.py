"""Real browser: an outcome submission is shown before it is stored — what was read, open, with
the year and session id editable where the document is silent — and the Import button stores
exactly what the preview showed; nothing is stored before the button (issue 19)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import wait_for_app
from tests.support.documents import docx_bytes
from wsis_data.ingest.store import Store
from wsis_data.ingest.submissions import submission_id

pytestmark = pytest.mark.browser

TITLE = "Data for farmers in the Sahel"
#: ITU's template without its "WSIS Forum 20xx" line: the document names no year.
DOCX = docx_bytes([
    ("Outcome document", True),
    ("1) Title of your session", True), (TITLE, False),
    ("2) Name of organization(s)", True), ("FAO; ITU", False),
    ("3) Relevance with the WSIS Action Lines", True),
    ("C7. ICT Applications: E-agriculture", False),
    ("4) Main linkages with the SDGs", True), ("SDG 2 on zero hunger", False),
])  # fmt: skip


def test_submission_previewed_edited_then_stored_as_shown(import_server, page, tmp_path):
    server, url = import_server
    store = Store(url)
    page.goto(server.url)
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Import").click()
    page.get_by_text("Import your records").wait_for()
    wait_for_app(page)
    (tmp_path / "farmers.docx").write_bytes(DOCX)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(tmp_path / "farmers.docx")]
    )
    preview = page.locator('[data-testid="stTable"]').filter(has_text=TITLE)
    expect(preview).to_be_visible(timeout=120_000)  # open, before anything is stored
    wait_for_app(page)
    for shown in ("FAO; ITU", "C7.e-agriculture", "parsed from an outcome submission",
                  "derived from the year and title"):  # fmt: skip
        assert shown in preview.inner_text()
    expect(page.get_by_text("names no Forum year")).to_be_visible()
    assert not page.get_by_role("button", name="Import 1 file").count()  # no year: no import
    assert store.n_sessions() == 0

    year = page.locator('input[aria-label="Year"]')
    year.fill("2019")
    year.press("Enter")
    edited = page.locator('[data-testid="stTable"]').filter(has_text="entered by the user")
    expect(edited).to_have_count(1, timeout=60_000)  # the rerun's table (not the one it replaces)
    wait_for_app(page)
    expect(preview).to_have_count(1)
    expect(preview).to_contain_text(submission_id(2019, TITLE))
    button = page.get_by_role("button", name="Import 1 file")
    expect(button).to_be_visible(timeout=60_000)
    wait_for_app(page)
    assert store.n_sessions() == 0  # the preview and the edit stored nothing

    button.click()
    page.get_by_text("farmers.docx: 1 outcome submission stored as batch 1.").wait_for(
        timeout=120_000
    )
    sessions = store.dataset().tables.sessions
    assert list(sessions["year"]) == [2019]
    assert list(sessions["session_id"]) == [submission_id(2019, TITLE)]
    assert list(sessions["title"]) == [TITLE]
    notes = store.batches()["mapping"].iloc[0]
    assert "entered by the user at import" in str(notes)
