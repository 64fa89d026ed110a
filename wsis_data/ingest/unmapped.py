"""Ignored columns that look like one of ours: warnings shown before anything is stored.

A column left out of the mapping whose header names a field ("Organizer(s)" when organisers is
already taken, "SDG links 2") or whose cells mostly read as Action Lines, SDGs or known
organisations would be lost silently. Each such column gives a `ColumnWarning` with the field
it could fill; ``unfilled`` says that no other column fills that field, so the import would
leave the whole field empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wsis_data.ingest.columns import FIELDS, PROBLEM_COLUMN, guess_field, header_key

__all__ = ["ColumnWarning", "ignored_like_ours"]

#: Fields worth a warning: what the dashboard counts and links.
WATCHED = ("title", "year", "date", "organisers", "action_lines", "sdgs")
#: Words of a header that hint at a field (a header is compared by `header_key`).
_HINTS = {
    "action_lines": re.compile(r"\baction line|\bligne|\blinea|\bнаправлени|行动|خطوط"),
    "sdgs": re.compile(r"\bsdg|\bgoal|\bodd\b|\bods\b|\bцур\b|可持续|التنمية"),
    "organisers": re.compile(r"\borgani[sz]|\bhost|\bконтакт|\bорганизатор|主办|组织|المنظم"),
}
SAMPLE = 200  # cells looked at per column
SHARE = 0.6  # share of the non-empty cells that must read as the field


@dataclass(frozen=True)
class ColumnWarning:
    """An ignored column that could fill `field` (why: by its header or by its cells)."""

    column: str
    field: str
    reason: str
    unfilled: bool

    @property
    def text(self) -> str:
        """The warning in one sentence."""
        empty = (
            f"; no column fills {self.field}, so it would be left empty" if self.unfilled else ""
        )
        return (
            f"column {self.column!r} is ignored but {self.reason}{empty}: map it to {self.field}?"
        )


def _cells(rows: list[list[object]], index: int) -> list[str]:
    out: list[str] = []
    for row in rows:
        if index < len(row) and row[index] not in (None, ""):
            value = row[index]
            out.append("; ".join(map(str, value)) if isinstance(value, list) else str(value))
            if len(out) >= SAMPLE:
                break
    return out


def _by_content(cells: list[str]) -> tuple[str, str] | None:
    """(field, reason) when most `cells` read as Action Lines, SDGs or known organisations."""
    from wsis_data.ingest.validation import split_action_lines, split_sdgs
    from wsis_data.organisations import default_table

    if not cells:
        return None
    need = max(1, int(len(cells) * SHARE + 0.999))
    als = sum(1 for c in cells if (r := split_action_lines(c))[0] and not r[1])
    if als >= need:
        return "action_lines", f"{als} of its {len(cells)} cells read as Action Lines"
    worded = [c for c in cells if not c.strip().isdigit()]  # ids 1…17 are not SDGs
    goals = sum(1 for c in worded if (r := split_sdgs(c))[0] and not r[1])
    if worded and goals >= need:
        return "sdgs", f"{goals} of its {len(cells)} cells read as SDGs"
    table = default_table()
    known = sum(1 for c in cells if any(table.known(p.strip()) for p in re.split(r"[;|\n]", c)))
    if known >= need:
        return "organisers", f"{known} of its {len(cells)} cells name known organisations"
    return None


def ignored_like_ours(
    headers: list[str], rows: list[list[object]], mapping: dict[str, str | None]
) -> list[ColumnWarning]:
    """A warning for each ignored column that looks like one of the `WATCHED` fields."""
    filled = {f for f in mapping.values() if f}
    out: list[ColumnWarning] = []
    for index, column in enumerate(headers):
        if mapping.get(column) or column not in mapping or column == PROBLEM_COLUMN:
            continue
        field = guess_field(column)
        reason = f"its header names {field}" if field in WATCHED else ""
        if not reason:
            key = header_key(column)
            field = next((f for f, hint in _HINTS.items() if hint.search(key)), None)
            reason = f"its header looks like {field}" if field else ""
        if not reason:
            found = _by_content(_cells(rows, index))
            if found:
                field, reason = found
        if reason and field in FIELDS:
            out.append(ColumnWarning(column, field, reason, field not in filled))
    return out
