"""Pure Plotly builders for the organisation network (no Streamlit).

Organisation names are record text: every label, hover and title goes through
`wsis_data.figures.plain`, so a name is always shown literally, never as HTML.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from wsis_data.dataset import COLLAPSED_ROWS
from wsis_data.figures.style import NOTE_NAME
from wsis_data.network import NORMALISATIONS, Network
from wsis_data.safe_text import plain
from wsis_data.taxonomy import action_line_label, sdg_label

COLOUR_BY = {"community": "Community", "action_line": "Dominant Action Line"}
#: Above this many nodes or links the network is drawn with WebGL (`Scattergl`).
WEBGL_NODES = 1_000
WEBGL_EDGES = 3_000
MAX_EDGE_BINS = 10
MAX_COMMUNITY_TRACES = 12
OTHER = "#B0B0B0"
PALETTE = qualitative.Bold + qualitative.Safe + qualitative.Vivid
#: One fixed colour per Action Line (C1..C11), so a colour keeps its meaning across views.
AL_COLOURS = dict(zip(COLLAPSED_ROWS, qualitative.Dark24[:11], strict=True))


def network_figure(
    network: Network,
    positions: dict[str, tuple[float, float]],
    *,
    colour_by: str = "community",
    note: str = "",
    labels: int = 20,
    height: int = 720,
) -> go.Figure:
    """The co-organisation network: nodes sized by sessions, coloured by community or dominant
    Action Line, links binned by weight (at most 10 traces), labels on the biggest nodes.

    A click arrives as a point whose ``customdata`` is ``[organisation]``.
    """
    if colour_by not in COLOUR_BY:
        raise ValueError(f"colour_by must be one of {', '.join(COLOUR_BY)}, not {colour_by!r}")
    nodes = network.nodes
    large = len(nodes) > WEBGL_NODES or len(network.edges) > WEBGL_EDGES
    scatter = go.Scattergl if large else go.Scatter
    fig = go.Figure()
    for trace in _edge_traces(network, positions, scatter):
        fig.add_trace(trace)
    xy = np.array([positions[n] for n in nodes.index]) if len(nodes) else np.zeros((0, 2))
    groups, colours = _groups(network, colour_by)
    sizes = _sizes(nodes["sessions"].to_numpy())
    hover = _hover(network)
    for name, colour in colours.items():
        mask = groups == name
        if not mask.any():
            continue
        fig.add_trace(
            scatter(
                x=xy[mask, 0],
                y=xy[mask, 1],
                mode="markers",
                marker={
                    "size": sizes[mask],
                    "color": colour,
                    "line": {"width": 0.5, "color": "white"},
                    "opacity": 0.9,
                },
                customdata=[[o] for o in nodes.index[mask]],
                hovertext=hover[mask],
                hoverinfo="text",
                name=plain(name),
                legendgroup=plain(name),
            )
        )
    if labels and len(nodes):
        top = nodes.index[:labels]
        fig.add_trace(
            go.Scatter(
                x=[positions[n][0] for n in top],
                y=[positions[n][1] for n in top],
                mode="text",
                text=[plain(n) for n in top],
                textposition="top center",
                textfont={"size": 11, "color": "#222"},
                hoverinfo="skip",
                showlegend=False,
                name="labels",
            )
        )
    subtitle = (
        f"{len(nodes):,} organisations, {len(network.edges):,} links · "
        f"{NORMALISATIONS[network.settings.normalisation]} · "
        f"{len(network.communities)} communities, modularity Q = {network.modularity:.3f}"
    )
    fig.update_layout(
        title={"text": f"Who organises with whom<br><sup>{plain(subtitle)}</sup>"},
        height=height,
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x", "scaleratio": 1},
        legend={"title": {"text": COLOUR_BY[colour_by]}, "itemsizing": "constant"},
        margin={"l": 10, "r": 10, "t": 70, "b": 40},
        plot_bgcolor="white",
        clickmode="event+select",
        hovermode="closest",
        annotations=[_note(note)] if note else [],
    )
    return fig


def _note(note: str) -> dict:
    return {
        "name": NOTE_NAME,  # the one dataset note (wsis_data.figures.style)
        "text": plain(note),
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": -0.04,
        "showarrow": False,
        "font": {"size": 11, "color": "#555"},
        "xanchor": "left",
    }


def _sizes(sessions: np.ndarray) -> np.ndarray:
    """Marker diameters 6–40 px, area proportional to sessions."""
    if len(sessions) == 0:
        return np.zeros(0)
    root = np.sqrt(sessions.astype(float))
    span = root.max() - root.min()
    return 6 + 34 * ((root - root.min()) / span if span > 0 else np.full(len(root), 0.3))


def _groups(network: Network, colour_by: str) -> tuple[np.ndarray, dict[str, str]]:
    """Each node's legend group and the colour of each group (legend order)."""
    nodes = network.nodes
    if colour_by == "action_line":
        codes = nodes["dominant_action_line"].to_numpy(str)
        named = {c: f"{action_line_label(c, collapse_c7=True)}" for c in COLLAPSED_ROWS}
        groups = np.array([named.get(c, "No Action Line") for c in codes], dtype=object)
        colours = {named[c]: AL_COLOURS[c] for c in COLLAPSED_ROWS}
        colours["No Action Line"] = OTHER
        return groups, colours
    community = nodes["community"].to_numpy()
    shown = min(len(network.communities), MAX_COMMUNITY_TRACES)
    names = [f"Community {i + 1} ({len(network.communities[i])})" for i in range(shown)]
    groups = np.array(
        [names[c] if c < shown else "Other communities" for c in community], dtype=object
    )
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}
    colours["Other communities"] = OTHER
    return groups, colours


