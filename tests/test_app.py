"""AppTest over every page: no exception, and the sidebar drives the heatmap."""

import pytest

from tests.support.apptest import dashboard_app as app
from tests.support.apptest import page_path

PAGES = ["heatmap.py", "about.py"]


def figure(at):
    return at.get("plotly_chart")[0].proto.spec


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("ds", ["sample", "synthetic"])
def test_every_page_runs_without_exception(page, ds):
    at = app()
    at.switch_page(page_path(page))
    at.run()
    at.selectbox(key="ds").set_value(ds)
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_year_filter_changes_the_heatmap():
    at = app()
    at.selectbox(key="ds").set_value("synthetic").run()
    before = figure(at)
    at.slider(key="years").set_value((2020, 2020)).run()
    assert not at.exception
    assert figure(at) != before
    assert "years 2020" in at.caption[0].value


def test_cell_selection_shows_its_sessions():
    at = app()
    at.session_state["heatmap"] = {
        "selection": {
            "points": [{"x": "SDG 17", "y": "C11", "customdata": ["C11", 17, 5]}],
            "point_indices": [], "box": [], "lasso": [],
        }
    }  # fmt: skip
    at.run()
    assert not at.exception
    assert any("C11 × SDG 17" in h.value for h in at.subheader)
    drill = [d.value for d in at.dataframe if "title" in d.value.columns]
    titles = drill[0]["title"].tolist()
    assert "WSIS Action Lines C1&C11" in titles


def test_about_page_offers_the_official_matrix_as_files():
    at = app()
    at.switch_page(page_path("about.py")).run()
    assert not at.exception
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"official-pairs CSV", "XLSX (+ metadata)"} <= labels


def test_a_dataset_that_cannot_load_is_a_message_not_a_traceback(monkeypatch):
    import streamlit as st

    monkeypatch.setenv("WSIS_SYNTHETIC_SESSIONS", "not-a-number")
    st.cache_resource.clear()  # the synthetic dataset cached by earlier tests' apps
    at = app()
    at.selectbox(key="ds").set_value("synthetic").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("expected a positive number" in e.value for e in at.sidebar.error)
    assert "WSIS Forum sample" in at.caption[0].value  # the heatmap shows the sample instead
    at.switch_page(page_path("about.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("cannot be loaded" in e.value for e in at.error)
