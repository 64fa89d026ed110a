"""Counts per year and key of a view: `counts_by_year` (the long frame) and `by_year_table`."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wsis_data.dataset import COLLAPSE_INDEX, COLLAPSED_ROWS, EXPANDED_ROWS, Dataset, Tables
from wsis_data.errors import WsisError
from wsis_data.matrix import N_SDG
from wsis_data.taxonomy import SDG_GOALS, action_line_label, sdg_label
from wsis_data.trends.years import (
    _YEARS,
    _dataset_years,
    _nullable,
    _session_mask,
    _year_index,
    _year_sessions,
    year_span,
)

BREAKDOWNS: dict[str, str] = {
    "action_line": "Action Line",
    "sdg": "SDG",
    "session_type": "Session type",
    "organisation": "Organisation",
}
MEASURES: dict[str, str] = {
    "sessions": "Sessions",
    "share": "Share of the year's sessions",
    "tag_share": "Share of the year's tags",
}
NO_TYPE = "(type not given)"
OTHER_ORGANISATIONS = "(other organisations)"
#: Above this many (session × key) cells distinct pairs are found by sorting, not a dense mask.
_DENSE_LIMIT = 64_000_000


_CODES: weakref.WeakKeyDictionary[Tables, dict[str, tuple[np.ndarray, np.ndarray]]] = (
    weakref.WeakKeyDictionary()
)


def _column_codes(tables: Tables, table: str, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of a text column of a dataset table and the values (cached per dataset).

    Values are sorted; a missing value gets code -1.
    """
    cache = _CODES.setdefault(tables, {})
    if (table, column) not in cache:
        codes, names = pd.factorize(getattr(tables, table)[column], sort=True)
        cache[(table, column)] = (codes.astype(np.int64), np.asarray(names, dtype=object))
    return cache[(table, column)]


def clear_caches() -> None:
    """Forget the per-dataset code tables and years (for benchmarks measuring a cold start)."""
    _CODES.clear()
    _YEARS.clear()


@dataclass(frozen=True)
class _Tags:
    """Distinct (session, key code) pairs of a view, and the keys the codes stand for."""

    session: np.ndarray
    code: np.ndarray
    keys: tuple
    labels: tuple[str, ...]


