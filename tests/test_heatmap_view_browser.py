"""Real browser: the heatmap's steps that looked broken (issue 19).

The drill-down opens on the view's largest cell; rows and columns the filters remove are not drawn
as zeros; the Share menu's link equals the address bar (a clicked cell included); `/heatmap`
opened directly shows the heatmap without a "Page not found" dialog.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.browser import click, share_menu, wait_for_app
from tests.test_heatmap_browser import CHART, DECLARED, _url, open_page
from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix, cell_label, drilldown
from wsis_data.sample import sample_dataset
from wsis_data.views import apply_filters

pytestmark = pytest.mark.browser

SAMPLE_DEFAULT = Filters(provenances=DECLARED | {"projected"})


def heading(page, code: str, goal: int):
    return page.get_by_role(
        "heading", name=f"Sessions behind {cell_label(code, goal, collapse_c7=True)}"
    )


def test_drilldown_opens_on_the_largest_cell(streamlit_server, page):
    open_page(page, streamlit_server.url)
    grid = build_matrix(apply_filters(sample_dataset(), SAMPLE_DEFAULT))
    code, goal = grid.largest_cell()
    assert (code, goal) != ("C1", 1) and grid.counts.loc[code, goal] == grid.counts.max().max()
    heading(page, code, goal).wait_for()
    n = len(drilldown(apply_filters(sample_dataset(), SAMPLE_DEFAULT), code, goal))
    assert n == grid.counts.loc[code, goal]
    assert f"{n} sessions (click" in page.locator('[data-testid="stMain"]').inner_text()


def test_filtered_out_rows_and_columns_are_not_drawn(streamlit_server, page):
    sdgs = ["SDG 4 · Quality Education", "SDG 9 · Industry, Innovation and Infrastructure"]
    open_page(page, _url(streamlit_server, "", sdg=sdgs))
    filters = Filters(sdgs=(4, 9), provenances=SAMPLE_DEFAULT.provenances)
    grid = build_matrix(apply_filters(sample_dataset(), filters))
    columns = page.evaluate(f"() => {CHART}.data[0].x")
    assert list(columns) == ["SDG 4", "SDG 9"]
    kept = grid.keep(sdgs=(4, 9))
    code, goal = kept.largest_cell()
    assert goal in (4, 9)
    heading(page, code, goal).wait_for()
    shown = page.evaluate(f"() => {CHART}.data[0].y")
    assert list(shown) == kept.row_labels  # the Action Lines are not filtered: all 11 rows


def test_copy_link_equals_the_address_bar_after_a_cell_click(streamlit_server, page):
    open_page(page, streamlit_server.url)
    code, goal = "C11", 17
    click(page, "", "cells", [code, goal], until=heading(page, code, goal))
    page.wait_for_function("() => location.search.includes('cell_al=')")
    wait_for_app(page)
    link = share_menu(page)[0]
    here, copied = urlsplit(page.url), urlsplit(link)
    assert copied.path.rstrip("/") == here.path.rstrip("/")
    assert parse_qs(copied.query) == parse_qs(here.query)
    assert parse_qs(copied.query)["cell_al"] == [code]
    other = page.context.new_page()
    open_page(other, link)
    heading(other, code, goal).wait_for()


def test_heatmap_path_opens_without_page_not_found(streamlit_server, page):
    sdgs = ["SDG 4 · Quality Education"]
    open_page(page, _url(streamlit_server, "heatmap", sdg=sdgs))
    page.get_by_role("heading", name="Action Lines × SDGs").wait_for()
    wait_for_app(page)
    assert not page.get_by_text("Page not found").count()
    assert page.evaluate(f"() => {CHART}.data[0].x") == ["SDG 4"]
