"""XLSX workbooks: the zip container checked before anything is decompressed, then one sheet's
cells as rows numbered as the sheet shows them, under the header row (found, or chosen)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from zipfile import BadZipFile

from wsis_data.errors import IngestError
from wsis_data.ingest import limits
from wsis_data.ingest.limits import size
from wsis_data.ingest.readers.header_row import table_from_grid
from wsis_data.ingest.readers.table import Counter, RawTable

__all__ = ["check_zip", "read_xlsx", "xlsx_sheets"]


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


def read_xlsx(data: bytes, name: str, sheet: str | None, header_row: int | None) -> RawTable:
    """Read one sheet (default: the first) of a workbook."""
    book = _open_xlsx(data, name)
    try:
        names = tuple(book.sheetnames)
        if not names:
            raise IngestError(f"{name}: the workbook has no sheet")
        chosen = sheet or names[0]
        if chosen not in names:
            raise IngestError(f"{name}: no sheet {chosen!r}; sheets: {', '.join(names)}")
        grid: list[list[object]] = []
        numbers: list[int] = []
        counter = Counter(name, "sheet row")
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
                grid.append([_cell(v) for v in values[:width]])
                numbers.append(number)
        except IngestError:
            raise
        except Exception as exc:  # a hostile file can make the parser fail in any way
            raise IngestError(
                f"{name}: sheet {chosen!r} cannot be read ({type(exc).__name__}: {exc})"
            ) from exc
    finally:
        book.close()
    if not any(any(c not in (None, "") for c in cells) for cells in grid):
        raise IngestError(f"{name}: sheet {chosen!r} is empty")
    return table_from_grid(grid, numbers, header_row, name=name, kind="xlsx", where="sheet row",
                           sheet=chosen, sheets=names)  # fmt: skip
