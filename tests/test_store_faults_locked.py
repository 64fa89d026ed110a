"""Store faults, injected for real: a SQLite store locked by another process (waits, says busy,
recovers; imports queue), and the app itself with a broken or locked store (the embedded
datasets keep working). See test_store_faults.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.support.apptest import page_path
from tests.support.store_faults import (
    BROKEN,
    CSV,
    STORE,
    app,
    assert_clean_message,
    big_csv,
    counts,
    fresh_state,  # noqa: F401 (autouse: each test starts as a fresh server would)
    hold_lock,
    release,
)
from wsis_data.errors import StoreError
from wsis_data.ingest import store as store_module
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.store import Store, open_store, store_has_records, store_problem

# --- locked --------------------------------------------------------------------------------------


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


# --- the app with a broken store ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["garbage bytes", "foreign schema", "path is a directory"])
def test_app_serves_the_sample_when_the_store_is_broken(kind, tmp_path, monkeypatch):
    make, words = BROKEN[kind]
    monkeypatch.setenv("WSIS_DB", f"sqlite:///{make(tmp_path)}")
    at = app({"ds": STORE})  # a shared link to the store's view
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
        at = app({"ds": STORE})
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
