"""The session-record model: one WSIS Forum session with its tags, each tag with its provenance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from wsis_data.errors import SchemaError
from wsis_data.taxonomy import PROVENANCES

#: Bit of each provenance in the coded tag tables (a tag seen in two places carries both bits).
PROVENANCE_BITS: dict[str, int] = {p: 1 << i for i, p in enumerate(PROVENANCES)}


def provenance_mask(provenances: object) -> int:
    """The bit mask of a collection of provenance names."""
    mask = 0
    for p in provenances:  # type: ignore[attr-defined]
        if p not in PROVENANCE_BITS:
            raise SchemaError(f"Unknown provenance {p!r}; expected one of {', '.join(PROVENANCES)}")
        mask |= PROVENANCE_BITS[p]
    return mask


def provenance_names(mask: int) -> tuple[str, ...]:
    """The provenance names whose bits are set in `mask`, in canonical order."""
    return tuple(p for p, bit in PROVENANCE_BITS.items() if mask & bit)


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
