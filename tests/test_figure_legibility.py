"""Legibility of the figures (issue 19): whole-number ticks on counts, lines told apart without
colour (dash, marker, a label at each end), highlight-one, a scale that shows more than the
largest organisation, risers/fallers that differ by more than red/green, the profile's years."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.support.records import dataset, rec
from wsis_data import figures
from wsis_data.figures import network as network_figures
from wsis_data.figures import trends as tf
from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix
from wsis_data.provenance import PROVENANCES
from wsis_data.trends import counts_by_year, risers_fallers
from wsis_data.views import apply_filters


@pytest.fixture
def small():
    """A tiny view: counts of 0–2, where Plotly's own ticks would step by 0.5."""
    ds = dataset(
        rec(2019, "1", ("C1", "C3"), (4, 9)),
        rec(2019, "2", ("C1",), (4,)),
        rec(2021, "3", ("C5",), (1, 5)),
        rec(2021, "4", ("C1", "C5"), (9, 16)),
    )
    return apply_filters(ds, Filters(provenances=frozenset(PROVENANCES)))


def whole(axis) -> bool:
    """Ticks of counts: whole-number steps, whole-number labels (never 0.5, never repeated)."""
    return axis.tickformat in (",d", "+,d") and (axis.dtick is None or float(axis.dtick) >= 1)


def test_count_axes_and_colour_bars_show_whole_numbers(small):
    heat = figures.heatmap(build_matrix(small))
    bar = heat.data[0].colorbar
    assert bar.tickformat == ",d" and bar.dtick == 1
    assert whole(heat.layout.yaxis) and whole(heat.layout.xaxis4)  # the totals bars
    trend = tf.lines(counts_by_year(small, "sdg"), "sdg")
    assert whole(trend.layout.yaxis) and trend.layout.yaxis.dtick == 1


def test_profile_years_step_by_one_and_show_zero_years():
    frame = pd.DataFrame({"year": [2015, 2018], "sessions": [2, 1]})
    fig = network_figures.years_bar(frame, "ITU")
    assert list(fig.data[0].x) == [2015, 2016, 2017, 2018]
    assert list(fig.data[0].y) == [2, 0, 0, 1]
    assert fig.layout.xaxis.dtick == 1 and fig.layout.xaxis.tickformat == "d"
    assert whole(fig.layout.yaxis)


def test_who_works_on_what_uses_a_log_scale_said_in_the_legend():
    counts = pd.DataFrame({1: [400, 3, 1], 4: [200, 2, 0]}, index=["Big", "Mid", "Small"])
    fig = network_figures.bipartite_heatmap(counts, "sdg")
    bar = fig.data[0].colorbar
    assert "log scale" in bar.title.text
    assert list(bar.ticktext) == ["0", "1", "2", "5", "10", "20", "50", "100", "200"]
    z = np.asarray(fig.data[0].z)
    # linear, 3 sessions would be 0.75 % of the top colour; on the log scale it is a quarter
    assert z[1, 0] / z[0, 0] > 0.2
    assert "Sessions: 3" in fig.data[0].hovertext[1][0]  # the hover keeps the count


def test_many_lines_are_told_apart_without_colour_and_named_at_their_ends():
    records = [rec(y, f"{y}-{g}", ("C1",), (g,)) for y in (2019, 2020) for g in range(1, 18)]
    view = apply_filters(dataset(*records), Filters(provenances=frozenset(PROVENANCES)))
    fig = tf.lines(counts_by_year(view, "sdg"), "sdg")
    looks = {(t.line.dash, t.marker.symbol) for t in fig.data}
    assert len(looks) == len(fig.data) == 17
    ends = [a for a in fig.layout.annotations if a.name == "end-label"]
    assert sorted(a.text for a in ends) == sorted(t.name for t in fig.data)
    # equal series (every SDG has 1 session a year): the labels are spread, never on each other
    ys = sorted(a.y for a in ends)
    plot_px = fig.layout.height - 150
    assert min(np.diff(ys)) * plot_px / 1.0 >= 15
    assert fig.layout.showlegend is False


def test_highlight_one_fades_the_rest(small):
    fig = tf.trend_chart(counts_by_year(small, "sdg"), "sdg", "lines", highlight=4)
    chosen = [t for t in fig.data if t.opacity == 1.0]
    assert [t.name for t in chosen] == ["SDG 4"] and chosen[0].line.width == 4
    assert all(t.opacity == 0.25 for t in fig.data if t.name != "SDG 4")


def test_risers_and_fallers_differ_by_sign_arrow_and_pattern_and_fit(small):
    long = counts_by_year(small, "action_line")
    rf = risers_fallers(long, 2019, 2021)
    fig = tf.risers_fallers_bars(rf, 2019, 2021)
    bars = fig.data[0]
    for change, text, shape in zip(bars.x, bars.text, bars.marker.pattern.shape, strict=True):
        assert text.startswith("▲ +" if change > 0 else "▼ −") or text.startswith("▼ -")
        assert (shape == "") == (change > 0)
    low, high = fig.layout.xaxis.range
    assert low < min(bars.x) and high > max(bars.x)  # room for the outside labels
    assert bars.cliponaxis is False and whole(fig.layout.xaxis)
