"""Real browser: after an import the page says what was stored and clears the uploader; "Batch to
roll back" preselects the newest batch, labelled with file, date and counts (issue 19)."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.support.browser import wait_for_app
from wsis_data.ingest.report import batch_labels, batch_table
from wsis_data.ingest.store import Store
from wsis_data.words import counted

pytestmark = pytest.mark.browser

HEADER = "Session ID;Session title;Year;WSIS Action Lines;SDGs\n"


def csv(first: int, n: int) -> str:
    return HEADER + "".join(f"{k};Session {k};2024;C3;SDG 4\n" for k in range(first, first + n))


def upload_and_import(page, path, n_files: int = 1) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(path)])
    button = page.get_by_role("button", name=f"Import {counted(n_files, 'file')}")
    button.wait_for()
    wait_for_app(page)
    button.click()


def test_import_confirms_clears_the_uploader_and_preselects_the_newest(
    import_server, page, tmp_path
):
    server, url = import_server
    page.goto(server.url)
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Import").click()
    page.get_by_text("Import your records").wait_for()
    wait_for_app(page)

    (tmp_path / "three.csv").write_text(csv(1, 3), encoding="utf-8")
    upload_and_import(page, tmp_path / "three.csv")
    page.get_by_text("three.csv: 3 sessions stored as batch 1.").wait_for()
    wait_for_app(page)
    # the uploader empty, then no import button (the run that drops it may follow the message)
    expect(page.locator('[data-testid="stFileUploaderFile"]')).to_have_count(0)
    expect(page.get_by_role("button", name="Import 1 file")).to_have_count(0)
    assert not page.get_by_text("duplicate of").count()

    (tmp_path / "two.csv").write_text(csv(10, 2), encoding="utf-8")
    upload_and_import(page, tmp_path / "two.csv")
    page.get_by_text("two.csv: 2 sessions stored as batch 2.").wait_for()
    wait_for_app(page)
    labels = batch_labels(batch_table(Store(url)))
    assert list(labels) == [2, 1]
    with contextlib.suppress(PlaywrightTimeout):  # the browser adopts the preselected value
        page.wait_for_function(
            "l => document.querySelector('input[aria-label=\"Batch to roll back\"]')?.value === l",
            arg=labels[2],
            timeout=60_000,
        )
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Batch to roll back")
    shown = box.locator("input").input_value()
    assert shown == labels[2] and "two.csv" in shown and "2 stored" in shown

    page.get_by_role("button", name="Switch to the imported records").click()
    page.get_by_role("link", name="View them on the heatmap").click()
    page.get_by_role("heading", name="Action Lines × SDGs").wait_for()
    page.wait_for_function(
        '() => document.querySelector(\'[data-testid="stSidebar"] input[aria-label="Dataset"]\')'
        ".value === 'Imported records (store)'"
    )
    wait_for_app(page)
    total = page.locator('[data-testid="stMain"]').get_by_text("sessions with at least one")
    assert total.first.inner_text().startswith("5 sessions")
