"""The cells of one file as read (`RawTable`), and what every reader shares: text decoding,
line splitting within limits, counting rows and cells, unique header names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from wsis_data.errors import IngestError
from wsis_data.ingest import limits

__all__ = ["Counter", "RawTable", "decode", "lines", "unique_headers"]

_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass
class RawTable:
    """The cells of one file (or one sheet), with each row's number as the user sees it.

    ``row_numbers``: the spreadsheet row (CSV: the record's number counting the header and
    every line above it as one row each, as a spreadsheet shows the file; XLSX: the sheet row;
    JSON: the record's position; JSON Lines: the line). ``row_lines``: for CSV, the physical
    line where each record starts (it differs from the row after a cell holding line breaks).
    """

    name: str
    headers: list[str]
    rows: list[list[object]]
    row_numbers: list[int]
    kind: str  # "csv", "xlsx", "json", "jsonl"
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    #: row number → reason, for rows the reader could not split into the header's columns
    broken: dict[int, str] = field(default_factory=dict)
    #: the row holding the headers (CSV/XLSX), whether it was found or chosen by the user
    header_row: int | None = None
    header_chosen: bool = False
    row_lines: list[int] | None = None
    #: (row number, column) → (value as text, reason): cells the reader could not make a value of
    cell_problems: dict[tuple[int, str], tuple[str, str]] = field(default_factory=dict)
    #: what the reader did that the user should know (records found inside a JSON object, …)
    notes: list[str] = field(default_factory=list)
    #: JSON columns holding objects: column → (key used, every key seen)
    json_keys: dict[str, tuple[str | None, tuple[str, ...]]] = field(default_factory=dict)

    @property
    def describe(self) -> str:
        """How the file was read, in one line ("CSV, utf-8, delimiter semicolon, header row 4")."""
        parts = [self.kind.upper()]
        if self.encoding:
            parts.append(self.encoding)
        if self.delimiter:
            parts.append(f"delimiter {_DELIMITER_NAMES.get(self.delimiter, self.delimiter)}")
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.header_row:
            parts.append(f"header row {self.header_row}")
        return ", ".join(parts)


def unique_headers(headers: list[str]) -> list[str]:
    """Headers made unique and non-empty: "" → "column 3", a second "Title" → "Title (2)"."""
    out: list[str] = []
    seen: set[str] = set()
    last: dict[str, int] = {}  # base name → last suffix tried (keeps this linear)
    for i, header in enumerate(headers, start=1):
        name = header or f"column {i}"
        base, n = name, last.get(name, 1)
        while name in seen:
            n += 1
            name = f"{base} ({n})"
        last[base] = n
        seen.add(name)
        out.append(name)
    return out


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text of a file and the encoding used: BOMs first, then UTF-16, UTF-8, cp1252, latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise IngestError(f"{name}: not valid UTF-16 text ({exc.reason})") from exc
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:  # UTF-16 without a BOM: every other byte is zero
        even_zero = head[0::2].count(0) > head[1::2].count(0)
        try:
            return data.decode("utf-16-be" if even_zero else "utf-16-le"), "utf-16"
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)?")


def lines(text: str, name: str, limit: int | None = None) -> Iterator[str]:
    """The lines of a text with their ends (\\n, \\r\\n or \\r), one at a time.

    A line longer than `limits.MAX_LINE_CHARS` raises `IngestError` before it is copied (an
    `io.StringIO` would first copy the whole text, at 4 bytes a character).
    """
    pos, end, number = 0, len(text), 0
    while pos < end and (limit is None or number < limit):
        stop = _LINE.match(text, pos).end()  # type: ignore[union-attr]
        number += 1
        if stop - pos > limits.MAX_LINE_CHARS:
            raise IngestError(
                f"{name}: line {number} has {stop - pos:,} characters; the limit is "
                f"{limits.MAX_LINE_CHARS:,} (not a table of sessions, or a broken line end?)"
            )
        yield text[pos:stop]
        pos = stop


class Counter:
    """Rows and cells read so far, refused over `MAX_ROWS` / `MAX_COLUMNS` / `MAX_CELLS`."""

    def __init__(self, name: str, where: str = "line") -> None:
        self.name, self.where, self.rows, self.cells = name, where, 0, 0

    def add(self, number: int, n_cells: int) -> None:
        """Count one row of `n_cells` cells (its number in the file names it in messages)."""
        self.rows += 1
        self.cells += n_cells
        if n_cells > limits.MAX_COLUMNS:
            raise IngestError(
                f"{self.name}: {self.where} {number} has {n_cells:,} cells; the limit is "
                f"{limits.MAX_COLUMNS:,} columns"
            )
        if self.rows > limits.MAX_ROWS:
            raise IngestError(
                f"{self.name}: more than {limits.MAX_ROWS:,} rows; the limit is "
                f"{limits.MAX_ROWS:,} (split the file)"
            )
        if self.cells > limits.MAX_CELLS:
            raise IngestError(
                f"{self.name}: more than {limits.MAX_CELLS:,} cells by {self.where} {number}; "
                f"the limit is {limits.MAX_CELLS:,} (split the file)"
            )
