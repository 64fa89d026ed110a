"""Organisation names: one name per organisation, from an alias table users can extend.

Organisers are written many ways on agenda pages ("ITU", "International Telecommunication Union
(ITU)", "UIT", "Unión Internacional de Telecomunicaciones (UIT)") and sometimes several at once
("ITU/Giga", "Giga (ITU and UNICEF)"). Resolution is driven by data, not code:

1. the alias table ``data/organisation_aliases.csv`` (columns ``alias,organisation,note``),
   extended or overridden by the CSV file named in the environment variable
   ``WSIS_ORG_ALIASES`` (same columns; its rows win). An ``organisation`` cell may name several
   organisations separated by ``|`` to split an organiser explicitly;
2. three generic rules for names the table does not hold as written:

   - ``Name (ACR)``: the organisation of ``ACR`` or of ``Name``, whichever the table knows;
   - ``Name (A and B)`` / ``Name (ACR – A, B, C)``: a named group and its listed members, split
     into the group plus every member, **only when every member is known** to the table;
   - ``A/B``: split into A and B, **only when every part is known**.

Anything else is kept as written (whitespace normalised), so an unknown organiser is never
merged or split by guesswork. Matching ignores case, repeated spaces and dash/quote variants.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from wsis_data.errors import SchemaError

ALIASES_FILE = Path(__file__).parent / "data" / "organisation_aliases.csv"
ENV_VAR = "WSIS_ORG_ALIASES"
COLUMNS = ("alias", "organisation", "note")
SEPARATOR = "|"

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_QUOTES = dict.fromkeys(map(ord, "‘’‛`´"), "'")
_PAREN = re.compile(r"^(?P<head>.*?)\s*\((?P<inner>[^()]*)\)\s*$")
_GROUP = re.compile(r"^(?P<acronym>[^,]+?)\s+-\s+(?P<members>.+)$")
_LIST = re.compile(r"\s*(?:,|;|\band\b|&|\bet\b|\by\b|\bund\b)\s*", re.IGNORECASE)
_SLASH = re.compile(r"\s*/\s*")


def clean(name: object) -> str:
    """An organiser as written, with whitespace collapsed (what is kept when nothing matches)."""
    return " ".join(unicodedata.normalize("NFKC", str(name)).split())


def match_key(name: str) -> str:
    """The form used to look a name up: NFKC, case-folded, one space, plain dashes and quotes."""
    text = clean(name).translate(_DASHES).translate(_QUOTES)
    return text.casefold().strip(" .,;:")


class AliasTable:
    """Alias → organisation(s), with the generic split rules (see the module docstring).

    >>> table = AliasTable.from_rows([("ITU", "ITU"), ("UIT", "ITU"), ("UNICEF", "UNICEF"),
    ...                               ("Giga", "Giga")])
    >>> table.resolve("Unión Internacional de Telecomunicaciones (UIT)")
    ('ITU',)
    >>> table.resolve("Giga (ITU and UNICEF)")
    ('Giga', 'ITU', 'UNICEF')
    >>> table.resolve("ITU/Giga")
    ('ITU', 'Giga')
    >>> table.resolve("Unknown  Body (UB)")
    ('Unknown Body (UB)',)
    """

    def __init__(self, mapping: dict[str, tuple[str, ...]]) -> None:
        self._map = dict(mapping)
        self.resolve = lru_cache(maxsize=65_536)(self._resolve)

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str]]) -> AliasTable:
        """A table from (alias, organisation) pairs; later rows win."""
        return cls({match_key(a): _targets(o) for a, o in rows})

    def __len__(self) -> int:
        return len(self._map)

    def known(self, name: str) -> tuple[str, ...] | None:
        """The organisation(s) the table itself gives for `name`, or None."""
        return self._map.get(match_key(name))

    def _resolve(self, name: str) -> tuple[str, ...]:
        written = clean(name)
        if not written:
            return (written,)
        direct = self.known(written)
        if direct:
            return direct
        split = self._split(written)
        return split if split else (written,)

    def _split(self, written: str) -> tuple[str, ...] | None:
        paren = _PAREN.match(written.translate(_DASHES))
        if paren and paren["head"]:
            head, inner = paren["head"], paren["inner"].strip()
            group = _GROUP.match(inner)
            members = _parts(_LIST, group["members"] if group else inner)
            if len(members) > 1:
                resolved = [self.known(m) for m in members]
                if all(resolved):
                    name = group["acronym"] if group else head
                    lead = self.known(name) or self.known(head) or (clean(head),)
                    return _unique([*lead, *(o for r in resolved for o in r)])
                return None
            return self.known(inner) or self.known(head)
        parts = _parts(_SLASH, written)
        if len(parts) > 1:
            resolved = [self.known(p) for p in parts]
            if all(resolved):
                return _unique([o for r in resolved for o in r])
        return None


def _parts(pattern: re.Pattern, text: str) -> list[str]:
    return [p for p in (s.strip() for s in pattern.split(text)) if p]


def _targets(cell: str) -> tuple[str, ...]:
    return _unique([clean(t) for t in str(cell).split(SEPARATOR) if clean(t)])


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def read_aliases(path: Path | str) -> pd.DataFrame:
    """Read an alias CSV (alias, organisation[, note]); errors name the file, row and column."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise SchemaError(f"Cannot read organisation aliases {path}: {exc}") from exc
    missing = [c for c in ("alias", "organisation") if c not in frame.columns]
    if missing:
        raise SchemaError(
            f"Organisation aliases {path}: missing column(s) {', '.join(missing)} "
            f"(expected {', '.join(COLUMNS)})"
        )
    for column in ("alias", "organisation"):
        empty = frame.index[frame[column].str.strip() == ""]
        if len(empty):
            row = int(empty[0]) + 2  # 1-based, after the header line
            raise SchemaError(f"Organisation aliases {path}, row {row}: empty column {column!r}")
    keys = frame["alias"].map(match_key)
    clash = frame[keys.duplicated(keep=False)].assign(key=keys)
    clash = clash[clash.groupby("key")["organisation"].transform("nunique") > 1]
    if len(clash):
        row = clash.iloc[0]
        raise SchemaError(
            f"Organisation aliases {path}, row {int(row.name) + 2}: alias {row['alias']!r} "
            "is given more than one organisation"
        )
    if "note" not in frame.columns:
        frame["note"] = ""
    return frame[list(COLUMNS)]


