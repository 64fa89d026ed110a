"""A dataset of sessions as tidy tables, and filtered views of it.

A `Dataset` holds four frames built once from session records:

- ``sessions``: one row per session (index = session key), with year, session_id, title, ...
- ``action_lines`` / ``sdgs``: one row per (session, tag), with a provenance bit mask;
- ``organisers``: one row per (session, organiser as written, organisation as resolved);

and the tidy long table of Action Line × SDG links (`pairs`, one row per (session, action line,
SDG) with both provenances; `wsis_data.pairs`), kept as numpy arrays because the matrix, the
network and the trends all start from it. Provenance bits and labels: `wsis_data.provenance`.
A filtered view (`wsis_data.views.apply_filters`) shares the frames and
carries boolean masks; nothing is copied until a frame is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from wsis_data import official
from wsis_data.errors import SchemaError
from wsis_data.filters import Filters
from wsis_data.organisations import resolve_frame
from wsis_data.pairs import (
    AL_INDEX,
    C7_FAMILY,
    COLLAPSE_INDEX,
    COLLAPSED_ROWS,
    EXPANDED_ROWS,
    FLAG_CELL,
    FLAG_COL,
    FLAG_ROW,
    FLAG_SESSION,
    N_FLAGS,
    Pairs,
    build_pairs,
)
from wsis_data.provenance import (
    DECLARED_MASK,
    PROJECTED,
    PROVENANCE_BITS,
    or_reduce,
    provenance_label,
)
from wsis_data.records import SessionRecord
from wsis_data.targets import join_targets, with_targets
from wsis_data.taxonomy import action_line_label

#: The row codes and `Pairs` live in `wsis_data.pairs`; re-exported for callers of this module.
__all__ = [
    "AL_INDEX",
    "C7_FAMILY",
    "COLLAPSED_ROWS",
    "COLLAPSE_INDEX",
    "EXPANDED_ROWS",
    "FLAG_CELL",
    "FLAG_COL",
    "FLAG_ROW",
    "FLAG_SESSION",
    "N_FLAGS",
    "SESSION_COLUMNS",
    "Dataset",
    "DatasetInfo",
    "Masks",
    "Pairs",
    "Tables",
    "from_frames",
    "from_records",
    "tidy_table",
]

SESSION_COLUMNS = (
    "year",
    "session_id",
    "title",
    "session_type",
    "organisers",
    "url",
    "language",
    "note",
)


@dataclass(frozen=True)
class DatasetInfo:
    """What a dataset is: its key, a label for every chart, and its limits."""

    name: str
    label: str
    synthetic: bool = False
    sample: bool = False
    notes: tuple[str, ...] = ()

    @property
    def chart_note(self) -> str:
        """The words every chart showing this dataset carries."""
        if self.synthetic:
            return f"{self.label} — SYNTHETIC data for demonstration, not real sessions"
        if self.sample:
            return f"{self.label} — a sample: counts describe the sample, not the whole Forum"
        return self.label


@dataclass(frozen=True, eq=False)
class Tables:
    """The frames of a dataset (shared by every view, never mutated)."""

    sessions: pd.DataFrame
    action_lines: pd.DataFrame
    sdgs: pd.DataFrame
    organisers: pd.DataFrame
    pairs: Pairs
    #: Distinct provenance masks present in each tag array (lets filters skip full scans).
    provenance_values: dict[str, frozenset[int]] = field(default_factory=dict)


class Masks:
    """Boolean masks of a filtered view, one per table, each computed on first use.

    ``sessions``, ``action_line_tags`` and ``sdg_tags`` are functions returning a mask (or None
    for "every row", tags only); the pair mask is given ready, since every view needs it.
    """

    def __init__(
        self,
        tables: Tables,
        sessions: Callable[[], np.ndarray],
        action_line_tags: Callable[[], np.ndarray | None],
        sdg_tags: Callable[[], np.ndarray | None],
        pairs: np.ndarray | None,
        *,
        whole_sessions: bool = False,
    ) -> None:
        self._tables = tables
        self._sessions = sessions
        self._al_tags = action_line_tags
        self._sdg_tags = sdg_tags
        self.pairs = pairs  # None: every pair
        #: True when `pairs` keeps or drops whole sessions only (no tag-level selection).
        self.whole_sessions = whole_sessions

    @cached_property
    def sessions(self) -> np.ndarray:
        """Sessions kept."""
        return self._sessions()

    def _by_session(self, frame: pd.DataFrame, extra: np.ndarray | None) -> np.ndarray:
        mask = self.sessions[frame["session_key"].to_numpy()]
        return mask if extra is None else mask & extra

    @cached_property
    def action_lines(self) -> np.ndarray:
        """Action Line tags kept."""
        return self._by_session(self._tables.action_lines, self._al_tags())

    @cached_property
    def sdgs(self) -> np.ndarray:
        """SDG tags kept."""
        return self._by_session(self._tables.sdgs, self._sdg_tags())

    @cached_property
    def organisers(self) -> np.ndarray:
        """Organiser rows kept."""
        return self._by_session(self._tables.organisers, None)


@dataclass(frozen=True, eq=False)
class Dataset:
    """A dataset, or a filtered view of one (`filters` and `masks` set)."""

    info: DatasetInfo
    tables: Tables
    filters: Filters | None = None
    masks: Masks | None = field(default=None, repr=False)

    def _subset(self, name: str) -> pd.DataFrame:
        frame = getattr(self.tables, name)
        return frame if self.masks is None else frame[getattr(self.masks, name)]

    @cached_property
    def sessions(self) -> pd.DataFrame:
        """One row per session in the view (index: session key)."""
        return self._subset("sessions")

    @cached_property
    def action_lines(self) -> pd.DataFrame:
        """One row per (session, Action Line) tag in the view."""
        return self._subset("action_lines")

    @cached_property
    def sdgs(self) -> pd.DataFrame:
        """One row per (session, SDG) tag in the view."""
        return self._subset("sdgs")

    @cached_property
    def organisers(self) -> pd.DataFrame:
        """One row per (session, organiser) in the view."""
        return self._subset("organisers")

    @property
    def pair_mask(self) -> np.ndarray | None:
        """Which rows of `tables.pairs` the view keeps (None: all)."""
        return None if self.masks is None else self.masks.pairs

    @property
    def n_sessions(self) -> int:
        """How many sessions the view holds."""
        return len(self.sessions)

    @cached_property
    def years(self) -> tuple[int, ...]:
        """The years present in the whole dataset (not only the view)."""
        return tuple(sorted(int(y) for y in self.tables.sessions["year"].unique()))

    @cached_property
    def has_declared_sdgs(self) -> bool:
        """Whether any SDG tag in the whole dataset was declared (not projected or suggested)."""
        return bool((self.tables.sdgs["provenance"].to_numpy() & DECLARED_MASK).any())

    def tidy(self) -> pd.DataFrame:
        """The tidy long table of the view, readable: one row per (session, Action Line, SDG)."""
        return tidy_table(self)


def _tags_frame(rows: list[tuple[int, object, int]], column: str, dtype: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["session_key", column, "provenance"])
    frame = frame.astype({"session_key": "int32", column: dtype, "provenance": "uint8"})
    # One row per (session, code): a tag seen in several places carries every provenance bit.
    return or_reduce(frame, ["session_key", column], "provenance")


def from_records(
    records: Iterable[SessionRecord],
    info: DatasetInfo,
    *,
    project: bool = True,
    resolve_organisation=None,
) -> Dataset:
    """Build a dataset from session records.

    With ``project=True`` each Action Line tag is also projected through the official
    WSIS–SDG Matrix into SDG tags of provenance ``projected`` (never counted as declared).
    ``resolve_organisation`` maps an organiser as written to an organisation name.
    """
    sessions, als, goals, orgs = [], [], [], []
    named: list[tuple[int, int, str]] = []  # (session key, goal, targets) of tags naming targets
    for key, rec in enumerate(records):
        sessions.append(
            (
                rec.year,
                str(rec.session_id),
                rec.title,
                rec.session_type,
                "; ".join(rec.organisers),
                rec.url,
                rec.language,
                rec.note,
            )
        )
        als.extend((key, t.code, PROVENANCE_BITS[t.provenance]) for t in rec.action_lines)
        goals.extend((key, int(t.code), PROVENANCE_BITS[t.provenance]) for t in rec.sdgs)
        named.extend((key, int(t.code), join_targets(t.targets)) for t in rec.sdgs if t.targets)
        orgs.extend((key, name) for name in rec.organisers)
    session_frame = pd.DataFrame(sessions, columns=list(SESSION_COLUMNS))
    session_frame = session_frame.astype({"year": "int16"})
    org_frame = pd.DataFrame(orgs, columns=["session_key", "organiser"]).astype(
        {"session_key": "int32", "organiser": "str"}
    )
    return from_frames(
        session_frame,
        _tags_frame(als, "action_line", "str"),
        with_targets(_tags_frame(goals, "sdg", "int8"), *_columns(named, 3)),
        org_frame,
        info,
        project=project,
        resolve_organisation=resolve_organisation,
    )


def _columns(rows: list[tuple], n: int) -> list[list]:
    """Rows as `n` column lists (empty lists for no rows)."""
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in range(n)]


def from_frames(
    sessions: pd.DataFrame,
    action_lines: pd.DataFrame,
    sdgs: pd.DataFrame,
    organisers: pd.DataFrame,
    info: DatasetInfo,
    *,
    project: bool = False,
    resolve_organisation=None,
) -> Dataset:
    """Build a dataset from ready frames (session key = row position of `sessions`).

    ``sdgs`` may carry a ``targets`` column (`wsis_data.targets.with_targets`); one is added
    ("" everywhere) when it does not.
    """
    if "targets" not in sdgs.columns:
        sdgs = sdgs.assign(targets="")
    sessions = sessions.reset_index(drop=True)
    sessions.index.name = "session_key"
    if sessions.duplicated(["year", "session_id"]).any():
        dup = sessions[sessions.duplicated(["year", "session_id"], keep=False)].iloc[0]
        raise SchemaError(f"Duplicate session key ({dup['year']}, {dup['session_id']!r})")
    if project:
        sdgs = _with_projection(action_lines, sdgs)
    organisers = resolve_frame(organisers, resolve_organisation)
    action_lines = action_lines.assign(row=action_lines["action_line"].map(AL_INDEX).astype("int8"))
    pairs = build_pairs(sessions["year"].to_numpy(), action_lines, sdgs, project=project)
    present = {
        "action_lines": action_lines["provenance"],
        "sdgs": sdgs["provenance"],
        "pairs_al": pairs.al_provenance,
        "pairs_sdg": pairs.sdg_provenance,
    }
    values = {k: frozenset(int(v) for v in pd.unique(np.asarray(a))) for k, a in present.items()}
    tables = Tables(sessions, action_lines, sdgs, organisers, pairs, values)
    return Dataset(info=info, tables=tables)


def _with_projection(action_lines: pd.DataFrame, sdgs: pd.DataFrame) -> pd.DataFrame:
    """Add SDG tags projected through the official matrix from each session's Action Lines."""
    links = official.official_pairs(collapse_c7=False)[["action_line", "sdg"]]
    projected = action_lines[["session_key", "action_line"]].merge(links, on="action_line")
    projected = projected[["session_key", "sdg"]].drop_duplicates()
    projected = projected.assign(provenance=np.uint8(PROJECTED)).astype({"sdg": "int8"})
    both = or_reduce(
        pd.concat([sdgs, projected], ignore_index=True), ["session_key", "sdg"], "provenance"
    )
    both = both.astype({"session_key": "int32", "sdg": "int8", "provenance": "uint8"})
    # Projection adds goals, never targets: each tag keeps the targets it was read with.
    named = sdgs[sdgs["targets"] != ""]
    return with_targets(both, named["session_key"], named["sdg"], named["targets"])


