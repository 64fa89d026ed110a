"""Tag provenance, in one place: where a tag came from, its bit, its label and its defaults.

Every Action Line or SDG tag keeps where it came from: listed on the agenda ``page``, named in the
``title``, parsed from an outcome ``submission``, declared in an imported ``file`` (the four
*declared* provenances), ``suggested`` by text analysis or ``projected`` through the official
WSIS–SDG Matrix (two inferences, never counted as declared unless the user asks).

In the coded tag tables a provenance is one bit; a tag seen in two places carries both bits, and
rows of the same tag are merged by OR (`or_reduce`, `or_by_key`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from wsis_data.errors import SchemaError

PROVENANCES: tuple[str, ...] = ("page", "title", "submission", "file", "suggested", "projected")
DECLARED_PROVENANCES: frozenset[str] = frozenset({"page", "title", "submission", "file"})
PROVENANCE_LABELS: dict[str, str] = {
    "page": "listed on the agenda page",
    "title": "named in the session title",
    "submission": "parsed from an outcome submission",
    "file": "declared in an imported file",
    "suggested": "suggested from text (not declared)",
    "projected": "projected through the official matrix (not declared)",
}
#: Where a submission's year or session id came from (record fields, not tags: no bit).
FIELD_ORIGINS: dict[str, str] = {
    "document": "read from the document",
    "derived": "derived from the year and title (the template has no session id)",
    "entered": "entered by the user at import",
}
#: Bit of each provenance in the coded tag tables (a tag seen in two places carries both bits).
PROVENANCE_BITS: dict[str, int] = {p: 1 << i for i, p in enumerate(PROVENANCES)}
PROJECTED: int = PROVENANCE_BITS["projected"]
DECLARED_MASK: int = sum(PROVENANCE_BITS[p] for p in DECLARED_PROVENANCES)
#: The sidebar's help text for "Tags counted".
TAGS_COUNTED_HELP = (
    "Declared tags come from agenda pages (page), titles (title), outcome submissions "
    "(submission) and imported files (file). Suggested and projected tags are inferences and "
    "are counted only when chosen here. "
    + " ".join(f"{p}: {PROVENANCE_LABELS[p]}." for p in PROVENANCES)
)
#: The one wording of the notice shown when SDG links come from the projection only.
PROJECTED_NOTICE = (
    "No SDG was readable for these sessions. The SDG links shown are projected through the "
    "facilitators' WSIS–SDG Matrix from each session's Action Lines: an inference, not a "
    "declaration. Remove 'projected' from 'Tags counted' to see declared links only."
)


def provenance_mask(provenances: Iterable[str]) -> int:
    """The bit mask of a collection of provenance names (`SchemaError` for an unknown name)."""
    mask = 0
    for p in provenances:
        if p not in PROVENANCE_BITS:
            raise SchemaError(f"Unknown provenance {p!r}; expected one of {', '.join(PROVENANCES)}")
        mask |= PROVENANCE_BITS[p]
    return mask


def provenance_names(mask: int) -> tuple[str, ...]:
    """The provenance names whose bits are set in `mask`, in canonical order."""
    return tuple(p for p, bit in PROVENANCE_BITS.items() if mask & bit)


def provenance_label(mask: int) -> str:
    """Readable provenance of a tag: its provenance names joined by '+' ("page+projected")."""
    return "+".join(provenance_names(int(mask)))


def provenances_text(provenances: Iterable[str]) -> str:
    """The chosen provenances in canonical order, comma-separated (for captions and exports)."""
    chosen = set(provenances)
    return ", ".join(p for p in PROVENANCES if p in chosen)


def default_provenances(has_declared_sdgs: bool) -> tuple[str, ...]:
    """The tags counted by default: declared ones, plus the projected layer when no SDG is declared.

    >>> default_provenances(True)
    ('page', 'title', 'submission', 'file')
    >>> default_provenances(False)[-1]
    'projected'
    """
    chosen = set(DECLARED_PROVENANCES) | (set() if has_declared_sdgs else {"projected"})
    return tuple(p for p in PROVENANCES if p in chosen)


def projected_notice(has_declared_sdgs: bool, provenances: Iterable[str]) -> str | None:
    """The notice to show when the SDG links counted are projections only (else None)."""
    return None if has_declared_sdgs or "projected" not in set(provenances) else PROJECTED_NOTICE


def or_by_key(keys: np.ndarray, masks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct `keys` (sorted) and, for each, the OR of its provenance `masks`.

    >>> or_by_key(np.array([7, 3, 7]), np.array([1, 2, 4]))
    (array([3, 7]), array([2, 5], dtype=uint8))
    """
    unique, _, merged = _or_merge(np.asarray(keys), np.asarray(masks, np.uint8))
    return unique, merged


def or_reduce(frame: pd.DataFrame, keys: list[str], column: str) -> pd.DataFrame:
    """Group `frame` by `keys` and OR the bit masks of `column` (one row per group, sorted)."""
    ids = frame.groupby(keys, sort=True).ngroup().to_numpy()
    _, first, merged = _or_merge(ids, frame[column].to_numpy(np.uint8))
    return frame[keys].iloc[first].assign(**{column: merged}).reset_index(drop=True)


def _or_merge(keys: np.ndarray, masks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The OR-merge: distinct keys (sorted), the first position of each, and the OR of its masks."""
    unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    merged = np.zeros(len(unique), np.uint8)
    np.bitwise_or.at(merged, inverse.ravel(), masks)
    return unique, first, merged


def labels_by_session(session_keys: np.ndarray, masks: np.ndarray) -> pd.Series:
    """The readable OR of the provenances of each session's tags (index: session key)."""
    keys, merged = or_by_key(session_keys, masks)
    return pd.Series([provenance_label(m) for m in merged], index=keys, dtype=object)
