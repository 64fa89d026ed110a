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
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from zipfile import BadZipFile

from wsis_data.errors import IngestError
from wsis_data.ingest import limits
from wsis_data.ingest.columns import PROBLEM_COLUMN
from wsis_data.ingest.limits import size
from wsis_data.safe_text import unquote

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


def read_table(data: bytes, name: str, *, sheet: str | None = None) -> RawTable:
    """Read the bytes of a tabular file named `name` (its suffix chooses the format).

    Raises `IngestError` naming the file for an empty, unreadable or unsupported file.
    """
    suffix = PurePath(name).suffix.lower()
    if len(data) > limits.MAX_FILE_BYTES:
        raise IngestError(
            f"{name}: the file is {len(data):,} bytes; the limit for a table is "
            f"{limits.MAX_FILE_BYTES:,} bytes ({size(limits.MAX_FILE_BYTES)}: split it into "
            "several files)"
        )
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
    head = sample[: limits.SNIFF_CHARS]  # csv.Sniffer's regexes are quadratic on some input
    if len(sample) > len(head) and "\n" in head:
        head = head[: head.rindex("\n") + 1]  # whole lines only
    try:
        return csv.Sniffer().sniff(head, delimiters=DELIMITERS).delimiter
    except csv.Error:
        pass
    if default:
        return default
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    counts = {d: [line.count(d) for line in lines] for d in DELIMITERS}
    scored = [(min(c) if c else 0, sum(c), d) for d, c in counts.items()]
    best = max(scored)
    return best[2] if best[1] > 0 else ","


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


class _Counter:
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


def _read_csv(data: bytes, name: str, default: str | None) -> RawTable:
    try:
        text, encoding = decode(data, name)
    except UnicodeDecodeError as exc:
        raise IngestError(f"{name}: cannot decode the text ({exc.reason})") from exc
    text = text.removeprefix("\ufeff")
    delimiter = sniff_delimiter(text, default)
    if csv.field_size_limit() != limits.MAX_LINE_CHARS:
        csv.field_size_limit(limits.MAX_LINE_CHARS)
    reader = csv.reader(lines(text, name), delimiter=delimiter)
    counter = _Counter(name)
    headers: list[str] | None = None
    rows: list[list[object]] = []
    numbers: list[int] = []
    broken: dict[int, str] = {}
    line = 1
    try:
        for cells in reader:
            counter.add(line, len(cells))
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


def check_zip(data: bytes, name: str, kind: str) -> None:
    """Refuse a zip container (kind "xlsx" or "docx") that would expand beyond the limits.

    Only the central directory is read; nothing is decompressed. Checked: the number of
    members, their total declared size, the size of each XML part parsed whole, and the
    compression ratio of each large member (see `wsis_data.ingest.limits`).
    """
    label = "XLSX workbook" if kind == "xlsx" else "Word (.docx) document"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            directory = archive.start_dir
    except (BadZipFile, OSError, ValueError, EOFError) as exc:
        raise IngestError(f"{name}: not a readable {label} ({type(exc).__name__}: {exc})") from exc
    # Members whose data overlap (several entries inflating the same bytes: the "overlapped"
    # zip bomb). Each member's data starts after a 30-byte local header and its name.
    ends = sorted((m.header_offset, m.header_offset + _data_offset(m) + m.compress_size, m.filename)
                  for m in members)  # fmt: skip
    for (_, end, member), (start, _, _) in zip(ends, [*ends[1:], (directory, 0, "")], strict=True):
        if end > start:
            raise IngestError(
                f"{name}: not a readable {label}: the part {member!r} overlaps another "
                "(a zip bomb?)"
            )
    if len(members) > limits.MAX_ZIP_MEMBERS:
        raise IngestError(
            f"{name}: the {label} holds {len(members):,} files; the limit is "
            f"{limits.MAX_ZIP_MEMBERS:,} (a zip bomb?)"
        )
    if kind == "xlsx":
        total_limit, part_limit = limits.MAX_XLSX_UNZIPPED_BYTES, limits.MAX_XLSX_PART_BYTES
    else:
        total_limit, part_limit = limits.MAX_DOCX_UNZIPPED_BYTES, limits.MAX_DOCX_PART_BYTES
    total = sum(m.file_size for m in members)
    if total > total_limit:
        raise IngestError(
            f"{name}: the {label} would expand to {size(total)} (from {size(len(data))}); "
            f"the limit is {size(total_limit)} (a zip bomb, or too large: split it)"
        )
    for m in members:
        streamed = kind == "xlsx" and m.filename.startswith("xl/worksheets/")
        if m.filename.endswith((".xml", ".rels")) and not streamed and m.file_size > part_limit:
            raise IngestError(
                f"{name}: the part {m.filename!r} would expand to {size(m.file_size)}; the "
                f"limit is {size(part_limit)}"
            )
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > limits.RATIO_FLOOR_BYTES and ratio > limits.MAX_ZIP_RATIO:
            raise IngestError(
                f"{name}: the part {m.filename!r} expands {ratio:,.0f} times (from "
                f"{size(m.compress_size)} to {size(m.file_size)}); the limit is "
                f"{limits.MAX_ZIP_RATIO} times (a zip bomb?)"
            )


def _data_offset(member: zipfile.ZipInfo) -> int:
    """Bytes from a member's local header to its data (30 + its name; extra fields not known)."""
    encoding = "utf-8" if member.flag_bits & 0x800 else "cp437"
    return 30 + len(member.orig_filename.encode(encoding, errors="replace"))


