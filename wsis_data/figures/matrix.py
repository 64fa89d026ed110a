"""The Action Line × SDG heatmap (with totals, official links, gap status and a click layer).

Record text is never put into HTML-capable strings without `plain` escaping: Plotly renders a
subset of HTML in hovers, labels and titles.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from wsis_data.figures.style import (
    DIVERGING_SCALES,
    GAP_COLOURS,
    SEQUENTIAL_SCALES,
    VALUE_FORMATS,
    add_note,
    cell_layer,
    copy_of,
    count_ticks,
    steady,
)
from wsis_data.matrix import GAP_STATUSES, VALUE_MODES, Matrix
from wsis_data.official import official_pairs
from wsis_data.safe_text import plain
from wsis_data.taxonomy import action_line, sdg

__all__ = ["CHOSEN_CELL", "heatmap", "mark_cell"]

#: The chosen cell's outline: a colour the official-link outlines (red, black in gaps mode) and the
#: colour scales do not use, thicker, around the whole cell, on a white halo.
CHOSEN_CELL = {"name": "Chosen cell (its sessions are listed below)", "color": "#FF00FF"}
#: The subplot the grid is drawn in (row 2, column 1 of the 2 × 2 layout).
GRID_AXES = ("x3", "y3")


def heatmap(
    matrix: Matrix,
    *,
    note: str = "",
    colorscale: str | None = None,
    log: bool = False,
    labels: bool = True,
    show_official: bool = True,
    gaps_mode: bool = False,
    height: int | None = None,
) -> go.Figure:
    """The Action Line × SDG heatmap with totals beside it and a clickable cell layer.

    Layout: column totals (bars in the official SDG colours) above the grid, row totals to its
    right. Trace 0 is the heatmap (x = "SDG n", y = row labels). ``log`` colours by log10 of the
    values (log2 centred on 1 for lift); ``gaps_mode`` colours each cell by its status against the
    official matrix instead. Click events arrive from the marker layer as ``{"x": sdg_label,
    "y": row_label, "customdata": [action_line_code, sdg, sessions]}``.
    """
    rows = matrix.row_labels
    goals = [int(g) for g in matrix.counts.columns]
    cols = [f"SDG {g}" for g in goals]
    values = matrix.values.to_numpy(dtype=float)
    counts = matrix.counts.to_numpy()
    official = _official_text(matrix)
    linked = np.array([[bool(t) for t in r] for r in official], dtype=bool).reshape(counts.shape)
    full_names = [plain(action_line(c).name) for c in matrix.counts.index]
    goal_names = [plain(sdg(g).short_name) for g in goals]
    fmt = VALUE_FORMATS[matrix.value]
    status = _gap_status(linked, counts)

    fig = make_subplots(
        rows=2,
        cols=2,
        shared_xaxes=True,
        shared_yaxes=True,
        column_widths=[0.86, 0.14],
        row_heights=[0.16, 0.84],
        horizontal_spacing=0.012,
        vertical_spacing=0.02,
    )
    if gaps_mode:
        fig.add_trace(_gaps_trace(status, cols, rows), row=2, col=1)
    else:
        fig.add_trace(
            _value_trace(matrix, values, cols, rows, fmt, colorscale, log, labels), row=2, col=1
        )
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
            + (f"<br>Gap status: {status[i][j]}" if gaps_mode and status[i][j] else "")
            + "<br><i>Click to list the sessions</i>"
            for j in range(len(cols))
        ]
        for i in range(len(rows))
    ]
    xs, ys = np.meshgrid(np.arange(len(cols)), np.arange(len(rows)))
    xs, ys = xs.ravel(), ys.ravel()
    fig.add_trace(
        steady(
            go.Scatter(
                x=[cols[j] for j in xs],
                y=[rows[i] for i in ys],
                customdata=[
                    [matrix.counts.index[i], goals[j], int(counts[i, j])]
                    for i, j in zip(ys, xs, strict=True)
                ],
                hovertext=[hover[i][j] for i, j in zip(ys, xs, strict=True)],
                hoverinfo="text",
                **cell_layer(),
            )
        ),
        row=2,
        col=1,
    )
    if show_official:
        oi, oj = np.nonzero(linked)
        fig.add_trace(
            steady(
                go.Scatter(
                    x=[cols[j] for j in oj],
                    y=[rows[i] for i in oi],
                    mode="markers",
                    marker={
                        "symbol": "square-open",
                        "size": 22,
                        "color": "#000000" if gaps_mode else "#E5243B",
                        "line": {"width": 2},
                    },
                    hoverinfo="skip",
                    name="Official WSIS–SDG Matrix link",
                    showlegend=True,
                )
            ),
            row=2,
            col=1,
        )
    colours = [sdg(g).colour for g in goals]
    fig.add_trace(
        steady(
            go.Bar(
                x=cols,
                y=matrix.col_totals.to_numpy(),
                marker={"color": colours},
                customdata=goal_names,
                hovertemplate="<b>%{x}</b> %{customdata}<br>%{y} sessions<extra></extra>",
                showlegend=False,
                name="SDG totals",
            )
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        steady(
            go.Bar(
                x=matrix.row_totals.to_numpy(),
                y=rows,
                orientation="h",
                marker={"color": "#6b6b6b"},
                customdata=full_names,
                hovertemplate="<b>%{y}</b> %{customdata}<br>%{x} sessions<extra></extra>",
                showlegend=False,
                name="Action Line totals",
            )
        ),
        row=2,
        col=2,
    )
    # The official SDG colours as a strip along the top edge of the grid (one layout update).
    strip = [
        {
            "type": "rect",
            "xref": "x3",
            "yref": "y3 domain",
            "x0": j - 0.5,
            "x1": j + 0.5,
            "y0": 1.0,
            "y1": 1.035,
            "fillcolor": colour,
            "line": {"width": 0},
            "layer": "above",
        }
        for j, colour in enumerate(colours)
    ]
    fig.update_layout(shapes=strip)
    ticks = {"type": "category", "tickangle": -45, "categoryorder": "array"}
    fig.update_xaxes(ticks, categoryarray=cols, row=2, col=1)
    fig.update_xaxes(showticklabels=False, row=1, col=1)
    fig.update_xaxes(title_text="Sessions", title_font_size=11, row=2, col=2)
    fig.update_yaxes(title_text="Sessions", title_font_size=11, row=1, col=1, nticks=3)
    fig.update_yaxes(count_ticks(0, float(counts.sum(axis=0).max(initial=0))), row=1, col=1)
    fig.update_xaxes(count_ticks(0, float(counts.sum(axis=1).max(initial=0))), row=2, col=2)
    fig.update_xaxes(nticks=3, row=2, col=2)
    fig.update_yaxes(type="category", autorange="reversed", row=2, col=1)
    fig.update_yaxes(type="category", autorange="reversed", row=2, col=2)
    fig.update_layout(
        height=height or 260 + 30 * len(rows),
        margin={"l": 10, "r": 10, "t": 44, "b": 70},
        legend={"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top"},
        clickmode="event+select",
        dragmode=False,
        bargap=0.15,
        plot_bgcolor="#ffffff",
    )
    add_note(fig, note, y=1.0, yanchor="bottom", yshift=6)
    return fig


def mark_cell(fig: go.Figure, row: int, col: int) -> go.Figure:
    """A copy of a `heatmap` figure with the chosen cell (``row``, ``col``: positions in the
    grid) outlined and named in the legend; `fig` itself (often shared) is left as it is."""
    marked = copy_of(fig)
    xref, yref = GRID_AXES
    box = {"type": "rect", "xref": xref, "yref": yref, "layer": "above"}
    box |= {"x0": col - 0.5, "x1": col + 0.5, "y0": row - 0.5, "y1": row + 0.5}
    marked.add_shape(box, line={"width": 7, "color": "#FFFFFF"}, name="chosen cell halo")
    marked.add_shape(
        box, line={"width": 3.5, "color": CHOSEN_CELL["color"]}, name=CHOSEN_CELL["name"],
        showlegend=True,
    )  # fmt: skip
    return marked


def _value_trace(
    matrix: Matrix,
    values: np.ndarray,
    cols: list[str],
    rows: list[str],
    fmt: str,
    colorscale: str | None,
    log: bool,
    labels: bool,
) -> go.Heatmap:
    """The heatmap coloured by the matrix values (linear or log)."""
    lift = matrix.value == "lift"
    scale = colorscale or (DIVERGING_SCALES[0] if lift else SEQUENTIAL_SCALES[0])
    title = VALUE_MODES[matrix.value]
    colorbar: dict = {
        "title": {"text": title, "side": "right"},
        "len": 0.8,
        "y": 0.42,
        "thickness": 16,
    }
    with np.errstate(divide="ignore", invalid="ignore"):
        if log:
            z = np.where(values > 0, np.log2(values) if lift else np.log10(values), np.nan)
            finite = z[np.isfinite(z)]
            ticks = _log_ticks(finite, base=2 if lift else 10)
            colorbar |= {"tickvals": ticks, "ticktext": [_fmt_tick(t, lift, fmt) for t in ticks]}
            colorbar["title"]["text"] = title + (" (log₂ scale)" if lift else " (log scale)")
            zmid = 0.0 if lift else None
        else:
            z = values
            zmid = 1.0 if lift else None
            if fmt.endswith("%"):
                colorbar["tickformat"] = ".0%"
            elif matrix.value == "sessions":
                colorbar |= count_ticks(0, float(np.nanmax(values, initial=0)))
    extra: dict = {}
    if labels:
        extra = {"text": [[_fmt(v, fmt) for v in r] for r in values], "texttemplate": "%{text}"}
        extra["textfont"] = {"size": 10}
    return go.Heatmap(
        z=z,
        x=cols,
        y=rows,
        colorscale=scale,
        zmid=zmid,
        colorbar=colorbar,
        hoverinfo="skip",
        xgap=1,
        ygap=1,
        name="values",
        **extra,
    )


def _gaps_trace(status: list[list[str]], cols: list[str], rows: list[str]) -> go.Heatmap:
    """The heatmap coloured by each cell's status against the official matrix."""
    index = {s: i for i, s in enumerate(GAP_STATUSES)}
    z = [[index.get(s, np.nan) for s in r] for r in status]
    n = len(GAP_STATUSES)
    scale = []
    for i, colour in enumerate(GAP_COLOURS):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return go.Heatmap(
        z=z,
        x=cols,
        y=rows,
        zmin=-0.5,
        zmax=n - 0.5,
        colorscale=scale,
        colorbar={
            "tickvals": list(range(n)),
            "ticktext": list(GAP_STATUSES),
            "title": {"text": "Against the official matrix"},
            "len": 0.8,
            "y": 0.42,
        },
        hoverinfo="skip",
        xgap=1,
        ygap=1,
        name="gaps",
    )


def _gap_status(linked: np.ndarray, counts: np.ndarray) -> list[list[str]]:
    """Per cell: one of GAP_STATUSES, or "" (no official link and no sessions)."""
    has = counts > 0
    out = np.select(
        [linked & has, linked & ~has, ~linked & has], list(GAP_STATUSES), default=""
    ).astype(object)
    return out.tolist()


def _log_ticks(z: np.ndarray, *, base: int) -> list[float]:
    """Integer exponents covering the finite range of z (at most ~8 ticks)."""
    if not len(z):
        return [0.0]
    lo, hi = int(np.floor(z.min())), int(np.ceil(z.max()))
    step = max(1, (hi - lo) // 7)
    return [float(t) for t in range(lo, hi + 1, step)]


def _fmt_tick(exponent: float, lift: bool, fmt: str) -> str:
    value = 2.0**exponent if lift else 10.0**exponent
    if lift:
        return format(value, "g")
    return format(value, fmt) if fmt.endswith("%") else format(value, "g")


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
