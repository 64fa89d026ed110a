"""Shared by the store-fault tests (tests/test_store_faults*.py): session files, row counts read
straight from the database, a fresh store state, the check of a message for people, broken SQLite
files made for real, another real process holding a SQLite lock, the app under AppTest.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest
import sqlalchemy as sa

from wsis_data.ingest import store as store_module
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.store import Store

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


def forget_stores(monkeypatch) -> None:
    """Start without remembered stores or back-offs (as a fresh server would)."""
    import streamlit as st

    st.cache_resource.clear()  # datasets cached by earlier tests' apps (another WSIS_DB)
    monkeypatch.setattr(store_module, "_OPEN", {})
    for name in ("_FAILED_UNTIL", "_PROBLEMS", "_STATES"):  # kept in store_version
        monkeypatch.setattr(store_module.sv, name, {})


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    """Each test starts without remembered stores or back-offs (as a fresh server would); a
    module that imports it gets it for every test."""
    forget_stores(monkeypatch)


def assert_clean_message(text: str, *words: str) -> None:
    """A message for people: names the store's problem, shows no SQL, parameters or password."""
    assert "[SQL" not in text and "[parameters" not in text and "Traceback" not in text
    assert "secret" not in text
    for word in words:
        assert word in text, text


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
    """Let a `hold_lock` process release its lock and end."""
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(30)


def app(url_params: dict[str, str] | None = None):
    """The dashboard under AppTest with these URL parameters, run once, raising nothing."""
    from streamlit.testing.v1 import AppTest

    from tests.support.apptest import LAUNCHER

    at = AppTest.from_string(LAUNCHER, default_timeout=60)
    for key, value in (url_params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
