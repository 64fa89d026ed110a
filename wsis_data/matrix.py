"""The Action Line × SDG matrix: distinct sessions per cell, value modes, gaps and drill-down."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wsis_data.dataset import (
    C7_FAMILY,
    COLLAPSE_INDEX,
    COLLAPSED_ROWS,
    EXPANDED_ROWS,
    FLAG_CELL,
    FLAG_COL,
    FLAG_ROW,
    FLAG_SESSION,
    N_FLAGS,
    Dataset,
)
from wsis_data.official import official_grid, official_pairs
from wsis_data.sessions import TagRows, sessions_table
from wsis_data.taxonomy import SDG_GOALS, action_line_label, sdg_label

VALUE_MODES: dict[str, str] = {
    "sessions": "Sessions",
    "share_of_row": "Share of the Action Line's sessions",
    "share_of_column": "Share of the SDG's sessions",
    "lift": "Lift (observed / expected under independence)",
}
GAP_STATUSES = (
    "official, with sessions",
    "official, no sessions",
    "sessions outside official links",
)
N_SDG = len(SDG_GOALS)


@dataclass(frozen=True, eq=False)
class Matrix:
    """An Action Line × SDG grid: `counts` of distinct sessions and `values` in the chosen mode.

    Rows are Action Line codes in official order (11 collapsed; 18 expanded, plus
    "C7" shown as "C7 (unspecified)" when sessions carry a C7 tag with no sub-line);
    columns are SDG 1–17. Totals count each session once.
    """

    counts: pd.DataFrame
    values: pd.DataFrame
    row_totals: pd.Series
    col_totals: pd.Series
    total: int
    value: str
    collapse_c7: bool

    def keep(self, action_lines: tuple[str, ...] = (), sdgs: tuple[int, ...] = ()) -> Matrix:
        """The grid with only these rows and columns (empty: all), as the filters keep them.

        A filtered-out Action Line or SDG is not drawn as a row of zeros; totals stay those of
        the whole view (each session counted once).
        """
        rows = [c for c in self.counts.index if not action_lines or c in action_lines]
        cols = [g for g in self.counts.columns if not sdgs or int(g) in sdgs]
        return Matrix(
            counts=self.counts.loc[rows, cols],
            values=self.values.loc[rows, cols],
            row_totals=self.row_totals.loc[rows],
            col_totals=self.col_totals.loc[cols],
            total=self.total,
            value=self.value,
            collapse_c7=self.collapse_c7,
        )

    def largest_cell(self) -> tuple[str, int] | None:
        """(Action Line, SDG) of the cell with the most sessions (first in reading order on a
        tie); None when every cell is empty."""
        counts = self.counts.to_numpy()
        if not counts.size or counts.max() <= 0:
            return None
        i, j = np.unravel_index(int(np.argmax(counts)), counts.shape)
        return str(self.counts.index[i]), int(self.counts.columns[j])

    @property
    def row_labels(self) -> list[str]:
        """Display labels of the rows."""
        return [action_line_label(c, collapse_c7=self.collapse_c7) for c in self.counts.index]

    def long(self) -> pd.DataFrame:
        """One row per cell: action_line, label, sdg, sessions, value, official link."""
        grid = official_grid(self.collapse_c7).reindex(self.counts.index, fill_value=False)
        frame = pd.DataFrame(
            {
                "action_line": np.repeat(self.counts.index.to_numpy(), N_SDG),
                "action_line_label": np.repeat(self.row_labels, N_SDG),
                "sdg": np.tile(np.array(SDG_GOALS), len(self.counts)),
                "sessions": self.counts.to_numpy().ravel(),
                "value": self.values.to_numpy().ravel(),
                "official_link": grid.to_numpy().ravel(),
            }
        )
        frame.insert(3, "sdg_label", frame["sdg"].map(sdg_label))
        return frame

    def table(self) -> pd.DataFrame:
        """The grid as shown, with readable labels and row/column totals (for CSV/XLSX)."""
        frame = self.values.copy()
        frame.index = pd.Index(self.row_labels, name="Action Line")
        frame.columns = [sdg_label(g) for g in frame.columns]
        frame["Sessions (row total)"] = self.row_totals.to_numpy()
        totals = [*self.col_totals.to_numpy(), self.total]
        frame.loc["Sessions (column total)"] = totals
        return frame


def build_matrix(records: Dataset, *, collapse_c7: bool = True, value: str = "sessions") -> Matrix:
    """Count distinct sessions per (Action Line, SDG) cell of a (filtered) dataset.

    A session tagged with 2 Action Lines and 3 SDGs adds one to each of the 6 cells, and
    once only to the grand total.

    >>> from wsis_data.records import SessionRecord, Tag
    >>> from wsis_data.dataset import DatasetInfo, from_records
    >>> rec = SessionRecord(2020, "1", "t", action_lines=(Tag("C1", "file"), Tag("C3", "file")),
    ...                     sdgs=(Tag(4, "file"), Tag(5, "file"), Tag(9, "file")))
    >>> m = build_matrix(from_records([rec], DatasetInfo("doc", "doc"), project=False))
    >>> int(m.counts.to_numpy().sum()), m.total, int(m.row_totals["C1"]), int(m.col_totals[4])
    (6, 1, 1, 1)
    """
    if value not in VALUE_MODES:
        raise ValueError(f"Unknown value mode {value!r}; expected one of {', '.join(VALUE_MODES)}")
    n_rows = len(COLLAPSED_ROWS) if collapse_c7 else len(EXPANDED_ROWS)
    whole_sessions = records.masks is None or records.masks.whole_sessions
    count = _count_whole_sessions if whole_sessions else _count_selected_tags
    counts, row_totals, col_totals, total = count(records, collapse_c7, n_rows)

    codes = list(COLLAPSED_ROWS if collapse_c7 else EXPANDED_ROWS)
    grid = pd.DataFrame(counts.reshape(n_rows, N_SDG), index=codes, columns=list(SDG_GOALS))
    row_series = pd.Series(row_totals, index=codes)
    if not collapse_c7 and row_series["C7"] == 0:
        grid, row_series = grid.drop(index="C7"), row_series.drop(index="C7")
    grid.index.name = "action_line"
    col_series = pd.Series(col_totals, index=list(SDG_GOALS))
    return Matrix(
        counts=grid,
        values=_values(grid, row_series, col_series, total, value),
        row_totals=row_series,
        col_totals=col_series,
        total=total,
        value=value,
        collapse_c7=collapse_c7,
    )


def _count_whole_sessions(
    records: Dataset, collapse_c7: bool, n_rows: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Counts when the view keeps or drops whole sessions: one bincount of precomputed codes.

    Each pair row's code holds its cell and flags saying whether it is the first row of its
    (session, row) run, of its (session, SDG) group and of its session, and whether it counts in
    its cell (not a second C7 sub-line of the same session and SDG in the collapsed view). Whole
    sessions survive a filter or not, so the first rows of every surviving group survive too.
    """
    pairs = records.tables.pairs
    codes = pairs.codes_collapsed if collapse_c7 else pairs.codes_expanded
    mask = records.pair_mask
    if mask is not None:
        codes = codes[mask]
    n_cells = n_rows * N_SDG
    hist = np.bincount(codes, minlength=N_FLAGS * n_cells).reshape(N_FLAGS, n_rows, N_SDG)
    flags = np.arange(N_FLAGS)
    counts = hist[(flags & FLAG_CELL) > 0].sum(axis=0).ravel()
    row_totals = hist[(flags & FLAG_ROW) > 0].sum(axis=(0, 2))
    col_totals = hist[(flags & FLAG_COL) > 0].sum(axis=(0, 1))
    total = int(hist[(flags & FLAG_SESSION) > 0].sum())
    return counts, row_totals, col_totals, total


