"""Read a tabular file (CSV/TSV, XLSX, JSON, JSON Lines) into a `RawTable` of cells.

Cells stay as read (text, or numbers/dates/lists from XLSX and JSON); nothing is interpreted
here but what a file format itself implies: which row holds the headers (`header_row`), where a
JSON document keeps its records, and the value an object in a JSON cell stands for. Every row
keeps its number as the user sees it (the spreadsheet row; for CSV the physical line too), so a
problem can be found again in the original file.

- `table`: `RawTable`, decoding, lines within limits, row/cell counting, unique headers;
- `header_row`: which row holds the headers;
- `delimited`: CSV/TSV/.txt; `xlsx`: workbooks (zip checks first); `jsondoc`: JSON, JSON Lines.
"""

from __future__ import annotations

from pathlib import PurePath

from wsis_data.errors import IngestError
from wsis_data.ingest import limits
from wsis_data.ingest.columns import PROBLEM_COLUMN
from wsis_data.ingest.limits import size
from wsis_data.ingest.readers.delimited import DELIMITERS, read_csv, sniff_delimiter
from wsis_data.ingest.readers.header_row import find_header
from wsis_data.ingest.readers.jsondoc import KEY_PRIORITY, flatten, read_json, read_jsonl
from wsis_data.ingest.readers.table import RawTable, decode, lines, unique_headers
from wsis_data.ingest.readers.xlsx import check_zip, read_xlsx, xlsx_sheets
from wsis_data.safe_text import unquote

__all__ = [
    "DELIMITERS", "KEY_PRIORITY", "TABLE_SUFFIXES", "RawTable", "check_zip", "decode",
    "find_header", "flatten", "lines", "read_table", "sniff_delimiter", "unique_headers",
    "xlsx_sheets",
]  # fmt: skip

TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".json", ".jsonl")


def read_table(
    data: bytes,
    name: str,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    json_keys: dict[str, str] | None = None,
) -> RawTable:
    """Read the bytes of a tabular file named `name` (its suffix chooses the format).

    `sheet`: the workbook's sheet (default the first); `header_row`: the row holding the
    headers (default: found); `json_keys`: column → the key that gives an object's value.
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
    if header_row is not None and header_row < 1:
        raise IngestError(f"{name}: the header row is counted from 1, not {header_row}")
    if suffix in (".xlsx", ".xlsm"):
        return _unquoted(read_xlsx(data, name, sheet, header_row))
    if suffix in (".json", ".jsonl") and header_row is not None:
        raise IngestError(f"{name}: a JSON file has no header row to choose (its keys are it)")
    if suffix == ".json":
        return read_json(data, name, json_keys)
    if suffix == ".jsonl":
        return read_jsonl(data, name, json_keys)
    if suffix in (".csv", ".tsv", ".txt"):
        return _unquoted(read_csv(data, name, "\t" if suffix == ".tsv" else None, header_row))
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
