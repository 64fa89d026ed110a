"""One "sessions behind X" builder: a cell, a trend point and an organisation share its shape."""

from tests.support.records import dataset, rec
from wsis_data.filters import Filters
from wsis_data.matrix import drilldown
from wsis_data.network import organisation_sessions
from wsis_data.provenance import PROVENANCES
from wsis_data.sessions import DRILLDOWN_COLUMNS
from wsis_data.trends import sessions_behind
from wsis_data.views import apply_filters


def test_cell_point_and_organisation_list_the_same_columns_and_provenances():
    ds = dataset(
        rec(2020, "2", (("C3", "page"), ("C3", "title")), ((4, "file"),), orgs=("ITU",)),
        rec(2021, "1", ("C7.e-health", "C7.e-learning"), (4, 9), orgs=("ITU", "WHO")),
        rec(2021, "3", ("C1",), (), orgs=("ITU",), title="No SDG"),
    )
    view = apply_filters(ds, Filters(provenances=frozenset(PROVENANCES)))
    cell = drilldown(view, "C3", 4)
    point = sessions_behind(view, "sdg", 2021, 4)
    org = organisation_sessions(view, "ITU")
    for table in (cell, point, org):
        assert list(table.columns) == list(DRILLDOWN_COLUMNS)
    assert cell[["action_lines", "action_line_provenance", "sdgs"]].values.tolist() == [
        ["C3", "page+title", "SDG 4"]
    ]
    assert point["action_lines"].tolist() == ["C7 e-learning, C7 e-health"]
    assert point["sdgs"].tolist() == ["SDG 4"]  # only the SDG behind the point
    assert org["session_id"].tolist() == ["1", "3", "2"]  # newest first, then by id
    assert org["sdgs"].tolist() == ["SDG 4, SDG 9", "", "SDG 4"]
    assert org["sdg_provenance"].tolist() == ["file", "", "file"]
