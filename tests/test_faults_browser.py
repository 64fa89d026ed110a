"""Real browser against `streamlit run` with a corrupt store and no Chromium for image export:
a shared link to the store's view falls back to the sample with the reason, the heatmap, filters
and CSV download keep working, image export explains itself, the Import page says why."""

from __future__ import annotations

import io
import os
from urllib.parse import urlencode

import pandas as pd
import pytest

from tests.support.browser import download, wait_for_app
from tests.support.servers import StreamlitServer
from tests.test_heatmap_browser import chart_rows, main_text, wait_for_chart

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def broken_server(tmp_path_factory):
    """A dashboard whose store file is garbage and whose image export has no browser."""
    folder = tmp_path_factory.mktemp("broken-store")
    (folder / "wsis.db").write_bytes(os.urandom(8192))
    env = {"WSIS_DB": f"sqlite:///{folder / 'wsis.db'}", "BROWSER_PATH": "/nonexistent/chromium"}
    server = StreamlitServer(env=env)
    yield server
    server.stop()


def test_broken_store_and_no_chromium(broken_server, page):
    page.goto(f"{broken_server.url}/?{urlencode({'ds': 'Imported records (store)'})}")
    wait_for_app(page)
    wait_for_chart(page)  # the heatmap, on the sample
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Imported records are not available" in sidebar and "damaged" in sidebar
    assert "Showing the sample instead" in sidebar
    assert "WSIS Forum sample" in main_text(page)
    assert not page.locator('[data-testid="stException"]').count()
    page.get_by_text("Download the chart and the matrix").click()
    page.get_by_text("Image export (PNG, SVG, PDF) needs Chromium").wait_for()
    assert not page.get_by_role("button", name="PNG", exact=True).count()
    # A filter change still works, then the CSV of the filtered matrix downloads.
    page.locator('[data-testid="stSidebar"]').get_by_text("Split C7 into its 8 sub-lines").click()
    page.wait_for_function(  # no chart for a moment while the rerun replaces it
        "() => document.querySelector('.js-plotly-plot')?.data?.[0]?.y?.length > 11",
        timeout=60_000,
    )
    wait_for_app(page)
    assert len(chart_rows(page)) > 11
    data = download(page, page.get_by_role("button", name="matrix CSV", exact=True))
    csv = pd.read_csv(io.BytesIO(data))
    assert "C7 e-learning" in set(csv.iloc[:, 0])  # the filtered view (18 rows), as a file
    # The Import page says why nothing can be imported, without a traceback.
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Import").click()
    page.get_by_text("Import your records").wait_for()
    page.get_by_text("Cannot open the store", exact=False).wait_for(timeout=60_000)
    wait_for_app(page)
    text = main_text(page)
    assert "Cannot open the store" in text and "damaged" in text
    assert "the sample and synthetic datasets work" in text
    assert "[SQL" not in text and not page.locator('[data-testid="stException"]').count()
