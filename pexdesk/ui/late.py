"""How a list makes what is late stand out: the roadmap's actions, the meetings' follow-ups."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

LATE_BRUSH = QBrush(QColor("#fde2e1"))
"""The pale red behind a late row. Built here, not with the shared table model: a brush
makes PySide create QGradient's enums, 3 ms the first screen need not pay."""

LATE_TEXT_STYLE = "color: #b00020; font-weight: bold;"
"""A count of what is late, beside the list."""
