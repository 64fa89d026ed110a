"""The Trends page's drill-down: the sessions behind the point chosen by a click or the pickers.

A click on a trend point or a riser/faller bar moves the two pickers to it (a cell of the
animated heatmap moves the year); the pickers stay, and picking replaces the click (the charts
drop their selection). "Clear choice" drops every selection and puts the pickers back to their
defaults: the page as first opened. The chart-click idiom itself is `pages._clicks`.

A keyed fragment (`DRILL`): a click on any of the page's charts reruns it alone
(`clickable(chart)`: `_clicks.remember_click(chart, rerun=DRILL)`), and so does a pick in its lists;
the charts, each in a fragment of its own, are not redrawn, but when a pick or "Clear choice"
drops a chart's selection (its key changes) the whole page reruns once so the charts redraw
unselected.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from pages import _cache, _clicks
from pages._downloads import download_panel, export_meta
from pages._sidebar import Selection
from pages._tables import show_table
from wsis_data import trends as tr
from wsis_data.errors import WsisError
from wsis_data.safe_text import literal
from wsis_data.trends import BREAKDOWNS
from wsis_data.words import counted

DRILL = "tr_drill"
GROUP = "trends"
CHARTS = ("tr_plot", "tr_rf", "tr_anim")  # the charts whose click chooses the point
PICKERS = ("tr_point_year", "tr_point_key")
_REDRAW = "_tr_redraw"  # a selection was dropped: the charts must redraw (a whole-page rerun)


def chart_key(source: str) -> str:
    """The widget key of a Trends chart whose click chooses the point (new after a clear)."""
    return _clicks.chart_key(source, GROUP)


def clickable(chart: str) -> dict:
    """`st.plotly_chart` arguments of one of the page's clickable charts: its key, and a click
    that is remembered and reruns the drill-down only."""
    on_select = _clicks.remember_click(chart, rerun=DRILL)
    return {"key": chart_key(chart), "on_select": on_select, "selection_mode": "points"}


def _redrawing(callback: Callable[[], None]) -> Callable[[], None]:
    """`callback`, and a whole-page rerun after it when it changed a chart's key."""

    def run() -> None:
        keys = [chart_key(c) for c in CHARTS]
        callback()
        if keys != [chart_key(c) for c in CHARTS]:
            st.session_state[_REDRAW] = True

    return run


@st.fragment(key=DRILL)
def drilldown(choice: Selection, by: str, long: pd.DataFrame, data_years: list[int]) -> None:
    """The pickers, "Clear choice" and the sessions behind the chosen point."""
    if st.session_state.pop(_REDRAW, False):
        st.rerun()  # the whole page: the charts redraw with their new keys, unselected
    st.header("Sessions behind a point")
    events = {c: st.session_state.get(chart_key(c)) for c in CHARTS}
    to_point = {PICKERS[0]: lambda p: int(p[0]), PICKERS[1]: lambda p: p[1]}
    for source in ("tr_plot", "tr_rf"):
        _clicks.follow_click(events.get(source), source, to_point)
    _clicks.follow_click(events.get("tr_anim"), "tr_anim", {PICKERS[0]: lambda p: int(p[0])})
    chosen = _clicks.last_clicked(events)
    labels = tr.point_keys(long)
    keys = list(labels)
    _clicks.forget_invalid(PICKERS[0], data_years)
    _clicks.forget_invalid(PICKERS[1], keys)
    pick = _redrawing(_clicks.clear_choice(GROUP, CHARTS))  # a pick replaces a click
    left, right, last = st.columns([2, 2, 1], vertical_alignment="bottom")
    year = left.selectbox(
        "Year", data_years, index=len(data_years) - 1, key=PICKERS[0], on_change=pick
    )
    key = right.selectbox(
        BREAKDOWNS[by], keys, index=keys.index(tr.busiest_key(long, year)),
        format_func=labels.get, key=PICKERS[1], on_change=pick,
    )  # fmt: skip
    first = data_years[-1]  # the point shown when nothing is chosen
    defaults = {PICKERS[0]: first, PICKERS[1]: tr.busiest_key(long, first)}
    last.button(
        "Clear choice", icon=":material/close:", key="tr_point_clear",
        on_click=_redrawing(_clicks.clear_choice(GROUP, CHARTS, defaults)),
        help="Unselect the clicked point and go back to the default year and line.",
    )  # fmt: skip
    source, point = chosen or ("keys", [year, key])
    try:  # a cell of the Action Line × SDG heatmap in one year, or a point of a trend
        label, rows = _cache.point_drilldown(
            choice.dataset, choice.filters, by, tuple(point), source == "tr_anim",
            choice.collapse_c7,
        )  # fmt: skip
    except WsisError as exc:
        st.error(literal(exc))
        return
    note = _cache.dataset(choice.dataset).info.chart_note
    st.subheader(literal(label))
    st.caption(f"{counted(len(rows), 'session')} · {note}")
    show_table(rows)
    meta = export_meta(choice, "Sessions behind a point")
    download_panel(None, {"sessions": rows}, meta, key_prefix="tr_point", stem="trends-sessions")