def _count_selected_tags(
    records: Dataset, collapse_c7: bool, n_rows: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Counts when tags were selected inside sessions: distinct sessions found on the rows kept."""
    pairs = records.tables.pairs
    mask = records.pair_mask
    session, al, sdg = pairs.session, pairs.action_line, pairs.sdg
    shared, col_group = pairs.c7_shared, pairs.col_group
    if mask is not None:
        at = np.flatnonzero(mask)  # positions: cheaper than five boolean selections
        session, al, sdg, shared, col_group = (a[at] for a in (session, al, sdg, shared, col_group))
    rows = COLLAPSE_INDEX[al] if collapse_c7 else al
    cell = rows.astype(np.intp) * N_SDG + (sdg.astype(np.intp) - 1)
    if collapse_c7 and shared.any():
        # A session with two C7 sub-lines and one SDG counts once in the collapsed C7 cell:
        # its C7 rows share one (session, SDG) group id, so count distinct ids per SDG.
        counts = np.bincount(cell[~shared], minlength=n_rows * N_SDG)
        c7 = COLLAPSED_ROWS.index("C7")
        distinct = _distinct(col_group[shared], len(pairs.col_group_sdg))
        counts[c7 * N_SDG : (c7 + 1) * N_SDG] += np.bincount(
            pairs.col_group_sdg[distinct], minlength=N_SDG + 1
        )[1:]
    else:
        counts = np.bincount(cell, minlength=n_rows * N_SDG)
    # Rows are sorted by (session, Action Line), so distinct (session, row) pairs are run starts.
    new_session = np.ones(len(session), bool)
    new_session[1:] = session[1:] != session[:-1]
    new_row = new_session.copy()
    new_row[1:] |= rows[1:] != rows[:-1]
    row_totals = np.bincount(rows[new_row], minlength=n_rows)
    groups = _distinct(col_group, len(pairs.col_group_sdg))  # distinct (session, SDG) kept
    col_totals = np.bincount(pairs.col_group_sdg[groups], minlength=N_SDG + 1)[1:]
    return counts, row_totals, col_totals, int(new_session.sum())


def _distinct(ids: np.ndarray, n_ids: int) -> np.ndarray:
    """The distinct values of `ids` (all in range(n_ids)), by sorting few or scattering many."""
    if len(ids) * 8 < n_ids:
        return np.unique(ids)
    present = np.zeros(n_ids, bool)
    present[ids] = True
    return np.flatnonzero(present)


def _values(
    counts: pd.DataFrame, rows: pd.Series, cols: pd.Series, total: int, value: str
) -> pd.DataFrame:
    c = counts.to_numpy(dtype=float)
    r = rows.to_numpy(dtype=float)[:, None]
    k = cols.to_numpy(dtype=float)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        if value == "sessions":
            out = c
        elif value == "share_of_row":
            out = np.where(r > 0, c / r, 0.0)
        elif value == "share_of_column":
            out = np.where(k > 0, c / k, 0.0)
        else:  # lift: undefined (NaN) where nothing is expected
            expected = r * k / total if total else np.zeros_like(c)
            out = np.where(expected > 0, c / expected, np.nan)
    return pd.DataFrame(out, index=counts.index, columns=counts.columns)


def gaps(matrix: Matrix) -> pd.DataFrame:
    """Cells that are official links, carry sessions, or both, with their status and targets."""
    long = matrix.long()
    pairs = official_pairs(matrix.collapse_c7)[["action_line", "sdg", "targets", "doubt"]]
    long = long.merge(pairs, on=["action_line", "sdg"], how="left")
    has = long["sessions"] > 0
    status = np.select(
        [long["official_link"] & has, long["official_link"] & ~has, ~long["official_link"] & has],
        list(GAP_STATUSES),
        default="",
    )
    long["status"] = status
    long["targets"] = long["targets"].map(lambda t: ", ".join(t) if isinstance(t, tuple) else "")
    long["doubt"] = long["doubt"].fillna("")
    return long[long["status"] != ""].reset_index(drop=True)


def drilldown(
    records: Dataset, action_line: str, sdg: int, *, collapse_c7: bool = True
) -> pd.DataFrame:
    """The sessions behind one cell, with the provenance of the tags that put them there.

    One row per session in `wsis_data.sessions.DRILLDOWN_COLUMNS`.

    In a collapsed view "C7" covers C7 and every sub-line.
    """
    pairs = records.tables.pairs
    if collapse_c7 and action_line == "C7":
        wanted = C7_FAMILY
    else:
        wanted = np.array([c == action_line for c in EXPANDED_ROWS])
    hit = wanted[pairs.action_line] & (pairs.sdg == sdg)
    if records.pair_mask is not None:
        hit &= records.pair_mask
    session = pairs.session[hit]
    return sessions_table(
        records,
        session,
        TagRows(session, pairs.action_line[hit], pairs.al_provenance[hit]),
        TagRows(session, pairs.sdg[hit], pairs.sdg_provenance[hit]),
    )


def cell_label(action_line: str, sdg: int, *, collapse_c7: bool) -> str:
    """'C3 × SDG 4'-style label of a cell."""
    return f"{action_line_label(action_line, collapse_c7=collapse_c7)} × {sdg_label(sdg)}"
