"""The organisation network on synthetic 500 / 5,000 organisations (20,000 / 200,000 sessions).

Steps timed (median of repeats, seconds): `build_network` (graph, node table, Louvain),
communities alone, layout cold and cached, figure build, centrality table, and a "cached rerun"
(what a page rerun pays once Streamlit's caches hold the network and figure: a layout-cache
lookup plus the figure's JSON serialisation). Baselines measured in the same run on the same
links: networkx's own `nx.Graph` construction from the weighted edge list, and a plain
`louvain_communities` call. With ``--browser`` the figure's first render (``Plotly.newPlot``)
is timed in Debian's chromium too. Run: `python -m bench.bench_network [--small] [--browser]`.
"""

from __future__ import annotations

import argparse
import time

import networkx as nx

from bench.common import median_seconds, peak_rss_mib, print_table
from wsis_data import network as N
from wsis_data.figures import network as F
from wsis_data.filters import Filters, apply_filters
from wsis_data.synthetic import generate

SIZES = ((20_000, 500), (200_000, 5_000))
CASES = {
    "page default (top 200, ≤1,000 links)": N.NetworkSettings(),
    "all organisations and links": N.NetworkSettings(top_n=0, max_edges=0),
}


def _cold_layout(net: N.Network):
    N._LAYOUTS.clear()
    return N.layout(net)


RENDER_JS = """async (spec) => {
  const div = document.getElementById('plot');
  Plotly.purge(div);
  const fig = JSON.parse(spec);
  const start = performance.now();
  await Plotly.newPlot(div, fig.data, fig.layout);
  await new Promise(requestAnimationFrame);
  return (performance.now() - start) / 1000;
}"""


class Chromium:
    """Debian's chromium with plotly.js loaded: time `Plotly.newPlot` of a figure (median of 3)."""

    def __enter__(self):
        from playwright.sync_api import sync_playwright
        from plotly.offline import get_plotlyjs

        from bench.harness.chromium import CHROMIUM, CHROMIUM_ARGS

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        self.page = self._browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.set_content('<div id="plot" style="width:1300px;height:800px"></div>')
        self.page.add_script_tag(content=get_plotlyjs())
        return self

    def render_seconds(self, fig) -> float:
        spec = fig.to_json()
        times = sorted(self.page.evaluate(RENDER_JS, spec) for _ in range(3))
        return times[1]

    def __exit__(self, *exc):
        self._browser.close()
        self._pw.stop()


def run(sizes=SIZES, repeat: int = 3, browser: Chromium | None = None) -> None:
    """Print one table row per (size, settings)."""
    rows, totals = [], []
    for n_sessions, n_orgs in sizes:
        start = time.perf_counter()
        ds = generate(n_sessions=n_sessions, n_organisers=n_orgs, seed=1)
        generated = time.perf_counter() - start
        view = apply_filters(ds, Filters())
        for case, settings in CASES.items():
            net = N.build_network(view, settings)
            edges = list(net.edges[["source", "target", "weight"]].itertuples(index=False))

            def nx_graph(edges=edges):
                graph = nx.Graph()
                graph.add_weighted_edges_from(edges)
                return graph

            base_graph = median_seconds(nx_graph, repeat=repeat, warmup=0)
            graph = nx_graph()
            base_louvain = median_seconds(
                lambda g=graph: nx.community.louvain_communities(g, seed=42), repeat, 0
            )
            build = median_seconds(lambda v=view, s=settings: N.build_network(v, s), repeat, 0)
            communities = median_seconds(
                lambda g=net.graph, s=settings: N.detect_communities(g, s), repeat, 0
            )
            layout_cold = median_seconds(lambda net=net: _cold_layout(net), repeat, 0)
            layout_hit = median_seconds(lambda net=net: N.layout(net), repeat, 1)
            positions = N.layout(net)
            figure = median_seconds(
                lambda net=net, pos=positions: F.network_figure(net, pos), repeat, 1
            )
            fig = F.network_figure(net, positions)
            cached = median_seconds(lambda net=net, fig=fig: (N.layout(net), fig.to_json()), repeat)
            central = median_seconds(lambda net=net: N.centrality(net), 1, 0)
            cold = build + layout_cold + figure
            render = f"{browser.render_seconds(fig):.2f}" if browser else "-"
            rows.append(
                [
                    f"{n_orgs:,} / {n_sessions:,}",
                    case,
                    f"{len(net.nodes):,}",
                    f"{len(net.edges):,}",
                    f"{base_graph:.3f}",
                    f"{build:.3f}",
                    f"{build / base_graph:.1f}x",
                    f"{base_louvain:.3f}",
                    f"{communities:.3f}",
                    f"{communities / base_louvain:.2f}x",
                    f"{layout_cold:.3f}",
                    f"{layout_hit * 1000:.1f}",
                    f"{figure:.3f}",
                    f"{central:.2f}",
                    f"{cold:.2f}",
                    f"{cached:.3f}",
                    render,
                ]
            )
            totals.append(generated)
    print_table(
        "Organisation network (seconds unless ms; median of 3; cold = build + layout + figure)",
        [
            "orgs / sessions",
            "settings",
            "nodes",
            "links",
            "nx.Graph",
            "build",
            "vs nx.Graph",
            "louvain",
            "communities",
            "vs louvain",
            "layout",
            "layout hit ms",
            "figure",
            "centrality",
            "cold",
            "cached rerun",
            "chromium render",
        ],
        rows,
    )
    print(f"\npeak RSS {peak_rss_mib():,.0f} MiB; synthetic generation not timed above.")
    if browser:
        print("chromium render: Plotly.newPlot of the figure in Debian's chromium, to next frame.")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="only 500 organisations")
    parser.add_argument("--browser", action="store_true", help="also time rendering in chromium")
    args = parser.parse_args()
    sizes = SIZES[:1] if args.small else SIZES
    if args.browser:
        with Chromium() as chromium:
            run(sizes, browser=chromium)
    else:
        run(sizes)
