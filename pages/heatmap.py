"""Heatmap: which WSIS Action Lines sessions link to which SDGs, with drill-down to the sessions."""

import streamlit as st

from pages import _shared
from wsis_data import figures
from wsis_data.matrix import VALUE_MODES, cell_label, drilldown
from wsis_data.taxonomy import action_line_label, sdg_label

# 1/ choose
choice = _shared.selection()
ds = _shared.dataset(choice.dataset)
st.title("Action Lines × SDGs")
value = st.radio(
    "Value",
    list(VALUE_MODES),
    format_func=VALUE_MODES.get,
    horizontal=True,
    key="value",
    bind="query-params",
)

# 2/ get
view = _shared.view(choice.dataset, choice.filters)
grid = _shared.matrix(choice.dataset, choice.filters, choice.collapse_c7, value)

# 3/ render
st.caption(_shared.summary_line(choice))
if not ds.has_declared_sdgs:
    st.info(
        "No SDG was readable for these sessions. The SDG links shown are projected through the "
        "facilitators' WSIS–SDG Matrix from each session's Action Lines: an inference, not a "
        "declaration. Remove 'projected' from 'Tags counted' to see declared links only."
    )
st.markdown(f"**{grid.total:,}** sessions with at least one Action Line × SDG link.")
fig = figures.heatmap(grid, note=ds.info.chart_note)
event = st.plotly_chart(
    fig, on_select="rerun", selection_mode="points", key="heatmap", width="stretch"
)

points = (event or {}).get("selection", {}).get("points", [])
codes = list(grid.counts.index)
if points and points[0].get("customdata"):
    cell_al, cell_sdg = points[0]["customdata"][0], int(points[0]["customdata"][1])
else:
    left, right = st.columns(2)
    cell_al = left.selectbox(
        "Action Line",
        codes,
        format_func=lambda c: action_line_label(c, collapse_c7=choice.collapse_c7),
    )
    cell_sdg = right.selectbox("SDG", list(range(1, 18)), format_func=sdg_label)

st.subheader(f"Sessions behind {cell_label(cell_al, cell_sdg, collapse_c7=choice.collapse_c7)}")
sessions = drilldown(view, cell_al, cell_sdg, collapse_c7=choice.collapse_c7)
st.caption(f"{len(sessions)} sessions · {ds.info.chart_note}")
st.dataframe(
    sessions,
    hide_index=True,
    column_config={"url": st.column_config.LinkColumn("Session page")},
    width="stretch",
)
