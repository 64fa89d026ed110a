"""Validate a `RawTable` under a column mapping: session records, problems and a quarantine.

Every row ends in exactly one place: a valid record, the quarantine (with every reason), or the
list of empty rows. Tags read from a file carry the provenance ``file``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from wsis_data.errors import UnknownCodeError
from wsis_data.ingest.columns import PROBLEM_COLUMN, check_mapping
from wsis_data.ingest.readers import RawTable
from wsis_data.ingest.text import CONTROL, controls, visible_controls
from wsis_data.normalise import normalise_action_line, normalise_sdg
from wsis_data.records import SessionRecord, Tag, sdg_tags
from wsis_data.safe_text import quote
from wsis_data.targets import cell_targets, row_targets

YEAR_RANGE = (1990, 2100)
_FIRST_SPLIT = re.compile(r"[;|\n\r]+")
_SECOND_SPLIT = re.compile(r"[,/]+")
_ORGANISER_SPLIT = re.compile(r"[;|\n\r]+")
_YEAR_IN_DATE = re.compile(r"(?<!\d)(19\d\d|20\d\d|2100)(?!\d)")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One reason a row cannot be imported: row number as in the file, column, raw value."""

    row: int
    column: str
    value: str
    reason: str
    #: the physical line where the row starts, when it differs from the row (CSV cells with
    #: line breaks)
    line: int | None = None

    @property
    def where(self) -> str:
        """ "row 4" or "row 4 (line 6)"."""
        return f"row {self.row}" + (f" (line {self.line})" if self.line else "")


