"""PDF bilans (reportlab platypus), Qt-free: ``build_report`` for the command line,
``gather_report`` + ``render_report`` for a worker thread of the application."""

from pexdesk.core.services.reporting.build import (KINDS, ReportError, build_report,
                                                   gather_report, render_report)
from pexdesk.core.services.reporting.data import PeriodError, ReportData
from pexdesk.core.services.reporting.document import ReportCancelled

__all__ = ["KINDS", "PeriodError", "ReportCancelled", "ReportData", "ReportError",
           "build_report", "gather_report", "render_report"]
