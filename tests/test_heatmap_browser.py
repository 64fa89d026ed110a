"""Real browser (Debian's chromium via Playwright) against `streamlit run`: the heatmap page's
clicks, shared links, page switches and downloads."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import pytest

from tests.support.browser import click, download, share_menu, wait_for_app
from tests.support.servers import StreamlitServer
from tests.test_heatmap_page import array
from wsis_data.filters import Filters
from wsis_data.matrix import VALUE_MODES, build_matrix, drilldown
from wsis_data.provenance import DECLARED_PROVENANCES
from wsis_data.sample import sample_dataset
from wsis_data.synthetic import demo_dataset
from wsis_data.taxonomy import sdg
from wsis_data.views import apply_filters

pytestmark = pytest.mark.browser

SYNTHETIC = "Synthetic demo (generated)"
DECLARED = frozenset(DECLARED_PROVENANCES)
CHART = "document.querySelector('.js-plotly-plot')"


def open_page(page, url: str) -> None:
    """Open a URL and wait until the heatmap is drawn."""
    page.goto(url)
    wait_for_app(page)
    wait_for_chart(page)


def wait_for_chart(page) -> None:
    page.wait_for_function(
        f"() => {{ const p = {CHART}; return p && p._fullLayout && p.data && p.data.length > 3; }}",
        timeout=60_000,
    )


def chart_rows(page) -> list[str]:
    return page.evaluate(f"() => {CHART}.data[0].y")


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_page_renders_with_totals_and_sdg_colours(streamlit_server, page):
    open_page(page, streamlit_server.url)
    assert chart_rows(page) == ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11"]
    names = page.evaluate(f"() => {CHART}.data.map(t => t.name)")
    assert {"values", "cells", "SDG totals", "Action Line totals"} <= set(names)
    strip = page.evaluate(
        f"() => {CHART}._fullLayout.shapes"
        ".filter(s => s.yref === 'y3 domain').map(s => s.fillcolor)"
    )
    assert [c.lower() for c in strip] == [sdg(g).colour.lower() for g in range(1, 18)]
    assert not page.locator('[data-testid="stException"]').count()


def test_mouse_click_on_a_cell_shows_its_sessions(streamlit_server, page):
    open_page(page, streamlit_server.url)
    code, goal = "C11", 17
    heading = page.get_by_role("heading", name=f"Sessions behind {code} × SDG {goal}")
    click(page, "", "cells", [code, goal], until=heading)  # the settled cell, until it shows
    filters = Filters(provenances=DECLARED | {"projected"})
    want = drilldown(apply_filters(sample_dataset(), filters), code, goal)
    assert f"{len(want)} sessions (click" in main_text(page)
    assert len(want) > 0


def _url(server, path: str = "", **params) -> str:
    pairs = [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    return f"{server.url}/{path}?{urlencode(pairs)}"


SHARED = {
    "ds": SYNTHETIC,
    "years": ["2019", "2020"],
    "c7": "true",
    "sdg": ["SDG 4 · Quality Education", "SDG 9 · Industry, Innovation and Infrastructure"],
    "value": VALUE_MODES["share_of_row"],
    "log": "true",
}


def _assert_shared_view(page, *, view_settings: bool = True) -> None:
    filters = Filters(years=(2019, 2020), sdgs=(4, 9), provenances=DECLARED)
    value = "share_of_row" if view_settings else "sessions"
    grid = build_matrix(apply_filters(demo_dataset(), filters), collapse_c7=False, value=value)
    grid = grid.keep(sdgs=(4, 9))  # the SDGs the filter keeps, not 15 columns of zeros
    assert chart_rows(page) == grid.row_labels
    assert "years 2019–2020" in main_text(page)
    if not view_settings:
        z = array(page.evaluate(f"() => {CHART}.data[0].z"))
        np.testing.assert_array_equal(z, grid.values.to_numpy(float))
        return
    title = page.evaluate(f"() => {CHART}.data[0].colorbar.title.text")
    assert title.startswith(VALUE_MODES["share_of_row"]) and "log" in title
    z = array(page.evaluate(f"() => {CHART}.data[0].z"))
    with np.errstate(divide="ignore"):
        want = np.where(grid.values > 0, np.log10(grid.values.to_numpy(float)), np.nan)
    np.testing.assert_allclose(z, want, equal_nan=True)


def test_url_with_filters_restores_them_and_survives_a_page_switch(streamlit_server, page):
    open_page(page, _url(streamlit_server, "", **SHARED))
    _assert_shared_view(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_text("About the data").click()
    page.get_by_role("heading", name="About the data").wait_for()
    page.wait_for_function("() => location.search.includes('years=2019')")
    nav.get_by_text("Heatmap").click()
    wait_for_app(page)
    wait_for_chart(page)
    page.wait_for_function("() => location.search.includes('value=')")
    _assert_shared_view(page)
    for key in ("ds", "years", "c7", "sdg", "value", "log"):
        assert re.search(rf"[?&]{key}=", page.url), (key, page.url)


def test_copy_link_shows_the_current_view(streamlit_server, page):
    open_page(page, _url(streamlit_server, "", **SHARED))
    link = share_menu(page)[0]
    assert "years=2019" in link and "value=" in link and "log=true" in link
    other = page.context.new_page()
    open_page(other, link)
    _assert_shared_view(other)


def test_a_shared_link_works_on_a_freshly_started_server(page):
    server = StreamlitServer()  # its first visitor opens a shared link to a page, not the root
    try:
        sidebar_only = {k: v for k, v in SHARED.items() if k not in ("value", "log")}
        page.goto(_url(server, "about", **sidebar_only))
        wait_for_app(page)
        page.get_by_role("heading", name="About the data").wait_for()
        slider = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]')
        assert "2019" in slider.inner_text() and "2020" in slider.inner_text()
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Heatmap").click()
        wait_for_chart(page)
        _assert_shared_view(page, view_settings=False)
    finally:
        server.stop()


def _download(page, label: str) -> bytes:
    return download(page, page.get_by_role("button", name=label, exact=True))


def test_png_svg_and_csv_downloads(streamlit_server, page):
    open_page(page, _url(streamlit_server, "", ds=SYNTHETIC))
    page.get_by_text("Download the chart and the matrix").click()
    page.get_by_role("button", name="PNG", exact=True).wait_for(timeout=60_000)  # no render step

    png = _download(page, "PNG")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (2400, 1600)  # 1200 × 800 at scale 2

    svg = _download(page, "SVG")
    root = ET.fromstring(svg)
    texts = {"".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"SDG 1", "SDG 17", "C1", "C11"} <= texts
    assert any("SYNTHETIC" in t for t in texts)  # the footer is baked in

    pdf = _download(page, "PDF")
    assert pdf.startswith(b"%PDF")

    csv = pd.read_csv(io.BytesIO(_download(page, "matrix CSV")))
    grid = build_matrix(apply_filters(demo_dataset(), Filters(provenances=DECLARED)))
    assert csv["Action Line"].tolist()[:-1] == grid.row_labels
    np.testing.assert_array_equal(csv.iloc[:-1, 1:18].to_numpy(), grid.counts.to_numpy())
    np.testing.assert_array_equal(csv.iloc[:-1, 18].to_numpy(), grid.row_totals.to_numpy())


def test_html_xlsx_and_drilldown_downloads(streamlit_server, page):
    open_page(page, _url(streamlit_server, "", ds=SYNTHETIC, cell_al="C3", cell_sdg="SDG 4"))
    page.get_by_role("heading", name="Sessions behind C3 × SDG 4").wait_for()
    page.get_by_text("Download the chart and the matrix").click()

    html = _download(page, "HTML (interactive)").decode("utf-8")
    assert html.lstrip().lower().startswith(("<!doctype html", "<html")) and "plotly" in html
    assert "WSIS Action Lines × SDGs — Sessions" in html

    book = pd.read_excel(io.BytesIO(_download(page, "XLSX (+ metadata)")), sheet_name=None)
    assert list(book) == ["matrix", "metadata"]
    meta = dict(zip(book["metadata"]["key"], book["metadata"]["value"], strict=True))
    assert meta["synthetic"] == "yes" and "page" in meta["provenances"]

    page.get_by_text("Download these sessions").click()
    sessions = pd.read_csv(io.BytesIO(_download(page, "sessions CSV")))
    want = drilldown(apply_filters(demo_dataset(), Filters(provenances=DECLARED)), "C3", 4)
    assert sessions["session_id"].astype(str).tolist() == want["session_id"].tolist()
    assert {"url", "action_line_provenance", "sdg_provenance"} <= set(sessions.columns)
