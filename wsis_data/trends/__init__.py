"""How the WSIS–SDG picture moves year by year: counts per year, matrices per year, changes.

Everything here starts from a (filtered) view and returns plain frames or arrays:

- `counts_by_year(view, by)`: a long frame, one row per (year, key), for ``by`` in `BREAKDOWNS`
  (Action Line, SDG, session type, organisation).
- `matrices_by_year(view)`: the Action Line × SDG matrix of every year, counted exactly like
  `wsis_data.matrix.build_matrix` (distinct sessions per cell, C7 sub-lines collapsed once).
- Changes: `year_change` columns in the long frame, `risers_fallers`, `difference` (year B minus
  year A) and `pair_appearance` (first and last year an Action Line × SDG pair appears).
- `sessions_behind(view, by, year, key)`: the sessions behind one point, in the same shape as
  `wsis_data.matrix.drilldown`.

Years: the span runs from the filter's first to last year (or the dataset's first to last year
without a year filter). A year of the span that the *dataset* has no session in at all is "no
data": its counts and shares are missing (NaN / <NA>) and ``has_data`` is False, never 0. A year
the dataset has, but with no session for a key in the view, counts an explicit 0.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wsis_data.dataset import (
    COLLAPSE_INDEX,
    COLLAPSED_ROWS,
    EXPANDED_ROWS,
    Dataset,
    Tables,
    provenance_label,
)
from wsis_data.errors import WsisError
from wsis_data.matrix import N_SDG
from wsis_data.taxonomy import SDG_GOALS, action_line_label, sdg_label

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
DRILLDOWN_COLUMNS = (
    "year",
    "session_id",
    "title",
    "session_type",
    "organisers",
    "url",
    "action_lines",
    "action_line_provenance",
    "sdg_provenance",
)
#: Above this many (session × key) cells distinct pairs are found by sorting, not a dense mask.
_DENSE_LIMIT = 64_000_000


# --- years -------------------------------------------------------------------------------------


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


# --- counts per year and key ---------------------------------------------------------------------


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


def _nullable(values: np.ndarray, valid: np.ndarray) -> pd.arrays.IntegerArray:
    """Integers with <NA> where not `valid`."""
    valid = np.asarray(valid, bool)
    return pd.arrays.IntegerArray(np.where(valid, values, 0).astype(np.int64), ~valid)


def by_year_table(long: pd.DataFrame, measure: str = "sessions") -> pd.DataFrame:
    """The long frame as a key × year table (rows in key order, labelled; no-data years empty)."""
    if measure not in MEASURES:
        raise WsisError(f"Unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")
    table = long.pivot(index="label", columns="year", values=measure)
    table = table.reindex(pd.unique(long["label"]))
    table.index.name = "key"
    return table


# --- Action Line × SDG matrices per year -------------------------------------------------------


@dataclass(frozen=True, eq=False)
class YearMatrices:
    """The Action Line × SDG matrix of every year of the span (distinct sessions per cell).

    ``counts[i]`` is the matrix of ``years[i]`` exactly as `build_matrix` counts it on the view
    restricted to that year; ``year_sessions[i]`` is the number of sessions of that year in the
    view (the denominator of "share of the year"); ``has_data[i]`` is False for years the dataset
    holds no session in (their counts are 0 and must be shown as "no data").
    """

    years: tuple[int, ...]
    rows: tuple[str, ...]
    counts: np.ndarray  # (years, rows, 17) int64
    year_sessions: np.ndarray  # (years,) int64
    has_data: np.ndarray  # (years,) bool
    collapse_c7: bool

    @property
    def row_labels(self) -> list[str]:
        """Display labels of the rows."""
        return [action_line_label(c, collapse_c7=self.collapse_c7) for c in self.rows]

    def _at(self, year: int) -> int:
        if year not in self.years:
            raise WsisError(f"Year {year} is outside the years shown ({self._span_text()})")
        i = self.years.index(year)
        if not self.has_data[i]:
            raise WsisError(f"The dataset holds no session in {year}: choose a year with data")
        return i

    def _span_text(self) -> str:
        return f"{self.years[0]}–{self.years[-1]}" if self.years else "none"

    def frame(self, year: int, measure: str = "sessions") -> pd.DataFrame:
        """The matrix of one year (rows × SDG 1–17) in sessions or share of the year's sessions."""
        i = self._at(year)
        values = self.counts[i].astype(float) if measure == "share" else self.counts[i]
        if measure == "share":
            n = self.year_sessions[i]
            values = values / n if n else np.zeros_like(values)
        elif measure != "sessions":
            raise WsisError(f"Unknown measure {measure!r}; expected sessions or share")
        out = pd.DataFrame(values, index=list(self.rows), columns=list(SDG_GOALS))
        out.index.name = "action_line"
        return out

    def shares(self) -> np.ndarray:
        """Counts divided by the year's sessions in the view (0 where the year has none)."""
        n = self.year_sessions.astype(float)[:, None, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(n > 0, self.counts / n, 0.0)

    def long(self) -> pd.DataFrame:
        """One row per (year, Action Line, SDG): sessions, share of the year, has_data."""
        ny, nr = len(self.years), len(self.rows)
        has = np.repeat(self.has_data, nr * N_SDG)
        return pd.DataFrame(
            {
                "year": np.repeat(np.array(self.years, dtype=np.int64), nr * N_SDG),
                "action_line": np.tile(np.repeat(np.array(self.rows, dtype=object), N_SDG), ny),
                "action_line_label": np.tile(
                    np.repeat(np.array(self.row_labels, dtype=object), N_SDG), ny
                ),
                "sdg": np.tile(np.array(SDG_GOALS, dtype=np.int64), ny * nr),
                "sessions": _nullable(self.counts.ravel(), has),
                "share": np.where(has, self.shares().ravel(), np.nan),
                "has_data": has,
            }
        )


def matrices_by_year(view: Dataset, *, collapse_c7: bool = True) -> YearMatrices:
    """The Action Line × SDG matrix of every year of the view's span, in one pass over the pairs.

    Counts follow `wsis_data.matrix.build_matrix` exactly: distinct sessions per cell, a session
    with two C7 sub-lines and one SDG counts once in the collapsed C7 cell. Expanded, the plain
    "C7" row is kept when any year has a session tagged C7 without a sub-line.

    >>> from wsis_data.dataset import DatasetInfo, from_records
    >>> from wsis_data.records import SessionRecord, Tag
    >>> def rec(year, codes, goal):
    ...     tags = tuple(Tag(c, "file") for c in codes)
    ...     return SessionRecord(year, "1", "t", action_lines=tags, sdgs=(Tag(goal, "file"),))
    >>> recs = [rec(2020, ("C7.e-health", "C7.e-learning"), 3), rec(2021, ("C1",), 3)]
    >>> m = matrices_by_year(from_records(recs, DatasetInfo("doc", "doc"), project=False))
    >>> int(m.frame(2020).loc["C7", 3]), int(m.frame(2021).loc["C1", 3]), m.years
    (1, 1, (2020, 2021))
    """
    span = year_span(view)
    pairs = view.tables.pairs
    mask = view.pair_mask
    session, al, sdg, shared = pairs.session, pairs.action_line, pairs.sdg, pairs.c7_shared
    if mask is not None:
        session, al, sdg, shared = session[mask], al[mask], sdg[mask], shared[mask]
    yidx_all = _year_index(view, span).astype(np.int32)
    if (yidx_all < 0).any():  # sessions outside the span (never in a view, but be safe)
        inside = yidx_all[session] >= 0
        session, al, sdg, shared = session[inside], al[inside], sdg[inside], shared[inside]
    rows = COLLAPSE_INDEX[al] if collapse_c7 else al
    codes = COLLAPSED_ROWS if collapse_c7 else EXPANDED_ROWS
    n_rows, n_years = len(codes), len(span)
    size = n_years * n_rows * N_SDG
    cell = yidx_all[session]
    cell *= n_rows
    cell += rows
    cell *= N_SDG
    cell += sdg
    cell -= 1
    if collapse_c7 and shared.any():
        # A session with two C7 sub-lines and one SDG counts once in the collapsed C7 cell.
        counts = np.bincount(cell[~shared], minlength=size)
        keys = np.sort(session[shared].astype(np.int64) * 32 + sdg[shared])
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
        c7 = COLLAPSED_ROWS.index("C7")
        c7_cells = (yidx_all[keys // 32].astype(np.int64) * n_rows + c7) * N_SDG + keys % 32 - 1
        counts += np.bincount(c7_cells, minlength=size)
    else:
        counts = np.bincount(cell, minlength=size)
    counts = counts.reshape(n_years, n_rows, N_SDG)
    if not collapse_c7:
        plain = EXPANDED_ROWS.index("C7")
        if counts[:, plain].sum() == 0:
            counts = np.delete(counts, plain, axis=1)
            codes = codes[:plain] + codes[plain + 1 :]
    has = np.isin(np.array(span, dtype=int), np.array(_dataset_years(view), dtype=int))
    return YearMatrices(
        years=span,
        rows=tuple(codes),
        counts=counts.astype(np.int64),
        year_sessions=_year_sessions(view, span).astype(np.int64),
        has_data=has,
        collapse_c7=collapse_c7,
    )


# --- changes -------------------------------------------------------------------------------------


def difference(
    matrices: YearMatrices, year_a: int, year_b: int, measure: str = "sessions"
) -> pd.DataFrame:
    """Year B minus year A, per Action Line × SDG cell, in sessions or share of the year.

    "share" compares each cell's sessions divided by all sessions of its year in the view, so
    years of different size compare fairly. Raises `WsisError` for a year without data.
    """
    return matrices.frame(year_b, measure) - matrices.frame(year_a, measure)


def risers_fallers(
    long: pd.DataFrame, year_a: int, year_b: int, *, measure: str = "sessions", n: int = 5
) -> pd.DataFrame:
    """The `n` keys that rose most and the `n` that fell most from year A to year B.

    Columns: key, label, ``value_a``, ``value_b``, ``change`` (B − A in `measure`) and
    ``direction`` ("riser" / "faller"); risers first (largest rise first), then fallers (largest
    fall first). Keys with no change are left out. Raises `WsisError` for a year without data.
    """
    if measure not in MEASURES:
        raise WsisError(f"Unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")
    for year in (year_a, year_b):
        rows = long[long["year"] == year]
        if rows.empty:
            raise WsisError(f"Year {year} is outside the years shown")
        if not bool(rows["has_data"].iloc[0]):
            raise WsisError(f"The dataset holds no session in {year}: choose a year with data")
    a = long[long["year"] == year_a].set_index("key")
    b = long[long["year"] == year_b].set_index("key")
    out = pd.DataFrame(
        {
            "key": a.index.to_numpy(dtype=object),
            "label": a["label"].to_numpy(dtype=object),
            "value_a": a[measure].to_numpy(dtype=float),
            "value_b": b.loc[a.index, measure].to_numpy(dtype=float),
        }
    )
    out["change"] = out["value_b"] - out["value_a"]
    up = out[out["change"] > 0].sort_values("change", ascending=False, kind="stable").head(n)
    down = out[out["change"] < 0].sort_values("change", ascending=True, kind="stable").head(n)
    result = pd.concat(
        [up.assign(direction="riser"), down.assign(direction="faller")], ignore_index=True
    )
    if measure == "sessions":
        for col in ("value_a", "value_b", "change"):
            result[col] = result[col].astype(np.int64)
    return result


def pair_appearance(matrices: YearMatrices) -> pd.DataFrame:
    """First and last year each Action Line × SDG pair has a session, within the span.

    Columns: action_line, action_line_label, sdg, sdg_label, first_year, last_year,
    years_present (years with at least one session), sessions (sum over the years; a session
    counts in its own year only). Pairs with no session in any year are left out.
    """
    present = matrices.counts > 0  # (years, rows, sdg)
    any_year = present.any(axis=0)
    ri, si = np.nonzero(any_year)
    years = np.array(matrices.years, dtype=np.int64)
    first = years[present.argmax(axis=0)[ri, si]]
    last = years[len(years) - 1 - present[::-1].argmax(axis=0)[ri, si]]
    labels = matrices.row_labels
    return pd.DataFrame(
        {
            "action_line": [matrices.rows[i] for i in ri],
            "action_line_label": [labels[i] for i in ri],
            "sdg": (si + 1).astype(np.int64),
            "sdg_label": [sdg_label(int(g) + 1) for g in si],
            "first_year": first,
            "last_year": last,
            "years_present": present.sum(axis=0)[ri, si].astype(np.int64),
            "sessions": matrices.counts.sum(axis=0)[ri, si].astype(np.int64),
        }
    )


# --- drill-down --------------------------------------------------------------------------------


def _has_key(view: Dataset, by: str, key: object, collapse_c7: bool) -> np.ndarray:
    """Which sessions of the whole dataset carry `key` in the view (a mask over session keys)."""
    n = len(view.tables.sessions)
    hit = np.zeros(n, bool)
    if by == "action_line":
        rows = view.action_lines["row"].to_numpy(np.int64)
        codes = np.array(COLLAPSED_ROWS if collapse_c7 else EXPANDED_ROWS, dtype=object)
        mapped = codes[COLLAPSE_INDEX[rows]] if collapse_c7 else codes[rows]
        hit[view.action_lines["session_key"].to_numpy()[mapped == key]] = True
    elif by == "sdg":
        rows = view.sdgs["sdg"].to_numpy(np.int64) == int(key)
        hit[view.sdgs["session_key"].to_numpy()[rows]] = True
    elif by == "session_type":
        kinds = view.sessions["session_type"].astype(object)
        wanted = kinds.isna() if key == NO_TYPE else kinds.eq(key).fillna(False)
        hit[view.sessions.index.to_numpy()[wanted.to_numpy(bool)]] = True
    elif by == "organisation":
        orgs = view.organisers
        if key == OTHER_ORGANISATIONS:
            raise WsisError("Pick one organisation to see its sessions")
        hit[orgs["session_key"].to_numpy()[(orgs["organisation"] == key).to_numpy(bool)]] = True
    else:
        raise WsisError(f"Unknown breakdown {by!r}; expected one of {', '.join(BREAKDOWNS)}")
    return hit & _session_mask(view)


def sessions_behind(
    view: Dataset, by: str, year: int, key: object, *, collapse_c7: bool = True
) -> pd.DataFrame:
    """The sessions behind one (year, key) point, in the shape of `matrix.drilldown`.

    ``action_lines`` lists the session's Action Line tags in the view (for an Action Line key,
    only those under the key) and ``action_line_provenance`` their provenances; for an SDG key
    ``sdg_provenance`` is that SDG tag's provenance, otherwise that of all the session's SDG tags
    in the view. Newest first, then by session id.
    """
    year_of = view.tables.sessions["year"].to_numpy(np.int64)
    hit = _has_key(view, by, key, collapse_c7) & (year_of == int(year))
    keys = np.flatnonzero(hit)
    al = view.action_lines
    al = al[np.isin(al["session_key"].to_numpy(), keys)]
    if by == "action_line":
        rows = al["row"].to_numpy(np.int64)
        codes = np.array(COLLAPSED_ROWS if collapse_c7 else EXPANDED_ROWS, dtype=object)
        al = al[(codes[COLLAPSE_INDEX[rows]] if collapse_c7 else codes[rows]) == key]
    sd = view.sdgs
    sd = sd[np.isin(sd["session_key"].to_numpy(), keys)]
    if by == "sdg":
        sd = sd[sd["sdg"].to_numpy(np.int64) == int(key)]
    order = {c: i for i, c in enumerate(EXPANDED_ROWS)}
    al = al.assign(_order=al["action_line"].map(order)).sort_values(["session_key", "_order"])
    names = al.groupby("session_key", sort=False)["action_line"].agg(
        lambda s: ", ".join(action_line_label(c, collapse_c7=False) for c in s)
    )
    al_prov = _or_by_session(al)
    sd_prov = _or_by_session(sd)
    sessions = view.tables.sessions.loc[keys]
    out = sessions[["year", "session_id", "title", "session_type", "organisers", "url"]].copy()
    out["action_lines"] = names.reindex(out.index).fillna("").astype(object)
    out["action_line_provenance"] = al_prov.reindex(out.index).fillna("").astype(object)
    out["sdg_provenance"] = sd_prov.reindex(out.index).fillna("").astype(object)
    out = out.sort_values(["year", "session_id"], ascending=[False, True])
    return out[list(DRILLDOWN_COLUMNS)].reset_index(drop=True)


def _or_by_session(frame: pd.DataFrame) -> pd.Series:
    """The readable OR of each session's tag provenances."""
    if frame.empty:
        return pd.Series(dtype=object)
    masks = frame.groupby("session_key", sort=False)["provenance"].agg(
        lambda s: int(np.bitwise_or.reduce(s.to_numpy()))
    )
    return masks.map(provenance_label)


def busiest_key(long: pd.DataFrame, year: int | None = None) -> object:
    """The key with the most sessions (in `year`, or over all years): a useful default point."""
    rows = long if year is None else long[long["year"] == year]
    totals = rows.groupby("key", sort=False)["sessions"].sum()
    return totals.idxmax() if len(totals) and totals.max() > 0 else long["key"].iloc[0]


def point_label(by: str, year: int, key: object, *, collapse_c7: bool = True) -> str:
    """'C3 in 2021'-style label of a (year, key) point."""
    if by == "action_line":
        name = action_line_label(str(key), collapse_c7=collapse_c7)
    elif by == "sdg":
        name = sdg_label(int(key))
    else:
        name = str(key)
    return f"{name} in {year}"
