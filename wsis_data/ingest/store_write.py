"""Writing the store: one batch in, one batch rolled back (each on an open transaction).

`Store.write` and `Store.rollback` take the write lock and turn database failures into
`StoreError`; these functions do the SQL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from wsis_data.errors import StoreError
from wsis_data.ingest.store_schema import (
    BatchInfo,
    Extras,
    WriteResult,
    batches,
    bulk_insert,
    chunks,
    now,
    sections,
    sessions,
    stored_pks,
    tags,
)
from wsis_data.records import SessionRecord
from wsis_data.targets import join_targets
from wsis_data.words import counted

__all__ = ["rollback_batch", "write_batch"]


def write_batch(
    conn: sa.Connection,
    info: BatchInfo,
    records: Sequence[SessionRecord],
    on_duplicate: str,
    extras: Sequence[Extras | None] | None,
) -> WriteResult:
    """Write `records` as a new batch on an open transaction (the write lock taken)."""
    batch_id = (
        int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(batches.c.id), 0))).scalar_one())
        + 1
    )
    next_pk = (
        int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(sessions.c.id), 0))).scalar_one())
        + 1
    )
    conn.execute(
        batches.insert().values(
            id=batch_id, created_at=now(), file_name=info.file_name, file_hash=info.file_hash,
            kind=info.kind, read_as=info.read_as, n_read=info.n_read, n_valid=info.n_valid,
            n_problems=info.n_problems, n_inserted=0, n_replaced=0, n_skipped=0,
            on_duplicate=on_duplicate, mapping=json.dumps(info.mapping, ensure_ascii=False),
            imported_by=info.imported_by,
        )
    )  # fmt: skip
    stored = stored_pks(conn, [r.key for r in records])
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
            tag_rows.append((pk, "action_line", tag.code, tag.provenance, None, None, None))
        for tag in record.sdgs:
            named = join_targets(tag.targets) or None
            tag_rows.append((pk, "sdg", str(int(tag.code)), tag.provenance, None, None, named))
        if extra is not None:
            # A suggestion names the target it matched in its evidence only: never a declared one.
            for goal, score, evidence in extra.suggested:
                tag_rows.append((pk, "sdg", str(goal), "suggested", score, evidence, None))
            for position, (heading, body) in enumerate(extra.sections):
                section_rows.append((pk, position, heading, body))
    for chunk in chunks(replaced_pks, 500):
        conn.execute(sessions.update().where(sessions.c.id.in_(chunk)).values(replaced_by=batch_id))
    for table, rows in ((sessions, session_rows), (tags, tag_rows), (sections, section_rows)):
        bulk_insert(conn, table, rows)
    conn.execute(
        batches.update()
        .where(batches.c.id == batch_id)
        .values(n_inserted=len(session_rows), n_replaced=len(replaced), n_skipped=len(skipped))
    )
    return WriteResult(batch_id, len(session_rows), tuple(replaced), tuple(skipped))


@dataclass(frozen=True)
class RolledBack:
    """What a rollback did: sessions removed, replaced records back, ones a later batch keeps."""

    batch_id: int
    removed: int
    restored: int = 0
    still_replaced: int = 0

    @property
    def text(self) -> str:
        """What happened, counted: 'Batch 3 rolled back: 2 sessions removed; none had replaced
        a stored record.'"""
        said = f"Batch {self.batch_id} rolled back: {counted(self.removed, 'session')} removed"
        if not self.restored and not self.still_replaced:
            return f"{said}; it had replaced no stored record, so none came back."
        back = f"{counted(self.restored, 'record')} it had replaced "
        back += "is back" if self.restored == 1 else "are back"
        later = f"; {counted(self.still_replaced, 'record')} stay replaced by a later batch"
        return f"{said}; {back}{later if self.still_replaced else ''}."


def rollback_batch(conn: sa.Connection, batch_id: int) -> RolledBack:
    """Undo a batch on an open transaction (write lock taken); what it did, counted."""
    row = conn.execute(sa.select(batches).where(batches.c.id == batch_id)).mappings().first()
    if row is None:
        raise StoreError(f"No batch {batch_id} in the store")
    if row["rolled_back_at"] is not None:
        raise StoreError(f"Batch {batch_id} was already rolled back")
    own = sa.select(sessions.c.id).where(sessions.c.batch_id == batch_id)
    removed = conn.execute(sa.select(sa.func.count()).select_from(own.subquery())).scalar_one()
    # Sessions this batch replaced come back, unless a later batch replaced them too.
    back = conn.execute(
        sa.select(sessions.c.id, sessions.c.year, sessions.c.session_id).where(
            sessions.c.replaced_by == batch_id
        )
    ).all()
    later = {
        (int(y), str(s)): b
        for y, s, b in conn.execute(
            sa.select(sessions.c.year, sessions.c.session_id, sessions.c.batch_id).where(
                sessions.c.replaced_by.is_(None), sessions.c.batch_id != batch_id
            )
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
    conn.execute(batches.update().where(batches.c.id == batch_id).values(rolled_back_at=now()))
    kept = sum(later.get((int(y), str(s))) is not None for _, y, s in back)
    return RolledBack(batch_id, int(removed), len(back) - kept, kept)
