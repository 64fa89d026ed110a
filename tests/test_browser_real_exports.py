"""Real browser: the issue-15 files through the Import page — the sheet and header row shown and
chosen, a warned column mapped in one click, the spreadsheet rows named, the store read back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.support import real_exports
from tests.support.browser import wait_for_app
from tests.support.real_exports import EXPECTED, stored
from tests.support.servers import StreamlitServer

pytestmark = pytest.mark.browser

LANGS = b'[{"id": 1, "year": 2020, "title": {"en": "Water", "fr": "Eau"}, "sdgs": [{"goal": 6}]}]'
FILES = (
    real_exports.agenda_xlsx, real_exports.api_json, real_exports.organizers_csv,
    real_exports.multiline_cp1252_csv, real_exports.ignored_column_csv,
    lambda: (LANGS, "langs.json"),
)  # fmt: skip


@pytest.fixture
def import_server(tmp_path):
    """A dashboard server whose store is a fresh SQLite file with a password in its URL."""
    url = f"sqlite:///{tmp_path / 'wsis.db'}?password=hunter2&token=t0ken"
    server = StreamlitServer(env={"WSIS_DB": url})
    yield server, url
    server.stop()


def _open_import(page, server) -> None:
    page.goto(server.url)
    wait_for_app(page)
    nav = page.locator('[data-testid="stSidebarNav"]')  # the router's, not the legacy pages list
    nav.get_by_role("link", name="Import", exact=True).click()
    page.get_by_text("Import your records").wait_for()
    wait_for_app(page)


def _choose(page, box, option: str) -> None:
    """Pick `option` in a select box, again if a rerun redrew the box and closed its list."""
    for _ in range(5):
        wait_for_app(page)
        box.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"could not choose {option!r}")


def _expander(page, name: str):
    return page.locator('[data-testid="stExpander"]').filter(
        has=page.locator("summary", has_text=name)
    )


def test_real_exports_through_the_import_page(import_server, page, tmp_path):
    server, url = import_server
    paths = []
    for build in FILES:
        data, name = build()
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    _open_import(page, server)
    caption = page.get_by_text("Store: SQLite store").first
    caption.wait_for()
    assert "hunter2" not in page.content() and "t0ken" not in page.content()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(paths)
    page.get_by_role("button", name="Import 5 files").wait_for()  # the first sheet has none
    wait_for_app(page)

    agenda = _expander(page, "agenda.xlsx")
    agenda.locator("summary").first.click()  # its own (a nested "Cite this" follows)
    _choose(page, agenda.locator('[data-testid="stSelectbox"]').first, "Agenda")
    agenda.get_by_text("header row 4 (found: the first row that reads as headers)").wait_for()
    page.get_by_role("button", name="Import 6 files").wait_for()
    assert agenda.get_by_role("spinbutton", name="Header row").input_value() == "4"

    partners = _expander(page, "partners.csv")
    partners.locator("summary").first.click()  # its own (a nested "Cite this" follows)
    partners.get_by_text("column 'Lead partners' is ignored but").wait_for()
    page.get_by_text("Importing now leaves organisers empty").wait_for()
    partners.get_by_role("button", name="Map Lead partners to organisers").click()
    wait_for_app(page)
    page.get_by_text("Importing now leaves organisers empty").wait_for(state="detached")
    expect(partners.get_by_text("is ignored but")).to_have_count(0)  # once the rerun is done

    french = _expander(page, "sessions_fr.csv")
    french.locator("summary").first.click()  # its own (a nested "Cite this" follows)
    french.get_by_text("CSV, cp1252, delimiter semicolon, header row 1").first.wait_for()

    langs = _expander(page, "langs.json")  # title objects without a 'name': the user picks 'fr'
    langs.locator("summary").first.click()  # its own (a nested "Cite this" follows)
    problems = langs.locator('[data-testid="stMetric"]').filter(has_text="With problems")
    expect(problems).to_have_text(re.compile(r"With problems\s*1\s*$"))
    _choose(page, langs.locator('[data-testid="stSelectbox"]').filter(has_text="title"), "fr")
    expect(problems).to_have_text(re.compile(r"With problems\s*0\s*$"))
    wait_for_app(page)

    page.get_by_role("button", name="Import 6 files").click()
    page.get_by_text("Last import").wait_for()
    wait_for_app(page)
    assert not page.locator('[data-testid="stException"]').count()
    report = _expander(page, "Report: sessions_fr.csv")
    report.locator("summary").first.click()  # its own (a nested "Cite this" follows)
    report.get_by_text("problem row 4 (line 6), column 'ODD', value '42'", exact=False).wait_for()
    agenda_report = _expander(page, "Report: agenda.xlsx")
    agenda_report.locator("summary").first.click()  # its own (a nested "Cite this" follows)
    agenda_report.get_by_text("read as XLSX, sheet 'Agenda', header row 4", exact=False).wait_for()

    held = stored(url.split("?")[0])
    expected = {(2020, "1"): ("Eau", (), (), (6,))}
    for name in EXPECTED:
        expected.update(EXPECTED[name])
    assert held == expected
    assert "hunter2" not in page.content() and "t0ken" not in page.content()
