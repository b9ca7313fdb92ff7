"""A meeting's attendees: the partners ticked present, each with the voice it had
(délibérative, consultative, invité).

Ticking a partner proposes the voice its category usually has at a CCAPEX
(``core/reference/membership.py``), at the commission's own meetings only (a groupe de
travail or a comité has no deliberation to give a voice in); the box under the list changes the voice of the
attendee the list's cursor is on. The voice shows at the right of each attendee's line, so
that the whole sitting reads at a glance. A voice chosen stays while its partner is
unticked: ticked again, the partner has it back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (QApplication, QComboBox, QHBoxLayout, QLabel, QStyle,
                               QStyleOptionViewItem, QWidget)

from pexdesk.core.formatting import plural
from pexdesk.core.reference.membership import VOICE_LABELS, Voice, usual_voice
from pexdesk.ui.checklist import ChoiceModel, FitWidthDelegate, Index
from pexdesk.ui.partner_checklist import PartnerChecklist
from pexdesk.ui.partner_names import PartnerDirectory

VOICE_ROLE = Qt.ItemDataRole.UserRole + 2
"""The voice of a ticked attendee (a :class:`Voice` code); None for a partner not ticked
or whose voice is not stated."""
TAG_GAP = 12
"""Pixels between an attendee's name and the voice at the right of its line."""

Voices = Mapping[int, str | None]


class VoiceModel(ChoiceModel):
    """The partners, and the voice of those ticked."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.voices: dict[int, str | None] = {}
        """By partner id, those of partners unticked since included."""
        self.proposes: Callable[[], bool] = lambda: True
        """Whether ticking a partner proposes its category's usual voice, asked then."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in (VOICE_ROLE, Qt.ItemDataRole.AccessibleTextRole,
                        Qt.ItemDataRole.ToolTipRole):
            return super().data(index, role)
        if not index.isValid() or self._choices is None:
            return None
        choice = self._choices.ids[self._order[index.row()]]
        voice = self.voices.get(choice) if choice in self._checked else None
        if role == VOICE_ROLE:
            return voice
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = super().data(index, role)
            return f"{tip}\nVoix {VOICE_LABELS[voice]}" if voice else tip
        text = super().data(index, Qt.ItemDataRole.DisplayRole)  # what a screen reader says
        return f"{text}, voix {VOICE_LABELS[voice]}" if voice else text

    def _set_row_checked(self, row: int, checked: bool) -> None:
        """A partner ticked for the first time gets the voice its category usually has."""
        place = self._order[row]
        choice = self._choices.ids[place]
        if checked and choice not in self.voices and self.proposes():
            self.voices[choice] = usual_voice(self._choices.codes[place])
        super()._set_row_checked(row, checked)

    def set_voice(self, row: int, voice: str | None) -> None:
        self.voices[self._choices.ids[self._order[row]]] = voice
        index = self.index(row)
        self.dataChanged.emit(index, index, [VOICE_ROLE])

    def name_at(self, row: int) -> str:
        return self._choices.names[self._order[row]]

    def checked_voices(self) -> dict[str | None, int]:
        """How many of the partners ticked have each voice (None: not stated), counted as
        :meth:`checked_count` counts them."""
        counts: dict[str | None, int] = {}
        for choice in self._checked:
            if self._choices is None or choice in self._choices.places:
                voice = self.voices.get(choice)
                counts[voice] = counts.get(voice, 0) + 1
        return counts


