"""What the mention finders share: the match type and regex builders for written words."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

_L = "A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"  # letters that make a word longer
_W = f"{_L}0-9_"  # what makes a code part of a word
_SP = r"[\s\u00a0\u3000]"
_HS = r"[ \t\u00a0\u3000]"  # horizontal space: a number on the next line is a heading, not a goal
_SEPCHARS = r"\s\u00a0.:,;()\[\]\-‐‑–—«»\"“”„'’/：，、（）「」《》"
_SEP = rf"[{_SEPCHARS}]{{0,8}}"
_ROMAN = rf"(?:[IVX]{{1,4}}|[ivx]{{1,4}})(?![{_W}]){_SEP}"
_CODE = rf"(?<![{_W}.])[CС]\d{{1,3}}(?![{_W}])(?!\.\d)"


class TextMatch(NamedTuple):
    """A code named in free text, with the span ``text[start:end]`` that names it.

    ``target`` is the SDG target named with the goal ("16.10" for "target 16.10"), if any.
    """

    code: str | int
    start: int
    end: int
    text: str
    target: str | None = None


def codes(matches: Iterable[TextMatch]) -> list[str | int]:
    """Distinct codes of some matches, in order of first appearance."""
    return list(dict.fromkeys(m.code for m in matches))


def _flex(word: str, *, title_case: bool = False) -> str:
    """A regex for a written word: any spacing, dash and quote variant; accents optional."""
    word = unicodedata.normalize("NFC", word)
    out = []
    for i, c in enumerate(word):
        if c.isspace():
            out.append(rf"{_SP}{{1,3}}")
        elif c in "-‐‑–—":
            out.append(rf"[{_SP[1:-1]}\-‐‑–—]{{0,2}}")
        elif c in "'’‘":
            out.append("['’‘]")
        elif c in ",、，":
            out.append(rf"[,、，]?{_SP}{{0,2}}")
        else:
            base = unicodedata.normalize("NFD", c)[0]
            first = title_case and (i == 0 or word[i - 1] == " ")
            letter = c.upper() if first else c
            if base != c:  # "é" as written, decomposed or plain
                out.append(f"(?:{re.escape(letter)}|{re.escape(base)}[\u0300-\u036f]?)")
            else:
                out.append(re.escape(letter))
    return "".join(out)


def _alternation(words: Iterable[str]) -> str:
    """Alternation of some words, longest first; case ignored except in acronyms ("ODD")."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(_flex(w) if _acronym(w) else f"(?i:{_flex(w)})" for w in ordered) + ")"


def _acronym(word: str) -> bool:
    """An all-capital word of 2–5 letters other than SDG(s): matched as written."""
    return word.isupper() and 2 <= len(word) <= 5 and word.rstrip("s") != "SDG"


def _first(*groups: Iterable[str]) -> str:
    """A lookahead on the first letters of some words: lets the scan skip every other position.

    Without it each pattern is tried at every character (about 1 µs each); with it a page of
    brackets or spaces is skipped at C speed.
    """
    chars: set[str] = set()
    for word in (w for group in groups for w in group):
        c = unicodedata.normalize("NFC", word.strip())[:1]
        if c:
            base = unicodedata.normalize("NFD", c)[0]
            chars |= {c, c.upper(), c.lower(), base, base.upper(), base.lower()}
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"


def _near(positions: list[int], lo: int, hi: int) -> bool:
    """Whether any of the sorted positions lies in [lo, hi]."""
    i = bisect.bisect_left(positions, lo)
    return i < len(positions) and positions[i] <= hi
