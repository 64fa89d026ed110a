"""The session-record model: one WSIS Forum session with its tags, each tag with its provenance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from wsis_data.errors import SchemaError
from wsis_data.provenance import PROVENANCE_BITS
from wsis_data.targets import goal_of, target_order
from wsis_data.taxonomy import sdg_target_codes


class Tag(NamedTuple):
    """An Action Line code (str) or SDG goal (int) attached to a session, and where it came from.

    ``targets``: the SDG targets named with the goal ("4.4", "9.c"), in official order; only on
    SDG tags, each a target of that goal (`wsis_data.targets`). Counts use the goal.
    """

    code: str | int
    provenance: str
    targets: tuple[str, ...] = ()


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
        for tags, is_sdg in ((self.action_lines, False), (self.sdgs, True)):
            for tag in tags:
                if tag.targets:
                    self._check_targets(tag, is_sdg)

    def _check_targets(self, tag: Tag, is_sdg: bool) -> None:
        known = sdg_target_codes()
        bad = [t for t in tag.targets if t not in known or not is_sdg or goal_of(t) != tag.code]
        if bad:
            raise SchemaError(
                f"Session {self.year}/{self.session_id}: {', '.join(bad)} is no SDG target of "
                f"{tag.code!r} (targets go on the tag of their goal: 9.c on SDG 9)"
            )

    @property
    def key(self) -> tuple[int, str]:
        """The record's identity: (year, session_id)."""
        return (self.year, self.session_id)


def sdg_tags(goals: Iterable[int], targets: Iterable[str], provenance: str) -> tuple[Tag, ...]:
    """SDG tags of `goals` and of the goals of `targets`, each goal's targets on its tag.

    >>> sdg_tags([4, 5], ["9.c", "4.4"], "file")  # doctest: +NORMALIZE_WHITESPACE
    (Tag(code=4, provenance='file', targets=('4.4',)), Tag(code=5, provenance='file', targets=()),
     Tag(code=9, provenance='file', targets=('9.c',)))
    """
    by_goal: dict[int, list[str]] = {int(g): [] for g in goals}
    for target in targets:
        by_goal.setdefault(goal_of(target), []).append(target)
    return tuple(
        Tag(goal, provenance, tuple(sorted(set(named), key=target_order)))
        for goal, named in by_goal.items()
    )
