"""A list drawn in groups: a band across the list above the first row of each group.

The band is painted by the view over the upper half of a row twice as tall, not a
row of the model (see :mod:`pexdesk.ui.models.groups`): the arrows go from record to
record, a click on a band selects the group's first record, and the selection,
Suppr, Dupliquer, the count of rows and the export never meet a header row.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (QStyledItemDelegate, QStyleOptionViewItem, QTableView,
                               QToolTip, QWidget)

from pexdesk.ui.models.groups import Group

TITLE_FLOOR_CHARS = 12
"""A group's title keeps this many characters before its summary is cut instead."""


class BelowBand(QStyledItemDelegate):
    """Draws the cells of a group's first row under its band, as in any other row."""

    def __init__(self, view: GroupedTableView):
        super().__init__(view)
        self.view = view

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if self.view.group_at(index.row()) is not None:
            option = QStyleOptionViewItem(option)
            option.rect = option.rect.adjusted(0, self.view.band_height(), 0, 0)
        super().paint(painter, option, index)


class GroupedTableView(QTableView):
    """A table over a :class:`~pexdesk.ui.models.table.RowProxyModel` whose rows may start
    groups (``group_at``): each group's title on the left of its band, its summary on the
    right, both whole in the band's tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setItemDelegate(BelowBand(self))

    def setModel(self, model) -> None:
        super().setModel(model)
        # Connected after the header's own slots: the rows get their heights once the
        # header has moved them with their records.
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self._fit_rows)

    def group_at(self, row: int) -> Group | None:
        return self.model().group_at(row)

    def band_height(self) -> int:
        return self.verticalHeader().defaultSectionSize()

    def _fit_rows(self, *_) -> None:
        header = self.verticalHeader()
        single = header.defaultSectionSize()
        for row in range(self.model().rowCount()):
            height = single * 2 if self.group_at(row) is not None else single
            if header.sectionSize(row) != height:
                header.resizeSection(row, height)

    def band_rect(self, row: int) -> QRect:
        """Where the band of the group starting at ``row`` is drawn, across the viewport
        (a list scrolled sideways keeps its groups' titles in view)."""
        return QRect(0, self.rowViewportPosition(row), self.viewport().width(),
                     self.band_height())

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        first = self.rowAt(event.rect().top())
        if first < 0:
            return
        last = self.rowAt(event.rect().bottom())
        painter = QPainter(self.viewport())
        painter.setClipRegion(event.region())
        for row in range(first, (last if last >= 0 else self.model().rowCount() - 1) + 1):
            if self.group_at(row) is not None:
                self._paint_band(painter, row)
        painter.end()

    def _paint_band(self, painter: QPainter, row: int) -> None:
        rect = self.band_rect(row)
        palette = self.palette()
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Window))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        title, summary = self.band_texts(row)
        text = self._text_rect(rect)
        align = Qt.AlignmentFlag.AlignVCenter
        painter.setFont(self.font())
        painter.drawText(text, align | Qt.AlignmentFlag.AlignRight, summary)
        painter.setFont(self._title_font())
        painter.drawText(text, align | Qt.AlignmentFlag.AlignLeft, title)

    def _text_rect(self, band: QRect) -> QRect:
        margin = self.style().pixelMetric(self.style().PixelMetric.PM_FocusFrameHMargin) * 2 + 2
        return band.adjusted(margin, 0, -margin, -1)

    def _title_font(self) -> QFont:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold

    def band_texts(self, row: int) -> tuple[str, str]:
        """The title and summary the band of the group starting at ``row`` shows, as they
        fit. Every band shows its summary whole, or every band its brief one: a band
        saying « 4 actions » beside one saying « 4 actions, dont 1 en retard » would read
        as none late. The title is cut last, down to :data:`TITLE_FLOOR_CHARS` (a band
        must still say which group it is)."""
        width = self._text_rect(self.band_rect(row)).width()
        metrics, title_metrics = self.fontMetrics(), QFontMetrics(self._title_font())
        gap = metrics.averageCharWidth() * 2

        def fits(title: str, summary: str) -> bool:
            return (title_metrics.horizontalAdvance(title) + gap
                    + metrics.horizontalAdvance(summary) <= width)

        group = self.group_at(row)
        if all(fits(other.title, other.summary) for other in self.model().groups()):
            return group.title, group.summary
        if fits(group.title, group.brief):
            return group.title, group.brief
        floor = min(title_metrics.horizontalAdvance(group.title),
                    title_metrics.averageCharWidth() * TITLE_FLOOR_CHARS)
        brief = metrics.elidedText(group.brief, Qt.TextElideMode.ElideRight,
                                   max(width - floor - gap, 0))
        title = title_metrics.elidedText(group.title, Qt.TextElideMode.ElideRight,
                                         width - metrics.horizontalAdvance(brief) - gap)
        return title, brief

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            row = self.rowAt(event.pos().y())
            group = self.group_at(row) if row >= 0 else None
            if group is not None and self.band_rect(row).contains(event.pos()):
                QToolTip.showText(event.globalPos(), group.full, self.viewport(),
                                  self.band_rect(row))
                return True
        return super().viewportEvent(event)
