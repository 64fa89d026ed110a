"""CSV, TSV and tabular .txt files: encoding, delimiter, header row, records as rows.

Rows are numbered as a spreadsheet shows the file: every record is one row (the header and
any line above it included), even when a quoted cell holds line breaks; the physical line where
each record starts is kept beside it (`RawTable.row_lines`).
"""

from __future__ import annotations

import csv

from wsis_data.errors import IngestError
from wsis_data.ingest import limits
from wsis_data.ingest.readers.header_row import table_from_grid
from wsis_data.ingest.readers.table import Counter, RawTable, decode, lines

__all__ = ["DELIMITERS", "read_csv", "sniff_delimiter"]

DELIMITERS = ",;\t|"
_SNIFF_BYTES = 64_000


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
    found = [line for line in sample.splitlines()[:20] if line.strip()]
    counts = {d: [line.count(d) for line in found] for d in DELIMITERS}
    scored = [(min(c) if c else 0, sum(c), d) for d, c in counts.items()]
    best = max(scored)
    return best[2] if best[1] > 0 else ","


def read_csv(data: bytes, name: str, default: str | None, header_row: int | None) -> RawTable:
    """Read a delimited text file (`default`: the delimiter when sniffing cannot tell)."""
    try:
        text, encoding = decode(data, name)
    except UnicodeDecodeError as exc:
        raise IngestError(f"{name}: cannot decode the text ({exc.reason})") from exc
    text = text.removeprefix("\ufeff")
    delimiter = sniff_delimiter(text, default)
    if csv.field_size_limit() != limits.MAX_LINE_CHARS:
        csv.field_size_limit(limits.MAX_LINE_CHARS)
    reader = csv.reader(lines(text, name), delimiter=delimiter)
    counter = Counter(name)
    grid: list[list[object]] = []
    numbers: list[int] = []
    starts: list[int] = []
    line = 1
    try:
        for row, cells in enumerate(reader, start=1):
            counter.add(line, len(cells))
            grid.append(cells)  # type: ignore[arg-type]
            numbers.append(row)
            starts.append(line)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise IngestError(f"{name}: line {reader.line_num}: cannot read the CSV ({exc})") from exc
    if not grid:
        raise IngestError(f"{name}: the file has no header row")
    table = table_from_grid(grid, numbers, header_row, name=name, kind="csv", where="row",
                            encoding=encoding, delimiter=delimiter, row_lines=starts)  # fmt: skip
    width = len(table.headers)
    for cells, number in zip(table.rows, table.row_numbers, strict=True):
        if len(cells) > width and any(str(c).strip() for c in cells[width:]):
            table.broken[number] = (
                f"the row has {len(cells)} cells but the header has {width} "
                f"(a delimiter {delimiter!r} inside an unquoted value?)"
            )
    return table
