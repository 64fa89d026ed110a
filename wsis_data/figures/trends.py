"""Pure Plotly builders for the trends (no Streamlit): lines, areas, small multiples, heatmaps,
the Action Line × SDG animation, the difference heatmap and risers/fallers bars.

Every builder takes the frames of `wsis_data.trends` and a ``note`` (the dataset's
``chart_note``) written under the chart. Years the dataset holds no session in are shaded and
labelled "no data" (never drawn as 0). Clickable traces carry ``customdata = [year, key]``.
Record text (organisations, session types) goes through `wsis_data.figures.plain`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.colors as pc
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from wsis_data.figures.style import NOTE_NAME
from wsis_data.safe_text import plain
from wsis_data.taxonomy import SDG_GOALS, sdg, sdg_label
from wsis_data.trends import BREAKDOWNS, MEASURES, YearMatrices

CHART_TYPES: dict[str, str] = {
    "lines": "Lines",
    "areas": "Stacked areas",
    "multiples": "Small multiples",
    "heatmap": "Heatmap (key × year)",
}
NO_DATA = "no data"
_NO_DATA_FILL = "rgba(128,128,128,0.18)"
_PALETTE = pc.qualitative.Dark24


def _fmt(measure: str) -> str:
    return ",.0f" if measure == "sessions" else ".1%"


def _value_text(value: float, measure: str) -> str:
    return NO_DATA if value is None or pd.isna(value) else format(float(value), _fmt(measure))


def key_colours(long: pd.DataFrame, by: str) -> dict[object, str]:
    """A colour per key: official SDG colours for SDGs, a qualitative palette otherwise."""
    keys = list(pd.unique(long["key"]))
    if by == "sdg":
        return {k: sdg(int(k)).colour for k in keys}
    return {k: _PALETTE[i % len(_PALETTE)] for i, k in enumerate(keys)}


def _no_data_years(long: pd.DataFrame) -> list[int]:
    years = long.drop_duplicates("year")
    return [int(y) for y in years.loc[~years["has_data"].astype(bool), "year"]]


def _mark_no_data(fig: go.Figure, years: list[int], **where) -> None:
    """Shade each no-data year and label it (on every panel when `where` says so)."""
    for year in years:
        fig.add_vrect(
            x0=year - 0.5,
            x1=year + 0.5,
            fillcolor=_NO_DATA_FILL,
            line_width=0,
            layer="below",
            annotation_text=NO_DATA,
            annotation_position="top",
            annotation_font={"size": 10, "color": "#555"},
            **where,
        )


def _add_note(fig: go.Figure, note: str, *, y: float = -0.14, yshift: float = 0) -> None:
    if note:
        fig.add_annotation(
            name=NOTE_NAME,  # the one dataset note (wsis_data.figures.style)
            yshift=yshift,
            text=plain(note),
            xref="paper",
            yref="paper",
            x=0,
            y=y,
            showarrow=False,
            font={"size": 11},
            xanchor="left",
            yanchor="top",
        )


def _axis_title(measure: str) -> str:
    return MEASURES.get(measure, measure)


def _series(long: pd.DataFrame, key: object, measure: str) -> pd.DataFrame:
    rows = long[long["key"] == key]
    return rows.assign(_y=rows[measure].astype("Float64").to_numpy(dtype=float, na_value=np.nan))


def _hover(rows: pd.DataFrame, measure: str) -> list[str]:
    out = []
    change_col = "change" if measure == "sessions" else "share_change"
    changes = rows[change_col] if change_col in rows and measure != "tag_share" else None
    for i, (year, label, sessions, value, has) in enumerate(
        zip(
            rows["year"], rows["label"], rows["sessions"], rows["_y"], rows["has_data"], strict=True
        )
    ):
        if not has:
            out.append(f"<b>{plain(label)}</b><br>{year}: {NO_DATA} in the dataset")
            continue
        text = f"<b>{plain(label)}</b><br>{year}: {int(sessions):,} sessions"
        if measure != "sessions":
            text += f"<br>{_axis_title(measure)}: {_value_text(value, measure)}"
        if changes is not None and not pd.isna(changes.iloc[i]):
            step = "+,.0f" if measure == "sessions" else "+.1%"
            text += f"<br>Change from {year - 1}: {format(float(changes.iloc[i]), step)}"
        out.append(text)
    return out


def _year_axis(fig: go.Figure, long: pd.DataFrame, *, fixed_range: bool = True) -> None:
    years = sorted(int(y) for y in pd.unique(long["year"]))
    fig.update_xaxes(tickmode="array", tickvals=years, title_text=None)
    if years and fixed_range:
        # Not on matched (shared) axes: plotly.js then draws no trace at all.
        fig.update_xaxes(range=[years[0] - 0.5, years[-1] + 0.5])


def lines(
    long: pd.DataFrame,
    by: str,
    *,
    measure: str = "sessions",
    note: str = "",
    areas: bool = False,
    height: int = 520,
) -> go.Figure:
    """One line (or stacked area) per key over the years; no-data years shaded and left blank.

    Points carry ``customdata = [year, key]``. Lines break at no-data years; stacked areas are
    drawn as one stack per run of years with data, so they never bridge a no-data year.
    """
    fig = go.Figure()
    colours = key_colours(long, by)
    years = long.drop_duplicates("year")
    has = years["has_data"].to_numpy(bool)
    run = np.cumsum(np.concatenate(([True], has[1:] != has[:-1])))  # runs of equal has_data
    segment = dict(zip(years["year"], np.where(has, run, -1), strict=True))
    for key in pd.unique(long["key"]):
        rows = _series(long, key, measure)
        label = plain(rows["label"].iloc[0]) if len(rows) else plain(key)
        parts = [rows]
        if areas:
            seg = rows["year"].map(segment)
            parts = [rows[seg == s] for s in pd.unique(seg[seg >= 0])]
        for i, part in enumerate(parts):
            fig.add_trace(
                go.Scatter(
                    x=part["year"],
                    y=part["_y"],
                    name=label,
                    legendgroup=str(key),
                    showlegend=i == 0,
                    mode="lines" if areas and len(part) > 1 else "lines+markers",
                    line={"color": colours[key], "width": 2 if not areas else 0.5},
                    marker={"size": 6},
                    stackgroup=f"run{i}" if areas else None,
                    connectgaps=False,
                    customdata=[[int(y), _json_key(key)] for y in part["year"]],
                    hovertext=_hover(part, measure),
                    hoverinfo="text",
                )
            )
    _mark_no_data(fig, _no_data_years(long))
    _year_axis(fig, long)
    fig.update_yaxes(
        title_text=_axis_title(measure),
        tickformat=None if measure == "sessions" else ".0%",
        rangemode="tozero",
    )
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 110},
        legend={"title": {"text": BREAKDOWNS.get(by, by)}},
        hovermode="closest",
        clickmode="event+select",
    )
    _add_note(fig, note, y=-0.12)
    return fig


def _json_key(key: object) -> object:
    """Keys as JSON-friendly values (numpy ints become ints)."""
    return int(key) if isinstance(key, np.integer | int) else str(key)


def small_multiples(
    long: pd.DataFrame,
    by: str,
    *,
    measure: str = "sessions",
    note: str = "",
    columns: int = 4,
) -> go.Figure:
    """One panel per key, shared year and value axes, so panels compare at a glance."""
    keys = list(pd.unique(long["key"]))
    n_rows = max(1, math.ceil(len(keys) / columns))
    labels = [plain(long.loc[long["key"] == k, "label"].iloc[0]) for k in keys]
    fig = make_subplots(
        rows=n_rows,
        cols=columns,
        shared_xaxes="all",
        shared_yaxes="all",
        subplot_titles=labels,
        vertical_spacing=min(0.12, 0.5 / n_rows),
        horizontal_spacing=0.03,
    )
    colours = key_colours(long, by)
    for i, key in enumerate(keys):
        rows = _series(long, key, measure)
        fig.add_trace(
            go.Scatter(
                x=rows["year"],
                y=rows["_y"],
                name=labels[i],
                mode="lines+markers",
                line={"color": colours[key], "width": 2},
                marker={"size": 4},
                connectgaps=False,
                customdata=[[int(y), _json_key(key)] for y in rows["year"]],
                hovertext=_hover(rows, measure),
                hoverinfo="text",
                showlegend=False,
            ),
            row=i // columns + 1,
            col=i % columns + 1,
        )
    for year in _no_data_years(long):
        fig.add_vrect(
            x0=year - 0.5,
            x1=year + 0.5,
            fillcolor=_NO_DATA_FILL,
            line_width=0,
            layer="below",
            row="all",
            col="all",
        )
    if _no_data_years(long):
        years = ", ".join(str(y) for y in _no_data_years(long))
        fig.add_annotation(
            text=f"Shaded: {NO_DATA} in the dataset ({years})",
            xref="paper",
            yref="paper",
            x=1,
            y=1.0,
            yshift=30,
            showarrow=False,
            xanchor="right",
            font={"size": 11, "color": "#555"},
        )
    _year_axis(fig, long, fixed_range=False)
    fig.update_xaxes(tickangle=-90, tickfont={"size": 9})
    fig.update_yaxes(tickformat=None if measure == "sessions" else ".0%", rangemode="tozero")
    fig.update_annotations(font_size=11)
    height = 170 * n_rows + 150
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 80},
        clickmode="event+select",
        hovermode="closest",
    )
    _add_note(fig, note, y=-60 / height)
    return fig


def year_heatmap(
    long: pd.DataFrame,
    by: str,
    *,
    measure: str = "sessions",
    note: str = "",
    scale: str = "Viridis",
) -> go.Figure:
    """Key × year heatmap; no-data columns left blank and labelled; cells clickable.

    A transparent marker layer carries ``customdata = [year, key]`` (heatmaps are not selectable).
    """
    keys = list(pd.unique(long["key"]))
    years = sorted(int(y) for y in pd.unique(long["year"]))
    labels = [plain(long.loc[long["key"] == k, "label"].iloc[0]) for k in keys]
    values = long.assign(_y=long[measure].astype("Float64").to_numpy(dtype=float, na_value=np.nan))
    grid = values.pivot(index="key", columns="year", values="_y").reindex(index=keys, columns=years)
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(dtype=float),
            x=years,
            y=labels,
            colorscale=scale,
            zmin=0,
            colorbar={"title": {"text": _axis_title(measure)}, "tickformat": _fmt(measure)},
            hoverinfo="skip",
            xgap=1,
            ygap=1,
        )
    )
    xs, ys, custom, hover = [], [], [], []
    for k, key in enumerate(keys):
        series = _series(long, key, measure)
        for text, year in zip(_hover(series, measure), series["year"], strict=True):
            xs.append(int(year))
            ys.append(labels[k])
            custom.append([int(year), _json_key(key)])
            hover.append(text)
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            marker={"symbol": "square", "size": 16, "opacity": 0},
            customdata=custom,
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
            name="cells",
        )
    )
    _mark_no_data(fig, [y for y in _no_data_years(long) if y in years])
    fig.update_xaxes(tickmode="array", tickvals=years, side="top")
    fig.update_yaxes(autorange="reversed", type="category")
    height = 160 + 26 * len(keys)
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 70, "b": 60},
        clickmode="event+select",
        dragmode=False,
    )
    _add_note(fig, note, y=-20 / height)
    return fig


def _matrix_hover(
    m: YearMatrices, i: int, values: np.ndarray, measure: str, labels: list[str]
) -> list[list[str]]:
    year = m.years[i]
    if not m.has_data[i]:
        return [[f"{year}: {NO_DATA} in the dataset"] * len(SDG_GOALS) for _ in m.rows]
    return [
        [
            f"<b>{labels[r]} × {sdg_label(g)}</b> ({year})<br>Sessions: {m.counts[i, r, g - 1]:,}"
            + (
                ""
                if measure == "sessions"
                else f"<br>Share of the year's sessions: {values[r, g - 1]:.1%}"
            )
            for g in SDG_GOALS
        ]
        for r in range(len(m.rows))
    ]


def matrix_animation(
    m: YearMatrices, *, measure: str = "sessions", note: str = "", scale: str = "Viridis"
) -> go.Figure:
    """The Action Line × SDG heatmap over time: one frame per year, a slider and a play button.

    The colour scale is fixed across years (0 to the largest value of any year), so frames
    compare; a no-data year shows an empty grid titled "no data". A transparent marker layer
    makes cells clickable: ``customdata = [year, action_line, sdg, sessions]``.
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
        return f"{year}: {int(m.year_sessions[i]):,} sessions in the view"

    def traces(i: int) -> list:
        heat = go.Heatmap(
            z=z_of(i),
            x=cols,
            y=labels,
            zmin=0,
            zmax=zmax,
            zauto=False,
            colorscale=scale,
            colorbar={"title": {"text": _axis_title(measure)}, "tickformat": _fmt(measure)},
            hoverinfo="skip",
            xgap=1,
            ygap=1,
        )
        # Heatmaps are not selectable: transparent markers at the cell centres take the clicks.
        hover = _matrix_hover(m, i, z_of(i), measure, labels)
        ri, ci = np.meshgrid(np.arange(len(labels)), np.arange(len(cols)), indexing="ij")
        ri, ci = ri.ravel(), ci.ravel()
        cells = go.Scatter(
            x=[cols[c] for c in ci],
            y=[labels[r] for r in ri],
            mode="markers",
            marker={"symbol": "square", "size": 18, "opacity": 0},
            customdata=[
                [int(m.years[i]), m.rows[r], int(c) + 1, int(m.counts[i, r, c])]
                for r, c in zip(ri, ci, strict=True)
            ],
            hovertext=[hover[r][c] for r, c in zip(ri, ci, strict=True)],
            hoverinfo="text",
            showlegend=False,
            name="cells",
        )
        return [heat, cells]

    names = [str(y) for y in m.years]
    frames = [
        go.Frame(
            data=traces(i), traces=[0, 1], name=names[i], layout={"title": {"text": title_of(i)}}
        )
        for i in range(len(m.years))
    ]
    first = next((i for i in range(len(m.years)) if m.has_data[i]), 0)
    fig = go.Figure(data=traces(first) if m.years else [], frames=frames)
    step_args = {"mode": "immediate", "frame": {"duration": 0, "redraw": True}}
    play = {"frame": {"duration": 900, "redraw": True}, "transition": {"duration": 0}}
    fig.update_layout(
        title={"text": title_of(first) if m.years else ""},
        xaxis={"side": "top", "type": "category", "tickangle": 0},
        yaxis={"autorange": "reversed", "type": "category"},
        clickmode="event+select",
        dragmode=False,
        height=260 + 28 * len(labels),
        margin={"l": 10, "r": 10, "t": 90, "b": 150},
        updatemenus=[
            {
                "type": "buttons",
                "direction": "left",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"t": 50, "r": 10},
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
                "x": 0.2,
                "len": 0.8,
                "y": 0,
                "yanchor": "top",
                "pad": {"t": 40},
                "currentvalue": {"prefix": "Year: "},
                "steps": [
                    {"label": names[i], "method": "animate", "args": [[names[i]], step_args]}
                    for i in range(len(m.years))
                ],
            }
        ],
    )
    _add_note(fig, note, y=0, yshift=-115)
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
                "tickformat": "+,.0f" if measure == "sessions" else "+.0%",
            },
            hovertext=hover,
            hoverinfo="text",
            xgap=1,
            ygap=1,
        )
    )
    height = 160 + 28 * len(labels)
    fig.update_layout(
        xaxis={"side": "top", "type": "category", "tickangle": 0},
        yaxis={"autorange": "reversed", "type": "category"},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 60},
    )
    _add_note(fig, note, y=-20 / height)
    return fig


