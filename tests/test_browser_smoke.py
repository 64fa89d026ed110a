"""Real browser: the dashboard renders its heatmap in Debian's chromium via `streamlit run`."""

import pytest

from tests.support.browser import wait_for_app

pytestmark = pytest.mark.browser


def test_heatmap_renders_in_chromium(streamlit_server, page):
    page.goto(streamlit_server.url)
    wait_for_app(page)
    page.wait_for_function(
        "() => { const p = document.querySelector('.js-plotly-plot');"
        " return p && p._fullLayout && p.data && p.data.length > 0; }"
    )
    rows = page.evaluate("() => document.querySelector('.js-plotly-plot').data[0].y")
    assert rows == ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11"]
    assert page.get_by_text("projected through the facilitators").first.is_visible()
    assert not page.locator('[data-testid="stException"]').count()
