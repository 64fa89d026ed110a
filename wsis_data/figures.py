"""Pure Plotly figure builders (no Streamlit). Record text is never put into HTML-capable strings
without `plain` escaping: Plotly renders a subset of HTML in hovers, labels and titles."""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from wsis_data.matrix import VALUE_MODES, Matrix
from wsis_data.official import official_pairs
from wsis_data.taxonomy import action_line, sdg

SEQUENTIAL_SCALES = ("Viridis", "Cividis", "Blues", "YlGnBu", "Magma")


def plain(text: object) -> str:
    """Text from records made safe for Plotly's HTML-capable labels (shown literally)."""
    return html.escape("" if text is None else str(text), quote=True)


def heatmap(
    matrix: Matrix,
    *,
    note: str = "",
    colorscale: str = "Viridis",
    show_official: bool = True,
    height: int | None = None,
) -> go.Figure:
    """The Action Line × SDG heatmap, with a transparent marker layer that makes cells clickable.

    Click events arrive from the marker layer as ``{"x": sdg_label, "y": row_label,
    "customdata": [action_line_code, sdg, sessions]}``.
    """
    rows = matrix.row_labels
    cols = [f"SDG {g}" for g in matrix.counts.columns]
    values = matrix.values.to_numpy(dtype=float)
    counts = matrix.counts.to_numpy()
    lift = matrix.value == "lift"
    z = values
    zmid = 1.0 if lift else None
    scale = "RdBu_r" if lift else colorscale
    fmt = ".0f" if matrix.value == "sessions" else (".2f" if lift else ".0%")
    official = _official_text(matrix)
    full_names = [plain(action_line(c).name) for c in matrix.counts.index]
    goal_names = [plain(sdg(g).short_name) for g in matrix.counts.columns]
    hover = [
        [
            f"<b>{rows[i]}</b> {full_names[i]}<br><b>{cols[j]}</b> {goal_names[j]}"
            f"<br>Sessions: {counts[i, j]}"
            + (
                ""
                if matrix.value == "sessions"
                else f"<br>{VALUE_MODES[matrix.value]}: {_fmt(values[i, j], fmt)}"
            )
            + (f"<br>Official link: {official[i][j]}" if official[i][j] else "<br>No official link")
            for j in range(len(cols))
        ]
        for i in range(len(rows))
    ]
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=cols,
            y=rows,
            colorscale=scale,
            zmid=zmid,
            colorbar={"title": {"text": VALUE_MODES[matrix.value]}},
            hoverinfo="skip",
            xgap=1,
            ygap=1,
        )
    )
    xs, ys = np.meshgrid(np.arange(len(cols)), np.arange(len(rows)))
    custom = [
        [matrix.counts.index[i], int(matrix.counts.columns[j]), int(counts[i, j])]
        for i, j in zip(ys.ravel(), xs.ravel(), strict=True)
    ]
    fig.add_trace(
        go.Scatter(
            x=[cols[j] for j in xs.ravel()],
            y=[rows[i] for i in ys.ravel()],
            mode="markers",
            marker={"symbol": "square", "size": 18, "opacity": 0},
            customdata=custom,
            hovertext=[hover[i][j] for i, j in zip(ys.ravel(), xs.ravel(), strict=True)],
            hoverinfo="text",
            showlegend=False,
            name="cells",
        )
    )
    if show_official:
        oi, oj = np.nonzero(np.array([[bool(t) for t in r] for r in official]))
        fig.add_trace(
            go.Scatter(
                x=[cols[j] for j in oj],
                y=[rows[i] for i in oi],
                mode="markers",
                marker={
                    "symbol": "square-open",
                    "size": 22,
                    "color": "#E5243B",
                    "line": {"width": 2},
                },
                hoverinfo="skip",
                name="Official WSIS–SDG Matrix link",
                showlegend=True,
            )
        )
    fig.update_layout(
        xaxis={"side": "top", "type": "category", "tickangle": 0},
        yaxis={"autorange": "reversed", "type": "category"},
        height=height or 140 + 28 * len(rows),
        margin={"l": 10, "r": 10, "t": 60, "b": 60},
        legend={"orientation": "h", "y": -0.05},
        clickmode="event+select",
        dragmode=False,
    )
    if note:
        fig.add_annotation(
            text=plain(note),
            xref="paper",
            yref="paper",
            x=0,
            y=-0.08,
            showarrow=False,
            font={"size": 11},
            xanchor="left",
        )
    return fig


def _official_text(matrix: Matrix) -> list[list[str]]:
    pairs = official_pairs(matrix.collapse_c7).set_index(["action_line", "sdg"])
    out = []
    for code in matrix.counts.index:
        row = []
        for goal in matrix.counts.columns:
            key = (code, int(goal))
            if key in pairs.index:
                p = pairs.loc[key]
                text = ", ".join(p["targets"]) or "goal level"
                if p["doubt"]:
                    text += " (flagged: " + p["doubt"] + ")"
                row.append(text)
            else:
                row.append("")
        out.append(row)
    return out


def _fmt(value: float, fmt: str) -> str:
    return "n/a" if np.isnan(value) else format(value, fmt)
