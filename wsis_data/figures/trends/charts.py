"""Trend charts over years by key: lines, areas, small multiples, year heatmap, risers/fallers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from wsis_data.figures.style import cell_layer, count_ticks
from wsis_data.figures.trends.base import (
    _NO_DATA_FILL,
    NO_DATA,
    _add_note,
    _axis_title,
    _fmt,
    _hover,
    _mark_no_data,
    _no_data_years,
    _series,
    _year_axis,
    key_colours,
)
from wsis_data.safe_text import plain
from wsis_data.trends import BREAKDOWNS

#: Each line's dash, then marker: 36 lines told apart without colour.
DASHES = ("solid", "dot", "dash", "longdash", "dashdot", "longdashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross")

CHART_TYPES: dict[str, str] = {
    "lines": "Lines",
    "areas": "Stacked areas",
    "multiples": "Small multiples",
    "heatmap": "Heatmap (key × year)",
}


def lines(
    long: pd.DataFrame,
    by: str,
    *,
    measure: str = "sessions",
    note: str = "",
    areas: bool = False,
    height: int = 520,
    highlight: object | None = None,
) -> go.Figure:
    """One line (or stacked area) per key over the years; no-data years shaded and left blank.

    Points carry ``customdata = [year, key]``. Lines break at no-data years; stacked areas are
    drawn as one stack per run of years with data, so they never bridge a no-data year. Lines
    never rely on colour alone: each has its own dash and marker and is named at its end (the
    labels, spread apart, replace the legend); ``highlight`` (a key) fades every other line.
    """
    traces = []  # added at once: Plotly re-checks the whole figure at each add_trace
    colours = key_colours(long, by)
    years = long.drop_duplicates("year")
    has = years["has_data"].to_numpy(bool)
    run = np.cumsum(np.concatenate(([True], has[1:] != has[:-1])))  # runs of equal has_data
    segment = dict(zip(years["year"], np.where(has, run, -1), strict=True))
    ends = []
    for n, key in enumerate(pd.unique(long["key"])):
        rows = _series(long, key, measure)
        faded = highlight is not None and key != highlight
        label = plain(rows["label"].iloc[0]) if len(rows) else plain(key)
        parts = [rows]
        if areas:
            seg = rows["year"].map(segment)
            parts = [rows[seg == s] for s in pd.unique(seg[seg >= 0])]
        for i, part in enumerate(parts):
            traces.append(
                go.Scatter(
                    x=part["year"],
                    y=part["_y"],
                    name=label,
                    legendgroup=str(key),
                    showlegend=i == 0 and areas,
                    mode="lines" if areas and len(part) > 1 else "lines+markers",
                    line={
                        "color": colours[key],
                        "width": 0.5 if areas else 4 if key == highlight else 2,
                        "dash": "solid" if areas else DASHES[n % len(DASHES)],
                    },
                    marker={"size": 6, "symbol": SYMBOLS[n // len(DASHES) % len(SYMBOLS)]},
                    opacity=0.25 if faded else 1.0,
                    stackgroup=f"run{i}" if areas else None,
                    connectgaps=False,
                    customdata=[[int(y), _json_key(key)] for y in part["year"]],
                    hovertext=_hover(part, measure),
                    hoverinfo="text",
                )
            )
        known = rows.dropna(subset=["_y"])
        if not areas and len(known):
            end = known.iloc[-1]
            ends.append((label, int(end["year"]), float(end["_y"]), colours[key], faded))
    fig = go.Figure(data=traces)
    _mark_no_data(fig, _no_data_years(long))
    _year_axis(fig, long)
    top = float(np.nanmax(long[measure].to_numpy(float), initial=0)) if len(long) else 0.0
    fig.update_yaxes(
        title_text=_axis_title(measure),
        **(count_ticks(0, top) if measure == "sessions" else {"tickformat": ".0%"}),
        rangemode="tozero",
    )
    widest = max((len(e[0]) for e in ends), default=0)
    _end_labels(fig, ends, span=top or 1.0, plot_px=height - 150)
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10 + (7 * widest + 12 if ends else 0), "t": 40, "b": 110},
        showlegend=areas,
        legend={"title": {"text": BREAKDOWNS.get(by, by)}},
        hovermode="closest",
        clickmode="event+select",
    )
    _add_note(fig, note, y=0, yshift=-48)
    return fig


def _end_labels(fig: go.Figure, ends: list, *, span: float, plot_px: int) -> None:
    """Name each line at its last point, in its colour, labels pushed apart (never overlapping)."""
    gap = span * 16 / max(plot_px, 100)  # 16 px between label centres, in data units
    placed: list[float] = []
    labels = []
    for label, year, y, colour, faded in sorted(ends, key=lambda e: e[2]):
        at = max(y, placed[-1] + gap) if placed else y
        placed.append(at)
        labels.append(go.layout.Annotation(
            name="end-label", x=year, y=at, text=label, showarrow=False, xanchor="left",
            xshift=8, font={"size": 11, "color": colour}, opacity=0.35 if faded else 1.0,
        ))  # fmt: skip
    fig.layout.annotations += tuple(labels)  # at once: add_annotation copies them all each time


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
    panels = []  # added at once (add_trace per panel re-checks the whole figure each time)
    for i, key in enumerate(keys):
        rows = _series(long, key, measure)
        panels.append(
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
            )
        )
    places = range(len(panels))
    fig.add_traces(panels, rows=[i // columns + 1 for i in places],
                   cols=[i % columns + 1 for i in places])  # fmt: skip
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
    _add_note(fig, note, y=0, yshift=-38)
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
            customdata=custom,
            hovertext=hover,
            hoverinfo="text",
            **cell_layer(size=16),
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
    _add_note(fig, note, y=0, yshift=-10)
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
            text=[("▲ " if c > 0 else "▼ ") + format(c, fmt) for c in rows["change"]],
            textposition="outside",
            cliponaxis=False,
            marker_pattern_shape=["" if d == "riser" else "/" for d in rows["direction"]],
        )
    )
    height = 160 + 30 * max(1, len(rows))
    low = min(0.0, float(rows["change"].min())) if len(rows) else 0.0
    high = max(0.0, float(rows["change"].max())) if len(rows) else 1.0
    pad = (high - low or 1.0) * 0.25  # room for the outside labels: never clipped
    ticks = count_ticks(low, high) if measure == "sessions" else {"tickformat": "+.0%"}
    if measure == "sessions":
        ticks["tickformat"] = "+,d"
    fig.update_layout(
        xaxis={
            "title": {"text": f"{_axis_title(measure)}: {year_b} − {year_a}"},
            **ticks,
            "range": [low - (pad if low < 0 else 0), high + (pad if high > 0 else 0)],
            "zeroline": True,
        },
        yaxis={"type": "category"},
        height=height,
        margin={"l": 10, "r": 40, "t": 30, "b": 100},
        showlegend=False,
        clickmode="event+select",
    )
    _add_note(fig, note, y=0, yshift=-58)
    return fig


def stacked_measure(by: str, measure: str) -> str:
    """The measure a stacked chart shows: "share" of multi-valued keys stacks past 100%, so
    Action Lines, SDGs and organisations stack their share of the year's tags instead."""
    return "tag_share" if measure == "share" and by != "session_type" else measure


