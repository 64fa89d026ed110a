"""Interlinkages: which SDGs (or Action Lines) sessions name together; the official matrix ranked.

- `cooccurrence(view, kind)`: SDG × SDG or Action Line × Action Line. A cell counts the distinct
  sessions of the view that name both codes: a session with SDGs {4, 9, 17} adds one to each of
  (4, 9), (4, 17) and (9, 17) (and their mirrors). **The diagonal is defined as 0** (a code does
  not co-occur with itself); the sessions naming each code are `totals`.
- Lift = observed / expected under independence: ``lift[a, b] = n_ab · N / (n_a · n_b)``, where
  ``n_ab`` is the sessions naming both, ``n_a`` those naming a, and ``N`` the sessions of the view
  naming at least one code of the kind. Undefined (NaN) on the diagonal and where n_a · n_b = 0.
- `pair_drilldown(view, kind, a, b)`: the sessions behind a cell (`wsis_data.sessions` shape).
- `ranked_for_sdg(matrix, g)` / `ranked_for_action_line(matrix, a)`: a column or row of the
  Action Line × SDG matrix, ranked by sessions, with the share and the official link flagged.

Pure pandas/numpy: no Streamlit, no Plotly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wsis_data.dataset import COLLAPSE_INDEX, COLLAPSED_ROWS, EXPANDED_ROWS, Dataset
from wsis_data.matrix import Matrix
from wsis_data.official import official_pairs
from wsis_data.sessions import TagRows, sessions_table, view_tags
from wsis_data.taxonomy import SDG_GOALS, action_line, action_line_label, sdg, sdg_label

#: The two kinds of co-occurrence: kind → what one code is called.
KINDS: dict[str, str] = {"sdg": "SDG", "action_line": "Action Line"}
#: Values a co-occurrence heatmap can show.
COOC_VALUES: dict[str, str] = {
    "sessions": "Sessions naming both",
    "lift": "Lift (observed / expected under independence)",
}
LIFT_FORMULA = (
    "lift = sessions naming both × N / (sessions naming the row × sessions naming the column), "
    "N = sessions in the view naming at least one {kind}; 1 = as often as independence predicts"
)


def cooc_caption(kind: str) -> str:
    """What a co-occurrence chart shows: the cell, the diagonal and the lift formula."""
    name = KINDS[kind]
    article = "an" if name[0] in "AEIOU" else "a"
    return (
        "A cell counts the sessions naming both. The diagonal is left empty "
        f"({article} {name} is not paired with itself; the sessions naming each {name} are the "
        "table's last column). " + LIFT_FORMULA.format(kind=name) + "."
    )


#: What the Sankey of Action Lines → SDGs shows (the caption under it).
SANKEY_CAPTION = (
    "Link width = sessions tagged with both the Action Line and the SDG (a session with 2 Action "
    "Lines and 3 SDGs feeds 6 links). SDG nodes in the official colours."
)


def projected_pairs_warning(kind: str, provenances: object) -> str | None:
    """A warning when SDG pairs may come from projected tags (they echo the official matrix)."""
    if kind != "sdg" or "projected" not in provenances:  # type: ignore[operator]
        return None
    return (
        "'Tags counted' includes projected SDGs: a session gets every SDG its Action Lines link "
        "to in the official matrix, so SDG pairs from projected tags repeat the matrix's own "
        "structure rather than what sessions declared. Remove 'projected' to count declared "
        "pairs only."
    )


@dataclass(frozen=True, eq=False)
class Cooccurrence:
    """A symmetric code × code matrix of distinct sessions naming both (diagonal 0)."""

    counts: pd.DataFrame
    totals: pd.Series  # sessions naming each code
    total: int  # N: sessions naming at least one code of the kind
    kind: str
    collapse_c7: bool

    @property
    def labels(self) -> list[str]:
        """Display labels of the codes (rows and columns, in official order)."""
        return [code_label(self.kind, c, self.collapse_c7) for c in self.counts.index]

    @property
    def lift(self) -> pd.DataFrame:
        """Observed / expected under independence (see the module docstring); NaN if undefined."""
        n = self.totals.to_numpy(dtype=float)
        expected = np.outer(n, n) / self.total if self.total else np.zeros((len(n), len(n)))
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(expected > 0, self.counts.to_numpy(float) / expected, np.nan)
        np.fill_diagonal(out, np.nan)
        return pd.DataFrame(out, index=self.counts.index, columns=self.counts.columns)

    def values(self, value: str) -> pd.DataFrame:
        """The counts or the lift."""
        return self.lift if value == "lift" else self.counts

    def table(self, value: str = "sessions") -> pd.DataFrame:
        """The matrix with readable labels and the sessions naming each code (for CSV/XLSX)."""
        frame = self.values(value).copy()
        frame.index = pd.Index(self.labels, name=KINDS[self.kind])
        frame.columns = self.labels
        frame["Sessions naming it"] = self.totals.to_numpy()
        return frame

    def long(self) -> pd.DataFrame:
        """One row per unordered pair (a before b in official order) with sessions and lift."""
        i, j = np.triu_indices(len(self.counts), k=1)
        codes = self.counts.index.to_numpy()
        labels = np.array(self.labels, dtype=object)
        return pd.DataFrame(
            {
                "a": codes[i],
                "a_label": labels[i],
                "b": codes[j],
                "b_label": labels[j],
                "sessions": self.counts.to_numpy()[i, j],
                "lift": self.lift.to_numpy()[i, j],
            }
        )


def code_label(kind: str, code: object, collapse_c7: bool = True) -> str:
    """'SDG 4' or 'C3' / 'C7 (unspecified)'-style label of a code."""
    if kind == "sdg":
        return sdg_label(int(code))  # type: ignore[arg-type]
    return action_line_label(str(code), collapse_c7=collapse_c7)


def _tags(view: Dataset, kind: str, collapse_c7: bool) -> tuple[np.ndarray, np.ndarray, list]:
    """(session key, code index, codes) of the view's tags of a kind, one row per distinct pair."""
    if kind == "sdg":
        frame = view.sdgs
        session = frame["session_key"].to_numpy(np.int64)
        index = frame["sdg"].to_numpy(np.int64) - 1
        codes: list = list(SDG_GOALS)
    elif kind == "action_line":
        frame = view.action_lines
        session = frame["session_key"].to_numpy(np.int64)
        rows = frame["row"].to_numpy(np.int64)
        index = COLLAPSE_INDEX[rows].astype(np.int64) if collapse_c7 else rows
        codes = list(COLLAPSED_ROWS if collapse_c7 else EXPANDED_ROWS)
    else:
        raise ValueError(f"Unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return session, index, codes


def cooccurrence(view: Dataset, kind: str, *, collapse_c7: bool = True) -> Cooccurrence:
    """Sessions naming both codes, for every pair of SDGs (``kind="sdg"``) or Action Lines.

    >>> from wsis_data.records import SessionRecord, Tag
    >>> from wsis_data.dataset import DatasetInfo, from_records
    >>> rec = SessionRecord(2020, "1", "t", sdgs=(Tag(4, "file"), Tag(9, "file"), Tag(17, "file")))
    >>> co = cooccurrence(from_records([rec], DatasetInfo("d", "d"), project=False), "sdg")
    >>> int(co.counts.loc[4, 9]), int(co.counts.loc[9, 17]), int(co.counts.loc[4, 4]), co.total
    (1, 1, 0, 1)
    """
    session, index, codes = _tags(view, kind, collapse_c7)
    n, n_keys = len(codes), len(view.tables.sessions)  # session keys are row positions
    incidence = np.zeros((n_keys, n), dtype=bool)
    incidence[session, index] = True  # a code tagged twice on a session counts once
    tagged = incidence.any(axis=1)
    # Each session's set of codes as a bit mask; sessions sharing a set are counted together.
    masks = incidence[tagged].astype(np.int64) @ (np.int64(1) << np.arange(n, dtype=np.int64))
    weight = np.bincount(masks, minlength=1 << n)
    sets = np.flatnonzero(weight)
    bits = ((sets[:, None] >> np.arange(n)) & 1).astype(np.int64)
    counts = bits.T @ (bits * weight[sets][:, None])
    totals = np.diag(counts).copy()
    np.fill_diagonal(counts, 0)
    frame = pd.DataFrame(counts.astype(np.int64), index=codes, columns=codes)
    series = pd.Series(totals.astype(np.int64), index=codes)
    if kind == "action_line" and not collapse_c7 and series["C7"] == 0:
        frame, series = frame.drop(index="C7", columns="C7"), series.drop(index="C7")
    frame.index.name = kind
    return Cooccurrence(frame, series, int(tagged.sum()), kind, collapse_c7)


def _covers(kind: str, code: object, index: np.ndarray, collapse_c7: bool) -> np.ndarray:
    """Which tag rows (code index as `_tags` gives it) are the code `code`."""
    codes = list(SDG_GOALS) if kind == "sdg" else list(_tags_codes(collapse_c7))
    return index == codes.index(int(code) if kind == "sdg" else str(code))


def _tags_codes(collapse_c7: bool) -> tuple[str, ...]:
    return COLLAPSED_ROWS if collapse_c7 else EXPANDED_ROWS


def pair_keys(view: Dataset, kind: str, a: object, b: object, *, collapse_c7: bool = True):
    """The session keys of the view naming both `a` and `b` (sorted)."""
    session, index, _ = _tags(view, kind, collapse_c7)
    both = np.zeros((2, len(view.tables.sessions)), dtype=bool)
    both[0, session[_covers(kind, a, index, collapse_c7)]] = True
    both[1, session[_covers(kind, b, index, collapse_c7)]] = True
    return np.flatnonzero(both[0] & both[1])


def pair_drilldown(
    view: Dataset, kind: str, a: object, b: object, *, collapse_c7: bool = True
) -> pd.DataFrame:
    """The sessions behind one co-occurrence cell, in the `wsis_data.sessions` table shape.

    The tags of the pair's kind listed (and their provenance) are the two codes of the pair; the
    other kind's tags are all those of the session in the view.
    """
    keys = pair_keys(view, kind, a, b, collapse_c7=collapse_c7)
    tags_kind = "sdgs" if kind == "sdg" else "action_lines"
    tags = view_tags(view, tags_kind, keys)
    index = tags.code - 1 if kind == "sdg" else tags.code
    if kind == "action_line" and collapse_c7:
        index = COLLAPSE_INDEX[index].astype(np.int64)
    keep = _covers(kind, a, index, collapse_c7) | _covers(kind, b, index, collapse_c7)
    behind = TagRows(tags.session[keep], tags.code[keep], tags.provenance[keep])
    return sessions_table(view, keys, **{tags_kind: behind})


def pair_label(kind: str, a: object, b: object, *, collapse_c7: bool = True) -> str:
    """'SDG 4 & SDG 9'-style label of a co-occurrence cell."""
    return f"{code_label(kind, a, collapse_c7)} & {code_label(kind, b, collapse_c7)}"


# --- the official matrix's own views ------------------------------------------------------------


def _official(collapse_c7: bool) -> pd.DataFrame:
    pairs = official_pairs(collapse_c7)[["action_line", "sdg", "targets", "doubt"]]
    return pairs.assign(targets=pairs["targets"].map(", ".join), official_link=True)


def _ranked(frame: pd.DataFrame, collapse_c7: bool) -> pd.DataFrame:
    frame = frame.merge(_official(collapse_c7), on=["action_line", "sdg"], how="left")
    frame["official_link"] = frame["official_link"].astype("boolean").fillna(False).astype(bool)
    frame["targets"] = frame["targets"].fillna("")
    frame["doubt"] = frame["doubt"].fillna("")
    frame["_order"] = np.arange(len(frame))
    frame = frame.sort_values(["sessions", "_order"], ascending=[False, True], kind="stable")
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return frame.drop(columns="_order").reset_index(drop=True)


def ranked_for_sdg(matrix: Matrix, goal: int) -> pd.DataFrame:
    """For SDG `goal`: the Action Lines ranked by sessions, with the share of the SDG's sessions.

    Columns: rank, action_line, action_line_label, name, sdg, sessions, share, official_link,
    targets, doubt. Ties keep the official order. ``share``: of the sessions naming the SDG.
    """
    sessions = matrix.counts[goal].to_numpy(np.int64)
    col_total = int(matrix.col_totals[goal])
    frame = pd.DataFrame(
        {
            "action_line": matrix.counts.index.to_numpy(),
            "action_line_label": matrix.row_labels,
            "name": [action_line(c).name for c in matrix.counts.index],
            "sdg": goal,
            "sessions": sessions,
            "share": sessions / col_total if col_total else np.zeros(len(sessions)),
        }
    )
    return _ranked(frame, matrix.collapse_c7)


def ranked_for_action_line(matrix: Matrix, code: str) -> pd.DataFrame:
    """For Action Line `code`: the SDGs ranked by sessions, with the share of its sessions.

    Columns: rank, action_line, sdg, sdg_label, name, sessions, share, official_link, targets,
    doubt.
    """
    sessions = matrix.counts.loc[code].to_numpy(np.int64)
    row_total = int(matrix.row_totals[code])
    frame = pd.DataFrame(
        {
            "action_line": code,
            "sdg": list(SDG_GOALS),
            "sdg_label": [sdg_label(g) for g in SDG_GOALS],
            "name": [sdg(g).short_name for g in SDG_GOALS],
            "sessions": sessions,
            "share": sessions / row_total if row_total else np.zeros(len(sessions)),
        }
    )
    return _ranked(frame, matrix.collapse_c7)
