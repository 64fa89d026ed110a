"""AppTest over the heatmap page: every filter and view setting changes the chart as expected,
cell selection drives the drill-down, exports round-trip."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from tests.support.apptest import dashboard_app
from wsis_data import export
from wsis_data.export import flat
from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix, drilldown
from wsis_data.provenance import DECLARED_PROVENANCES
from wsis_data.safe_text import literal
from wsis_data.sample import sample_dataset
from wsis_data.synthetic import demo_dataset
from wsis_data.taxonomy import sdg
from wsis_data.views import apply_filters


def array(value) -> np.ndarray:
    """A Plotly JSON array (plain list or base64 typed array) as numpy."""
    if isinstance(value, dict):
        out = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")
        return out.reshape([int(s) for s in str(shape).split(",")]) if shape else out
    return np.array(value, dtype=float)


def spec(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def trace(at, name: str) -> dict:
    return next(t for t in spec(at)["data"] if t.get("name") == name)


def expected(filters: Filters, *, synthetic: bool = True, collapse: bool = True, value="sessions"):
    ds = demo_dataset() if synthetic else sample_dataset()
    grid = build_matrix(apply_filters(ds, filters), collapse_c7=collapse, value=value)
    return grid.keep(filters.action_lines, filters.sdgs)  # what the filters keep, no zero rows


@pytest.fixture
def synth():
    at = dashboard_app()
    at.selectbox(key="ds").set_value("synthetic").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


DECLARED = frozenset(DECLARED_PROVENANCES)


def assert_chart_is(at, grid) -> None:
    assert not at.exception, [e.value for e in at.exception]
    heat = trace(at, "values")
    assert heat["y"] == grid.row_labels
    np.testing.assert_allclose(array(heat["z"]), grid.values.to_numpy(float), equal_nan=True)
    np.testing.assert_array_equal(array(trace(at, "SDG totals")["y"]), grid.col_totals.to_numpy())
    np.testing.assert_array_equal(
        array(trace(at, "Action Line totals")["x"]), grid.row_totals.to_numpy()
    )


def test_default_view_is_the_declared_synthetic_matrix(synth):
    assert_chart_is(synth, expected(Filters(provenances=DECLARED)))


@pytest.mark.parametrize(
    ("widget", "key", "value", "filters"),
    [
        ("slider", "years", (2019, 2020), Filters(years=(2019, 2020))),
        ("multiselect", "al", ["C3", "C7"], Filters(action_lines=("C3", "C7"))),
        ("multiselect", "sdg", [4, 17], Filters(sdgs=(4, 17))),
        ("multiselect", "type", ["Country Workshop"], Filters(session_types=("Country Workshop",))),
        ("text_input", "q", "data", Filters(text="data")),
        ("multiselect", "prov", ["page"], Filters(provenances=frozenset({"page"}))),
    ],
)
def test_each_filter_changes_the_chart_data(synth, widget, key, value, filters):
    before = array(trace(synth, "values")["z"])
    getattr(synth, widget)(key=key).set_value(value).run()
    if key != "prov":
        filters = Filters(**{**filters.__dict__, "provenances": DECLARED})
    grid = expected(filters)
    assert_chart_is(synth, grid)
    assert not np.array_equal(before, array(trace(synth, "values")["z"]))
    assert literal(filters.describe()) in synth.caption[0].value  # Markdown-escaped record text


def test_organiser_filter(synth):
    org = demo_dataset().tables.organisers["organisation"].value_counts().index[0]
    synth.multiselect(key="org").set_value([org]).run()
    assert_chart_is(synth, expected(Filters(organisers=(org,), provenances=DECLARED)))


def test_split_c7_gives_18_rows(synth):
    synth.toggle(key="c7").set_value(True).run()
    grid = expected(Filters(provenances=DECLARED), collapse=False)
    assert_chart_is(synth, grid)
    assert len(trace(synth, "values")["y"]) >= 18


def test_tags_counted_default_depends_on_the_dataset():
    at = dashboard_app()  # the real sample has no declared SDGs: projected links are counted
    assert "projected" in at.multiselect(key="prov").value
    assert_chart_is(at, expected(Filters(provenances=DECLARED | {"projected"}), synthetic=False))
    at.selectbox(key="ds").set_value("synthetic").run()
    assert set(at.multiselect(key="prov").value) == DECLARED


@pytest.mark.parametrize("value", ["sessions", "share_of_row", "share_of_column", "lift"])
def test_value_modes(synth, value):
    synth.radio(key="value").set_value(value).run()
    grid = expected(Filters(provenances=DECLARED), value=value)
    assert_chart_is(synth, grid)
    heat = trace(synth, "values")
    if value == "lift":
        assert heat["zmid"] == 1.0
    if value.startswith("share"):
        assert np.nanmax(array(heat["z"])) <= 1.0


def test_log_scale_colours_by_log10_and_labels_in_values(synth):
    synth.toggle(key="log").set_value(True).run()
    grid = expected(Filters(provenances=DECLARED))
    heat = trace(synth, "values")
    counts = grid.values.to_numpy(float)
    with np.errstate(divide="ignore"):
        want = np.where(counts > 0, np.log10(counts), np.nan)
    np.testing.assert_allclose(array(heat["z"]), want, equal_nan=True)
    assert "log" in heat["colorbar"]["title"]["text"]
    assert heat["text"][0][0] == f"{int(counts[0, 0])}"  # labels keep the real values


def test_colour_scale_choice_and_labels_toggle(synth):
    synth.selectbox(key="scale").set_value("Cividis").run()
    heat = trace(synth, "values")
    want = [list(step) for step in go.Heatmap(colorscale="Cividis").colorscale]
    assert heat["colorscale"] == want
    assert "texttemplate" in heat
    synth.toggle(key="labels").set_value(False).run()
    assert "texttemplate" not in trace(synth, "values")


def test_official_overlay_outlines_the_official_links(synth):
    overlay = trace(synth, "Official WSIS–SDG Matrix link")
    grid = expected(Filters(provenances=DECLARED))
    official = grid.long()
    official = official[official["official_link"]]
    got = set(zip(overlay["y"], overlay["x"], strict=True))
    pairs = zip(official["action_line"], official["sdg"], strict=True)
    assert got == {(a, f"SDG {g}") for a, g in pairs}
    cells = trace(synth, "cells")
    hover = dict(zip(zip(cells["y"], cells["x"], strict=True), cells["hovertext"], strict=True))
    assert "Official link: 3.8, 3.d" in hover[("C1", "SDG 3")]  # target codes on hover
    assert "No official link" in hover[("C1", "SDG 2")]
    synth.toggle(key="official").set_value(False).run()
    assert all(t.get("name") != "Official WSIS–SDG Matrix link" for t in spec(synth)["data"])


def test_gaps_mode_colours_cells_by_status(synth):
    synth.slider(key="years").set_value((2025, 2025)).run()
    synth.toggle(key="gaps").set_value(True).run()
    assert not synth.exception
    heat = trace(synth, "gaps")
    z = array(heat["z"])
    grid = expected(Filters(years=(2025, 2025), provenances=DECLARED))
    counts, long = grid.counts.to_numpy(), grid.long()
    linked = long["official_link"].to_numpy().reshape(counts.shape)
    want = np.select(
        [linked & (counts > 0), linked & (counts == 0), ~linked & (counts > 0)], [0, 1, 2], np.nan
    )
    np.testing.assert_array_equal(z, want)
    assert heat["colorbar"]["ticktext"] == [
        "official, with sessions",
        "official, no sessions",
        "sessions outside official links",
    ]


def test_sdg_colours_on_the_axis(synth):
    bars = trace(synth, "SDG totals")
    assert bars["marker"]["color"] == [sdg(g).colour for g in range(1, 18)]
    shapes = spec(synth)["layout"]["shapes"]
    strip = [s["fillcolor"] for s in shapes if s.get("yref") == "y3 domain"]
    assert strip == [sdg(g).colour for g in range(1, 18)]


def select_cell(at, code: str, goal: int) -> None:
    at.session_state["heatmap"] = {
        "selection": {
            "points": [{"x": f"SDG {goal}", "y": code, "customdata": [code, goal, 0]}],
            "point_indices": [], "box": [], "lasso": [],
        }
    }  # fmt: skip
    at.run()


def drill_frame(at) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "title" in d.value.columns)


def test_injected_cell_selection_shows_that_cells_sessions(synth):
    select_cell(synth, "C3", 4)
    assert not synth.exception
    assert any("C3 × SDG 4" in h.value for h in synth.subheader)
    want = drilldown(apply_filters(demo_dataset(), Filters(provenances=DECLARED)), "C3", 4)
    got = drill_frame(synth)
    assert len(got) == len(want) > 0
    assert got["session_id"].tolist() == want["session_id"].tolist()
    assert {"url", "action_line_provenance", "sdg_provenance"} <= set(got.columns)
    # the keyboard route shows the same cell, and can move to another one
    assert synth.selectbox(key="cell_al").value == "C3"
    synth.selectbox(key="cell_sdg").set_value(9).run()
    assert any("C3 × SDG 9" in h.value for h in synth.subheader)


def test_drilldown_respects_the_filters(synth):
    synth.slider(key="years").set_value((2020, 2020)).run()
    select_cell(synth, "C7", 9)
    got = drill_frame(synth)
    assert set(got["year"]) == {2020}
    want = drilldown(
        apply_filters(demo_dataset(), Filters(years=(2020, 2020), provenances=DECLARED)), "C7", 9
    )
    assert len(got) == len(want)


def test_matrix_table_alternative_matches_the_chart(synth):
    table = next(d.value for d in synth.dataframe if "SDG 1" in d.value.columns)
    grid = expected(Filters(provenances=DECLARED))
    np.testing.assert_array_equal(table.iloc[:-1, :17].to_numpy(), grid.counts.to_numpy())


def test_matrix_csv_and_xlsx_round_trip():
    grid = build_matrix(demo_dataset(), value="sessions")
    frame = flat(grid.table().astype("int64"))
    back = pd.read_csv(io.BytesIO(export.csv_bytes(frame)))
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)
    np.testing.assert_array_equal(back.iloc[:-1, 1:18].to_numpy(), grid.counts.to_numpy())
    meta = export.ExportMeta("t", "synthetic", "none", "page, title")
    book = pd.read_excel(io.BytesIO(export.xlsx_bytes({"matrix": frame}, meta)), sheet_name=None)
    assert list(book) == ["matrix", "metadata"]
    pd.testing.assert_frame_equal(book["matrix"], frame, check_dtype=False)
    assert (
        dict(zip(book["metadata"]["key"], book["metadata"]["value"], strict=True))["title"] == "t"
    )


def test_without_chromium_image_exports_explain_and_the_rest_still_work(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    at = dashboard_app()
    assert not at.exception
    assert any("apt-get install chromium" in i.value for i in at.info)
    assert not {"PNG", "SVG", "PDF"} & {b.proto.label for b in at.get("download_button")}
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"HTML (interactive)", "matrix CSV", "XLSX (+ metadata)", "sessions CSV"} <= set(labels)


def test_one_click_per_image_format_with_chromium(synth):
    """No render step: PNG, SVG and PDF are buttons at once, keyed dl-heatmap-{ext}, sized by the
    size choice (each is made only when clicked: deferred data)."""
    if not export.images_available():
        pytest.skip("chromium is not installed")
    assert not [b for b in synth.button if b.label.startswith("Render")]
    buttons = {b.proto.label: b.proto for b in synth.get("download_button")}
    assert {"PNG", "SVG", "PDF"} <= set(buttons)
    assert all(buttons[f].deferred_file_id for f in ("PNG", "SVG", "PDF"))
    assert buttons["PNG"].id.endswith("dl-heatmap-png")
    synth.selectbox(key="heatmap-size").set_value("Small (800 × 600, 1×)").run()
    assert not synth.exception and not synth.error


def test_synthetic_size_from_the_environment(monkeypatch):
    from wsis_data import catalog
    from wsis_data.errors import WsisError

    monkeypatch.setenv(catalog.SYNTHETIC_SESSIONS_ENV, "1_000")
    assert len(catalog.load_dataset("synthetic").tables.sessions) == 1000
    monkeypatch.setenv(catalog.SYNTHETIC_SESSIONS_ENV, "lots")
    with pytest.raises(WsisError, match="WSIS_SYNTHETIC_SESSIONS='lots'"):
        catalog.load_dataset("synthetic")
    monkeypatch.delenv(catalog.SYNTHETIC_SESSIONS_ENV)
    assert catalog.load_dataset("synthetic") is demo_dataset()


def test_reset_clears_the_filters_but_keeps_the_dataset(synth):
    synth.slider(key="years").set_value((2019, 2020)).run()
    synth.multiselect(key="prov").set_value(["page"]).run()
    reset = next(b for b in synth.button if b.label == "Reset filters")
    reset.click().run()
    assert not synth.exception
    assert synth.selectbox(key="ds").value == "synthetic"
    assert synth.slider(key="years").value == (2015, 2025)
    assert set(synth.multiselect(key="prov").value) == DECLARED
    assert_chart_is(synth, expected(Filters(provenances=DECLARED)))
