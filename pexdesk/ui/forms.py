"""Form building blocks: fields that report changes, and French messages beside each field.

Validation stays in the core; a form only shows the :class:`ValidationError` the
core raised, each message under the field it names, and says nothing was saved.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (QAbstractItemView, QAbstractSpinBox, QCheckBox, QComboBox,
                               QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox,
                               QVBoxLayout, QWidget)

from pexdesk.core.domain.rules import parse_french_date, parse_time
from pexdesk.core.errors import FieldError, ValidationError
from pexdesk.ui.field_undo import FieldUndoHandOver
from pexdesk.ui.widgets import ErrorLabel, style_as_hint

CURSOR_WIDTH = 1
HINT_CHARACTERS = "x" * 17
"""What QLineEdit's own size hint is measured on (qlineedit.cpp)."""

PRIVACY_REMINDER = ("Aucune donnée nominative ni aucun élément permettant d'identifier "
                    "un ménage.")


class DateField(QLineEdit):
    """A date typed the French way (jj/mm/aaaa); empty means "not set".

    Typing is faster than a calendar for someone keying in a pile of paper forms.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(self.tr("jj/mm/aaaa"))
        self.setMaxLength(10)

    def minimumSizeHint(self) -> QSize:
        """Never narrower than a whole date: in a narrow form (150 % on a laptop) a date cut
        to « 15/05/2 » reads as another one. Measured when asked, in the current font.

        QLineEdit's size hint is 17 « x » plus its margins and the frame its style adds:
        the same extra around a date gives the date's width, without asking QStyle, whose
        enums PySide builds on first use (10 ms of start-up: the dashboard has date fields)."""
        hint = super().minimumSizeHint()
        metrics = self.fontMetrics()
        extra = super().sizeHint().width() - metrics.horizontalAdvance(HINT_CHARACTERS)
        needed = extra + metrics.horizontalAdvance("00/00/0000") + CURSOR_WIDTH
        return QSize(max(hint.width(), needed), hint.height())

    def value(self) -> date | None:
        """The date typed, None if empty; raises ValueError with a French message if invalid."""
        return parse_french_date(self.text())

    def set_value(self, value: date | None) -> None:
        self.setText(value.strftime("%d/%m/%Y") if value else "")


class TimeField(QLineEdit):
    """A time of day typed as it comes (« 9h30 », « 14 h », « 09:30 »); empty means « non
    saisi ». Once left, a time it reads shows as « 09:30 »."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(self.tr("hh:mm"))
        self.setMaxLength(8)
        self.editingFinished.connect(self._tidy)

    def sizeHint(self) -> QSize:
        """As wide as « 00 h 00 » and its frame: a time needs no more (see DateField)."""
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        extra = hint.width() - metrics.horizontalAdvance(HINT_CHARACTERS)
        return QSize(extra + metrics.horizontalAdvance("00 h 00") + CURSOR_WIDTH, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.sizeHint().width(), super().minimumSizeHint().height())

    def value(self) -> time | None:
        """The time typed, None if empty; raises ValueError with a French message if invalid."""
        return parse_time(self.text())

    def set_value(self, value: time | None) -> None:
        self.setText(value.strftime("%H:%M") if value else "")

    def _tidy(self) -> None:
        try:
            value = self.value()
        except ValueError:
            return  # left as typed: the save says what is wrong with it
        if value is not None:
            self.set_value(value)


