"""apply_filters: every filter narrows the view as documented."""

import pytest

from tests.support.records import dataset, rec
from wsis_data.filters import Filters, apply_filters
from wsis_data.matrix import build_matrix
from wsis_data.taxonomy import PROVENANCES


@pytest.fixture
def ds():
    return dataset(
        rec(2018, "1", ("C3",), (4,), title="Access for all", orgs=("ITU",), stype="Workshop"),
        rec(2019, "1", ("C7.e-health",), (3,), title="Health", orgs=("WHO", "ITU")),
        rec(2020, "1", (("C5", "page"),), ((9, "suggested"),), title="Trust", stype="Dialogue"),
        rec(2021, "1", ("C7.e-learning", "C1"), (4, 17), title="Learning", orgs=("UNESCO",)),
    )


def keys(view):
    return sorted(view.sessions["session_id"] + "/" + view.sessions["year"].astype(str))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["1/2018", "1/2019", "1/2020", "1/2021"]),
        (Filters(years=(2019, 2020)), ["1/2019", "1/2020"]),
        (Filters(action_lines=("C7",)), ["1/2019", "1/2021"]),
        (Filters(action_lines=("C7.e-learning",)), ["1/2021"]),
        (Filters(sdgs=(4,)), ["1/2018", "1/2021"]),
        (Filters(sdgs=(9,)), []),  # only a suggested tag, not counted by default
        (Filters(sdgs=(9,), provenances=frozenset(PROVENANCES)), ["1/2020"]),
        (Filters(session_types=("Workshop",)), ["1/2018"]),
        (Filters(organisers=("ITU",)), ["1/2018", "1/2019"]),
        (Filters(text="LEARN"), ["1/2021"]),
    ],
)
def test_each_filter_selects_sessions(ds, filters, expected):
    assert keys(apply_filters(ds, filters)) == expected


def test_action_line_filter_restricts_rows_not_other_tags(ds):
    view = apply_filters(ds, Filters(action_lines=("C1",)))
    m = build_matrix(view)
    assert m.counts.loc["C1", 4] == 1 and m.counts.loc["C7"].sum() == 0
    assert sorted(view.sdgs["sdg"].tolist()) == [4, 17]  # the session's SDG tags stay


def test_provenance_excludes_tags_in_every_table(ds):
    view = apply_filters(ds, Filters(provenances=frozenset({"file"})))
    assert "C5" not in set(view.action_lines["action_line"])
    assert 9 not in set(view.sdgs["sdg"])


def test_describe_names_every_active_filter():
    text = Filters(years=(2019, 2020), action_lines=("C7",), sdgs=(4,), text="x").describe()
    assert "2019–2020" in text and "C7" in text and "SDG 4" in text and "'x'" in text
    assert "tags page, title, submission, file" in text


def test_filters_are_hashable():
    assert hash(Filters(sdgs=(1,))) == hash(Filters(sdgs=(1,)))
