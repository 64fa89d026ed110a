"""Real browser: clicking a node of the network in Debian's chromium opens its profile."""

import pytest

from tests.support.browser import click, download_file, wait_for_app

pytestmark = pytest.mark.browser


def test_clicking_a_node_opens_its_profile(streamlit_server, page):
    # Open the app at its root, then navigate (a cold deep link to /network is not used here:
    # on a fresh session Streamlit runs pages/network.py without dashboard.py first).
    page.goto(streamlit_server.url)
    wait_for_app(page)
    page.get_by_role("link", name="Organisation network").click()
    wait_for_app(page)
    heading = page.get_by_role("heading", name="UNESCO: 14 sessions")
    # the node located on the settled plot, hovered, clicked until Plotly takes the click
    click(page, "Who organises", "", "UNESCO", until=heading)
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
    name, data = download_file(page, page.get_by_role("button", name="GraphML"))
    path = tmp_path / name
    path.write_bytes(data)
    assert path.name.startswith("wsis-network-sample-") and path.suffix == ".graphml"
    graph = nx.read_graphml(path)
    assert graph.number_of_nodes() == 39
    assert graph.nodes["ITU"]["sessions"] == 23
    assert "WSIS Forum sample" in graph.graph["dataset"]
    assert "net_tab=Download" in page.url


FOCUS_STATE = """() => {
  const plot = [...document.querySelectorAll('.js-plotly-plot')]
    .find(p => p.layout && p.layout.meta && p.layout.meta.focus);
  if (!plot || !plot._fullData) return null;
  const kept = [], dimmed = [];
  for (const trace of plot._fullData) {
    if (trace.mode !== 'markers') continue;
    (trace.customdata || []).forEach((c, i) => {
      const o = trace.marker.opacity;  // a typed array when sent as binary
      const alpha = Array.isArray(o) || ArrayBuffer.isView(o) ? o[i] : o;
      (alpha === 1 ? kept : dimmed).push(c[0]);
    });
  }
  return {focus: plot.layout.meta.focus, kept, dimmed,
          range: plot._fullLayout.xaxis.range};
}"""


def _sample_network():
    from wsis_data import catalog
    from wsis_data.filters import Filters
    from wsis_data.network import NetworkSettings, build_network
    from wsis_data.views import apply_filters

    return build_network(
        apply_filters(catalog.load_dataset("sample"), Filters()), NetworkSettings()
    )


def _open_network(page, url):
    page.goto(url)
    wait_for_app(page)
    page.get_by_role("link", name="Organisation network").click()
    wait_for_app(page)


def test_searching_an_organisation_focuses_the_chart(streamlit_server, page):
    from wsis_data.network import neighbourhood

    _open_network(page, streamlit_server.url)
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Focus on an organisation")
    box.locator("input").click()
    box.locator("input").fill("UNESCO")
    page.get_by_role("option", name="UNESCO", exact=True).click()
    state = page.wait_for_function(FOCUS_STATE, timeout=60_000).json_value()
    net = _sample_network()
    assert state["focus"] == "UNESCO"
    assert set(state["kept"]) == set(neighbourhood(net, "UNESCO", 1))
    assert set(state["dimmed"]) == set(net.nodes.index) - set(state["kept"])
    assert "net_org=UNESCO" in page.url
    page.get_by_text("2-step").click()
    wider = page.wait_for_function(
        f"() => {{ const s = ({FOCUS_STATE})(); "
        "return s && s.kept.length > " + str(len(state["kept"])) + " ? s : null; }",
        timeout=60_000,
    ).json_value()
    assert set(wider["kept"]) == set(neighbourhood(net, "UNESCO", 2))
    assert "net_steps=2" in page.url
    assert not page.locator('[data-testid="stException"]').count()


def test_the_year_window_play_advances(streamlit_server, page):
    _open_network(page, streamlit_server.url)
    page.get_by_role("tab", name="Through time").click()
    slider_at = """() => {
      const plot = [...document.querySelectorAll('.js-plotly-plot')]
        .find(p => p.layout && String(p.layout.title.text).includes('year by year'));
      return plot && plot._fullLayout && plot._fullLayout.sliders.length
        ? plot._fullLayout.sliders[0].active : null;
    }"""
    page.wait_for_function(f"() => ({slider_at})() === 0", timeout=60_000)
    page.locator(".updatemenu-button").filter(has_text="Play").click()
    page.wait_for_function(f"() => ({slider_at})() >= 2", timeout=60_000)
    page.locator(".updatemenu-button").filter(has_text="Pause").click()
    assert not page.locator('[data-testid="stException"]').count()


def test_gexf_download_reopens_with_colours_and_positions(streamlit_server, page, tmp_path):
    import networkx as nx

    from wsis_data.figures.network import node_colours
    from wsis_data.network import layout, rgb

    _open_network(page, streamlit_server.url)
    page.get_by_role("tab", name="Download").click()
    wait_for_app(page)
    name, data = download_file(page, page.get_by_role("button", name="GEXF (Gephi)"))
    path = tmp_path / name
    path.write_bytes(data)
    graph = nx.read_gexf(path)
    net = _sample_network()
    colours, positions = node_colours(net, "community"), layout(net)
    assert set(graph.nodes) == set(net.nodes.index)
    for name, attrs in graph.nodes(data=True):
        viz = attrs["viz"]
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == rgb(colours[name])
        assert abs(viz["position"]["x"] - 1000 * positions[name][0]) < 1e-3
        assert abs(viz["position"]["y"] - 1000 * positions[name][1]) < 1e-3
