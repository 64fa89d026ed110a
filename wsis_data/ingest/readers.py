"""Read a tabular file (CSV/TSV, XLSX, JSON, JSON Lines) into a `RawTable` of cells.

Cells stay as read (text, or numbers/dates/lists from XLSX and JSON); nothing is interpreted
here. Every row keeps its number as in the file (CSV: the line where the record starts, header
= line 1; XLSX: the sheet row; JSON: the record's position, 1-based; JSON Lines: the line), so a
problem can be found again in the original file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import PurePath
from zipfile import BadZipFile

from wsis_data.errors import IngestError
from wsis_data.formulas import unquote
from wsis_data.ingest.columns import PROBLEM_COLUMN

TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".json", ".jsonl")
DELIMITERS = ",;\t|"
_SNIFF_BYTES = 64_000


@dataclass
class RawTable:
    """The cells of one file (or one sheet), with each row's number in the file."""

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

    @property
    def describe(self) -> str:
        """How the file was read, in one line ("CSV, utf-8, delimiter ';'")."""
        parts = [self.kind.upper()]
        if self.encoding:
            parts.append(self.encoding)
        if self.delimiter:
            parts.append(f"delimiter {_DELIMITER_NAMES.get(self.delimiter, self.delimiter)}")
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        return ", ".join(parts)


_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def unique_headers(headers: list[str]) -> list[str]:
    """Headers made unique and non-empty: "" → "column 3", a second "Title" → "Title (2)"."""
    out: list[str] = []
    for i, header in enumerate(headers, start=1):
        name = header or f"column {i}"
        base, n = name, 1
        while name in out:
            n += 1
            name = f"{base} ({n})"
        out.append(name)
    return out


def read_table(data: bytes, name: str, *, sheet: str | None = None) -> RawTable:
    """Read the bytes of a tabular file named `name` (its suffix chooses the format).

    Raises `IngestError` naming the file for an empty, unreadable or unsupported file.
    """
    suffix = PurePath(name).suffix.lower()
    if not data.strip():
        raise IngestError(f"{name}: the file is empty")
    if suffix in (".xlsx", ".xlsm"):
        return _unquoted(_read_xlsx(data, name, sheet))
    if suffix == ".json":
        return _read_json(data, name)
    if suffix == ".jsonl":
        return _read_jsonl(data, name)
    if suffix in (".csv", ".tsv", ".txt"):
        return _unquoted(_read_csv(data, name, "\t" if suffix == ".tsv" else None))
    raise IngestError(
        f"{name}: unsupported file type {suffix or '(no suffix)'!r}; "
        f"expected one of {', '.join(TABLE_SUFFIXES)}"
    )


def _unquoted(table: RawTable) -> RawTable:
    """A quarantine file coming back (it has the ``import_problems`` column, possibly saved again
    from a spreadsheet): remove the quote its writer put before formula-like text."""
    if PROBLEM_COLUMN not in table.headers:
        return table
    table.headers = [str(unquote(h)) for h in table.headers]
    table.rows = [[unquote(c) for c in row] for row in table.rows]
    return table


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


def sniff_delimiter(text: str, default: str | None = None) -> str:
    """The delimiter of a CSV text among , ; tab |: the one that splits the first lines evenly."""
    sample = text[:_SNIFF_BYTES]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        pass
    if default:
        return default
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    counts = {d: [line.count(d) for line in lines] for d in DELIMITERS}
    scored = [(min(c) if c else 0, sum(c), d) for d, c in counts.items()]
    best = max(scored)
    return best[2] if best[1] > 0 else ","


def _read_csv(data: bytes, name: str, default: str | None) -> RawTable:
    try:
        text, encoding = decode(data, name)
    except UnicodeDecodeError as exc:
        raise IngestError(f"{name}: cannot decode the text ({exc.reason})") from exc
    text = text.removeprefix("\ufeff")
    delimiter = sniff_delimiter(text, default)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[list[object]] = []
    numbers: list[int] = []
    broken: dict[int, str] = {}
    line = 1
    try:
        for cells in reader:
            if headers is None:
                if not any(c.strip() for c in cells):
                    line = reader.line_num + 1
                    continue
                headers = [c.strip() for c in cells]
                line = reader.line_num + 1
                continue
            if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
                broken[line] = (
                    f"the row has {len(cells)} cells but the header has {len(headers)} "
                    f"(a delimiter {delimiter!r} inside an unquoted value?)"
                )
            rows.append(cells)
            numbers.append(line)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise IngestError(f"{name}: line {reader.line_num}: cannot read the CSV ({exc})") from exc
    if headers is None:
        raise IngestError(f"{name}: the file has no header row")
    headers = unique_headers(headers)
    return RawTable(name, headers, rows, numbers, "csv", encoding=encoding, delimiter=delimiter,
                    broken=broken)  # fmt: skip


