"""Real browser: "Tags counted" follows the dataset (issue 19, "Wrong numbers").

One rule: a dataset change — chosen in the switcher, or forced by a fallback (every batch of the
store rolled back while viewing it) — resets "Tags counted" to that dataset's default, and the
box, the caption, the counts and the URL say the same thing. "Reset filters" restores the box.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support.browser import wait_for_app
from tests.support.servers import StreamlitServer
from wsis_data.filters import Filters
from wsis_data.ingest import importer
from wsis_data.ingest.store import Store
from wsis_data.matrix import build_matrix
from wsis_data.provenance import PROJECTED_NOTICE, default_provenances, projected_notice
from wsis_data.sample import sample_dataset
from wsis_data.synthetic import demo_dataset
from wsis_data.views import apply_filters

pytestmark = pytest.mark.browser

SAMPLE, SYNTHETIC, STORE = (
    "WSIS Forum sample (real)",
    "Synthetic demo (generated)",
    "Imported records (store)",
)
CSV = "Session ID;Session title;Year;WSIS Action Lines;SDGs\n" + "".join(
    f"{n};Session {n};2023;C{1 + n % 11};SDG {1 + n % 17}\n" for n in range(1, 31)
)


def expected_total(ds) -> tuple[set[str], int]:
    """The dataset's default "Tags counted" and the heatmap's session total under it."""
    chosen = default_provenances(ds.has_declared_sdgs)
    return set(chosen), build_matrix(
        apply_filters(ds, Filters(provenances=frozenset(chosen)))
    ).total


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def chips(page) -> set[str]:
    box = sidebar(page).locator('[data-testid="stMultiSelect"]').filter(has_text="Tags counted")
    return set(box.locator("[data-tag]").evaluate_all("ts => ts.map(t => t.ariaLabel)"))


def assert_chips(page, want: set[str]) -> None:
    """The "Tags counted" box shows exactly `want` (once the script has drawn it)."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            """want => {
              const box = [...document.querySelectorAll('[data-testid="stSidebar"] '
                + '[data-testid="stMultiSelect"]')].find(b => b.innerText.includes('Tags counted'));
              const got = box ? [...box.querySelectorAll('[data-tag]')].map(t => t.ariaLabel) : [];
              return got.sort().join() === want.sort().join();
            }""",
            arg=sorted(want),
            timeout=60_000,
        )
    assert chips(page) == want


def dataset_shown(page) -> str:
    box = sidebar(page).locator('[data-testid="stSelectbox"]').filter(has_text="Dataset")
    return box.locator("input").input_value()


def choose_dataset(page, label: str) -> None:
    box = sidebar(page).locator('[data-testid="stSelectbox"]').filter(has_text="Dataset")
    box.click()
    page.get_by_role("option", name=label, exact=True).click()
    page.wait_for_function(
        'l => document.querySelector(\'[data-testid="stSidebar"] input[aria-label="Dataset"]\')'
        ".value === l",
        arg=label,
    )
    wait_for_app(page)


def go(page, name: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name, exact=True).click()
    wait_for_app(page)


def heatmap_total(page) -> int:
    text = page.locator('[data-testid="stMain"]').get_by_text("sessions with at least one").first
    text.wait_for()
    wait_for_app(page)
    return int(re.sub(r"\D", "", text.inner_text().split("sessions")[0]))


def assert_agrees(page, ds) -> None:
    """The box, the counts, the caption and the URL all say the dataset's default."""
    prov, total = expected_total(ds)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    assert_chips(page, prov)
    assert heatmap_total(page) == total
    notice = projected_notice(ds.has_declared_sdgs, prov)  # the caption says the same
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert (notice is not None) == (PROJECTED_NOTICE.split("*")[0][:40] in main)
    assert "prov" not in parse_qs(urlsplit(page.url).query)  # the default leaves the URL
    # reopening the URL shows the same numbers
    again = page.context.new_page()
    again.goto(page.url)
    wait_for_app(again)
    assert heatmap_total(again) == total
    assert_chips(again, prov)
    again.close()


def test_synthetic_to_sample_then_trends_and_heatmap(streamlit_server, page):
    page.goto(streamlit_server.url)
    wait_for_app(page)
    choose_dataset(page, SYNTHETIC)
    assert_agrees(page, demo_dataset())
    choose_dataset(page, SAMPLE)
    go(page, "Trends")
    go(page, "Heatmap")
    assert_agrees(page, sample_dataset())


def test_sample_to_synthetic_drops_the_projected_chip(streamlit_server, page):
    page.goto(streamlit_server.url)
    wait_for_app(page)
    assert_agrees(page, sample_dataset())
    choose_dataset(page, SYNTHETIC)
    assert_agrees(page, demo_dataset())
    go(page, "Trends")  # a rerun does not bring the projection back
    go(page, "Heatmap")
    assert_agrees(page, demo_dataset())


def test_reset_filters_restores_the_box(streamlit_server, page):
    page.goto(f"{streamlit_server.url}/?prov=page&sdg=4")
    wait_for_app(page)
    assert_chips(page, {"page"})
    sidebar(page).get_by_role("button", name="Reset filters").click()
    page.wait_for_function("() => !location.search.includes('prov=')")
    wait_for_app(page)
    assert "sdg" not in parse_qs(urlsplit(page.url).query)
    assert_agrees(page, sample_dataset())


@pytest.fixture
def store_server(tmp_path):
    url = f"sqlite:///{tmp_path / 'wsis.db'}"
    report = importer.import_file(CSV.encode(), "thirty.csv", Store(url))
    assert report.summary_row()
    server = StreamlitServer(env={"WSIS_DB": url})
    yield server, url
    server.stop()


def test_rolling_back_every_batch_while_viewing_the_store(store_server, page):
    server, url = store_server
    page.goto(server.url)
    wait_for_app(page)
    choose_dataset(page, STORE)
    store_prov, _ = expected_total(Store(url).dataset())
    assert_chips(page, store_prov)
    go(page, "Import")
    page.get_by_role("button", name="Roll back").click()
    page.get_by_text("Showing the sample instead").first.wait_for()
    wait_for_app(page)
    go(page, "Heatmap")
    assert dataset_shown(page) == SAMPLE
    assert "ds" not in parse_qs(urlsplit(page.url).query)
    assert_agrees(page, sample_dataset())
