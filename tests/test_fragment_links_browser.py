"""Real browser: a chart option changed in a fragment (the sidebar does not rerun) still shows in
the Share menu's link: opening the menu reruns it and makes the link of the view shown."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.browser import share_menu, wait_for_app
from tests.test_heatmap_browser import open_page

pytestmark = pytest.mark.browser


def test_copy_link_follows_an_option_changed_in_a_fragment(streamlit_server, page):
    open_page(page, f"{streamlit_server.url}/heatmap")
    page.get_by_text("Chart options").click()
    page.get_by_text("Cell labels").click()  # a fragment rerun: the chart only
    page.wait_for_function("() => location.search.includes('labels=false')", timeout=60_000)
    wait_for_app(page)
    link = share_menu(page)[0]
    here, copied = urlsplit(page.url), urlsplit(link)
    assert copied.path.rstrip("/") == here.path.rstrip("/")
    assert parse_qs(copied.query) == parse_qs(here.query)
    assert parse_qs(copied.query)["labels"] == ["false"]
