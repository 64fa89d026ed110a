"""Interlinkages: SDGs (or Action Lines) named together, Action Lines → SDGs, the matrix ranked."""

import streamlit as st

from pages import _cache, _clicks, _ranked, _theme
from pages._downloads import download_panel, export_meta, scope
from pages._runtime import require_router
from pages._sidebar import selection, summary_line
from pages._tables import show_table
from wsis_data import cooccurrence as cooc
from wsis_data import figures
from wsis_data.errors import WsisError
from wsis_data.figures import cooccurrence as cooc_figures
from wsis_data.figures import describe
from wsis_data.provenance import projected_notice
from wsis_data.safe_text import literal
from wsis_data.words import counted

require_router()

URL = {"bind": "query-params"}  # every view setting lives in the URL
ROW = {"horizontal": True, **URL}
CLICKS = {"on_select": "rerun", "selection_mode": "points"}
PLURAL = {kind: f"{name}s" for kind, name in cooc.KINDS.items()}
SHORT = {"sessions": "Sessions naming both", "lift": "Lift (observed / expected)"}
VIEWS = {
    "cooc": "Named together (co-occurrence)",
    "sankey": "Action Lines → SDGs (Sankey)",
    "ranked": "The official matrix, ranked",
}
# 1/ choose: the sidebar's selection; each view and its options rerun on their own (fragments)
choice = selection()
ds = _cache.dataset(choice.dataset)
meta_note = f"{summary_line(choice)}."
st.title("Interlinkages")
st.caption(summary_line(choice))
if notice := projected_notice(ds.has_declared_sdgs, choice.filters.provenances):
    st.info(notice)


@st.fragment
def views() -> None:
    """The view chosen: a fragment, so a view or an option never reruns the sidebar."""
    view = st.radio("View", list(VIEWS), format_func=VIEWS.get, key="il_view", **ROW)
    ranked = lambda: _ranked.ranked_view(choice, meta_note)  # noqa: E731
    try:
        {"cooc": cooccurrence_view, "sankey": sankey_view, "ranked": ranked}[view]()
    except WsisError as exc:  # a store that cannot be read: a message, never a traceback
        st.error(literal(exc))


def cooccurrence_view() -> None:
    """SDG × SDG or Action Line × Action Line: the heatmap, its table and the drill-down."""
    c1, c2 = st.columns(2)
    kind = c1.radio("Pairs of", list(cooc.KINDS), format_func=PLURAL.get, key="il_kind", **ROW)
    name = cooc.KINDS[kind]
    value = c2.radio("Value", list(cooc.COOC_VALUES), format_func=SHORT.get, key="il_value", **ROW)
    with st.expander("Chart options", icon=":material/tune:"):
        c1, c2 = st.columns(2, vertical_alignment="bottom")
        scales = figures.DIVERGING_SCALES if value == "lift" else figures.SEQUENTIAL_SCALES
        scale = c1.selectbox("Colour scale", scales, key=f"il_scale_{value}", **URL)
        labels = c2.toggle("Cell labels", value=True, key="il_labels", **URL)
    if warning := cooc.projected_pairs_warning(kind, choice.filters.provenances):
        st.warning(warning)
    co = _cache.cooccurrence(choice.dataset, choice.filters, kind, choice.collapse_c7)
    fig = cooc_figures.cooccurrence_heatmap(
        co, value=value, note=ds.info.chart_note, colorscale=scale, labels=labels
    )
    st.markdown(f"**{co.total:,}** sessions name at least one {name}.")
    alt = describe.cooccurrence(co, value, scope(choice))
    st.plotly_chart(_theme.themed(fig), key="cooc", width="stretch", alt=alt, **CLICKS)
    st.caption(f"{meta_note} {cooc.cooc_caption(kind)}")
    meta = export_meta(choice, f"{name} × {name}: {cooc.COOC_VALUES[value]}", alt=alt)
    with st.expander("The matrix as a table (accessible alternative)", icon=":material/table:"):
        show_table(co.table(value), hide_index=False)
    with st.expander("Download the chart and the matrix", icon=":material/download:"):
        frames = {"matrix": co.table(value), "pairs": co.long()}
        download_panel(fig, frames, meta, key_prefix="cooc", stem=f"cooccurrence-{kind}")
    pair(kind, co)


@st.fragment
def pair(kind: str, co) -> None:
    """The pair's sessions: picked in the lists (reruns this only) or by a click on the chart
    (reruns the chart's view with this)."""
    name, codes = cooc.KINDS[kind], list(co.counts.index)
    pick_a, pick_b = f"il_{kind}_a", f"il_{kind}_b"
    event = st.session_state.get("cooc")  # the chart's selection (set by a click)
    _clicks.follow_click(event, "cooc", {pick_a: lambda p: p[0], pick_b: lambda p: p[1]})
    for key in (pick_a, pick_b):
        _clicks.forget_invalid(key, codes)
    st.markdown("**Pick a pair** (or click a cell in the chart)")
    left, right = st.columns(2)
    label = lambda c: cooc.code_label(kind, c, choice.collapse_c7)  # noqa: E731
    a = left.selectbox(f"First {name}", codes, format_func=label, key=pick_a, **URL)
    b = right.selectbox(f"Second {name}", codes, 1, format_func=label, key=pick_b, **URL)
    if a == b:
        st.info(f"Pick two different {PLURAL[kind]} to list the sessions naming both.")
        return
    label = cooc.pair_label(kind, a, b, collapse_c7=choice.collapse_c7)
    sessions = _cache.pair_drilldown(choice.dataset, choice.filters, kind, a, b, choice.collapse_c7)
    st.subheader(f"Sessions naming {label}")
    st.markdown(f"{counted(len(sessions), 'session')} (click a column header to sort).")
    show_table(sessions)
    with st.expander("Download these sessions", icon=":material/download:"):
        meta = export_meta(choice, f"Sessions naming {label}")
        download_panel(None, {"sessions": sessions}, meta, key_prefix="pair", stem=label)


def sankey_view() -> None:
    """The Action Line × SDG matrix as flows."""
    grid = _cache.matrix(choice.dataset, choice.filters, choice.collapse_c7, "sessions")
    fig = cooc_figures.sankey(grid, note=ds.info.chart_note)
    alt = describe.sankey(grid, scope(choice))
    st.plotly_chart(_theme.themed(fig), key="sankey", width="stretch", alt=alt)
    st.caption(f"{meta_note} {cooc.SANKEY_CAPTION}")
    links = grid.long().query("sessions > 0").drop(columns="value")
    with st.expander("Download the chart and the links", icon=":material/download:"):
        meta = export_meta(choice, "Action Lines → SDGs", alt=alt)
        download_panel(fig, {"links": links}, meta, key_prefix="sankey", stem="sankey")


# 2/ get and 3/ render
views()