def tidy_table(dataset: Dataset) -> pd.DataFrame:
    """One row per (session, Action Line, SDG) in the view, with both tags' provenances."""
    pairs = dataset.tables.pairs
    keep = dataset.pair_mask if dataset.pair_mask is not None else slice(None)
    frame = pd.DataFrame(
        {
            "session_key": pairs.session[keep],
            "action_line": np.asarray(EXPANDED_ROWS, dtype=object)[pairs.action_line[keep]],
            "sdg": pairs.sdg[keep],
            "action_line_provenance": [provenance_label(m) for m in pairs.al_provenance[keep]],
            "sdg_provenance": [provenance_label(m) for m in pairs.sdg_provenance[keep]],
        }
    )
    sessions = dataset.tables.sessions[
        ["year", "session_id", "title", "session_type", "organisers"]
    ]
    frame = frame.join(sessions, on="session_key")
    frame["sdg_targets"] = _sdg_targets(dataset.tables.sdgs, frame)
    frame.insert(3, "action_line_label", frame["action_line"].map(_expanded_label))
    cols = ["year", "session_id", "title", "session_type", "organisers", "action_line"]
    cols += ["action_line_label", "action_line_provenance", "sdg", "sdg_targets", "sdg_provenance"]
    return frame[cols].reset_index(drop=True)


def _sdg_targets(sdgs: pd.DataFrame, frame: pd.DataFrame) -> np.ndarray | str:
    """The targets on each row's SDG tag ("" for none; "" everywhere when no tag names one)."""
    named = sdgs[sdgs["targets"] != ""]
    if named.empty:
        return ""
    targets = named.set_index(["session_key", "sdg"])["targets"]
    at = pd.MultiIndex.from_arrays([frame["session_key"], frame["sdg"]])
    return targets.reindex(at).fillna("").to_numpy(object)


def _expanded_label(code: str) -> str:
    return action_line_label(code, collapse_c7=False)
