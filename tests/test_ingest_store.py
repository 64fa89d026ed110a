"""The store on SQLite and on a real PostgreSQL server: batches, duplicates, rollback, dataset."""

from __future__ import annotations

import numpy as np
import pytest
import sqlalchemy as sa

from tests.support.postgres import postgres_url  # noqa: F401  (fixture)
from wsis_data import catalog
from wsis_data.errors import StoreError
from wsis_data.ingest.importer import import_file, import_table
from wsis_data.ingest.store import Store, metadata
from wsis_data.ingest.store_schema import or_tags as _or_tags
from wsis_data.provenance import PROVENANCE_BITS

CSV = (
    "Session ID,Title,Year,Action Lines,SDGs,Organisers\n"
    "101,Broadband for schools,2019,C2; C7 e-learning,SDG 4 | 9,ITU; UNESCO\n"
    "102,Open data portals,2019,C3,16,Open Data Org\n"
    "103,Bad row,2019,C42,4,X\n"
)
CSV_V2 = (
    "Session ID,Title,Year,Action Lines,SDGs,Organisers\n"
    "101,Broadband for schools (revised),2019,C2,SDG 9,ITU\n"
    "104,Cybersecurity drills,2019,C5,16,CERT\n"
)


def _titles(store: Store) -> dict[str, str]:
    sessions = store.dataset().tables.sessions
    return dict(zip(sessions["session_id"], sessions["title"], strict=True))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """An empty store on SQLite (a temp file) or on the real PostgreSQL server."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'sub' / 'wsis.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
        engine = sa.create_engine(url)
        metadata.drop_all(engine)
        engine.dispose()
    opened = Store(url)
    yield opened
    opened.close()


def test_import_records_a_batch_and_reads_back_as_dataset(store):
    report = import_file(CSV.encode(), "sessions.csv", store)
    assert (report.n_read, report.n_valid, report.n_problem_rows, report.n_inserted) == (3, 2, 1, 2)
    batches = store.batches()
    assert len(batches) == 1
    batch = batches.iloc[0]
    assert batch["file_name"] == "sessions.csv" and len(batch["file_hash"]) == 64
    assert (batch["n_read"], batch["n_valid"], batch["n_problems"], batch["n_inserted"]) == (
        3, 2, 1, 2,
    )  # fmt: skip
    assert '"Action Lines": "action_lines"' in batch["mapping"]
    ds = store.dataset()
    sessions = ds.tables.sessions
    assert sorted(sessions["session_id"]) == ["101", "102"]
    key = sessions.index[sessions["session_id"] == "101"][0]
    als = ds.tables.action_lines
    assert set(als[als["session_key"] == key]["action_line"]) == {"C2", "C7.e-learning"}
    assert set(als["provenance"]) == {PROVENANCE_BITS["file"]}
    sdgs = ds.tables.sdgs
    declared = sdgs[
        (sdgs["session_key"] == key) & (sdgs["provenance"] & PROVENANCE_BITS["file"] > 0)
    ]
    assert set(declared["sdg"]) == {4, 9}
    projected = sdgs[sdgs["provenance"] & PROVENANCE_BITS["projected"] > 0]
    assert len(projected) > 0  # the projected layer is available
    orgs = ds.tables.organisers
    assert list(orgs[orgs["session_key"] == key]["organiser"]) == ["ITU", "UNESCO"]


def test_duplicates_skip_then_replace_then_rollback(store):
    import_file(CSV.encode(), "v1.csv", store)
    skipped = import_file(CSV_V2.encode(), "v2.csv", store, on_duplicate="skip")
    assert (skipped.n_inserted, skipped.n_skipped, skipped.n_replaced) == (1, 1, 0)
    assert [(d.session_id, d.where, d.action) for d in skipped.duplicates] == [
        ("101", "store", "skipped")
    ]
    titles = _titles(store)
    assert titles["101"] == "Broadband for schools"
    replaced = import_file(CSV_V2.encode(), "v2.csv", store, on_duplicate="replace")
    assert (replaced.n_inserted, replaced.n_replaced) == (2, 2)
    titles = _titles(store)
    assert titles["101"] == "Broadband for schools (revised)"
    assert store.n_sessions() == 3
    ds = store.dataset()  # the replaced version's tags are gone with it
    key = ds.tables.sessions.index[ds.tables.sessions["session_id"] == "101"][0]
    als = ds.tables.action_lines
    assert list(als[als["session_key"] == key]["action_line"]) == ["C2"]
    # Rolling back the replacing batch brings the replaced versions back.
    assert store.rollback(replaced.batch_id).removed == 2
    titles = _titles(store)
    assert titles == {
        "101": "Broadband for schools",
        "102": "Open data portals",
        "104": "Cybersecurity drills",
    }
    assert store.batches().set_index("id").loc[replaced.batch_id, "rolled_back_at"] is not None
    with pytest.raises(StoreError, match="already rolled back"):
        store.rollback(replaced.batch_id)
    with pytest.raises(StoreError, match="No batch 99"):
        store.rollback(99)


def test_rollback_of_a_middle_batch_keeps_the_later_version(store):
    first = import_file(CSV.encode(), "v1.csv", store)
    second = import_file(CSV_V2.encode(), "v2.csv", store, on_duplicate="replace")
    third = import_file(
        b"Session ID,Title,Year\n101,Third version,2019\n", "v3.csv", store, on_duplicate="replace"
    )
    store.rollback(second.batch_id)
    titles = _titles(store)
    assert titles["101"] == "Third version"
    assert "104" not in titles
    store.rollback(third.batch_id)
    titles = _titles(store)
    assert titles["101"] == "Broadband for schools"
    assert first.batch_id == 1


def test_a_failed_write_leaves_nothing(store):
    """One transaction: a batch that fails midway leaves neither its batch row nor sessions."""
    too_long = "x" * 300  # session_id is VARCHAR(200): PostgreSQL refuses it
    data = f"Session ID,Title,Year\n1,ok,2019\n{too_long},long id,2019\n".encode()
    if store.engine.dialect.name == "sqlite":
        pytest.skip("SQLite does not enforce VARCHAR lengths; the PostgreSQL run covers this")
    with pytest.raises(StoreError, match="nothing written"):
        import_table(data, "long.csv", store)
    assert store.n_sessions() == 0 and store.batches().empty


def test_submission_keeps_sections_and_suggestions(store):
    text = (
        "WSIS Forum 2021 outcome\n1) Title of your session\nSchools online\n"
        "2) Name of Organization/s organizing the session\nEdu Net\n"
        "3) Relevance with the WSIS Action Lines\nC7 ICT Applications: E-learning\n"
        "IV. Main linkages with the Sustainable Development Goals\n"
        "Quality education for students and teachers; digital literacy skills.\n"
    )
    report = import_file(text.encode(), "sub.md", store)
    assert report.ok and report.n_inserted == 1
    record = report.records[0]
    sections = dict(store.sections_of(record.year, record.session_id))
    assert "Quality education" in sections["Main linkages with the SDGs"]
    found = store.search_sections("DIGITAL  literacy")
    assert list(found["title"]) == ["Schools online"]
    assert list(found["section"]) == ["Main linkages with the SDGs"]
    assert "digital literacy skills" in found["excerpt"].iloc[0]
    assert store.search_sections("100%").empty and store.search_sections("").empty
    assert [t for _, _, t in store.submissions()] == ["Schools online"]
    suggestions = store.suggestions_of(record.year, record.session_id)
    assert "4" in set(suggestions["sdg"])
    ds = store.dataset()
    sdgs = ds.tables.sdgs
    assert (sdgs[sdgs["sdg"] == 4]["provenance"] & PROVENANCE_BITS["suggested"]).all()


def test_bad_url_is_a_store_error():
    with pytest.raises(StoreError, match="Cannot open the store"):
        Store("nosuchdialect://x")


def test_catalog_lists_the_store_only_with_records(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cat.db'}"
    monkeypatch.setenv("WSIS_DB", url)
    assert "store" not in catalog.dataset_labels()
    assert not (tmp_path / "cat.db").exists()  # looking does not create the file
    import_file(CSV.encode(), "sessions.csv", Store(url))
    labels = catalog.dataset_labels()
    assert list(labels)[:2] == ["sample", "synthetic"] and "store" in labels
    ds = catalog.load_dataset("store")
    assert ds.info.name == "store" and len(ds.tables.sessions) == 2


def test_tags_seen_twice_carry_both_provenance_bits():
    keys, codes, bits = _or_tags(np.array([1, 0, 1]), np.array([5, 3, 5]), np.array([4, 8, 16]))
    assert (keys.tolist(), codes.tolist(), bits.tolist()) == ([0, 1], [3, 5], [8, 20])
