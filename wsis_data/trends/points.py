"""One point of a trend: the sessions behind it, its label, and a useful default point."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wsis_data.dataset import COLLAPSE_INDEX, COLLAPSED_ROWS, EXPANDED_ROWS, Dataset
from wsis_data.errors import WsisError
from wsis_data.matrix import cell_label, drilldown
from wsis_data.sessions import TagRows, sessions_table, view_tags
from wsis_data.taxonomy import action_line_label, sdg_label
from wsis_data.trends.counts import BREAKDOWNS, NO_TYPE, OTHER_ORGANISATIONS
from wsis_data.trends.years import _session_mask


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
    """The sessions behind one (year, key) point, in `wsis_data.sessions.DRILLDOWN_COLUMNS`.

    ``action_lines`` lists the session's Action Line tags in the view (for an Action Line key,
    only those under the key) and ``action_line_provenance`` their provenances; for an SDG key
    ``sdg_provenance`` is that SDG tag's provenance, otherwise that of all the session's SDG tags
    in the view. Newest first, then by session id.
    """
    year_of = view.tables.sessions["year"].to_numpy(np.int64)
    keys = np.flatnonzero(_has_key(view, by, key, collapse_c7) & (year_of == int(year)))
    al = view_tags(view, "action_lines", keys)
    if by == "action_line":
        codes = np.array(COLLAPSED_ROWS if collapse_c7 else EXPANDED_ROWS, dtype=object)
        under = (codes[COLLAPSE_INDEX[al.code]] if collapse_c7 else codes[al.code]) == key
        al = TagRows(*(column[under] for column in al))
    sd = view_tags(view, "sdgs", keys)
    if by == "sdg":
        sd = TagRows(*(column[sd.code == int(key)] for column in sd))
    return sessions_table(view, keys, al, sd)


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


def point_keys(long: pd.DataFrame) -> dict[object, str]:
    """The keys of a long trends frame, in order, with their labels (for choosing a point)."""
    return dict(zip(long["key"], long["label"], strict=True))


def point_drilldown(
    view: Dataset, by: str, point: list, *, cell: bool = False, collapse_c7: bool = True
) -> tuple[str, pd.DataFrame]:
    """The label of a clicked point and the sessions behind it.

    ``point`` is a trace's customdata: ``[year, key]`` for a trend point or bar, or
    ``[year, action_line, sdg]`` for a cell of the Action Line × SDG matrix in one year
    (``cell=True``: `wsis_data.matrix.drilldown` restricted to that year).
    """
    year = int(point[0])
    if cell:
        code, goal = str(point[1]), int(point[2])
        rows = drilldown(view, code, goal, collapse_c7=collapse_c7)
        rows = rows[rows["year"] == year].reset_index(drop=True)
        return f"{cell_label(code, goal, collapse_c7=collapse_c7)} in {year}", rows
    label = point_label(by, year, point[1], collapse_c7=collapse_c7)
    return label, sessions_behind(view, by, year, point[1], collapse_c7=collapse_c7)
