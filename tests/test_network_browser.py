"""Real browser: clicking a node of the network in Debian's chromium opens its profile."""

import pytest

from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser

NODE_CENTRE = """(name) => {
  const plot = [...document.querySelectorAll('.js-plotly-plot')]
    .find(p => p.layout && p.layout.title && String(p.layout.title.text).includes('Who organises'));
  if (!plot || !plot._fullLayout) return null;
  for (const trace of plot._fullData) {
    const i = (trace.customdata || []).findIndex(c => c && c[0] === name);
    if (i < 0) continue;
    const xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis;
    const rect = plot.getBoundingClientRect();
    return [rect.left + xa._offset + xa.d2p(trace.x[i]),
            rect.top + ya._offset + ya.d2p(trace.y[i])];
  }
  return null;
}"""


def test_clicking_a_node_opens_its_profile(streamlit_server, page):
    # Open the app at its root, then navigate (a cold deep link to /network is not used here:
    # on a fresh session Streamlit runs pages/network.py without dashboard.py first).
    page.goto(streamlit_server.url)
    wait_for_app(page)
    page.get_by_role("link", name="Organisation network").click()
    wait_for_app(page)
    handle = page.wait_for_function(NODE_CENTRE, arg="UNESCO", timeout=60_000)
    x, y = handle.json_value()
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    heading = page.get_by_role("heading", name="UNESCO: 14 sessions")
    heading.wait_for(timeout=30_000)
    assert heading.is_visible()
    assert "net_org=UNESCO" in page.url
    assert not page.locator('[data-testid="stException"]').count()


def test_graphml_download_is_a_real_graph(streamlit_server, page, tmp_path):
    import networkx as nx

    page.goto(streamlit_server.url)
    wait_for_app(page)
    page.get_by_role("link", name="Organisation network").click()
    wait_for_app(page)
    page.get_by_role("tab", name="Download").click()
    wait_for_app(page)
    button = page.get_by_role("button", name="GraphML")
    button.wait_for(timeout=30_000)
    with page.expect_download() as info:
        button.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name.startswith("wsis-network-sample-") and path.suffix == ".graphml"
    graph = nx.read_graphml(path)
    assert graph.number_of_nodes() == 39
    assert graph.nodes["ITU"]["sessions"] == 23
    assert "WSIS Forum sample" in graph.graph["dataset"]
    assert "net_tab=Download" in page.url
