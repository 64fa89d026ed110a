"""Column mapping: which file column holds which session field.

A mapping is a plain dict ``{column header: field name or None}`` (None = ignore the column), so
a page or a user can correct the proposal before importing. Headers are recognised case-, accent-
and punctuation-insensitively ("Organization/s", "ORGANISATIONS", "Titre de la session").

>>> propose_mapping(["Session title", "Organizers", "WSIS Action Lines", "SDGs", "Année"])
{'Session title': 'title', 'Organizers': 'organisers', 'WSIS Action Lines': 'action_lines', \
'SDGs': 'sdgs', 'Année': 'year'}
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from wsis_data.errors import MappingError

#: field → description shown to the user
FIELDS: dict[str, str] = {
    "year": "Year of the Forum (a number such as 2018)",
    "date": "Date of the session (the year is taken from it when there is no year column)",
    "session_id": "Session id as on the agenda (with the year, the session's identity)",
    "title": "Session title (required)",
    "session_type": "Session type (workshop, high-level policy session, ...)",
    "organisers": "Organisers (several split on ; | or new lines)",
    "action_lines": "WSIS Action Lines (C1–C11, C7 sub-lines; several split on ; , / | new lines)",
    "sdgs": "SDGs (1–17, or targets such as 4.4 or 9.c; several split on ; , / | new lines)",
    "sdg_targets": "SDG targets (4.4, 9.c, 16.10 …; each also tags its goal)",
    "url": "Web address of the session page",
    "language": "Language of the session",
    "note": "Free note kept with the record",
}

#: The column a quarantine file adds; ignored when the fixed file is imported again.
PROBLEM_COLUMN = "import_problems"

#: The header spellings of each field (several languages), one a row: data, not code.
HEADERS_FILE = Path(__file__).resolve().parents[1] / "data" / "column_headers.csv"


def header_key(header: object, camel: bool = True) -> str:
    """Comparison key of a header: the same for every way of writing one name.

    camelCase, snake_case, kebab-case and spaced words are split alike; accents are dropped,
    case folded, "(s)" joined to its word; other punctuation separates words.

    >>> [header_key(h) for h in ("actionLines", "action_lines", "Action-Lines", "Action Line(s)")]
    ['action lines', 'action lines', 'action lines', 'action lines']
    """
    text = _PLURAL_MARK.sub(r"\1", str(header)[:300])
    text = _CAMEL.sub(" ", text) if camel else text
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words: list[str] = []
    for word in re.findall(r"[^\W_]+", text):
        if word in ("s", "es") and words:  # "Organization/s", "Line (s)"
            words[-1] += word
        else:
            words.append(word)
    return " ".join(words)


_PLURAL_MARK = re.compile(r"\((e?s)\)")  # "Organizer(s)", "Organisateur(s)", "Line(s)"
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z][a-z])")
_PREFIX = re.compile(r"^(wsis|forum|session|sessions|the) ")


def _singular(key: str) -> str:
    """Words without a plural "s" ("action lines" and "action line" are one key)."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in key.split())


@lru_cache(maxsize=1)
def header_table() -> dict[str, str]:
    """Singular header key → field, from `HEADERS_FILE` (the first row of a key wins)."""
    with HEADERS_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    table: dict[str, str] = {}
    for row in rows:
        if row["field"] not in FIELDS:
            raise MappingError(f"{HEADERS_FILE.name}: unknown field {row['field']!r}")
        table.setdefault(_singular(header_key(row["header"])), row["field"])
    return table


def guess_field(header: object) -> str | None:
    """The field a header names, or None.

    >>> guess_field("Organizer(s)"), guess_field("actionLines"), guess_field("主办单位")
    ('organisers', 'action_lines', 'organisers')
    """
    key = header_key(header)
    if not key or key == header_key(PROBLEM_COLUMN):
        return None
    table = header_table()
    for written in dict.fromkeys((key, header_key(header, camel=False))):
        for form in (_singular(written), _PREFIX.sub("", _singular(written))):
            if form in table:
                return table[form]
    return None


def header_forms() -> list[tuple[str, str]]:
    """(header as written, field) of every spelling in `HEADERS_FILE`."""
    with HEADERS_FILE.open(encoding="utf-8", newline="") as f:
        return [(row["header"], row["field"]) for row in csv.DictReader(f)]


def propose_mapping(headers: list[str]) -> dict[str, str | None]:
    """Header → field for every column; each field at most once (the first column wins)."""
    used: set[str] = set()
    mapping: dict[str, str | None] = {}
    for header in headers:
        found = guess_field(header)
        if found in used:
            found = None
        if found:
            used.add(found)
        mapping[header] = found
    return mapping


def check_mapping(mapping: dict[str, str | None], headers: list[str]) -> dict[str, int]:
    """Field → column position of a usable mapping; raises `MappingError` saying what to fix."""
    positions: dict[str, int] = {}
    for header, target in mapping.items():
        if not target:
            continue
        if target not in FIELDS:
            raise MappingError(f"Column {header!r}: unknown field {target!r}")
        if header not in headers:
            raise MappingError(f"The mapping names a column {header!r} that the file lacks")
        if target in positions:
            other = headers[positions[target]]
            raise MappingError(f"Field {target!r} is mapped twice: {other!r} and {header!r}")
        positions[target] = headers.index(header)
    missing = [f for f in ("title",) if f not in positions]
    if "year" not in positions and "date" not in positions:
        missing.append("year (or date)")
    if missing:
        raise MappingError(
            f"No column is mapped to {' and '.join(missing)}; columns: {', '.join(headers)}"
        )
    return positions


def mapping_frame(mapping: dict[str, str | None], examples: dict[str, str] | None = None):
    """The mapping as an editable table: column, field ("" = ignore), an example value."""
    import pandas as pd

    examples = examples or {}
    return pd.DataFrame(
        {
            "column": list(mapping),
            "field": [mapping[c] or "" for c in mapping],
            "example": [examples.get(c, "") for c in mapping],
        }
    )


def mapping_from_frame(frame) -> dict[str, str | None]:
    """The mapping back from an edited `mapping_frame` ("", None or NaN = ignore the column).

    A cleared cell of the table editor comes back as None or NaN (a missing value in a text
    column), never the field "nan". A frame without the two columns raises `MappingError`.
    """
    import pandas as pd

    missing = [c for c in ("column", "field") if c not in getattr(frame, "columns", ())]
    if missing:
        raise MappingError(f"The mapping table lacks the column(s) {', '.join(missing)}")
    return {
        str(c): (None if f is None or pd.isna(f) or not str(f).strip() else str(f).strip())
        for c, f in zip(frame["column"], frame["field"], strict=True)
    }


def examples(headers: list[str], rows: list[list[object]], limit: int = 50) -> dict[str, str]:
    """The first non-empty value of each column among the first `limit` rows, for display."""
    out: dict[str, str] = {}
    for i, header in enumerate(headers):
        for row in rows[:limit]:
            value = row[i] if i < len(row) else None
            if value not in (None, ""):
                out[header] = str(value)[:80]
                break
    return out
