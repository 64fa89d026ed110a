"""The store's version: what changed since a dataset was read, asked cheaply and seldom.

An import adds a row to ``wsis_batches`` and a rollback stamps ``rolled_back_at`` on one, so
(latest batch id, batches rolled back, time of the last rollback) changes with every write any
process makes (this one, the CLI, another app server on the same store) and never otherwise.
`read_state` asks for it, and whether the store holds an active session, in one small query;
`cached_state` keeps each URL's answer for `MAX_AGE` seconds per process, so many sessions and
reruns cost one query every few seconds, and a change made elsewhere is seen within `MAX_AGE`.
The dashboard makes the version part of the store dataset's cache key (`pages/_cache.py`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import NamedTuple

import sqlalchemy as sa

from wsis_data.errors import StoreError
from wsis_data.ingest.store_schema import batches, sessions
from wsis_data.ingest.store_url import sqlite_path

#: Seconds a process trusts the store's version it read last (a change elsewhere shows within it).
MAX_AGE = 2.0


class StoreState(NamedTuple):
    """The store's version (changes with every import and rollback) and whether it holds records."""

    version: tuple[int, int, str]
    has_records: bool


def read_state(conn: sa.Connection) -> StoreState:
    """The version and whether an active session exists, in one query (tiny tables scanned)."""
    query = sa.select(
        sa.select(sa.func.max(batches.c.id)).scalar_subquery(),
        sa.select(sa.func.count(batches.c.rolled_back_at)).scalar_subquery(),
        sa.select(sa.func.max(batches.c.rolled_back_at)).scalar_subquery(),
        sa.exists().where(sessions.c.replaced_by.is_(None)),
    )
    last, rolled, when, has = conn.execute(query).one()
    return StoreState((int(last or 0), int(rolled or 0), str(when or "")), bool(has))


_STATES: dict[str, tuple[float, StoreState]] = {}
_LOCK = threading.Lock()


def cached_state(url: str, read: Callable[[], StoreState], max_age: float = MAX_AGE) -> StoreState:
    """The state of the store at `url`, read with `read()` when the last answer is older than
    `max_age` seconds. A failure is not kept (the next call asks again) and propagates."""
    now = time.monotonic()
    with _LOCK:
        kept = _STATES.get(url)
    if kept is not None and now - kept[0] < max_age:
        return kept[1]
    state = read()
    with _LOCK:
        _STATES[url] = (now, state)
    return state


def forget_state(url: str) -> None:
    """Forget the state kept for `url` (this process wrote to it: read it afresh next time)."""
    with _LOCK:
        _STATES.pop(url, None)


_FAILED_UNTIL: dict[str, float] = {}
_PROBLEMS: dict[str, str] = {}


def last_problem(url: str) -> str | None:
    """Why the store at `url` could not be read at the last `has_records` call (None: it could)."""
    return _PROBLEMS.get(url)


def has_records(url: str, ask: Callable[[], bool]) -> bool:
    """Whether the store at `url` holds a session, by `ask()`; False when it cannot be read.

    A SQLite file that does not exist is not created just to look. A slow failure (a server that
    does not answer) is not asked again for 30 s, so page runs do not each wait for it.
    """
    path = sqlite_path(url)
    if path is not None and not path.exists():
        _PROBLEMS.pop(url, None)
        return False
    if _FAILED_UNTIL.get(url, 0.0) > time.monotonic():
        return False
    started = time.monotonic()
    try:
        has = ask()
    except StoreError as exc:
        _PROBLEMS[url] = str(exc)
        if time.monotonic() - started > 1:
            _FAILED_UNTIL[url] = time.monotonic() + 30
        return False
    _PROBLEMS.pop(url, None)
    return has