@dataclass
class Validated:
    """The outcome of validating one table: records (with their rows) and the rest."""

    table: RawTable
    mapping: dict[str, str | None]
    records: list[SessionRecord] = field(default_factory=list)
    record_rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    quarantine: list[tuple[int, list[object], list[str]]] = field(default_factory=list)
    empty_rows: list[int] = field(default_factory=list)
    derived_ids: bool = False

    @property
    def n_read(self) -> int:
        """Rows read from the file (empty rows included)."""
        return len(self.table.rows)

    def problems_frame(self) -> pd.DataFrame:
        """Every problem as a table: row, column, value, reason."""
        return problems_frame(self.problems)

    def quarantine_frame(self) -> pd.DataFrame:
        """Rows with problems: the original columns, the file row and the reasons."""
        headers = self.table.headers
        rows = [
            [
                number,
                *(_text(c) for c in _fit(cells, len(headers), self.table.delimiter or ",")),
                "; ".join(reasons),
            ]
            for number, cells, reasons in self.quarantine
        ]
        return pd.DataFrame(rows, columns=["file_row", *headers, PROBLEM_COLUMN])

    def quarantine_csv(self) -> bytes:
        """The quarantine as UTF-8 CSV (BOM; the file's own delimiter) to fix and re-import.

        The original columns, then ``import_problems`` (ignored when the fixed file is
        imported again). Text a spreadsheet would run as a formula gets a leading quote
        (`wsis_data.safe_text.quote`); the readers remove exactly that quote when the file comes
        back (they know it by its ``import_problems`` column).
        """
        headers = self.table.headers
        out = io.StringIO()
        delimiter = self.table.delimiter if self.table.kind == "csv" else ","
        writer = csv.writer(out, delimiter=delimiter or ",", lineterminator="\n")
        writer.writerow([quote(h) for h in (*headers, PROBLEM_COLUMN)])
        for _, cells, reasons in self.quarantine:
            row = [
                *(_text(c) for c in _fit(cells, len(headers), self.table.delimiter or ",")),
                "; ".join(reasons),
            ]
            writer.writerow([quote(c) for c in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table: row (as the spreadsheet shows it), column, value, reason; and the
    CSV line where a row starts, when it differs from the row for any problem."""
    frame = pd.DataFrame(
        [(p.row, p.line, p.column, p.value, p.reason) for p in problems],
        columns=["row", "line", "column", "value", "reason"],
    ).astype({"line": "Int64"})
    return frame if frame["line"].notna().any() else frame.drop(columns="line")


def _fit(cells: list[object], n: int, joiner: str = ",") -> list[object]:
    """Cells padded to `n`; extra cells kept, joined into the last column (nothing is lost)."""
    if len(cells) > n > 0:
        return [*cells[: n - 1], joiner.join(_text(c) for c in cells[n - 1 :])]
    return list(cells[:n]) + [None] * (n - len(cells))


def _text(value: object) -> str:
    """A cell as text ("" for missing); lists joined with "; "."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, dict):  # never its Python text
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@lru_cache(maxsize=65536)
def split_action_lines(cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Action Line codes of a cell and the pieces that name none.

    The whole cell is tried first, then pieces split on ; | new lines, then on , and /, so
    "C7. ICT Applications: E-government" stays one value.

    >>> split_action_lines("C7. ICT Applications: E-government; C3, C12")
    (('C7.e-government', 'C3'), ('C12',))
    """
    return _split(cell, _action_line)


@lru_cache(maxsize=65536)
def split_sdgs(cell: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """SDG numbers of a cell and the pieces that name none ("SDG 4, 5 | Gender Equality").

    >>> split_sdgs("SDG 4, 5 | Gender Equality / 18")
    ((4, 5), ('18',))
    """
    return _split(cell_targets(cell)[0] if cell else cell, _sdg)  # "9.c" names SDG 9


def _action_line(piece: str) -> str | None:
    try:
        return normalise_action_line(piece)
    except UnknownCodeError:
        return None


def _sdg(piece: str) -> int | None:
    try:
        return normalise_sdg(piece)
    except UnknownCodeError:
        return None


def _split(cell, normalise):
    if not cell:
        return (), ()
    whole = normalise(cell)
    if whole is not None:
        return (whole,), ()
    found: list = []
    unknown: list[str] = []
    for piece in (p.strip(" \t-•*") for p in _FIRST_SPLIT.split(cell)):
        if not piece:
            continue
        code = normalise(piece)
        if code is not None:
            found.append(code)
            continue
        for sub in (s.strip(" \t-•*.") for s in _SECOND_SPLIT.split(piece)):
            if not sub:
                continue
            code = normalise(sub)
            if code is None:
                unknown.append(sub)
            else:
                found.append(code)
    return tuple(dict.fromkeys(found)), tuple(unknown)


def _values(value: object, splitter) -> tuple[tuple, tuple[str, ...]]:
    if isinstance(value, list | tuple):
        found, unknown = [], []
        for item in value:
            f, u = splitter(_text(item))
            found += f
            unknown += u
        return tuple(dict.fromkeys(found)), tuple(unknown)
    return splitter(_text(value))


def parse_year(value: object, *, from_date: bool) -> int | None:
    """A Forum year from a year cell (2018, "2018", 2018.0) or the year in a date cell."""
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    else:
        text = _text(value)
        if from_date:
            years = set(_YEAR_IN_DATE.findall(text))
            if len(years) != 1:
                return None
            year = int(years.pop())
        else:
            match = re.fullmatch(r"\s*(\d{4})(?:\.0+)?\s*", text)
            if not match:
                return None
            year = int(match[1])
    return year if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else None


def derived_session_id(title: str) -> str:
    """A stable id for a record without one: "T-" and a hash of the title's words."""
    key = " ".join(re.findall(r"\w+", title.casefold()))
    return "T-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _is_empty(cells: list[object]) -> bool:
    try:
        return not "".join(cells).strip()  # type: ignore[arg-type]
    except TypeError:
        return all(_text(c) == "" for c in cells)


@lru_cache(maxsize=4096)
def _year_of_text(text: str, from_date: bool) -> int | None:
    return parse_year(text, from_date=from_date)


@lru_cache(maxsize=65536)
def _tags(codes: tuple) -> tuple[Tag, ...]:
    return tuple(Tag(c, "file") for c in codes)


def validate(table: RawTable, mapping: dict[str, str | None]) -> Validated:
    """Check every row of `table` under `mapping` (raises `MappingError` for a bad mapping)."""
    positions = check_mapping(mapping, table.headers)
    out = Validated(table=table, mapping=dict(mapping), derived_ids="session_id" not in positions)
    headers = table.headers
    columns = {name: headers[pos] for name, pos in positions.items()}
    fields = list(positions.items())
    broken = table.broken
    cell_problems: dict[int, list[tuple[str, str, str]]] = {}
    mapped = set(columns.values())
    for (number, column), (value, reason) in table.cell_problems.items():
        if column in mapped:
            cell_problems.setdefault(number, []).append((column, value, reason))
    lines = table.row_lines or table.row_numbers
    for cells, number, line in zip(table.rows, table.row_numbers, lines, strict=True):
        if number not in broken and _is_empty(cells):
            out.empty_rows.append(number)
            continue
        problems: list[Problem] = []
        at = line if line != number else None
        if number in broken:
            problems.append(Problem(number, "(row)", "", broken[number], at))
        for column, value, reason in cell_problems.get(number, ()):
            problems.append(Problem(number, column, value, reason, at))
        size = len(cells)
        raw = {name: cells[pos] if pos < size else None for name, pos in fields}
        record = _record(raw, columns, number, problems, at)
        if problems:
            out.problems.extend(problems)
            out.quarantine.append((number, list(cells), [_reason(p) for p in problems]))
        else:
            out.records.append(record)  # type: ignore[arg-type]
            out.record_rows.append(number)
    return out


def _reason(problem: Problem) -> str:
    if problem.column == "(row)":
        return problem.reason
    return f"{problem.column}: {problem.reason}"


def _record(
    raw: dict, columns: dict[str, str], number: int, problems, line: int | None = None
) -> SessionRecord | None:
    """One row's record, or None with its problems appended (raw: field → cell)."""
    text = {
        name: value.strip() if type(value) is str else _text(value) for name, value in raw.items()
    }

    def problem(name: str, reason: str) -> None:
        problems.append(Problem(number, columns[name], visible_controls(text[name]), reason, line))

    for name, value in text.items() if CONTROL.search("".join(text.values())) else ():
        if found := controls(value):
            problem(name, f"control character {', '.join(found)} in the text (not allowed: "
                          "remove it, or use a line break)")  # fmt: skip

    title = text["title"]
    if not title:
        problem("title", "missing title")
    year = None
    if text.get("year"):
        value = raw["year"]
        year = (
            parse_year(value, from_date=False)
            if not isinstance(value, str)
            else _year_of_text(text["year"], False)
        )
        if year is None:
            problem("year", f"not a year between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}")
    elif text.get("date"):
        value = raw["date"]
        year = (
            parse_year(value, from_date=True)
            if not isinstance(value, str)
            else _year_of_text(text["date"], True)
        )
        if year is None:
            problem("date", "no single year (19xx/20xx) in this date")
    else:
        problem("year" if "year" in raw else "date", "missing year")
    if "session_id" in raw:
        session_id = text["session_id"]
        if not session_id:
            problem("session_id", "missing session id")
    else:
        session_id = derived_session_id(title)

    def tags(field: str, split, unknown_message: str) -> tuple:
        if field not in raw:
            return ()
        value = raw[field]
        if isinstance(value, list | tuple):
            found, unknown = _values(value, split)
        else:
            found, unknown = split(text[field])
        for piece in unknown:
            problem(field, unknown_message.format(piece=piece))
        return found

    als = tags("action_lines", split_action_lines, "unknown Action Line {piece!r}")
    goals = tags("sdgs", split_sdgs, "unknown SDG {piece!r} (expected 1–17 or a goal's name)")
    named, bad = row_targets(text.get("sdgs", ""), text.get("sdg_targets", ""))
    for piece in bad:
        problem("sdg_targets", f"unknown SDG target {piece!r} (expected a code such as 4.4 or 9.c)")
    url = text.get("url") or None
    if url and not _URL.match(url):
        problem("url", "not a web address (http:// or https://)")
    if problems:
        return None
    organisers_raw = raw.get("organisers")
    if isinstance(organisers_raw, list | tuple):
        organisers = tuple(o for o in (_text(x) for x in organisers_raw) if o)
    else:
        organisers = _organisers(text.get("organisers", ""))
    return SessionRecord(
        year=int(year),  # type: ignore[arg-type]
        session_id=session_id,
        title=title,
        session_type=text.get("session_type") or None,
        organisers=organisers,
        action_lines=_tags(als),
        sdgs=sdg_tags(goals, named, "file") if named else _tags(goals),
        url=url,
        language=text.get("language") or None,
        note=text.get("note") or None,
    )


@lru_cache(maxsize=16384)
def _organisers(cell: str) -> tuple[str, ...]:
    pieces = (p.strip() for p in _ORGANISER_SPLIT.split(cell))
    return tuple(dict.fromkeys(p for p in pieces if p))
