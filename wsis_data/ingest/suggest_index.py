"""The term index behind SDG suggestions: official goal and target wording in six languages.

Source: ``wsis_data/data/sdg_translations/`` (the 17 goals and 169 targets in Arabic, Chinese,
English, French, Russian and Spanish, from open-sdg/sdg-translations, MIT; see its README).

Text is cut into terms the same way for the index and for a text to be read:

- words in Latin, Cyrillic or Arabic script are case-folded, stop words of their language
  (package ``stop-words``) are dropped and the rest are stemmed by Snowball (``snowballstemmer``:
  English, French, Spanish, Russian, Arabic); a Latin-script text is read as English, French or
  Spanish, whichever has most stop words in it;
- Chinese has no spaces: every run of Chinese characters gives its character pairs (bigrams);
- next to single terms, each pair of neighbouring terms ("drinking water", "decent work") is a term.

Each term carries its language (``en:educ``), so languages never mix. scikit-learn counts the
terms of 17 goal documents (a goal's short name and title, twice, plus all its targets, in all
six languages) and weighs them by TF-IDF with an idf that is 0 for a term found in every goal;
169 target documents are weighed the same way to name the target a sentence matches best.
Everything is linear in the text: one regex pass, memoised stemming, one sparse product.
"""

from __future__ import annotations

import csv
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import snowballstemmer
from scipy import sparse
from scipy.sparse import linalg as _linalg  # noqa: F401 - makes sparse.linalg available
from stop_words import get_stop_words

SOURCE_DIR = Path(__file__).resolve().parents[1] / "data" / "sdg_translations"
#: the project's hand-picked English terms per goal (with the target each comes from)
CURATED_FILE = Path(__file__).resolve().parents[1] / "data" / "sdg_terms.csv"
#: the same kind of terms in the six languages (our translation of those terms, checked against
#: the official wording), so that a French or Chinese text is read as well as an English one
CURATED_I18N_FILE = Path(__file__).resolve().parents[1] / "data" / "sdg_terms_i18n.csv"
CURATED_REPEAT = 3  # a curated term counts as if the goal's wording had it this many times
TITLE_REPEAT = 8  # a goal's short name and title count this many times
LANGUAGES = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "zh-Hans": "zh", "ar": "ar"}
_STEMMERS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
_STOP_NAMES = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
_STOP_NAMES["zh"] = "chinese"
#: words the generic stop lists drop but SDG wording needs ("decent work", "access to information")
KEEP = frozenset({"work", "information", "world", "system", "systems", "million", "use"})
#: the framework's own words (its name, "goal", "target", "2030 Agenda"): every SDG text has them
FRAMEWORK = {
    "en": "sustainable development goal goals target targets agenda sdg sdgs",
    "fr": "objectif objectifs développement durable cible cibles programme odd",
    "es": "objetivo objetivos desarrollo sostenible meta metas agenda ods",
    "ru": "цель цели целей устойчивого развития развитие задача задачи повестки повестка цур",
    "ar": "هدف أهداف الأهداف التنمية المستدامة الغاية غاية خطة",
    "zh": "可持续发展目标",
}
LATIN = ("en", "fr", "es")
MAX_WORD = 40  # longer "words" are not words (and would make stemming slow)
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[^\W\d_]+")
_ARABIC_MARKS = re.compile(r"[\u064b-\u0652\u0640]")
_E_PREFIX = re.compile(r"\b([eE])\s?[-‐‑–]\s?(?=[^\W\d_]{3})")  # "e-health" → "ehealth"


def _script(word: str) -> str:
    first = word[0]
    if "\u0400" <= first <= "\u04ff":
        return "ru"
    if "\u0600" <= first <= "\u06ff":
        return "ar"
    if "\u3400" <= first <= "\u9fff":
        return "zh"
    return "latin"


@cache
def stop_words(lang: str) -> frozenset[str]:
    """The stop words of a language (case-folded), less `KEEP`."""
    words = {w.casefold() for w in get_stop_words(_STOP_NAMES[lang])}
    words |= set(FRAMEWORK[lang]) if lang == "zh" else set(FRAMEWORK[lang].split())
    if lang == "ar":
        words = {_ARABIC_MARKS.sub("", w) for w in words}
    return frozenset(words - KEEP)


_THREAD = threading.local()


def _stemmer(lang: str):
    """This thread's stemmer for `lang` (PyStemmer's stemmers must not be shared by threads)."""
    stemmers = _THREAD.__dict__.setdefault("stemmers", {})
    if lang not in stemmers:
        stemmers[lang] = snowballstemmer.stemmer(_STEMMERS[lang])
    return stemmers[lang]


@lru_cache(maxsize=200_000)
def _stem(lang: str, word: str) -> str:
    return _stemmer(lang).stemWord(word)


def latin_language(text: str) -> str:
    """ "en", "fr" or "es": the language whose stop words are most frequent in `text`."""
    counts = Counter()
    for match in _RUN.finditer(text[:20_000]):
        word = match.group().casefold()
        for lang in LATIN:
            if word in stop_words(lang):
                counts[lang] += 1
    return max(LATIN, key=lambda lang: (counts[lang], lang == "en"))


