"""Co-occurrence counts, lift, pair drill-down, the official matrix ranked, and their figures,
on hand-built records (and the synthetic demo for consistency checks)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.support.records import dataset, rec
from wsis_data.cooccurrence import (
    cooccurrence,
    pair_drilldown,
    pair_keys,
    projected_pairs_warning,
    ranked_for_action_line,
    ranked_for_sdg,
)
from wsis_data.figures.cooccurrence import cooccurrence_heatmap, sankey
from wsis_data.figures.style import NOTE_NAME
from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix
from wsis_data.official import official_grid, official_pairs
from wsis_data.provenance import DECLARED_PROVENANCES, PROVENANCES
from wsis_data.sessions import DRILLDOWN_COLUMNS
from wsis_data.synthetic import demo_dataset
from wsis_data.taxonomy import SDG_GOALS, sdg
from wsis_data.views import apply_filters

ALL = frozenset(PROVENANCES)


def view(ds, provenances=ALL):
    return apply_filters(ds, Filters(provenances=frozenset(provenances)))


def four_sessions():
    """A: SDGs {4, 9, 17}; B: {4, 9} (4 tagged twice); C: {4}; D: {1, 2}; E: no SDG."""
    return dataset(
        rec(2020, "A", ("C3",), (4, 9, 17)),
        rec(2020, "B", ("C3",), ((4, "page"), (4, "title"), (9, "file"))),
        rec(2021, "C", ("C1",), (4,)),
        rec(2021, "D", ("C1",), (1, 2)),
        rec(2021, "E", ("C2",), ()),
    )


def test_a_session_with_sdgs_4_9_17_adds_one_to_each_pair_and_nothing_to_the_diagonal():
    co = cooccurrence(view(dataset(rec(2020, "1", ("C3",), (4, 9, 17)))), "sdg")
    counts = co.counts
    assert (counts.loc[4, 9], counts.loc[4, 17], counts.loc[9, 17]) == (1, 1, 1)
    np.testing.assert_array_equal(counts.to_numpy(), counts.to_numpy().T)  # symmetric
    assert int(counts.to_numpy().sum()) == 6  # three pairs, each in both triangles
    assert int(np.trace(counts.to_numpy())) == 0  # the diagonal is defined as 0
    assert co.totals[[4, 9, 17]].tolist() == [1, 1, 1] and co.total == 1


def test_counts_are_distinct_sessions_and_totals_count_each_session_once():
    co = cooccurrence(view(four_sessions()), "sdg")
    assert co.counts.loc[4, 9] == 2  # A and B; B's two SDG 4 tags count once
    assert co.counts.loc[9, 4] == 2
    assert co.counts.loc[4, 17] == 1 and co.counts.loc[9, 17] == 1 and co.counts.loc[1, 2] == 1
    assert co.counts.loc[4, 1] == 0
    assert co.totals[4] == 3 and co.totals[9] == 2 and co.totals[17] == 1
    assert co.total == 4  # sessions naming at least one SDG: E names none
    assert list(co.counts.index) == list(SDG_GOALS)


def test_lift_on_a_hand_computed_case():
    co = cooccurrence(view(four_sessions()), "sdg")
    lift = co.lift
    # lift = n_ab · N / (n_a · n_b), N = 4
    assert lift.loc[4, 9] == pytest.approx(2 * 4 / (3 * 2))  # 1.333…
    assert lift.loc[9, 17] == pytest.approx(1 * 4 / (2 * 1))  # 2.0
    assert lift.loc[4, 17] == pytest.approx(1 * 4 / (3 * 1))
    assert lift.loc[1, 2] == pytest.approx(4.0)
    assert lift.loc[4, 1] == 0.0  # expected > 0, observed 0
    assert np.isnan(lift.loc[5, 6])  # nobody names 5 or 6: undefined, not 0
    assert np.isnan(np.diag(lift.to_numpy())).all()


def test_only_counted_provenances_make_pairs():
    ds = dataset(rec(2020, "1", ("C3",), ((4, "file"), (9, "projected"))))
    assert cooccurrence(view(ds, DECLARED_PROVENANCES), "sdg").counts.loc[4, 9] == 0
    assert cooccurrence(view(ds), "sdg").counts.loc[4, 9] == 1


def test_sdg_pairs_from_projected_tags_carry_a_warning():
    assert "projected" in projected_pairs_warning("sdg", ALL)
    assert projected_pairs_warning("sdg", DECLARED_PROVENANCES) is None
    assert projected_pairs_warning("action_line", ALL) is None  # Action Lines are never projected


def test_action_lines_collapse_c7_or_split_it():
    ds = dataset(rec(2020, "1", ("C3", "C7.e-health", "C7.e-learning"), (4,)))
    collapsed = cooccurrence(view(ds), "action_line")
    assert len(collapsed.counts) == 11
    assert collapsed.counts.loc["C3", "C7"] == 1 and collapsed.counts.loc["C7", "C7"] == 0
    assert collapsed.totals["C7"] == 1  # two sub-lines, one session
    split = cooccurrence(view(ds), "action_line", collapse_c7=False)
    assert "C7" not in split.counts.index  # no plain C7 tag: no "C7 (unspecified)" row
    assert split.counts.loc["C7.e-health", "C7.e-learning"] == 1
    assert split.counts.loc["C3", "C7.e-health"] == 1


def test_pair_drilldown_lists_the_sessions_naming_both_with_the_pair_tags():
    v = view(four_sessions())
    rows = pair_drilldown(v, "sdg", 9, 4)
    assert list(rows.columns) == list(DRILLDOWN_COLUMNS)
    assert rows["session_id"].tolist() == ["A", "B"]
    assert rows["sdgs"].tolist() == ["SDG 4, SDG 9", "SDG 4, SDG 9"]  # SDG 17 is not behind it
    assert rows.set_index("session_id").loc["B", "sdg_provenance"] == "page+title+file"
    assert pair_drilldown(v, "sdg", 1, 4).empty
    c7 = dataset(rec(2020, "1", ("C3", "C7.e-health"), (4,)), rec(2020, "2", ("C7.e-health",), ()))
    rows = pair_drilldown(view(c7), "action_line", "C7", "C3")
    assert rows["session_id"].tolist() == ["1"] and rows["action_lines"][0] == "C3, C7 e-health"


@pytest.mark.parametrize(("kind", "collapse"), [("sdg", True), ("action_line", True),
                                                ("action_line", False)])  # fmt: skip
def test_every_cell_equals_the_sessions_behind_it_on_the_synthetic_demo(kind, collapse):
    v = view(demo_dataset(), DECLARED_PROVENANCES)
    co = cooccurrence(v, kind, collapse_c7=collapse)
    codes = list(co.counts.index)
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            assert len(pair_keys(v, kind, a, b, collapse_c7=collapse)) == co.counts.loc[a, b]
    assert (
        len(pair_drilldown(v, kind, codes[0], codes[3], collapse_c7=collapse))
        == (co.counts.loc[codes[0], codes[3]])
    )


@pytest.mark.parametrize("collapse", [True, False])
def test_ranked_lists_equal_the_matrix_column_and_row(collapse):
    m = build_matrix(view(demo_dataset(), DECLARED_PROVENANCES), collapse_c7=collapse)
    for goal in SDG_GOALS:
        ranked = ranked_for_sdg(m, goal)
        assert ranked["sessions"].is_monotonic_decreasing and ranked["rank"].tolist() == list(
            range(1, len(m.counts) + 1)
        )
        by_code = ranked.set_index("action_line")["sessions"]
        assert by_code.reindex(m.counts.index).tolist() == m.counts[goal].tolist()
        share = ranked.set_index("action_line")["share"]
        np.testing.assert_allclose(
            share.reindex(m.counts.index), m.counts[goal] / m.col_totals[goal]
        )
    for code in m.counts.index:
        ranked = ranked_for_action_line(m, code)
        assert ranked["sessions"].is_monotonic_decreasing
        by_goal = ranked.set_index("sdg")["sessions"].reindex(list(SDG_GOALS))
        assert by_goal.tolist() == m.counts.loc[code].tolist()
        if m.row_totals[code]:
            assert ranked["share"].sum() == pytest.approx(
                m.counts.loc[code].sum() / m.row_totals[code]
            )


@pytest.mark.parametrize("collapse", [True, False])
def test_ranked_lists_flag_the_official_links_and_their_targets(collapse):
    m = build_matrix(view(demo_dataset(), DECLARED_PROVENANCES), collapse_c7=collapse)
    grid = official_grid(collapse).reindex(m.counts.index, fill_value=False)
    pairs = official_pairs(collapse).set_index(["action_line", "sdg"])
    for goal in SDG_GOALS:
        ranked = ranked_for_sdg(m, goal).set_index("action_line")
        assert ranked["official_link"].reindex(m.counts.index).tolist() == grid[goal].tolist()
        for code, row in ranked[ranked["official_link"]].iterrows():
            assert row["targets"] == ", ".join(pairs.loc[(code, goal), "targets"])
        assert (ranked.loc[~ranked["official_link"], "targets"] == "").all()
    c1 = ranked_for_action_line(m, "C1").set_index("sdg").reindex(list(SDG_GOALS))
    assert c1["official_link"].tolist() == grid.loc["C1"].tolist()
    if collapse:  # C7 is linked where any sub-line is
        c7 = ranked_for_action_line(m, "C7").set_index("sdg")
        assert c7.loc[14, "official_link"]  # via C7.e-environment


def test_ranked_ties_keep_the_official_order():
    m = build_matrix(view(dataset(rec(2020, "1", ("C5", "C2"), (4,)))))
    assert ranked_for_sdg(m, 4)["action_line"].tolist()[:3] == ["C2", "C5", "C1"]


def test_heatmap_figure_blank_diagonal_click_layer_and_dataset_note():
    ds = demo_dataset()
    co = cooccurrence(view(ds, DECLARED_PROVENANCES), "sdg")
    fig = cooccurrence_heatmap(co, value="sessions", note=ds.info.chart_note)
    values = next(t for t in fig.data if t.name == "values")
    z = np.array(values.z, dtype=float)
    assert np.isnan(np.diag(z)).all() and z[3, 8] == co.counts.loc[4, 9]
    cells = next(t for t in fig.data if t.name == "cells")
    assert len(cells.customdata) == 17 * 16 and cells.marker.opacity == 0
    hit = [c for c in cells.customdata if c[0] == 4 and c[1] == 9]
    assert hit == [[4, 9, int(co.counts.loc[4, 9])]]
    assert "SYNTHETIC" in fig.layout.annotations[0].text
    assert fig.layout.annotations[0].name == NOTE_NAME  # the one dataset note (exports find it)
    assert [s.fillcolor for s in fig.layout.shapes] == [sdg(g).colour for g in SDG_GOALS]
    lift = cooccurrence_heatmap(co, value="lift", note=ds.info.chart_note)
    assert lift.data[0].zmid == 1.0


def test_sankey_links_are_the_matrix_cells_with_sdg_colours():
    ds = demo_dataset()
    m = build_matrix(view(ds, DECLARED_PROVENANCES))
    fig = sankey(m, note=ds.info.chart_note)
    link, node = fig.data[0].link, fig.data[0].node
    assert sum(link.value) == int(m.counts.to_numpy().sum())
    assert len(link.value) == int((m.counts.to_numpy() > 0).sum())
    n_rows = len(m.counts)
    assert list(node.color[n_rows:]) == [sdg(g).colour for g in SDG_GOALS]
    assert list(node.label[n_rows:]) == [f"SDG {g}" for g in SDG_GOALS]
    assert "SYNTHETIC" in fig.layout.annotations[0].text