def _distinct(session: np.ndarray, code: np.ndarray, n_codes: int, n_sessions: int) -> _Tags:
    """Drop repeated (session, code) pairs (e.g. two C7 sub-lines collapsed to C7)."""
    session = session.astype(np.int64)
    code = code.astype(np.int64)
    if n_sessions * n_codes <= _DENSE_LIMIT:
        seen = np.zeros(n_sessions * n_codes, bool)
        seen[session * n_codes + code] = True
        flat = np.flatnonzero(seen)
    else:
        flat = np.sort(session * n_codes + code)
        flat = flat[np.concatenate(([True], flat[1:] != flat[:-1]))] if len(flat) else flat
    return _Tags(flat // n_codes, flat % n_codes, (), ())


def _tag_arrays(view: Dataset, table: str, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Session keys and one column of a tag table, restricted to the view's rows (numpy only)."""
    frame = getattr(view.tables, table)
    session, values = frame["session_key"].to_numpy(), frame[column].to_numpy()
    if view.masks is None:
        return session, values
    keep = getattr(view.masks, table)
    return session[keep], values[keep]


def _tags(view: Dataset, by: str, collapse_c7: bool) -> _Tags:
    """The view's distinct (session, key) pairs for a breakdown, with every possible key."""
    n = len(view.tables.sessions)
    if by == "action_line":
        session, rows = _tag_arrays(view, "action_lines", "row")
        if collapse_c7:
            codes, keys = COLLAPSE_INDEX[rows], COLLAPSED_ROWS
        else:
            codes, keys = rows, EXPANDED_ROWS
        tags = _distinct(session, codes, len(keys), n)
        labels = tuple(action_line_label(k, collapse_c7=collapse_c7) for k in keys)
        return _Tags(tags.session, tags.code, keys, labels)
    if by == "sdg":
        session, goals = _tag_arrays(view, "sdgs", "sdg")
        tags = _distinct(session, goals.astype(np.int64) - 1, N_SDG, n)
        return _Tags(tags.session, tags.code, SDG_GOALS, tuple(sdg_label(g) for g in SDG_GOALS))
    if by == "session_type":
        all_codes, values = _column_codes(view.tables, "sessions", "session_type")
        names = (*(str(x) for x in values), NO_TYPE)
        keep = np.flatnonzero(_session_mask(view))
        codes = all_codes[keep]
        return _Tags(keep, np.where(codes < 0, len(names) - 1, codes), names, names)
    if by == "organisation":
        all_codes, names = _column_codes(view.tables, "organisers", "organisation")
        rows = slice(None) if view.masks is None else view.masks.organisers
        session = view.tables.organisers["session_key"].to_numpy()[rows]
        tags = _distinct(session, all_codes[rows], len(names), n)
        keys = tuple(str(x) for x in names)
        return _Tags(tags.session, tags.code, keys, keys)
    raise WsisError(f"Unknown breakdown {by!r}; expected one of {', '.join(BREAKDOWNS)}")


def counts_by_year(
    view: Dataset,
    by: str,
    *,
    collapse_c7: bool = True,
    top_n: int | None = None,
    other: bool = False,
) -> pd.DataFrame:
    """Sessions per (year, key) of a view, as a long frame with explicit zeros and "no data" years.

    Columns: ``year``, ``key`` (Action Line code, SDG number, session type or organisation),
    ``label``, ``sessions`` (distinct sessions of the year carrying the key), ``share``,
    ``tag_share``, ``year_sessions``, ``has_data``, ``change`` and ``share_change``.

    - ``share`` = sessions with the key / **all sessions of that year in the view** (whether or not
      they carry any key of this breakdown). A session with several keys counts once per key, so
      for Action Lines, SDGs and organisations the shares of a year can sum to more than 1. For
      ``session_type`` (one type per session, ``"(type not given)"`` when missing) they sum to 1.
    - ``tag_share`` = sessions with the key / **all (session, key) tags of that year** in the view
      (the year's composition): it sums to 1 over the keys of every year with tags, for every
      breakdown. With ``top_n`` the denominator still counts every organisation's tags, so the
      shown keys sum to 1 only with ``other=True``.
    - A year the view has no session in (but the dataset has) gives sessions 0 and shares 0.
    - A year the dataset holds no session in at all gives <NA>/NaN and ``has_data`` False.
    - ``change`` / ``share_change``: difference with the previous year of the span (<NA>/NaN for
      the first year and next to a "no data" year).

    Action Lines follow ``collapse_c7`` (11 keys, or 18 plus "C7" labelled "C7 (unspecified)"
    when a session in the view is tagged C7 without a sub-line). ``top_n`` keeps the keys with the
    most sessions over the span (ties by key order); ``other=True`` adds
    ``"(other organisations)"``/other keys: the sessions with at least one key left out.

    >>> from wsis_data.dataset import DatasetInfo, from_records
    >>> from wsis_data.records import SessionRecord, Tag
    >>> def rec(year, sid, *codes):
    ...     return SessionRecord(year, sid, "t", action_lines=tuple(Tag(c, "file") for c in codes))
    >>> recs = [rec(2020, "1", "C1"), rec(2020, "2", "C1", "C3"), rec(2022, "1", "C3")]
    >>> t = counts_by_year(from_records(recs, DatasetInfo("doc", "doc")), "action_line")
    >>> c1 = t[t["key"] == "C1"]
    >>> c1["sessions"].tolist(), c1["share"].tolist(), c1["has_data"].tolist()
    ([2, <NA>, 0], [1.0, nan, 0.0], [True, False, True])
    """
    span = year_span(view)
    tags = _tags(view, by, collapse_c7)
    yidx = _year_index(view, span)
    n_years, n_keys = len(span), len(tags.keys)
    tag_year = yidx[tags.session]
    inside = tag_year >= 0
    counts = np.bincount(
        tag_year[inside] * n_keys + tags.code[inside], minlength=n_years * n_keys
    ).reshape(n_years, n_keys)
    tag_totals = counts.sum(axis=1)
    keep = np.ones(n_keys, bool)
    if by == "action_line" and not collapse_c7:
        keep[EXPANDED_ROWS.index("C7")] = counts[:, EXPANDED_ROWS.index("C7")].sum() > 0
    if by == "organisation":
        keep &= counts.sum(axis=0) > 0
    order = np.flatnonzero(keep)
    if by in ("organisation", "session_type"):
        order = order[np.argsort(-counts[:, order].sum(axis=0), kind="stable")]
    extra = None
    if top_n is not None and len(order) > top_n:
        dropped = np.zeros(n_keys, bool)
        dropped[order[top_n:]] = True
        order = order[:top_n]
        if other:
            hit = dropped[tags.code] & inside
            flat = np.unique(tags.session[hit])
            extra = np.bincount(yidx[flat], minlength=n_years)
    keys = [tags.keys[i] for i in order]
    labels = [tags.labels[i] for i in order]
    grid = counts[:, order]
    if extra is not None:
        grid = np.column_stack([grid, extra])
        keys.append(OTHER_ORGANISATIONS if by == "organisation" else "(other)")
        labels.append(keys[-1])
    return _long_frame(view, span, keys, labels, grid, tag_totals)


def _long_frame(
    view: Dataset,
    span: tuple[int, ...],
    keys: list,
    labels: list[str],
    grid: np.ndarray,
    tag_totals: np.ndarray,
) -> pd.DataFrame:
    """The long (year, key) frame of a years × keys count grid, with the no-data rule applied."""
    n_years, n_keys = grid.shape if grid.ndim == 2 else (len(span), 0)
    has = np.isin(np.array(span, dtype=int), np.array(_dataset_years(view), dtype=int))
    year_sessions = _year_sessions(view, span)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(year_sessions[:, None] > 0, grid / year_sessions[:, None], 0.0)
        tag_share = np.where(tag_totals[:, None] > 0, grid / tag_totals[:, None], 0.0)
    share = np.where(has[:, None], share, np.nan)
    tag_share = np.where(has[:, None], tag_share, np.nan)
    counts = np.where(has[:, None], grid, -1).astype(np.int64)
    prev_ok = np.zeros(n_years, bool)
    prev_ok[1:] = has[1:] & has[:-1]
    change = np.zeros_like(counts)
    change[1:] = counts[1:] - counts[:-1]
    share_change = np.full(share.shape, np.nan)
    share_change[1:] = share[1:] - share[:-1]
    share_change[~prev_ok] = np.nan
    frame = pd.DataFrame(
        {
            "year": np.repeat(np.array(span, dtype=np.int64), n_keys),
            "key": pd.Series(np.tile(np.array(keys, dtype=object), n_years), dtype=object),
            "label": np.tile(np.array(labels, dtype=object), n_years),
            "sessions": _nullable(counts.ravel(), np.repeat(has, n_keys)),
            "share": share.ravel(),
            "tag_share": tag_share.ravel(),
            "year_sessions": _nullable(np.repeat(year_sessions, n_keys), np.repeat(has, n_keys)),
            "has_data": np.repeat(has, n_keys),
            "change": _nullable(change.ravel(), np.repeat(prev_ok, n_keys)),
            "share_change": share_change.ravel(),
        }
    )
    if keys and all(isinstance(k, int) for k in keys):
        frame["key"] = frame["key"].astype(np.int64)
    return frame


def by_year_table(long: pd.DataFrame, measure: str = "sessions") -> pd.DataFrame:
    """The long frame as a key × year table (rows in key order, labelled; no-data years empty)."""
    if measure not in MEASURES:
        raise WsisError(f"Unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")
    table = long.pivot(index="label", columns="year", values=measure)
    table = table.reindex(pd.unique(long["label"]))
    table.index.name = "key"
    return table
