"""The Trends page's drill-down: the sessions behind the point chosen by a click or the pickers.

A click on a trend point or a riser/faller bar moves the two pickers to it (a cell of the
animated heatmap moves the year); the pickers stay, and picking replaces the click (the charts
drop their selection). "Clear choice" drops every selection and puts the pickers back to their
defaults: the page as first opened. The chart-click idiom itself is `pages._clicks`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages import _cache, _clicks
from pages._downloads import download_panel, export_meta
from pages._sidebar import Selection
from wsis_data import trends as tr
from wsis_data.errors import WsisError
from wsis_data.headings import headings
from wsis_data.safe_text import literal
from wsis_data.trends import BREAKDOWNS

GROUP = "trends"
CHARTS = ("tr_plot", "tr_rf", "tr_anim")  # the charts whose click chooses the point
PICKERS = ("tr_point_year", "tr_point_key")


def chart_key(source: str) -> str:
    """The widget key of a Trends chart whose click chooses the point (new after a clear)."""
    return _clicks.chart_key(source, GROUP)


def point_sessions(
    choice: Selection, by: str, long: pd.DataFrame, data_years: list[int], events: dict
) -> None:
    """The pickers, "Clear choice" and the sessions behind the chosen point."""
    st.header("Sessions behind a point")
    to_point = {PICKERS[0]: lambda p: int(p[0]), PICKERS[1]: lambda p: p[1]}
    for source in ("tr_plot", "tr_rf"):
        _clicks.follow_click(events.get(source), source, to_point)
    _clicks.follow_click(events.get("tr_anim"), "tr_anim", {PICKERS[0]: lambda p: int(p[0])})
    clicked = _clicks.last_clicked(events)
    labels = tr.point_keys(long)
    keys = list(labels)
    _clicks.forget_invalid(PICKERS[0], data_years)
    _clicks.forget_invalid(PICKERS[1], keys)
    pick = _clicks.clear_choice(GROUP, CHARTS)  # a pick replaces a click
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
        on_click=_clicks.clear_choice(GROUP, CHARTS, defaults),
        help="Unselect the clicked point and go back to the default year and line.",
    )  # fmt: skip
    source, point = clicked or ("keys", [year, key])
    try:  # a cell of the Action Line × SDG heatmap in one year, or a point of a trend
        label, rows = tr.point_drilldown(
            _cache.view(choice.dataset, choice.filters), by, point, cell=source == "tr_anim",
            collapse_c7=choice.collapse_c7,
        )  # fmt: skip
    except WsisError as exc:
        st.error(literal(exc))
        return
    note = _cache.dataset(choice.dataset).info.chart_note
    st.subheader(literal(label))
    st.caption(f"{len(rows)} sessions · {note}")
    st.dataframe(rows, hide_index=True, width="stretch", column_config=headings(rows)
                 | {"url": st.column_config.LinkColumn("Session page")})  # fmt: skip
    meta = export_meta(choice, "Sessions behind a point")
    download_panel(None, {"sessions": rows}, meta, key_prefix="tr_point", stem="trends-sessions")
