"""SDGs named in free text, in the six UN languages: numbers, targets, names, titles, ordinals."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from wsis_data.mentions.text import (
    _HS,
    _L,
    _SP,
    _W,
    TextMatch,
    _alternation,
    _first,
    _flex,
    _near,
)
from wsis_data.mentions.topics import topic_goals
from wsis_data.normalise import key, sdg_table
from wsis_data.taxonomy import (
    mention_words,
    sdg_names,
    sdg_ordinals,
    sdg_target_codes,
    sdgs,
    text_prefixes,
)

CONTEXT = 500  # an SDG word this close (about a paragraph) makes a generic "Goal 4" a mention
BLOCK = 400  # another framework's name this close before makes a target or goal not an SDG


_SMALL = {"and", "for", "the", "of", "on", "y", "de", "e", "la", "las", "los", "del", "para", "en"}


def _title_case(name: str) -> str:
    """A regex for a name written as a name: "Quality Education", "QUALITY EDUCATION"."""
    words = name.split(" ")
    parts = [
        f"(?i:{_flex(w)})"
        if w.casefold() in _SMALL
        else _flex(w[:1].upper(), title_case=True) + f"(?i:{_flex(w[1:])})"
        for w in words
    ]
    return rf"{_SP}{{1,3}}".join(parts)


@dataclass(frozen=True)
class _SdgPatterns:
    mention: re.Pattern[str]
    next_number: re.Pattern[str]
    context: re.Pattern[str]
    other: re.Pattern[str]
    name_after: re.Pattern[str]
    names: re.Pattern[str]
    ordinals: re.Pattern[str]
    tail: re.Pattern[str]


_NUM = (
    rf"(?P<n>\d{{1,2}})(?:\.(?P<t>\d{{1,2}}|[a-e])(?:\.\d{{1,2}})?(?![{_W}]))?"
    rf"(?!\d|\.\d|\.[A-Z])(?![{_W}%])(?![ \t]{{0,3}}[-‐‑–—][ \t]{{0,3}}\d)"
)


@cache
def _sdg_patterns() -> _SdgPatterns:
    """The SDG finder's regexes, built once from the data files."""
    strong = "|".join(
        [_alternation(text_prefixes("sdg", "goal")), *map(_flex, text_prefixes("sdg", "GOAL"))]
    )  # "GOAL" rows are matched as written ("ODD 4", not "an odd 4 hours")
    weak = _alternation(text_prefixes("sdg", "context"))
    target = _alternation(mention_words("target_word") + mention_words("indicator_word"))
    lead = _alternation(mention_words("list_lead"))
    lead_first = _first(mention_words("list_lead"))
    words = _alternation(mention_words("list_word"))
    gap = rf"{_HS}{{0,3}}[-‐‑–#:№：]?{_HS}{{0,3}}(?:第{_HS}{{0,2}})?"
    paren = rf"(?:{_HS}{{0,2}}\({_HS}{{0,2}}(?:{strong}){_HS}{{0,2}}\))?"
    infix = rf"(?:{target}{_HS}{{1,3}})?"  # "SDG indicator 16.10.2", "SDG target 4.4"
    mention = (
        rf"(?<![{_W}])(?:(?P<strong>{strong}){paren}{gap}{infix}"
        rf"|(?P<weak>{weak}){gap}|(?P<target>{target}){gap}(?:(?P<tstrong>{strong}){gap})?"
        rf"|(?P<lead>{strong})(?![{_W}])[^\d.;!?\n]{{0,60}}?{lead_first}(?<![{_W}]){lead}[{_SP[1:-1]}:,]{{0,3}}"
        rf"){_NUM}"
    )
    listsep = (
        rf"{_SP}{{0,3}}(?:[,;/&、，،](?:{_SP}{{0,3}}{words}(?![{_L}]))?|{words}(?![{_L}]))"
        rf"{_SP}{{0,3}}"
    )
    after_num = rf"(?:{_SP}{{0,2}}[(（][^()\n]{{1,80}}?[)）])?"
    next_number = rf"{after_num}{listsep}(?:(?:{strong}|{weak}|{target}){gap})?{_NUM}"
    context = _alternation(mention_words("sdg_context"))
    other = _alternation(mention_words("other_framework"))
    shorts = [n["short"] for n in sdg_names()] + [s.short_name for s in sdgs()]
    name_after = rf"[\W_]{{0,4}}(?:(?i:on|of|de|sur|about|по|о|:){_SP}{{1,2}})?[\W_]{{0,3}}"
    name_after += f"(?P<name>{_alternation(shorts)})"
    titles = _alternation(n["title"] for n in sdg_names())
    latin = [n["short"] for n in sdg_names() if n["language"] in ("en", "es")]
    latin += [s.short_name for s in sdgs()] + [s.short_name_es for s in sdgs()]
    named = "|".join(_title_case(s) for s in sorted(set(latin), key=len, reverse=True))
    goal_words = "|".join([strong, weak])
    before = _alternation(o["ordinal"] for o in sdg_ordinals() if o["place"] == "before")
    after = _alternation(o["ordinal"] for o in sdg_ordinals() if o["place"] == "after")
    ordinals = (
        rf"(?<![{_W}])(?:(?P<ord>{before}){_HS}{{0,2}}(?:个|项)?{_HS}{{0,2}}(?:{goal_words})"
        rf"|(?:{goal_words}){_HS}{{1,2}}(?P<ord_after>{after}))(?![{_W}])"
    )
    prefix_words = [
        *text_prefixes("sdg", "goal"),
        *text_prefixes("sdg", "GOAL"),
        *text_prefixes("sdg", "context"),
        *mention_words("target_word"),
        *mention_words("indicator_word"),
    ]
    ordinal_words = [o["ordinal"] for o in sdg_ordinals()] + prefix_words
    name_words = [n["title"] for n in sdg_names()] + latin
    return _SdgPatterns(
        ordinals=re.compile(_first(ordinal_words) + ordinals),
        tail=re.compile(_alternation(mention_words("goal_tail"))),
        mention=re.compile(_first(prefix_words) + mention),
        next_number=re.compile(next_number),
        context=re.compile(
            _first(mention_words("sdg_context")) + rf"(?<![{_W}]){context}(?![{_W}])"
        ),
        other=re.compile(_first(mention_words("other_framework")) + other),
        name_after=re.compile(name_after),
        names=re.compile(_first(name_words) + rf"(?<![{_W}])(?:{titles}|{named})(?![{_W}])"),
    )


