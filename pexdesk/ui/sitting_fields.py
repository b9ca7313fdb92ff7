"""A meeting's sitting in its form: its hours, and which co-presidents chaired it."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QWidget

from pexdesk.core.reference.membership import CO_PRESIDENTS, Presence
from pexdesk.ui.forms import TimeField
from pexdesk.ui.widgets import let_combo_shrink


class HoursField(QWidget):
    """« [09:30] à [12:00] »: when the meeting started and ended, each « non saisi » until
    typed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.start = TimeField()
        self.start.setAccessibleName(self.tr("Heure de début"))
        self.end = TimeField()
        self.end.setAccessibleName(self.tr("Heure de fin"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.start)
        row.addWidget(QLabel(self.tr("à")))
        row.addWidget(self.end)
        row.addStretch()
        for field in (self.start, self.end):
            field.textEdited.connect(lambda _text: self.changed.emit())
        self.setFocusProxy(self.start)
        QWidget.setTabOrder(self.start, self.end)

    def set_times(self, start: time | None, end: time | None) -> None:
        self.start.set_value(start)
        self.end.set_value(end)


class ChairField(QWidget):
    """Each co-president, a line each (« État [présent] »), present, represented
    or absent, or left « non renseigné » (a département without a métropole leaves its
    own so). The first box takes the focus, Tab the others."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.boxes: dict[str, QComboBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(2, 1)
        for row, chair in enumerate(CO_PRESIDENTS):
            box = QComboBox()
            box.addItem(self.tr("non renseigné"), None)
            for presence in Presence:
                box.addItem(chair.presence_label(presence), presence.value)
            box.setAccessibleName(self.tr("Présidence – {0}").format(chair.label))
            box.currentIndexChanged.connect(lambda _index: self.changed.emit())
            let_combo_shrink(box, 10)
            grid.addWidget(QLabel(chair.short), row, 0)
            grid.addWidget(box, row, 1)
            self.boxes[chair.field] = box
        boxes = list(self.boxes.values())
        self.setFocusProxy(boxes[0])
        for first, second in zip(boxes, boxes[1:]):
            QWidget.setTabOrder(first, second)

    def set_presences(self, presences: dict[str, str | None]) -> None:
        """Each co-president's presence by the meeting's field (``chair_state``…)."""
        for field, box in self.boxes.items():
            box.setCurrentIndex(max(0, box.findData(presences.get(field))))

    def presences(self) -> dict[str, str | None]:
        return {field: box.currentData() for field, box in self.boxes.items()}
