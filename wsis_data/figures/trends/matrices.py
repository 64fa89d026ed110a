"""The Action Line × SDG matrix over years: the animation and the difference heatmap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from wsis_data.figures.style import cell_layer, count_ticks
from wsis_data.figures.trends.base import NO_DATA, _add_note, _axis_title, _fmt
from wsis_data.taxonomy import SDG_GOALS, sdg_label
from wsis_data.trends import YearMatrices
from wsis_data.words import counted


def _cells_hover(m: YearMatrices, i: int, measure: str) -> str:
    """The hover of year `i`'s cells, a template over the cell's position and its customdata
    (year, Action Line, SDG, sessions[, share]): one string per frame, not one per cell."""
    year = m.years[i]
    if not m.has_data[i]:
        return f"{year}: {NO_DATA} in the dataset<extra></extra>"
    share = "<br>Share of the year's sessions: %{customdata[4]:.1%}" if measure == "share" else ""
    cell = "<b>%{y} × %{x}</b> (%{customdata[0]})<br>Sessions: %{customdata[3]:,}"
    return f"{cell}{share}<extra></extra>"


def matrix_animation(
    m: YearMatrices, *, measure: str = "sessions", note: str = "", scale: str = "Viridis"
) -> go.Figure:
    """The Action Line × SDG heatmap over time: one frame per year, a slider and a play button.

    The colour scale is fixed across years (0 to the largest value of any year), so frames
    compare; a no-data year shows an empty grid titled "no data". A transparent marker layer
    makes cells clickable: ``customdata = [year, action_line, sdg, sessions]`` (and the share
    of the year's sessions when ``measure="share"``).
    """
    values = m.shares() if measure == "share" else m.counts.astype(float)
    zmax = float(values.max()) if values.size and values.max() > 0 else 1.0
    labels = m.row_labels
    cols = [sdg_label(g) for g in SDG_GOALS]

    def z_of(i: int) -> np.ndarray:
        if not m.has_data[i]:
            return np.full(values.shape[1:], np.nan)
        return values[i]

    def title_of(i: int) -> str:
        year = m.years[i]
        if not m.has_data[i]:
            return f"{year}: {NO_DATA} in the dataset"
        return f"{year}: {counted(int(m.year_sessions[i]), 'session')} in the view"

    # whole numbers, each once (a scale to 2 sessions would read "0, 1, 1, 2, 2")
    ticks = count_ticks(0, zmax) if measure == "sessions" else {"tickformat": _fmt(measure)}
    ri, ci = (a.ravel() for a in np.meshgrid(np.arange(len(labels)), np.arange(len(cols)),
                                              indexing="ij"))  # fmt: skip

    def traces(i: int, first: bool = False) -> list:
        """Year `i`'s heatmap and click layer; a frame carries only what changes from year to
        year (Plotly merges it into the traces shown): the axes, scale and marker style are the
        first's (a third of the figure's size)."""
        heat = {"z": z_of(i), "zmin": 0, "zmax": zmax, "zauto": False}
        cells = {
            "customdata": [
                [int(m.years[i]), m.rows[r], int(c) + 1, int(m.counts[i, r, c])]
                + ([float(np.nan_to_num(values[i, r, c]))] if measure == "share" else [])
                for r, c in zip(ri, ci, strict=True)
            ],
            "hovertemplate": _cells_hover(m, i, measure),
        }
        if first:
            heat |= {
                "x": cols, "y": labels, "colorscale": scale, "hoverinfo": "skip",
                "colorbar": {"title": {"text": _axis_title(measure)}, **ticks},
                "xgap": 1, "ygap": 1,
            }  # fmt: skip
            # Heatmaps are not selectable: transparent markers at the cell centres take clicks.
            cells |= {"x": [cols[c] for c in ci], "y": [labels[r] for r in ri], **cell_layer()}
        return [go.Heatmap(heat), go.Scatter(cells)]

    def title(i: int) -> dict:  # at the very top: rotated SDG ticks (narrow chart) go below it
        text = title_of(i) if m.years else ""
        return {"text": text, "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}}

    names = [str(y) for y in m.years]
    frames = [
        go.Frame(data=traces(i), traces=[0, 1], name=names[i], layout={"title": title(i)})
        for i in range(len(m.years))
    ]
    first = next((i for i in range(len(m.years)) if m.has_data[i]), 0)
    fig = go.Figure(data=traces(first, first=True) if m.years else [], frames=frames)
    step_args = {"mode": "immediate", "frame": {"duration": 0, "redraw": True}}
    play = {"frame": {"duration": 900, "redraw": True}, "transition": {"duration": 0}}
    fig.update_layout(
        title=title(first),
        xaxis={"side": "top", "type": "category", "automargin": True},
        yaxis={"autorange": "reversed", "type": "category"},
        clickmode="event+select",
        dragmode=False,
        height=260 + 28 * len(labels),
        margin={"l": 10, "r": 10, "t": 90, "b": 200},
        updatemenus=[
            {
                "type": "buttons",
                "direction": "left",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"t": 40, "r": 10},  # Play/Pause on their own line, then the slider
                "showactive": False,
                "buttons": [
                    {
                        "label": "▶ Play",
                        "method": "animate",
                        "args": [None, {**play, "fromcurrent": True}],
                    },
                    {
                        "label": "❚❚ Pause",
                        "method": "animate",
                        "args": [[None], {**step_args, "transition": {"duration": 0}}],
                    },
                ],
            }
        ],
        sliders=[
            {
                "active": first,
                "x": 0,
                "len": 1,
                "y": 0,
                "yanchor": "top",
                "pad": {"t": 85},
                "currentvalue": {"prefix": "Year: "},
                "steps": [
                    {"label": names[i], "method": "animate", "args": [[names[i]], step_args]}
                    for i in range(len(m.years))
                ],
            }
        ],
    )
    _add_note(fig, note, y=0, yshift=-165)
    return fig


def difference_heatmap(
    diff: pd.DataFrame,
    m: YearMatrices,
    year_a: int,
    year_b: int,
    *,
    measure: str = "sessions",
    note: str = "",
) -> go.Figure:
    """Year B minus year A per Action Line × SDG cell, diverging colours centred on 0."""
    z = diff.to_numpy(dtype=float)
    bound = float(np.abs(z).max()) if z.size and np.abs(z).max() > 0 else 1.0
    labels = m.row_labels
    cols = [sdg_label(int(g)) for g in diff.columns]
    a = m.frame(year_a, measure).reindex(diff.index).to_numpy(dtype=float)
    b = m.frame(year_b, measure).reindex(diff.index).to_numpy(dtype=float)
    fmt = "+,.0f" if measure == "sessions" else "+.1%"
    base = ",.0f" if measure == "sessions" else ".1%"
    hover = [
        [
            f"<b>{labels[r]} × {cols[c]}</b><br>{year_a}: {format(a[r, c], base)}"
            f"<br>{year_b}: {format(b[r, c], base)}<br>Change: {format(z[r, c], fmt)}"
            for c in range(len(cols))
        ]
        for r in range(len(labels))
    ]
    # signed whole numbers, each once ("−1, +0, +1", not "−1, −1, +0, +1, +1")
    signed = count_ticks(-bound, bound) | {"tickformat": "+,d"}
    ticks = signed if measure == "sessions" else {"tickformat": "+.0%"}
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=cols,
            y=labels,
            colorscale="RdBu",
            zmid=0,
            zmin=-bound,
            zmax=bound,
            colorbar={
                "title": {"text": f"{year_b} − {year_a}"},
                **ticks,
            },
            hovertext=hover,
            hoverinfo="text",
            xgap=1,
            ygap=1,
        )
    )
    height = 160 + 28 * len(labels)
    fig.update_layout(
        xaxis={"side": "top", "type": "category", "automargin": True},
        yaxis={"autorange": "reversed", "type": "category"},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 60},
    )
    _add_note(fig, note, y=0, yshift=-10)
    return fig
