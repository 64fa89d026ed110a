"""What every page shares: cached calls into `wsis_data` and the sidebar filters (kept in the URL).

The sidebar is drawn by `dashboard.py` before the page runs, so its widgets (and their URL query
parameters) survive page switches. Pages read the result with `selection()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from wsis_data import catalog
from wsis_data.dataset import Dataset
from wsis_data.export import ExportMeta
from wsis_data.filters import Filters, apply_filters
from wsis_data.matrix import Matrix, build_matrix
from wsis_data.matrix import drilldown as matrix_drilldown
from wsis_data.taxonomy import (
    DECLARED_PROVENANCES,
    PROVENANCE_LABELS,
    PROVENANCES,
    action_line_label,
    row_codes,
    sdg,
)

FILTER_KEYS = ("ds", "years", "c7", "al", "sdg", "type", "org", "q", "prov")


@dataclass(frozen=True)
class Selection:
    """The dataset and filters chosen in the sidebar."""

    dataset: str
    filters: Filters
    collapse_c7: bool


@st.cache_resource(show_spinner=False)
def dataset(key: str) -> Dataset:
    """The whole dataset (shared, never mutated)."""
    return catalog.load_dataset(key)


@st.cache_resource(max_entries=64)
def view(key: str, filters: Filters) -> Dataset:
    """The dataset filtered."""
    return apply_filters(dataset(key), filters)


@st.cache_resource(max_entries=128)
def matrix(key: str, filters: Filters, collapse_c7: bool, value: str) -> Matrix:
    """The Action Line × SDG matrix of a filtered view."""
    return build_matrix(view(key, filters), collapse_c7=collapse_c7, value=value)


@st.cache_resource
def _choices(key: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, int]]:
    """Session types, organisations (most frequent first) and the year span of a dataset."""
    ds = dataset(key)
    types = tuple(sorted(ds.tables.sessions["session_type"].dropna().unique()))
    orgs = tuple(ds.tables.organisers["organisation"].value_counts().index)
    return types, orgs, (min(ds.years), max(ds.years))


def default_provenances(ds: Dataset) -> list[str]:
    """Declared tags only where the dataset declares SDGs; otherwise add the projected layer."""
    chosen = set(DECLARED_PROVENANCES) | (set() if ds.has_declared_sdgs else {"projected"})
    return [p for p in PROVENANCES if p in chosen]


def _sdg_option(goal: int) -> str:
    return f"SDG {goal} · {sdg(goal).short_name}"


def _forget_years_outside(key: str, span: tuple[int, int]) -> None:
    """Forget a remembered year range that does not fit the current dataset's span."""
    value = st.session_state.get(key)
    if value is not None and not (span[0] <= value[0] <= value[1] <= span[1]):
        del st.session_state[key]


