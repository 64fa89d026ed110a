"""The one registry of export formats (extension → label, MIME type, kind), the image sizes, and
`Download`: one file a page offers, made only when asked for.

`chart_files` and `table_files` list the files of a chart and of its tables; the download panel
(pages/_downloads.py) draws one button per `Download`, whatever the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from wsis_data.export.images import html_bytes, image_bytes
from wsis_data.export.meta import ExportMeta, filename
from wsis_data.export.tables import csv_bytes, flat, xlsx_bytes

__all__ = [
    "FORMATS",
    "IMAGE_FORMATS",
    "IMAGE_SIZES",
    "Download",
    "Format",
    "chart_files",
    "mime",
    "table_files",
]


@dataclass(frozen=True)
class Format:
    """One file format: its button label, MIME type and kind."""

    label: str
    mime: str
    kind: Literal["image", "page", "table", "graph", "document"]


FORMATS: dict[str, Format] = {
    "png": Format("PNG", "image/png", "image"),
    "svg": Format("SVG", "image/svg+xml", "image"),
    "pdf": Format("PDF", "application/pdf", "image"),
    "html": Format("HTML (interactive)", "text/html", "page"),
    "csv": Format("CSV", "text/csv", "table"),
    "xlsx": Format(
        "XLSX (+ metadata)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "table",
    ),
    "docx": Format(
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "document",
    ),
    "graphml": Format("GraphML", "application/xml", "graph"),
    "gexf": Format("GEXF (Gephi)", "application/xml", "graph"),
}
IMAGE_FORMATS = tuple(ext for ext, f in FORMATS.items() if f.kind == "image")

#: Label → (width, height, scale) in CSS pixels of an exported image; the first is the default.
IMAGE_SIZES: dict[str, tuple[int, int, float]] = {
    "Screen (1200 × 800, 2×)": (1200, 800, 2.0),
    "Slide 16:9 (1600 × 900, 2×)": (1600, 900, 2.0),
    "Print A4 landscape (1400 × 990, 3×)": (1400, 990, 3.0),
    "Small (800 × 600, 1×)": (800, 600, 1.0),
}


def mime(ext: str) -> str:
    """The MIME type of a format (KeyError for a format not in `FORMATS`)."""
    return FORMATS[ext].mime


@dataclass(frozen=True)
class Download:
    """One file offered for download; `make` builds its bytes only when called."""

    label: str
    stem: str  # the file name's stem and the widget key's middle: key "dl-{stem}-{ext}"
    ext: str
    make: Callable[[], bytes]
    detail: str = ""  # what the file holds (`ExportMeta.name`): in the file name, not the key
    name: str = ""  # an explicit file name (e.g. 'x.quarantine.csv'), used as given
    widget_key: str = ""  # an explicit widget key, for a button whose key predates this scheme

    @property
    def mime(self) -> str:
        return mime(self.ext)

    @property
    def key(self) -> str:
        return self.widget_key or f"dl-{self.stem}-{self.ext}"

    def file_name(self) -> str:
        return self.name or filename(self.stem, self.ext, detail=self.detail)


def chart_files(
    fig: go.Figure, meta: ExportMeta, stem: str, size: tuple[int, int, float] | None
) -> list[Download]:
    """PNG, SVG and PDF at `size` (None: no images, e.g. without Chromium), then offline HTML."""
    files = []
    if size is not None:
        width, height, scale = size
        files = [
            Download(
                FORMATS[ext].label,
                stem,
                ext,
                lambda ext=ext: image_bytes(
                    fig, ext, meta, width=width, height=height, scale=scale
                ),
                meta.name,
            )
            for ext in IMAGE_FORMATS
        ]
    page = Download(FORMATS["html"].label, stem, "html", lambda: html_bytes(fig, meta), meta.name)
    return [*files, page]


def table_files(frames: dict[str, pd.DataFrame], meta: ExportMeta, stem: str) -> list[Download]:
    """One CSV per frame (index turned into columns) and one XLSX of them all with metadata."""
    if not frames:
        return []
    sheets = {name: flat(frame) for name, frame in frames.items()}
    files = [
        Download(f"{name} CSV", f"{stem}-{name}", "csv", lambda f=frame: csv_bytes(f), meta.name)
        for name, frame in sheets.items()
    ]
    xlsx = Download(
        FORMATS["xlsx"].label, stem, "xlsx", lambda: xlsx_bytes(sheets, meta), meta.name
    )
    return [*files, xlsx]
