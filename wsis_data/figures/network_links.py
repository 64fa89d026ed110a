"""The network's links as Plotly line traces (no Streamlit): binned by weight, and, with a focus,
the links among the focused organisations and the chosen organisation's own links on top."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wsis_data.network import Network

__all__ = ["chosen_links", "coords", "edge_traces", "focus_links"]

MAX_EDGE_BINS = 10
#: The chosen organisation's own links (the colour of its ring, `network.CHOSEN`).
CHOSEN_LINK = "rgba(200,0,200,0.75)"


def coords(positions: dict[str, tuple[float, float]], names) -> np.ndarray:
    """The (x, y) of each name, as an n × 2 array (one vectorised lookup)."""
    keys = pd.Index(list(positions), dtype=object)
    table = np.array(list(positions.values()), float).reshape(-1, 2)
    where = keys.get_indexer(pd.Index(np.asarray(names, dtype=object)))
    if (where < 0).any():
        raise KeyError(f"No position for {np.asarray(names, dtype=object)[where < 0][0]!r}")
    return table[where]


def endpoints(network: Network, positions: dict) -> tuple[np.ndarray, np.ndarray]:
    """The (x, y) of both ends of every link, in the edge table's order (igraph's edges are
    built in that order, between vertices in name order)."""
    ends = np.asarray(network.igraph.get_edgelist(), np.int64).reshape(-1, 2)
    xy = coords(positions, network.igraph.vs["name"])
    return xy[ends[:, 0]], xy[ends[:, 1]]


def edge_traces(network: Network, positions: dict, scatter, dim: bool = False) -> list:
    """Links grouped into at most 10 weight bins (quantiles), thicker and darker when stronger
    (faint when another part of the chart has the focus)."""
    edges = network.edges
    if edges.empty:
        return []
    weight = edges["weight"].to_numpy(float)
    edges_q = np.unique(np.quantile(weight, np.linspace(0, 1, MAX_EDGE_BINS + 1)))
    bins = np.clip(np.searchsorted(edges_q, weight, side="right") - 1, 0, max(len(edges_q) - 2, 0))
    src, dst = endpoints(network, positions)
    n_bins = int(bins.max()) + 1
    traces = []
    for b in range(n_bins):
        mask = bins == b
        if not mask.any():
            continue
        level = (b + 1) / n_bins
        alpha = (0.15 + 0.5 * level) * (0.25 if dim else 1.0)
        lo, hi = weight[mask].min(), weight[mask].max()
        traces.append(
            lines(
                src[mask], dst[mask], scatter, 0.5 + 3.5 * level, f"rgba(90,90,90,{alpha:.3f})"
            ).update(name=f"links {lo:.3g}–{hi:.3g}")
        )
    return traces


def focus_links(network: Network, positions: dict, kept: set[str], scatter):
    """The links among the focused organisations, drawn dark above the others."""
    edges = network.edges
    mask = (edges["source"].isin(kept) & edges["target"].isin(kept)).to_numpy()
    src, dst = endpoints(network, positions)
    return lines(src[mask], dst[mask], scatter, 1.5, "rgba(40,40,40,0.8)").update(
        name="focus links"
    )


def chosen_links(network: Network, positions: dict, chosen: str, scatter):
    """The chosen organisation's own links, thick and in its ring's colour, above the rest."""
    edges = network.edges
    mask = ((edges["source"] == chosen) | (edges["target"] == chosen)).to_numpy()
    src, dst = endpoints(network, positions)
    return lines(src[mask], dst[mask], scatter, 2.0, CHOSEN_LINK).update(
        name="links of the chosen organisation"
    )


def lines(src: np.ndarray, dst: np.ndarray, scatter, width: float, colour: str):
    """One line trace through every (src, dst) pair, broken between pairs."""
    k = len(src)  # float32: half the bytes sent to the browser, far finer than a pixel
    xs = np.column_stack([src[:, 0], dst[:, 0], np.full(k, np.nan)]).ravel().astype(np.float32)
    ys = np.column_stack([src[:, 1], dst[:, 1], np.full(k, np.nan)]).ravel().astype(np.float32)
    return scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"width": width, "color": colour},
        hoverinfo="skip",
        showlegend=False,
    )
