"""Real browser: clicking a node of the network in Debian's chromium opens its profile."""

import pytest

from tests.support.browser import click, wait_for_app

pytestmark = pytest.mark.browser


def test_clicking_a_node_opens_its_profile(streamlit_server, page):
    # Open the app at its root, then navigate (a cold deep link to /network is not used here:
    # on a fresh session Streamlit runs pages/network.py without dashboard.py first).
    page.goto(streamlit_server.url)
    wait_for_app(page)
    page.get_by_role("link", name="Organisation network").click()
    wait_for_app(page)
    click(page, "Who organises", "", "UNESCO")  # the settled node, hovered, then clicked
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
