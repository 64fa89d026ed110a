"""Trends on hand-built records: zeros vs no data, shares, yearly matrices, changes, drill-down."""

import io
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from tests.support.records import dataset, rec
from wsis_data.errors import WsisError
from wsis_data.export import csv_bytes
from wsis_data.filters import Filters, apply_filters
from wsis_data.matrix import build_matrix, drilldown
from wsis_data.sample import sample_dataset
from wsis_data.synthetic import generate
from wsis_data.taxonomy import PROVENANCES
from wsis_data.trends import (
    DRILLDOWN_COLUMNS,
    NO_TYPE,
    OTHER_ORGANISATIONS,
    by_year_table,
    counts_by_year,
    difference,
    matrices_by_year,
    pair_appearance,
    risers_fallers,
    sessions_behind,
    year_totals,
)

ALL = frozenset(PROVENANCES)


def view(ds, **kw):
    return apply_filters(ds, Filters(provenances=ALL, **kw))


@pytest.fixture
def gap():
    """2019 and 2021 with sessions, 2020 absent from the dataset; C5 appears only in 2021."""
    return dataset(
        rec(2019, "1", ("C1", "C3"), (4, 9), stype="Workshop", orgs=("ITU", "UNESCO")),
        rec(2019, "2", ("C1",), (4,), stype="Workshop", orgs=("ITU",)),
        rec(2019, "3", ("C7.e-health", "C7.e-learning"), (3,), orgs=("WHO",)),
        rec(2021, "1", ("C5",), (9,), stype="Dialogue", orgs=("ITU",)),
        rec(2021, "2", ("C1", "C5"), (16,), stype="Workshop", orgs=("UNESCO", "ITU")),
    )


def at(frame, year, key, column="sessions"):
    row = frame[(frame["year"] == year) & (frame["key"] == key)]
    assert len(row) == 1, (year, key)
    return row[column].iloc[0]


def test_a_year_absent_from_the_dataset_is_no_data_not_zero(gap):
    t = counts_by_year(view(gap), "action_line")
    assert sorted(t["year"].unique()) == [2019, 2020, 2021]
    gap_rows = t[t["year"] == 2020]
    assert len(gap_rows) == 11  # every key is still listed
    assert gap_rows["sessions"].isna().all() and gap_rows["share"].isna().all()
    assert not gap_rows["has_data"].any()
    assert t[t["year"] != 2020]["has_data"].all()
    totals = year_totals(view(gap))
    assert totals["sessions"].isna().tolist() == [False, True, False]


def test_a_key_that_appears_mid_way_has_explicit_zeros_before(gap):
    t = counts_by_year(view(gap), "action_line")
    assert at(t, 2019, "C5") == 0 and at(t, 2019, "C5", "share") == 0.0
    assert at(t, 2021, "C5") == 2
    assert at(t, 2019, "C2") == 0 and at(t, 2021, "C2") == 0
    assert at(t, 2019, "C1") == 2 and at(t, 2021, "C1") == 1


def test_a_year_the_view_empties_counts_zero_but_a_missing_year_stays_no_data(gap):
    t = counts_by_year(view(gap, text="nothing matches"), "sdg")
    assert t[t["year"] == 2019]["sessions"].eq(0).all()
    assert t[t["year"] == 2019]["share"].eq(0.0).all()
    assert t[t["year"] == 2020]["sessions"].isna().all()


def test_share_is_over_all_the_years_sessions_and_tag_share_sums_to_one(gap):
    t = counts_by_year(view(gap), "action_line")
    # 2019: 3 sessions; C1 in 2 of them, C7 (two sub-lines, one session) in 1.
    assert at(t, 2019, "C1", "share") == pytest.approx(2 / 3)
    assert at(t, 2019, "C7") == 1
    assert at(t, 2019, "C7", "year_sessions") == 3
    data = t[t["has_data"]]
    assert (data.groupby("year")["share"].sum() > 1).any()  # multi-valued: can exceed 1
    sums = data.groupby("year")["tag_share"].sum().to_numpy()
    np.testing.assert_allclose(sums, 1.0)
    # 2019 tags: C1, C1, C3, C7 → C1 is 2 of 4 tags.
    assert at(t, 2019, "C1", "tag_share") == pytest.approx(0.5)


def test_session_type_share_sums_to_one_per_year_with_missing_types_counted(gap):
    t = counts_by_year(view(gap), "session_type")
    assert set(t["key"]) == {"Workshop", "Dialogue", NO_TYPE}
    assert at(t, 2019, NO_TYPE) == 1
    sums = t[t["has_data"]].groupby("year")["share"].sum().to_numpy()
    np.testing.assert_allclose(sums, 1.0)
    assert at(t, 2021, "Dialogue") == 1 and at(t, 2019, "Dialogue") == 0