def sidebar() -> Selection:
    """Draw the shared filters in the sidebar and remember the selection for the page."""
    labels = catalog.dataset_labels()
    side = st.sidebar
    key = side.selectbox(
        "Dataset",
        list(labels),
        format_func=labels.get,
        key="ds",
        bind="query-params",
        on_change=_forget,
        args=("prov",),
    )
    ds = dataset(key)
    types, orgs, span = _choices(key)
    _forget_years_outside("years", span)
    if span[0] < span[1]:
        years = side.slider("Years", span[0], span[1], value=span, key="years", bind="query-params")
    else:
        years = span
    collapse = not side.toggle(
        "Split C7 into its 8 sub-lines",
        key="c7",
        bind="query-params",
        help="Off: 11 Action Lines (C7 sub-lines counted under C7). On: 18 rows, plus "
        "'C7 (unspecified)' for sessions tagged C7 without a sub-line.",
    )
    al_options = list(row_codes(collapse, include_unspecified=not collapse))
    actions = side.multiselect(
        "Action Lines",
        al_options,
        key="al",
        bind="query-params",
        format_func=lambda c: action_line_label(c, collapse_c7=collapse),
        placeholder="All",
    )
    goals = side.multiselect(
        "SDGs",
        list(range(1, 18)),
        key="sdg",
        bind="query-params",
        format_func=_sdg_option,
        placeholder="All",
    )
    chosen_types = side.multiselect(
        "Session types", list(types), key="type", bind="query-params", placeholder="All"
    )
    chosen_orgs = side.multiselect(
        "Organisers", list(orgs), key="org", bind="query-params", placeholder="All (type to search)"
    )
    text = side.text_input("Title contains", key="q", bind="query-params")
    # One URL parameter whose default depends on the dataset: a dataset switch forgets the
    # choice (callback above), so the new dataset starts from its own default.
    provs = side.multiselect(
        "Tags counted",
        list(PROVENANCES),
        default=default_provenances(ds),
        key="prov",
        bind="query-params",
        help="Declared tags come from agenda pages (page), titles (title), outcome submissions "
        "(submission) and imported files (file). Suggested and projected tags are inferences and "
        "are counted only when chosen here. "
        + " ".join(f"{p}: {PROVENANCE_LABELS[p]}." for p in PROVENANCES),
    )
    if side.button("Reset filters", icon=":material/restart_alt:", width="stretch"):
        reset_filters()
    with side.popover("Copy link to this view", icon=":material/link:", width="stretch"):
        st.caption("This link reopens the current page with the current filters and view.")
        st.code(share_url(), language=None, wrap_lines=True)
    filters = Filters(
        years=(int(years[0]), int(years[1])) if tuple(years) != span else None,
        action_lines=tuple(actions),
        sdgs=tuple(int(g) for g in goals),
        session_types=tuple(chosen_types),
        organisers=tuple(chosen_orgs),
        text=text.strip(),
        provenances=frozenset(provs),
    )
    chosen = Selection(dataset=key, filters=filters, collapse_c7=collapse)
    st.session_state["_selection"] = chosen
    return chosen


def _forget(name: str) -> None:
    """Forget a widget's value, so it starts again from its default."""
    st.session_state.pop(name, None)


def share_url() -> str:
    """The current page's address with every query parameter (filters and view settings)."""
    base = (st.context.url or "").split("?", 1)[0]
    params = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    return f"{base}?{urlencode(params)}" if params else base


def reset_filters() -> None:
    """Forget every filter but the dataset (widgets and URL) and rerun."""
    for name in FILTER_KEYS:
        if name != "ds":  # the dataset is a choice, not a filter
            st.session_state.pop(name, None)
    st.rerun()  # the widgets fall back to their defaults, which drops them from the URL


def selection() -> Selection:
    """The sidebar's current selection (drawn by dashboard.py before the page)."""
    return st.session_state["_selection"]


def summary_line(choice: Selection) -> str:
    """The dataset and active filters in one line, for the caption above a chart."""
    ds = dataset(choice.dataset)
    return f"{ds.info.chart_note} · {choice.filters.describe()}"


# --- heatmap ---


def export_meta(choice: Selection, title: str) -> ExportMeta:
    """What an export of the current selection says about itself (title, dataset, filters)."""
    ds = dataset(choice.dataset)
    provs = ", ".join(p for p in PROVENANCES if p in choice.filters.provenances)
    return ExportMeta(
        title=title,
        dataset=ds.info.chart_note,
        filters=choice.filters.describe(),
        provenances=provs,
        synthetic=ds.info.synthetic,
        notes=" ".join(ds.info.notes),
    )


def matrix_table(grid: Matrix) -> pd.DataFrame:
    """The matrix as a table for reading and export (whole numbers when counting sessions)."""
    table = grid.table()
    return table.astype("int64") if grid.value == "sessions" else table


@st.cache_resource(max_entries=256)
def drilldown(
    key: str, filters: Filters, collapse_c7: bool, action_line: str, goal: int
) -> pd.DataFrame:
    """The sessions behind one cell of the filtered matrix (shared, never mutated)."""
    return matrix_drilldown(view(key, filters), action_line, goal, collapse_c7=collapse_c7)


def _leave_legacy_pages_path() -> None:
    """Route every run through dashboard.py, even the first one of a fresh server.

    Streamlit decides at its first session whether a `pages/` folder means the legacy multipage
    mode, and keeps it until some run calls st.navigation. So the first visitor of a freshly
    started server who opens a page URL (a shared link: /heatmap?..., /about?...) gets that page
    run alone, without dashboard.py and its sidebar. Every page imports this module: switch the
    legacy mode off and rerun, so the router draws the sidebar and restores the URL's filters.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        if get_script_run_ctx() is not None:
            st.rerun()


_leave_legacy_pages_path()