def terms(text: str, latin: str | None = None, joined: bool = False) -> list[tuple[str, str]]:
    """(term, surface word) pairs of `text`, single terms then neighbour pairs, in text order.

    With `joined` (for the index), two neighbours also give the stem of the two glued together,
    so "health care" in a target matches "healthcare" in a text.

    >>> [t for t, _ in terms("Access to drinking water", "en")]
    ['en:access', 'en:drink', 'en:water', 'en:access en:drink', 'en:drink en:water']
    """
    text = _E_PREFIX.sub(r"\1", unicodedata.normalize("NFKC", text))
    latin = latin or latin_language(text)
    singles: list[tuple[str, str]] = []
    pairs: list[tuple[str, str]] = []
    previous, previous_word = "", ""
    for match in _RUN.finditer(text):
        run = match.group()
        script = _script(run)
        if script == "zh":
            grams = [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
            stops = stop_words("zh")
            singles += [(f"zh:{g}", g) for g in grams if not all(c in stops for c in g)]
            previous = ""
            continue
        lang = latin if script == "latin" else script
        word = run.casefold()
        if script == "ar":
            word = _ARABIC_MARKS.sub("", word)
        if len(word) < 2 or len(word) > MAX_WORD or word in stop_words(lang):
            continue
        term = f"{lang}:{_stem(lang, word)}"
        singles.append((term, run))
        if previous:
            pairs.append((f"{previous} {term}", f"{previous_word} {run}"))
            if joined and len(previous_word) + len(word) <= MAX_WORD:
                glued = _stem(lang, previous_word.casefold() + word)
                pairs.append((f"{lang}:{glued}", f"{previous_word}{run}"))
        previous, previous_word = term, run
    return singles + pairs


@dataclass(frozen=True)
class Index:
    """Goal and target term weights over one vocabulary."""

    vocabulary: dict[str, int]
    goal_weights: sparse.csr_matrix  # 17 × terms
    target_weights: sparse.csr_matrix  # targets × terms
    targets: tuple[str, ...]  # target codes, rows of target_weights
    target_goals: np.ndarray  # goal of each target row

    def vectors(self, sentences: list[list[str]]) -> sparse.csr_matrix:
        """Binary sentence × term matrix (terms outside the vocabulary are ignored)."""
        rows, cols = [], []
        for row, sentence in enumerate(sentences):
            found = {self.vocabulary[t] for t in sentence if t in self.vocabulary}
            rows += [row] * len(found)
            cols += sorted(found)
        data = np.ones(len(rows))
        shape = (len(sentences), len(self.vocabulary))
        return sparse.csr_matrix((data, (rows, cols)), shape=shape)


def _read(name: str) -> list[dict[str, str]]:
    return _read_path(SOURCE_DIR / name)


def _read_path(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _tfidf(documents: list[list[str]], vocabulary: dict[str, int] | None = None):
    """(vocabulary, weights): sublinear TF × idf, idf = ln(n/df) so terms in every doc weigh 0."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    counter = CountVectorizer(analyzer=lambda doc: doc, vocabulary=vocabulary)
    counts = counter.fit_transform(documents)
    with np.errstate(divide="ignore"):  # a given vocabulary may hold terms absent here
        transformer = TfidfTransformer(norm=None, smooth_idf=False, sublinear_tf=True).fit(counts)
    idf = transformer.idf_ - 1.0  # sklearn adds 1; we want 0 for a term in every document
    transformer.idf_ = np.where(np.isfinite(idf), idf, 0.0)
    return counter.vocabulary_, sparse.csr_matrix(transformer.transform(counts))


@cache
def index() -> Index:
    """The index built from ``sdg_translations`` and ``sdg_terms.csv`` (once per process)."""
    return build_index(CURATED_REPEAT, TITLE_REPEAT)


def build_index(curated_repeat: int, title_repeat: int, i18n: bool = True) -> Index:
    """Goal weights (rows scaled to one common length, so goals with long wording do not win
    by size) and target weights from the official wording plus the curated terms."""
    goal_docs: list[list[str]] = [[] for _ in range(17)]
    with CURATED_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            words = [t for t, _ in terms(row["term"], "en", joined=True)]
            goal_docs[int(row["goal"]) - 1] += words * curated_repeat
    if i18n:
        for row in _read_path(CURATED_I18N_FILE):
            words = [t for t, _ in terms(row["term"], _latin_or_none(row["language"]), joined=True)]
            goal_docs[int(row["goal"]) - 1] += words * curated_repeat
    for row in _read("sdg_goals.csv"):
        lang = LANGUAGES[row["language"]]
        text = f"{row['short']}. {row['title']}"
        words = [t for t, _ in terms(text, _latin_or_none(lang), joined=True)]
        goal_docs[int(row["goal"]) - 1] += words * title_repeat
    target_docs: dict[str, list[str]] = {}
    target_goal: dict[str, int] = {}
    for row in _read("sdg_targets.csv"):
        lang = LANGUAGES[row["language"]]
        words = [t for t, _ in terms(row["title"], _latin_or_none(lang), joined=True)]
        goal_docs[int(row["goal"]) - 1] += words
        target_docs.setdefault(row["target"], []).extend(words)
        target_goal[row["target"]] = int(row["goal"])
    vocabulary, goal_weights = _tfidf(goal_docs)
    vocabulary = {term: int(col) for term, col in vocabulary.items()}
    norms = sparse.linalg.norm(goal_weights, axis=1)
    goal_weights = sparse.csr_matrix(sparse.diags(norms.mean() / norms) @ goal_weights)
    codes = tuple(sorted(target_docs, key=_target_key))
    _, target_weights = _tfidf([target_docs[c] for c in codes], vocabulary)
    goals = np.array([target_goal[c] for c in codes])
    return Index(vocabulary, goal_weights, target_weights, codes, goals)


def _latin_or_none(lang: str) -> str | None:
    return lang if lang in LATIN else "en"


def _target_key(code: str) -> tuple[int, int, str]:
    goal, _, part = code.partition(".")
    return (int(goal), int(part) if part.isdigit() else 100, part)
