"""A real SIGKILL of ``python -m wsis_data import`` while it writes a 10,000-row batch: a fresh
process then finds the whole batch or none of it (never a part), the database intact, and a
re-import stores everything (records lost: 0).

The write is detected for real: on SQLite the rollback journal (``wsis.db-journal``) appears with
the batch's first row; on PostgreSQL the import's lock on the batches table shows in
``pg_locks``. Kills land at several delays after that point. Run with ``-s`` to see the table.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest
import sqlalchemy as sa

from tests.support.postgres import postgres_url  # noqa: F401  (fixture)
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.store import Store, metadata

N = 10_000
SEED = b"Session ID,Title,Year,Action Lines,SDGs\nA1,Seed one,2020,C2,4\nA2,Seed two,2021,C3,9\n"
#: seconds after the write was seen; "before": while the file is still being read; "committed":
#: as soon as the journal is gone again (committed, the process still printing its report)
SQLITE_DELAYS = ("before", 0.0, 0.05, 0.2, "committed")
POSTGRES_DELAYS = (0.1,)  # one round: each costs a re-import

CHECK_SQLITE = """
    import json, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1])  # opening rolls back a hot journal left by the kill
    q = lambda sql: conn.execute(sql).fetchall()
    print(json.dumps({
        "integrity": q("PRAGMA integrity_check")[0][0],
        "batches": [list(r) for r in q("SELECT id, n_inserted FROM wsis_batches ORDER BY id")],
        "sessions": dict(q("SELECT batch_id, count(*) FROM wsis_sessions GROUP BY batch_id")),
        "tags": q("SELECT count(*) FROM wsis_tags")[0][0],
        "orphan_tags": q("SELECT count(*) FROM wsis_tags WHERE session_pk NOT IN "
                         "(SELECT id FROM wsis_sessions)")[0][0],
    }))
