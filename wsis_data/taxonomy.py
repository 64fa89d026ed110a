"""The vocabulary: WSIS Action Lines, SDGs and tag provenances, with their normalisers.

Every accepted form comes from three data files in ``wsis_data/data``: ``action_lines.csv`` and
``sdgs.csv`` (codes, names, titles, ``aliases``) and ``extra_aliases.csv``. In the last one a row
whose ``code`` is ``*`` applies to every code: ``{form}`` stands for any accepted Action Line form
(``ALFM {form}`` makes "ALFM C3" a form of C3) and ``{n}`` for an SDG number (``ODD {n}``).

Forms are compared by a key (see `_key`): NFKC, accents dropped, Cyrillic С read as C, casefold,
"&" read as "and", punctuation collapsed, letters and digits split ("SDG9" = "SDG 9"), leading
zeros dropped ("SDG 09" = "SDG 9") and a lone "e" joined to the next word ("e-Health" = "eHealth").
Two forms of the same code side by side are one form ("SDG 4: Quality Education",
"C7 ICT Applications – eHealth"); a C7 form next to a sub-line form gives the sub-line.

The free-text finders only report codes and numbers, never names (see `find_action_lines`).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from numbers import Integral
from pathlib import Path
from typing import NamedTuple

from wsis_data.errors import SchemaError, UnknownCodeError
from wsis_data.provenance import DECLARED_PROVENANCES, PROVENANCE_LABELS, PROVENANCES  # noqa: F401

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


class TextMatch(NamedTuple):
    """A code named in free text, with the span ``text[start:end]`` that names it."""

    code: str | int
    start: int
    end: int
    text: str


def _read_csv(name: str) -> list[dict[str, str]]:
    """Rows of one data file as dicts."""
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
        out[(kind, code)] = (*out.get((kind, code), ()), alias)
    return out


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


_CYRILLIC_C = str.maketrans({"\u0421": "C", "\u0441": "c"})
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_LONE_E = re.compile(r"(?<![^ ])e (?=[^\W\d_])")


def _key(text: str) -> str:
    """Matching key of a form: "C7. ICT Applications: E-gov" → "c 7 ict applications egov"."""
    text = unicodedata.normalize("NFKC", text).translate(_CYRILLIC_C)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = _TOKEN.findall(text.casefold().replace("&", " and "))
    return _LONE_E.sub("e", " ".join(w.lstrip("0") or "0" if w.isdigit() else w for w in words))


_Table = tuple[dict[str, str | int], tuple[str, ...]]


def _build(kind: str, forms: Iterable[tuple[str, str | int]], prefixes: Iterable[str]) -> _Table:
    """Key → code table (conflicting aliases are a data error) and prefix keys, longest first."""
    table: dict[str, str | int] = {}
    for form, code in forms:
        key = _key(form)
        if table.setdefault(key, code) != code:
            raise SchemaError(f"{kind} alias {form!r} names both {table[key]!r} and {code!r}")
    return table, tuple(sorted({_key(p) for p in prefixes}, key=len, reverse=True))


@cache
def _action_line_table() -> _Table:
    """Lookup table of every Action Line form."""
    forms = [
        (form, al.code)
        for al in action_lines()
        for form in (al.code, al.name, al.full_title, al.short_label, *al.aliases)
    ]
    templates = _extra_aliases().get(("action_line", "*"), ())
    return _build("Action Line", forms, (t.removesuffix("{form}") for t in templates))


@cache
def _sdg_table() -> _Table:
    """Lookup table of every SDG form, the bare number included."""
    forms = [
        (form, s.goal)
        for s in sdgs()
        for form in (str(s.goal), s.short_name, s.title, s.short_name_es, s.title_es, *s.aliases)
    ]
    return _build("SDG", forms, ())


def _same(a: str | int | None, b: str | int | None) -> str | int | None:
    """The code two adjacent forms agree on: equal codes, or C7 next to one of its sub-lines."""
    if a is None or b is None:
        return None
    if a == b:
        return a
    if "C7" in (a, b):
        other = b if a == "C7" else a
        return other if str(other).startswith("C7.") else None
    return None


def _lookup(key: str, table: _Table) -> str | int | None:
    """The code of a key: direct, after prefixes, or as two agreeing forms side by side."""
    codes, prefixes = table
    while key not in codes:
        prefix = next((p for p in prefixes if key.startswith(p + " ")), None)
        if prefix is None:
            break
        key = key[len(prefix) + 1 :]
    if key in codes:
        return codes[key]
    words = key.split(" ")
    parts = ((" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words)))
    hits = {_same(codes.get(left), codes.get(right)) for left, right in parts}
    hits.discard(None)
    return hits.pop() if len(hits) == 1 else None


def normalise_action_line(raw: str, *, where: str | None = None) -> str:
    """Canonical Action Line code of any accepted form.

    Parameters
    ----------
    raw : str
        A label as found in the wild: a code, name, alias or prefixed form.
    where : str, optional
        Where the value was found; it is named in the error message.

    Returns
    -------
    str
        One of the 19 codes of ``action_lines.csv``; plain "C7" when no sub-line is named.

    Raises
    ------
    UnknownCodeError
        If ``raw`` is no accepted form of exactly one Action Line.

    Examples
    --------
    >>> normalise_action_line("C7. ICT Applications: E-government")
    'C7.e-government'
    >>> normalise_action_line("ALFM C3"), normalise_action_line("С1"), normalise_action_line("C7")
    ('C3', 'C1', 'C7')
    >>> normalise_action_line("C12", where="row 4")
    Traceback (most recent call last):
    ...
    wsis_data.errors.UnknownCodeError: Unknown Action Line 'C12' in row 4
    """
    code = _lookup(_key(raw), _action_line_table()) if isinstance(raw, str) else None
    if code is None:
        raise UnknownCodeError("Action Line", raw, where)
    return str(code)


def normalise_sdg(raw: str | int, *, where: str | None = None) -> int:
    """SDG number (1–17) of an int or any accepted form ("SDG 09", "ODS 4", "Quality Education")."""
    if isinstance(raw, Integral) and not isinstance(raw, bool):
        goal: str | int | None = int(raw) if 1 <= raw <= 17 else None
    else:
        goal = _lookup(_key(raw), _sdg_table()) if isinstance(raw, str) else None
    if goal is None:
        raise UnknownCodeError("SDG", raw, where)
    return int(goal)


_W = "A-Za-z0-9_\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"  # letters that make a code part of a word
_CODE = rf"(?<![{_W}.])[CС]\d{{1,3}}(?![{_W}])(?!\.\d)"
_AL_RE = re.compile(
    rf"(?P<range>{_CODE}\s*(?:[-‐‑–—]|(?:to|through|à|a|al|au)\b)\s*{_CODE})"
    rf"|(?<![{_W}.])[CС](?P<n>\d{{1,3}})(?![{_W}])(?!\.\d)"
)
_SEP = r"[\s.:,;()\[\]\-‐‑–—]*"
_ROMAN = rf"(?:[IVX]{{1,4}}|[ivx]{{1,4}})(?![{_W}]){_SEP}"
_LIST = r"\s*(?:,\s*(?:(?:and|or|et|y)\b)?|[;/&]|\b(?:and|or|et|y)\b)\s*"
_SDG_PREFIX = (
    r"(?:(?i:sdgs?|sustainable\s+development\s+goals?|global\s+goals?"
    r"|objectifs?\s+de\s+d[ée]veloppement\s+durable|objetivos?\s+de\s+desarrollo\s+sostenible)"
    r"|ODD|ODS)"
)
_GOAL = rf"(?P<n>\d{{1,2}})(?![{_W}])(?!\s*[-‐‑–—]\s*\d)"
_SDG_RE = re.compile(
    rf"(?<![{_W}]){_SDG_PREFIX}(?:\s*\((?:SDGs?|ODD|ODS)\))?[ \t]*[-‐‑–#]?[ \t]*{_GOAL}"
)
_SDG_NEXT = re.compile(rf"(?i:{_LIST}){_GOAL}")


@cache
def _c7_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Regexes for sub-lines after a C7 token, built from the one-word sub-line aliases."""
    words = {
        key: code
        for key, code in _action_line_table()[0].items()
        if str(code).startswith("C7.") and " " not in key and key.startswith("e")
    }
    spelt = (r"e\s?[-‐‑–]?\s?" + re.escape(k[1:]) for k in sorted(words, key=len, reverse=True))
    sub = rf"(?P<word>(?i:{'|'.join(spelt)}))(?![{_W}\-])"
    head = re.compile(rf"{_SEP}(?:(?i:ICT\s+applications?){_SEP})?(?:{_ROMAN})?{sub}")
    following = re.compile(rf"(?i:{_LIST}){_SEP}(?:{_ROMAN})?{sub}")
    return head, following, words


