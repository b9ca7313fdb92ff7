"""A header of month columns that marks the trêve hivernale: a grey band along the top of
each month's section (at its foot it merged with the line under the header), over the days in the trêve (a month it ends in, such as July 2020,
only in part), joined from one month to the next as the bilans' charts shade it.

Monthly figures of forced evictions collapse during the trêve and surge after it: the
band reminds the chargé(e) keying them in why. It is a shape, not a tint: the cells keep
their own tints (past year, months to come, figures to check), and the header's tooltip
and accessible description say it in words (``TREVE_ROLE`` tells the header which month
falls in the trêve).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHeaderView, QWidget

TREVE_ROLE = Qt.ItemDataRole.UserRole + 2
"""How a month column falls in the trêve (``core.reference.treve.MonthInTreve``), or None."""

BAND_COLOUR = QColor("#8c8c8c")
"""A neutral mid grey: apart from the header's own greys and from the cells' tints, and
still seen by a reader who does not tell colours apart."""


class TreveHeader(QHeaderView):
    """A horizontal header whose month sections carry the trêve's band."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        # What QTableView sets on the header it makes itself.
        self.setSectionsClickable(True)
        self.setHighlightSections(True)

    def band_height(self) -> int:
        return max(4, round(self.fontMetrics().height() * 0.3))

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        painter.save()
        super().paintSection(painter, rect, logical_index)
        painter.restore()
        model = self.model()
        treve = model.headerData(logical_index, self.orientation(), TREVE_ROLE) if model \
            else None
        if treve is None:
            return
        # Whole pixels: the bands of two whole months meet without a seam.
        left = rect.left() + round(rect.width() * treve.start)
        right = rect.left() + round(rect.width() * treve.end)
        painter.fillRect(QRect(left, rect.top(), right - left, self.band_height()),
                         BAND_COLOUR)