def test_expanded_c7_lists_sub_lines_and_plain_c7_as_unspecified_only_when_present(gap):
    t = counts_by_year(view(gap), "action_line", collapse_c7=False)
    assert "C7" not in set(t["key"])
    assert at(t, 2019, "C7.e-health") == 1 and at(t, 2019, "C7.e-learning") == 1
    ds = dataset(rec(2020, "1", ("C7",), (4,)), rec(2020, "2", ("C7.e-health",), (3,)))
    t = counts_by_year(view(ds), "action_line", collapse_c7=False)
    assert at(t, 2020, "C7", "label") == "C7 (unspecified)"
    assert len(t) == 19
    collapsed = counts_by_year(view(ds), "action_line")
    assert at(collapsed, 2020, "C7") == 2


def test_organisations_top_n_and_other_bucket(gap):
    t = counts_by_year(view(gap), "organisation", top_n=1, other=True)
    assert list(pd.unique(t["key"])) == ["ITU", OTHER_ORGANISATIONS]
    assert at(t, 2019, "ITU") == 2 and at(t, 2021, "ITU") == 2
    # sessions with an organisation other than ITU: 2019 "1" (UNESCO) and "3" (WHO); 2021 "2".
    assert at(t, 2019, OTHER_ORGANISATIONS) == 2 and at(t, 2021, OTHER_ORGANISATIONS) == 1
    full = counts_by_year(view(gap), "organisation")
    np.testing.assert_allclose(full[full["has_data"]].groupby("year")["tag_share"].sum(), 1.0)


def test_year_over_year_change_is_missing_next_to_a_no_data_year():
    ds = dataset(
        rec(2018, "1", ("C1",), (4,)),
        rec(2019, "1", ("C1",), (4,)),
        rec(2019, "2", ("C1",), (4,)),
        rec(2021, "1", ("C1",), (4,)),
    )
    t = counts_by_year(view(ds), "action_line")
    assert at(t, 2019, "C1", "change") == 1
    assert pd.isna(at(t, 2018, "C1", "change"))
    assert pd.isna(at(t, 2020, "C1", "change")) and pd.isna(at(t, 2021, "C1", "change"))


def test_year_filter_sets_the_span(gap):
    t = counts_by_year(view(gap, years=(2021, 2021)), "sdg")
    assert set(t["year"]) == {2021}
    assert at(t, 2021, 9) == 1 and at(t, 2021, 4) == 0


def test_by_year_table_is_key_by_year_with_empty_no_data_column(gap):
    table = by_year_table(counts_by_year(view(gap), "action_line"))
    assert list(table.columns) == [2019, 2020, 2021]
    assert table.index[0] == "C1" and table.loc["C1", 2019] == 2
    assert table[2020].isna().all()


FILTER_CASES = {
    "none": Filters(provenances=ALL),
    "sdgs and type": Filters(provenances=ALL, sdgs=(4, 9), session_types=("Thematic Workshop",)),
    "C7 only": Filters(provenances=ALL, action_lines=("C7",)),
    "years": Filters(provenances=ALL, years=(2017, 2018)),
}


@pytest.mark.parametrize("case", list(FILTER_CASES))
@pytest.mark.parametrize("collapse", [True, False])
def test_per_year_matrices_equal_build_matrix_on_each_year(collapse, case):
    ds = generate(per_year=40, years=(2016, 2019), seed=3)
    filters = FILTER_CASES[case]
    m = matrices_by_year(apply_filters(ds, filters), collapse_c7=collapse)
    assert m.years == ((2017, 2018) if filters.years else (2016, 2017, 2018, 2019))
    for year in m.years:
        expected = build_matrix(
            apply_filters(ds, replace(filters, years=(year, year))), collapse_c7=collapse
        ).counts
        got = m.frame(year).reindex(expected.index)
        pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_names=False)
        assert m.frame(year).drop(index=expected.index).to_numpy().sum() == 0


def test_per_year_matrix_collapses_c7_once_per_session(gap):
    m = matrices_by_year(view(gap))
    assert m.frame(2019).loc["C7", 3] == 1
    assert list(m.has_data) == [True, False, True]
    with pytest.raises(WsisError, match="no session in 2020"):
        m.frame(2020)


def test_difference_matrix_in_counts_and_share_of_year(gap):
    m = matrices_by_year(view(gap))
    d = difference(m, 2019, 2021)
    assert d.loc["C1", 4] == -2  # 2 sessions in 2019, none in 2021
    assert d.loc["C5", 9] == 1 and d.loc["C1", 16] == 1
    assert d.loc["C3", 9] == -1
    s = difference(m, 2019, 2021, "share")
    assert s.loc["C1", 4] == pytest.approx(-2 / 3)
    assert s.loc["C5", 9] == pytest.approx(1 / 2)
    with pytest.raises(WsisError):
        difference(m, 2019, 2020)