def _hover(network: Network) -> np.ndarray:
    """Hover text of every node (names and tags escaped), built column-wise."""
    nodes = network.nodes
    first = nodes["first_year"].astype(str)
    last = nodes["last_year"].astype(str)
    years = first.where(first == last, first + "–" + last)
    escape = np.vectorize(plain, otypes=[object])

    def text(column: str) -> pd.Series:
        values = escape(nodes[column].to_numpy(object))
        return pd.Series(values, index=nodes.index).replace("", "—")

    hover = (
        "<b>" + pd.Series(escape(nodes.index.to_numpy(object)), index=nodes.index) + "</b>"
        + "<br>Sessions: " + nodes["sessions"].astype(str) + " (" + years + ")"
        + "<br>Partners: " + nodes["partners"].astype(str)
        + " (shared sessions: " + nodes["link_strength"].astype(str) + ")"
        + "<br>Top Action Lines: " + text("top_action_lines")
        + "<br>Top SDGs: " + text("top_sdgs")
        + "<br>Community " + (nodes["community"] + 1).astype(str)
    )  # fmt: skip
    return hover.to_numpy(object)


def _edge_traces(network: Network, positions: dict, scatter) -> list:
    """Links grouped into at most 10 weight bins (quantiles), thicker and darker when stronger."""
    edges = network.edges
    if edges.empty:
        return []
    weight = edges["weight"].to_numpy(float)
    edges_q = np.unique(np.quantile(weight, np.linspace(0, 1, MAX_EDGE_BINS + 1)))
    bins = np.clip(np.searchsorted(edges_q, weight, side="right") - 1, 0, max(len(edges_q) - 2, 0))
    src = np.array([positions[s] for s in edges["source"]])
    dst = np.array([positions[t] for t in edges["target"]])
    n_bins = int(bins.max()) + 1
    traces = []
    for b in range(n_bins):
        mask = bins == b
        if not mask.any():
            continue
        k = int(mask.sum())
        xs = np.column_stack([src[mask, 0], dst[mask, 0], np.full(k, np.nan)]).ravel()
        ys = np.column_stack([src[mask, 1], dst[mask, 1], np.full(k, np.nan)]).ravel()
        level = (b + 1) / n_bins
        lo, hi = weight[mask].min(), weight[mask].max()
        traces.append(
            scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"width": 0.5 + 3.5 * level, "color": f"rgba(90,90,90,{0.15 + 0.5 * level})"},
                hoverinfo="skip",
                showlegend=False,
                name=f"links {lo:.3g}–{hi:.3g}",
            )
        )
    return traces


def bipartite_heatmap(counts: pd.DataFrame, kind: str, *, note: str = "") -> go.Figure:
    """Organisations × Action Lines (or SDGs): distinct sessions in each cell."""
    if kind == "action_line":
        columns = [str(c) for c in counts.columns]
        names = [action_line_label(c, collapse_c7=True) for c in counts.columns]
    else:
        columns = [f"SDG {c}" for c in counts.columns]
        names = [sdg_label(int(c)) for c in counts.columns]
    rows = [plain(o) for o in counts.index]
    z = counts.to_numpy()
    hover = [
        [f"<b>{row}</b><br>{plain(names[j])}<br>Sessions: {z[i, j]}" for j in range(len(columns))]
        for i, row in enumerate(rows)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=rows,
            colorscale="Viridis",
            hovertext=hover,
            hoverinfo="text",
            colorbar={"title": {"text": "Sessions"}},
            xgap=1,
            ygap=1,
        )
    )
    what = "Action Lines" if kind == "action_line" else "SDGs"
    fig.update_layout(
        title={"text": f"Which organisations work on which {what}"},
        xaxis={"side": "top", "type": "category"},
        yaxis={"autorange": "reversed", "type": "category"},
        height=160 + 22 * len(rows),
        margin={"l": 10, "r": 10, "t": 80, "b": 40},
        annotations=[_note(note)] if note else [],
    )
    return fig


def years_bar(frame: pd.DataFrame, organisation: str, *, note: str = "") -> go.Figure:
    """Sessions per year of one organisation."""
    fig = go.Figure(
        go.Bar(
            x=frame["year"],
            y=frame["sessions"],
            marker_color="#1f77b4",
            hovertemplate="%{x}: %{y} sessions<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": f"Sessions per year · {plain(organisation)}"},
        xaxis={"type": "category"},
        yaxis={"title": {"text": "Sessions"}},
        height=300,
        margin={"l": 10, "r": 10, "t": 50, "b": 60},
        annotations=[{**_note(note), "y": -0.22, "yanchor": "top"}] if note else [],
    )
    return fig
