"""The persistent record store: one SQLAlchemy Core schema for SQLite and PostgreSQL.

Every import is one transaction and one row of ``batches`` (time, file name, file hash, counts,
column mapping). A replaced session is kept, marked ``replaced_by`` the batch that replaced it,
so rolling a batch back deletes its sessions and brings back the ones it replaced.

The database is chosen by a URL: ``WSIS_DB`` in the environment, else `DEFAULT_URL` (a SQLite
file ``data/wsis.db`` under the project root).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from wsis_data.dataset import (
    AL_INDEX,
    EXPANDED_ROWS,
    SESSION_COLUMNS,
    Dataset,
    DatasetInfo,
    from_frames,
)
from wsis_data.errors import StoreError
from wsis_data.provenance import PROVENANCE_BITS, or_by_key
from wsis_data.records import SessionRecord

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = f"sqlite:///{ROOT / 'data' / 'wsis.db'}"
ENV_VAR = "WSIS_DB"
#: Seconds a SQLite writer (or reader) waits for another process's lock before giving up with
#: "the store is busy"; a ``?timeout=`` in the URL overrides it.
BUSY_TIMEOUT = 10.0

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

STORE_NOTES = (
    "Records imported from your files and outcome submissions (see the Import page): Action "
    "Lines and SDGs declared in a file carry the provenance 'file', those parsed from a "
    "submission 'submission'; SDGs suggested from a submission's text are 'suggested'.",
    "SDG links projected through the facilitators' matrix from each session's Action Lines are "
    "offered as 'projected' and never counted as declared.",
)


def default_url() -> str:
    """The store URL: ``WSIS_DB`` when set, else the SQLite file ``data/wsis.db``."""
    return os.environ.get(ENV_VAR, "").strip() or DEFAULT_URL


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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store:
    """A record store at a database URL (tables created when missing)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        try:
            if path := sqlite_path(self.url):
                path.parent.mkdir(parents=True, exist_ok=True)
            url_obj = sa.make_url(self.url)
            if url_obj.drivername in ("postgresql", "postgres"):
                url_obj = url_obj.set(drivername="postgresql+psycopg")
            # An unreachable server must not hang every page run (the sidebar asks the store).
            options = (
                {"connect_args": {"connect_timeout": 5}}
                if url_obj.get_backend_name() == "postgresql"
                and "connect_timeout" not in url_obj.query
                else {}
            )
            if url_obj.get_backend_name() == "sqlite" and "timeout" not in url_obj.query:
                options = {"connect_args": {"timeout": BUSY_TIMEOUT}}
            in_memory = (url_obj.database or ":memory:") == ":memory:"
            if url_obj.get_backend_name() == "sqlite" and not in_memory:
                # A file opened afresh for each use: a file restored or replaced (a backup moved
                # into place) is seen at once, never an old copy through a pooled connection.
                options["poolclass"] = sa.pool.NullPool
            self.engine = sa.create_engine(url_obj, pool_pre_ping=True, **options)
            metadata.create_all(self.engine)
            _add_missing_columns(self.engine)
        except (SQLAlchemyError, OSError, ValueError, ImportError) as exc:
            raise StoreError(f"Cannot open the store {self.safe_url}: {self.explain(exc)}") from exc

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden."""
        try:
            return sa.make_url(self.url).render_as_string(hide_password=True)
        except Exception:
            return "(unparsable URL)"

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def explain(self, exc: BaseException) -> str:
        """A failure in words: what went wrong and what to do (no SQL, no parameters, no password).

        Also forgets this store's pooled connections and its place in `open_store`, so the next
        use reconnects (a restarted server, a restored file) instead of reusing a dead connection.
        """
        forget_store(self)
        return explain_failure(exc, self.url)

    @property
    def _errors(self) -> tuple[type[BaseException], ...]:
        """SQLAlchemy's errors and the driver's own (raised by `_fetch`'s raw cursor)."""
        dbapi = getattr(self.engine.dialect, "loaded_dbapi", None)
        return (SQLAlchemyError, dbapi.Error) if dbapi is not None else (SQLAlchemyError,)

    # --- reading -------------------------------------------------------------------------

    def active_keys(self, among: Sequence[tuple[int, str]] | None = None) -> set[tuple[int, str]]:
        """(year, session_id) of active (not replaced) sessions; only those `among`, if given."""
        with self._connect() as conn:
            return set(_stored_pks(conn, among))

    def n_sessions(self) -> int:
        """How many sessions the store holds (not counting replaced ones)."""
        query = sa.select(sa.func.count()).where(sessions.c.replaced_by.is_(None))
        with self._connect() as conn:
            return int(conn.execute(query).scalar_one())

    def batches(self) -> pd.DataFrame:
        """Every batch, newest first, with its counts and whether it was rolled back."""
        with self._connect() as conn:
            rows = conn.execute(sa.select(batches).order_by(batches.c.id.desc())).mappings().all()
        frame = pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in batches.columns])
        return frame

    def sections_of(self, year: int, session_id: str) -> list[tuple[str, str]]:
        """(heading, text) of each section kept for a stored session (submissions only)."""
        query = (
            sa.select(sections.c.heading, sections.c.body)
            .join(sessions, sessions.c.id == sections.c.session_pk)
            .where(
                sessions.c.year == year,
                sessions.c.session_id == session_id,
                sessions.c.replaced_by.is_(None),
            )
            .order_by(sections.c.position)
        )
        with self._connect() as conn:
            return [(h, b) for h, b in conn.execute(query)]

    def submissions(self) -> list[tuple[int, str, str]]:
        """(year, session_id, title) of every stored session with section texts (submissions)."""
        has_text = sa.select(sections.c.session_pk).distinct().scalar_subquery()
        query = (
            sa.select(sessions.c.year, sessions.c.session_id, sessions.c.title)
            .where(sessions.c.replaced_by.is_(None), sessions.c.id.in_(has_text))
            .order_by(sessions.c.year.desc(), sessions.c.title)
        )
        with self._connect() as conn:
            return [(int(y), str(s), str(t)) for y, s, t in conn.execute(query)]

    def search_sections(self, text: str, limit: int = 200) -> pd.DataFrame:
        """Stored submission sections containing `text` (case-insensitive), with an excerpt."""
        needle = " ".join(text.split()).lower()
        columns = ["year", "session_id", "title", "section", "excerpt"]
        if not needle:
            return pd.DataFrame(columns=columns)
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = (
            sa.select(sessions.c.year, sessions.c.session_id, sessions.c.title, sections.c.heading,
                      sections.c.body)
            .join(sessions, sessions.c.id == sections.c.session_pk)
            .where(sessions.c.replaced_by.is_(None),
                   sa.func.lower(sections.c.body).like(pattern, escape="\\"))
            .order_by(sessions.c.year.desc(), sessions.c.title, sections.c.position)
            .limit(limit)
        )  # fmt: skip
        with self._connect() as conn:
            rows = conn.execute(query).all()
        return pd.DataFrame(
            [(y, s, t, h, _excerpt(b, needle)) for y, s, t, h, b in rows], columns=columns
        )

    def suggestions_of(self, year: int, session_id: str) -> pd.DataFrame:
        """Suggested SDGs of a stored session with score and evidence."""
        query = (
            sa.select(tags.c.code, tags.c.score, tags.c.evidence)
            .join(sessions, sessions.c.id == tags.c.session_pk)
            .where(
                sessions.c.year == year,
                sessions.c.session_id == session_id,
                sessions.c.replaced_by.is_(None),
                tags.c.provenance == "suggested",
            )
        )
        with self._connect() as conn:
            rows = conn.execute(query).all()
        return pd.DataFrame(rows, columns=["sdg", "score", "evidence"])

    def dataset(self, info: DatasetInfo | None = None) -> Dataset:
        """The stored sessions as a `Dataset` (with the projected SDG layer), provenance kept."""
        info = info or DatasetInfo(
            name="store", label="Imported records (store)", notes=STORE_NOTES
        )
        active = sessions.c.replaced_by.is_(None)
        with self._connect() as conn:
            srows = _fetch(
                conn,
                sa.select(sessions.c.id, *(sessions.c[c] for c in SESSION_COLUMNS))
                .where(active)
                .order_by(sessions.c.year, sessions.c.session_id),
            )
            trows = _fetch(
                conn, sa.select(tags.c.session_pk, tags.c.kind, tags.c.code, tags.c.provenance)
            )
        frame = pd.DataFrame(srows, columns=["pk", *SESSION_COLUMNS])
        decoded = {text: json.loads(text) if text else [] for text in set(frame["organisers"])}
        org_lists = [decoded[text] for text in frame["organisers"]]
        frame["organisers"] = ["; ".join(o) for o in org_lists]
        frame = frame.astype({"year": "int16"})
        orgs = pd.DataFrame(
            [(k, name) for k, names in enumerate(org_lists) for name in names],
            columns=["session_key", "organiser"],
        ).astype({"session_key": "int32", "organiser": "str"})
        tag_frame = pd.DataFrame(trows, columns=["pk", "kind", "code", "provenance"])
        # Tags of replaced sessions have no key: dropped here.
        keys = pd.Index(frame["pk"].to_numpy()).get_indexer(tag_frame["pk"].to_numpy())
        bits = tag_frame["provenance"].map(PROVENANCE_BITS).to_numpy(np.uint8)
        is_al = (tag_frame["kind"] == "action_line").to_numpy() & (keys >= 0)
        is_sdg = (tag_frame["kind"] == "sdg").to_numpy() & (keys >= 0)
        al_idx = tag_frame["code"][is_al].map(AL_INDEX).to_numpy(np.int64)
        al_keys, al_codes, al_bits = _or_tags(keys[is_al], al_idx, bits[is_al])
        al_frame = pd.DataFrame({
            "session_key": al_keys.astype(np.int32),
            "action_line": np.array(EXPANDED_ROWS, dtype=object)[al_codes],
            "provenance": al_bits,
        }).astype({"action_line": "str"})  # fmt: skip
        goals = tag_frame["code"][is_sdg].astype(int).to_numpy(np.int64)
        sdg_keys, sdg_codes, sdg_bits = _or_tags(keys[is_sdg], goals, bits[is_sdg])
        sdg_frame = pd.DataFrame({
            "session_key": sdg_keys.astype(np.int32),
            "sdg": sdg_codes.astype(np.int8),
            "provenance": sdg_bits,
        })  # fmt: skip
        return from_frames(
            frame[list(SESSION_COLUMNS)], al_frame, sdg_frame, orgs, info, project=True
        )

    # --- writing -------------------------------------------------------------------------

    def write(
        self,
        info: BatchInfo,
        records: Sequence[SessionRecord],
        *,
        on_duplicate: str = "skip",
        extras: Sequence[Extras | None] | None = None,
    ) -> WriteResult:
        """Store `records` as one batch in one transaction (records' keys must be distinct).

        ``on_duplicate``: "skip" keeps a stored session with the same (year, session_id),
        "replace" marks it replaced by this batch (rollback brings it back).
        """
        if on_duplicate not in ("skip", "replace"):
            raise StoreError(f"on_duplicate must be 'skip' or 'replace', not {on_duplicate!r}")
        try:
            with self.engine.begin() as conn:
                _lock_for_writing(conn)
                return self._write(conn, info, records, on_duplicate, extras)
        except self._errors as exc:
            raise StoreError(
                f"Import of {info.file_name} not stored in {self.safe_url} (nothing written): "
                f"{self.explain(exc)}"
            ) from exc

    def _write(self, conn, info, records, on_duplicate, extras) -> WriteResult:
        batch_id = (
            int(
                conn.execute(sa.select(sa.func.coalesce(sa.func.max(batches.c.id), 0))).scalar_one()
            )
            + 1
        )
        next_pk = (
            int(
                conn.execute(
                    sa.select(sa.func.coalesce(sa.func.max(sessions.c.id), 0))
                ).scalar_one()
            )
            + 1
        )
        conn.execute(
            batches.insert().values(
                id=batch_id, created_at=_now(), file_name=info.file_name, file_hash=info.file_hash,
                kind=info.kind, read_as=info.read_as, n_read=info.n_read, n_valid=info.n_valid,
                n_problems=info.n_problems, n_inserted=0, n_replaced=0, n_skipped=0,
                on_duplicate=on_duplicate, mapping=json.dumps(info.mapping, ensure_ascii=False),
                imported_by=info.imported_by,
            )
        )  # fmt: skip
        stored = _stored_pks(conn, [r.key for r in records])
        session_rows, tag_rows, section_rows = [], [], []
        replaced, skipped, replaced_pks = [], [], []
        extras = extras or [None] * len(records)
        for record, extra in zip(records, extras, strict=True):
            key = record.key
            if key in stored:
                if on_duplicate == "skip":
                    skipped.append(key)
                    continue
                replaced.append(key)
                replaced_pks.append(stored[key])
            pk = next_pk
            next_pk += 1
            session_rows.append((
                pk, batch_id, record.year, record.session_id, record.title, record.session_type,
                json.dumps(list(record.organisers), ensure_ascii=False), record.url,
                record.language, record.note, None,
            ))  # fmt: skip
            for tag in record.action_lines:
                tag_rows.append((pk, "action_line", tag.code, tag.provenance, None, None))
            for tag in record.sdgs:
                tag_rows.append((pk, "sdg", str(int(tag.code)), tag.provenance, None, None))
            if extra is not None:
                for goal, score, evidence in extra.suggested:
                    tag_rows.append((pk, "sdg", str(goal), "suggested", score, evidence))
                for position, (heading, body) in enumerate(extra.sections):
                    section_rows.append((pk, position, heading, body))
        for chunk in _chunks(replaced_pks, 500):
            conn.execute(
                sessions.update().where(sessions.c.id.in_(chunk)).values(replaced_by=batch_id)
            )
        for table, rows in ((sessions, session_rows), (tags, tag_rows), (sections, section_rows)):
            _bulk_insert(conn, table, rows)
        conn.execute(
            batches.update()
            .where(batches.c.id == batch_id)
            .values(n_inserted=len(session_rows), n_replaced=len(replaced), n_skipped=len(skipped))
        )
        return WriteResult(batch_id, len(session_rows), tuple(replaced), tuple(skipped))

    def rollback(self, batch_id: int) -> int:
        """Undo a batch: delete its sessions, restore what it replaced; returns how many went."""
        try:
            with self.engine.begin() as conn:
                _lock_for_writing(conn)
                row = (
                    conn.execute(sa.select(batches).where(batches.c.id == batch_id))
                    .mappings()
                    .first()
                )
                if row is None:
                    raise StoreError(f"No batch {batch_id} in the store")
                if row["rolled_back_at"] is not None:
                    raise StoreError(f"Batch {batch_id} was already rolled back")
                own = sa.select(sessions.c.id).where(sessions.c.batch_id == batch_id)
                removed = conn.execute(
                    sa.select(sa.func.count()).select_from(own.subquery())
                ).scalar_one()
                # Sessions this batch replaced come back, unless a later batch replaced them too.
                back = conn.execute(
                    sa.select(sessions.c.id, sessions.c.year, sessions.c.session_id).where(
                        sessions.c.replaced_by == batch_id
                    )
                ).all()
                later = {
                    (int(y), str(s)): b
                    for y, s, b in conn.execute(
                        sa.select(
                            sessions.c.year, sessions.c.session_id, sessions.c.batch_id
                        ).where(sessions.c.replaced_by.is_(None), sessions.c.batch_id != batch_id)
                    )
                }
                for pk, year, sid in back:
                    conn.execute(
                        sessions.update()
                        .where(sessions.c.id == pk)
                        .values(replaced_by=later.get((int(year), str(sid))))
                    )
                conn.execute(tags.delete().where(tags.c.session_pk.in_(own)))
                conn.execute(sections.delete().where(sections.c.session_pk.in_(own)))
                conn.execute(sessions.delete().where(sessions.c.batch_id == batch_id))
                conn.execute(
                    batches.update().where(batches.c.id == batch_id).values(rolled_back_at=_now())
                )
                return int(removed)
        except self._errors as exc:
            raise StoreError(
                f"Rollback of batch {batch_id} failed in {self.safe_url} (nothing changed): "
                f"{self.explain(exc)}"
            ) from exc

    @contextlib.contextmanager
    def _connect(self):
        """A connection for reading; any database failure becomes a `StoreError` in words."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except self._errors as exc:
            raise StoreError(f"Cannot read the store {self.safe_url}: {self.explain(exc)}") from exc


def _add_missing_columns(engine: sa.Engine) -> None:
    """Add the columns a store made by an older version lacks (``imported_by`` of batches)."""

    def have() -> bool:
        return "imported_by" in {c["name"] for c in sa.inspect(engine).get_columns(batches.name)}

    if not have():
        try:
            with engine.begin() as conn:
                conn.execute(
                    sa.text(f"ALTER TABLE {batches.name} ADD COLUMN imported_by VARCHAR(200)")
                )
        except SQLAlchemyError:
            if not have():  # another process (a replica) may have added it first
                raise


def _lock_for_writing(conn: sa.Connection) -> None:
    """Take the write lock first, so concurrent imports queue instead of colliding on ids.

    SQLite: ``BEGIN IMMEDIATE`` waits up to the busy timeout for another writer, then fails
    ("the store is busy"); PostgreSQL: an exclusive lock on the batches table.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("LOCK TABLE wsis_batches IN EXCLUSIVE MODE"))
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


