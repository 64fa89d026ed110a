"""Trends: how the WSIS–SDG picture moves year by year, with drill-down to the sessions."""

import streamlit as st

from pages import _cache, _clicks, _theme
from pages._downloads import download_panel, export_meta
from pages._runtime import require_router
from pages._sidebar import selection, summary_line
from wsis_data import trends as tr
from wsis_data.errors import WsisError
from wsis_data.figures import trends as tf
from wsis_data.headings import headings
from wsis_data.provenance import projected_notice
from wsis_data.safe_text import literal
from wsis_data.trends import BREAKDOWNS, MATRIX_MEASURES, MEASURES

require_router()
URL = {"bind": "query-params"}

# 1/ choose
choice = selection()
ds = _cache.dataset(choice.dataset)
note = ds.info.chart_note
st.title("Trends")
left, mid, right, last = st.columns([1, 2, 1, 1])
by = left.selectbox("Breakdown", list(BREAKDOWNS), format_func=BREAKDOWNS.get, key="tr_by", **URL)
measure = mid.radio("Measure", list(MEASURES), format_func=MEASURES.get, horizontal=True,
                    key="tr_measure", **URL)  # fmt: skip
chart = right.selectbox("Chart", list(tf.CHART_TYPES), format_func=tf.CHART_TYPES.get,
                        key="tr_chart", **URL)  # fmt: skip
top_n = last.number_input("Top organisations", 1, 40, 10, key="tr_top", **URL,
                          disabled=by != "organisation")  # fmt: skip

# 2/ get
try:
    top = int(top_n) if by == "organisation" else None
    long = _cache.trend(choice.dataset, choice.filters, by, choice.collapse_c7, top)
    grids = _cache.year_matrices(choice.dataset, choice.filters, choice.collapse_c7)
except WsisError as exc:
    st.error(literal(exc))
    st.stop()
data_years = grids.data_years
if long.empty or not data_years:
    st.info("No session matches these filters.")
    st.stop()

# 3/ render
st.caption(summary_line(choice))
if notice := projected_notice(ds.has_declared_sdgs, choice.filters.provenances):
    st.info(notice)
for line in tf.chart_notes(by, measure, chart, grids.no_data_years):
    st.caption(line)
title = f"Sessions per year by {BREAKDOWNS[by]}"
labels = tr.point_keys(long)
pick = st.selectbox("Highlight one line", [None, *labels], disabled=chart != "lines",
                    key=f"tr_hl_{by}", format_func=lambda k: labels.get(k, "–"))  # fmt: skip
fig = _theme.themed(tf.trend_chart(long, by, chart, measure=measure, note=note, highlight=pick))
event = st.plotly_chart(
    fig, on_select=_clicks.remember_click("tr_plot"), selection_mode="points", key="tr_plot"
)
table = tr.by_year_table(long, tf.stacked_measure(by, measure) if chart == "areas" else measure)
download_panel(
    fig, {"by year": table.reset_index(), "long": long}, export_meta(choice, title),
    f"trends-{by}-{measure}",
)  # fmt: skip
st.header("Action Lines × SDGs over time")
m_measure = st.radio(
    "Value", list(MATRIX_MEASURES), format_func=MATRIX_MEASURES.get, horizontal=True,
    key="tr_mvalue", **URL,
)  # fmt: skip
anim = _cache.year_matrices_animation(
    choice.dataset, choice.filters, choice.collapse_c7, m_measure, _theme.active()
)
_clicks.forget_invalid("tr_year", names := tf.frame_names(anim))
shown = st.select_slider("Year shown", names, tf.shown_frame(anim), key="tr_year", **URL)
anim_event = st.plotly_chart(tf.at_frame(anim, shown), on_select=_clicks.remember_click(
    "tr_anim"), selection_mode="points", key="tr_anim")  # fmt: skip