"""


def big_csv(path) -> None:
    """N valid rows, each with two Action Lines and two SDGs (4 tag rows per session)."""
    with path.open("w", encoding="utf-8") as out:
        out.write("Session ID,Title,Year,Action Lines,SDGs,Organisers\n")
        for i in range(N):
            out.write(f"K{i},Session {i},{2015 + i % 10},C2; C7 e-learning,4 | 9,Org {i % 40}\n")


def start_import(csv, url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "wsis_data", "import", str(csv)],
        env={**os.environ, "WSIS_DB": url},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def judge(state: dict) -> str:
    """'whole' or 'none' after checking the state is consistent; fails on anything partial."""
    sessions = {int(k): v for k, v in state["sessions"].items()}
    assert state["orphan_tags"] == 0, state
    if state["batches"] == [[1, 2]]:
        assert sessions == {1: 2} and state["tags"] == 4, state
        return "none"
    assert state["batches"] == [[1, 2], [2, N]], state
    assert sessions == {1: 2, 2: N} and state["tags"] == 4 + 4 * N, state
    return "whole"


def test_sigkill_during_sqlite_import_leaves_whole_batch_or_none(tmp_path):
    csv = tmp_path / "big.csv"
    big_csv(csv)
    seed = tmp_path / "seed.db"
    store = Store(f"sqlite:///{seed}")
    import_file(SEED, "seed.csv", store)
    store.close()
    outcomes = []
    for n, delay in enumerate(SQLITE_DELAYS):
        db = tmp_path / f"round{n}.db"
        shutil.copy(seed, db)
        journal = db.with_name(db.name + "-journal")
        proc = start_import(csv, f"sqlite:///{db}")
        deadline = time.monotonic() + 120
        if delay == "before":
            time.sleep(0.5)  # still starting up / reading the file
            seen = journal.exists()
        else:
            while not journal.exists() and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.001)
            seen = journal.exists()
            assert seen, "the import ended before its write was seen"
            if delay == "committed":
                while journal.exists() and time.monotonic() < deadline:
                    time.sleep(0.0005)
            else:
                time.sleep(delay)
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        hot = journal.exists()
        check = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(CHECK_SQLITE), str(db)],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        state = json.loads(check.stdout)
        assert state["integrity"] == "ok", state
        outcome = judge(state)
        outcomes.append((delay, seen, finished, hot, outcome))
        # After the kill the same import succeeds (skipping what a whole batch stored already)
        # and nothing is missing.
        after = Store(f"sqlite:///{db}")
        report = import_file(csv.read_bytes(), "big.csv", after)
        assert report.stored, report.status
        assert after.n_sessions() == 2 + N  # records lost: 0
        after.close()
    print("\nSQLite SIGKILL during import (delay after the journal appeared → outcome):")
    print(" delay_s  write_seen  exited_before_kill  journal_left  outcome")
    for delay, seen, finished, hot, outcome in outcomes:
        d = delay if isinstance(delay, str) else f"{delay:.2f}"
        print(f" {d:>7}  {seen!s:>10}  {finished!s:>18}  {hot!s:>12}  {outcome}")
    kills = [o for o in outcomes if not o[2]]
    print(f" kills that hit a running import: {len(kills)}; whole: "
          f"{sum(o[4] == 'whole' for o in kills)}, none: {sum(o[4] == 'none' for o in kills)}; "
          "partial: 0; records lost after re-import: 0")  # fmt: skip
    # The kills must really have hit the write: a hot journal left behind (rolled back on open).
    assert any(o[3] and o[4] == "none" for o in outcomes), outcomes
    assert outcomes[-1][4] == "whole" or outcomes[-1][2], outcomes  # killed after the commit


@pytest.mark.postgres
def test_sigkill_during_postgres_import_leaves_whole_batch_or_none(tmp_path, postgres_url):  # noqa: F811
    csv = tmp_path / "big.csv"
    big_csv(csv)
    engine = sa.create_engine(postgres_url)
    locked = sa.text(
        "SELECT count(*) FROM pg_locks WHERE relation = 'wsis_batches'::regclass "
        "AND mode = 'ExclusiveLock' AND granted AND pid <> pg_backend_pid()"
    )
    outcomes = []
    try:
        for delay in POSTGRES_DELAYS:
            metadata.drop_all(engine)
            store = Store(postgres_url)
            import_file(SEED, "seed.csv", store)
            proc = start_import(csv, postgres_url)
            seen, deadline = False, time.monotonic() + 120
            with engine.connect() as conn:
                while not seen and proc.poll() is None and time.monotonic() < deadline:
                    seen = conn.execute(locked).scalar_one() > 0
                    conn.rollback()
            assert seen, "the import ended before its write was seen"
            time.sleep(delay)
            finished = proc.poll() is not None
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            time.sleep(0.5)  # the server notices the dead client and aborts its transaction
            with engine.connect() as conn:
                q = lambda sql: conn.execute(sa.text(sql)).all()  # noqa: E731
                state = {
                    "batches": [list(r) for r in q("SELECT id, n_inserted FROM wsis_batches "
                                                   "ORDER BY id")],
                    "sessions": dict(q("SELECT batch_id, count(*) FROM wsis_sessions "
                                       "GROUP BY batch_id")),
                    "tags": q("SELECT count(*) FROM wsis_tags")[0][0],
                    "orphan_tags": q("SELECT count(*) FROM wsis_tags WHERE session_pk NOT IN "
                                     "(SELECT id FROM wsis_sessions)")[0][0],
                }  # fmt: skip
            outcomes.append((delay, finished, judge(state)))
            report = import_file(csv.read_bytes(), "big.csv", store)
            assert report.stored and store.n_sessions() == 2 + N, report.status
            store.close()
    finally:
        engine.dispose()
    print("\nPostgreSQL SIGKILL during import (delay after the lock was seen → outcome):")
    for delay, finished, outcome in outcomes:
        print(f" {delay:.2f}s  exited_before_kill={finished}  {outcome}")
