"""The sessions behind a number: one table shape for every drill-down (cell, point, organisation).

`sessions_table` is the one builder: given a view, the session keys behind something and the tags
that put them there, it returns one row per session with its fields, the Action Lines and SDGs
behind the number, the SDG targets named on those SDG tags ("4.4, 9.c") and the provenance of
those tags (`DRILLDOWN_COLUMNS`), newest first.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from wsis_data.dataset import EXPANDED_ROWS, Dataset
from wsis_data.provenance import labels_by_session
from wsis_data.targets import join_targets
from wsis_data.taxonomy import SDG_GOALS, action_line_label, sdg_label

#: The session fields every drill-down shows, then the tags behind the number.
SESSION_FIELDS: tuple[str, ...] = (
    "year",
    "session_id",
    "title",
    "session_type",
    "organisers",
    "url",
)
DRILLDOWN_COLUMNS: tuple[str, ...] = (
    *SESSION_FIELDS,
    "action_lines",
    "action_line_provenance",
    "sdgs",
    "targets",
    "sdg_provenance",
)
_AL_LABELS = np.array([action_line_label(c, collapse_c7=False) for c in EXPANDED_ROWS], object)
_SDG_LABELS = np.array(["", *(sdg_label(g) for g in SDG_GOALS)], object)


class TagRows(NamedTuple):
    """Tags as parallel arrays: session key, code (expanded row index or SDG 1–17), provenance."""

    session: np.ndarray
    code: np.ndarray
    provenance: np.ndarray


def view_tags(view: Dataset, kind: str, keys: np.ndarray) -> TagRows:
    """The view's Action Line (``kind="action_lines"``) or SDG (``"sdgs"``) tags of `keys`."""
    frame = view.action_lines if kind == "action_lines" else view.sdgs
    code = frame["row"] if kind == "action_lines" else frame["sdg"]
    session = frame["session_key"].to_numpy()
    keep = np.isin(session, keys)
    provenance = frame["provenance"].to_numpy()
    return TagRows(session[keep], code.to_numpy(np.int64)[keep], provenance[keep])


def sessions_table(
    view: Dataset,
    keys: np.ndarray,
    action_lines: TagRows | None = None,
    sdgs: TagRows | None = None,
) -> pd.DataFrame:
    """The sessions `keys` of `view` with the tags behind them, in `DRILLDOWN_COLUMNS`.

    ``action_lines`` / ``sdgs`` are the tags that put each session there (default: all the
    view's tags of those sessions); ``action_lines`` lists their labels in official order,
    ``sdgs`` the SDGs, ``targets`` the SDG targets named on those SDGs' tags ("4.4, 9.c"),
    and ``*_provenance`` the OR of their provenances ("page+title").
    Newest first, then by session id.

    >>> from wsis_data.dataset import DatasetInfo, from_records
    >>> from wsis_data.records import SessionRecord, Tag
    >>> rec = SessionRecord(2020, "1", "t", action_lines=(Tag("C3", "page"), Tag("C3", "title")),
    ...                     sdgs=(Tag(4, "file"),))
    >>> ds = from_records([rec], DatasetInfo("doc", "doc"), project=False)
    >>> row = sessions_table(ds, np.array([0])).iloc[0]
    >>> row["action_lines"], row["action_line_provenance"], row["sdgs"]
    ('C3', 'page+title', 'SDG 4')
    """
    keys = np.unique(np.asarray(keys, np.int64))
    if action_lines is None:
        action_lines = view_tags(view, "action_lines", keys)
    if sdgs is None:
        sdgs = view_tags(view, "sdgs", keys)
    out = view.tables.sessions.loc[keys, list(SESSION_FIELDS)].copy()
    columns = {
        "action_lines": _joined(action_lines, _AL_LABELS),
        "action_line_provenance": labels_by_session(action_lines.session, action_lines.provenance),
        "sdgs": _joined(sdgs, _SDG_LABELS),
        "targets": _targets(view, sdgs),
        "sdg_provenance": labels_by_session(sdgs.session, sdgs.provenance),
    }
    for name, values in columns.items():
        out[name] = values.reindex(out.index).fillna("").astype(object).to_numpy()
    out = out.sort_values(["year", "session_id"], ascending=[False, True], kind="stable")
    return out[list(DRILLDOWN_COLUMNS)].reset_index(drop=True)


def _targets(view: Dataset, sdgs: TagRows) -> pd.Series:
    """Each session's targets of the SDGs behind it, joined in official order (index: key)."""
    table = view.tables.sdgs
    if not len(sdgs.session) or "targets" not in table.columns:
        return pd.Series(dtype=object)
    named = table[table["targets"] != ""]
    behind = pd.DataFrame({"session_key": sdgs.session, "sdg": sdgs.code}).drop_duplicates()
    hits = named.merge(
        behind.astype(named[["session_key", "sdg"]].dtypes), on=["session_key", "sdg"]
    )
    if hits.empty:
        return pd.Series(dtype=object)
    return hits.groupby("session_key")["targets"].agg(
        lambda t: join_targets(", ".join(t).split(", "))
    )


def _joined(tags: TagRows, labels: np.ndarray) -> pd.Series:
    """Each session's distinct codes as labels in code order, comma-joined (index: session key)."""
    if not len(tags.session):
        return pd.Series(dtype=object)
    session = np.asarray(tags.session, np.int64)
    code = np.asarray(tags.code, np.int64)
    order = np.lexsort((code, session))
    session, code = session[order], code[order]
    first = np.ones(len(session), bool)
    first[1:] = (session[1:] != session[:-1]) | (code[1:] != code[:-1])
    text = pd.Series(labels[code[first]], index=session[first])
    return text.groupby(level=0, sort=False).agg(", ".join)


def sessions_per_option(view: Dataset, kind: str, *, collapse_c7: bool = True) -> pd.Series:
    """Distinct sessions of `view` per organisation (``kind="organisers"``), Action Line code
    (``"action_lines"``; C7 sub-lines under C7 when `collapse_c7`) or SDG goal (``"sdgs"``),
    largest first: what the sidebar's pickers show beside each name."""
    if kind == "organisers":
        frame, codes = view.organisers, view.organisers["organisation"]
    elif kind == "action_lines":
        frame, codes = view.action_lines, view.action_lines["action_line"].astype(str)
        codes = codes.str.split(".").str[0] if collapse_c7 else codes
    elif kind == "sdgs":
        frame, codes = view.sdgs, view.sdgs["sdg"].astype(int)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    counts = frame["session_key"].groupby(codes.to_numpy()).nunique()
    return counts.sort_values(ascending=False, kind="stable")