class VoiceDelegate(FitWidthDelegate):
    """An attendee's line with its voice at the right, the name cut short before it."""

    def paint(self, painter, option, index: QModelIndex) -> None:
        voice = index.data(VOICE_ROLE)
        if not voice:
            super().paint(painter, option, index)
            return
        view = QStyleOptionViewItem(option)
        self.initStyleOption(view, index)
        widget = view.widget
        style = widget.style() if widget is not None else QApplication.style()
        text_area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, view, widget)
        tag, font = VOICE_LABELS[voice], QFont(view.font)
        font.setItalic(True)
        room = text_area.width() - QFontMetrics(font).horizontalAdvance(tag) - TAG_GAP
        view.text = view.fontMetrics.elidedText(view.text, Qt.TextElideMode.ElideRight,
                                                max(0, room))
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view, painter, widget)
        selected = bool(view.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setPen(view.palette.color(QPalette.ColorRole.HighlightedText if selected
                                          else QPalette.ColorRole.Text))
        painter.setFont(font)
        painter.drawText(text_area, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         tag)
        painter.restore()


class AttendeeChecklist(PartnerChecklist):
    """The partner checklist of a meeting's form, with each attendee's voice."""

    def __init__(self, directory: PartnerDirectory,
                 stored: Callable[[sqlite3.Connection], Voices], parent: QWidget | None = None):
        """``stored`` reads the voice of each attendee the meeting has in the base, by
        partner id."""
        super().__init__(directory, stored, parent)
        self.view.setItemDelegate(VoiceDelegate(self.view))
        self.voice_label = QLabel()
        self.voice_label.setWordWrap(True)
        self.voice = QComboBox()
        for voice in Voice:
            self.voice.addItem(VOICE_LABELS[voice], voice.value)
        self.voice.addItem(self.tr("non précisée"), None)
        self.voice.currentIndexChanged.connect(self._voice_chosen)
        row = QHBoxLayout()
        row.addWidget(self.voice_label, 1)
        row.addWidget(self.voice)
        self.layout().insertLayout(2, row)
        QWidget.setTabOrder(self.view, self.voice)
        self.view.selectionModel().currentChanged.connect(self._show_voice)
        for signal in (self.model.dataChanged, self.model.modelReset, self.proxy.layoutChanged,
                       self.proxy.rowsInserted, self.proxy.rowsRemoved):
            signal.connect(self._show_voice)
        self._show_voice()

    def make_model(self) -> VoiceModel:
        return VoiceModel(self)

    def propose_voices_when(self, proposes: Callable[[], bool]) -> None:
        self.model.proposes = proposes

    def show_checked(self, checked: Voices) -> None:
        """The meeting's attendees with their voices, as stored."""
        self.model.voices = dict(checked)
        super().show_checked(checked)

    def check_stored(self, con: sqlite3.Connection) -> None:
        """Attendees put back by an undo come back with the voice the base has for them,
        unless the user gave them one meanwhile."""
        for choice, voice in self._stored(con).items():
            self.model.voices.setdefault(choice, voice)
        super().check_stored(con)

    def voices(self, con: sqlite3.Connection) -> dict[int, str | None]:
        """The voice of each attendee to save (:meth:`checked_ids`)."""
        return {choice: self.model.voices.get(choice) for choice in self.checked_ids(con)}

    def selection_detail(self) -> str:
        """« : 3 à voix délibérative, 1 invité » after the count of those ticked."""
        counts = self.model.checked_voices()
        words = ((Voice.DELIBERATIVE, self.tr("à voix délibérative")),
                 (Voice.CONSULTATIVE, self.tr("à voix consultative")),
                 (Voice.INVITE, self.tr("invité")), (None, self.tr("à voix non précisée")))
        parts = [plural(counts[voice], word, word if voice != Voice.INVITE else None)
                 for voice, word in words if counts.get(voice)]
        if list(counts) == [None]:
            return ""  # a meeting entered before pexdesk kept the voices: nothing to say
        return " : " + ", ".join(parts) if parts else ""

    def _current_row(self) -> int | None:
        """The row of the model the list's cursor is on, if that partner is ticked."""
        index = self.view.currentIndex()
        if not index.isValid() or index.data(Qt.ItemDataRole.CheckStateRole) != (
                Qt.CheckState.Checked):
            return None
        return self.proxy.mapToSource(index).row()

    def _show_voice(self, *_) -> None:
        row = self._current_row()
        self.voice.setEnabled(row is not None)
        self.voice.blockSignals(True)
        if row is None:
            self.voice_label.setText(self.tr("Voix : cochez un participant pour la préciser."))
            self.voice.setCurrentIndex(-1)
        else:
            self.voice_label.setText(
                self.tr("Voix de « {0} » :").format(self.model.name_at(row)))
            voice = self.model.data(self.model.index(row), VOICE_ROLE)
            self.voice.setCurrentIndex(self.voice.findData(voice) if voice
                                       else self.voice.count() - 1)
        self.voice.blockSignals(False)
        self.voice.setAccessibleName(self.voice_label.text().rstrip(" :."))
        self.voice.setToolTip(self.voice.accessibleName())

    def _voice_chosen(self, _index: int) -> None:
        row = self._current_row()
        if row is not None:
            self.model.set_voice(row, self.voice.currentData())
            self._update_summary()
            self.changed.emit()
