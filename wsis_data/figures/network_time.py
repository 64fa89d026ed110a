"""The network through time: one Plotly frame per window of years, positions kept (no Streamlit).

The slider and its Play button are Plotly's own, in the browser: nothing starts on its own, and
frames change without an animated transition (transition duration 0), so a user who asked for
reduced motion (``prefers-reduced-motion``) sees the same step-by-step redraw as everyone else,
started only by their click and stopped by Pause.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from wsis_data.figures.network import (
    LABEL_FONT,
    MARGIN,
    PALETTE,
    _canvas,
    _groups,
    _note,
    coords,
)
from wsis_data.network import Network
from wsis_data.network.labels import label_boxes, place_labels
from wsis_data.safe_text import plain
from wsis_data.words import counted

#: Frames carry every node and link of every window: the chart keeps the largest organisations
#: and the strongest links of each window.
MAX_NODES = 1_000
MAX_LINKS = 5_000
FRAME_MS = 1_200


def timeline_figure(
    network: Network,
    windows: list[tuple[tuple[int, int], Network]],
    positions: dict[str, tuple[float, float]],
    *,
    note: str = "",
    labels: int = 15,
    height: int = 720,
) -> go.Figure:
    """``network`` redrawn per window of years (``windows`` from
    `wsis_data.network.window_networks`): same positions and community colours throughout,
    node size = sessions in the window, links = sessions shared in the window."""
    groups, colours = _groups(network, "community")
    colour = dict(zip(network.nodes.index, (colours[g] for g in groups), strict=True))
    peak = max((int(w.nodes["sessions"].max()) for _, w in windows if len(w.nodes)), default=1)
    canvas = _canvas(np.array(list(positions.values())).reshape(-1, 2), height)
    frames = []
    for (lo, hi), window in windows:
        name = f"{lo}" if lo == hi else f"{lo}–{hi}"
        data = _window_traces(window, positions, colour, peak, canvas, labels)
        frames.append(go.Frame(data=data, name=name, traces=[0, 1, 2]))
    fig = go.Figure(data=frames[0].data if frames else [], frames=frames)
    play = {"frame": {"duration": FRAME_MS, "redraw": True}, "transition": {"duration": 0}}
    step = {"mode": "immediate", "frame": {"duration": 0, "redraw": True}}
    fig.update_layout(
        title={
            "text": "Who organises with whom, year by year<br><sup>"
            + plain(counted(len(network.nodes), "organisation"))
            + ", placed as in the whole network"
            + "</sup>"
        },
        height=height,
        xaxis={"visible": False, "range": list(canvas.x_range)},
        yaxis={"visible": False, "scaleanchor": "x", "range": list(canvas.y_range)},
        margin={**MARGIN, "b": 120},
        plot_bgcolor="white",
        showlegend=False,
        hovermode="closest",
        sliders=[
            {
                "active": 0,
                "currentvalue": {"prefix": "Years "},
                "pad": {"t": 30},
                "steps": [
                    {
                        "label": f.name,
                        "method": "animate",
                        "args": [[f.name], {**step, "transition": {"duration": 0}}],
                    }
                    for f in frames
                ],
            }
        ],
        updatemenus=[
            {
                "type": "buttons",
                "direction": "left",
                "x": 0,
                "y": -0.02,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"t": 60},
                "buttons": [
                    {"label": "▶ Play", "method": "animate", "args": [None, play]},
                    {"label": "❚❚ Pause", "method": "animate", "args": [[None], step]},
                ],
            }
        ],
        annotations=[{**_note(note), "y": -0.2}] if note else [],
    )
    return fig


def _window_traces(window: Network, positions, colour, peak: int, canvas, labels: int) -> list:
    """Links, nodes and labels of one window (always three traces, so frames line up)."""
    nodes = window.nodes.iloc[:MAX_NODES]
    shown = set(nodes.index)
    edges = window.edges[window.edges["source"].isin(shown) & window.edges["target"].isin(shown)]
    edges = edges.nlargest(MAX_LINKS, "weight", keep="first")
    src, dst = coords(positions, edges["source"]), coords(positions, edges["target"])
    k = len(src)
    xs = np.column_stack([src[:, 0], dst[:, 0], np.full(k, np.nan)]).ravel()
    ys = np.column_stack([src[:, 1], dst[:, 1], np.full(k, np.nan)]).ravel()
    xy = coords(positions, nodes.index)
    sizes = 6 + 34 * np.sqrt(nodes["sessions"].to_numpy(float) / max(peak, 1))
    texts = [plain(n) for n in nodes.index]
    chosen = place_labels(label_boxes(texts, xy, sizes / 2, LABEL_FONT, canvas), labels)
    hover = [
        f"<b>{t}</b><br>Sessions in these years: {s}<br>Partners in these years: {p}"
        for t, s, p in zip(texts, nodes["sessions"], nodes["partners"], strict=True)
    ]
    return [
        go.Scatter(
            x=xs, y=ys, mode="lines", hoverinfo="skip",
            line={"width": 0.8, "color": "rgba(90,90,90,0.35)"}, name="links",
        ),
        go.Scatter(
            x=xy[:, 0], y=xy[:, 1], mode="markers", name="organisations",
            marker={
                "size": sizes,
                "color": [colour.get(n, PALETTE[0]) for n in nodes.index],
                "line": {"width": 0.5, "color": "white"},
            },
            customdata=[[n] for n in nodes.index], hovertext=hover, hoverinfo="text",
        ),
        go.Scatter(
            x=xy[chosen, 0], y=xy[chosen, 1], mode="text", name="labels", hoverinfo="skip",
            text=[texts[i] for i in chosen], textposition="top center",
            textfont={"size": LABEL_FONT, "color": "#222"},
        ),
    ]  # fmt: skip