def alias_frame(user_file: Path | str | None = None) -> pd.DataFrame:
    """The built-in alias table followed by the user's (``WSIS_ORG_ALIASES`` by default)."""
    user_file = os.environ.get(ENV_VAR) if user_file is None else user_file
    frames = [read_aliases(ALIASES_FILE).assign(source="built-in")]
    if user_file:
        frames.append(read_aliases(user_file).assign(source=str(user_file)))
    return pd.concat(frames, ignore_index=True)


@lru_cache(maxsize=8)
def _table_for(user_file: str, stamp: float) -> AliasTable:
    frame = alias_frame(user_file or "")
    return AliasTable.from_rows(list(zip(frame["alias"], frame["organisation"], strict=True)))


def default_table() -> AliasTable:
    """The alias table in force (built-in + ``WSIS_ORG_ALIASES``), re-read when the file changes."""
    user_file = os.environ.get(ENV_VAR, "")
    stamp = Path(user_file).stat().st_mtime if user_file and Path(user_file).exists() else 0.0
    return _table_for(user_file, stamp)


def resolve(name: str) -> tuple[str, ...]:
    """The organisation(s) an organiser as written stands for (see the module docstring)."""
    return default_table().resolve(name)


def resolve_frame(
    organisers: pd.DataFrame,
    resolve_organisation: Callable[[str], str | tuple[str, ...]] | None = None,
) -> pd.DataFrame:
    """Add the ``organisation`` column: one row per (session, organiser as written, organisation).

    An organiser that stands for several organisations ("Giga (ITU and UNICEF)") becomes several
    rows, each keeping the ``organiser`` as written. ``resolve_organisation`` may return a name
    or a tuple of names; by default the alias table in force is used.
    """
    resolver = resolve_organisation or resolve
    names = organisers["organiser"].astype("str")
    codes, unique = pd.factorize(names)
    targets = []
    for name in unique:
        result = resolver(name)
        targets.append((result,) if isinstance(result, str) else tuple(result) or (clean(name),))
    counts = np.array([len(t) for t in targets], dtype=np.intp)
    flat = np.array([o for t in targets for o in t], dtype=object)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    if len(codes) == 0 or (counts == 1).all():
        out = organisers.copy()
        out["organisation"] = pd.array(flat[starts[codes]] if len(codes) else [], dtype="str")
        return out
    per_row = counts[codes]
    rows = np.repeat(np.arange(len(codes)), per_row)
    offset = np.arange(len(rows)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    out = organisers.iloc[rows].reset_index(drop=True)
    out["organisation"] = pd.array(flat[starts[codes[rows]] + offset], dtype="str")
    return out.drop_duplicates(["session_key", "organiser", "organisation"], ignore_index=True)
