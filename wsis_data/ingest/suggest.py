"""SDG suggestions from free text, calibrated to its length (provenance ``suggested``).

Terms come from the official wording of the 17 goals and all 169 targets in the six UN
languages, plus the project's hand-picked English terms (`wsis_data.ingest.suggest_index`).
A text is cut into sentences; each sentence scores every goal by the summed weights of the
goal's terms it contains, less a floor (one weak word is not evidence): `MIN_SENTENCE` for a
sentence of `SENTENCE_TERMS` terms, less for a shorter one (a title), more for a longer one.
A goal's score is the sum over sentences (sentences of the submission's "Main linkages with the
SDGs" section count double), divided by what a text of that length needs: `NEED` for a text of
`SHORT_TERMS` content terms (two or three sentences), times (terms / SHORT_TERMS) ** `GROWTH`
(terms at least `MIN_TERMS`): a title needs less, a long text more, because it touches many
goals in passing. A goal is suggested when that ratio reaches `threshold` (default 1.0) and its
score is at least `RELATIVE` times the best goal's (`RELATIVE_LONG` beyond `LONG_TERMS` terms:
a long text covers several goals). The constants were set on the tuning part of
``bench/data/suggest`` (``python -m bench.eval_suggest`` scores both parts).

Each suggestion keeps its evidence (the sentence that shows it best), the target of that goal
whose wording the sentence matches best (e.g. "4.4") and the words found. Suggestions are an
inference, never a declaration: they are stored and counted only as ``suggested`` tags.
Everything is linear in the text (no backtracking regex, one pass per sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from wsis_data.ingest.suggest_index import index, latin_language, terms

THRESHOLD = 1.0
SDG_SECTION_WEIGHT = 2.0
MIN_SENTENCE = 4.0
SENTENCE_TERMS = 15  # MIN_SENTENCE is for a sentence of this many terms
SENTENCE_GROWTH = 0.3  # ... times (terms / SENTENCE_TERMS) ** SENTENCE_GROWTH
NEED = 12.0
SHORT_TERMS = 30
MIN_TERMS = 8
GROWTH = 0.4
RELATIVE = 0.4
RELATIVE_LONG = 0.2  # a long text (over LONG_TERMS terms) covers several goals at once
LONG_TERMS = 600
MAX_TERMS_SHOWN = 8
_SENTENCE = re.compile(r"(?<=[.!?;؟])\s+|(?<=[。！？；])|\n+")


@dataclass(frozen=True)
class Suggestion:
    """A suggested SDG: calibrated score (≥ threshold), evidence sentence, matched target, words."""

    goal: int
    score: float
    evidence: str
    terms: tuple[str, ...]
    target: str = ""

    @property
    def stored_evidence(self) -> str:
        """The evidence as stored with the tag: the target it matched, then the sentence."""
        return f"target {self.target}: {self.evidence}" if self.target else self.evidence


def sentences(text: str) -> list[str]:
    """The sentences of `text` (split after . ! ? ; and their CJK/Arabic forms, and at newlines)."""
    return [s.strip() for s in _SENTENCE.split(text) if len(s.strip()) > 1]


def _evidence(sentence: str, limit: int = 200) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def need(n_terms: int) -> float:
    """The goal score a text of `n_terms` content terms needs for a suggestion."""
    return NEED * (max(n_terms, MIN_TERMS) / SHORT_TERMS) ** GROWTH


def suggest_sdgs(
    text: str, *, sdg_section: str = "", exclude: tuple[int, ...] = (), threshold: float = THRESHOLD
) -> list[Suggestion]:
    """Suggested SDGs of a text (best first); `sdg_section` counts double; `exclude` skips goals.

    >>> [(s.goal, s.target) for s in suggest_sdgs(
    ...     "Scholarships help girls finish secondary school and learn digital skills.")]
    [(4, '4.1')]
    """
    weighted = [(s, SDG_SECTION_WEIGHT) for s in sentences(sdg_section)]
    weighted += [(s, 1.0) for s in sentences(text)]
    if not weighted:
        return []
    latin = latin_language(sdg_section + "\n" + text)
    pairs = [terms(s, latin) for s, _ in weighted]
    cut = [[t for t, _ in p] for p in pairs]
    idx = index()
    vectors = idx.vectors(cut)
    factors = np.array([w for _, w in weighted])
    per_sentence = np.asarray((vectors @ idx.goal_weights.T).todense())  # sentences × 17
    lengths = np.array([max(1, sum(1 for t in c if " " not in t)) for c in cut])
    floor = MIN_SENTENCE * (lengths / SENTENCE_TERMS) ** SENTENCE_GROWTH
    plain = np.maximum(per_sentence - floor[:, None], 0.0)
    counted = plain * factors[:, None]
    n_terms = int(lengths.sum())
    totals, plain_totals = counted.sum(axis=0), plain.sum(axis=0)
    relative = RELATIVE_LONG if n_terms > LONG_TERMS else RELATIVE
    # the SDG section counts double for the score, not for the comparison between goals
    kept = plain_totals >= relative * plain_totals.max()
    ratios = np.where(kept, totals / need(n_terms), 0.0)
    out = []
    for goal in range(1, 18):
        ratio = float(ratios[goal - 1])
        if goal in exclude or ratio < threshold:
            continue
        best = int(np.argmax(counted[:, goal - 1]))
        sentence, _ = weighted[best]
        found = _words(pairs, counted[:, goal - 1], goal)
        target = _target(vectors[best], goal)
        out.append(Suggestion(goal, round(ratio, 2), _evidence(sentence), found, target))
    return sorted(out, key=lambda s: (-s.score, s.goal))


def _target(vector, goal: int) -> str:
    """The target of `goal` whose official wording the sentence vector matches best."""
    idx = index()
    rows = np.flatnonzero(idx.target_goals == goal)
    scores = np.asarray((vector @ idx.target_weights[rows].T).todense()).ravel()
    return idx.targets[rows[int(np.argmax(scores))]] if scores.max() > 0 else str(goal)


def _words(pairs: list[list[tuple[str, str]]], column: np.ndarray, goal: int) -> tuple[str, ...]:
    """The words of the best few counting sentences that carry weight for `goal`, heaviest first."""
    idx = index()
    row = idx.goal_weights[goal - 1].toarray().ravel()
    weights: dict[str, float] = {}
    for best in np.argsort(-column)[:5]:
        if column[best] <= 0:
            break
        for term, word in dict(pairs[best]).items():  # each term once, however long the sentence
            col = idx.vocabulary.get(term)
            if col is not None and row[col] > 0:
                key = word.casefold()
                weights[key] = max(weights.get(key, 0.0), float(row[col]))
    return tuple(sorted(weights, key=lambda w: -weights[w])[:MAX_TERMS_SHOWN])


def sdg_terms() -> dict[int, tuple[str, ...]]:
    """Goal → its heaviest index terms (language-tagged stems), for documentation and tests."""
    idx = index()
    names = {col: term for term, col in idx.vocabulary.items()}
    out = {}
    for goal in range(1, 18):
        row = idx.goal_weights[goal - 1].toarray().ravel()
        top = np.argsort(-row)[:30]
        out[goal] = tuple(names[int(c)] for c in top if row[c] > 0)
    return out
