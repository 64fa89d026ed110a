"""Action Lines named in free text, in the six UN languages: codes and C7 sub-line names."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from wsis_data.mentions.text import (
    _CODE,
    _L,
    _ROMAN,
    _SEP,
    _SP,
    _W,
    TextMatch,
    _alternation,
    _first,
)
from wsis_data.normalise import action_line_table, key
from wsis_data.taxonomy import action_lines, mention_words, text_prefixes


@dataclass(frozen=True)
class _AlPatterns:
    codes: re.Pattern[str]
    head: re.Pattern[str]
    following: re.Pattern[str]
    room: re.Pattern[str]
    sub: re.Pattern[str]


@cache
def _al_patterns() -> _AlPatterns:
    """The Action Line finder's regexes, built once from the data files."""
    names = [
        form
        for al in action_lines()
        if al.parent
        for form in (al.name, al.short_label, *al.aliases)
        if not any(ch.isdigit() for ch in form) and "c 7" not in key(form)
    ]
    sub = rf"(?P<word>{_alternation(names)})(?![{_W}\-])"
    heads = _alternation(mention_words("c7_head"))
    words = _alternation(mention_words("list_word"))
    al_words = _alternation(text_prefixes("action_line", "word"))
    listsep = rf"{_SP}{{0,3}}(?:,{_SP}{{0,3}}(?:{words}(?![{_L}]))?|[;/&、，]|{words}(?![{_L}]))"
    return _AlPatterns(
        codes=re.compile(
            _first(["C", "С"], names, text_prefixes("action_line", "word"))
            + rf"(?:(?P<range>{_CODE}{_SP}{{0,3}}(?:[-‐‑–—]|(?:to|through|à|a|al|au|до|至|إلى)"
            rf"(?![{_W}])){_SP}{{0,3}}{_CODE})"
            rf"|(?<![{_W}.])[CС](?P<n>\d{{1,3}})(?![{_W}])(?!\.\d)"
            rf"|(?<![{_W}])(?P<al>{al_words}){_SEP}(?:(?i:on|sur|de|sobre|по){_SP}{{1,2}})?{_SEP}"
            rf"(?=\S)(?!C|С)"
            rf"|(?<![{_W}])(?P<before>{sub.replace('?P<word>', '?P<bword>')})"
            rf"(?=[ \t]{{1,2}}{al_words}))"  # "the e-agriculture Action Line"
        ),
        head=re.compile(rf"{_SEP}(?:{heads}{_SEP})?(?:{_ROMAN})?{sub}"),
        following=re.compile(rf"{listsep}{_SEP}(?:{_ROMAN})?{sub}"),
        room=re.compile(rf"(?<![{_W}])(?:{_alternation(mention_words('room'))}){_SP}{{0,3}}$"),
        sub=re.compile(_first(names) + rf"(?<![{_W}]){sub}"),
    )


def find_action_lines(text: str) -> list[TextMatch]:
    """Every Action Line explicitly named in free text, in order of appearance.

    A mention is a code token "C1"…"C11" (upper-case Latin or Cyrillic C, not inside a word or
    an id such as "C3PO", "ABC3", "C100", "C7.1", nor after a room word: "Room C1", "Salle C2").
    A C7 sub-line is named by its name in any UN language right after "C7" ("C7 eGov", "C7.
    ICT Applications: E-government, E-business", "С7 «Электронное здравоохранение»", "C7电子卫生")
    or after an Action Line word ("Action Line e-Health", "Grande orientation cybersanté",
    "خط العمل الصحة الإلكترونية"). A bare "C7" counts only when the text names no sub-line.
    Names without a code or Action Line word ("Capacity building", "eAgriculture") are not
    mentions, and neither end of a range ("C1 to C11", "C1–C11") is. Repeats are kept; use
    `codes` for the distinct codes.

    >>> [m.code for m in find_action_lines("Meeting for Action Lines C1, C7 eGov, C11")]
    ['C1', 'C7.e-government', 'C11']
    >>> find_action_lines("Action Line C4. Capacity Building: Leverage eAgriculture")
    [TextMatch(code='C4', start=12, end=14, text='C4', target=None)]
    """
    p = _al_patterns()
    subs = {k: c for k, c in action_line_table()[0].items() if str(c).startswith("C7.")}
    out: list[TextMatch] = []
    for m in p.codes.finditer(text):
        if m["range"]:
            continue
        if m["before"] is not None:
            if key(m["before"]) in subs:
                out.append(TextMatch(subs[key(m["before"])], m.start(), m.end(), m[0]))
            continue
        if m["al"] is not None:
            sm = p.head.match(text, m.end())
            start = sm.start("word") if sm else 0
        else:
            if not 1 <= int(m["n"]) <= 11 or p.room.search(text, max(0, m.start() - 24), m.start()):
                continue
            code, start = f"C{int(m['n'])}", m.start()
            sm = p.head.match(text, m.end()) if code == "C7" else None
            if sm is None:
                out.append(TextMatch(code, start, m.end(), m[0]))
                continue
        if sm is None or key(sm["word"]) not in subs:
            continue
        out.append(TextMatch(subs[key(sm["word"])], start, sm.end(), text[start : sm.end()]))
        while (nm := p.following.match(text, sm.end())) and key(nm["word"]) in subs:
            out.append(TextMatch(subs[key(nm["word"])], nm.start("word"), nm.end(), nm["word"]))
            sm = nm
    out = sorted(out + _sub_line_lists(text, out, p, subs), key=lambda m: m.start)
    if any(str(m.code).startswith("C7.") for m in out):
        out = [m for m in out if m.code != "C7"]
    return out


#: A list of this many different C7 sub-line names ("e-business, e-learning, e-science") names them.
LIST_MIN = 3


def _sub_line_lists(
    text: str, found: list[TextMatch], p: _AlPatterns, subs: dict[str, str | int]
) -> list[TextMatch]:
    """Sub-lines named in a list of at least `LIST_MIN` sub-line names, outside other mentions."""
    starts = [m.start for m in found]
    out: list[TextMatch] = []
    pos = 0
    while sm := p.sub.search(text, pos):
        chain = [sm]
        while (nm := p.following.match(text, chain[-1].end())) and key(nm["word"]) in subs:
            chain.append(nm)
        pos = chain[-1].end()
        named = [c for c in chain if key(c["word"]) in subs]
        i = bisect.bisect_right(starts, sm.start()) - 1
        inside = i >= 0 and found[i].end > sm.start()
        if len({subs[key(c["word"])] for c in named}) >= LIST_MIN and not inside:
            out += [
                TextMatch(subs[key(c["word"])], c.start("word"), c.end(), c["word"]) for c in named
            ]
    return out
