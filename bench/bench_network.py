"""The organisation network on synthetic 500 / 5,000 organisations (20,000 / 200,000 sessions).

Table 1 (seconds, median of repeats): `build_network` (links, node table, igraph, Leiden),
communities alone (Leiden on the built igraph graph), layout cold, figure build, cold = build +
layout + figure (what a first page view pays), and "cached rerun" (what a Streamlit rerun pays
once its caches hold the network and figure: the layout-cache lookup plus the figure's JSON, as
`st.plotly_chart` serialises it). Baselines measured in the same run on the same links:
networkx's own `nx.Graph` from the weighted edge list, and networkx `louvain_communities`
(seed 42), which the page used before Leiden. Goals (issue 14) are printed beside the figures.

Table 2: modularity Q of our partition (Leiden, igraph) against networkx Louvain on the same
graphs (every size and setting above, three synthetic seeds each), and their mean.

With ``--browser`` the figure's first render (``Plotly.newPlot``) is timed in Debian's chromium
too. Run: `python -m bench.bench_network [--small] [--browser]`.
"""

from __future__ import annotations

import argparse
import os
import statistics

import networkx as nx
import plotly.io as pio

from bench.common import median_seconds, peak_rss_mib, print_table
from wsis_data import network as N
from wsis_data.figures import network as F
from wsis_data.filters import Filters
from wsis_data.synthetic import generate
from wsis_data.views import apply_filters

SIZES = ((20_000, 500), (200_000, 5_000))
DEFAULT = "page default (top 200, ≤1,000 links)"
EVERYTHING = "all organisations and links"
CASES = {DEFAULT: N.NetworkSettings(), EVERYTHING: N.NetworkSettings(top_n=0, max_edges=0)}
#: (size in organisations, case) → (cold goal, cached goal, communities goal), seconds.
GOALS = {(5_000, EVERYTHING): (1.5, 0.1, 0.3), (5_000, DEFAULT): (0.3, None, None)}
MODULARITY_SEEDS = (1, 2, 3)


def _cold_layout(net: N.Network):
    N.clear_layouts()
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


def _goal(value: float, goal: float | None) -> str:
    if goal is None:
        return "-"
    return f"≤{goal:g} {'met' if value <= goal else 'NOT met'}"


def _louvain(net: N.Network) -> tuple[nx.Graph, list]:
    """networkx's graph of the same links and its Louvain partition (the former method)."""
    graph = nx.Graph()
    graph.add_nodes_from(net.nodes.index)
    graph.add_weighted_edges_from(net.edges[["source", "target", "weight"]].itertuples(False))
    found = nx.community.louvain_communities(graph, weight="weight", seed=42)
    return graph, found


def _modularity_rows(sizes) -> list[list[str]]:
    rows, ours_all, theirs_all = [], [], []
    for n_sessions, n_orgs in sizes:
        for seed in MODULARITY_SEEDS:
            view = apply_filters(
                generate(n_sessions=n_sessions, n_organisers=n_orgs, seed=seed), Filters()
            )
            for case, settings in CASES.items():
                net = N.build_network(view, settings)
                graph, found = _louvain(net)
                theirs = nx.community.modularity(graph, found, weight="weight")
                ours_all.append(net.modularity)
                theirs_all.append(theirs)
                rows.append(
                    [f"{n_orgs:,}", str(seed), case, f"{len(net.communities)}",
                     f"{net.modularity:.4f}", f"{len(found)}", f"{theirs:.4f}",
                     f"{net.modularity - theirs:+.4f}"]
                )  # fmt: skip
    mean_ours, mean_theirs = statistics.mean(ours_all), statistics.mean(theirs_all)
    rows.append(["mean", "", "", "", f"{mean_ours:.4f}", "", f"{mean_theirs:.4f}",
                 f"{mean_ours - mean_theirs:+.4f}"])  # fmt: skip
    return rows


def run(sizes=SIZES, repeat: int = 3, browser: Chromium | None = None) -> None:
    """Print the timing table, then the modularity table."""
    rows = []
    for n_sessions, n_orgs in sizes:
        view = apply_filters(
            generate(n_sessions=n_sessions, n_organisers=n_orgs, seed=1), Filters()
        )
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
                lambda g=graph: nx.community.louvain_communities(g, weight="weight", seed=42),
                repeat,
                0,
            )
            build = median_seconds(lambda v=view, s=settings: N.build_network(v, s), repeat, 0)
            communities = median_seconds(
                lambda g=net.igraph, s=settings: N.detect_communities(g, s), repeat, 0
            )
            layout_cold = median_seconds(lambda net=net: _cold_layout(net), repeat, 0)
            positions = N.layout(net)
            figure = median_seconds(
                lambda net=net, pos=positions: F.network_figure(net, pos), repeat, 1
            )
            fig = F.network_figure(net, positions)
            cached = median_seconds(
                lambda net=net, fig=fig: (N.layout(net), pio.to_json(fig, validate=False)), repeat
            )
            central = median_seconds(lambda net=net: N.centrality(net), 1, 0)
            cold = build + layout_cold + figure
            cold_goal, cached_goal, communities_goal = GOALS.get((n_orgs, case), (None,) * 3)
            render = f"{browser.render_seconds(fig):.2f}" if browser else "-"
            rows.append(
                [f"{n_orgs:,} / {n_sessions:,}", case, f"{len(net.nodes):,}",
                 f"{len(net.edges):,}", f"{base_graph:.3f}", f"{build:.3f}",
                 f"{base_louvain:.3f}", f"{communities:.3f}",
                 f"{base_louvain / max(communities, 1e-9):.1f}x",
                 _goal(communities, communities_goal), f"{layout_cold:.3f}", f"{figure:.3f}",
                 f"{cold:.3f}", _goal(cold, cold_goal), f"{cached:.3f}",
                 _goal(cached, cached_goal), f"{central:.2f}", render]
            )  # fmt: skip
    print_table(
        "Organisation network (seconds; median of 3; cold = build + layout + figure)",
        ["orgs / sessions", "settings", "nodes", "links", "nx.Graph", "build",
         "nx louvain", "leiden", "louvain/leiden", "goal", "layout", "figure", "cold", "goal",
         "cached rerun", "goal", "centrality", "chromium render"],
        rows,
    )  # fmt: skip
    print_table(
        "Modularity Q: our partition (Leiden, igraph) vs networkx Louvain on the same graphs",
        ["orgs", "seed", "settings", "leiden communities", "leiden Q", "louvain communities",
         "louvain Q", "difference"],
        _modularity_rows(sizes),
    )  # fmt: skip
    load = os.getloadavg()[0]
    print(f"\npeak RSS {peak_rss_mib():,.0f} MiB; load average {load:.1f} on {os.cpu_count()} CPUs")
    print("synthetic generation and filtering are not timed above.")
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
