"""The Action Line × SDG matrix of every year of a view (`matrices_by_year`, `YearMatrices`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wsis_data.dataset import COLLAPSE_INDEX, COLLAPSED_ROWS, EXPANDED_ROWS, Dataset
from wsis_data.errors import WsisError
from wsis_data.matrix import N_SDG
from wsis_data.taxonomy import SDG_GOALS, action_line_label
from wsis_data.trends.years import _dataset_years, _nullable, _year_index, _year_sessions, year_span

#: What a cell of the matrix over years can show.
MATRIX_MEASURES: dict[str, str] = {"sessions": "Sessions", "share": "Share of the year's sessions"}


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

    @property
    def data_years(self) -> list[int]:
        """The years of the span the dataset holds sessions in."""
        return [int(y) for y, has in zip(self.years, self.has_data, strict=True) if has]

    @property
    def no_data_years(self) -> list[int]:
        """The years of the span the dataset holds no session in ("no data", never 0)."""
        return [int(y) for y, has in zip(self.years, self.has_data, strict=True) if not has]

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
