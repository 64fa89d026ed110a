"""Store faults, injected for real: a broken, locked, read-only or corrupt SQLite file, an
unreachable or stopped PostgreSQL server. Each gives a clear message (which store, what to do; no
SQL, no password), the embedded datasets keep working, and a failed write leaves no batch behind.

Read-only as root: file permissions do not stop root, so the tests use SQLite's own read-only
mode (``sqlite:///file:PATH?mode=ro&uri=true``) and, where the file system allows it, the
immutable attribute (``chattr +i``), which stops root's writes too.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
import sqlalchemy as sa

from bench.harness.app_server import free_port
from tests.support.apptest import page_path
from tests.support.postgres import PostgresServer
from wsis_data.errors import StoreError
from wsis_data.ingest import store as store_module
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.store import Store, open_store, store_has_records, store_problem

CSV = (
    b"Session ID,Title,Year,Action Lines,SDGs,Organisers\n"
    b"1,Mobile schools,2020,C7 e-learning,4,ITU\n2,Open data,2021,C2,9,UNDP\n"
)
MORE = b"Session ID,Title,Year\n3,Third,2022\n"
STORE = "Imported records (store)"  # the switcher's URL parameter holds the label


def big_csv(n: int, prefix: str = "S") -> bytes:
    """A valid session file of `n` rows (two Action Lines, two SDGs, two organisers each)."""
    head = "Session ID,Title,Year,Action Lines,SDGs,Organisers\n"
    rows = (
        f"{prefix}{i},Session {i} on broadband,{2015 + i % 10},C2; C7 e-learning,4 | 9,"
        f"Org {i % 50}; Org B{i % 7}\n"
        for i in range(n)
    )
    return (head + "".join(rows)).encode()


def counts(url: str) -> tuple[int, int, int]:
    """(batches, session rows, tag rows) read straight from the database."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return tuple(  # type: ignore[return-value]
                conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in ("wsis_batches", "wsis_sessions", "wsis_tags")
            )
    finally:
        engine.dispose()


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    """Each test starts without remembered stores or back-offs (as a fresh server would)."""
    import streamlit as st

    st.cache_resource.clear()  # datasets cached by earlier tests' apps (another WSIS_DB)
    monkeypatch.setattr(store_module, "_OPEN", {})
    for name in ("_FAILED_UNTIL", "_PROBLEMS", "_STATES"):  # kept in store_version
        monkeypatch.setattr(store_module.sv, name, {})


def assert_clean_message(text: str, *words: str) -> None:
    """A message for people: names the store's problem, shows no SQL, parameters or password."""
    assert "[SQL" not in text and "[parameters" not in text and "Traceback" not in text
    assert "secret" not in text
    for word in words:
        assert word in text, text


# --- broken stores -------------------------------------------------------------------------------


def _parent_is_a_file(tmp):
    (tmp / "f").write_text("x")
    return tmp / "f" / "x" / "wsis.db"


def _directory(tmp):
    (tmp / "dir.db").mkdir()
    return tmp / "dir.db"


def _garbage(tmp):
    (tmp / "garbage.db").write_bytes(os.urandom(8192))
    return tmp / "garbage.db"


