"""Plotly builders for the Interlinkages page: the co-occurrence heatmap and the Sankey.

Pure Plotly (no Streamlit). Record-derived text goes through `plain`; the dataset note (which says
"synthetic" for synthetic data) is drawn on every chart.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from wsis_data.cooccurrence import COOC_VALUES, Cooccurrence
from wsis_data.figures.style import (
    DIVERGING_SCALES,
    SEQUENTIAL_SCALES,
    VALUE_FORMATS,
    add_note,
    cell_layer,
)
from wsis_data.matrix import Matrix
from wsis_data.safe_text import plain
from wsis_data.taxonomy import action_line, sdg


def _names(co: Cooccurrence) -> list[str]:
    if co.kind == "sdg":
        return [plain(sdg(int(g)).short_name) for g in co.counts.index]
    return [plain(action_line(str(c)).name) for c in co.counts.index]


def _note(fig: go.Figure, note: str) -> go.Figure:
    """The one dataset note (`style.add_note`, in lines a phone does not cut off) above the plot."""
    add_note(fig, note, y=1.0, yanchor="bottom", yshift=16)
    return fig


def cooccurrence_heatmap(
    co: Cooccurrence,
    *,
    value: str = "sessions",
    note: str = "",
    colorscale: str | None = None,
    labels: bool = True,
) -> go.Figure:
    """The code × code heatmap (diagonal blank) with an invisible clickable cell layer.

    Trace "values" is the heatmap; trace "cells" (markers, opacity 0) reports clicks as
    ``{"customdata": [code_a, code_b, sessions]}``.
    """
    names = _names(co)
    axis = co.labels
    counts = co.counts.to_numpy()
    values = co.values(value).to_numpy(dtype=float)
    if value == "sessions":
        values = values.copy()
        np.fill_diagonal(values, np.nan)
    lift = value == "lift"
    fmt = VALUE_FORMATS["lift" if lift else "sessions"]
    scale = colorscale or (DIVERGING_SCALES[0] if lift else SEQUENTIAL_SCALES[0])
    text = [["" if np.isnan(v) else format(v, fmt) for v in row] for row in values]
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=axis,
            y=axis,
            colorscale=scale,
            zmid=1.0 if lift else None,
            colorbar={  # at the foot, below the tick labels: the cells keep the width on a phone
                "title": {"text": COOC_VALUES[value], "side": "top"},
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "yref": "container",
                "y": 0,
                "yanchor": "bottom",
                "len": 0.6,
                "thickness": 12,
            },
            hoverinfo="skip",
            xgap=1,
            ygap=1,
            name="values",
            **(
                {"text": text, "texttemplate": "%{text}", "textfont": {"size": 9}} if labels else {}
            ),
        )
    )
    n = len(axis)
    ii, jj = np.nonzero(~np.eye(n, dtype=bool))
    lift_values = co.lift.to_numpy()
    hover = [
        f"<b>{axis[i]}</b> {names[i]}<br><b>{axis[j]}</b> {names[j]}"
        f"<br>Sessions naming both: {counts[i, j]}"
        f"<br>Lift: {'n/a' if np.isnan(lift_values[i, j]) else format(lift_values[i, j], '.2f')}"
        "<br><i>Click to list the sessions</i>"
        for i, j in zip(ii, jj, strict=True)
    ]
    codes = co.counts.index.tolist()
    fig.add_trace(
        go.Scatter(
            x=[axis[j] for j in jj],
            y=[axis[i] for i in ii],
            customdata=[
                [_jsonable(codes[i]), _jsonable(codes[j]), int(counts[i, j])]
                for i, j in zip(ii, jj, strict=True)
            ],
            hovertext=hover,
            hoverinfo="text",
            **cell_layer(),
        )
    )
    if co.kind == "sdg":  # the official SDG colours as a strip along the top of the grid
        fig.update_layout(shapes=[_strip(j, sdg(int(g)).colour) for j, g in enumerate(codes)])
    # Fixed ranges: the click layer's markers would pad an automatic range.
    fig.update_xaxes(
        type="category", categoryorder="array", categoryarray=axis, range=[-0.5, n - 0.5]
    )
    fig.update_yaxes(
        type="category", categoryorder="array", categoryarray=axis, range=[n - 0.5, -0.5]
    )
    fig.update_layout(
        height=310 + 28 * n,
        margin={"l": 10, "r": 10, "t": 60, "b": 80},
        clickmode="event+select",
        dragmode=False,
        plot_bgcolor="#ffffff",
    )
    return _note(fig, note)


def _strip(j: int, colour: str) -> dict:
    """A 10 px band of an SDG colour above column j (outside the grid, under the note)."""
    return {"type": "rect", "xref": "x", "yref": "y domain", "ysizemode": "pixel", "yanchor": 1.0,
            "x0": j - 0.5, "x1": j + 0.5, "y0": 2, "y1": 12, "fillcolor": colour,
            "line": {"width": 0}, "layer": "above"}  # fmt: skip


def _jsonable(code: object) -> object:
    return int(code) if isinstance(code, (int, np.integer)) else str(code)


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _stacked(sizes: np.ndarray, gap: float = 0.012) -> list[float]:
    """Node centres (0–1, top down) stacking nodes of these sizes in order (official order)."""
    sizes = np.asarray(sizes, dtype=float)
    span = max(0.0, 1.0 - gap * (len(sizes) - 1))
    heights = sizes / sizes.sum() * span if sizes.sum() else np.zeros(len(sizes))
    tops = np.concatenate([[0.0], np.cumsum(heights[:-1] + gap)])
    return [float(np.clip(t + h / 2, 0.001, 0.999)) for t, h in zip(tops, heights, strict=True)]


def sankey(matrix: Matrix, *, note: str = "", height: int | None = None) -> go.Figure:
    """Action Lines → SDGs: one link per non-empty cell, width = sessions in the cell.

    Action Line nodes are grey; SDG nodes (and the links into them) take the official SDG
    colours. A session with 2 Action Lines and 3 SDGs feeds 6 links, so link widths add up to
    more than the sessions.
    """
    full = matrix.counts.to_numpy()
    keep_r, keep_c = full.sum(axis=1) > 0, full.sum(axis=0) > 0  # nodes without links are left out
    counts = full[keep_r][:, keep_c]
    rows = [r for r, k in zip(matrix.row_labels, keep_r, strict=True) if k]
    codes = [c for c, k in zip(matrix.counts.index, keep_r, strict=True) if k]
    goals = [int(g) for g, k in zip(matrix.counts.columns, keep_c, strict=True) if k]
    colours = [sdg(g).colour for g in goals]
    labels = [plain(r) for r in rows] + [f"SDG {g}" for g in goals]
    names = [plain(action_line(c).name) for c in codes] + [plain(sdg(g).short_name) for g in goals]
    ii, jj = np.nonzero(counts)
    fig = go.Figure(
        go.Sankey(
            arrangement="fixed",
            node={
                "x": [0.001] * len(rows) + [0.999] * len(goals),
                "y": _stacked(counts.sum(axis=1)) + _stacked(counts.sum(axis=0)),
                "label": labels,
                "color": ["#6b6b6b"] * len(rows) + colours,
                "customdata": names,
                "hovertemplate": "<b>%{label}</b> %{customdata}"
                "<br>%{value} sessions summed over its links<extra></extra>",
                "pad": 6,
                "thickness": 14,
            },
            link={
                "source": ii.tolist(),
                "target": (len(rows) + jj).tolist(),
                "value": counts[ii, jj].tolist(),
                "color": [_rgba(colours[j], 0.45) for j in jj],
                "customdata": [
                    f"{labels[i]} → SDG {goals[j]}" for i, j in zip(ii, jj, strict=True)
                ],
                "hovertemplate": "%{customdata}<br>%{value} sessions<extra></extra>",
            },
            textfont={"size": 13, "color": "#1a1a1a", "shadow": "0 0 3px #ffffff"},
            name="Action Lines to SDGs",
        )
    )
    fig.update_layout(
        height=height or max(520, 26 * max(len(rows), len(goals)) + 80),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"size": 12},
    )
    return _note(fig, note)
