"""Real browser: the Share menu. Its link equals the address bar (a clicked heatmap cell included),
its embed snippet opens the same view in Streamlit's embed mode, the citation is there; every page
has the menu."""

from __future__ import annotations

from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.support.browser import click, share_menu, wait_for_app
from wsis_data.citation import embed_url
from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix, cell_label
from wsis_data.provenance import DECLARED_PROVENANCES
from wsis_data.synthetic import demo_dataset
from wsis_data.views import apply_filters

pytestmark = pytest.mark.browser

SYNTHETIC = "Synthetic demo (generated)"
PAGES = ("network", "trends", "interlinkages", "reports", "import", "about")


def same_address(a: str, b: str) -> bool:
    one, two = urlsplit(a), urlsplit(b)
    return one.path.rstrip("/") == two.path.rstrip("/") and parse_qs(one.query) == parse_qs(
        two.query
    )


def test_share_menu_link_embed_and_citation(streamlit_server, page):
    grid = build_matrix(apply_filters(demo_dataset(), Filters(provenances=DECLARED_PROVENANCES)))
    code, goal = "C3", 4  # not the largest cell: the drill-down opens there unless clicked
    assert grid.counts.loc[code, goal] > 0 and grid.largest_cell() != (code, goal)
    page.goto(
        f"{streamlit_server.url}/?{urlencode({'ds': SYNTHETIC, 'years': [2019, 2021]}, True)}"
    )
    wait_for_app(page)
    click(page, "", "cells", [code, goal])
    heading = f"Sessions behind {cell_label(code, goal, collapse_c7=True)}"
    page.get_by_role("heading", name=heading).wait_for(timeout=60_000)
    page.wait_for_function("() => location.search.includes('cell_al=C3')", timeout=60_000)
    link, snippet, citation, bibtex = share_menu(page)[:4]
    assert same_address(link, page.url), (link, page.url)
    assert parse_qs(urlsplit(link).query)["cell_sdg"] == ["SDG 4"]
    assert snippet.startswith("<iframe ") and 'title="WSIS–SDG dashboard: Heatmap"' in snippet
    src = unescape(snippet.split('src="', 1)[1].split('"', 1)[0])
    assert src == embed_url(link) and "embed=true" in src
    assert citation.startswith("SYNTHETIC DATA") and citation.endswith(link)
    assert "years 2019–2021" in citation and bibtex.startswith("@misc{")

    embedded = page.context.new_page()
    embedded.goto(src)
    wait_for_app(embedded)
    embedded.locator(".stApp.streamlit-embedded").wait_for()  # Streamlit's embed mode
    embedded.get_by_role("heading", name=heading).wait_for(timeout=60_000)
    assert not embedded.locator('[data-testid="stException"]').count()
    assert "embed=true" in embedded.url


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_share_menu(streamlit_server, page, path):
    page.goto(f"{streamlit_server.url}/{path}?{urlencode({'ds': SYNTHETIC})}")
    link, snippet, citation, _ = share_menu(page)[:4]
    assert same_address(link, page.url), (link, page.url)
    assert f"/{path}" in link and "embed=true" in snippet and link in citation
