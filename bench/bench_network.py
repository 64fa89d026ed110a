"""The organisation network on synthetic 500 / 5,000 organisations (20,000 / 200,000 sessions).

Steps timed (median of repeats, seconds): `build_network` (graph, node table, Louvain),
communities alone, layout cold and cached, figure build, centrality table, and a "cached rerun"
(what a page rerun pays once Streamlit's caches hold the network and figure: a layout-cache
lookup plus the figure's JSON serialisation). Baselines measured in the same run on the same
links: networkx's own `nx.Graph` construction from the weighted edge list, and a plain
`louvain_communities` call. Run: `python -m bench.bench_network [--small]`.
"""

from __future__ import annotations

import argparse
import time

import networkx as nx

from bench.common import median_seconds, peak_rss_mib, print_table
from wsis_data import network as N
from wsis_data import network_figures as F
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


def run(sizes=SIZES, repeat: int = 3) -> None:
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
                lambda net=net, pos=positions: F.network_figure(net, pos), repeat, 0
            )
            fig = F.network_figure(net, positions)
            cached = median_seconds(lambda net=net, fig=fig: (N.layout(net), fig.to_json()), repeat)
            central = median_seconds(lambda net=net: N.centrality(net), 1, 0)
            cold = build + layout_cold + figure
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
        ],
        rows,
    )
    print(f"\npeak RSS {peak_rss_mib():,.0f} MiB; synthetic generation not timed above.")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="only 500 organisations")
    args = parser.parse_args()
    run(SIZES[:1] if args.small else SIZES)
