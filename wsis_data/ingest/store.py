"""The persistent record store (SQLAlchemy Core; SQLite or PostgreSQL): read, write, roll back.

Every import is one transaction and one row of ``batches`` (time, file name, file hash, counts,
column mapping). A replaced session is kept, marked ``replaced_by`` the batch that replaced it,
so rolling a batch back deletes its sessions and brings back the ones it replaced.

The database is chosen by a URL: ``WSIS_DB`` in the environment, else `DEFAULT_URL` (a SQLite
file ``data/wsis.db`` under the project root). The schema lives in `store_schema`, the SQL of a
write and a rollback in `store_write`, failures in words in `store_errors`, and naming the store
without its secrets in `store_url`; their public names are re-exported here.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from wsis_data.dataset import (
    AL_INDEX,
    EXPANDED_ROWS,
    SESSION_COLUMNS,
    Dataset,
    DatasetInfo,
    from_frames,
)
from wsis_data.errors import StoreError
from wsis_data.ingest import store_version as sv
from wsis_data.ingest.store_errors import explain_failure
from wsis_data.ingest.store_schema import (
    BatchInfo,
    Extras,
    WriteResult,
    add_missing_columns,
    batches,
    excerpt,
    fetch,
    lock_for_writing,
    metadata,
    or_tags,
    sections,
    sessions,
    stored_pks,
    tags,
)
from wsis_data.ingest.store_url import (
    DEFAULT_URL,
    ENV_VAR,
    default_url,
    mask_secrets,
    masked_url,
    sqlite_path,
    store_label,
)
from wsis_data.ingest.store_write import RolledBack, rollback_batch, write_batch
from wsis_data.ingest.text import without_controls
from wsis_data.provenance import PROVENANCE_BITS
from wsis_data.records import SessionRecord
from wsis_data.targets import with_stored_targets

__all__ = [
    "DEFAULT_URL", "ENV_VAR", "STORE_NOTES", "BatchInfo", "Extras", "Store", "WriteResult",
    "default_url", "explain_failure", "forget_store", "mask_secrets", "masked_url", "metadata",
    "open_store", "sqlite_path", "store_dataset", "store_has_records", "store_label",
    "store_problem", "store_state",
]  # fmt: skip

_LOG = logging.getLogger(__name__)
#: Seconds a SQLite writer (or reader) waits for another process's lock before giving up with
#: "the store is busy"; a ``?timeout=`` in the URL overrides it.
BUSY_TIMEOUT = 10.0
#: Characters of a section search (longer text is cut: a search is a few words).
MAX_SEARCH_CHARS = 200

STORE_NOTES = (
    "Records imported from your files and outcome submissions (see the Import page): Action "
    "Lines and SDGs declared in a file carry the provenance 'file', those parsed from a "
    "submission 'submission'; SDGs suggested from a submission's text are 'suggested'.",
    "SDG links projected through the facilitators' matrix from each session's Action Lines are "
    "offered as 'projected' and never counted as declared.",
)


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
            add_missing_columns(self.engine)
        except (SQLAlchemyError, OSError, ValueError, ImportError) as exc:
            raise StoreError(f"Cannot open the store ({self.label}): {self.explain(exc)}") from exc

    @property
    def safe_url(self) -> str:
        """The URL with every credential masked (for administrators: the CLI, the server log)."""
        return masked_url(self.url)

    @property
    def label(self) -> str:
        """The store named for visitors: backend, database, host; never a user or password."""
        return store_label(self.url)

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def explain(self, exc: BaseException) -> str:
        """A failure in words: what went wrong and what to do (no SQL, no parameters, no password).

        Also forgets this store's pooled connections and its place in `open_store`, so the next
        use reconnects (a restarted server, a restored file) instead of reusing a dead connection.
        """
        forget_store(self)
        text = explain_failure(exc, self.url)
        _LOG.warning("store %s: %s", self.safe_url, text)
        return text

    @property
    def _errors(self) -> tuple[type[BaseException], ...]:
        """SQLAlchemy's errors and the driver's own (raised by `_fetch`'s raw cursor)."""
        dbapi = getattr(self.engine.dialect, "loaded_dbapi", None)
        return (SQLAlchemyError, dbapi.Error) if dbapi is not None else (SQLAlchemyError,)

    # --- reading -------------------------------------------------------------------------

    def active_keys(self, among: Sequence[tuple[int, str]] | None = None) -> set[tuple[int, str]]:
        """(year, session_id) of active (not replaced) sessions; only those `among`, if given."""
        with self._connect() as conn:
            return set(stored_pks(conn, among))

    def n_sessions(self) -> int:
        """How many sessions the store holds (not counting replaced ones)."""
        query = sa.select(sa.func.count()).where(sessions.c.replaced_by.is_(None))
        with self._connect() as conn:
            return int(conn.execute(query).scalar_one())

    def state(self) -> sv.StoreState:
        """The store's version and whether it holds a session (one small query; `store_state`)."""
        with self._connect() as conn:
            return sv.read_state(conn)

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
        """Stored submission sections containing `text` (case-insensitive), with an excerpt.

        Control characters in `text` are dropped first (a NUL would cut SQLite's pattern short
        and match every section); the text is cut at `MAX_SEARCH_CHARS`.
        """
        needle = " ".join(without_controls(text[:MAX_SEARCH_CHARS]).split()).lower()
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
            [(y, s, t, h, excerpt(b, needle)) for y, s, t, h, b in rows], columns=columns
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
            srows = fetch(
                conn,
                sa.select(sessions.c.id, *(sessions.c[c] for c in SESSION_COLUMNS))
                .where(active)
                .order_by(sessions.c.year, sessions.c.session_id),
            )
            trows = fetch(
                conn, sa.select(*tags.c["session_pk", "kind", "code", "provenance", "targets"])
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
        tag_frame = pd.DataFrame(trows, columns=["pk", "kind", "code", "provenance", "targets"])
        # Tags of replaced sessions have no key: dropped here.
        keys = pd.Index(frame["pk"].to_numpy()).get_indexer(tag_frame["pk"].to_numpy())
        bits = tag_frame["provenance"].map(PROVENANCE_BITS).to_numpy(np.uint8)
        is_al = (tag_frame["kind"] == "action_line").to_numpy() & (keys >= 0)
        is_sdg = (tag_frame["kind"] == "sdg").to_numpy() & (keys >= 0)
        al_idx = tag_frame["code"][is_al].map(AL_INDEX).to_numpy(np.int64)
        al_keys, al_codes, al_bits = or_tags(keys[is_al], al_idx, bits[is_al])
        al_frame = pd.DataFrame({
            "session_key": al_keys.astype(np.int32),
            "action_line": np.array(EXPANDED_ROWS, dtype=object)[al_codes],
            "provenance": al_bits,
        }).astype({"action_line": "str"})  # fmt: skip
        goals = tag_frame["code"][is_sdg].astype(int).to_numpy(np.int64)
        sdg_keys, sdg_codes, sdg_bits = or_tags(keys[is_sdg], goals, bits[is_sdg])
        sdg_frame = pd.DataFrame({
            "session_key": sdg_keys.astype(np.int32),
            "sdg": sdg_codes.astype(np.int8),
            "provenance": sdg_bits,
        })  # fmt: skip
        sdg_frame = with_stored_targets(sdg_frame, keys, tag_frame, is_sdg)
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
                lock_for_writing(conn)
                result = write_batch(conn, info, records, on_duplicate, extras)
            sv.forget_state(self.url)  # this process sees its own import at once
            return result
        except self._errors as exc:
            raise StoreError(
                f"Import of {info.file_name} not stored in the {self.label} (nothing written): "
                f"{self.explain(exc)}"
            ) from exc

    def rollback(self, batch_id: int) -> RolledBack:
        """Undo a batch: delete its sessions, restore what it replaced; what happened, counted."""
        try:
            with self.engine.begin() as conn:
                lock_for_writing(conn)
                done = rollback_batch(conn, batch_id)
            sv.forget_state(self.url)
            return done
        except self._errors as exc:
            raise StoreError(
                f"Rollback of batch {batch_id} failed in the {self.label} (nothing changed): "
                f"{self.explain(exc)}"
            ) from exc

    @contextlib.contextmanager
    def _connect(self):
        """A connection for reading; any database failure becomes a `StoreError` in words."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except self._errors as exc:
            raise StoreError(f"Cannot read the store ({self.label}): {self.explain(exc)}") from exc


_OPEN: dict[str, Store] = {}


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
    return sv.last_problem(url or default_url())


def store_has_records(url: str | None = None) -> bool:
    """Whether the store holds any session (False when it cannot be opened or does not exist)."""
    url = url or default_url()
    return sv.has_records(url, lambda: store_state(url).has_records)


def store_state(url: str | None = None) -> sv.StoreState:
    """The store's version and whether it holds records, read at most every few seconds."""
    url = url or default_url()
    return sv.cached_state(url, lambda: open_store(url).state())


def store_dataset(url: str | None = None) -> Dataset:
    """The store's records as a dataset (read afresh on every call)."""
    store = open_store(url or default_url())
    n = store.n_sessions()
    return store.dataset(
        DatasetInfo(
            name="store", label=f"Imported records (store, {n:,} sessions)", notes=STORE_NOTES
        )
    )