def _cell(value: object) -> object:
    """An XLSX cell as text-like value: whole floats as ints, dates as ISO text."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def xlsx_sheets(data: bytes, name: str) -> tuple[str, ...]:
    """Sheet names of an XLSX workbook."""
    book = _open_xlsx(data, name)
    try:
        return tuple(book.sheetnames)
    finally:
        book.close()


def _open_xlsx(data: bytes, name: str):
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise IngestError(
            f"{name}: not a readable XLSX workbook ({type(exc).__name__}: {exc}); "
            "save it again from your spreadsheet program as .xlsx, or export it as CSV"
        ) from exc


def _read_xlsx(data: bytes, name: str, sheet: str | None) -> RawTable:
    book = _open_xlsx(data, name)
    try:
        names = tuple(book.sheetnames)
        chosen = sheet or names[0]
        if chosen not in names:
            raise IngestError(f"{name}: no sheet {chosen!r}; sheets: {', '.join(names)}")
        headers: list[str] | None = None
        rows: list[list[object]] = []
        numbers: list[int] = []
        try:
            for number, values in enumerate(book[chosen].iter_rows(values_only=True), start=1):
                cells = [_cell(v) for v in values]
                if headers is None:
                    if any(c not in (None, "") for c in cells):
                        headers = ["" if c is None else str(c).strip() for c in cells]
                    continue
                rows.append(cells)
                numbers.append(number)
        except (BadZipFile, KeyError, OSError, ValueError) as exc:
            raise IngestError(f"{name}: sheet {chosen!r} cannot be read ({exc})") from exc
    finally:
        book.close()
    if headers is None:
        raise IngestError(f"{name}: sheet {chosen!r} is empty")
    while headers and not headers[-1]:
        headers.pop()
    headers = unique_headers(headers)
    return RawTable(name, headers, rows, numbers, "xlsx", sheet=chosen, sheets=names)


def _objects_table(objects: list[tuple[int, object]], name: str, kind: str) -> RawTable:
    headers: dict[str, None] = {}
    broken: dict[int, str] = {}
    for number, obj in objects:
        if isinstance(obj, dict):
            headers.update(dict.fromkeys(str(k) for k in obj))
        else:
            broken[number] = f"not an object but {type(obj).__name__}"
    columns = list(headers)
    rows = [
        [obj.get(c) for c in columns] if isinstance(obj, dict) else [None] * len(columns)
        for _, obj in objects
    ]
    return RawTable(name, columns, rows, [n for n, _ in objects], kind, encoding="utf-8",
                    broken=broken)  # fmt: skip


def _read_json(data: bytes, name: str) -> RawTable:
    text, _ = decode(data, name)
    try:
        doc = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise IngestError(f"{name}: line {exc.lineno}: not valid JSON ({exc.msg})") from exc
    if isinstance(doc, dict):
        lists = [
            k for k in ("sessions", "records", "data", "items") if isinstance(doc.get(k), list)
        ]
        if not lists:
            raise IngestError(
                f'{name}: expected a list of session objects or {{"sessions": [...]}}, '
                f"found an object with keys {', '.join(map(str, list(doc)[:8]))}"
            )
        doc = doc[lists[0]]
    if not isinstance(doc, list):
        raise IngestError(f"{name}: expected a list of session objects, found {type(doc).__name__}")
    return _objects_table(list(enumerate(doc, start=1)), name, "json")


def _read_jsonl(data: bytes, name: str) -> RawTable:
    text, _ = decode(data, name)
    objects: list[tuple[int, object]] = []
    bad: dict[int, str] = {}
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            objects.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            objects.append((number, None))
            bad[number] = f"not valid JSON ({exc.msg})"
    table = _objects_table(objects, name, "jsonl")
    table.broken.update(bad)
    return table
