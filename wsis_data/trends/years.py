"""The years of a trend: the span shown, sessions per year, and the "no data" rule.

A year of the span that the *dataset* has no session in at all is "no data": its counts are
missing (<NA>), never 0 (see `wsis_data.trends`).
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

from wsis_data.dataset import Dataset, Tables


def year_span(view: Dataset) -> tuple[int, ...]:
    """Every year from the first to the last year of the view (filter years, else the dataset)."""
    if view.filters is not None and view.filters.years:
        lo, hi = view.filters.years
    elif _dataset_years(view):
        lo, hi = _dataset_years(view)[0], _dataset_years(view)[-1]
    else:
        return ()
    return tuple(range(int(lo), int(hi) + 1))


def year_totals(view: Dataset) -> pd.DataFrame:
    """Sessions of the view per year of the span, with ``has_data`` (the dataset has the year).

    ``sessions`` is <NA> in a year the dataset holds no session at all ("no data").
    """
    span = year_span(view)
    has = np.isin(np.array(span, dtype=int), np.array(_dataset_years(view), dtype=int))
    counts = _year_sessions(view, span)
    return pd.DataFrame(
        {
            "year": np.array(span, dtype=np.int64),
            "sessions": _nullable(counts, has),
            "has_data": has,
        }
    )


_YEARS: weakref.WeakKeyDictionary[Tables, tuple[int, ...]] = weakref.WeakKeyDictionary()


def _dataset_years(view: Dataset) -> tuple[int, ...]:
    """The years of the whole dataset (like `Dataset.years`, computed once per dataset)."""
    if view.tables not in _YEARS:
        _YEARS[view.tables] = view.years
    return _YEARS[view.tables]


def _year_index(view: Dataset, span: tuple[int, ...]) -> np.ndarray:
    """Index in `span` of every session of the whole dataset (-1 outside the span)."""
    year = view.tables.sessions["year"].to_numpy(np.int64)
    if not span:
        return np.full(len(year), -1, np.int64)
    idx = year - span[0]
    return np.where((idx >= 0) & (idx < len(span)), idx, -1)


def _session_mask(view: Dataset) -> np.ndarray:
    n = len(view.tables.sessions)
    return np.ones(n, bool) if view.masks is None else view.masks.sessions


def _year_sessions(view: Dataset, span: tuple[int, ...]) -> np.ndarray:
    idx = _year_index(view, span)[_session_mask(view)]
    return np.bincount(idx[idx >= 0], minlength=len(span))[: len(span)]


def _nullable(values: np.ndarray, valid: np.ndarray) -> pd.arrays.IntegerArray:
    """Integers with <NA> where not `valid`."""
    valid = np.asarray(valid, bool)
    return pd.arrays.IntegerArray(np.where(valid, values, 0).astype(np.int64), ~valid)
