"""Matrix counting rules, value modes, gaps and drill-down on hand-built records."""

import numpy as np
import pandas as pd
import pytest

from tests.support.records import dataset, rec
from wsis_data.filters import Filters, apply_filters
from wsis_data.matrix import VALUE_MODES, build_matrix, drilldown, gaps
from wsis_data.taxonomy import PROVENANCES

ALL = frozenset(PROVENANCES)


def matrix(ds, **kw):
    return build_matrix(apply_filters(ds, Filters(provenances=ALL)), **kw)


def test_two_action_lines_three_sdgs_add_one_to_six_cells_and_once_to_totals():
    ds = dataset(rec(2020, "1", ("C1", "C3"), (4, 5, 9)))
    m = matrix(ds)
    assert int(m.counts.to_numpy().sum()) == 6
    assert {(a, s) for a, s in zip(*np.nonzero(m.counts.to_numpy()), strict=True)} == {
        (0, 3), (0, 4), (0, 8), (2, 3), (2, 4), (2, 8)
    }  # fmt: skip
    assert m.total == 1
    assert m.row_totals["C1"] == 1 and m.row_totals["C3"] == 1
    assert m.col_totals[4] == 1 and m.col_totals[9] == 1


def test_grid_is_complete_and_stable():
    m = matrix(dataset(rec(2020, "1", ("C2",), (9,))))
    assert list(m.counts.index) == [
        "C1",
        "C2",
        "C3",
        "C4",
        "C5",
        "C6",
        "C7",
        "C8",
        "C9",
        "C10",
        "C11",
    ]
    assert list(m.counts.columns) == list(range(1, 18))
    assert m.counts.loc["C2", 9] == 1 and int(m.counts.to_numpy().sum()) == 1


def test_c7_sublines_collapse_to_one_count_per_session():
    ds = dataset(
        rec(2020, "1", ("C7.e-learning", "C7.e-health"), (4,)),
        rec(2020, "2", ("C7",), (4,)),
        rec(2021, "1", ("C7.e-learning",), (4, 3)),
    )
    collapsed = matrix(ds, collapse_c7=True)
    assert collapsed.counts.loc["C7", 4] == 3  # three sessions, not four tags
    assert collapsed.row_totals["C7"] == 3
    expanded = matrix(ds, collapse_c7=False)
    assert len(expanded.counts) == 19  # 18 rows + "C7 (unspecified)", present because session 2
    assert expanded.counts.loc["C7", 4] == 1
    assert expanded.counts.loc["C7.e-learning", 4] == 2
    assert expanded.counts.loc["C7.e-health", 4] == 1
    assert "C7 (unspecified)" in expanded.row_labels


def test_expanded_grid_has_18_rows_without_plain_c7():
    m = matrix(dataset(rec(2020, "1", ("C7.e-health",), (3,))), collapse_c7=False)
    assert len(m.counts) == 18 and "C7" not in m.counts.index


def test_empty_filter_result_gives_zero_grid():
    ds = dataset(rec(2020, "1", ("C1",), (1,)))
    m = build_matrix(apply_filters(ds, Filters(years=(1990, 1991))))
    assert m.counts.shape == (11, 17) and int(m.counts.to_numpy().sum()) == 0 and m.total == 0
    for mode in VALUE_MODES:
        values = build_matrix(apply_filters(ds, Filters(text="nothing like this")), value=mode)
        assert values.values.shape == (11, 17)


def test_value_modes_by_hand():
    ds = dataset(
        rec(2020, "1", ("C1",), (1,)),
        rec(2020, "2", ("C1",), (2,)),
        rec(2020, "3", ("C2",), (1,)),
        rec(2020, "4", ("C2",), (1,)),
    )
    share_row = matrix(ds, value="share_of_row").values
    assert share_row.loc["C1", 1] == pytest.approx(0.5)
    assert share_row.loc["C2", 1] == pytest.approx(1.0)
    share_col = matrix(ds, value="share_of_column").values
    assert share_col.loc["C1", 1] == pytest.approx(1 / 3)
    lift = matrix(ds, value="lift").values
    # observed 1, expected = row 2 * col 3 / total 4 = 1.5
    assert lift.loc["C1", 1] == pytest.approx(1 / 1.5)
    assert np.isnan(lift.loc["C3", 1])  # nothing expected: undefined, not zero


