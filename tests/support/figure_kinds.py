"""Every kind of chart the dashboard exports, built as the pages build them (synthetic demo).

`FIGURE_KINDS` maps a name to a builder (no argument → go.Figure); the export-layout test renders
each through real Kaleido at every offered size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache

import plotly.graph_objects as go

from wsis_data import catalog, figures
from wsis_data import cooccurrence as co
from wsis_data import trends as tr
from wsis_data.figures import network as network_figures
from wsis_data.figures import trends as tf
from wsis_data.figures.cooccurrence import cooccurrence_heatmap, sankey
from wsis_data.figures.network_time import timeline_figure
from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix
from wsis_data.network import (
    NetworkSettings,
    bipartite_counts,
    build_network,
    sessions_by_year,
    window_networks,
)
from wsis_data.network import layout as network_layout
from wsis_data.views import apply_filters

__all__ = ["FIGURE_KINDS", "view"]


@cache
def view():
    """The synthetic demo, default filters (as the pages open it)."""
    ds = catalog.load_dataset("synthetic")
    return ds, apply_filters(ds, Filters())


def _note() -> str:
    return view()[0].info.chart_note


def _heatmap(gaps: bool = False) -> go.Figure:
    return figures.heatmap(build_matrix(view()[1]), note=_note(), gaps_mode=gaps)


def _trend(by: str, chart: str) -> go.Figure:
    return tf.trend_chart(tr.counts_by_year(view()[1], by), by, chart, note=_note())


def _animation() -> go.Figure:
    return tf.matrix_animation(tr.matrices_by_year(view()[1]), note=_note())


@cache
def _network():
    net = build_network(view()[1], NetworkSettings())
    return net, network_layout(net)


def _network_figure() -> go.Figure:
    net, positions = _network()
    return network_figures.network_figure(net, positions, note=_note())


def _timeline() -> go.Figure:
    net, positions = _network()
    ds, _ = view()
    windows = window_networks(ds, Filters(), net, 3)
    return timeline_figure(net, windows, positions, note=_note())


def _profile_name() -> str:
    net, _ = _network()
    return str(net.nodes.index[0])


def _profile_heatmap() -> go.Figure:
    ds, _ = view()
    mine = apply_filters(ds, replace(Filters(), organisers=(_profile_name(),)))
    grid = build_matrix(mine)
    return figures.heatmap(grid, note=_note(), height=120 + 22 * len(grid.counts))


def _profile_years() -> go.Figure:
    ds, _ = view()
    org = _profile_name()
    mine = apply_filters(ds, replace(Filters(), organisers=(org,)))
    return network_figures.years_bar(sessions_by_year(mine, org), org, note=_note())


def _bipartite() -> go.Figure:
    return network_figures.bipartite_heatmap(bipartite_counts(view()[1], "sdg", 40), "sdg")


def _cooc() -> go.Figure:
    return cooccurrence_heatmap(co.cooccurrence(view()[1], "sdg"), value="sessions", note=_note())


def _sankey() -> go.Figure:
    return sankey(build_matrix(view()[1]), note=_note())


FIGURE_KINDS: dict[str, Callable[[], go.Figure]] = {
    "heatmap": _heatmap,
    "heatmap-gaps": lambda: _heatmap(gaps=True),
    "trends-lines-sdg": lambda: _trend("sdg", "lines"),
    "trends-areas-al": lambda: _trend("action_line", "areas"),
    "trends-small-multiples": lambda: _trend("sdg", "multiples"),
    "trends-heatmap": lambda: _trend("sdg", "heatmap"),
    "trends-animation": _animation,
    "network": _network_figure,
    "network-timeline": _timeline,
    "profile-heatmap": _profile_heatmap,
    "profile-years": _profile_years,
    "who-works-on-what": _bipartite,
    "cooccurrence": _cooc,
    "sankey": _sankey,
}