def find_action_lines(text: str) -> list[TextMatch]:
    """Every Action Line explicitly named in free text, in order of appearance.

    A mention is a code token "C1"…"C11" (upper-case Latin or Cyrillic C, not inside a word or
    an id such as "C3PO", "ABC3", "C100", "C7.1"). After "C7", sub-lines written right after it
    ("C7 eGov", "C7. ICT Applications: E-government, E-business") give the sub-lines; otherwise
    "C7". Names without a code ("Capacity building", or "eAgriculture" with no "C7" before it)
    are not mentions, and neither end of a range ("C1 to C11", "C1–C11") is. Repeats are kept;
    use `codes` for the distinct codes.

    Parameters
    ----------
    text : str
        A title, paragraph or document.

    Returns
    -------
    list of TextMatch
        ``code`` is canonical; ``text[start:end]`` is the span that names it.

    Examples
    --------
    >>> [m.code for m in find_action_lines("Meeting for Action Lines C1, C7 eGov, C11")]
    ['C1', 'C7.e-government', 'C11']
    >>> find_action_lines("Action Line C4. Capacity Building: Leverage eAgriculture")
    [TextMatch(code='C4', start=12, end=14, text='C4')]
    """
    head, following, words = _c7_patterns()
    out: list[TextMatch] = []
    for m in _AL_RE.finditer(text):
        if m["range"] or not 1 <= int(m["n"]) <= 11:
            continue
        code, start = f"C{int(m['n'])}", m.start()
        sm = head.match(text, m.end()) if code == "C7" else None
        if sm is None:
            out.append(TextMatch(code, start, m.end(), m[0]))
            continue
        out.append(TextMatch(words[_key(sm["word"])], start, sm.end(), text[start : sm.end()]))
        while nm := following.match(text, sm.end()):
            out.append(TextMatch(words[_key(nm["word"])], nm.start("word"), nm.end(), nm["word"]))
            sm = nm
    return out


def find_sdgs(text: str) -> list[TextMatch]:
    """Every SDG explicitly named in free text ("SDG 9", "SDGs 4 and 5", "ODS 4"), in order.

    A mention is a number 1–17 after "SDG(s)", "Sustainable Development Goal(s)", "Global Goal(s)",
    "ODD"/"ODS" or their French/Spanish long forms, plus the numbers listed after it
    ("SDG 4, 5 and 17"). A bare "Goal 4"/"Objetivo 4" is not a mention (too common outside SDG
    context); neither are "SDG2030", "the SDGs", ranges ("SDGs 1-17") or numbers above 17.
    """
    out: list[TextMatch] = []
    for m in _SDG_RE.finditer(text):
        nm: re.Match[str] | None = m
        while nm is not None and 1 <= int(nm["n"]) <= 17:
            start = m.start() if nm is m else nm.start("n")
            out.append(TextMatch(int(nm["n"]), start, nm.end(), text[start : nm.end()]))
            nm = _SDG_NEXT.match(text, nm.end())
    return out


def codes(matches: Iterable[TextMatch]) -> list[str | int]:
    """Distinct codes of some matches, in order of first appearance."""
    return list(dict.fromkeys(m.code for m in matches))
