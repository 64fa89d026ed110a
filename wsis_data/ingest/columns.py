"""Column mapping: which file column holds which session field.

A mapping is a plain dict ``{column header: field name or None}`` (None = ignore the column), so
a page or a user can correct the proposal before importing. Headers are recognised case-, accent-
and punctuation-insensitively ("Organization/s", "ORGANISATIONS", "Titre de la session").

>>> propose_mapping(["Session title", "Organizers", "WSIS Action Lines", "SDGs", "Année"])
{'Session title': 'title', 'Organizers': 'organisers', 'WSIS Action Lines': 'action_lines', \
'SDGs': 'sdgs', 'Année': 'year'}
"""

from __future__ import annotations

import re
import unicodedata

from wsis_data.errors import MappingError
from wsis_data.safe_text import literal  # noqa: F401  (old home, kept for ingest's callers)

#: field → description shown to the user
FIELDS: dict[str, str] = {
    "year": "Year of the Forum (a number such as 2018)",
    "date": "Date of the session (the year is taken from it when there is no year column)",
    "session_id": "Session id as on the agenda (with the year, the session's identity)",
    "title": "Session title (required)",
    "session_type": "Session type (workshop, high-level policy session, ...)",
    "organisers": "Organisers (several split on ; | or new lines)",
    "action_lines": "WSIS Action Lines (C1–C11, C7 sub-lines; several split on ; , / | new lines)",
    "sdgs": "SDGs (1–17; several split on ; , / | new lines)",
    "url": "Web address of the session page",
    "language": "Language of the session",
    "note": "Free note kept with the record",
}

#: The column a quarantine file adds; ignored when the fixed file is imported again.
PROBLEM_COLUMN = "import_problems"

_HEADERS: dict[str, tuple[str, ...]] = {
    "year": ("year", "years", "annee", "ano", "forum year", "edition", "year of forum"),
    "date": ("date", "session date", "date of session", "day", "fecha", "start date", "start"),
    "session_id": (
        "session id", "id", "session", "session no", "session number", "session code", "code",
        "session ref", "reference", "ref", "session key", "numero", "no",
    ),
    "title": (
        "title", "session title", "titre", "titre de la session", "titulo", "name",
        "session name", "title of session", "title of your session", "session title en",
    ),
    "session_type": (
        "type", "session type", "type of session", "format", "category", "type de session",
        "tipo", "tipo de sesion",
    ),
    "organisers": (
        "organisers", "organizers", "organiser", "organizer", "organization", "organizations",
        "organisation", "organisations", "organization s", "organisation s", "organised by",
        "organized by", "organizing organizations", "organizing organisation", "organisateurs",
        "organisateur", "organizadores", "organizador", "host", "hosts", "host organization",
        "name of organization s organizing the session",
    ),
    "action_lines": (
        "action lines", "action line", "wsis action lines", "wsis action line", "al", "als",
        "lignes d action", "lineas de accion", "relevance with the wsis action lines",
        "wsis als", "action lines c1 c11",
    ),
    "sdgs": (
        "sdgs", "sdg", "sustainable development goals", "sustainable development goal", "goals",
        "odd", "ods", "objectifs de developpement durable", "objetivos de desarrollo sostenible",
        "sdg links", "linked sdgs", "main linkages with the sdgs",
        "main linkages with the sustainable development goals",
    ),
    "url": ("url", "link", "web", "website", "page", "session url", "session page", "lien"),
    "language": ("language", "languages", "langue", "idioma", "lang"),
    "note": ("note", "notes", "comment", "comments", "remarks"),
}  # fmt: skip


def header_key(header: object) -> str:
    """Comparison key of a header: accents dropped, case folded, punctuation as spaces."""
    text = unicodedata.normalize("NFKD", str(header))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[^\W_]+", text))


_LOOKUP: dict[str, str] = {header_key(h): f for f, forms in _HEADERS.items() for h in forms}


def guess_field(header: object) -> str | None:
    """The field a header names, or None."""
    key = header_key(header)
    if not key or key == header_key(PROBLEM_COLUMN):
        return None
    if key in _LOOKUP:
        return _LOOKUP[key]
    key = re.sub(r"^(wsis|forum|session|sessions) ", "", key)
    return _LOOKUP.get(key)


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