_WORD_NEXT = re.compile(rf"{_SP}{{0,2}}[^\W\d_]")


def _target(n: str, t: str | None) -> str | None:
    """The target code "n.t" if it is one of the 169 SDG targets."""
    code = f"{int(n)}.{t}" if t else None
    return code if code in sdg_target_codes() else None


def find_sdgs(text: str) -> list[TextMatch]:
    """Every SDG named in free text, in order, in the six UN languages.

    A mention is:

    - a number 1–17 after an SDG word ("SDG 9", "SDG Goal 5", "ODD 4", "ODS 4", "ЦУР 4",
      "可持续发展目标4", "هدف التنمية المستدامة 4"), with the numbers listed after it ("SDGs 4, 5
      and 17", "ЦУР 1, 2 и 3", "可持续发展目标4和5") or after a list word ("the 17 SDGs …
      particularly 1, 2, 8, and 13" gives 1, 2, 8 and 13, not 17);
    - a generic goal word and number ("Goal 4", "Objectif 4", "Цель 4", "目标4", "الهدف 4") when an
      SDG word stands within `CONTEXT` characters or the goal's name follows ("Goal 8 on decent
      work and economic growth");
    - a target ("SDG 9.c", "target 16.10", "targets 4.4 and 4.5", "cible 16.10"): its goal, with
      ``target`` set; a target word needs a valid SDG target code; "target 10" in a Goal 16
      passage is target 16.10 (never SDG 10);
    - a goal's official title in any UN language, or its English/Spanish short name written as a
      name ("Quality Education", "Educación de Calidad"; not "quality education").

    Not mentions: counts ("the 17 SDGs", "4 of the 17 goals"), years ("SDG 2030"), ranges
    ("SDGs 1-17"), numbers above 17, "target 10" (a target is "goal.target"), and a target or
    generic goal within `BLOCK` characters after another framework's name ("Connect 2030 …
    targets 1.4, 1.7").

    >>> [(m.code, m.target) for m in find_sdgs("SDG 9.c and targets 4.4 and 4.5; ЦУР 16")]
    [(9, '9.c'), (4, '4.4'), (4, '4.5'), (16, None)]
    """
    p = _sdg_patterns()
    context = [m.start() for m in p.context.finditer(text)]
    blocks = [m.end() for m in p.other.finditer(text)]
    out: list[TextMatch] = []
    pos = 0
    while m := p.mention.search(text, pos):
        pos = m.end()
        if blocks and m["strong"] is None and _near(blocks, m.start() - BLOCK, m.start()):
            continue
        nm: re.Match[str] | None = m
        found: list[TextMatch] = []
        while nm is not None and 1 <= int(nm["n"]) <= 17:
            target = _target(nm["n"], nm["t"])
            if m["target"] is not None and target is None and m["tstrong"] is None:
                if nm is m and nm["t"] is None:  # "target 10" in a Goal 16 passage: 16.10
                    found += _target_of_passage(text, m, out)
                break  # "target 10" is no goal; "target SDG 10" is
            start = m.start() if nm is m else nm.start("n")
            found.append(TextMatch(int(nm["n"]), start, nm.end(), text[start : nm.end()], target))
            pos = nm.end()
            nm = p.next_number.match(text, nm.end())
        if m["weak"] is not None and len(found) < 3 and not _weak_ok(text, m, context, p):
            continue  # a generic "Goal 4" far from any SDG word; "Goals 1, 2, 3 …" is a goal list
        if m["lead"] is not None and len(found) == 1 and _WORD_NEXT.match(text, m.end()):
            continue  # "SDGs, including 2 workshops": a count, not a goal
        out += found
    out += _ordinal_goals(text, context, p) + topic_goals(text, context, CONTEXT)
    return _with_names(text, out, p)


