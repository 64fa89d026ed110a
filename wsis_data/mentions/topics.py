"""Goals named by topic or by a variant of their title, from ``sdg_text_forms.csv``.

Three forms, every word from the data file (goal, language, kind, text):

- a topic list after a lead ("the SDG goals for education, gender equality, infrastructure (…)"
  gives 4, 5, 9): ``lead`` rows, then ``topic`` rows joined by list words (``mention_words.csv``);
  a parenthesis after a topic is skipped;
- a topic before a goal word, after an article ("the implementation goal" gives 17): ``article``,
  ``topic`` and ``tail`` rows; an SDG word must stand within `CONTEXT` characters, as for a
  generic "Goal 4";
- a variant of a goal's title as published ("Ликвидация голода, …, содействие …"): ``name`` rows,
  found anywhere, like the official titles.

A topic alone ("education") is never a mention.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from wsis_data.errors import SchemaError
from wsis_data.mentions.text import _SP, _W, TextMatch, _alternation, _first, _near
from wsis_data.normalise import key
from wsis_data.taxonomy import SDG_GOALS, mention_words

FORMS_FILE = Path(__file__).resolve().parents[1] / "data" / "sdg_text_forms.csv"
KINDS = ("lead", "topic", "tail", "article", "name")
#: A parenthesis after a topic ("infrastructure (universal and affordable access …)") is skipped.
PAREN = 160


@dataclass(frozen=True)
class _Forms:
    goals: dict[str, int]  # key(topic or name) → goal
    lead: re.Pattern[str]  # a lead and the first topic
    more: re.Pattern[str]  # a list word and the next topic, right after a topic
    tail: re.Pattern[str]  # article, topic, goal word
    names: re.Pattern[str] | None


@cache
def _rows() -> tuple[dict[str, str], ...]:
    with FORMS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = tuple(csv.DictReader(handle))
    for i, r in enumerate(rows, start=2):
        per_goal = r["kind"] in ("topic", "name")
        goal_ok = r["goal"].isdigit() and int(r["goal"]) in SDG_GOALS
        if r["kind"] not in KINDS or not r["text"].strip() or per_goal != goal_ok:
            raise SchemaError(f"{FORMS_FILE.name} line {i}: bad row {r!r}")
    return rows


def _texts(kind: str) -> list[str]:
    return [r["text"].strip() for r in _rows() if r["kind"] == kind]


@cache
def _forms() -> _Forms:
    rows = _rows()
    goals = {key(r["text"]): int(r["goal"]) for r in rows if r["kind"] in ("topic", "name")}
    topic = rf"(?P<topic>{_alternation(_texts('topic'))})(?![{_W}])"
    paren = rf"(?:{_SP}{{0,2}}\([^()]{{0,{PAREN}}}\))?"
    joins = _alternation([*mention_words("list_word"), ","])
    article = _alternation(_texts("article"))
    lead = rf"(?<![{_W}]){_alternation(_texts('lead'))}{_SP}{{1,3}}(?:{article}{_SP}{{1,3}})?"
    tail = _alternation(_texts("tail"))
    names = _texts("name")
    return _Forms(
        goals=goals,
        lead=re.compile(_first(_texts("lead")) + lead + topic + paren),
        more=re.compile(
            rf"{_SP}{{0,2}}(?:,{_SP}{{0,2}})?{joins}{_SP}{{1,3}}(?:{article}{_SP}{{1,3}})?{topic}{paren}"
        ),
        tail=re.compile(rf"(?<![{_W}]){article}{_SP}{{1,3}}{topic}{_SP}{{1,3}}{tail}(?![{_W}])"),
        names=re.compile(_first(names) + rf"(?<![{_W}]){_alternation(names)}") if names else None,
    )


def topic_goals(text: str, context: list[int], window: int) -> list[TextMatch]:
    """Goals named by topic or title variant in `text` (`context`: SDG word positions)."""
    f = _forms()
    out: list[TextMatch] = []
    for m in f.lead.finditer(text):
        nm: re.Match[str] | None = m
        while nm is not None:
            start = m.start() if nm is m else nm.start("topic")
            goal = f.goals[key(nm["topic"])]
            out.append(TextMatch(goal, start, nm.end(), text[start : nm.end()]))
            nm = f.more.match(text, nm.end())
    for m in f.tail.finditer(text):
        if _near(context, m.start() - window, m.end() + window):
            out.append(TextMatch(f.goals[key(m["topic"])], m.start(), m.end(), m[0]))
    if f.names is not None:
        for m in f.names.finditer(text):
            out.append(TextMatch(f.goals[key(m[0])], m.start(), m.end(), m[0]))
    return out
