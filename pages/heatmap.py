"""Heatmap: which WSIS Action Lines sessions link to which SDGs, with drill-down to the sessions."""

from functools import partial

import streamlit as st

from pages import _cache, _clicks, _theme
from pages._downloads import download_panel, export_meta, scope
from pages._runtime import require_router
from pages._sidebar import selection, summary_line
from pages._tables import show_table
from wsis_data import figures
from wsis_data.errors import WsisError
from wsis_data.figures import describe
from wsis_data.matrix import VALUE_MODES, cell_label
from wsis_data.provenance import projected_notice
from wsis_data.safe_text import literal
from wsis_data.taxonomy import action_line_label, sdg_label
from wsis_data.words import counted

require_router()

URL = {"bind": "query-params"}  # every view setting lives in the URL


def matrix_table(grid):
    """The matrix as a table for reading and export (whole numbers when counting sessions)."""
    table = grid.table()
    return table.astype("int64") if grid.value == "sessions" else table


# 1/ choose: the sidebar's selection; the chart and the cell picked rerun on their own
choice = selection()
ds = _cache.dataset(choice.dataset)
st.title("Action Lines × SDGs")
st.caption(summary_line(choice))
if notice := projected_notice(ds.has_declared_sdgs, choice.filters.provenances):
    st.info(notice)


@st.fragment
def chart(choice) -> None:
    """The value, chart options, chart, table and downloads: a fragment, so changing an option
    reruns this only (never the sidebar); a click on a cell reruns it with the drill-down."""
    value = st.radio(
        "Value", list(VALUE_MODES), format_func=VALUE_MODES.get, horizontal=True, key="value",
        **URL,
    )  # fmt: skip
    with st.expander("Chart options", icon=":material/tune:"):
        c1, c2, c3, c4, c5 = st.columns(5)
        gaps_mode = c1.toggle(
            "Gaps vs official matrix",
            key="gaps",
            help="Colour each cell by its status against the facilitators' matrix: official "
            "links with sessions, official links with no sessions, sessions outside official "
            "links.",
            **URL,
        )
        if value == "lift":
            scale = c2.selectbox("Colour scale", figures.DIVERGING_SCALES, key="dscale", **URL)
        else:
            scale = c2.selectbox("Colour scale", figures.SEQUENTIAL_SCALES, key="scale", **URL)
        log = c3.toggle(
            "Log scale", key="log", help="For skewed counts; empty cells stay blank.", **URL
        )
        labels = c4.toggle("Cell labels", value=True, key="labels", **URL)
        official = c5.toggle("Official links", value=True, key="official", **URL)

    # 2/ get
    try:
        grid = _cache.matrix(choice.dataset, choice.filters, choice.collapse_c7, value)
        grid = grid.keep(choice.filters.action_lines, choice.filters.sdgs)  # no rows of zeros
    except WsisError as exc:
        st.error(literal(exc))
        return
    title = f"WSIS Action Lines × SDGs — {VALUE_MODES[value]}"
    look = (scale, log, labels, official, gaps_mode)  # built once per (view, options): _cache
    figure_of = (choice.dataset, choice.filters, choice.collapse_c7, value, look, _theme.active())
    fig = _cache.heatmap_figure(*figure_of)

    # 3/ render
    st.markdown(f"**{grid.total:,}** sessions with at least one Action Line × SDG link.")
    alt = describe.heatmap(grid, scope(choice))  # the chart's accessible name, and the files' too
    holder = st.container()  # the chart, drawn by cell() once the chosen cell is known
    st.caption(
        "Bars: sessions per SDG (official colours) and per Action Line, each session counted "
        "once." + (" Outlined cells: links in the facilitators' WSIS–SDG Matrix (targets on "
                   "hover)." * official)
    )  # fmt: skip
    with st.expander("The matrix as a table (accessible alternative)", icon=":material/table:"):
        show_table(matrix_table(grid), hide_index=False)
    with st.expander("Download the chart and the matrix", icon=":material/download:"):
        meta = export_meta(choice, title, alt=alt)
        download_panel(
            fig, {"matrix": matrix_table(grid)}, meta, key_prefix="heatmap", stem="heatmap"
        )
    cell(choice, grid, holder, figure_of, alt)


def cell(choice, grid, holder, figure_of: tuple, alt: str) -> None:
    """Drill-down: a click on a cell (marker layer) or the two lists below (keyboard route); the
    chart is drawn in `holder` once the chosen cell is known, with that cell marked and the
    official-link outlines kept. Part of the chart's fragment: a pick or a click reruns that
    fragment (the mark moves with it), never the sidebar."""
    codes, goals = list(grid.counts.index), [int(g) for g in grid.counts.columns]
    event = st.session_state.get("heatmap")  # the chart's selection (set by a click)
    _clicks.follow_click(
        event, "heatmap", {"cell_al": lambda p: p[0], "cell_sdg": lambda p: int(p[1])}
    )
    _clicks.forget_invalid("cell_al", codes)
    _clicks.forget_invalid("cell_sdg", goals)
    largest = grid.largest_cell() or (codes[0], goals[0])  # the default: the view's largest cell
    if st.session_state.get("_cell_default") == (
        st.session_state.get("cell_al"),
        st.session_state.get("cell_sdg"),
    ):  # not picked since: follow the view's largest cell
        st.session_state.update(cell_al=largest[0], cell_sdg=largest[1])
    st.session_state["_cell_default"] = largest
    st.markdown("**Pick a cell** (or click one in the chart)")
    left, right = st.columns(2)
    # a default only for a list not set yet (Streamlit warns when state set by code has one too)
    pairs = (("cell_al", codes, largest[0]), ("cell_sdg", goals, largest[1]))
    al_at, sdg_at = ({"index": xs.index(x)} if k not in st.session_state else {}
                     for k, xs, x in pairs)  # fmt: skip
    line = partial(action_line_label, collapse_c7=choice.collapse_c7)
    cell_al = left.selectbox("Action Line", codes, format_func=line, key="cell_al", **al_at, **URL)
    cell_sdg = right.selectbox("SDG", goals, format_func=sdg_label, key="cell_sdg", **sdg_at, **URL)
    name = cell_label(cell_al, cell_sdg, collapse_c7=choice.collapse_c7)
    with holder:  # exports use the unmarked figure
        marked = _cache.marked_heatmap(*figure_of, (codes.index(cell_al), goals.index(cell_sdg)))
        st.plotly_chart(marked, on_select="rerun", selection_mode="points", key="heatmap",
                        width="stretch", alt=alt)  # fmt: skip
    sessions = _cache.drilldown(
        choice.dataset, choice.filters, choice.collapse_c7, cell_al, int(cell_sdg)
    )
    st.subheader(f"Sessions behind {name}")
    st.markdown(f"{counted(len(sessions), 'session')} (click a column header to sort).")
    show_table(sessions)
    with st.expander("Download these sessions", icon=":material/download:"):
        cell_meta = export_meta(choice, f"Sessions behind {name}")
        download_panel(None, {"sessions": sessions}, cell_meta, key_prefix="cell", stem=f"{name}")


chart(choice)
