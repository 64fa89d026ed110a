"""The session-record model: one WSIS Forum session with its tags, each tag with its provenance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from wsis_data.errors import SchemaError
from wsis_data.provenance import PROVENANCE_BITS


class Tag(NamedTuple):
    """An Action Line code (str) or SDG goal (int) attached to a session, and where it came from."""

    code: str | int
    provenance: str


@dataclass(frozen=True)
class SessionRecord:
    """One session. `(year, session_id)` is the key: ITU restarts session ids every year."""

    year: int
    session_id: str
    title: str
    session_type: str | None = None
    organisers: tuple[str, ...] = ()
    action_lines: tuple[Tag, ...] = ()
    sdgs: tuple[Tag, ...] = ()
    url: str | None = None
    language: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        for tag in (*self.action_lines, *self.sdgs):
            if tag.provenance not in PROVENANCE_BITS:
                raise SchemaError(
                    f"Session {self.year}/{self.session_id}: unknown provenance {tag.provenance!r}"
                )

    @property
    def key(self) -> tuple[int, str]:
        """The record's identity: (year, session_id)."""
        return (self.year, self.session_id)
