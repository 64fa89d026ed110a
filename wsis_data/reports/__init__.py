"""Reports: the outcomes report, the facilitator pack and the CLI's batch export, in files."""

from wsis_data.reports.batch import FORMATS, export_report

__all__ = ["FORMATS", "export_report"]
