"""Pure Plotly builders for the organisation network (no Streamlit).

Organisation names are record text: every label, hover and title goes through
`wsis_data.safe_text.plain`, so a name is always shown literally, never as HTML.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative, sample_colorscale

from wsis_data.dataset import COLLAPSED_ROWS
from wsis_data.figures.network_links import (
    MAX_EDGE_BINS,
    chosen_links,
    coords,
    edge_traces,
    focus_links,
)
from wsis_data.figures.organisation import _note, bipartite_heatmap, years_bar
from wsis_data.figures.style import steady
from wsis_data.network import NORMALISATIONS, OVERLAYS, Network, neighbourhood
from wsis_data.network.labels import Canvas, label_boxes, place_labels, visible
from wsis_data.safe_text import plain
from wsis_data.taxonomy import action_line_label
from wsis_data.words import counted

__all__ = [
    "CHOSEN",
    "COLOUR_BY",
    "MAX_EDGE_BINS",
    "bipartite_heatmap",
    "coords",
    "network_figure",
    "node_colours",
    "years_bar",
]

COLOUR_BY = {"community": "Community", "action_line": "Dominant Action Line", **OVERLAYS}
#: Above this many nodes or links the network is drawn with WebGL (`Scattergl`).
WEBGL_NODES = 1_000
WEBGL_EDGES = 3_000
MAX_COMMUNITY_TRACES = 12
OTHER = "#B0B0B0"
PALETTE = qualitative.Bold + qualitative.Safe + qualitative.Vivid
#: One fixed colour per Action Line (C1..C11), so a colour keeps its meaning across views.
AL_COLOURS = dict(zip(COLLAPSED_ROWS, qualitative.Dark24[:11], strict=True))
#: Overlay scale: Viridis is perceptually uniform and readable with colour-vision deficiencies.
OVERLAY_SCALE = "Viridis"
DIMMED = 0.15
#: The chosen organisation's ring (the chosen heatmap cell's colour: no palette uses it).
CHOSEN = "#FF00FF"
LABEL_FONT = 11
COMMUNITY_FONT = 13
PLOT_WIDTH = 1000  # the pixel width labels are placed for (the chart stretches around it)
MARGIN = {"l": 10, "r": 10, "t": 70, "b": 40}
NOTE_PX = 45  # the subtitle's second line and the dataset note's two, above the graph
TITLE_TOP = {"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 24}}  # 3 lines
LEGEND_PX = 90  # about what the legend below the graph takes at PLOT_WIDTH


def network_figure(
    network: Network,
    positions: dict[str, tuple[float, float]],
    *,
    colour_by: str = "community",
    scores: pd.Series | None = None,
    score_range: tuple[float | None, float | None] | None = None,
    focus: str | None = None,
    steps: int = 1,
    note: str = "",
    labels: int = 20,
    height: int = 720,
) -> go.Figure:
    """The co-organisation network: nodes sized by sessions, coloured by community, dominant
    Action Line or an overlay score (``scores``, on a Viridis scale over ``score_range``; an
    end left None is the scores' own),
    links binned by weight (at most 10 traces), up to ``labels`` non-overlapping labels
    (largest first) and community labels naming each community's largest organisations.

    With ``focus`` (an organisation of the network), the chart zooms to its ``steps``-step
    neighbourhood, dims every other node and link, and marks the chosen organisation (a thick
    ring in `CHOSEN`, its name in bold, its own links in that colour; "Chosen organisation" in
    the legend). A click arrives as a point whose ``customdata`` is ``[organisation]``.
    """
    if colour_by not in COLOUR_BY:
        raise ValueError(f"colour_by must be one of {', '.join(COLOUR_BY)}, not {colour_by!r}")
    nodes = network.nodes
    large = len(nodes) > WEBGL_NODES or len(network.edges) > WEBGL_EDGES
    scatter = go.Scattergl if large else go.Scatter
    xy = coords(positions, nodes.index)
    kept = neighbourhood(network, focus, steps) if focus else ()
    focus = focus if kept else None
    keep = nodes.index.isin(kept) if focus else np.ones(len(nodes), bool)
    fig = go.Figure()
    for trace in edge_traces(network, positions, scatter, dim=bool(focus)):
        fig.add_trace(trace)
    if focus:
        fig.add_trace(focus_links(network, positions, set(kept), scatter))
        fig.add_trace(chosen_links(network, positions, focus, scatter))
    sizes = _sizes(nodes["sessions"].to_numpy())
    hover = _hover(network, colour_by, scores)
    if colour_by in OVERLAYS:
        if scores is None:
            raise ValueError(f"colour_by={colour_by!r} needs scores")
        values = scores.reindex(nodes.index).to_numpy(float)
        lo, hi = _score_range(values, score_range)
        traces = _overlay_traces(values, (lo, hi), COLOUR_BY[colour_by], scatter)
    else:
        groups, colours = _groups(network, colour_by)
        traces = [(groups == name, colour, plain(name)) for name, colour in colours.items()]
    # Dimmed nodes first, so none covers a node in focus; each trace has one opacity, which
    # Plotly's click selection keeps (`steady`): the emphasis is drawn here, not by Plotly.
    for dimmed in (True, False) if focus else (False,):
        for rank, (mask, colour, name) in enumerate(traces):
            part = mask & (~keep if dimmed else keep)
            if not part.any():
                continue
            legend = not (dimmed and (mask & keep).any())  # the group's kept part if any
            marker = {"size": sizes[part], "line": {"width": 0.5, "color": "white"}}
            marker["opacity"] = DIMMED if dimmed else 1.0
            if isinstance(colour, dict):
                marker.update(colour, color=colour["color"][part], showscale=legend)
            else:
                marker["color"] = colour
            trace = scatter(
                x=xy[part, 0],
                y=xy[part, 1],
                mode="markers",
                marker=marker,
                customdata=nodes.index.to_numpy(object)[part][:, None],
                hovertext=hover[part],
                hoverinfo="text",
                name=name,
                legendgroup=name,
                legendrank=rank,
                showlegend=legend and (not isinstance(colour, dict) or name == "No score"),
            )
            fig.add_trace(steady(trace))
    canvas = _canvas(xy[keep] if focus else xy, height)
    taken = np.zeros((0, 4))
    if colour_by == "community" and not focus and len(nodes):
        trace, taken = _community_labels(network, positions, canvas)
        fig.add_trace(steady(trace))
    if focus:  # the chosen organisation: a thick ring and its name, above everything
        at = nodes.index.get_loc(focus)
        trace, taken = _chosen_trace(focus, xy[at], sizes[at], canvas)
        fig.add_trace(steady(trace))
        keep = keep & (nodes.index != focus)
    if labels and len(nodes):
        fig.add_trace(steady(_label_trace(nodes.index, xy, sizes, keep, canvas, labels, taken)))
    subtitle = [  # one short line each: a phone-wide chart cuts a long one
        f"{counted(len(nodes), 'organisation')}, {counted(len(network.edges), 'link')} · "
        f"{NORMALISATIONS[network.settings.normalisation]}",
        f"{counted(len(network.communities), 'community')}, "
        f"modularity Q = {network.modularity:.3f}",
    ]
    if focus:
        subtitle[-1] += f" · focus: {focus} and {len(kept) - 1} within reach"
    lines = "".join(f"<br><sup>{plain(line)}</sup>" for line in subtitle)
    fig.update_layout(
        title={"text": f"Who organises with whom{lines}", **TITLE_TOP},
        height=height,
        xaxis={"visible": False, "range": list(canvas.x_range), "constrain": "domain"},
        yaxis={
            "visible": False,
            "scaleanchor": "x",
            "scaleratio": 1,
            "range": list(canvas.y_range),
            "constrain": "domain",  # both ranges kept whole: the plot area shrinks instead
        },
        legend={  # below the graph: the graph keeps the whole width, also on a phone
            "title": {"text": COLOUR_BY[colour_by]},
            "itemsizing": "constant",
            "orientation": "h",
            "x": 0,
            "y": -0.01,
            "yanchor": "top",
        },
        margin={**MARGIN, "t": MARGIN["t"] + NOTE_PX},
        plot_bgcolor="white",
        clickmode="event+select",
        hovermode="closest",
        annotations=[{**_note(note), "y": 1, "yanchor": "bottom", "yshift": 2}] if note else [],
        meta={"focus": focus or "", "kept": list(kept) if focus else []},
    )
    return fig


def node_colours(
    network: Network,
    colour_by: str = "community",
    scores: pd.Series | None = None,
    score_range: tuple[float | None, float | None] | None = None,
) -> dict[str, str]:
    """The colour of every organisation as drawn by `network_figure` (for GEXF)."""
    nodes = network.nodes
    if colour_by in OVERLAYS and scores is not None:
        values = scores.reindex(nodes.index).to_numpy(float)
        lo, hi = _score_range(values, score_range)
        where = np.clip((values - lo) / ((hi - lo) or 1.0), 0, 1)
        ok = np.isfinite(where)
        sampled = sample_colorscale(OVERLAY_SCALE, where[ok].tolist()) if ok.any() else []
        out = dict.fromkeys(nodes.index, OTHER)
        out.update(zip(nodes.index[ok], sampled, strict=True))
        return out
    groups, colours = _groups(network, "action_line" if colour_by == "action_line" else "")
    return {n: colours[g] for n, g in zip(nodes.index, groups, strict=True)}


def _score_range(
    values: np.ndarray, chosen: tuple[float | None, float | None] | None
) -> tuple[float, float]:
    """The colour scale's ends: those chosen, else the scores' own minimum / maximum."""
    finite = values[np.isfinite(values)]
    lo, hi = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)
    low, high = chosen or (None, None)
    return (lo if low is None else float(low)), (hi if high is None else float(high))


def _overlay_traces(values: np.ndarray, span: tuple[float, float], title: str, scatter) -> list:
    """The scored nodes on one continuous trace (with its colour bar); unscored ones grey."""
    ok = np.isfinite(values)
    scale = {
        "color": values,
        "colorscale": OVERLAY_SCALE,
        "cmin": span[0],
        "cmax": span[1],
        "showscale": True,
        "colorbar": {"title": {"text": plain(title)}},
    }
    return [(ok, scale, "Organisations"), (~ok, OTHER, "No score")]


def _canvas(xy: np.ndarray, height: int) -> Canvas:
    """The layout range shown (with room for the largest markers) and its plot area."""
    if len(xy):
        lo, hi = xy.min(axis=0), xy.max(axis=0)
    else:
        lo, hi = np.array([-1.0, -1.0]), np.array([1.0, 1.0])
    half = np.maximum((hi - lo) / 2, 0.15) * 1.2
    mid = (lo + hi) / 2
    return Canvas(
        (float(mid[0] - half[0]), float(mid[0] + half[0])),
        (float(mid[1] - half[1]), float(mid[1] + half[1])),
        PLOT_WIDTH - MARGIN["l"] - MARGIN["r"],
        height - MARGIN["t"] - NOTE_PX - MARGIN["b"] - LEGEND_PX,
    )


def _chosen_trace(name: str, xy: np.ndarray, size: float, canvas: Canvas):
    """The chosen organisation's ring and bold name (legend: "Chosen organisation"), and the
    pixel box its name takes."""
    text = plain(name)
    ring = size + 10
    box = label_boxes([text], xy[None, :], np.array([ring / 2]), LABEL_FONT + 1, canvas)
    trace = go.Scatter(
        x=[xy[0]],
        y=[xy[1]],
        mode="markers+text",
        marker={"symbol": "circle-open", "size": ring, "color": CHOSEN, "line": {"width": 4}},
        text=[f"<b>{text}</b>"],
        textposition="top center",
        textfont={"size": LABEL_FONT + 1, "color": "#000"},
        hoverinfo="skip",
        name="Chosen organisation",
        legendrank=-1,
        showlegend=True,
    )
    return trace, box


def _label_trace(names, xy, sizes, keep, canvas: Canvas, limit: int, taken) -> go.Scatter:
    """The labels shown: largest first (nodes are sorted so), none overlapping another. Each
    sits on an invisible marker of its node's size, so Plotly puts the text above the node."""
    texts = [plain(n) for n in names]
    boxes = label_boxes(texts, xy, sizes / 2, LABEL_FONT, canvas)
    (x0, x1), (y0, y1) = (np.array(r) * canvas.scale for r in (canvas.x_range, canvas.y_range))
    whole = (boxes[:, 0] >= x0) & (boxes[:, 2] <= x1) & (boxes[:, 3] <= y1) & (boxes[:, 1] >= y0)
    chosen = place_labels(boxes, limit, inside=visible(xy, canvas) & keep & whole, taken=taken)
    return go.Scatter(
        x=xy[chosen, 0],
        y=xy[chosen, 1],
        mode="markers+text",
        marker={"size": sizes[chosen], "opacity": 0},
        text=[texts[i] for i in chosen],
        textposition="top center",
        textfont={"size": LABEL_FONT, "color": "#222"},
        hoverinfo="skip",
        showlegend=False,
        name="labels",
    )


def _community_labels(network: Network, positions: dict, canvas: Canvas):
    """A label at the centre of each large community naming its two largest organisations,
    and the pixel boxes they take."""
    sessions = network.nodes["sessions"]
    where = dict(zip(network.nodes.index, coords(positions, network.nodes.index), strict=True))
    xs, ys, texts = [], [], []
    for i, members in enumerate(network.communities[:MAX_COMMUNITY_TRACES]):
        if len(members) < 3:
            continue
        centre = np.median(np.array([where[m] for m in members]), axis=0)
        top = sessions.reindex(list(members)).sort_values(ascending=False, kind="stable")
        xs.append(centre[0])
        ys.append(centre[1])
        texts.append(f"{i + 1}: {', '.join(plain(n) for n in top.index[:2])}")
    xy = np.column_stack([xs, ys]) if xs else np.zeros((0, 2))
    boxes = label_boxes(texts, xy, np.zeros(len(xy)), COMMUNITY_FONT, canvas)
    chosen = place_labels(boxes, len(boxes))
    trace = go.Scatter(
        x=[xs[i] for i in chosen],
        y=[ys[i] for i in chosen],
        mode="text",
        text=[f"<b>{texts[i]}</b>" for i in chosen],
        textposition="middle center",
        textfont={"size": COMMUNITY_FONT, "color": "#000"},
        hoverinfo="skip",
        showlegend=False,
        name="community labels",
    )
    return trace, boxes[chosen]


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


def _hover(network: Network, colour_by: str, scores: pd.Series | None) -> np.ndarray:
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
    if colour_by in OVERLAYS and scores is not None:
        value = scores.reindex(nodes.index).map(lambda v: "—" if pd.isna(v) else f"{v:.3g}")
        hover = hover + "<br>" + plain(OVERLAYS[colour_by]) + ": " + value.astype(str)
    return hover.to_numpy(object)
