"""Interlinkages: SDGs (or Action Lines) named together, Action Lines → SDGs, the matrix ranked."""

import streamlit as st

from pages import _cache, _clicks, _theme
from pages._downloads import download_panel, export_meta
from pages._runtime import require_router
from pages._sidebar import selection, summary_line
from wsis_data import cooccurrence as cooc
from wsis_data import figures
from wsis_data.errors import WsisError
from wsis_data.figures import cooccurrence as cooc_figures
from wsis_data.provenance import projected_notice
from wsis_data.safe_text import literal
from wsis_data.taxonomy import SDG_GOALS, sdg_label

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
SESSION_COLUMNS = {
    "url": st.column_config.LinkColumn("Session page", display_text="open ↗"),
    "action_line_provenance": "Action Line tags from",
    "sdg_provenance": "SDG tags from",
}
CODES = ["action_line", "sdg"]  # the ranked tables show labels and names instead
RANKED_COLUMNS = {
    "rank": "Rank",
    "action_line_label": "Action Line",
    "sdg_label": "SDG",
    "name": "Name",
    "sessions": "Sessions",
    "share": st.column_config.ProgressColumn("Share", format="percent", min_value=0, max_value=1),
    "official_link": st.column_config.CheckboxColumn("Official link"),
    "targets": "Official targets",
    "doubt": "Flag on the official link",
}

# 1/ choose
choice = selection()
ds = _cache.dataset(choice.dataset)
meta_note = f"{ds.info.chart_note}. Filters: {literal(choice.filters.describe())}."
st.title("Interlinkages")
st.caption(summary_line(choice))
if notice := projected_notice(ds.has_declared_sdgs, choice.filters.provenances):
    st.info(notice)
view = st.radio("View", list(VIEWS), format_func=VIEWS.get, key="il_view", **ROW)


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
    event = st.plotly_chart(_theme.themed(fig), key="cooc", width="stretch", **CLICKS)
    st.caption(f"{meta_note} {cooc.cooc_caption(kind)}")
    meta = export_meta(choice, f"{name} × {name}: {cooc.COOC_VALUES[value]}")
    with st.expander("The matrix as a table (accessible alternative)", icon=":material/table:"):
        st.dataframe(co.table(value), width="stretch")
    with st.expander("Download the chart and the matrix", icon=":material/download:"):
        frames = {"matrix": co.table(value), "pairs": co.long()}
        download_panel(fig, frames, meta, key_prefix="cooc", stem=f"cooccurrence-{kind}")
    codes, pick_a, pick_b = list(co.counts.index), f"il_{kind}_a", f"il_{kind}_b"
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
    pair = cooc.pair_label(kind, a, b, collapse_c7=choice.collapse_c7)
    sessions = _cache.pair_drilldown(choice.dataset, choice.filters, kind, a, b, choice.collapse_c7)
    st.subheader(f"Sessions naming {pair}")
    st.markdown(f"{len(sessions)} sessions (click a column header to sort).")
    st.dataframe(sessions, hide_index=True, column_config=SESSION_COLUMNS, width="stretch")
    with st.expander("Download these sessions", icon=":material/download:"):
        meta = export_meta(choice, f"Sessions naming {pair}")
        download_panel(None, {"sessions": sessions}, meta, key_prefix="pair", stem=pair)


def sankey_view() -> None:
    """The Action Line × SDG matrix as flows."""
    grid = _cache.matrix(choice.dataset, choice.filters, choice.collapse_c7, "sessions")
    fig = cooc_figures.sankey(grid, note=ds.info.chart_note)
    st.plotly_chart(_theme.themed(fig), key="sankey", width="stretch")
    st.caption(
        f"{meta_note} Link width = sessions tagged with both the Action Line and the SDG (a "
        "session with 2 Action Lines and 3 SDGs feeds 6 links). SDG nodes in the official colours."
    )
    links = grid.long().query("sessions > 0").drop(columns="value")
    with st.expander("Download the chart and the links", icon=":material/download:"):
        meta = export_meta(choice, "Action Lines → SDGs")
        download_panel(fig, {"links": links}, meta, key_prefix="sankey", stem="sankey")


def ranked_view() -> None:
    """For one SDG the Action Lines ranked, and for one Action Line the SDGs ranked."""
    grid = _cache.matrix(choice.dataset, choice.filters, choice.collapse_c7, "sessions")
    codes = list(grid.counts.index)
    _clicks.forget_invalid("il_rank_al", codes)
    st.subheader("For an SDG: the Action Lines ranked")
    goal = st.selectbox("SDG", SDG_GOALS, format_func=sdg_label, key="il_rank_sdg", **URL)
    by_sdg, goal_name = cooc.ranked_for_sdg(grid, goal).drop(columns=CODES), sdg_label(goal)
    st.caption(f"Share: of the {int(grid.col_totals[goal]):,} sessions naming {goal_name}.")
    st.dataframe(by_sdg, hide_index=True, column_config=RANKED_COLUMNS, width="stretch")
    st.subheader("For an Action Line: the SDGs ranked")
    label = lambda c: cooc.code_label("action_line", c, choice.collapse_c7)  # noqa: E731
    al = st.selectbox("Action Line", codes, format_func=label, key="il_rank_al", **URL)
    by_al = cooc.ranked_for_action_line(grid, al).drop(columns=CODES)
    st.caption(f"Share: of the {int(grid.row_totals[al]):,} sessions naming {label(al)}.")
    st.dataframe(by_al, hide_index=True, column_config=RANKED_COLUMNS, width="stretch")
    st.caption(
        f"{meta_note} Ticked: a link in the facilitators' WSIS–SDG Matrix (its targets beside)."
    )
    with st.expander("Download both rankings", icon=":material/download:"):
        frames = {f"by {goal_name}": by_sdg, f"by {al}": by_al}
        meta = export_meta(choice, "The official matrix, ranked")
        download_panel(None, frames, meta, key_prefix="ranked", stem="ranked")


# 2/ get and 3/ render
try:
    {"cooc": cooccurrence_view, "sankey": sankey_view, "ranked": ranked_view}[view]()
except WsisError as exc:  # a store that cannot be read: a message, never a traceback
    st.error(literal(exc))
