"""Filtered views of a dataset: `apply_filters`, the one place that filters.

A view shares the dataset's frames and carries boolean masks (`wsis_data.dataset.Masks`), each
computed on first use; nothing is copied until a frame is asked for.
"""

from __future__ import annotations

import weakref
from functools import cache

import numpy as np
import pandas as pd

from wsis_data.dataset import EXPANDED_ROWS, Dataset, Masks, Tables
from wsis_data.filters import Filters
from wsis_data.provenance import provenance_mask
from wsis_data.taxonomy import collapse_code


def _selected_action_lines(codes: tuple[str, ...]) -> np.ndarray:
    """A boolean over EXPANDED_ROWS: which expanded rows the selection covers."""
    chosen = set(codes)
    return np.array([c in chosen or collapse_code(c) in chosen for c in EXPANDED_ROWS])


def _tag_mask(provenance: np.ndarray, include: int, present: frozenset[int]) -> np.ndarray | None:
    """Rows whose provenance has an included bit (None when every row qualifies)."""
    if all(v & include for v in present):
        return None
    return (provenance & np.uint8(include)) > 0


def _and(*masks: np.ndarray | None) -> np.ndarray | None:
    out = None
    for m in masks:
        if m is not None:
            out = m if out is None else out & m
    return out


def apply_filters(dataset: Dataset, filters: Filters) -> Dataset:
    """A view of `dataset` keeping what `filters` select (frames are shared, not copied).

    A session is kept when it passes the session-level filters (years, types, organisers, title)
    and has at least one chosen Action Line and one chosen SDG among the tags counted.
    """
    tables = dataset.tables
    n = len(tables.sessions)
    include = provenance_mask(filters.provenances)
    present = tables.provenance_values
    base = _session_level(dataset, filters)
    al, sd = tables.action_lines, tables.sdgs
    chosen_al = _selected_action_lines(filters.action_lines) if filters.action_lines else None
    chosen_sdg = _selected_sdgs(filters.sdgs) if filters.sdgs else None

    @cache
    def al_tags() -> np.ndarray | None:
        keep = _tag_mask(al["provenance"].to_numpy(np.uint8), include, present["action_lines"])
        if chosen_al is not None:
            keep = _and(keep, chosen_al[al["row"].to_numpy(np.int8)])
        return keep

    @cache
    def sdg_tags() -> np.ndarray | None:
        keep = _tag_mask(sd["provenance"].to_numpy(np.uint8), include, present["sdgs"])
        if chosen_sdg is not None:
            keep = _and(keep, chosen_sdg[sd["sdg"].to_numpy(np.int8)])
        return keep

    def sessions() -> np.ndarray:
        keep = np.ones(n, bool) if base is None else base.copy()
        if chosen_al is not None:
            keep &= _sessions_with(al["session_key"].to_numpy(), al_tags(), n)
        if chosen_sdg is not None:
            keep &= _sessions_with(sd["session_key"].to_numpy(), sdg_tags(), n)
        return keep

    pairs, whole = _pair_mask(dataset, filters, base, include, chosen_al, chosen_sdg)
    masks = Masks(tables, sessions, al_tags, sdg_tags, pairs, whole_sessions=whole)
    return Dataset(info=dataset.info, tables=tables, filters=filters, masks=masks)


def _session_level(dataset: Dataset, filters: Filters) -> np.ndarray | None:
    """Sessions passing the years, types, organisers and title filters (None: no such filter)."""
    tables = dataset.tables
    sessions = tables.sessions
    n = len(sessions)
    if not (filters.years or filters.session_types or filters.organisers or filters.text):
        return None
    keep = np.ones(n, bool)
    if filters.years:
        lo, hi = filters.years
        year = sessions["year"].to_numpy()
        keep &= (year >= lo) & (year <= hi)
    if filters.session_types:
        keep &= sessions["session_type"].isin(filters.session_types).to_numpy()
    if filters.organisers:
        orgs = tables.organisers
        wanted = list(filters.organisers)
        hit = orgs["organisation"].isin(wanted) | orgs["organiser"].isin(wanted)
        keep &= _sessions_with(orgs["session_key"].to_numpy(), hit.to_numpy(bool), n)
    if filters.text:
        keep &= title_matches(tables, filters.text)
    return keep


_FOLDED: weakref.WeakKeyDictionary[Tables, pd.Series] = weakref.WeakKeyDictionary()


def _fold(text: pd.Series) -> pd.Series:
    """Lower-cased text, missing as "" (vectorised; the query goes through the same function)."""
    return text.fillna("").astype("str").str.lower()


def title_matches(tables: Tables, query: str) -> np.ndarray:
    """Which sessions' titles contain `query`, ignoring case: linear in titles + query.

    Titles are lower-cased once per dataset (cached); the match is a plain substring search,
    never a regular expression, so a long query over a long title cannot go quadratic.
    """
    if tables not in _FOLDED:
        _FOLDED[tables] = _fold(tables.sessions["title"])
    needle = _fold(pd.Series([query]))[0]
    return _FOLDED[tables].str.contains(needle, regex=False).to_numpy(bool)


def _sessions_with(session_keys: np.ndarray, rows: np.ndarray | None, n: int) -> np.ndarray:
    has = np.zeros(n, bool)
    has[session_keys if rows is None else session_keys[rows]] = True
    return has


def _selected_sdgs(goals: tuple[int, ...]) -> np.ndarray:
    chosen = np.zeros(18, bool)
    chosen[list(goals)] = True
    return chosen


def _pair_mask(
    dataset: Dataset,
    filters: Filters,
    base: np.ndarray | None,
    include: int,
    chosen_al: np.ndarray | None,
    chosen_sdg: np.ndarray | None,
) -> tuple[np.ndarray | None, bool]:
    """The pair rows kept, and whether whole sessions only were kept or dropped.

    A pair row that survives the row-level Action Line, SDG and provenance conditions belongs to
    a session with a chosen Action Line and SDG, so only `base` needs mapping onto the rows.
    """
    tables = dataset.tables
    pairs = tables.pairs
    mask = None
    if filters.session_types or filters.organisers or filters.text:
        mask = base[pairs.session]
    elif filters.years:
        lo, hi = filters.years
        mask = (pairs.year >= lo) & (pairs.year <= hi)
    present = tables.provenance_values
    by_tag = _and(
        _tag_mask(pairs.al_provenance, include, present["pairs_al"]),
        _tag_mask(pairs.sdg_provenance, include, present["pairs_sdg"]),
        None if chosen_al is None else chosen_al[pairs.action_line],
        None if chosen_sdg is None else chosen_sdg[pairs.sdg],
    )
    return _and(mask, by_tag), by_tag is None