def xlsx_sheets(data: bytes, name: str) -> tuple[str, ...]:
    """Sheet names of an XLSX workbook."""
    book = _open_xlsx(data, name)
    try:
        return tuple(book.sheetnames)
    finally:
        book.close()


def _open_xlsx(data: bytes, name: str):
    import openpyxl

    if len(data) > limits.MAX_FILE_BYTES:
        raise IngestError(
            f"{name}: the file is {len(data):,} bytes; the limit for a table is "
            f"{limits.MAX_FILE_BYTES:,} bytes ({size(limits.MAX_FILE_BYTES)})"
        )
    check_zip(data, name, "xlsx")
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a hostile file can make the parser fail in any way
        raise IngestError(
            f"{name}: not a readable XLSX workbook ({type(exc).__name__}: {exc}); "
            "save it again from your spreadsheet program as .xlsx, or export it as CSV"
        ) from exc


def _read_xlsx(data: bytes, name: str, sheet: str | None) -> RawTable:
    book = _open_xlsx(data, name)
    try:
        names = tuple(book.sheetnames)
        if not names:
            raise IngestError(f"{name}: the workbook has no sheet")
        chosen = sheet or names[0]
        if chosen not in names:
            raise IngestError(f"{name}: no sheet {chosen!r}; sheets: {', '.join(names)}")
        headers: list[str] | None = None
        rows: list[list[object]] = []
        numbers: list[int] = []
        counter = _Counter(name, "sheet row")
        try:
            worksheet = book[chosen]
            # The declared dimension ("A1:XFD1048576") would pad every row to its width and
            # add empty rows up to its height: read the cells that are there instead.
            worksheet.reset_dimensions()
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                width = len(values)
                while width and values[width - 1] is None:
                    width -= 1
                counter.add(number, width)
                cells = [_cell(v) for v in values[:width]]
                if headers is None:
                    if any(c not in (None, "") for c in cells):
                        headers = ["" if c is None else str(c).strip() for c in cells]
                    continue
                rows.append(cells)
                numbers.append(number)
        except IngestError:
            raise
        except Exception as exc:  # a hostile file can make the parser fail in any way
            raise IngestError(
                f"{name}: sheet {chosen!r} cannot be read ({type(exc).__name__}: {exc})"
            ) from exc
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
            if len(headers) > limits.MAX_COLUMNS:
                where = "record" if kind == "json" else "line"
                raise IngestError(
                    f"{name}: more than {limits.MAX_COLUMNS:,} different keys by {where} "
                    f"{number}; the limit is {limits.MAX_COLUMNS:,} columns"
                )
        else:
            broken[number] = f"not an object but {type(obj).__name__}"
    columns = list(headers)
    rows = [
        [obj.get(c) for c in columns] if isinstance(obj, dict) else [None] * len(columns)
        for _, obj in objects
    ]
    return RawTable(name, columns, rows, [n for n, _ in objects], kind, encoding="utf-8",
                    broken=broken)  # fmt: skip


def _check_json_size(data: bytes, name: str) -> None:
    """Refuse JSON with more values than `MAX_JSON_VALUES`, counted before parsing.

    Every value but the first of an array or object follows a comma, so commas plus brackets
    bound the number of values (commas inside strings only make the count larger).
    """
    count = data.count(b",") + data.count(b"{") + data.count(b"[")
    if count > limits.MAX_JSON_VALUES:
        raise IngestError(
            f"{name}: up to {count:,} JSON values (commas and brackets); the limit is "
            f"{limits.MAX_JSON_VALUES:,} (split the file)"
        )


def _depth_error(name: str, where: str) -> IngestError:
    return IngestError(
        f"{name}: {where}: JSON nested more than {limits.MAX_JSON_DEPTH} levels deep; "
        "a session file needs 4"
    )


def _parse_json(text: str, name: str, where: str) -> object:
    """`json.loads`, refusing nesting deeper than `MAX_JSON_DEPTH` (never a RecursionError)."""
    try:
        doc = json.loads(text)
    except RecursionError as exc:
        raise _depth_error(name, where) from exc
    stack = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limits.MAX_JSON_DEPTH:
                raise _depth_error(name, where)
            items = value.values() if isinstance(value, dict) else value
            stack.extend((v, depth + 1) for v in items if isinstance(v, dict | list))
    return doc


def _read_json(data: bytes, name: str) -> RawTable:
    _check_json_size(data, name)
    text, _ = decode(data, name)
    try:
        doc = _parse_json(text.removeprefix("\ufeff"), name, "the document")
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
    if len(doc) > limits.MAX_ROWS:
        raise IngestError(
            f"{name}: {len(doc):,} records; the limit is {limits.MAX_ROWS:,} (split the file)"
        )
    return _objects_table(list(enumerate(doc, start=1)), name, "json")


def _read_jsonl(data: bytes, name: str) -> RawTable:
    _check_json_size(data, name)
    text, _ = decode(data, name)
    objects: list[tuple[int, object]] = []
    bad: dict[int, str] = {}
    for number, line in enumerate(lines(text.removeprefix("\ufeff"), name), start=1):
        if not line.strip():
            continue
        if len(objects) >= limits.MAX_ROWS:
            raise IngestError(
                f"{name}: more than {limits.MAX_ROWS:,} records; the limit is "
                f"{limits.MAX_ROWS:,} (split the file)"
            )
        try:
            objects.append((number, _parse_json(line, name, f"line {number}")))
        except json.JSONDecodeError as exc:
            objects.append((number, None))
            bad[number] = f"not valid JSON ({exc.msg})"
    table = _objects_table(objects, name, "jsonl")
    table.broken.update(bad)
    return table
