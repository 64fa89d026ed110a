"""A dataset of sessions as tidy tables, and filtered views of it.

A `Dataset` holds four frames built once from session records:

- ``sessions``: one row per session (index = session key), with year, session_id, title, ...
- ``action_lines`` / ``sdgs``: one row per (session, tag), with a provenance bit mask;
- ``organisers``: one row per (session, organiser as written, organisation as resolved);

and the tidy long table of Action Line × SDG links (`pairs`, one row per (session, action line,
SDG) with both provenances), kept as numpy arrays because the matrix, the network and the trends
all start from it. A filtered view (`wsis_data.filters.apply_filters`) shares the frames and
carries boolean masks; nothing is copied until a frame is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wsis_data import official
from wsis_data.errors import SchemaError
from wsis_data.organisations import resolve_frame
from wsis_data.records import PROVENANCE_BITS, SessionRecord, provenance_names
from wsis_data.taxonomy import action_line_label, collapse_code, row_codes

if TYPE_CHECKING:
    from wsis_data.filters import Filters

#: Expanded row codes, with plain "C7" (no sub-line) before the sub-lines: 19 codes.
EXPANDED_ROWS: tuple[str, ...] = row_codes(False, include_unspecified=True)
COLLAPSED_ROWS: tuple[str, ...] = row_codes(True)
AL_INDEX: dict[str, int] = {code: i for i, code in enumerate(EXPANDED_ROWS)}
#: For each expanded row index, its collapsed row index.
COLLAPSE_INDEX = np.array([COLLAPSED_ROWS.index(collapse_code(c)) for c in EXPANDED_ROWS], np.int8)
C7_FAMILY = np.array([collapse_code(c) == "C7" for c in EXPANDED_ROWS])
PROJECTED = PROVENANCE_BITS["projected"]

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
        declared = sum(PROVENANCE_BITS[p] for p in ("page", "title", "submission", "file"))
        return bool((self.tables.sdgs["provenance"].to_numpy() & declared).any())

    def tidy(self) -> pd.DataFrame:
        """The tidy long table of the view, readable: one row per (session, Action Line, SDG)."""
        return tidy_table(self)


def _tags_frame(rows: list[tuple[int, object, int]], column: str, dtype: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["session_key", column, "provenance"])
    frame = frame.astype({"session_key": "int32", column: dtype, "provenance": "uint8"})
    # One row per (session, code): a tag seen in several places carries every provenance bit.
    return or_reduce(frame, ["session_key", column], "provenance")


def or_reduce(frame: pd.DataFrame, keys: list[str], column: str) -> pd.DataFrame:
    """Group `frame` by `keys` and OR the bit masks of `column` (vectorised, sorted by keys)."""
    values = frame[column].to_numpy(np.uint8)
    bits = {f"_b{b}": (values & (1 << b)) > 0 for b in range(8) if (values & (1 << b)).any()}
    grouped = frame[keys].assign(**bits).groupby(keys, sort=True, as_index=False).max()
    mask = np.zeros(len(grouped), np.uint8)
    for name in bits:
        mask |= grouped[name].to_numpy(bool).astype(np.uint8) << np.uint8(int(name[2:]))
    return grouped[keys].assign(**{column: mask}).reset_index(drop=True)


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
        orgs.extend((key, name) for name in rec.organisers)
    session_frame = pd.DataFrame(sessions, columns=list(SESSION_COLUMNS))
    session_frame = session_frame.astype({"year": "int16"})
    org_frame = pd.DataFrame(orgs, columns=["session_key", "organiser"]).astype(
        {"session_key": "int32", "organiser": "str"}
    )
    return from_frames(
        session_frame,
        _tags_frame(als, "action_line", "str"),
        _tags_frame(goals, "sdg", "int8"),
        org_frame,
        info,
        project=project,
        resolve_organisation=resolve_organisation,
    )


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
    """Build a dataset from ready frames (session key = row position of `sessions`)."""
    sessions = sessions.reset_index(drop=True)
    sessions.index.name = "session_key"
    if sessions.duplicated(["year", "session_id"]).any():
        dup = sessions[sessions.duplicated(["year", "session_id"], keep=False)].iloc[0]
        raise SchemaError(f"Duplicate session key ({dup['year']}, {dup['session_id']!r})")
    if project:
        sdgs = _with_projection(action_lines, sdgs)
    organisers = resolve_frame(organisers, resolve_organisation)
    action_lines = action_lines.assign(row=action_lines["action_line"].map(AL_INDEX).astype("int8"))
    pairs = _build_pairs(sessions["year"].to_numpy(), action_lines, sdgs, project=project)
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
    return both.astype({"session_key": "int32", "sdg": "int8", "provenance": "uint8"})


def _build_pairs(
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
    frame.insert(3, "action_line_label", frame["action_line"].map(_expanded_label))
    cols = ["year", "session_id", "title", "session_type", "organisers", "action_line"]
    cols += ["action_line_label", "action_line_provenance", "sdg", "sdg_provenance"]
    return frame[cols].reset_index(drop=True)


def _expanded_label(code: str) -> str:
    return action_line_label(code, collapse_c7=False)


def provenance_label(mask: int) -> str:
    """Readable provenance of a tag: its provenance names joined by '+'."""
    return "+".join(provenance_names(int(mask)))
