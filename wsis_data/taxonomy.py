"""The vocabulary: WSIS Action Lines and SDGs, read from data files.

Everything comes from ``wsis_data/data``: ``action_lines.csv`` and ``sdgs.csv`` (codes, names,
titles, ``aliases``), ``extra_aliases.csv`` (more forms, in the six UN languages; a row whose
``code`` is ``*`` applies to every code: ``{form}`` stands for any accepted Action Line form,
``{n}`` for an SDG number), ``sdg_translations/`` (the goals' official short names and titles, and
the target codes, in the six UN languages) and ``mention_words.csv`` (the words the free-text
finders use: list words, room names, other frameworks' names …).

Written forms → codes live in `wsis_data.normalise`, codes named in free text in
`wsis_data.mentions` (both build on this module), tag provenances in `wsis_data.provenance`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from numbers import Integral
from pathlib import Path
from typing import Any

from wsis_data.errors import SchemaError, UnknownCodeError

_DATA = Path(__file__).resolve().parent / "data"

_SUBLINE_NAMES = "government business learning health employment environment agriculture science"
C7_SUBLINES: tuple[str, ...] = tuple(f"C7.e-{name}" for name in _SUBLINE_NAMES.split())
ACTION_LINES_COLLAPSED: tuple[str, ...] = tuple(f"C{i}" for i in range(1, 12))
ACTION_LINES_EXPANDED: tuple[str, ...] = (
    *ACTION_LINES_COLLAPSED[:6],
    *C7_SUBLINES,
    *ACTION_LINES_COLLAPSED[7:],
)
_ALL_CODES = (*ACTION_LINES_COLLAPSED[:7], *C7_SUBLINES, *ACTION_LINES_COLLAPSED[7:])
SDG_GOALS: tuple[int, ...] = tuple(range(1, 18))


@dataclass(frozen=True)
class ActionLine:
    """One WSIS Action Line or C7 sub-line, as in ``action_lines.csv``."""

    code: str
    parent: str | None
    name: str
    full_title: str
    short_label: str
    facilitators: tuple[str, ...]
    lead_facilitator: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class SDG:
    """One Sustainable Development Goal, as in ``sdgs.csv``."""

    goal: int
    short_name: str
    title: str
    colour: str
    short_name_es: str
    title_es: str
    aliases: tuple[str, ...]


def _read_csv(name: str) -> list[dict[str, str]]:
    """Rows of one data file (a path under ``wsis_data/data``) as dicts."""
    with (_DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _split(cell: str) -> tuple[str, ...]:
    """Split a ``;``-separated cell."""
    return tuple(p.strip() for p in cell.split(";") if p.strip())


@cache
def _extra_aliases() -> dict[tuple[str, str], tuple[str, ...]]:
    """Rows of ``extra_aliases.csv`` grouped by (kind, code), checked."""
    valid = {("action_line", c) for c in _ALL_CODES} | {("sdg", str(g)) for g in SDG_GOALS}
    placeholder = {"action_line": "{form}", "sdg": "{n}"}
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for i, row in enumerate(_read_csv("extra_aliases.csv"), start=2):
        kind, code, alias = row["kind"], row["code"], row["alias"]
        is_template = code == "*" and kind in placeholder and placeholder[kind] in alias
        if kind == "action_line" and is_template and not alias.endswith("{form}"):
            is_template = False  # only prefixes are supported
        if not (is_template or (kind, code) in valid) or not alias.strip():
            raise SchemaError(f"extra_aliases.csv line {i}: bad row {row!r}")
        if row.get("in_text", "") not in IN_TEXT:
            raise SchemaError(f"extra_aliases.csv line {i}: bad in_text {row['in_text']!r}")
        out[(kind, code)] = (*out.get((kind, code), ()), alias)
    return out


#: ``in_text`` of ``extra_aliases.csv``: how the finders use a pattern row. "word": an Action Line
#: word that may stand before a C7 sub-line name; "goal" / "GOAL": an SDG word before a goal number
#: (case ignored / as written); "context": a generic goal word, a mention only in an SDG context.
IN_TEXT = ("", "word", "goal", "GOAL", "context")


@cache
def text_prefixes(kind: str, in_text: str) -> tuple[str, ...]:
    """The prefixes of the ``*`` rows of `kind` marked `in_text`: ("ODD", "ODS") for GOAL."""
    placeholder = "{form}" if kind == "action_line" else "{n}"
    return tuple(
        r["alias"].replace(placeholder, "").strip()
        for r in _read_csv("extra_aliases.csv")
        if r["kind"] == kind and r["code"] == "*" and r["in_text"] == in_text
    )


MENTION_KINDS = (
    "list_word", "list_lead", "sdg_context", "target_word", "indicator_word", "other_framework",
    "room", "c7_head", "goal_tail",
)  # fmt: skip


@cache
def mention_words(kind: str) -> tuple[str, ...]:
    """Words of one kind in ``mention_words.csv`` (see its notes), longest first."""
    if kind not in MENTION_KINDS:
        raise SchemaError(f"mention_words.csv has no kind {kind!r}")
    rows = _read_csv("mention_words.csv")
    for i, r in enumerate(rows, start=2):
        if r["kind"] not in MENTION_KINDS or not r["word"].strip():
            raise SchemaError(f"mention_words.csv line {i}: bad row {r!r}")
    words = {r["word"].strip() for r in rows if r["kind"] == kind}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


#: Languages of ``sdg_translations/`` (open-sdg codes): the six UN languages.
LANGUAGES = ("en", "fr", "es", "ru", "zh-Hans", "ar")


@cache
def sdg_names() -> tuple[dict[str, Any], ...]:
    """Official short name and title of every goal in the six UN languages (``sdg_goals.csv``)."""
    rows = _read_csv("sdg_translations/sdg_goals.csv")
    if {(int(r["goal"]), r["language"]) for r in rows} != {
        (g, lang) for g in SDG_GOALS for lang in LANGUAGES
    }:
        raise SchemaError("sdg_translations/sdg_goals.csv: not 17 goals × 6 languages")
    return tuple({**r, "goal": int(r["goal"])} for r in rows)


@cache
def sdg_ordinals() -> tuple[dict[str, Any], ...]:
    """Ordinal words of the goals ("fourth", "الخامس", "第四") from ``sdg_ordinals.csv``."""
    rows = _read_csv("sdg_ordinals.csv")
    for i, r in enumerate(rows, start=2):
        if int(r["goal"]) not in SDG_GOALS or r["place"] not in ("before", "after"):
            raise SchemaError(f"sdg_ordinals.csv line {i}: bad row {r!r}")
    return tuple({**r, "goal": int(r["goal"])} for r in rows)


@cache
def sdg_target_codes() -> frozenset[str]:
    """The 169 SDG target codes ("1.1" … "16.10", "9.c"), from ``sdg_targets.csv``."""
    rows = _read_csv("sdg_translations/sdg_targets.csv")
    return frozenset(r["target"] for r in rows if r["language"] == "en")


@cache
def action_lines() -> tuple[ActionLine, ...]:
    """All 19 Action Lines (C1–C11 and the 8 C7 sub-lines) in CSV order."""
    rows = _read_csv("action_lines.csv")
    if tuple(r["code"] for r in rows) != _ALL_CODES:
        raise SchemaError("action_lines.csv: codes differ from C1…C7, C7 sub-lines, C8…C11")
    extra = _extra_aliases()
    return tuple(
        ActionLine(
            code=r["code"],
            parent=r["parent"] or None,
            name=r["name"],
            full_title=r["full_title"],
            short_label=r["matrix_abbrev"],
            facilitators=_split(r["facilitators"]),
            lead_facilitator=r["lead_facilitator"] or None,
            aliases=_split(r["aliases"]) + extra.get(("action_line", r["code"]), ()),
        )
        for r in rows
    )


@cache
def sdgs() -> tuple[SDG, ...]:
    """The 17 SDGs in order; aliases include the ``{n}`` patterns of ``extra_aliases.csv``."""
    rows = _read_csv("sdgs.csv")
    if tuple(int(r["goal"]) for r in rows) != SDG_GOALS:
        raise SchemaError("sdgs.csv: goals differ from 1…17")
    extra = _extra_aliases()
    return tuple(
        SDG(
            goal=int(r["goal"]),
            short_name=r["short_name"],
            title=r["title"],
            colour=r["colour_hex"],
            short_name_es=r["short_name_es"],
            title_es=r["title_es"],
            aliases=_split(r["aliases"])
            + extra.get(("sdg", r["goal"]), ())
            + tuple(t.replace("{n}", r["goal"]) for t in extra.get(("sdg", "*"), ())),
        )
        for r in rows
    )


def action_line(code: str) -> ActionLine:
    """The Action Line with this canonical code (use `normalise_action_line` for other forms)."""
    if not isinstance(code, str) or code not in _ALL_CODES:
        raise UnknownCodeError("Action Line", code)
    return action_lines()[_ALL_CODES.index(code)]


def sdg(goal: int) -> SDG:
    """The SDG with this number (1–17)."""
    if isinstance(goal, bool) or not isinstance(goal, Integral) or not 1 <= goal <= 17:
        raise UnknownCodeError("SDG", goal)
    return sdgs()[int(goal) - 1]


def collapse_code(code: str) -> str:
    """The collapsed row of a code: "C7.e-learning" → "C7", other codes unchanged."""
    return action_line(code).parent or code


def action_line_label(code: str, *, collapse_c7: bool) -> str:
    """Display label: "C3", "C7 e-learning"; "C7" collapsed, "C7 (unspecified)" expanded."""
    al = action_line(code)
    if al.parent:
        return al.parent if collapse_c7 else f"{al.parent} {code.partition('.')[2]}"
    return "C7 (unspecified)" if code == "C7" and not collapse_c7 else code


def sdg_label(goal: int) -> str:
    """Display label of an SDG: "SDG 4"."""
    return f"SDG {sdg(goal).goal}"


def row_codes(collapse_c7: bool, *, include_unspecified: bool = False) -> tuple[str, ...]:
    """Row codes of a view: 11 collapsed, 18 expanded (19 with plain "C7" if asked)."""
    if collapse_c7:
        return ACTION_LINES_COLLAPSED
    if include_unspecified:
        return (*ACTION_LINES_EXPANDED[:6], "C7", *ACTION_LINES_EXPANDED[6:])
    return ACTION_LINES_EXPANDED
