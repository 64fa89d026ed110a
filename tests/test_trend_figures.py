"""Trend figures: no-data years marked, notes on every chart, fixed animation scale, escaping."""

import json

import numpy as np
import pytest

from tests.support.records import dataset, rec
from wsis_data import export
from wsis_data.figures import trends as tf
from wsis_data.figures.frames import at_frame
from wsis_data.filters import Filters
from wsis_data.provenance import PROVENANCES
from wsis_data.taxonomy import sdg
from wsis_data.trends import counts_by_year, difference, matrices_by_year, risers_fallers
from wsis_data.views import apply_filters

NOTE = "Test records — SYNTHETIC"


@pytest.fixture
def view():
    ds = dataset(
        rec(2019, "1", ("C1", "C3"), (4, 9), orgs=("<b>Org</b>",), stype="W"),
        rec(2019, "2", ("C1",), (4,), orgs=("ITU",), stype="W"),
        rec(2021, "1", ("C5",), (9,), orgs=("ITU",), stype="D"),
        rec(2021, "2", ("C1", "C5"), (9, 16), orgs=("ITU",), stype="W"),
    )
    return apply_filters(ds, Filters(provenances=frozenset(PROVENANCES)))


def notes(fig):
    return [a.text.replace("<br>", " — ") for a in fig.layout.annotations]  # note_lines


@pytest.mark.parametrize("chart", list(tf.CHART_TYPES))
@pytest.mark.parametrize("by", ["action_line", "sdg", "organisation"])
def test_every_trend_chart_marks_no_data_and_carries_the_note(view, chart, by):
    fig = tf.trend_chart(counts_by_year(view, by), by, chart, note=NOTE)
    assert NOTE in notes(fig)
    shapes = [s for s in fig.layout.shapes if s.type == "rect"]
    assert {(s.x0, s.x1) for s in shapes} == {(2019.5, 2020.5)}  # one per panel
    assert any("no data" in (t or "") for t in notes(fig))
    clickable = [t for t in fig.data if t.customdata is not None]
    assert clickable
    assert all(len(c) == 2 for t in clickable for c in t.customdata)


def test_lines_leave_a_gap_at_a_no_data_year_and_never_draw_zero(view):
    fig = tf.lines(counts_by_year(view, "action_line"), "action_line", note=NOTE)
    c1 = next(t for t in fig.data if t.name == "C1")
    assert list(c1.x) == [2019, 2020, 2021]
    assert c1.y[0] == 2 and np.isnan(c1.y[1]) and c1.y[2] == 1
    assert c1.connectgaps is False
    assert [list(c) for c in c1.customdata] == [[2019, "C1"], [2020, "C1"], [2021, "C1"]]
    assert "no data" in c1.hovertext[1] and "Change" not in c1.hovertext[2]  # no 2020 to compare


def test_hover_shows_the_year_over_year_change():
    ds = dataset(
        rec(2019, "1", ("C1",), (4,)), rec(2020, "1", ("C1",), (4,)), rec(2020, "2", ("C3",))
    )
    v = apply_filters(ds, Filters(provenances=frozenset(PROVENANCES)))
    c1 = next(
        t for t in tf.lines(counts_by_year(v, "action_line"), "action_line").data if t.name == "C1"
    )
    assert "Change from 2019: +0" in c1.hovertext[1]
    share = tf.lines(counts_by_year(v, "action_line"), "action_line", measure="share")
    c1 = next(t for t in share.data if t.name == "C1")
    assert "Change from 2019: -50.0%" in c1.hovertext[1]


def test_sdg_lines_use_official_colours(view):
    fig = tf.lines(counts_by_year(view, "sdg"), "sdg")
    sdg4 = next(t for t in fig.data if t.name == "SDG 4")
    assert sdg4.line.color == sdg(4).colour


def test_record_text_is_escaped(view):
    fig = tf.lines(counts_by_year(view, "organisation"), "organisation")
    names = [t.name for t in fig.data]
    assert "&lt;b&gt;Org&lt;/b&gt;" in names and "<b>Org</b>" not in names
    assert all("<b>Org</b>" not in h for t in fig.data for h in t.hovertext)


def test_stacked_share_of_multi_valued_keys_uses_the_share_of_tags(view):
    assert tf.stacked_measure("sdg", "share") == "tag_share"
    assert tf.stacked_measure("session_type", "share") == "share"
    fig = tf.trend_chart(counts_by_year(view, "sdg"), "sdg", "areas", measure="share")
    totals: dict[int, float] = {}
    for t in fig.data:
        for x, y in zip(t.x, t.y, strict=True):
            totals[int(x)] = totals.get(int(x), 0.0) + float(y)
    assert set(totals) == {2019, 2021}
    np.testing.assert_allclose(list(totals.values()), 1.0)


