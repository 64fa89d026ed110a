"""Written forms → codes: the normalisers of Action Lines and SDGs, driven by the alias data.

Forms are compared by a key (see `key`): NFKC, accents dropped, Cyrillic С read as C, casefold,
"&" read as "and", punctuation collapsed, letters and digits split ("SDG9" = "SDG 9", "目标4" =
"目标 4"), scripts split ("行动方面C3" = "行动方面 C3"), any decimal digits read as numbers
("الهدف ٤" = "الهدف 4"), leading zeros dropped ("SDG 09" = "SDG 9") and a lone "e" joined to the
next word ("e-Health" = "eHealth"). Two forms of the same code side by side are one form ("SDG 4:
Quality Education", "C7 ICT Applications – eHealth"); a C7 form next to a sub-line form gives the
sub-line. The accepted forms are every code, name, title and alias of ``action_lines.csv``,
``sdgs.csv`` and ``extra_aliases.csv`` and the goals' short names and titles in the six UN
languages (``sdg_translations/sdg_goals.csv``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from numbers import Integral

from wsis_data.errors import SchemaError, UnknownCodeError
from wsis_data.taxonomy import _extra_aliases, action_lines, sdg_names, sdgs

_CYRILLIC_C = str.maketrans({"\u0421": "C", "\u0441": "c"})
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ARABIC = "\u0621-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff"
_TOKEN = re.compile(rf"\d+|[{_CJK}]+|[{_ARABIC}]+|[^\W\d_{_CJK}{_ARABIC}]+")
_LONE_E = re.compile(r"(?<![^ ])e (?=[^\W\d_])")
#: No accepted form is longer than this (the longest official title has ~230 characters); longer
#: cells are rejected before the pairwise split, which is quadratic in the number of words.
MAX_KEY = 400


def key(text: str) -> str:
    """Matching key of a form: "C7. ICT Applications: E-gov" → "c 7 ict applications egov"."""
    text = unicodedata.normalize("NFKC", text).translate(_CYRILLIC_C)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = _TOKEN.findall(text.casefold().replace("&", " and "))
    # isdecimal, not isdigit: "❶" and "²" are digits to Python but not numbers to int()
    return _LONE_E.sub("e", " ".join(str(int(w)) if w.isdecimal() else w for w in words))


_Table = tuple[dict[str, str | int], tuple[str, ...]]


def _build(kind: str, forms: Iterable[tuple[str, str | int]], prefixes: Iterable[str]) -> _Table:
    """Key → code table (conflicting aliases are a data error) and prefix keys, longest first."""
    table: dict[str, str | int] = {}
    for form, code in forms:
        k = key(form)
        if table.setdefault(k, code) != code:
            raise SchemaError(f"{kind} alias {form!r} names both {table[k]!r} and {code!r}")
    return table, tuple(sorted({key(p) for p in prefixes}, key=len, reverse=True))


@cache
def action_line_table() -> _Table:
    """Lookup table of every Action Line form."""
    forms = [
        (form, al.code)
        for al in action_lines()
        for form in (al.code, al.name, al.full_title, al.short_label, *al.aliases)
    ]
    templates = _extra_aliases().get(("action_line", "*"), ())
    return _build("Action Line", forms, (t.removesuffix("{form}") for t in templates))


@cache
def sdg_table() -> _Table:
    """Lookup table of every SDG form, the bare number and the six languages' names included."""
    forms = [
        (form, s.goal)
        for s in sdgs()
        for form in (str(s.goal), s.short_name, s.title, s.short_name_es, s.title_es, *s.aliases)
    ]
    forms += [(n[col], n["goal"]) for n in sdg_names() for col in ("short", "title")]
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


def _lookup(k: str, table: _Table) -> str | int | None:
    """The code of a key: direct, after prefixes, or as two agreeing forms side by side."""
    codes, prefixes = table
    if len(k) > MAX_KEY:
        return None
    while k not in codes:
        prefix = next((p for p in prefixes if k.startswith(p + " ")), None)
        if prefix is None:
            break
        k = k[len(prefix) + 1 :]
    if k in codes:
        return codes[k]
    words = k.split(" ")
    parts = ((" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words)))
    hits = {_same(codes.get(left), codes.get(right)) for left, right in parts}
    hits.discard(None)
    return hits.pop() if len(hits) == 1 else None


def normalise_action_line(raw: str, *, where: str | None = None) -> str:
    """Canonical Action Line code of any accepted form.

    Parameters
    ----------
    raw : str
        A label as found in the wild: a code, name, alias or prefixed form, in any UN language.
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
    >>> normalise_action_line("Grande orientation C7 cybersanté")
    'C7.e-health'
    >>> normalise_action_line("行动方面C3"), normalise_action_line("خط العمل C3")
    ('C3', 'C3')
    >>> normalise_action_line("C12", where="row 4")
    Traceback (most recent call last):
    ...
    wsis_data.errors.UnknownCodeError: Unknown Action Line 'C12' in row 4
    """
    code = _lookup(key(raw), action_line_table()) if isinstance(raw, str) else None
    if code is None:
        raise UnknownCodeError("Action Line", raw, where)
    return str(code)


def normalise_sdg(raw: str | int, *, where: str | None = None) -> int:
    """SDG number (1–17) of an int or any accepted form.

    >>> [normalise_sdg(x) for x in ("SDG 09", "ODS 4", "Quality Education", "ЦУР 5", "目标4")]
    [9, 4, 4, 5, 4]
    """
    if isinstance(raw, Integral) and not isinstance(raw, bool):
        goal: str | int | None = int(raw) if 1 <= raw <= 17 else None
    else:
        goal = _lookup(key(raw), sdg_table()) if isinstance(raw, str) else None
    if goal is None:
        raise UnknownCodeError("SDG", raw, where)
    return int(goal)