def risers_fallers_bars(
    rf: pd.DataFrame, year_a: int, year_b: int, *, measure: str = "sessions", note: str = ""
) -> go.Figure:
    """Horizontal bars of the largest rises (green) and falls (red) from year A to year B.

    Bars carry ``customdata = [year_b, key]`` (a click shows the key's sessions in year B).
    """
    rows = rf.iloc[::-1]  # plotly draws the first category at the bottom
    colours = ["#1a9850" if d == "riser" else "#d73027" for d in rows["direction"]]
    base = ",.0f" if measure == "sessions" else ".1%"
    fmt = "+,.0f" if measure == "sessions" else "+.1%"
    labels = [plain(x) for x in rows["label"]]
    fig = go.Figure(
        go.Bar(
            x=rows["change"],
            y=labels,
            orientation="h",
            marker={"color": colours},
            customdata=[[int(year_b), _json_key(k)] for k in rows["key"]],
            hovertext=[
                f"<b>{lab}</b><br>{year_a}: {format(a, base)}<br>{year_b}: {format(b, base)}"
                f"<br>Change: {format(c, fmt)}"
                for lab, a, b, c in zip(
                    labels, rows["value_a"], rows["value_b"], rows["change"], strict=True
                )
            ],
            hoverinfo="text",
            text=[format(c, fmt) for c in rows["change"]],
            textposition="outside",
        )
    )
    height = 160 + 30 * max(1, len(rows))
    fig.update_layout(
        xaxis={
            "title": {"text": f"{_axis_title(measure)}: {year_b} − {year_a}"},
            "tickformat": "+,.0f" if measure == "sessions" else "+.0%",
            "zeroline": True,
        },
        yaxis={"type": "category"},
        height=height,
        margin={"l": 10, "r": 40, "t": 30, "b": 100},
        showlegend=False,
        clickmode="event+select",
    )
    _add_note(fig, note, y=-75 / height)
    return fig


def stacked_measure(by: str, measure: str) -> str:
    """The measure a stacked chart shows: "share" of multi-valued keys stacks past 100%, so
    Action Lines, SDGs and organisations stack their share of the year's tags instead."""
    return "tag_share" if measure == "share" and by != "session_type" else measure


def trend_chart(
    long: pd.DataFrame, by: str, chart: str, *, measure: str = "sessions", note: str = ""
) -> go.Figure:
    """The chart of `CHART_TYPES` for a long trends frame."""
    if chart == "lines":
        return lines(long, by, measure=measure, note=note)
    if chart == "areas":
        return lines(long, by, measure=stacked_measure(by, measure), note=note, areas=True)
    if chart == "multiples":
        return small_multiples(long, by, measure=measure, note=note)
    if chart == "heatmap":
        return year_heatmap(long, by, measure=measure, note=note)
    raise ValueError(f"Unknown chart {chart!r}; expected one of {', '.join(CHART_TYPES)}")
