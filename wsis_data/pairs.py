"""The coded long table of Action Line × SDG links: one row per (session, Action Line, SDG).

`build_pairs` crosses each session's Action Line tags with its SDG tags (projected SDGs only along
the official links) and codes the result as numpy arrays, with the row codes every count uses.
The matrix, the network and the trends all start from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wsis_data import official
from wsis_data.provenance import PROJECTED, or_reduce
from wsis_data.taxonomy import collapse_code, row_codes

#: Expanded row codes, with plain "C7" (no sub-line) before the sub-lines: 19 codes.
EXPANDED_ROWS: tuple[str, ...] = row_codes(False, include_unspecified=True)
COLLAPSED_ROWS: tuple[str, ...] = row_codes(True)
AL_INDEX: dict[str, int] = {code: i for i, code in enumerate(EXPANDED_ROWS)}
#: For each expanded row index, its collapsed row index.
COLLAPSE_INDEX = np.array([COLLAPSED_ROWS.index(collapse_code(c)) for c in EXPANDED_ROWS], np.int8)
C7_FAMILY = np.array([collapse_code(c) == "C7" for c in EXPANDED_ROWS])


@dataclass(frozen=True, eq=False)
class Pairs:
    """The coded long table: one row per distinct (session, expanded Action Line, SDG)."""

    session: np.ndarray  # int32 session key
    year: np.ndarray  # int16
    action_line: np.ndarray  # int8 index into EXPANDED_ROWS
    sdg: np.ndarray  # int8, 1..17
    al_provenance: np.ndarray  # uint8 bit mask
    sdg_provenance: np.ndarray  # uint8 bit mask
    col_group: np.ndarray  # int32 id of (session, sdg)
    col_group_sdg: np.ndarray  # int8 sdg of each col_group
    c7_shared: np.ndarray  # bool: (session, C7, sdg) is reached by more than one C7 row
    #: Per collapse mode, one int16 code per row: FLAG bits × cells + cell (see `fast_codes`).
    codes_collapsed: np.ndarray
    codes_expanded: np.ndarray

    def __len__(self) -> int:
        return len(self.session)


#: Bits of a row's fast code: counted in its cell / first of its (session, row) run /
#: first of its (session, SDG) group / first row of its session.
FLAG_CELL, FLAG_ROW, FLAG_COL, FLAG_SESSION = 1, 2, 4, 8
N_FLAGS = 16


def build_pairs(
    years: np.ndarray, action_lines: pd.DataFrame, sdgs: pd.DataFrame, *, project: bool
) -> Pairs:
    """Cross each session's Action Lines with its SDGs (projections only along official links)."""
    al = action_lines[["session_key", "action_line", "provenance"]].rename(
        columns={"provenance": "al_provenance"}
    )
    al = al.assign(action_line=action_lines["row"].to_numpy(np.int8))
    sd = sdgs[["session_key", "sdg", "provenance"]].rename(columns={"provenance": "sdg_provenance"})
    declared = sd.assign(
        sdg_provenance=(sd["sdg_provenance"] & ~np.uint8(PROJECTED)).astype("uint8")
    )
    declared = declared[declared["sdg_provenance"] > 0]
    frame = al.merge(declared, on="session_key")
    if project:
        links = official.official_pairs(collapse_c7=False)[["action_line", "sdg"]]
        links = links.assign(action_line=links["action_line"].map(AL_INDEX).astype("int8"))
        proj = al.merge(links, on="action_line").assign(sdg_provenance=np.uint8(PROJECTED))
        frame = pd.concat([frame, proj], ignore_index=True)
        keys = ["session_key", "action_line", "sdg"]
        al_prov = frame.groupby(keys, sort=True, as_index=False)["al_provenance"].first()
        frame = or_reduce(frame, keys, "sdg_provenance").merge(al_prov, on=keys)
    frame = frame.sort_values(["session_key", "action_line", "sdg"], kind="stable")
    session = frame["session_key"].to_numpy(np.int32)
    action_line = frame["action_line"].to_numpy(np.int8)
    sdg = frame["sdg"].to_numpy(np.int8)
    col_key = session.astype(np.int64) * 32 + sdg
    col_group, col_uniques = pd.factorize(col_key)
    c7_rows = C7_FAMILY[action_line]
    c7_shared = np.zeros(len(frame), bool)
    c7_repeat = np.zeros(len(frame), bool)
    if c7_rows.any():
        keys = pd.Series(col_key[c7_rows])
        c7_shared[c7_rows] = keys.duplicated(keep=False).to_numpy()
        c7_repeat[c7_rows] = keys.duplicated(keep="first").to_numpy()
    new_session = _run_starts(session)
    col_first = ~pd.Series(col_key).duplicated(keep="first").to_numpy()
    common = np.where(new_session, FLAG_SESSION, 0) | np.where(col_first, FLAG_COL, 0)
    collapsed = COLLAPSE_INDEX[action_line]
    codes = {}
    for name, rows, n_rows, counted in (
        ("collapsed", collapsed, len(COLLAPSED_ROWS), ~c7_repeat),
        ("expanded", action_line, len(EXPANDED_ROWS), np.ones(len(frame), bool)),
    ):
        row_first = new_session | _run_starts(rows)
        flags = common | np.where(row_first, FLAG_ROW, 0) | np.where(counted, FLAG_CELL, 0)
        cell = rows.astype(np.int32) * 17 + sdg - 1
        codes[name] = (flags * (n_rows * 17) + cell).astype(np.int16)
    return Pairs(
        session=session,
        year=np.asarray(years, np.int16)[session] if len(session) else np.zeros(0, np.int16),
        action_line=action_line,
        sdg=sdg,
        al_provenance=frame["al_provenance"].to_numpy(np.uint8),
        sdg_provenance=frame["sdg_provenance"].to_numpy(np.uint8),
        col_group=col_group.astype(np.int32),
        col_group_sdg=(np.asarray(col_uniques) % 32).astype(np.int8),
        c7_shared=c7_shared,
        codes_collapsed=codes["collapsed"],
        codes_expanded=codes["expanded"],
    )


def _run_starts(values: np.ndarray) -> np.ndarray:
    """True where a value differs from the one before it (and at the first position)."""
    starts = np.ones(len(values), bool)
    starts[1:] = values[1:] != values[:-1]
    return starts