def _truncated(tmp):
    real = tmp / "real.db"
    import_file(CSV, "two.csv", Store(f"sqlite:///{real}"))
    data = real.read_bytes()
    (tmp / "trunc.db").write_bytes(data[: len(data) // 3])
    return tmp / "trunc.db"


def _foreign(tmp):
    conn = sqlite3.connect(tmp / "foreign.db")
    conn.execute("CREATE TABLE wsis_sessions (a INTEGER)")  # someone else's table, same name
    conn.commit()
    conn.close()
    return tmp / "foreign.db"


#: fault → (make it in a folder and return the database path, words the message must hold)
BROKEN = {
    "parent is a file": (_parent_is_a_file, "cannot be created"),
    "path is a directory": (_directory, "cannot be reached"),
    "garbage bytes": (_garbage, "damaged"),
    "truncated database": (_truncated, "damaged"),
    "foreign schema": (_foreign, "not a WSIS store"),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_broken_sqlite_store_says_why(kind, tmp_path):
    make, words = BROKEN[kind]
    target = make(tmp_path)
    url = f"sqlite:///{target}"
    with pytest.raises(StoreError) as caught:
        Store(url).dataset()
    assert_clean_message(str(caught.value), f"SQLite store '{target.name}'", words)
    assert store_has_records(url) is False
    if target.parent.is_dir():
        assert_clean_message(store_problem(url) or "", words)
    else:  # no file there: not offered, and looking does not try to create it
        assert store_problem(url) is None
    try:  # an import: refused with the same reason, never an exception of another kind
        error = import_file(MORE, "more.csv", open_store(url)).error
    except StoreError as exc:
        error = str(exc)
    assert_clean_message(error or "", words)


def test_missing_folder_is_created_on_first_import(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'deeper' / 'wsis.db'}"
    assert store_has_records(url) is False and store_problem(url) is None
    assert not (tmp_path / "new").exists()  # looking creates nothing
    assert import_file(CSV, "two.csv", open_store(url)).n_inserted == 2
    assert store_has_records(url) is True


def test_unreachable_server_hides_the_password():
    url = f"postgresql+psycopg://wsis:secret@127.0.0.1:{free_port()}/postgres"  # nobody listens
    with pytest.raises(StoreError) as caught:
        Store(url)
    assert_clean_message(
        str(caught.value), "PostgreSQL store 'postgres' on 127.0.0.1", "cannot be reached"
    )
    assert "wsis" not in str(caught.value)  # no user name either
    assert store_has_records(url) is False
    assert "cannot be reached" in (store_problem(url) or "")


# --- locked --------------------------------------------------------------------------------------

HOLDER = """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute(f"BEGIN {sys.argv[2]}")
    print("locked", flush=True)
    sys.stdin.readline()  # hold the lock until the test says so
    conn.execute("ROLLBACK")
"""


def hold_lock(path, mode: str = "EXCLUSIVE") -> subprocess.Popen:
    """Another real process holding ``BEGIN EXCLUSIVE`` (readers and writers wait) or ``BEGIN
    IMMEDIATE`` (writers wait) on the SQLite file; write a line to its stdin to release it."""
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(HOLDER), str(path), mode],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def release(proc: subprocess.Popen) -> None:
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(30)


def test_locked_store_waits_then_says_busy_and_recovers(tmp_path):
    path = tmp_path / "wsis.db"
    url = f"sqlite:///{path}?timeout=1"  # the busy timeout: 1 s here (default BUSY_TIMEOUT)
    store = open_store(url)
    import_file(CSV, "two.csv", store)
    before = counts(f"sqlite:///{path}")
    holder = hold_lock(path, "IMMEDIATE")  # another writer mid-transaction: reading works
    try:
        started = time.monotonic()
        report = import_file(big_csv(2000), "big.csv", store)
        waited = time.monotonic() - started
        assert not report.stored
        assert_clean_message(report.error or "", "busy", "try again", "nothing written")
        assert waited >= 0.9  # it waited for the lock (the busy timeout), then gave up
        assert store.n_sessions() == 2
    finally:
        release(holder)
    holder = hold_lock(path)  # EXCLUSIVE: reading waits too, then fails
    try:
        report = import_file(big_csv(2000), "big.csv", store)
        assert not report.stored
        assert_clean_message(report.error or "", "busy", "try again")
        with pytest.raises(StoreError, match="busy"):
            store.dataset()
        assert store_has_records(url) is False and "busy" in (store_problem(url) or "")
    finally:
        release(holder)
    assert counts(f"sqlite:///{path}") == before  # nothing of the failed batch
    store_module.sv._FAILED_UNTIL.clear()  # the 30 s back-off after a slow failure, skipped here
    assert store_has_records(url) is True  # the same URL works again once the lock is gone
    again = import_file(big_csv(2000), "big.csv", open_store(url))
    assert again.stored and again.n_inserted == 2000


def test_concurrent_imports_queue_instead_of_colliding(tmp_path):
    """Two processes importing at once: both batches stored (BEGIN IMMEDIATE makes them queue)."""
    url = f"sqlite:///{tmp_path / 'wsis.db'}"
    Store(url).close()
    files = []
    for name in ("a", "b"):
        files.append(tmp_path / f"{name}.csv")
        files[-1].write_bytes(big_csv(2000, prefix=name))
    env = {**os.environ, "WSIS_DB": url}
    procs = [
        subprocess.Popen([sys.executable, "-m", "wsis_data", "import", str(f)], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for f in files
    ]  # fmt: skip
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert counts(url)[:2] == (2, 4000)


# --- read-only -----------------------------------------------------------------------------------


def test_read_only_store_reads_but_refuses_imports(tmp_path):
    path = tmp_path / "wsis.db"
    import_file(CSV, "two.csv", Store(f"sqlite:///{path}"))
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    store = open_store(url)
    assert store.n_sessions() == 2 and len(store.dataset().tables.sessions) == 2
    assert store_has_records(url) is True
    report = import_file(MORE, "more.csv", store)
    assert not report.stored
    assert_clean_message(report.error or "", "read-only", "nothing written")
    with pytest.raises(StoreError, match="read-only"):
        store.rollback(1)
    assert counts(f"sqlite:///{path}") == (1, 2, 4)
    assert not (tmp_path / "file:").exists() and not any(tmp_path.glob("file*"))


def test_immutable_file_refuses_root_too(tmp_path):
    path = tmp_path / "wsis.db"
    import_file(CSV, "two.csv", Store(f"sqlite:///{path}"))
    if not shutil.which("chattr"):
        pytest.skip("chattr is not installed")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +i not possible here: {done.stderr.strip()}")
    try:
        store = open_store(f"sqlite:///{path}")
        assert store.n_sessions() == 2
        report = import_file(MORE, "more.csv", store)
        assert not report.stored
        assert_clean_message(report.error or "", "read-only")
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    assert counts(f"sqlite:///{path}") == (1, 2, 4)


# --- a failure late in a large batch --------------------------------------------------------------


def test_failure_late_in_a_large_batch_leaves_nothing(tmp_path):
    """A trigger in the database aborts the insert of the batch's very last tag row: by then the
    batch row and every session row were written in the same transaction; none may remain."""
    url = f"sqlite:///{tmp_path / 'wsis.db'}"
    store = open_store(url)
    import_file(CSV, "two.csv", store)
    n = 8000
    last_pk = 2 + n
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            f"CREATE TRIGGER late_failure BEFORE INSERT ON wsis_tags WHEN NEW.session_pk = "
            f"{last_pk} AND NEW.code = '9' BEGIN SELECT RAISE(ABORT, 'injected late failure'); END"
        )
    report = import_file(big_csv(n), "big.csv", store)
    assert not report.stored and "injected late failure" in (report.error or "")
    assert_clean_message(report.error or "", "nothing written")
    assert counts(url) == (1, 2, 4)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER late_failure")
    again = import_file(big_csv(n), "big.csv", open_store(url))
    assert again.stored and counts(url) == (2, 2 + n, 4 + 4 * n)


# --- the app with a broken store ----------------------------------------------------------------


def _app(url_params: dict[str, str] | None = None):
    from streamlit.testing.v1 import AppTest

    from tests.support.apptest import LAUNCHER

    at = AppTest.from_string(LAUNCHER, default_timeout=60)
    for key, value in (url_params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("kind", ["garbage bytes", "foreign schema", "path is a directory"])
def test_app_serves_the_sample_when_the_store_is_broken(kind, tmp_path, monkeypatch):
    make, words = BROKEN[kind]
    monkeypatch.setenv("WSIS_DB", f"sqlite:///{make(tmp_path)}")
    at = _app({"ds": STORE})  # a shared link to the store's view
    assert at.selectbox(key="ds").value == "sample"
    assert "Imported records (store)" not in at.selectbox(key="ds").options
    warning = " ".join(w.value for w in at.sidebar.warning).replace("\\", "")
    assert_clean_message(warning, "Imported records are not available", words, "sample instead")
    assert "WSIS Forum sample" in at.caption[0].value  # the heatmap on the sample
    at.selectbox(key="ds").set_value("synthetic").run()
    assert not at.exception and "Synthetic" in at.caption[0].value
    at.switch_page(page_path("import.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(e.value for e in at.error).replace("\\", "")
    assert_clean_message(shown, "Cannot", words, "sample and synthetic datasets work")


def test_app_with_a_locked_store(tmp_path, monkeypatch):
    path = tmp_path / "wsis.db"
    import_file(CSV, "two.csv", Store(f"sqlite:///{path}"))
    monkeypatch.setenv("WSIS_DB", f"sqlite:///{path}?timeout=0.5")
    holder = hold_lock(path)
    try:
        at = _app({"ds": STORE})
        assert at.selectbox(key="ds").value == "sample"
        assert "busy" in " ".join(w.value for w in at.sidebar.warning)
        at.switch_page(page_path("import.py")).run()
        assert not at.exception, [e.value for e in at.exception]
        assert "busy" in " ".join(e.value for e in at.error)
    finally:
        release(holder)
    store_module.sv._FAILED_UNTIL.clear()  # skip the back-off a slow failure sets
    at.run()  # the lock is gone: the same session sees the store again
    assert not at.exception and not at.error
    assert "2 sessions stored" in at.caption[0].value
    assert "Imported records (store)" in at.selectbox(key="ds").options


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
    at = _app({"ds": STORE})
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


def test_a_file_restored_over_a_damaged_one_is_seen_at_once(tmp_path):
    """A store in use is damaged (garbage written over it), then a backup is moved into place:
    the same process reads the backup at once (no stale pooled connection, no restart)."""
    path, backup = tmp_path / "wsis.db", tmp_path / "backup.db"
    url = f"sqlite:///{path}"
    import_file(CSV, "two.csv", open_store(url))
    shutil.copy(path, backup)
    import_file(MORE, "more.csv", open_store(url))
    assert open_store(url).n_sessions() == 3
    path.write_bytes(os.urandom(8192))  # damaged in place
    with pytest.raises(StoreError, match="damaged"):
        open_store(url).n_sessions()
    assert store_has_records(url) is False
    os.replace(backup, path)  # the backup moved into place (a new file)
    assert store_has_records(url) is True
    assert open_store(url).n_sessions() == 2
    os.replace(path, tmp_path / "moved-away.db")  # and a good store replaced by another one
    import_file(MORE, "more.csv", Store(f"sqlite:///{path}"))
    assert open_store(url).n_sessions() == 1  # the file now there, not the moved one