def test_first_and_last_appearance_of_pairs():
    ds = dataset(
        rec(2018, "1", ("C1",), (4,)),
        rec(2019, "1", ("C2",), (9,)),
        rec(2021, "1", ("C1",), (4,)),
        rec(2021, "2", ("C2", "C1"), (9,)),
    )
    p = pair_appearance(matrices_by_year(view(ds))).set_index(["action_line", "sdg"])
    assert set(p.index) == {("C1", 4), ("C2", 9), ("C1", 9)}
    assert tuple(p.loc[("C1", 4), ["first_year", "last_year", "years_present", "sessions"]]) == (
        2018, 2021, 2, 2,
    )  # fmt: skip
    assert tuple(p.loc[("C2", 9), ["first_year", "last_year"]]) == (2019, 2021)
    assert tuple(p.loc[("C1", 9), ["first_year", "last_year", "years_present"]]) == (2021, 2021, 1)


def test_risers_and_fallers_between_two_years(gap):
    t = counts_by_year(view(gap), "action_line")
    rf = risers_fallers(t, 2019, 2021, n=2)
    assert rf[rf["direction"] == "riser"]["key"].tolist() == ["C5"]
    assert rf[rf["direction"] == "faller"]["key"].tolist() == ["C1", "C3"]
    assert rf.set_index("key").loc["C5", "change"] == 2
    assert rf.set_index("key").loc["C1", "change"] == -1
    with pytest.raises(WsisError, match="2020"):
        risers_fallers(t, 2019, 2020)


def test_sessions_behind_a_point_have_the_drilldown_shape(gap):
    v = view(gap)
    rows = sessions_behind(v, "action_line", 2019, "C1")
    assert list(rows.columns) == list(DRILLDOWN_COLUMNS)
    assert list(rows.columns) == list(drilldown(v, "C1", 4).columns)
    assert rows["session_id"].tolist() == ["1", "2"]
    assert rows["action_lines"].tolist() == ["C1", "C1"]  # only the tags under the key
    c7 = sessions_behind(v, "action_line", 2019, "C7")
    assert c7["action_lines"].tolist() == ["C7 e-learning, C7 e-health"]
    sdg = sessions_behind(v, "sdg", 2021, 9)
    assert sdg["session_id"].tolist() == ["1"] and sdg["sdg_provenance"].tolist() == ["file"]
    org = sessions_behind(v, "organisation", 2021, "ITU")
    assert org["session_id"].tolist() == ["1", "2"]
    assert sessions_behind(v, "session_type", 2019, NO_TYPE)["session_id"].tolist() == ["3"]
    assert sessions_behind(v, "action_line", 2020, "C1").empty


def test_point_counts_match_the_sessions_behind_them():
    ds = generate(per_year=30, years=(2015, 2018), seed=5)
    v = view(ds)
    for by in ("action_line", "sdg", "session_type", "organisation"):
        t = counts_by_year(v, by, top_n=4)
        for _, row in t.sample(6, random_state=1).iterrows():
            behind = sessions_behind(v, by, row["year"], row["key"])
            assert len(behind) == row["sessions"], (by, row["year"], row["key"])


def test_unknown_breakdown_is_a_clear_error(gap):
    with pytest.raises(WsisError, match="Unknown breakdown 'colour'"):
        counts_by_year(view(gap), "colour")


def test_csv_export_keeps_no_data_empty_and_zeros_as_zero(gap):
    long = counts_by_year(view(gap), "action_line")
    back = pd.read_csv(io.BytesIO(csv_bytes(long)))
    c5 = back[back["key"] == "C5"].set_index("year")
    assert c5.loc[2019, "sessions"] == 0 and c5.loc[2021, "sessions"] == 2
    assert pd.isna(c5.loc[2020, "sessions"]) and not c5.loc[2020, "has_data"]
    table = pd.read_csv(io.BytesIO(csv_bytes(by_year_table(long).reset_index())))
    assert list(table.columns) == ["key", "2019", "2020", "2021"]
    assert table["2020"].isna().all()


@pytest.mark.parametrize("provenances", [ALL, frozenset({"page", "title", "projected"})])
def test_per_year_matrices_of_the_real_sample_equal_build_matrix(provenances):
    ds = sample_dataset()
    filters = Filters(provenances=provenances)
    m = matrices_by_year(apply_filters(ds, filters))
    for year in m.years:
        expected = build_matrix(apply_filters(ds, replace(filters, years=(year, year)))).counts
        np.testing.assert_array_equal(m.frame(year).to_numpy(), expected.to_numpy())
    assert m.counts.sum() > 0
