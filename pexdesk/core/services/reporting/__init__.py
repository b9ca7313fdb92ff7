"""PDF bilans (reportlab platypus), Qt-free: ``build_report`` for the command line,
``gather_report`` + ``render_report`` for a worker thread of the application.

Two ReportLab settings make every bilan faster without changing a pixel of it, set here
before ``reportlab.graphics`` is first imported (it reads the first one then): shape
checking validates every attribute set on a chart shape, a development aid; ASCII85
only makes the compressed streams printable, a quarter bigger and 10 % of a build.
"""

from reportlab import rl_config

rl_config.shapeChecking = 0
rl_config.useA85 = 0

from pexdesk.core.services.reporting.build import (KINDS, ReportError, build_report,
                                                   gather_report, render_report)
from pexdesk.core.services.reporting.data import PeriodError, ReportData
from pexdesk.core.services.reporting.document import ReportCancelled

__all__ = ["KINDS", "PeriodError", "ReportCancelled", "ReportData", "ReportError",
           "build_report", "gather_report", "render_report"]
