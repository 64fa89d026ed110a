"""Trends: how the WSIS–SDG picture moves year by year, with drill-down to the sessions."""

import streamlit as st

from pages import _cache, _clicks, _theme, _trend_points
from pages._downloads import download_panel, export_meta, scope
from pages._runtime import require_router
from pages._sidebar import selection, summary_line
from pages._tables import show_table
from wsis_data import trends as tr
from wsis_data.errors import WsisError
from wsis_data.figures import describe
from wsis_data.figures import trends as tf
from wsis_data.provenance import projected_notice
from wsis_data.safe_text import literal
from wsis_data.trends import BREAKDOWNS, MATRIX_MEASURES, MEASURES

require_router()
URL = {"bind": "query-params"}

# 1/ choose: the breakdown and measure shape every chart; each chart's own options are in its
# fragment (changing one reruns that chart only, never the sidebar or the other charts)
choice = selection()
ds = _cache.dataset(choice.dataset)
st.title("Trends")
left, mid, last = st.columns([1, 2, 1])
by = left.selectbox("Breakdown", list(BREAKDOWNS), format_func=BREAKDOWNS.get, key="tr_by", **URL)
measure = mid.radio("Measure", list(MEASURES), format_func=MEASURES.get, horizontal=True,
                    key="tr_measure", **URL)  # fmt: skip
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
labels = tr.point_keys(long)


@st.fragment
def trend() -> None:
    """Sessions per year: chart type and highlighted line rerun this chart only."""
    left, right = st.columns([1, 2])
    chart = left.selectbox("Chart", list(tf.CHART_TYPES), format_func=tf.CHART_TYPES.get,
                           key="tr_chart", **URL)  # fmt: skip
    pick = right.selectbox("Highlight one line", [None, *labels], disabled=chart != "lines",
                           key=f"tr_hl_{by}", format_func=lambda k: labels.get(k, "–"))  # fmt: skip
    for line in tf.chart_notes(by, measure, chart, grids.no_data_years):
        st.caption(line)
    look = (chart, measure, pick)  # built once per (view, options): _cache
    fig = _cache.trend_figure(choice.dataset, choice.filters, by, choice.collapse_c7, top, look,
                              _theme.active())  # fmt: skip
    alt = describe.trend(long, by, measure, scope(choice))
    st.plotly_chart(fig, alt=alt, **_trend_points.clickable("tr_plot"))
    table = tr.by_year_table(long, tf.stacked_measure(by, measure) if chart == "areas" else measure)
    download_panel(
        fig, {"by year": table.reset_index(), "long": long},
        export_meta(choice, f"Sessions per year by {BREAKDOWNS[by]}", alt=alt),
        f"trends-{by}-{measure}",
    )  # fmt: skip


@st.fragment
def over_time() -> None:
    """The Action Line × SDG heatmap over time; its value also sets the difference below."""
    st.header("Action Lines × SDGs over time")
    m_measure = st.radio(
        "Value", list(MATRIX_MEASURES), format_func=MATRIX_MEASURES.get, horizontal=True,
        key="tr_mvalue", **URL,
    )  # fmt: skip
    anim = _cache.year_matrices_animation(choice.dataset, choice.filters, choice.collapse_c7,
                                          m_measure, _theme.active())  # fmt: skip
    _clicks.forget_invalid("tr_year", names := tf.frame_names(anim))
    shown = st.select_slider("Year shown", names, tf.shown_frame(anim), key="tr_year", **URL)
    alt = describe.matrix_animation(grids, m_measure, scope(choice))
    shown_fig = _cache.year_matrices_frame(choice.dataset, choice.filters, choice.collapse_c7,
                                           m_measure, _theme.active(), shown)  # fmt: skip
    st.plotly_chart(shown_fig, alt=alt, **_trend_points.clickable("tr_anim"))
    st.caption(
        "One colour scale for all years; click a cell for its sessions. " + tf.ANIMATION_HELP
    )
    download_panel(
        anim, {"matrix by year": grids.long()},
        export_meta(choice, "Action Lines × SDGs by year", alt=alt), f"trends-matrix-{m_measure}",
    )  # fmt: skip
    changes(m_measure)


@st.fragment
def changes(m_measure: str) -> None:
    """Risers and fallers and the difference between two years: years A and B rerun this only."""
    st.header("Changes between two years")
    for name in ("tr_a", "tr_b"):
        _clicks.forget_invalid(name, data_years)
    col_a, col_b = st.columns(2)
    year_a = col_a.selectbox("Year A", data_years, index=0, key="tr_a", **URL)
    year_b = col_b.selectbox("Year B", data_years, index=len(data_years) - 1, key="tr_b", **URL)
    rf, rf_fig = _cache.risers_fallers(choice.dataset, choice.filters, by, choice.collapse_c7, top,
                                       (year_a, year_b), measure, _theme.active())  # fmt: skip
    if rf_fig is None:
        st.info(f"No {BREAKDOWNS[by]} changed between {year_a} and {year_b}.")
    else:
        st.subheader(f"Top risers and fallers, {year_a} → {year_b}")
        alt = describe.risers_fallers(rf, year_a, year_b, measure, scope(choice))
        st.plotly_chart(rf_fig, alt=alt, **_trend_points.clickable("tr_rf"))
        download_panel(
            rf_fig, {"risers and fallers": rf},
            export_meta(choice, f"Risers and fallers {year_a}–{year_b}", alt=alt),
            f"trends-rf-{by}",
        )  # fmt: skip
    st.subheader(f"Action Line × SDG difference, {year_b} minus {year_a}")
    diff, diff_fig, shown = _cache.year_difference(
        choice.dataset, choice.filters, choice.collapse_c7, (year_a, year_b), m_measure,
        _theme.active(),
    )  # fmt: skip
    alt = describe.difference(diff, year_a, year_b, m_measure, scope(choice), choice.collapse_c7)
    st.plotly_chart(shown, key="tr_diff", alt=alt)
    download_panel(
        diff_fig, {"difference": diff.reset_index()},
        export_meta(choice, f"Difference {year_b} − {year_a}", alt=alt), "trends-difference",
    )  # fmt: skip


trend()
over_time()
with st.expander("First and last year each Action Line × SDG pair appears"):
    appearance = tr.pair_appearance(grids)
    show_table(appearance)
    download_panel(
        None, {"pairs": appearance},
        export_meta(choice, "First and last year of each Action Line × SDG pair"),
        key_prefix="trends-pairs", stem="trends-pair-years",
    )  # fmt: skip
_trend_points.drilldown(choice, by, long, data_years)
