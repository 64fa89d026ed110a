"""Exports of figures (PNG/SVG/PDF/HTML), tables (CSV/XLSX) and graphs, with their metadata.

- `formats`: the one registry of formats (label, MIME), image sizes, `Download`, chart/table files
- `meta`: `ExportMeta` (title, dataset, filters, tags, time; the footer), `filename`, `name_detail`
- `images`: Kaleido (one persistent Chromium) for PNG/SVG/PDF, offline HTML
- `tables`: CSV and XLSX with formula-like text neutralised
- `graphs`: the network's GraphML/GEXF as `Download`s (import it directly: it needs networkx)
"""

from wsis_data.export.formats import (
    FORMATS,
    IMAGE_FORMATS,
    IMAGE_SIZES,
    Download,
    Format,
    chart_files,
    mime,
    table_files,
)
from wsis_data.export.images import (
    TIMEOUT_ENV,
    html_bytes,
    image_bytes,
    images_available,
    shutdown,
)
from wsis_data.export.meta import ExportMeta, filename, name_detail
from wsis_data.export.tables import csv_bytes, flat, xlsx_bytes

__all__ = [
    "FORMATS",
    "IMAGE_FORMATS",
    "IMAGE_SIZES",
    "TIMEOUT_ENV",
    "Download",
    "ExportMeta",
    "Format",
    "chart_files",
    "csv_bytes",
    "filename",
    "flat",
    "html_bytes",
    "image_bytes",
    "images_available",
    "mime",
    "name_detail",
    "shutdown",
    "table_files",
    "xlsx_bytes",
]
