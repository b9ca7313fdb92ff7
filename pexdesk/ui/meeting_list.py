"""The meetings a record's form lists without saving them (those a partner attended, those
that dealt with an action), each of which opens in Réunions CCAPEX."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import QStyledItemDelegate, QToolTip, QWidget

from pexdesk.core.domain.kinds import MEETING_KIND_LABELS
from pexdesk.core.domain.models import Meeting
from pexdesk.ui.widgets import LinesView, bring_into_view, keyboard_friendly_list


class MeetingList(LinesView):
    """A line a meeting, « 04/03/2026 – Sous-CCAPEX Nord », as given (the latest first);
    Entrée or a double click on one asks for it (:attr:`open_meeting`).

    One line a meeting, however narrow the form (150 % on a laptop): wrapped, « Sous-CCAPEX
    Sud – Vic-Aurèle » broke at « Vic- » and the dates no longer stood in a column. A line
    longer than the list ends in « … », and reads whole in its tooltip."""

    open_meeting = Signal(int)
    """The meeting's id."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMaximumHeight(130)
        self.setWordWrap(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(LineAsWideAsTheList(self))
        keyboard_friendly_list(self)
        self.meeting_ids: list[int] = []
        """The id of the meeting on each line; none for the line saying there is none."""
        self.activated.connect(self._open)

    def show_meetings(self, meetings: list[Meeting], none: str) -> None:
        """``meetings``, or the line ``none`` when there are none ("" for no line)."""
        self.meeting_ids = [meeting.id for meeting in meetings]
        self.set_lines([f"{meeting.held_on:%d/%m/%Y} – "
                        f"{MEETING_KIND_LABELS[meeting.kind]} {meeting.territory}".strip()
                        for meeting in meetings] or ([none] if none else []))

    def focusInEvent(self, event) -> None:
        """The whole list in view with what goes under it in the form, not its first line
        at the form's foot (a list view asks the scroll area for its current line only)."""
        super().focusInEvent(event)
        bring_into_view(self.parentWidget() or self, self)

    def _open(self, index: QModelIndex) -> None:
        if index.row() < len(self.meeting_ids):
            self.open_meeting.emit(self.meeting_ids[index.row()])


class LineAsWideAsTheList(QStyledItemDelegate):
    """Each line as wide as the list, not as its text, with its whole text in its tooltip:
    without wrapping, QListView laid a long line out past the list's edge, cut mid-letter,
    instead of ending it with « … »."""

    def sizeHint(self, option, index: QModelIndex) -> QSize:
        return QSize(0, super().sizeHint(option, index).height())

    def helpEvent(self, event, view, option, index: QModelIndex) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            QToolTip.showText(event.globalPos(), index.data(), view, option.rect)
            return True
        return super().helpEvent(event, view, option, index)
