"""The `Filters` value object and `apply_filters`, the one place that filters a dataset."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wsis_data.dataset import EXPANDED_ROWS, Dataset, Masks
from wsis_data.records import provenance_mask
from wsis_data.taxonomy import (
    DECLARED_PROVENANCES,
    PROVENANCES,
    action_line_label,
    collapse_code,
    sdg_label,
)


@dataclass(frozen=True)
class Filters:
    """What the user asked to see. Empty tuples mean 'all'; hashable, so it can key a cache.

    Selecting "C7" selects C7 with every sub-line; selecting a sub-line selects only it.
    """

    years: tuple[int, int] | None = None
    action_lines: tuple[str, ...] = ()
    sdgs: tuple[int, ...] = ()
    session_types: tuple[str, ...] = ()
    organisers: tuple[str, ...] = ()
    text: str = ""
    provenances: frozenset[str] = field(default=DECLARED_PROVENANCES)

    def describe(self) -> str:
        """The active filters in one line (for captions and export metadata)."""
        parts = []
        if self.years:
            lo, hi = self.years
            parts.append(f"years {lo}" if lo == hi else f"years {lo}–{hi}")
        if self.action_lines:
            labels = (action_line_label(c, collapse_c7=c == "C7") for c in self.action_lines)
            parts.append("Action Lines " + ", ".join(labels))
        if self.sdgs:
            parts.append(", ".join(sdg_label(g) for g in self.sdgs))
        if self.session_types:
            parts.append("types " + ", ".join(self.session_types))
        if self.organisers:
            parts.append("organisers " + ", ".join(self.organisers))
        if self.text:
            parts.append(f"title contains {self.text!r}")
        parts.append("tags " + ", ".join(p for p in PROVENANCES if p in self.provenances))
        return "; ".join(parts)


def _selected_action_lines(codes: tuple[str, ...]) -> np.ndarray:
    """A boolean over EXPANDED_ROWS: which expanded rows the selection covers."""
    chosen = set(codes)
    return np.array([c in chosen or collapse_code(c) in chosen for c in EXPANDED_ROWS])


def _tag_mask(provenance: np.ndarray, include: int) -> np.ndarray | None:
    """Rows whose provenance has an included bit (None when every row qualifies)."""
    present = np.flatnonzero(np.bincount(provenance, minlength=256))
    if all(int(v) & include for v in present):
        return None
    return (provenance & np.uint8(include)) > 0


def _and(*masks: np.ndarray | None) -> np.ndarray | None:
    out = None
    for m in masks:
        if m is not None:
            out = m if out is None else out & m
    return out


def apply_filters(dataset: Dataset, filters: Filters) -> Dataset:
    """A view of `dataset` keeping what `filters` select (frames are shared, not copied)."""
    tables = dataset.tables
    sessions = tables.sessions
    n = len(sessions)
    include = provenance_mask(filters.provenances)
    year = sessions["year"].to_numpy()

    keep = np.ones(n, bool)
    if filters.years:
        lo, hi = filters.years
        keep &= (year >= lo) & (year <= hi)
    if filters.session_types:
        keep &= sessions["session_type"].isin(filters.session_types).to_numpy()
    if filters.organisers:
        orgs = tables.organisers
        hit = orgs["organisation"].isin(filters.organisers) | orgs["organiser"].isin(
            filters.organisers
        )
        keys = orgs.loc[hit, "session_key"].to_numpy()
        keep &= np.isin(np.arange(n), keys)
    if filters.text:
        title = sessions["title"].fillna("").str.contains(filters.text, case=False, regex=False)
        keep &= title.to_numpy(bool)

    al = tables.action_lines
    al_keep = _tag_mask(al["provenance"].to_numpy(np.uint8), include)
    if filters.action_lines:
        chosen = _selected_action_lines(filters.action_lines)
        al_keep = _and(al_keep, chosen[al["row"].to_numpy(np.int8)])
        keep &= _sessions_with(al["session_key"].to_numpy(), al_keep, n)

    sd = tables.sdgs
    sd_keep = _tag_mask(sd["provenance"].to_numpy(np.uint8), include)
    if filters.sdgs:
        sd_keep = _and(sd_keep, _selected_sdgs(filters.sdgs)[sd["sdg"].to_numpy(np.int8)])
        keep &= _sessions_with(sd["session_key"].to_numpy(), sd_keep, n)

    pairs = _pair_mask(dataset, filters, keep, include)
    masks = Masks(tables, keep, al_keep, sd_keep, pairs)
    return Dataset(info=dataset.info, tables=tables, filters=filters, masks=masks)


def _sessions_with(session_keys: np.ndarray, rows: np.ndarray | None, n: int) -> np.ndarray:
    has = np.zeros(n, bool)
    has[session_keys if rows is None else session_keys[rows]] = True
    return has


def _selected_sdgs(goals: tuple[int, ...]) -> np.ndarray:
    chosen = np.zeros(18, bool)
    chosen[list(goals)] = True
    return chosen


def _pair_mask(
    dataset: Dataset, filters: Filters, keep: np.ndarray, include: int
) -> np.ndarray | None:
    pairs = dataset.tables.pairs
    session_level = filters.session_types or filters.organisers or filters.text
    chosen_only = filters.action_lines or filters.sdgs
    mask = None
    if session_level or chosen_only:
        mask = keep[pairs.session]
    elif filters.years:
        lo, hi = filters.years
        mask = (pairs.year >= lo) & (pairs.year <= hi)
    mask = _and(
        mask, _tag_mask(pairs.al_provenance, include), _tag_mask(pairs.sdg_provenance, include)
    )
    if filters.action_lines:
        mask = _and(mask, _selected_action_lines(filters.action_lines)[pairs.action_line])
    if filters.sdgs:
        mask = _and(mask, _selected_sdgs(filters.sdgs)[pairs.sdg])
    return mask
