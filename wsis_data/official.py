"""The facilitators' WSIS–SDG Matrix as a layer: which Action Line serves which SDG (and target).

Source: ``data/wsis_sdg_matrix.csv`` (a 2017 transcription; see ``data/PROVENANCE.md``). Pairs whose
two source files disagree, and pairs known only at goal level, carry a ``doubt`` flag.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from wsis_data.taxonomy import SDG_GOALS, collapse_code, row_codes

DATA = Path(__file__).parent / "data"

#: Why a pair is flagged, by the source's `pair_status`.
PAIR_STATUS_DOUBTS = {
    "both": "",
    "actions_only": "listed under the Action Line in the facilitators' matrix, not under the goal",
    "reverse_index_only": "listed under the goal in the facilitators' matrix, not under the Action "
    "Line (no target given)",
}
#: Which of the source's two lists holds a pair, said for a reader (the data keeps its codes).
PAIR_STATUS_LABELS = {
    "both": "both lists",
    "actions_only": "list by Action Line only",
    "reverse_index_only": "list by goal only",
}
#: Pairs with a known doubt beyond pair_status (see data/PROVENANCE.md).
EXTRA_DOUBTS = {
    ("C8", 5): "possible index slip in the source: C9 (which has 5.b) may have been meant",
    (
        "C3",
        4,
    ): "dropped from the matrix's list by Action Line in March 2017; C3 links every other SDG, "
    "so likely an omission",
    ("C7.e-environment", 14): "taken from a lumped '14, 15' entry filed under SDG 15",
    (
        "C7.e-environment",
        15,
    ): "taken from a lumped '14, 15' entry; an empty SDG 16 entry was not taken",
}


@cache
def official_links() -> pd.DataFrame:
    """The 190 rows of the matrix: action_line, sdg, target ('' for goal level), link_level, ..."""
    frame = pd.read_csv(
        DATA / "wsis_sdg_matrix.csv", dtype={"target": "str"}, keep_default_na=False
    )
    return frame.astype({"sdg": "int8"})


@cache
def official_pairs(collapse_c7: bool = False) -> pd.DataFrame:
    """One row per linked (action_line, sdg): link level, target codes, status and doubt flags.

    With ``collapse_c7`` the C7 sub-lines merge into one C7 row (``via_sublines`` names them).

    >>> len(official_pairs()), int(official_pairs()["n_targets"].sum())
    (126, 163)
    """
    if collapse_c7:
        expanded = official_pairs(False)
        source = expanded.assign(
            via=expanded["action_line"].where(expanded["action_line"].str.startswith("C7."), ""),
            action_line=expanded["action_line"].map(collapse_code),
        )
    else:
        links = official_links()
        source = links.assign(
            targets=links["target"].map(lambda t: (t,) if t else ()),
            doubt=[
                "; ".join(
                    d for d in (PAIR_STATUS_DOUBTS[s], EXTRA_DOUBTS.get((al, int(g)), "")) if d
                )
                for al, g, s in zip(
                    links["action_line"], links["sdg"], links["pair_status"], strict=True
                )
            ],
            via="",
        )
    rows = []
    for (al, sdg), group in source.groupby(["action_line", "sdg"], sort=False):
        targets = tuple(sorted({t for ts in group["targets"] for t in ts}, key=_target_key))
        levels = {lv for level in group["link_level"] for lv in level.split("+")}
        rows.append(
            {
                "action_line": al,
                "sdg": int(sdg),
                "link_level": "+".join(sorted(levels)),
                "targets": targets,
                "n_targets": len(targets),
                "pair_status": "/".join(
                    sorted({p for ps in group["pair_status"] for p in ps.split("/")})
                ),
                "doubt": "; ".join(
                    dict.fromkeys(d for ds in group["doubt"] for d in ds.split("; ") if d)
                ),
                "via_sublines": ", ".join(sorted({v[3:] for v in group["via"] if v})),
            }
        )
    order = {code: i for i, code in enumerate(row_codes(collapse_c7, include_unspecified=True))}
    frame = pd.DataFrame(rows)
    frame["_order"] = frame["action_line"].map(order)
    frame = frame.sort_values(["_order", "sdg"]).drop(columns="_order")
    return frame.reset_index(drop=True)


def _target_key(code: str) -> tuple[int, str]:
    goal, _, rest = code.partition(".")
    return (int(goal), rest.zfill(3) if rest.isdigit() else "~" + rest)


def official_grid(collapse_c7: bool = False) -> pd.DataFrame:
    """A boolean Action Line × SDG grid: True where the facilitators linked the pair."""
    rows = row_codes(collapse_c7, include_unspecified=not collapse_c7)
    grid = pd.DataFrame(False, index=pd.Index(rows, name="action_line"), columns=list(SDG_GOALS))
    for al, sdg in official_pairs(collapse_c7)[["action_line", "sdg"]].itertuples(index=False):
        grid.loc[al, sdg] = True
    return grid


def projected_sdgs(action_line: str) -> tuple[int, ...]:
    """The SDGs an Action Line links to in the official matrix (none for a plain 'C7')."""
    pairs = official_pairs(collapse_c7=False)
    return tuple(int(s) for s in pairs.loc[pairs["action_line"] == action_line, "sdg"])
