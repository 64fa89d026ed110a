"""One place that turns a `Report` into files: the formats, their MIME types and file names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from wsis_data import export
from wsis_data.errors import ExportError
from wsis_data.reports.model import Report

#: The formats of a report (their MIME types: `wsis_data.export.mime`); a renderer is imported
#: only when its format is asked for.
REPORT_FORMATS: tuple[str, ...] = ("pdf", "docx", "xlsx")


def _renderer(fmt: str) -> Callable[[Report], bytes]:
    if fmt == "pdf":
        from wsis_data.reports.pdf import pdf_bytes

        return pdf_bytes
    if fmt == "docx":
        from wsis_data.reports.word import docx_bytes

        return docx_bytes
    if fmt == "xlsx":
        from wsis_data.reports.workbook import xlsx_bytes

        return xlsx_bytes
    raise ExportError(f"Unknown report format {fmt!r}; expected {', '.join(REPORT_FORMATS)}")


def render(report: Report, fmt: str) -> bytes:
    """The report in one format ("pdf", "docx" or "xlsx")."""
    return _renderer(fmt)(report)


def report_filename(report: Report, fmt: str) -> str:
    """A safe download name such as 'wsis-outcomes-2018-sample-2026-11-29.pdf'."""
    return export.filename(report.stem, fmt)


def write_report(report: Report, formats: tuple[str, ...], out: Path) -> list[Path]:
    """Write the report in each format under `out`; returns the paths."""
    for fmt in formats:
        _renderer(fmt)  # unknown formats fail before anything is written
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        target = out / report_filename(report, fmt)
        target.write_bytes(render(report, fmt))
        written.append(target)
    return written