st.caption("One colour scale for all years; click a cell for its sessions. " + tf.ANIMATION_HELP)
download_panel(
    anim, {"matrix by year": grids.long()},
    export_meta(choice, "Action Lines × SDGs by year"), f"trends-matrix-{m_measure}",
)  # fmt: skip

st.header("Changes between two years")
for name in ("tr_a", "tr_b"):
    _clicks.forget_invalid(name, data_years)
col_a, col_b = st.columns(2)
year_a = col_a.selectbox("Year A", data_years, index=0, key="tr_a", **URL)
year_b = col_b.selectbox("Year B", data_years, index=len(data_years) - 1, key="tr_b", **URL)
rf = tr.risers_fallers(long, year_a, year_b, measure=measure, n=5)
if rf.empty:
    st.info(f"No {BREAKDOWNS[by]} changed between {year_a} and {year_b}.")
    rf_event = None
else:
    st.subheader(f"Top risers and fallers, {year_a} → {year_b}")
    rf_fig = _theme.themed(tf.risers_fallers_bars(rf, year_a, year_b, measure=measure, note=note))
    rf_event = st.plotly_chart(
        rf_fig, on_select=_clicks.remember_click("tr_rf"), selection_mode="points", key="tr_rf"
    )
    download_panel(
        rf_fig, {"risers and fallers": rf},
        export_meta(choice, f"Risers and fallers {year_a}–{year_b}"), f"trends-rf-{by}",
    )  # fmt: skip
st.subheader(f"Action Line × SDG difference, {year_b} minus {year_a}")
diff = tr.difference(grids, year_a, year_b, m_measure)
diff_fig = tf.difference_heatmap(diff, grids, year_a, year_b, measure=m_measure, note=note)
st.plotly_chart(_theme.themed(diff_fig), key="tr_diff")
download_panel(
    diff_fig, {"difference": diff.reset_index()},
    export_meta(choice, f"Difference {year_b} − {year_a}"), "trends-difference",
)  # fmt: skip
with st.expander("First and last year each Action Line × SDG pair appears"):
    appearance = tr.pair_appearance(grids)
    st.dataframe(appearance, hide_index=True, width="stretch")
    download_panel(
        None, {"pairs": appearance},
        export_meta(choice, "First and last year of each Action Line × SDG pair"),
        key_prefix="trends-pairs", stem="trends-pair-years",
    )  # fmt: skip

# drill-down: the point, bar or cell clicked last, else the keyboard route
st.header("Sessions behind a point")
clicked = _clicks.last_clicked({"tr_plot": event, "tr_rf": rf_event, "tr_anim": anim_event})
if clicked is None:
    keys = list(labels)
    _clicks.forget_invalid("tr_point_year", data_years)
    _clicks.forget_invalid("tr_point_key", keys)
    pick_year, pick_key = st.columns(2)
    year = pick_year.selectbox("Year", data_years, index=len(data_years) - 1, key="tr_point_year")
    busiest = keys.index(tr.busiest_key(long, year))
    key = pick_key.selectbox(
        BREAKDOWNS[by], keys, index=busiest, format_func=labels.get, key="tr_point_key"
    )
    clicked = ("keys", [year, key])
source, point = clicked
try:  # a cell of the Action Line × SDG heatmap in one year, or a point of a trend
    label, rows = tr.point_drilldown(
        _cache.view(choice.dataset, choice.filters), by, point, cell=source == "tr_anim",
        collapse_c7=choice.collapse_c7,
    )  # fmt: skip
except WsisError as exc:
    st.error(literal(exc))
    st.stop()
st.subheader(literal(label))
st.caption(f"{len(rows)} sessions · {note}")
st.dataframe(rows, hide_index=True, width="stretch", column_config=headings(rows)
             | {"url": st.column_config.LinkColumn("Session page")})  # fmt: skip
point_meta = export_meta(choice, "Sessions behind a point")
download_panel(None, {"sessions": rows}, point_meta, key_prefix="tr_point", stem="trends-sessions")
