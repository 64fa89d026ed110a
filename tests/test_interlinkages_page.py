"""AppTest over the Interlinkages page: every view runs on the sample and the synthetic data, the
chart is the filtered co-occurrence, and a picked pair (or a click) lists the sessions behind it."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from tests.support.apptest import dashboard_app, page_path
from tests.test_heatmap_page import array
from wsis_data.cooccurrence import cooccurrence, pair_drilldown
from wsis_data.filters import Filters
from wsis_data.provenance import DECLARED_PROVENANCES
from wsis_data.synthetic import demo_dataset
from wsis_data.views import apply_filters


def ok(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture
def at():
    app = dashboard_app()
    app.switch_page(page_path("interlinkages.py")).run()
    ok(app)
    return app


def chart(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def downloads(at) -> set[str]:
    return {b.proto.label for b in at.get("download_button")}


def synthetic_view(**filters):
    return apply_filters(demo_dataset(), Filters(provenances=DECLARED_PROVENANCES, **filters))


@pytest.mark.parametrize("dataset", ["sample", "synthetic"])
def test_every_view_and_kind_runs(at, dataset):
    at.selectbox(key="ds").set_value(dataset).run()
    ok(at)
    note = "SYNTHETIC" if dataset == "synthetic" else "sample"
    # the sample declares no SDG: its default counts projected tags, and SDG pairs say so
    assert any("projected SDGs" in w.value for w in at.warning) == (dataset == "sample")
    assert note in chart(at)["layout"]["annotations"][0]["text"]
    for kind in ("action_line", "sdg"):
        at.radio(key="il_kind").set_value(kind).run()
        at.radio(key="il_value").set_value("lift").run()
        ok(at)
    assert {"HTML (interactive)", "matrix CSV", "pairs CSV", "XLSX (+ metadata)",
            "sessions CSV"} <= downloads(at)  # fmt: skip
    at.radio(key="il_view").set_value("sankey").run()
    ok(at)
    assert {"HTML (interactive)", "links CSV", "XLSX (+ metadata)"} <= downloads(at)
    at.radio(key="il_view").set_value("ranked").run()
    ok(at)
    assert len(at.dataframe) == 2  # the two rankings
    assert {"by SDG 1 CSV", "by C1 CSV", "XLSX (+ metadata)"} <= downloads(at)
    at.toggle(key="c7").set_value(True).run()
    ok(at)


def test_the_chart_is_the_filtered_cooccurrence_and_a_picked_pair_lists_its_sessions(at):
    at.selectbox(key="ds").set_value("synthetic").run()
    at.slider(key="years").set_value((2019, 2021)).run()
    ok(at)
    view = synthetic_view(years=(2019, 2021))
    co = cooccurrence(view, "sdg")
    values = next(t for t in chart(at)["data"] if t.get("name") == "values")
    z = array(values["z"])
    np.testing.assert_array_equal(np.nan_to_num(z), co.counts.to_numpy(float))
    at.selectbox(key="il_sdg_a").set_value(4).run()
    at.selectbox(key="il_sdg_b").set_value(9).run()
    ok(at)
    assert any(h.value == "Sessions naming SDG 4 & SDG 9" for h in at.subheader)
    shown = at.dataframe[-1].value
    want = pair_drilldown(view, "sdg", 4, 9)
    assert len(shown) == co.counts.loc[4, 9] > 0
    pd.testing.assert_series_equal(shown["title"], want["title"])


def test_an_injected_cell_click_moves_the_pickers(at):
    at.selectbox(key="ds").set_value("synthetic").run()
    at.radio(key="il_kind").set_value("action_line").run()
    at.session_state["cooc"] = {
        "selection": {
            "points": [{"x": "C5", "y": "C3", "customdata": ["C3", "C5", 0]}],
            "point_indices": [], "box": [], "lasso": [],
        }
    }  # fmt: skip
    at.run()
    ok(at)
    assert at.selectbox(key="il_action_line_a").value == "C3"
    assert at.selectbox(key="il_action_line_b").value == "C5"
    want = pair_drilldown(synthetic_view(), "action_line", "C3", "C5")
    assert len(at.dataframe[-1].value) == len(want) > 0
