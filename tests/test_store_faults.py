"""Store faults, injected for real: a broken, locked, read-only or corrupt SQLite file, an
unreachable or stopped PostgreSQL server. Each gives a clear message (which store, what to do; no
SQL, no password), the embedded datasets keep working, and a failed write leaves no batch behind.

Read-only as root: file permissions do not stop root, so the tests use SQLite's own read-only
mode (``sqlite:///file:PATH?mode=ro&uri=true``) and, where the file system allows it, the
immutable attribute (``chattr +i``), which stops root's writes too.

This module: broken, read-only and restored SQLite files, a failure late in a large batch.
A locked store and the app: test_store_faults_locked.py; PostgreSQL: test_store_faults_postgres.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from bench.harness.app_server import free_port
from tests.support.store_faults import (
    BROKEN,
    CSV,
    MORE,
    assert_clean_message,
    big_csv,
    counts,
    fresh_state,  # noqa: F401 (autouse: each test starts as a fresh server would)
)
from wsis_data.errors import StoreError
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.store import Store, open_store, store_has_records, store_problem

# --- broken stores -------------------------------------------------------------------------------


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
