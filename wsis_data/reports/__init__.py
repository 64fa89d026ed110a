"""Reports: the outcomes report, the facilitator pack and the CLI's batch export, in files.

`outcomes_report` and `facilitator_pack` build a `Report` (parts in order, see `model`); `render`
lays it out as PDF, DOCX or XLSX. The Reports page and ``python -m wsis_data report`` both call
these; `export_report` is the ``export`` command's heatmap/table/network batch.
"""

from wsis_data.reports.batch import FORMATS, export_report, load_dataset, selection
from wsis_data.reports.facilitator import facilitator_pack, line_codes
from wsis_data.reports.model import Report
from wsis_data.reports.outcomes import outcomes_report
from wsis_data.reports.pdf import page_images
from wsis_data.reports.render import REPORT_FORMATS, render, report_filename, write_report

__all__ = [
    "FORMATS",
    "REPORT_FORMATS",
    "Report",
    "export_report",
    "facilitator_pack",
    "line_codes",
    "load_dataset",
    "outcomes_report",
    "page_images",
    "render",
    "report_filename",
    "selection",
    "write_report",
]
