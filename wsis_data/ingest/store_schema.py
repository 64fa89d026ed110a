"""The store's schema (SQLAlchemy Core, SQLite and PostgreSQL) and its low-level SQL helpers.

Every import is one row of ``wsis_batches``; sessions, their tags and (for outcome submissions)
their section texts point at it. What a batch was (`BatchInfo`), what a submission adds
(`Extras`) and what a write did (`WriteResult`) are plain dataclasses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import sqlalchemy as sa

from wsis_data.provenance import or_by_key

__all__ = [
    "BatchInfo", "Extras", "WriteResult", "batches", "metadata", "sections", "sessions", "tags",
]  # fmt: skip

metadata = sa.MetaData()
batches = sa.Table(
    "wsis_batches",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("file_name", sa.String(500), nullable=False),
    sa.Column("file_hash", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("read_as", sa.String(200), nullable=False, default=""),
    sa.Column("n_read", sa.Integer, nullable=False),
    sa.Column("n_valid", sa.Integer, nullable=False),
    sa.Column("n_problems", sa.Integer, nullable=False),
    sa.Column("n_inserted", sa.Integer, nullable=False),
    sa.Column("n_replaced", sa.Integer, nullable=False),
    sa.Column("n_skipped", sa.Integer, nullable=False),
    sa.Column("on_duplicate", sa.String(10), nullable=False),
    sa.Column("mapping", sa.Text, nullable=False),
    sa.Column("rolled_back_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("imported_by", sa.String(200), nullable=True),  # the signed-in editor, if any
)
sessions = sa.Table(
    "wsis_sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("wsis_batches.id"), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("session_id", sa.String(200), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("session_type", sa.Text),
    sa.Column("organisers", sa.Text, nullable=False),  # JSON list, as written
    sa.Column("url", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("note", sa.Text),
    sa.Column("replaced_by", sa.Integer, nullable=True),
    sa.Index("ix_wsis_sessions_key", "year", "session_id"),
    sa.Index("ix_wsis_sessions_batch", "batch_id"),
)
tags = sa.Table(
    "wsis_tags",
    metadata,
    sa.Column("session_pk", sa.Integer, sa.ForeignKey("wsis_sessions.id"), nullable=False),
    sa.Column("kind", sa.String(12), nullable=False),  # "action_line" | "sdg"
    sa.Column("code", sa.String(20), nullable=False),
    sa.Column("provenance", sa.String(12), nullable=False),
    sa.Column("score", sa.Float, nullable=True),
    sa.Column("evidence", sa.Text, nullable=True),
    sa.Column("targets", sa.Text, nullable=True),  # SDG targets named with the goal: "4.4, 9.c"
    sa.Index("ix_wsis_tags_session", "session_pk"),
)
sections = sa.Table(
    "wsis_sections",
    metadata,
    sa.Column("session_pk", sa.Integer, sa.ForeignKey("wsis_sessions.id"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("heading", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Index("ix_wsis_sections_session", "session_pk"),
)


@dataclass(frozen=True)
class BatchInfo:
    """What an import was: file, hash, how it was read, its counts before storing, mapping."""

    file_name: str
    file_hash: str
    kind: str  # "table" | "submission"
    read_as: str
    n_read: int
    n_valid: int
    n_problems: int
    mapping: dict[str, str | None]
    imported_by: str | None = None  # the signed-in editor (pages/_auth.py); None: no sign-in


@dataclass
class Extras:
    """What a submission adds to its record: suggested SDG tags and section texts."""

    suggested: list[tuple[int, float, str]] = field(default_factory=list)  # goal, score, evidence
    sections: list[tuple[str, str]] = field(default_factory=list)  # heading, body


@dataclass(frozen=True)
class WriteResult:
    """What a batch did in the store."""

    batch_id: int
    inserted: int
    replaced: tuple[tuple[int, str], ...]
    skipped: tuple[tuple[int, str], ...]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def lock_for_writing(conn: sa.Connection) -> None:
    """Take the write lock first, so concurrent imports queue instead of colliding on ids.

    SQLite: ``BEGIN IMMEDIATE`` waits up to the busy timeout for another writer, then fails
    ("the store is busy"); PostgreSQL: an exclusive lock on the batches table.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("LOCK TABLE wsis_batches IN EXCLUSIVE MODE"))
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def stored_pks(
    conn: sa.Connection, among: Sequence[tuple[int, str]] | None
) -> dict[tuple[int, str], int]:
    """(year, session_id) → row id of active sessions; only the keys `among` when few are asked."""
    query = sa.select(sessions.c.id, sessions.c.year, sessions.c.session_id).where(
        sessions.c.replaced_by.is_(None)
    )
    if among is not None and len(among) <= 500:
        if not among:
            return {}
        query = query.where(
            sa.tuple_(sessions.c.year, sessions.c.session_id).in_([tuple(k) for k in among])
        )
    return {(int(y), str(s)): pk for pk, y, s in conn.execute(query)}


def excerpt(body: str, needle: str, width: int = 80) -> str:
    """The words around the first occurrence of `needle` in `body`."""
    flat = " ".join(body.split())
    at = flat.lower().find(needle)
    if at < 0:
        return flat[: 2 * width]
    start, end = max(0, at - width), min(len(flat), at + len(needle) + width)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def fetch(conn: sa.Connection, query: sa.Select) -> list[tuple]:
    """All rows of a parameterless query as plain tuples, through the driver's cursor (fast)."""
    compiled = query.compile(dialect=conn.dialect)
    if compiled.params:
        return [tuple(row) for row in conn.execute(query)]
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled))
        return cursor.fetchall()
    finally:
        cursor.close()


def or_tags(keys: np.ndarray, codes: np.ndarray, bits: np.ndarray):
    """One row per (session key, code), provenance bits OR-ed; sorted by key then code."""
    unique, merged = or_by_key(keys.astype(np.int64) * 64 + codes, bits)
    return unique // 64, unique % 64, merged


def bulk_insert(conn: sa.Connection, table: sa.Table, rows: list[tuple]) -> None:
    """Insert rows (tuples in the table's column order) through the driver's executemany."""
    if not rows:
        return
    names = [c.name for c in table.columns]
    compiled = table.insert().compile(dialect=conn.dialect, column_keys=names)
    sql = str(compiled)
    if compiled.positional:
        order = [names.index(k) for k in compiled.positiontup or ()]
        if order != list(range(len(names))):
            rows = [tuple(row[i] for i in order) for row in rows]
        params: list = rows
    else:
        params = [dict(zip(names, row, strict=True)) for row in rows]
    for chunk in chunks(params, 50_000):
        conn.exec_driver_sql(sql, chunk)


def chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


#: Columns added after a store's first version: (table, column, SQL type), added when missing.
ADDED_COLUMNS: tuple[tuple[sa.Table, str, str], ...] = (
    (batches, "imported_by", "VARCHAR(200)"),
    (tags, "targets", "TEXT"),
)


def add_missing_columns(engine: sa.Engine) -> None:
    """Add the columns a store made by an older version lacks (`ADDED_COLUMNS`; all nullable)."""
    for table, column, sql_type in ADDED_COLUMNS:

        def have(table: sa.Table = table, column: str = column) -> bool:
            return column in {c["name"] for c in sa.inspect(engine).get_columns(table.name)}

        if have():
            continue
        try:
            with engine.begin() as conn:
                conn.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN {column} {sql_type}"))
        except sa.exc.SQLAlchemyError:
            if not have():  # another process (a replica) may have added it first
                raise
