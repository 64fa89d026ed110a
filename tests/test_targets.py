"""SDG targets on SDG tags, end to end: record → dataset → store (SQLite, PostgreSQL) → drill-down.

"SDG 9.c and targets 4.4 and 4.5" tags SDG 9 with target 9.c and SDG 4 with 4.4, 4.5: counts
use the goal, the targets ride on its tag and show in the drill-down's ``targets`` column.
"""

from __future__ import annotations

import numpy as np
import pytest
import sqlalchemy as sa

from tests.support.postgres import postgres_url  # noqa: F401  (fixture)
from wsis_data.dataset import DatasetInfo, from_records
from wsis_data.errors import SchemaError
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.store import Store
from wsis_data.ingest.store_schema import metadata
from wsis_data.provenance import PROVENANCE_BITS
from wsis_data.records import SessionRecord, Tag, sdg_tags
from wsis_data.sessions import DRILLDOWN_COLUMNS, TagRows, sessions_table
from wsis_data.targets import cell_targets, join_targets, split_targets

SUBMISSION = "\n".join(
    [
        "WSIS Forum 2023 Outcome Document",
        "1) Title of your session",
        "Broadband for rural schools",
        "2) Name of Organization/s organizing the session",
        "Rural Connect",
        "3) Relevance with the WSIS Action Lines – please specify",
        "C2, C4",
        "4) Key achievements",
        "The project serves SDG 9.c and targets 4.4 and 4.5 of the 2030 Agenda.",
    ]
)
CSV = (
    "Session ID,Title,Year,Action Lines,SDGs,SDG targets\n"
    "201,Skills for all,2022,C4,4.4; 9.c,\n"
    "202,Access to information,2022,C3,SDG 16,16.10\n"
    "203,No targets,2022,C3,5,\n"
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """An empty store on SQLite (a temp file) or on the real PostgreSQL server."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'wsis.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
        engine = sa.create_engine(url)
        metadata.drop_all(engine)
        engine.dispose()
    opened = Store(url)
    yield opened
    opened.close()


def _declared(ds, session_id: str) -> dict[int, str]:
    """SDG → targets of the declared (non-projected) SDG tags of one session."""
    key = ds.tables.sessions.index[ds.tables.sessions["session_id"] == session_id][0]
    sdgs = ds.tables.sdgs
    rows = sdgs[(sdgs["session_key"] == key) & (sdgs["provenance"] != PROVENANCE_BITS["projected"])]
    return dict(zip(rows["sdg"].astype(int), rows["targets"], strict=True))


def test_submission_targets_are_stored_and_read_back(store):
    report = import_file(SUBMISSION.encode(), "outcome.md", store)
    assert report.ok and report.n_inserted == 1
    sdgs = {t.code: t.targets for t in report.records[0].sdgs}
    assert sdgs == {9: ("9.c",), 4: ("4.4", "4.5")}
    ds = store.dataset()
    assert _declared(ds, report.records[0].session_id) == {4: "4.4, 4.5", 9: "9.c"}
    # Counts use the goal: one SDG 4 tag, one SDG 9 tag, whatever the number of targets.
    table = sessions_table(ds, np.array([0]))
    assert list(table.columns) == list(DRILLDOWN_COLUMNS)
    assert table.loc[0, "targets"] == "4.4, 4.5, 9.c"
    with store.engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT code, targets FROM wsis_tags WHERE kind = 'sdg'"))
        assert sorted(stored, key=lambda r: r[0]) == [("4", "4.4, 4.5"), ("9", "9.c")]


def test_csv_targets_in_the_sdgs_cell_and_in_a_targets_column(store):
    report = import_file(CSV.encode(), "sessions.csv", store)
    assert report.mapping["SDG targets"] == "sdg_targets"
    assert report.n_valid == 3 and not report.problems
    ds = store.dataset()
    assert _declared(ds, "201") == {4: "4.4", 9: "9.c"}
    assert _declared(ds, "202") == {16: "16.10"}
    assert _declared(ds, "203") == {5: ""}
    tidy = ds.tidy()
    row = tidy[(tidy["session_id"] == "202") & (tidy["sdg"] == 16)].iloc[0]
    assert row["sdg_targets"] == "16.10"


def test_unknown_target_is_a_problem_naming_row_column_and_value():
    data = b"Title,Year,SDGs,SDG targets\nA,2022,4,4.9\nB,2022,4,4.1\n"
    report = import_file(data, "t.csv", None)
    assert report.n_valid == 1
    (problem,) = report.problems
    assert (problem.column, problem.value) == ("SDG targets", "4.9")
    assert "unknown SDG target '4.9'" in problem.reason


def test_drilldown_shows_only_targets_of_the_sdgs_behind():
    rec = SessionRecord(
        2020,
        "1",
        "t",
        action_lines=(Tag("C3", "file"),),
        sdgs=sdg_tags([5], ["9.c", "4.4"], "file"),
    )
    ds = from_records([rec], DatasetInfo("t", "t"), project=False)
    every = sessions_table(ds, np.array([0]))
    assert every.loc[0, ["sdgs", "targets"]].tolist() == ["SDG 4, SDG 5, SDG 9", "4.4, 9.c"]
    sdgs = ds.tables.sdgs
    only_9 = sdgs["sdg"] == 9
    behind = TagRows(
        sdgs["session_key"].to_numpy()[only_9],
        sdgs["sdg"].to_numpy(np.int64)[only_9],
        sdgs["provenance"].to_numpy()[only_9],
    )
    assert sessions_table(ds, np.array([0]), sdgs=behind).loc[0, "targets"] == "9.c"


def test_old_store_without_targets_column_opens_and_gains_it(store):
    """A store made before the column (SQLite, PostgreSQL) opens, gains it and keeps its rows."""
    import_file(CSV.encode(), "sessions.csv", store)
    url = store.url
    with store.engine.begin() as conn:  # the store as an older version left it
        conn.execute(sa.text("ALTER TABLE wsis_tags DROP COLUMN targets"))
    store.close()
    reopened = Store(url)
    try:
        names = {c["name"] for c in sa.inspect(reopened.engine).get_columns("wsis_tags")}
        assert "targets" in names
        ds = reopened.dataset()
        assert ds.n_sessions == 3 and _declared(ds, "201") == {4: "", 9: ""}
        assert import_file(SUBMISSION.encode(), "outcome.md", reopened).n_inserted == 1
        ds = reopened.dataset()
        sid = ds.sessions[ds.sessions["session_id"].str.startswith("OD")].iloc[0]["session_id"]
        assert _declared(ds, sid) == {4: "4.4, 4.5", 9: "9.c"}
    finally:
        reopened.close()


@pytest.mark.parametrize(
    ("cell", "rewritten", "targets"),
    [
        ("4.4; 9.c", "4; 9", ("4.4", "9.c")),
        ("SDG 16.10.2", "SDG 16", ("16.10",)),
        ("Targets 4.4 and 4.5", "4; 4", ("4.4", "4.5")),
        ("4; 5", "4; 5", ()),
        ("4.9", "4.9", ()),  # no such target: left for the cell's check to name
        ("2030", "2030", ()),
    ],
)
def test_cell_targets(cell, rewritten, targets):
    assert cell_targets(cell) == (rewritten, targets)


def test_target_order_and_validation():
    assert join_targets(["16.10", "4.a", "16.2", "4.4"]) == "4.4, 4.a, 16.2, 16.10"
    assert split_targets("16.10.2 and 9.C, 99.1") == ("9.c", "16.10")
    with pytest.raises(SchemaError, match=r"9\.c is no SDG target of 4"):
        SessionRecord(2020, "1", "t", sdgs=(Tag(4, "file", ("9.c",)),))
    with pytest.raises(SchemaError, match="no SDG target"):
        SessionRecord(2020, "1", "t", action_lines=(Tag("C3", "file", ("4.4",)),))
    assert Tag(4, "file") == (4, "file", ())  # old two-field tags still build


def test_sample_rows_keep_targets_listed_with_their_goal():
    from wsis_data.sample import _record

    row = {"year": 2020, "session_id": "x", "title": "t", "action_lines": []}
    rec = _record({**row, "sdgs": ["4.4", "SDG 9", "9.c"]}, "page")
    assert rec.sdgs == (Tag(4, "page", ("4.4",)), Tag(9, "page", ("9.c",)))


def test_heatmap_drilldown_shows_the_targets_of_a_stored_session(tmp_path, monkeypatch):
    from tests.support.apptest import dashboard_app

    url = f"sqlite:///{tmp_path / 'page.db'}"
    monkeypatch.setenv("WSIS_DB", url)
    store = Store(url)
    assert import_file(SUBMISSION.encode(), "outcome.md", store).n_inserted == 1
    store.close()
    at = dashboard_app()
    at.selectbox(key="ds").set_value("store").run()
    at.selectbox(key="cell_al").set_value("C4").run()
    at.selectbox(key="cell_sdg").set_value(4).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("C4 × SDG 4" in h.value for h in at.subheader)
    frame = next(d.value for d in at.dataframe if "title" in d.value.columns)
    assert frame[["title", "sdgs", "targets"]].values.tolist() == [
        ["Broadband for rural schools", "SDG 4", "4.4, 4.5"]
    ]
    at.selectbox(key="cell_sdg").set_value(9).run()
    frame = next(d.value for d in at.dataframe if "title" in d.value.columns)
    assert frame["targets"].tolist() == ["9.c"]
