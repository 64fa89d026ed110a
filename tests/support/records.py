"""Hand-built records for tests."""

from __future__ import annotations

from wsis_data.dataset import Dataset, DatasetInfo, from_records
from wsis_data.records import SessionRecord, Tag


def rec(
    year: int,
    sid: str,
    als: tuple = (),
    sdgs: tuple = (),
    *,
    prov: str = "file",
    title: str = "t",
    orgs: tuple[str, ...] = (),
    stype: str | None = None,
) -> SessionRecord:
    """A session record whose tags all carry `prov` (pass (code, prov) tuples to mix)."""

    def tags(items):
        return tuple(Tag(*i) if isinstance(i, tuple) else Tag(i, prov) for i in items)

    return SessionRecord(
        year=year, session_id=sid, title=title, session_type=stype, organisers=orgs,
        action_lines=tags(als), sdgs=tags(sdgs),
    )  # fmt: skip


def dataset(*records: SessionRecord, project: bool = False) -> Dataset:
    """A dataset of hand-built records."""
    return from_records(records, DatasetInfo("test", "test records"), project=project)
