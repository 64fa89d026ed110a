"""Store faults, injected for real: a PostgreSQL server stopped mid-session or during a large
import (a clear message, nothing half-written, back once restarted). See test_store_faults.py.
"""

from __future__ import annotations

import contextlib
import subprocess
import time

import pytest
import sqlalchemy as sa

from tests.support.apptest import page_path
from tests.support.postgres import PostgresServer
from tests.support.store_faults import (
    CSV,
    MORE,
    STORE,
    app,
    assert_clean_message,
    big_csv,
    counts,
    fresh_state,  # noqa: F401 (autouse: each test starts as a fresh server would)
)
from wsis_data.errors import StoreError
from wsis_data.ingest import store as store_module
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.store import open_store

# --- PostgreSQL stopped mid-session -------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_server():
    """A PostgreSQL server of this module's own (the tests stop and restart it)."""
    try:
        server = PostgresServer()
        # A crash ("immediate" stop) must not lose committed work: commits wait for the WAL here.
        server.halt()
        server.options = server.options.replace("-c synchronous_commit=off", "")
        server.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"PostgreSQL could not be started: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg(pg_server):
    """The module's server, running, with empty store tables."""
    with contextlib.suppress(RuntimeError):  # already running
        pg_server.start()
    engine = sa.create_engine(pg_server.url)
    store_module.metadata.drop_all(engine)
    engine.dispose()
    return pg_server


@pytest.mark.postgres
def test_postgres_stopped_mid_session_then_restarted(pg, monkeypatch):
    monkeypatch.setenv("WSIS_DB", pg.url)
    kept = open_store(pg.url)  # a store object opened before the server stops
    import_file(CSV, "two.csv", kept)
    at = app({"ds": STORE})
    assert "Imported records (store, 2 sessions)" in at.caption[0].value.replace("\\", ""), [
        w.value for w in at.sidebar.warning
    ]
    pg.halt()
    store_module.sv._STATES.clear()  # a process trusts the store's version for sv.MAX_AGE seconds
    try:
        at.run()  # the next rerun: the store is gone, the sample is served
        assert not at.exception, [e.value for e in at.exception]
        assert at.selectbox(key="ds").value == "sample"
        assert "cannot be reached" in " ".join(w.value for w in at.sidebar.warning)
        at.switch_page(page_path("import.py")).run()
        assert not at.exception, [e.value for e in at.exception]
        assert "cannot be reached" in " ".join(e.value for e in at.error)
        at.switch_page(page_path("heatmap.py")).run()
        assert not at.exception and "WSIS Forum sample" in at.caption[0].value
        report = import_file(MORE, "more.csv", kept)  # an import: refused, with the reason
        assert not report.stored and "cannot be reached" in (report.error or "")
        assert "PostgreSQL store 'postgres' on 127.0.0.1" in report.error  # which store
        with pytest.raises(StoreError, match="cannot be reached"):
            kept.rollback(1)
        with pytest.raises(StoreError, match="cannot be reached"):
            open_store(pg.url)
    finally:
        pg.start()
    store_module.sv._FAILED_UNTIL.clear()
    at.switch_page(page_path("import.py")).run()  # same app session, same cached objects
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "2 sessions stored" in at.caption[0].value
    assert kept.rollback(1).removed == 2  # the object from before the stop works again too
    assert counts(pg.url)[:2] == (1, 0)


@pytest.mark.postgres
def test_postgres_stopped_during_a_large_import_leaves_nothing(pg):
    """The server is stopped while a 15,000-row batch is being written (its lock on the batches
    table seen from another connection): no batch row and no session of it after the restart."""
    import threading

    store = open_store(pg.url)
    import_file(CSV, "two.csv", store)
    watcher = sa.create_engine(pg.url)
    result: dict = {}
    worker = threading.Thread(
        target=lambda: result.update(report=import_file(big_csv(15_000), "big.csv", store))
    )
    locked = sa.text(
        "SELECT count(*) FROM pg_locks WHERE relation = 'wsis_batches'::regclass "
        "AND mode = 'ExclusiveLock' AND granted"
    )
    worker.start()
    seen = False
    deadline = time.monotonic() + 60
    with watcher.connect() as conn:
        while worker.is_alive() and time.monotonic() < deadline and not seen:
            seen = conn.execute(locked).scalar_one() > 0
    watcher.dispose()
    try:
        if not seen:
            pytest.skip("the write finished before it could be seen (machine too fast)")
        pg.halt("immediate")  # like a crash: no clean shutdown
        worker.join(60)
    finally:
        pg.start()
    report = result["report"]
    assert not report.stored, report.status
    assert_clean_message(report.error or "", "nothing written")
    assert counts(pg.url) == (1, 2, 4)  # the first batch only
    again = import_file(big_csv(15_000), "big.csv", open_store(pg.url))
    assert again.stored and counts(pg.url)[:2] == (2, 15_002)
