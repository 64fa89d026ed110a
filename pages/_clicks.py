"""Chart click ↔ picked item: one idiom for every page.

A chart drawn with `st.plotly_chart(..., on_select=remember_click(key), key=key,
selection_mode="points")` reports clicked points; each point's `customdata` names the item
(a cell, an organisation, a year and key). The pickers (select boxes) are the keyboard route to
the same item:

- `follow_click(event, pickers)`: a *new* click moves the pickers to the clicked item; afterwards
  the pickers stay free (heatmap cell, network organisation, trends point).
- `last_clicked(events)`: of several charts, the one clicked last that still has a selection
  (trends: the drill-down follows it; the pickers stay, following the click). With charts in
  fragments of their own, `remember_click(key, rerun=<the drill-down's fragment key>)` makes a
  click rerun the drill-down fragment, which reads each chart's selection from session state.
- `chart_key(source, group)` / `clear_choice(group, charts, pickers)`: a chart's widget key, and
  the callback that drops every selection of the group's charts (their keys change, so Plotly
  draws them unselected) and, when given, puts the pickers back to their defaults ("Clear
  choice").
- `forget_invalid(key, options)`: a remembered picker value the current data does not offer is
  forgotten (it would raise otherwise).

The chosen item is drawn by the page (a marked heatmap cell, an emphasised network node): the
figures keep Plotly's own selection styling from fading everything else (`figures.style.steady`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

_LAST = "_clicks_last"  # which chart was clicked last
_SEEN = "_clicks_seen:"  # + chart key: the last click already applied to the pickers
_ROUND = "_clicks_round:"  # + group: how many times its charts' selections were cleared


def chart_point(event) -> list | None:
    """The customdata of the first clicked point of a chart event, if any."""
    points = (event or {}).get("selection", {}).get("points", [])
    data = points[0].get("customdata") if points else None
    return list(data) if isinstance(data, list | tuple) and data else None  # not a bar's label


def remember_click(source: str, rerun: str | None = None) -> Callable[[], None]:
    """An on_select callback noting which chart was clicked last; with `rerun` (a fragment key:
    the drill-down drawn elsewhere) the click reruns that fragment only, not the chart's own."""

    def callback() -> None:
        st.session_state[_LAST] = source
        if rerun:
            st.rerun(rerun)

    return callback


def last_clicked(events: dict[str, object]) -> tuple[str, list] | None:
    """(chart key, customdata) of the chart clicked last that still has a selection."""
    last = st.session_state.get(_LAST)
    for source in [last, *events] if last in events else list(events):
        point = chart_point(events[source])
        if point:
            return source, point
    return None


def follow_click(event, source: str, pickers: dict[str, Callable[[list], Any]]) -> bool:
    """Move the pickers (widget key → value from the customdata) to a new click on `source`.

    Only a click not yet applied moves them, so the user can pick another item afterwards while
    the chart keeps its selection. Call it before drawing the pickers. True if they moved.
    """
    point = chart_point(event)
    if point is None:  # no selection (any more): the same item clicked again is a new click
        st.session_state.pop(_SEEN + source, None)
        return False
    if point == st.session_state.get(_SEEN + source):
        return False
    st.session_state[_SEEN + source] = point
    for key, value in pickers.items():
        st.session_state[key] = value(point)
    return True


def forget_invalid(key: str, options: list) -> None:
    """Forget a remembered widget value that the current data does not offer."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def chart_key(source: str, group: str) -> str:
    """The widget key of chart `source` (itself until `clear_choice(group)` first runs)."""
    round_ = st.session_state.get(_ROUND + group, 0)
    return f"{source}~{round_}" if round_ else source


def clear_choice(
    group: str, charts: tuple[str, ...], pickers: dict[str, Any] | None = None
) -> Callable[[], None]:
    """A callback dropping the selections of the group's `charts` (new keys: only when one has
    a selection, so an unselected chart is not redrawn) and setting `pickers` (widget key →
    value: set, not forgotten, so the browser shows the value too)."""

    def clear() -> None:
        if any(chart_point(st.session_state.get(chart_key(c, group))) for c in charts):
            st.session_state[_ROUND + group] = st.session_state.get(_ROUND + group, 0) + 1
        st.session_state.pop(_LAST, None)
        st.session_state.update(pickers or {})

    return clear