def chart_notes(by: str, measure: str, chart: str, no_data_years: list[int]) -> list[str]:
    """The captions a trend chart needs: what stacked shares mean, and which years have no data."""
    notes = []
    if stacked_measure(by, measure) != measure and chart == "areas":
        notes.append(
            "Stacked areas show the share of the year's tags (a session with several keys counts "
            "once per key, so shares of the year's sessions would stack past 100%)."
        )
    if no_data_years:
        years = ", ".join(map(str, no_data_years))
        notes.append(f"No data in the dataset for {years}: shaded, never shown as 0.")
    return notes


def trend_chart(
    long: pd.DataFrame,
    by: str,
    chart: str,
    *,
    measure: str = "sessions",
    note: str = "",
    highlight: object | None = None,
) -> go.Figure:
    """The chart of `CHART_TYPES` for a long trends frame (``highlight``: see `lines`)."""
    if chart == "lines":
        return lines(long, by, measure=measure, note=note, highlight=highlight)
    if chart == "areas":
        return lines(long, by, measure=stacked_measure(by, measure), note=note, areas=True)
    if chart == "multiples":
        return small_multiples(long, by, measure=measure, note=note)
    if chart == "heatmap":
        return year_heatmap(long, by, measure=measure, note=note)
    raise ValueError(f"Unknown chart {chart!r}; expected one of {', '.join(CHART_TYPES)}")
