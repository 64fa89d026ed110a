"""A report as an XLSX workbook: one sheet per table, then the metadata sheet with the citation.

Written by `wsis_data.export.xlsx_bytes` (formula-like text neutralised, see
`wsis_data.safe_text`); then every sheet gets its header row frozen and, for synthetic data, a
printed header saying SYNTHETIC on every page.
"""

from __future__ import annotations

import io

from openpyxl import load_workbook

from wsis_data import export
from wsis_data.reports.model import SYNTHETIC_BANNER, Report
from wsis_data.safe_text import neutralise


def xlsx_bytes(report: Report) -> bytes:
    """The report's tables as XLSX bytes (sheets named as the tables' `sheet`)."""
    sheets = {t.sheet: t.frame for t in report.tables()}
    data = export.xlsx_bytes(sheets, report.citation.meta)
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        sheet.freeze_panes = "A2"
        if report.synthetic:
            sheet.oddHeader.center.text = SYNTHETIC_BANNER
            sheet.evenHeader.center.text = SYNTHETIC_BANNER
        sheet.oddFooter.right.text = "Page &P of &N"
    meta = book["metadata"]
    for key, value in report.citation.rows()[len(report.citation.meta.as_rows()) :]:
        meta.append([key, neutralise(value)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
