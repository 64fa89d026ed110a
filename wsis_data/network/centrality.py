"""Centralities of a network's organisations, computed with igraph on the converted graph."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from wsis_data.network.model import Network

#: Betweenness is exact while nodes × links stays within this budget (about 0.3 s with igraph);
#: above, it is estimated from max(20, budget / links) seeded source nodes.
BETWEENNESS_BUDGET = 20_000_000
BETWEENNESS_MIN_SAMPLES = 20


def betweenness_samples(n: int, m: int, budget: int = BETWEENNESS_BUDGET) -> int:
    """How many source nodes betweenness uses: all (exact) within the budget, else a sample."""
    if n * m <= budget:
        return n
    return min(n, max(BETWEENNESS_MIN_SAMPLES, budget // max(m, 1)))


def betweenness(network: Network, budget: int = BETWEENNESS_BUDGET) -> tuple[np.ndarray, int]:
    """Normalised betweenness of every vertex (igraph order) and the number of sources used.

    Normalised like networkx (pairs over (n−1)(n−2)/2, unweighted shortest paths); estimated
    from a seeded sample of sources, scaled by n / sources, when the graph is over budget.
    """
    g = network.igraph
    n, m = g.vcount(), g.ecount()
    samples = betweenness_samples(n, m, budget)
    if n < 3:
        return np.zeros(n), samples
    if samples < n:
        rng = np.random.default_rng(network.settings.seed)
        sources = np.sort(rng.choice(n, size=samples, replace=False)).tolist()
        raw = np.asarray(g.betweenness(sources=sources, targets=range(n))) * n / samples
    else:
        raw = np.asarray(g.betweenness())
    return raw * 2.0 / ((n - 1) * (n - 2)), samples


def eigenvector(network: Network) -> np.ndarray:
    """Weighted eigenvector centrality (unit length) on the largest connected component of 3
    nodes or more; NaN elsewhere (it is defined on a connected graph only)."""
    g = network.igraph
    out = np.full(g.vcount(), math.nan)
    if g.ecount() == 0:
        return out
    parts = g.connected_components()
    names = np.asarray(g.vs["name"], dtype=object)
    biggest = max(parts, key=lambda c: (len(c), min(names[c])))
    if len(biggest) < 3:
        return out
    sub = g.subgraph(biggest)
    values = np.abs(np.asarray(sub.eigenvector_centrality(weights="weight", scale=False)))
    norm = np.linalg.norm(values)
    out[np.asarray(biggest)] = values / norm if norm > 0 else values
    return out


def centrality(network: Network, budget: int = BETWEENNESS_BUDGET) -> pd.DataFrame:
    """Degree, weighted degree, betweenness and eigenvector centrality of every node.

    Betweenness is exact while nodes × links ≤ `BETWEENNESS_BUDGET`, otherwise estimated from
    `betweenness_samples` seeded source nodes (the table's ``attrs["betweenness"]`` says which).
    Eigenvector centrality is computed on the largest connected component (3 nodes or more)
    and left empty elsewhere.
    """
    g = network.igraph
    nodes = network.nodes
    n = g.vcount()
    between, samples = betweenness(network, budget)
    names = pd.Index(g.vs["name"])
    weighted = g.strength(weights="weight") if g.ecount() else [0.0] * n

    def by_name(values) -> np.ndarray:
        return pd.Series(np.asarray(values, float), index=names).reindex(nodes.index).to_numpy()

    table = pd.DataFrame(
        {
            "sessions": nodes["sessions"],
            "community": nodes["community"] + 1,
            "degree": nodes["partners"],
            "link_strength": nodes["link_strength"],
            "weighted_degree": by_name(weighted),
            "betweenness": by_name(between),
            "eigenvector": by_name(eigenvector(network)),
        },
        index=nodes.index,
    )
    table = table.reset_index()
    table.attrs["betweenness"] = (
        "exact" if samples >= n else f"estimated from {samples} of {n} source nodes (seeded)"
    )
    return table