class OptionalCount(QSpinBox):
    """A count that may be left « non saisi » (None), which is not 0: below 0, or once
    its text is erased, the box reads « non saisi »; typing a figure enters it."""

    UNSET = -1

    def __init__(self, maximum: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(self.UNSET, maximum)
        self.setSpecialValueText(self.tr("non saisi"))
        self.setAccelerated(True)
        self.setValue(self.UNSET)

    def count(self) -> int | None:
        return None if self.value() == self.UNSET else self.value()

    def set_count(self, count: int | None) -> None:
        self.setValue(self.UNSET if count is None else count)

    def validate(self, text: str, position: int):
        """Erased, the text is « non saisi »: QSpinBox kept the last figure while showing
        nothing, and saved it."""
        if not text.strip():
            return QValidator.State.Acceptable, text, position
        return super().validate(text, position)

    def valueFromText(self, text: str) -> int:
        return self.UNSET if not text.strip() else super().valueFromText(text)

    def focusOutEvent(self, event) -> None:
        """An erased box reads « non saisi » once left, as it is."""
        super().focusOutEvent(event)
        if self.value() == self.UNSET:
            self.lineEdit().setText(self.specialValueText())


def read_dates(fields: dict[str, DateField], error_field: str | None = None
               ) -> tuple[dict[str, date | None], list[FieldError]]:
    """The dates typed in ``fields`` by name, None where empty or invalid, and the message of
    each invalid one under its own name, or under ``error_field`` for dates that share one
    row of the form (and its message line). The record then adds its own problems, so every
    message shows at once."""
    dates, problems = {}, []
    for name, field in fields.items():
        try:
            dates[name] = field.value()
        except ValueError as exc:
            problems.append(FieldError(error_field or name, str(exc)))
            dates[name] = None
    return dates, problems


class TextArea(QPlainTextEdit):
    """Multi-line notes with the reminder that no household may be named in them."""

    def __init__(self, parent: QWidget | None = None, reminder: bool = True):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setMinimumHeight(60)
        self.setMaximumHeight(110)
        if reminder:
            self.setPlaceholderText(self.tr(PRIVACY_REMINDER))
            self.setToolTip(self.tr(PRIVACY_REMINDER))

    def value(self) -> str:
        return self.toPlainText().strip()


class Form(QWidget):
    """A QFormLayout whose rows each carry an inline error label."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # In a narrow pane (150 % scaling on a laptop) a label goes above its field
        # rather than pushing the field out of sight.
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._errors: dict[str, ErrorLabel] = {}
        self._fields: dict[str, QWidget] = {}
        self._columns: dict[str, QVBoxLayout] = {}
        self._undo_keys = FieldUndoHandOver(self)
        self.general_errors = ErrorLabel()
        self.layout_.addRow(self.general_errors)

    def add(self, name: str, label: str, widget: QWidget, *, hint: str = "",
            wide: bool = False) -> QWidget:
        """Add a row for field ``name``; its changes mark the form as modified. A ``wide``
        field (a sub-table of several columns) and every :class:`TextArea` go under their
        label, across the form: beside it, they had only what the labels left."""
        wide = wide or isinstance(widget, TextArea)
        error = ErrorLabel()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            note = QLabel(hint)
            note.setWordWrap(True)
            style_as_hint(note)
            column.addWidget(note)
        column.addWidget(error)
        if wide:
            caption = QLabel(label)
            self.layout_.addRow(caption)
            self.layout_.addRow(holder)
        else:
            self.layout_.addRow(label, holder)
            caption = self.layout_.labelForField(holder)
        if isinstance(caption, QLabel):
            # A composite field (slider and spin box, checklist) takes no focus itself: its
            # label's Alt+letter only reaches it through the part it hands the focus to.
            caption.setBuddy(widget.focusProxy() or widget)
        spoken = label.replace("&", "").rstrip(" :\u00a0")
        widget.setAccessibleName(spoken)
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            _name_parts(widget, spoken)
        self._errors[name] = error
        self._fields[name] = widget
        self._columns[name] = column
        for part in (widget, *widget.findChildren(QAbstractSpinBox),  # a composite's too
                     *widget.findChildren(QLineEdit)):
            self._undo_keys.watch(part)
        _connect_changes(widget, self.changed.emit)
        _connect_changes(widget, error.clear_messages)  # corrected: the message has done its job
        return widget

    def add_widget(self, widget: QWidget) -> None:
        self.layout_.addRow(widget)

    def add_below(self, name: str, widget: QWidget) -> None:
        """``widget`` under field ``name`` (and its hint), above its messages."""
        column = self._columns[name]
        column.insertWidget(column.indexOf(self._errors[name]), widget)

    def field(self, name: str) -> QWidget:
        return self._fields[name]

    def show_errors(self, error: ValidationError | list[FieldError]) -> None:
        errors = error.errors if isinstance(error, ValidationError) else error
        self.clear_errors()
        general = []
        grouped: dict[str, list[str]] = {}
        for item in errors:
            if item.field in self._errors:
                grouped.setdefault(item.field, []).append(item.message)
            else:
                general.append(item.message)
        for name, messages in grouped.items():
            self._errors[name].show_messages(messages)
        self.general_errors.show_messages(
            [self.tr("Rien n'a été enregistré : corrigez les champs signalés.")] + general)
        first = next(iter(grouped), None)
        if first:
            self._fields[first].setFocus()

    def show_field_errors(self, name: str, messages: list[str]) -> None:
        """Messages under one field, found before any save (a file refused as it is chosen):
        nothing was being saved, so the form's own message does not show."""
        self._errors[name].show_messages(messages)

    def clear_errors(self) -> None:
        for label in (*self._errors.values(), self.general_errors):
            label.clear_messages()

    def blocked(self) -> list[QSignalBlocker]:
        """Keep loading a record from counting as a modification: hold the result while filling."""
        return [QSignalBlocker(widget) for widget in (self, *self._fields.values())]


def _name_parts(field: QWidget, name: str) -> None:
    """A field made of several widgets is named on its box, which a screen reader never
    reaches: the parts the keyboard reaches without a name of their own (the progress spin
    box, the list of partners to tick, a sub-table) take the field's name."""
    for part in (field.focusProxy(), *field.findChildren(QAbstractItemView)):
        if part is not None and not part.accessibleName():
            part.setAccessibleName(name)


def _connect_changes(widget: QWidget, notify) -> None:
    def slot(*_):
        notify()

    if isinstance(widget, QLineEdit):
        widget.textEdited.connect(slot)
        if widget.completer() is not None:  # a choice in its list, written by Qt: no edit
            widget.completer().activated.connect(slot)
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(slot)
    elif isinstance(widget, QCheckBox):
        widget.toggled.connect(slot)
    elif isinstance(widget, QSpinBox):
        widget.valueChanged.connect(slot)
    elif hasattr(widget, "changed"):
        widget.changed.connect(slot)