def test_animation_has_a_frame_per_year_a_fixed_scale_and_a_play_button(view):
    m = matrices_by_year(view)
    fig = tf.matrix_animation(m, note=NOTE)
    assert [f.name for f in fig.frames] == ["2019", "2020", "2021"]
    assert {(f.data[0].zmin, f.data[0].zmax) for f in fig.frames} == {(0, 2.0)}
    assert (fig.data[0].colorbar.dtick, fig.data[0].colorbar.tickformat) == (1, ",d")
    assert np.isnan(np.asarray(fig.frames[1].data[0].z, float)).all()  # no data, not zeros
    assert "no data" in fig.frames[1].layout.title.text
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["▶ Play", "❚❚ Pause"]
    assert [s.label for s in fig.layout.sliders[0].steps] == ["2019", "2020", "2021"]
    assert NOTE in notes(fig)
    page = export.html_bytes(fig, export.ExportMeta("t", "d", "f", "p")).decode()
    frames = page[page.index("Plotly.addFrames(") :]  # the animated, offline HTML keeps frames
    assert all(f'"name":"{y}"' in frames for y in ("2019", "2020", "2021"))


def test_animation_frames_carry_only_what_changes(view):
    # A frame holds the year's values, click data and one hover template; the axes, scale and
    # marker style are the shown traces' (Plotly merges a frame into them): the whole figure is
    # copied and serialised on every rerun of the trends page.
    m = matrices_by_year(view)
    fig = tf.matrix_animation(m, measure="share")
    for frame in fig.frames:
        heat, cells = frame.data
        assert heat.x is heat.y is heat.colorscale is cells.x is cells.y is cells.hovertext is None
        assert isinstance(cells.hovertemplate, str) and isinstance(cells.customdata, tuple)
    assert "no data" in fig.frames[1].data[1].hovertemplate
    shown = at_frame(fig, "2021")
    assert shown.data[1].x == fig.data[1].x and shown.data[0].colorscale == fig.data[0].colorscale
    year, line, goal, sessions, share = shown.data[1].customdata[0]
    assert (year, line, goal, sessions) == (2021, m.rows[0], 1, m.counts[2, 0, 0])
    assert share == pytest.approx(np.nan_to_num(shown.data[0].z[0][0]))
    assert "%{customdata[4]:.1%}" in shown.data[1].hovertemplate


def test_difference_heatmap_is_diverging_and_centred_on_zero(view):
    m = matrices_by_year(view)
    fig = tf.difference_heatmap(difference(m, 2019, 2021), m, 2019, 2021, note=NOTE)
    hm = fig.data[0]
    assert hm.zmid == 0 and hm.zmin == -hm.zmax == -2
    assert (hm.colorbar.dtick, hm.colorbar.tickformat) == (1, "+,d")  # -2..2: each number once
    assert NOTE in notes(fig)
    share = difference(m, 2019, 2021, "share")
    fig = tf.difference_heatmap(share, m, 2019, 2021, measure="share")
    assert fig.data[0].zmax == pytest.approx(np.abs(share.to_numpy()).max())


def test_risers_fallers_bars_click_to_year_b(view):
    rf = risers_fallers(counts_by_year(view, "action_line"), 2019, 2021)
    fig = tf.risers_fallers_bars(rf, 2019, 2021, note=NOTE)
    bar = fig.data[0]
    assert {tuple(c) for c in bar.customdata} == {(2021, k) for k in rf["key"]}
    assert NOTE in notes(fig)
    assert json.loads(fig.to_json())  # serialisable


def test_small_multiples_share_axes_without_a_fixed_range(view):
    # plotly.js draws no trace on matched axes that also carry a fixed range (seen in Kaleido).
    fig = tf.small_multiples(counts_by_year(view, "sdg"), "sdg")
    axes = [fig.layout[name] for name in fig.layout if name.startswith(("xaxis", "yaxis"))]
    assert len(axes) == 2 * 20 and all(a.range is None for a in axes)
    assert {a.matches for a in axes if a.matches} == {"x17", "y17"}


def test_stacked_areas_never_bridge_a_no_data_year(view):
    fig = tf.lines(counts_by_year(view, "action_line"), "action_line", areas=True)
    assert all(2020 not in list(t.x) for t in fig.data)
    runs = {t.stackgroup: sorted({int(x) for x in t.x}) for t in fig.data}
    assert runs == {"run0": [2019], "run1": [2021]}
    assert sum(bool(t.showlegend) for t in fig.data) == 11  # one legend entry per key


def test_chart_notes_explain_stacked_shares_and_no_data_years():
    assert tf.chart_notes("sdg", "share", "lines", []) == []
    stacked, gaps = tf.chart_notes("sdg", "share", "areas", [2020, 2022])
    assert "share of the year's tags" in stacked
    assert gaps.startswith("No data in the dataset for 2020, 2022")
    assert tf.chart_notes("session_type", "share", "areas", []) == []
