"""What a report is made of, before any format: text, tables and images in order.

A builder (`outcomes_report`, `facilitator_pack`) returns a `Report`; the renderers
(`wsis_data.reports.word`, `.pdf`, `.workbook`) lay the same parts out as DOCX, PDF and XLSX.
Record text (titles, organisation names, submission sections) sits in the parts as plain
strings; each renderer writes it literally.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from wsis_data.citation import Citation
from wsis_data.provenance import PROVENANCE_BITS, PROVENANCE_LABELS

#: The letter marking a tag of each provenance in a matrix cell (a tag seen in several places
#: shows several letters). "Declared" covers the agenda page and an imported file.
MARKS: dict[str, str] = {
    "page": "D",
    "file": "D",
    "title": "T",
    "submission": "S",
    "suggested": "?",
    "projected": "P",
}
MARK_ORDER = "DTS?P"
MARK_NAMES: dict[str, str] = {
    "D": "declared (listed on the agenda page or in an imported file)",
    "T": PROVENANCE_LABELS["title"],
    "S": PROVENANCE_LABELS["submission"],
    "?": PROVENANCE_LABELS["suggested"],
    "P": PROVENANCE_LABELS["projected"],
}


def mark(mask: int) -> str:
    """The letters of a provenance bit mask, in legend order ("" for no tag).

    >>> mark(PROVENANCE_BITS["page"] | PROVENANCE_BITS["title"]), mark(0)
    ('DT', '')
    """
    letters = {MARKS[p] for p, bit in PROVENANCE_BITS.items() if int(mask) & bit}
    return "".join(ch for ch in MARK_ORDER if ch in letters)


def legend_frame() -> pd.DataFrame:
    """The marks' legend as a table."""
    return pd.DataFrame(list(MARK_NAMES.items()), columns=["mark", "meaning"])


@dataclass(frozen=True)
class Text:
    """A section of prose; a placeholder is shown as text to replace before release."""

    title: str
    paragraphs: tuple[str, ...]
    placeholder: bool = False


@dataclass(frozen=True, eq=False)
class Table:
    """A table; `sheet` names its XLSX sheet; `marks` says its cells from `mark_from` on are marks.

    `widths` gives relative column widths for the PDF and DOCX (None: equal).
    """

    title: str
    sheet: str
    frame: pd.DataFrame
    note: str = ""
    marks: bool = False
    mark_from: int = 0
    widths: tuple[float, ...] | None = None
    wide: bool = False  # laid out on landscape pages


@dataclass(frozen=True, eq=False)
class Image:
    """A chart as SVG (vector) and PNG (raster fallback); `missing` says why there is none."""

    title: str
    svg: bytes | None = None
    png: bytes | None = None
    missing: str = ""
    note: str = ""


Part = Text | Table | Image


@dataclass(frozen=True, eq=False)
class Report:
    """A whole report: title page facts, the citation and the parts in order."""

    kind: str  # "outcomes" | "facilitator"
    title: str
    subtitle: str
    citation: Citation
    notes: tuple[str, ...]  # what the dataset is and its limits, printed on the title page
    parts: tuple[Part, ...] = field(default=())
    stem: str = "report"  # file name stem

    @property
    def synthetic(self) -> bool:
        """Whether the report shows synthetic data (every page then says so)."""
        return self.citation.meta.synthetic

    def tables(self) -> list[Table]:
        """The tables, in order."""
        return [p for p in self.parts if isinstance(p, Table)]

    def table(self, sheet: str) -> Table:
        """The table of this sheet name."""
        return next(t for t in self.tables() if t.sheet == sheet)


SYNTHETIC_BANNER = "SYNTHETIC DATA — generated for demonstration, not real sessions"