_BUSY = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock")
_READ_ONLY = ("readonly database", "read-only", "read only")
_DAMAGED = (
    "file is not a database", "malformed", "no such table", "no such column", "does not exist",
    "has no column", "not a database", "corrupt",
)  # fmt: skip
_UNREACHABLE = (
    "connection refused", "connection failed", "could not connect", "server closed",
    "terminating connection", "connection is closed", "the connection is lost",
    "no connection to the server", "timeout expired", "unable to open database",
)  # fmt: skip


def explain_failure(exc: BaseException, url: str = "") -> str:
    """What a store failure means and what to do, in one paragraph (no SQL, parameters or password).

    >>> explain_failure(RuntimeError("disk I/O error"))
    'disk I/O error'
    """
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = " ".join(str(cause).split()) or type(cause).__name__
    with contextlib.suppress(Exception):
        password = sa.make_url(url).password if url else None
        if password:
            text = text.replace(str(password), "***")
    text = text[:300]
    low = text.lower()
    if any(k in low for k in _BUSY):
        advice = "the store is busy (another process holds a lock on it); try again in a moment"
    elif any(k in low for k in _READ_ONLY):
        advice = "the store is read-only; point WSIS_DB at a writable database to import"
    elif any(k in low for k in _UNREACHABLE):
        advice = (
            "the database cannot be reached; check WSIS_DB and that the server is running (or "
            "that the file's folder exists and is writable), then reload the page"
        )
    elif any(k in low for k in _DAMAGED):
        advice = (
            "the store is damaged or is not a WSIS store; restore it from a backup or point "
            "WSIS_DB at another database"
        )
    elif isinstance(cause, OSError):
        advice = "the store's file or folder cannot be created; check WSIS_DB"
    else:
        return text
    return f"{advice} ({text})"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases, memory and ``uri=true`` URLs)."""
    try:
        url_obj = sa.make_url(url)
    except Exception:
        return None
    if url_obj.get_backend_name() != "sqlite" or url_obj.query.get("uri"):
        return None
    database = url_obj.database or ""
    return Path(database) if database and database != ":memory:" else None


_OPEN: dict[str, Store] = {}
_FAILED_UNTIL: dict[str, float] = {}
_PROBLEMS: dict[str, str] = {}


def open_store(url: str | None = None) -> Store:
    """The store at `url` (default: `default_url()`), opened once per URL and process.

    A store that failed is forgotten (see `Store.explain`), so the next call opens it afresh.
    """
    url = url or default_url()
    if (store := _OPEN.get(url)) is None:
        store = _OPEN[url] = Store(url)
    return store


def forget_store(store: Store) -> None:
    """Drop `store` from `open_store` and close its pooled connections (it can still reconnect)."""
    if _OPEN.get(store.url) is store:
        _OPEN.pop(store.url, None)
    with contextlib.suppress(Exception):
        store.engine.dispose()


def store_problem(url: str | None = None) -> str | None:
    """Why the store could not be read at the last `store_has_records` call (None if it could)."""
    return _PROBLEMS.get(url or default_url())


def store_has_records(url: str | None = None) -> bool:
    """Whether the store holds any session (False when it cannot be opened or does not exist)."""
    url = url or default_url()
    path = sqlite_path(url)
    if path is not None and not path.exists():
        _PROBLEMS.pop(url, None)
        return False  # do not create an empty database file just to look
    if _FAILED_UNTIL.get(url, 0.0) > time.monotonic():
        return False  # failed a moment ago: do not wait for the server on every page run
    started = time.monotonic()
    try:
        has = open_store(url).n_sessions() > 0
    except StoreError as exc:
        _PROBLEMS[url] = str(exc)
        if time.monotonic() - started > 1:  # a slow failure (timeout): back off for a while
            _FAILED_UNTIL[url] = time.monotonic() + 30
        return False
    _PROBLEMS.pop(url, None)
    return has


def store_dataset(url: str | None = None) -> Dataset:
    """The store's records as a dataset (read afresh on every call)."""
    store = open_store(url or default_url())
    n = store.n_sessions()
    return store.dataset(
        DatasetInfo(
            name="store", label=f"Imported records (store, {n:,} sessions)", notes=STORE_NOTES
        )
    )


def _stored_pks(
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


def _excerpt(body: str, needle: str, width: int = 80) -> str:
    """The words around the first occurrence of `needle` in `body`."""
    flat = " ".join(body.split())
    at = flat.lower().find(needle)
    if at < 0:
        return flat[: 2 * width]
    start, end = max(0, at - width), min(len(flat), at + len(needle) + width)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def _fetch(conn: sa.Connection, query: sa.Select) -> list[tuple]:
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


def _or_tags(keys: np.ndarray, codes: np.ndarray, bits: np.ndarray):
    """One row per (session key, code), provenance bits OR-ed; sorted by key then code."""
    unique, merged = or_by_key(keys.astype(np.int64) * 64 + codes, bits)
    return unique // 64, unique % 64, merged


def _bulk_insert(conn: sa.Connection, table: sa.Table, rows: list[tuple]) -> None:
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
    for chunk in _chunks(params, 50_000):
        conn.exec_driver_sql(sql, chunk)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
