"""Real browser (Debian's chromium via Playwright) against `streamlit run`: a mouse click on a
co-occurrence cell lists the sessions naming both codes."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.support.browser import click, wait_for_app
from wsis_data.cooccurrence import pair_drilldown
from wsis_data.filters import Filters
from wsis_data.provenance import DECLARED_PROVENANCES
from wsis_data.synthetic import demo_dataset
from wsis_data.views import apply_filters

pytestmark = pytest.mark.browser


def test_mouse_click_on_a_cooccurrence_cell_shows_the_sessions_naming_both(streamlit_server, page):
    query = urlencode({"ds": "Synthetic demo (generated)"})
    page.goto(f"{streamlit_server.url}/interlinkages?{query}")
    wait_for_app(page)
    heading = page.get_by_role("heading", name="Sessions naming SDG 6 & SDG 13")
    _, _, hovered = click(page, "", "cells", [6, 13], until=heading)  # the settled cell
    assert "Sessions naming both" in hovered
    view = apply_filters(demo_dataset(), Filters(provenances=DECLARED_PROVENANCES))
    want = pair_drilldown(view, "sdg", 6, 13)
    assert len(want) > 0
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text(f"{len(want)} sessions (click").wait_for()
    assert not page.locator('[data-testid="stException"]').count()
