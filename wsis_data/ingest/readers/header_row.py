"""Which row of a sheet or CSV holds the headers.

Exports often open with a title ("WSIS Forum 2024 — Agenda export", merged across the columns),
a "Generated …" line and a blank line before the headers. The header row is the first row
whose cells look like headers (at least two, all short text, none a number), whose width
matches the rows under it and which is wider than every row above it (a title block is
narrower than its table: a wider row above means the table has begun, and its headers are
numbers such as years); a row naming two or more known fields ("Title", "Year",
"Organizer(s)") wins over one that only looks like a header. The user can choose another row.

>>> grid = [["WSIS Forum 2024 — Agenda export"], ["Generated 2024-05-02"], [],
...         ["ID", "Title", "Year"], [1, "Broadband", 2024]]
>>> find_header(grid)
3
>>> find_header([[2019, 2020, 2021], [None, "n/a", "n/a"]])  # years as headers
0
"""

from __future__ import annotations

import re

from wsis_data.errors import IngestError
from wsis_data.ingest.columns import guess_field
from wsis_data.ingest.readers.table import RawTable, unique_headers
from wsis_data.words import counted

__all__ = ["find_header", "split_at_header", "table_from_grid"]

#: Rows looked at for the header (a title block is a few rows; a real header is near the top).
SEARCH_ROWS = 30
_NUMBER = re.compile(r"\s*[-+]?\d+(?:[.,]\d+)*\s*")


def _filled(cells: list[object]) -> list[object]:
    return [c for c in cells if c is not None and str(c).strip() != ""]


def _header_like(cells: list[object]) -> bool:
    filled = _filled(cells)
    if len(filled) < 2:
        return False
    return all(isinstance(c, str) and len(c) <= 120 and not _NUMBER.fullmatch(c) for c in filled)


def find_header(grid: list[list[object]]) -> int:
    """The index in `grid` of the header row (the first non-empty row when none looks like one)."""
    width = {i: len(_filled(cells)) for i, cells in enumerate(grid[: SEARCH_ROWS * 4])}
    nonempty = [i for i, filled in width.items() if filled]
    if not nonempty:
        raise IngestError("no row holds anything")
    for i in nonempty[:SEARCH_ROWS]:
        if sum(guess_field(c) is not None for c in _filled(grid[i])[:50]) >= 2:
            return i
    candidates = [i for i in nonempty[:SEARCH_ROWS] if _header_like(grid[i])]
    for i in candidates:
        if any(width[j] >= width[i] for j in nonempty if j < i):
            continue
        below = [width[j] for j in nonempty if j > i][:5]
        if not below or width[i] * 2 >= max(below):
            return i
    return nonempty[0]


def split_at_header(
    grid: list[list[object]],
    numbers: list[int],
    header_row: int | None,
    name: str,
    where: str,
    trim: bool = False,
) -> tuple[int, list[str], list[str]]:
    """(index of the header in `grid`, its unique headers, notes on the rows above it).

    `numbers` are the rows' numbers as the user sees them; `header_row` a number the user chose
    (None: find it); `trim` drops empty header cells at the end. Raises `IngestError`
    for a chosen row that is missing or empty.
    """
    if header_row is not None:
        if header_row not in numbers:
            last = numbers[-1] if numbers else 0
            raise IngestError(f"{name}: no {where} {header_row} (the last is {last})")
        index = numbers.index(header_row)
        if not _filled(grid[index]):
            raise IngestError(f"{name}: {where} {header_row}, chosen as the header, is empty")
    else:
        try:
            index = find_header(grid)
        except IngestError as exc:
            raise IngestError(f"{name}: {exc}") from exc
    cells = list(grid[index])
    while trim and cells and (cells[-1] is None or str(cells[-1]).strip() == ""):
        cells.pop()
    headers = unique_headers(["" if c is None else str(c).strip() for c in cells])
    notes = []
    above = [(numbers[i], _filled(grid[i])) for i in range(index) if _filled(grid[i])]
    if above:
        shown = "; ".join(" | ".join(str(c)[:60] for c in cells[:3]) for _, cells in above[:3])
        notes.append(
            f"header on {where} {numbers[index]}; the {counted(len(above), 'row')} above it "
            f"{'is' if len(above) == 1 else 'are'} not records ({shown})"
        )
    return index, headers, notes


def table_from_grid(
    grid: list[list[object]],
    numbers: list[int],
    header_row: int | None,
    *,
    name: str,
    kind: str,
    where: str,
    **extra,
) -> RawTable:
    """A `RawTable` of the rows under the header row of `grid` (`extra`: RawTable's fields)."""
    trim = kind == "xlsx"
    index, headers, notes = split_at_header(grid, numbers, header_row, name, where, trim)
    line_numbers = extra.pop("row_lines", None)
    return RawTable(
        name, headers, grid[index + 1 :], numbers[index + 1 :], kind,
        header_row=numbers[index], header_chosen=header_row is not None,
        row_lines=line_numbers[index + 1 :] if line_numbers else None, notes=notes, **extra,
    )  # fmt: skip
