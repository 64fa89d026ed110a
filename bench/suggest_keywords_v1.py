"""The first SDG suggester (147 hand-picked English terms, fixed threshold), kept as a baseline.

This is `wsis_data/ingest/suggest.py` as it was before the length-calibrated, six-language
suggester replaced it; `bench.eval_suggest` scores it beside the new one in the same run.
The app does not use it. Its original description follows.

SDG suggestions from free text by a transparent keyword method (provenance ``suggested``).

Each SDG has a list of terms taken from its goal and target wording (``data/sdg_terms.csv``,
with the target each term comes from). A text is cut into sentences; every sentence that
contains a term of a goal adds to that goal's score: 1 for a one-word term, 2 for a phrase,
doubled inside the submission's "Main linkages with the SDGs" section. A goal is suggested when
its score reaches `THRESHOLD`; the evidence is the sentence with the heaviest hit. Suggestions
are an inference, never a declaration: they are counted only when the user includes
``suggested`` tags.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TERMS_FILE = Path(__file__).resolve().parents[1] / "wsis_data" / "data" / "sdg_terms.csv"
THRESHOLD = 3.0
SDG_SECTION_WEIGHT = 2.0
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


@dataclass(frozen=True)
class Suggestion:
    """A suggested SDG with its score, the terms found and the sentence that shows it best."""

    goal: int
    score: float
    evidence: str
    terms: tuple[str, ...]


def _norm(text: str) -> str:
    """Lower case, "e-learning"/"e learning" read as "elearning", other hyphens as spaces."""
    text = text.casefold()
    text = re.sub(r"\be\s?[-‐‑–]?\s?(?=[a-z]{3,})", "e", text)
    return re.sub(r"[-‐‑–/]", " ", text)


@cache
def sdg_terms() -> dict[int, tuple[tuple[str, re.Pattern[str], float], ...]]:
    """Goal → (term, compiled pattern, weight) from ``sdg_terms.csv``."""
    out: dict[int, list[tuple[str, re.Pattern[str], float]]] = {}
    with TERMS_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            term = row["term"].strip()
            norm = _norm(term)
            pattern = re.compile(rf"(?<![\w]){re.escape(norm)}(?![\w])")
            weight = 2.0 if " " in norm else 1.0
            out.setdefault(int(row["goal"]), []).append((term, pattern, weight))
    return {goal: tuple(terms) for goal, terms in sorted(out.items())}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if len(s.strip()) > 2]


def _evidence(sentence: str, limit: int = 200) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def suggest_sdgs(
    text: str, *, sdg_section: str = "", exclude: tuple[int, ...] = (), threshold: float = THRESHOLD
) -> list[Suggestion]:
    """Suggested SDGs of a text (best first); `sdg_section` counts double; `exclude` skips goals.

    >>> [s.goal for s in suggest_sdgs("Broadband infrastructure for rural schools.",
    ...                               sdg_section="Bridging the digital divide for students.")]
    [10, 4]
    """
    weighted = [(s, SDG_SECTION_WEIGHT) for s in _sentences(sdg_section)]
    weighted += [(s, 1.0) for s in _sentences(text)]
    out: list[Suggestion] = []
    normed = [(s, _norm(s), w) for s, w in weighted]
    for goal, terms in sdg_terms().items():
        if goal in exclude:
            continue
        score, best, best_score, found = 0.0, "", 0.0, []
        for sentence, norm, factor in normed:
            hit = [(term, weight) for term, pattern, weight in terms if pattern.search(norm)]
            if not hit:
                continue
            gain = max(weight for _, weight in hit) * factor
            score += gain
            found += [term for term, _ in hit]
            if gain > best_score:
                best, best_score = sentence, gain
        if score >= threshold:
            terms_found = tuple(dict.fromkeys(found))
            out.append(Suggestion(goal, round(score, 1), _evidence(best), terms_found))
    return sorted(out, key=lambda s: (-s.score, s.goal))
