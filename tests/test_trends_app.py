"""AppTest over the Trends page: every breakdown and chart runs; a clicked point shows sessions."""

import json

import pytest

from tests.support.apptest import dashboard_app, page_path
from wsis_data.filters import TITLE_QUERY_LIMIT, Filters
from wsis_data.matrix import drilldown
from wsis_data.provenance import DECLARED_PROVENANCES
from wsis_data.synthetic import demo_dataset
from wsis_data.trends import counts_by_year, sessions_behind
from wsis_data.views import apply_filters


@pytest.fixture
def at():
    app = dashboard_app()
    app.switch_page(page_path("trends.py"))
    app.run()
    app.selectbox(key="ds").set_value("synthetic").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def select(at, key, year, *values):
    at.session_state[key] = {
        "selection": {
            "points": [{"x": year, "y": 1, "customdata": [year, *values]}],
            "point_indices": [], "box": [], "lasso": [],
        }
    }  # fmt: skip
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def synthetic_view():
    return apply_filters(demo_dataset(), Filters(provenances=DECLARED_PROVENANCES))


def test_every_action_line_and_top_organisations_are_drawn(at):
    assert len(figure_traces(at)) == 11
    at.toggle(key="c7").set_value(True).run()
    names = [t["name"] for t in figure_traces(at)]
    assert len(names) == 19 and "C7 (unspecified)" in names  # 18 rows + plain C7 tags
    at.selectbox(key="tr_by").set_value("organisation").run()
    at.number_input(key="tr_top").set_value(4).run()
    assert not at.exception
    assert len(figure_traces(at)) == 4


def figure_traces(at):
    return json.loads(at.get("plotly_chart")[0].proto.spec)["data"]


def test_every_breakdown_chart_and_measure_runs(at):
    for by in ("action_line", "sdg", "session_type", "organisation"):
        at.selectbox(key="tr_by").set_value(by).run()
        for chart in ("lines", "areas", "multiples", "heatmap"):
            at.selectbox(key="tr_chart").set_value(chart).run()
            assert not at.exception, (by, chart, [e.value for e in at.exception])
    at.radio(key="tr_measure").set_value("share").run()
    at.radio(key="tr_mvalue").set_value("share").run()
    assert not at.exception
    figures = at.get("plotly_chart")
    animation = [f for f in figures if '"frames"' in f.proto.spec]
    assert len(animation) == 1 and '"sliders"' in animation[0].proto.spec


def test_an_injected_point_selection_shows_the_sessions_behind_it(at):
    select(at, "tr_plot", 2020, "C3")
    assert any(s.value == "C3 in 2020" for s in at.subheader)
    shown = at.dataframe[-1].value
    expected = sessions_behind(synthetic_view(), "action_line", 2020, "C3")
    long = counts_by_year(synthetic_view(), "action_line")
    count = long[(long["year"] == 2020) & (long["key"] == "C3")]["sessions"].iloc[0]
    assert len(shown) == count == len(expected) > 0
    assert shown["session_id"].tolist() == expected["session_id"].tolist()
    assert set(shown["year"]) == {2020}
    assert shown["action_lines"].str.contains("C3").all()


def test_a_clicked_riser_or_faller_shows_its_sessions_in_year_b(at):
    at.selectbox(key="tr_by").set_value("sdg").run()
    select(at, "tr_rf", 2025, 9)
    assert any(s.value == "SDG 9 in 2025" for s in at.subheader)
    expected = sessions_behind(synthetic_view(), "sdg", 2025, 9)
    assert len(at.dataframe[-1].value) == len(expected) > 0


def test_the_keyboard_route_picks_a_point_with_select_boxes(at):
    at.selectbox(key="tr_by").set_value("session_type").run()
    at.selectbox(key="tr_point_year").set_value(2017).run()
    at.selectbox(key="tr_point_key").set_value("Leaders TalkX").run()
    assert not at.exception
    assert any(s.value == "Leaders TalkX in 2017" for s in at.subheader)
    shown = at.dataframe[-1].value
    assert set(shown["session_type"]) == {"Leaders TalkX"} and set(shown["year"]) == {2017}


def test_changing_years_a_and_b_changes_the_difference(at):
    before = [f.proto.spec for f in at.get("plotly_chart")]
    at.selectbox(key="tr_a").set_value(2019).run()
    assert not at.exception
    assert any(
        s.value.startswith("Action Line × SDG difference, 2025 minus 2019") for s in at.subheader
    )
    assert [f.proto.spec for f in at.get("plotly_chart")] != before


def test_one_year_and_an_empty_view_show_no_exception(at):
    at.slider(key="years").set_value((2020, 2020)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("No Action Line changed between 2020 and 2020" in i.value for i in at.info)
    at.text_input(key="q").set_value("no title has this").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(c.value.startswith("0 sessions ·") for c in at.caption)


def test_a_clicked_cell_of_the_animation_shows_its_sessions_in_that_year(at):
    select(at, "tr_anim", 2019, "C3", 4, 0)
    assert any(s.value == "C3 × SDG 4 in 2019" for s in at.subheader)
    one_year = apply_filters(
        demo_dataset(), Filters(years=(2019, 2019), provenances=DECLARED_PROVENANCES)
    )
    expected = drilldown(one_year, "C3", 4)
    shown = at.dataframe[-1].value
    assert len(shown) == len(expected) > 0
    assert shown["session_id"].tolist() == expected["session_id"].tolist()
    assert set(shown["year"]) == {2019}


def test_the_pair_years_table_is_offered_as_files(at):
    labels = {b.proto.label for b in at.get("download_button")}
    assert "pairs CSV" in labels


def test_a_huge_title_query_is_cut_with_a_note(at):
    at.text_input(key="q").set_value("  " + "a" * 5_000).run()
    assert not at.exception, [e.value for e in at.exception]
    notes = [c.value for c in at.sidebar.caption if "Title contains" in c.value]
    assert notes and f"first {TITLE_QUERY_LIMIT} characters of the 5,000 given" in notes[0]
    assert at.session_state["_selection"].filters.text == "a" * TITLE_QUERY_LIMIT


def test_highlight_one_line_fades_the_others(at):
    at.selectbox(key="tr_hl_action_line").set_value("C3").run()
    assert not at.exception, [e.value for e in at.exception]
    traces = figure_traces(at)
    assert [t["name"] for t in traces if t.get("opacity", 1) == 1] == ["C3"]
    assert all(t["opacity"] == 0.25 for t in traces if t["name"] != "C3")


def test_sessions_table_shows_a_readers_headings(at):
    table = next(d for d in at.dataframe if "session_id" in d.value.columns)
    config = json.loads(table.proto.columns)
    labels = {name: c.get("label") for name, c in config.items() if name != "_index"}
    assert labels["session_id"] == "Session" and labels["sdg_provenance"] == "SDGs: where from"
    assert all(label and "_" not in label for label in labels.values()), config
