"""The Reports page: AppTest smoke (sample and synthetic) and a real browser downloading a PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.support.apptest import dashboard_app, page_path
from tests.support.browser import download, wait_for_app


def _build(at, dataset: str | None = None):
    at.switch_page(page_path("reports.py")).run()
    if dataset:
        at.sidebar.selectbox(key="ds").set_value(dataset).run()
    at.toggle(key="rep-heatmap").set_value(False).run()  # no Chromium needed here
    at.button[0].click().run()
    return at


@pytest.mark.parametrize("dataset", [None, "synthetic"])
def test_reports_page_builds_the_outcomes_report(dataset):
    at = _build(dashboard_app(timeout=180), dataset)
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error
    titles = [s.value for s in at.subheader]
    assert any(t.startswith("WSIS/SDG Matrix — WSIS Forum") for t in titles), titles
    downloads = at.get("download_button")
    assert len(downloads) == 3
    assert at.get("image"), "the preview shows the first pages"


def test_reports_page_builds_a_facilitator_pack():
    at = dashboard_app(timeout=180)
    at.switch_page(page_path("reports.py")).run()
    at.radio(key="rep-kind").set_value("facilitator").run()
    at.selectbox(key="rep-line").set_value("C7.e-health").run()
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert any("C7 E-health" in s.value or "e-health" in s.value.lower() for s in at.subheader)


@pytest.mark.browser
def test_browser_downloads_the_pdf(streamlit_server, page):
    page.goto(f"{streamlit_server.url}/reports")
    wait_for_app(page)
    page.get_by_role("button", name="Build the report").click()
    download_button = page.get_by_test_id("stDownloadButton").filter(has_text="PDF (print)")
    download_button.wait_for(timeout=180_000)
    data = download(page, download_button)
    reader = PdfReader(io.BytesIO(data))
    text = reader.pages[0].extract_text()
    assert "WSIS/SDG Matrix" in text and "Cite this report" in text
    assert len(reader.pages) >= 4
    assert page.locator('[data-testid="stImage"]').count() >= 1


def test_reports_page_builds_only_the_chosen_format():
    at = dashboard_app(timeout=180)
    at.switch_page(page_path("reports.py")).run()
    at.session_state["rep-formats"] = ["xlsx"]
    at.run()
    at.button[0].click().run()
    assert not at.exception and not at.error
    downloads = at.get("download_button")
    assert [d.proto.label for d in downloads] == ["XLSX (tables)"]
    assert not at.get("image")
