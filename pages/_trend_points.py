"""The trends page's drill-down: the sessions behind the point, bar or cell clicked last, else the
point picked in two lists (split out of pages/trends.py to keep it readable).

A keyed fragment (`DRILL`): a click on any of the page's charts reruns it alone
(`_clicks.remember_click(key, rerun=DRILL)`, see `clicked`), and so does a pick in its lists;
the charts, each in a fragment of its own, are not redrawn.
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
CHARTS = ("tr_plot", "tr_rf", "tr_anim")  # the charts whose clicks it follows (widget keys)


def clicked(chart: str) -> Callable[[], None]:
    """The on_select callback of one of the page's charts: remember it, rerun the drill-down."""
    return _clicks.remember_click(chart, rerun=DRILL)


@st.fragment(key=DRILL)
def drilldown(choice: Selection, by: str, long: pd.DataFrame, labels: dict, years: list) -> None:
    """The point, bar or cell clicked last, else the keyboard route; its sessions."""
    st.header("Sessions behind a point")
    picked = _clicks.last_clicked({chart: st.session_state.get(chart) for chart in CHARTS})
    if picked is None:
        keys = list(labels)
        _clicks.forget_invalid("tr_point_year", years)
        _clicks.forget_invalid("tr_point_key", keys)
        pick_year, pick_key = st.columns(2)
        year = pick_year.selectbox("Year", years, index=len(years) - 1, key="tr_point_year")
        busiest = keys.index(tr.busiest_key(long, year))
        key = pick_key.selectbox(
            BREAKDOWNS[by], keys, index=busiest, format_func=labels.get, key="tr_point_key"
        )
        picked = ("keys", [year, key])
    source, point = picked
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
    st.caption(f"{counted(len(rows), 'session')} · {note}")
    show_table(rows)
    meta = export_meta(choice, "Sessions behind a point")
    download_panel(None, {"sessions": rows}, meta, key_prefix="tr_point", stem="trends-sessions")
