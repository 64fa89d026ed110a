"""SDG targets on SDG tags: one written form ("4.4, 9.c"), its order, and the targets of a cell.

A target ("4.4", "9.c", "16.10") rides on the tag of its goal (`wsis_data.records.Tag.targets`):
the goal is what every count uses; the targets are shown with it (the drill-down's ``targets``
column, the store's ``wsis_tags.targets``). Codes are the 169 official targets
(`wsis_data.taxonomy.sdg_target_codes`); an indicator code ("16.10.2") names its target.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from wsis_data.taxonomy import sdg_target_codes

__all__ = [
    "cell_targets",
    "goal_of",
    "join_targets",
    "row_targets",
    "split_targets",
    "target_order",
    "with_stored_targets",
    "with_targets",
]

#: A target or indicator code: goal, dot, number or letter (an indicator adds ".n").
_CODE = re.compile(r"(?<![\w.])(\d{1,2})\.(\d{1,2}|[a-j])(?:\.\d{1,2})?(?![\w.]|\.\w)", re.I)
#: The words "target(s)" / "indicator(s)" before codes in a cell ("Targets 4.4 and 4.5").
_WORDS = re.compile(r"\b(?:targets?|indicators?)\b\s*:?\s*", re.I)
_AND = re.compile(r"\s+(?:and|&)\s+", re.I)
_PIECES = re.compile(r"[;,/|\n\r]+|\s+(?:and|&)\s+", re.I)


def goal_of(target: str) -> int:
    """The goal of a target code: ``goal_of("9.c") == 9``."""
    return int(target.split(".", 1)[0])


def target_order(target: str) -> tuple[int, int, str]:
    """Sort key in official order: 4.1 … 4.7, 4.a, 4.b; 16.2 before 16.10."""
    goal, rest = target.split(".", 1)
    return (int(goal), int(rest) if rest.isdigit() else 100, rest)


def join_targets(targets: Iterable[str]) -> str:
    """Distinct targets in official order as one string ("4.4, 4.5, 9.c"); "" for none."""
    return ", ".join(sorted(set(targets), key=target_order))


def split_targets(text: str | None) -> tuple[str, ...]:
    """The official target codes written in `text` ("4.4, 9.c"; "16.10.2" gives "16.10")."""
    if not text:
        return ()
    known = sdg_target_codes()
    found = (f"{int(m[1])}.{m[2].lower()}" for m in _CODE.finditer(text))
    return tuple(sorted({code for code in found if code in known}, key=target_order))


def cell_targets(cell: str) -> tuple[str, tuple[str, ...]]:
    """An SDGs cell with each target code written as its goal, and the targets it named.

    >>> cell_targets("4.4; 9.c; SDG 5")
    ('4; 9; SDG 5', ('4.4', '9.c'))
    >>> cell_targets("Targets 4.4 and 4.5")
    ('4; 4', ('4.4', '4.5'))

    A code that is no official target ("4.9") is left as written, for the cell's check to name.
    """
    known = sdg_target_codes()
    targets: list[str] = []

    def goal(m: re.Match[str]) -> str:
        code = f"{int(m[1])}.{m[2].lower()}"
        if code not in known:
            return m[0]
        targets.append(code)
        return str(int(m[1]))

    rewritten = _CODE.sub(goal, cell)
    if not targets:
        return cell, ()
    rewritten = _AND.sub("; ", _WORDS.sub("", rewritten))
    return rewritten, tuple(sorted(set(targets), key=target_order))


def row_targets(sdgs_cell: str, targets_cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The targets a row names (in its SDGs cell and its targets cell), and unknown pieces.

    >>> row_targets("4.4; 5", "Targets 16.10 and 9.c, 4.9")
    (('4.4', '9.c', '16.10'), ('4.9',))
    """
    named = cell_targets(sdgs_cell)[1] if sdgs_cell else ()
    if not targets_cell:
        return named, ()
    pieces = (p.strip(" .") for p in _PIECES.split(_WORDS.sub("", targets_cell)))
    unknown = tuple(p for p in pieces if p and not split_targets(p))
    found = (*named, *split_targets(targets_cell))
    return tuple(sorted(set(found), key=target_order)), unknown


def with_targets(
    frame: pd.DataFrame, keys: Iterable, goals: Iterable, targets: Iterable[str | None]
) -> pd.DataFrame:
    """`frame` (one row per session_key, sdg) with a ``targets`` column ("" where none).

    ``keys`` / ``goals`` / ``targets`` are the tags as read, several per (session, goal) allowed;
    each tag's targets is a joined string ("4.4, 4.5") or None.
    """
    merged: dict[tuple[int, int], set[str]] = {}
    for key, goal, text in zip(keys, goals, targets, strict=True):
        if text:
            merged.setdefault((int(key), int(goal)), set()).update(split_targets(text))
    if not merged:
        return frame.assign(targets="")
    column = [
        join_targets(merged.get((int(k), int(g)), ()))
        for k, g in zip(frame["session_key"].to_numpy(), frame["sdg"].to_numpy(), strict=True)
    ]
    return frame.assign(targets=pd.Series(column, index=frame.index, dtype=object))


def with_stored_targets(
    frame: pd.DataFrame, keys: np.ndarray, tags: pd.DataFrame, is_sdg: np.ndarray
) -> pd.DataFrame:
    """`with_targets` from the store's tag rows (``code``, ``targets`` columns; `is_sdg` kept)."""
    named = is_sdg & tags["targets"].notna().to_numpy()
    return with_targets(frame, keys[named], tags["code"][named].astype(int), tags["targets"][named])