#: An ordinal goal ("the fourth goal") is an SDG when an SDG word is this close (characters).
ORDINAL_CONTEXT = 60


def _ordinal_goals(text: str, context: list[int], p: _SdgPatterns) -> list[TextMatch]:
    """Goals named by an ordinal next to an SDG word ("الهدف الخامس للتنمية المستدامة")."""
    goals = {key(o["ordinal"]): o["goal"] for o in sdg_ordinals()}
    out = []
    for m in p.ordinals.finditer(text):
        # "цели номер один" is "Goal 1" in words: the generic goal's window; "the fourth goal" 60.
        window = CONTEXT if m["ord_after"] else ORDINAL_CONTEXT
        near = _near(context, m.start() - window, m.end() + window)
        if near or p.tail.match(text, m.end() + (m.end() < len(text) and text[m.end()] == " ")):
            goal = goals.get(key(m["ord"] or m["ord_after"]))
            if goal is not None:
                out.append(TextMatch(goal, m.start(), m.end(), m[0]))
    return out


#: "target 10" is target 10 of the goal named at most this many characters before it.
PASSAGE = 300


def _target_of_passage(text: str, m: re.Match[str], out: list[TextMatch]) -> list[TextMatch]:
    """'target 10' right after a goal 16 mention: target 16.10 of goal 16, if it exists."""
    if not out or m.start() - out[-1].end > PASSAGE:
        return []
    goal = int(out[-1].code)
    code = _target(str(goal), str(int(m["n"])))
    return [TextMatch(goal, m.start(), m.end(), m[0], code)] if code else []


def _weak_ok(text: str, m: re.Match[str], context: list[int], p: _SdgPatterns) -> bool:
    """Whether a generic "Goal N" is an SDG: an SDG word nearby, or the goal's name after it."""
    if _near(context, m.start() - CONTEXT, m.end() + CONTEXT):
        return True
    after = p.name_after.match(text, m.end())
    return after is not None and sdg_table()[0].get(key(after["name"])) == int(m["n"])


def _with_names(text: str, found: list[TextMatch], p: _SdgPatterns) -> list[TextMatch]:
    """Add the goals named by title or short name, except right after a number of that goal."""
    ends = {(m.code, m.end) for m in found}
    for m in p.names.finditer(text):
        goal = sdg_table()[0].get(key(m[0]))
        if goal is None:
            continue
        if any((goal, e) in ends for e in range(max(0, m.start() - 40), m.start() + 1)):
            continue
        found.append(TextMatch(int(goal), m.start(), m.end(), m[0]))
    return sorted(found, key=lambda t: t.start)