def test_provenance_filter_excludes_projected_unless_included():
    ds = dataset(rec(2020, "1", ("C7.e-health",), ()), project=True)
    declared = build_matrix(apply_filters(ds, Filters()))
    assert declared.total == 0
    projected = build_matrix(
        apply_filters(ds, Filters(provenances=frozenset({"page", "file", "projected"}))),
        collapse_c7=False,
    )
    linked = set(projected.counts.columns[projected.counts.loc["C7.e-health"] > 0])
    assert linked == {1, 2, 3, 5, 17}  # e-health's official SDGs


def test_drilldown_lists_sessions_with_provenance():
    ds = dataset(
        rec(2019, "7", (("C3", "page"), ("C3", "title")), ((4, "file"),), title="Access"),
        rec(2020, "1", ("C7.e-learning",), (4,), title="Learning"),
        rec(2020, "2", ("C7.e-learning",), (5,)),
    )
    view = apply_filters(ds, Filters(provenances=ALL))
    table = drilldown(view, "C3", 4)
    assert table["title"].tolist() == ["Access"]
    assert table["action_line_provenance"].tolist() == ["page+title"]
    c7 = drilldown(view, "C7", 4, collapse_c7=True)
    assert c7["title"].tolist() == ["Learning"]
    assert drilldown(view, "C7", 4, collapse_c7=False).empty


def test_gaps_separate_official_links_and_off_matrix_sessions():
    ds = dataset(rec(2020, "1", ("C11",), (17, 1)))
    g = gaps(matrix(ds))
    status = {(r.action_line, r.sdg): r.status for r in g.itertuples()}
    assert status[("C11", 17)] == "official, with sessions"
    assert status[("C11", 1)] == "sessions outside official links"
    assert status[("C1", 1)] == "official, no sessions"
    c11 = g[(g.action_line == "C11") & (g.sdg == 17)]
    assert c11["targets"].item() == "17.9, 17.16, 17.17"


def test_matrix_table_has_totals():
    m = matrix(dataset(rec(2020, "1", ("C1", "C3"), (4,))))
    table = m.table()
    assert table.loc["Sessions (column total)", "SDG 4"] == 1
    assert table.loc["C1", "Sessions (row total)"] == 1
    assert isinstance(table, pd.DataFrame)


@pytest.mark.parametrize("collapse", [True, False])
@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(years=(2017, 2019)),
        Filters(session_types=("Thematic Workshop", "Leaders TalkX")),
        Filters(text="health"),
        Filters(years=(2016, 2016), text="data"),
    ],
)
def test_whole_session_fast_path_equals_the_general_count(filters, collapse):
    from wsis_data.matrix import _count_selected_tags, _count_whole_sessions
    from wsis_data.synthetic import generate

    view = apply_filters(generate(per_year=120, seed=3), filters)
    assert view.masks.whole_sessions
    n_rows = 11 if collapse else 19
    fast = _count_whole_sessions(view, collapse, n_rows)
    general = _count_selected_tags(view, collapse, n_rows)
    for a, b in zip(fast, general, strict=True):
        assert np.array_equal(np.asarray(a), np.asarray(b))
    assert fast[3] == view.n_sessions - int(
        (~np.isin(view.sessions.index, view.tables.pairs.session)).sum()
    )


def test_tag_selection_uses_the_general_count():
    ds = dataset(rec(2020, "1", ("C7.e-learning", "C7.e-health"), (4, 3)))
    view = apply_filters(ds, Filters(action_lines=("C7.e-health",), provenances=ALL))
    assert not view.masks.whole_sessions
    m = build_matrix(view, collapse_c7=False)
    assert m.counts.loc["C7.e-health", 4] == 1 and m.counts.loc["C7.e-learning"].sum() == 0


def test_general_count_deduplicates_c7_sublines_when_collapsed():
    ds = dataset(
        rec(2020, "1", ("C7.e-learning", "C7.e-health", "C3"), (4, 3)),
        rec(2020, "2", ("C7.e-health",), (4,)),
    )
    view = apply_filters(ds, Filters(action_lines=("C7",), provenances=ALL))
    assert not view.masks.whole_sessions
    m = build_matrix(view, collapse_c7=True)
    assert m.counts.loc["C7", 4] == 2 and m.counts.loc["C7", 3] == 1
    assert m.counts.loc["C3"].sum() == 0
    assert m.row_totals["C7"] == 2 and m.col_totals[4] == 2 and m.total == 2
