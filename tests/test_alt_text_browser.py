"""Real browser: on every page every chart has an accessible name (its alt text, role "figure")
that names its largest value and says the data are synthetic; the report's page previews too."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from tests.support.browser import wait_for_app
from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix, cell_label
from wsis_data.network import NetworkSettings, build_network
from wsis_data.provenance import DECLARED_PROVENANCES
from wsis_data.synthetic import demo_dataset
from wsis_data.views import apply_filters

pytestmark = pytest.mark.browser

SYNTHETIC = "Synthetic demo (generated)"
#: "Largest cell: C7 × SDG 17, 423 sessions", "Highest: SDG 4 in 2019, 31.0%", "Widest flow: …".
LARGEST = re.compile(r"(Largest|Highest|Widest|Busiest|largest fall)[^:;]*: [^;]+, [+−]?[\d,.]+")
CHARTS = '[data-testid="stPlotlyChart"]'
#: (page path, extra URL parameters, charts it draws)
PAGES = [
    ("heatmap", {}, 1),
    ("network", {}, 1),
    ("network", {"net_tab": "Through time"}, 1),
    ("network", {"net_tab": "Who works on what"}, 1),
    ("trends", {}, 4),
    ("interlinkages", {}, 1),
    ("interlinkages", {"il_view": "Action Lines → SDGs (Sankey)"}, 1),
]


def view():
    return apply_filters(demo_dataset(), Filters(provenances=frozenset(DECLARED_PROVENANCES)))


def chart_names(page, n: int) -> list[str]:
    """The accessible names of the page's charts, once `n` of them are drawn and named."""
    page.wait_for_function(
        f"n => [...document.querySelectorAll('{CHARTS}')].filter("
        "e => e.querySelector('.js-plotly-plot') && e.getAttribute('aria-label')).length >= n",
        arg=n,
        timeout=120_000,
    )
    wait_for_app(page)
    figures = page.get_by_role("figure")  # the accessibility tree, not only the attribute
    names = [figures.nth(i).get_attribute("aria-label") for i in range(figures.count())]
    assert page.locator(CHARTS).count() == len(names) == n, names
    return names


def open_page(page, server, path: str, params: dict) -> None:
    page.goto(f"{server.url}/{path}?{urlencode({'ds': SYNTHETIC, **params})}")
    wait_for_app(page)


@pytest.mark.parametrize(("path", "params", "n"), PAGES, ids=lambda v: str(v)[:30])
def test_every_chart_is_named_by_its_largest_value(streamlit_server, page, path, params, n):
    open_page(page, streamlit_server, path, params)
    for name in chart_names(page, n):
        assert LARGEST.search(name), name
        assert "synthetic sessions" in name, name


def test_heatmap_alt_text_names_the_largest_cell_of_the_data(streamlit_server, page):
    open_page(page, streamlit_server, "heatmap", {})
    grid = build_matrix(view())
    code, goal = grid.largest_cell()
    count = int(grid.counts.loc[code, goal])
    (name,) = chart_names(page, 1)
    cell = cell_label(code, goal, collapse_c7=True)
    assert f"Largest cell: {cell}, {count:,} sessions; 11 Action Lines × 17 SDGs; " in name
    assert f"{view().n_sessions:,} synthetic sessions, 2015–2025" in name
    page.get_by_role("figure", name=re.compile(re.escape(f"Largest cell: {cell}"))).wait_for()


def test_organisation_profile_charts_are_named(streamlit_server, page):
    net = build_network(view(), NetworkSettings())
    top = net.nodes["sessions"].idxmax()
    open_page(page, streamlit_server, "network", {"net_org": top})
    names = chart_names(page, 3)
    assert f"Largest: {top}, {int(net.nodes.loc[top, 'sessions']):,} sessions" in names[0]
    assert any(n.startswith(f"Heatmap of the Action Lines × SDGs of {top}") for n in names)
    assert any(n.startswith(f"Bar chart of the sessions per year of {top}") for n in names)
    assert all(LARGEST.search(n) for n in names), names


def test_report_previews_are_described(streamlit_server, page):
    open_page(page, streamlit_server, "reports", {})
    page.get_by_role("heading", name="Reports").wait_for()
    for fmt in ("DOCX", "XLSX"):  # the PDF alone: its pages are previewed
        page.get_by_role("button", name=fmt, exact=True).click()
        wait_for_app(page)
    page.get_by_role("button", name="Build the report").click()
    preview = page.get_by_role("img", name=re.compile(r"^Page 1 of the PDF"))
    preview.wait_for(timeout=180_000)
    name = preview.get_attribute("alt")
    assert LARGEST.search(name) and "synthetic sessions, 2025" in name, name
