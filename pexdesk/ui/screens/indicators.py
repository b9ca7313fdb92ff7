"""Indicateurs: the month × indicator grid where the monthly figures are keyed in.

Rows are the active indicators of the catalogue, columns the months of one year,
preceded by December of the year before so January's previous value is in view.
A cell is empty (not entered), a number, or « n.d. » (the source sent nothing:
a NULL value, which is not zero). Each cell is saved the moment it is confirmed
(Entrée goes down to the next indicator, Tab to the next month), with undo; the
panel under the grid shows the previous month and edits the value's source and
comment. A figure ten times the month before's (or a tenth of it) is kept but
pointed out, as a spreadsheet's conditional formatting would: a warning under the
grid once saved, and a mark on its cell for as long as it stands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QEvent, QItemSelectionModel,
                            QModelIndex, QPersistentModelIndex, QPointF, Qt, Signal)
from PySide6.QtGui import (QBrush, QColor, QFont, QGuiApplication, QKeyEvent, QKeySequence,
                           QPainter, QPen, QPolygonF)
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QFrame, QGridLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QStackedLayout, QStyledItemDelegate,
                               QStyleOptionViewItem, QTableView, QVBoxLayout, QWidget)

from pexdesk.core.domain import rules
from pexdesk.core.domain.models import Indicator, IndicatorValue
from pexdesk.core.domain.plausibility import implausible_change
from pexdesk.core.errors import PexdeskError, ValidationError
from pexdesk.core.figures import NOT_AVAILABLE, parse_figure
from pexdesk.core.formatting import (NARROW_NBSP, format_figure, format_month, format_number,
                                     plural)
from pexdesk.core.reference.departments import department_label
from pexdesk.core.reference.treve import month_in_treve
from pexdesk.core.repositories import indicators
from pexdesk.core.services.snapshots import absent, capture, capture_all
from pexdesk.core.text import Invalid
from pexdesk.ui.commands import RecordCommand, RecordsCommand
from pexdesk.ui.screens.base import Screen
from pexdesk.ui.treve_header import TREVE_ROLE, TreveHeader
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import (WARNING_BACKGROUND, WARNING_MARK, ErrorLabel, FlowLayout,
                                WarningLabel, show_text_starts, style_as_hint)

FIRST_YEAR = 2000
"""The core refuses months before 2000 (typing mistakes)."""

LABEL_COLUMN, UNIT_COLUMN, PREVIOUS_DECEMBER_COLUMN, FIRST_MONTH_COLUMN = 0, 1, 2, 3

SHORT_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                "oct.", "nov.", "déc.")

NOT_AVAILABLE_TEXT = "n.d."

FUTURE_BRUSH = QBrush(QColor("#efefef"))
REMINDER_BRUSH = QBrush(QColor("#f6f6f6"))
MUTED_BRUSH = QBrush(QColor("#6b6b6b"))
CHECK_BRUSH = QBrush(WARNING_BACKGROUND)

CHECK_ROLE = Qt.ItemDataRole.UserRole + 1
"""Why a cell's figure looks mistyped beside the month before's (the core's
``implausible_change``), or None."""


def _today() -> date:
    """Today; tests replace it to pin which months are still to come."""
    return date.today()


def _tr(text: str) -> str:
    return QCoreApplication.translate("IndicatorsScreen", text)


# ---- Typed values


@dataclass(frozen=True)
class Entry:
    """What the user typed in a cell: nothing (clear it), « n.d. », or a number."""

    cleared: bool = False
    value: float | None = None

    @property
    def not_available(self) -> bool:
        return not self.cleared and self.value is None


def parse_entry(text: str, indicator: Indicator) -> Entry:
    """Read a French number (« 12 », « 1 234 », « 12,5 », « 45 % »), « nd » for « not
    available », or nothing, as an imported table's cell is read (:func:`parse_figure`);
    raise ValueError with its French message otherwise."""
    figure = parse_figure(text, indicator.unit, indicator.label_text)
    if isinstance(figure, Invalid):
        raise ValueError(figure.message)
    if figure is None:
        return Entry(cleared=True)
    return Entry(value=None if figure == NOT_AVAILABLE else figure)


def format_value(value: float | None, grouped: bool = True) -> str:
    """« 1 234 », « 45,5 », « n.d. » for a value that is not available."""
    if value is None:
        return NOT_AVAILABLE_TEXT
    text = format_figure(value)
    return text if grouped else text.replace(NARROW_NBSP, "")


def _month_before(month: date) -> date:
    return date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)


def treve_text(month: date) -> str:
    """« Trêve hivernale du 1er novembre 2025 au 31 mars 2026 : aucune expulsion avec le
    concours de la force publique, sauf relogement assuré. », or nothing for a month
    outside the trêve."""
    in_treve = month_in_treve(month)
    if in_treve is None:
        return ""
    text = in_treve.treve.text()
    return _tr("{0} : aucune expulsion avec le concours de la force publique, sauf relogement "
               "assuré.").format(text[:1].upper() + text[1:])


def check_text(value: float, reason: str) -> str:
    """« À vérifier : 600, dix fois la valeur de septembre 2026 (60). »"""
    return _tr("À vérifier : {0}, {1}.").format(format_value(value), reason)


def entered_text(month: date, entered: int, total: int) -> str:
    """« mai 2024 : 3 indicateurs saisis sur 20 »."""
    return _tr("{0} : {1} sur {2}").format(
        format_month(month), plural(entered, _tr("indicateur saisi"), _tr("indicateurs saisis")),
        total)


def previous_text(indicator: Indicator, month: date, current: IndicatorValue | None,
                  previous: IndicatorValue | None, joiner: str = " · ") -> str:
    """« Mois précédent (février 2024) : 10 · évolution +2 (+20 %) », ``joiner`` between
    the value and its evolution."""
    where = format_month(_month_before(month))
    if previous is None:
        return _tr("Mois précédent ({0}) : non saisi").format(where)
    text = _tr("Mois précédent ({0}) : {1}").format(where, format_value(previous.value))
    if current is None or current.value is None or previous.value is None:
        return text
    change = current.value - previous.value
    sign = "+" if change > 0 else "" if change == 0 else "−"
    if indicator.unit == "%":
        evolution = _tr("{0}{1} {2}").format(sign, format_value(abs(change)),
                                             _tr("point") if abs(change) < 2 else _tr("points"))
    else:
        evolution = f"{sign}{format_value(abs(change))}"
        if previous.value:
            share = change / previous.value * 100
            evolution += f" ({'+' if share > 0 else '−' if share < 0 else ''}" \
                         f"{format_number(abs(share))}{NARROW_NBSP}%)"
    return text + joiner + _tr("évolution : {0}").format(evolution)


# ---- The grid model


class IndicatorGridModel(QAbstractTableModel):
    """Active indicators × (December of the year before, then the 12 months of ``year``)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._indicators: list[Indicator] = []
        self._year = _today().year
        self._today = _today()
        self._values: dict[tuple[int, date], IndicatorValue] = {}
        self.committer: Callable[[Indicator, date, str], bool] | None = None
        """Saves what was typed in a cell; False when it was refused (message shown)."""

    # ---- Content

    def set_content(self, catalogue: list[Indicator], year: int,
                    values: list[IndicatorValue], today: date) -> None:
        """Show ``values``; a change of year or catalogue resets the view, a change of
        values only repaints (an open editor and the current cell stay)."""
        same_shape = ([i.id for i in catalogue] == [i.id for i in self._indicators]
                      and year == self._year
                      and today.replace(day=1) == self._today.replace(day=1))
        if not same_shape:
            self.beginResetModel()
        self._indicators = list(catalogue)
        self._year = year
        self._today = today
        self._values = {(v.indicator_id, v.month): v for v in values}
        if same_shape:
            if self.rowCount():
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(self.rowCount() - 1, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        else:
            self.endResetModel()

    @property
    def year(self) -> int:
        return self._year

    def indicator(self, row: int) -> Indicator:
        return self._indicators[row]

    def month_of(self, column: int) -> date | None:
        if column == PREVIOUS_DECEMBER_COLUMN:
            return date(self._year - 1, 12, 1)
        if FIRST_MONTH_COLUMN <= column < FIRST_MONTH_COLUMN + 12:
            return date(self._year, column - FIRST_MONTH_COLUMN + 1, 1)
        return None

    def column_of(self, month: date) -> int:
        return FIRST_MONTH_COLUMN + month.month - 1

    def value(self, indicator_id: int, month: date) -> IndicatorValue | None:
        return self._values.get((indicator_id, month))

    def previous(self, indicator_id: int, month: date) -> IndicatorValue | None:
        return self._values.get((indicator_id, _month_before(month)))

    def check(self, indicator_id: int, month: date, value: float | None) -> str | None:
        """Why ``value`` for ``month`` looks mistyped beside the figure of the month before,
        or None (nothing to compare with, nothing striking, or a jump the same month made a
        year before too)."""
        previous = self.previous(indicator_id, month)
        year_before = self.value(indicator_id, month.replace(year=month.year - 1))
        return implausible_change(value, previous.value if previous else None,
                                  _month_before(month),
                                  year_before.value if year_before else None)

    def is_open(self, month: date) -> bool:
        """A month can be keyed in once it has begun (the core refuses future months)."""
        return date(FIRST_YEAR, 1, 1) <= month <= self._today.replace(day=1)

    def is_entry_cell(self, index: QModelIndex) -> bool:
        month = self.month_of(index.column())
        return (index.isValid() and index.column() >= FIRST_MONTH_COLUMN and month is not None
                and self.is_open(month))

    def last_open_column(self) -> int:
        for column in range(FIRST_MONTH_COLUMN + 11, FIRST_MONTH_COLUMN - 1, -1):
            if self.is_open(self.month_of(column)):
                return column
        return FIRST_MONTH_COLUMN

    def entered_count(self, month: date) -> int:
        return sum(1 for i in self._indicators if (i.id, month) in self._values)

    # ---- Qt model interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._indicators)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else FIRST_MONTH_COLUMN + 12

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            return self._row_header(section, role)
        if not 0 <= section < self.columnCount():
            return None
        month = self.month_of(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == LABEL_COLUMN:
                return _tr("Indicateur")
            if section == UNIT_COLUMN:
                return _tr("Unité")
            if section == PREVIOUS_DECEMBER_COLUMN:
                return f"{SHORT_MONTHS[11]} {month.year % 100:02d}"
            return SHORT_MONTHS[month.month - 1]
        if role == Qt.ItemDataRole.TextAlignmentRole and section >= PREVIOUS_DECEMBER_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if month is None:
            return None
        if role == TREVE_ROLE:
            return month_in_treve(month)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return format_month(month)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return treve_text(month)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(line for line in (self.month_note(month), treve_text(month))
                             if line)
        return None

    def month_note(self, month: date) -> str:
        """What a month's column takes: « juillet 2024 : mois à venir, pas encore de
        saisie. », or how many indicators it holds."""
        if month == self.month_of(PREVIOUS_DECEMBER_COLUMN):
            return _tr("{0} : rappel de l'année précédente, pour la valeur précédant "
                       "janvier (modifiable dans l'année {1}).").format(
                format_month(month), month.year)
        if not self.is_open(month):
            return _tr("{0} : mois à venir, pas encore de saisie.").format(format_month(month))
        return entered_text(month, self.entered_count(month), self.rowCount())

    def _row_header(self, row: int, role: int):
        """The indicator's label, shown as the row's header: it stays in view while the
        months scroll sideways (at 150 % on a laptop they do not all fit)."""
        if not 0 <= row < self.rowCount():
            return None
        indicator = self._indicators[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return indicator.label_text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._indicator_tooltip(indicator)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_entry_cell(index):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        indicator = self._indicators[index.row()]
        column = index.column()
        if column == LABEL_COLUMN:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return indicator.label_text
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._indicator_tooltip(indicator)
            return None
        if column == UNIT_COLUMN:
            if role == Qt.ItemDataRole.DisplayRole:
                return indicator.unit
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.ForegroundRole:
                return MUTED_BRUSH
            return None
        month = self.month_of(column)
        stored = self.value(indicator.id, month)
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(stored.value) if stored else ""
        if role == CHECK_ROLE:
            return self.check(indicator.id, month, stored.value) if stored else None
        if role == Qt.ItemDataRole.EditRole:
            if stored is None:
                return ""
            return "nd" if stored.value is None else format_value(stored.value, grouped=False)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == PREVIOUS_DECEMBER_COLUMN or (stored and stored.value is None):
                return MUTED_BRUSH
            return None
        if role == Qt.ItemDataRole.FontRole and stored is not None and stored.value is None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == PREVIOUS_DECEMBER_COLUMN:
                return REMINDER_BRUSH
            if not self.is_open(month):
                return FUTURE_BRUSH
            if stored is not None and self.check(indicator.id, month, stored.value):
                return CHECK_BRUSH
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tooltip(indicator, month, stored)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            shown = format_value(stored.value) if stored else _tr("non saisi")
            if stored is not None and self.check(indicator.id, month, stored.value):
                shown = _tr("{0}, à vérifier").format(shown)
            return _tr("{0}, {1} : {2}").format(indicator.label_text, format_month(month), shown)
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.is_entry_cell(index) \
                or self.committer is None:
            return False
        return self.committer(self._indicators[index.row()], self.month_of(index.column()),
                              "" if value is None else str(value))

    def _indicator_tooltip(self, indicator: Indicator) -> str:
        periodicity = {"M": _tr("mensuelle"), "T": _tr("trimestrielle"),
                       "A": _tr("annuelle")}.get(indicator.periodicity, indicator.periodicity)
        lines = [indicator.label_text, _tr("Code : {0}").format(indicator.code),
                 _tr("Unité : {0} · périodicité {1}").format(indicator.unit, periodicity)]
        if indicator.source:
            lines.append(_tr("Source habituelle : {0}").format(indicator.source))
        return "\n".join(lines)

    def _cell_tooltip(self, indicator: Indicator, month: date,
                      stored: IndicatorValue | None) -> str:
        lines = [f"{indicator.label_text} – {format_month(month)}"]
        if not self.is_open(month):
            lines.append(_tr("Mois à venir : la saisie ouvrira le 1er {0}.").format(
                format_month(month)))
            return "\n".join(lines)
        if stored is None:
            lines.append(_tr("Non saisi"))
        elif stored.value is None:
            lines.append(_tr("Donnée non disponible (n.d.)"))
        else:
            lines.append(_tr("Valeur : {0}").format(format_value(stored.value)))
        lines.append(previous_text(indicator, month, stored, self.previous(indicator.id, month)))
        reason = self.check(indicator.id, month, stored.value) if stored else None
        if reason:
            lines.append(check_text(stored.value, reason))
        if stored is not None and stored.source:
            lines.append(_tr("Source : {0}").format(stored.source))
        if stored is not None and stored.comment:
            lines.append(_tr("Commentaire : {0}").format(stored.comment))
        return "\n".join(lines)


# ---- The view and its editor


class ValueDelegate(QStyledItemDelegate):
    """A line editor per cell. Entrée / Tab save the cell and move on; a refused entry
    keeps the editor open on the text typed, with the message beside the grid."""

    moved = Signal(int, int)
    """(rows, columns) to move after a confirmed entry."""

    def __init__(self, model: IndicatorGridModel, parent=None):
        super().__init__(parent)
        self.grid = model
        self._indexes: dict[int, QPersistentModelIndex] = {}

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        indicator = self.grid.indicator(index.row())
        month = self.grid.month_of(index.column())
        previous = self.grid.previous(indicator.id, month)
        if previous is not None:
            editor.setPlaceholderText(_tr("préc. {0}").format(format_value(previous.value)))
        editor.setAccessibleName(_tr("{0}, {1}").format(indicator.label_text,
                                                        format_month(month)))
        self._indexes[id(editor)] = QPersistentModelIndex(index)
        editor.destroyed.connect(lambda *_, key=id(editor): self._indexes.pop(key, None))
        return editor

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        """A cell to check gets a triangle in its top left corner, as a spreadsheet marks a
        suspicious formula: the pale yellow behind it alone is lost under the selection,
        and would be the only sign for a reader who does not tell colours apart."""
        super().paint(painter, option, index)
        if not index.data(CHECK_ROLE):
            return
        size = max(7.0, option.rect.height() * 0.4)
        corner = option.rect.topLeft().toPointF()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(option.palette.base().color(), 1))
        painter.setBrush(WARNING_MARK)
        painter.drawPolygon(QPolygonF([corner, corner + QPointF(size, 0),
                                       corner + QPointF(0, size)]))
        painter.restore()

    def eventFilter(self, editor, event) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(editor, QLineEdit)
                and isinstance(event, QKeyEvent)):
            key = event.key()
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            moves = {Qt.Key.Key_Return: (-1 if shift else 1, 0),
                     Qt.Key.Key_Enter: (-1 if shift else 1, 0),
                     Qt.Key.Key_Tab: (0, 1), Qt.Key.Key_Backtab: (0, -1)}
            if key in moves:
                index = self._indexes.get(id(editor))
                if index is None or not index.isValid():
                    return super().eventFilter(editor, event)
                if not self.grid.setData(QModelIndex(index), editor.text()):
                    editor.selectAll()
                    return True
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                self.moved.emit(*moves[key])
                return True
        return super().eventFilter(editor, event)


class IndicatorGrid(QTableView):
    """The grid: Entrée moves down as in a spreadsheet, Suppr clears, Retour arrière
    empties the cell for typing, Ctrl+C / Ctrl+V copy and paste."""

    clear_requested = Signal()
    paste_requested = Signal()
    copy_requested = Signal()
    locked_typed = Signal()
    """Something was typed on a cell that takes no value (a month to come, the year
    before's December): nothing happens, and the screen says why."""
    LABEL_CHARACTERS = 48
    """Row labels get at least this many characters; longer ones end in « … » (whole in
    their tooltip) unless the window leaves room beside the months."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setHorizontalHeader(TreveHeader(self))

    def resizeEvent(self, event) -> None:
        """The labels take the room the months leave, and the cell being keyed in stays
        in view: the grid opens on last month's column, which at 150 % was off to the right
        (set before the grid had its size, it scrolled nothing)."""
        super().resizeEvent(event)
        self.fit_labels()
        if self.currentIndex().isValid():
            self.scrollTo(self.currentIndex())

    def fit_labels(self) -> None:
        """Give the row labels the width the months leave unused, up to the longest label."""
        header = self.verticalHeader()
        least = self.fontMetrics().averageCharWidth() * self.LABEL_CHARACTERS
        scroll_bar = self.verticalScrollBar()
        room = (self.width() - 2 * self.frameWidth() - self.horizontalHeader().length()
                - (scroll_bar.sizeHint().width() if scroll_bar.isVisible() else 0))
        header.setMaximumWidth(max(least, min(header.sizeHint().width(), room)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            # Tab goes to the next month: Ctrl+Tab leaves the grid, as it leaves a text box
            # (the source and comment were out of the keyboard's reach but for Alt+S, Alt+C).
            # QWidget's own move: the view's would move to the next cell.
            QWidget.focusNextPrevChild(self, event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            return
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste_requested.emit()
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_requested.emit()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                step = -1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
                self.move_by(step, 0)
                return
            if event.key() == Qt.Key.Key_Delete and not event.modifiers():
                self.clear_requested.emit()
                return
            current = self.currentIndex()
            if (event.text().strip() and current.isValid()
                    and not current.flags() & Qt.ItemFlag.ItemIsEditable):
                self.locked_typed.emit()
                return
            if event.key() == Qt.Key.Key_Backspace and not event.modifiers():
                # As in a spreadsheet: start typing over an emptied cell.
                index = self.currentIndex()
                if self.edit(index, QAbstractItemView.EditTrigger.EditKeyPressed, event):
                    editor = self.indexWidget(index)
                    if isinstance(editor, QLineEdit):
                        editor.clear()
                return
        super().keyPressEvent(event)

    def move_by(self, rows: int, columns: int) -> None:
        current = self.currentIndex()
        model = self.model()
        if not current.isValid():
            return
        row = min(max(current.row() + rows, 0), model.rowCount() - 1)
        column = min(max(current.column() + columns, UNIT_COLUMN), model.columnCount() - 1)
        target = model.index(row, column)
        self.selectionModel().setCurrentIndex(
            target, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(target)


# ---- The screen


class IndicatorsScreen(Screen):
    watched_tables = ("indicator_value", "indicator")

    def __init__(self, session, undo_stack, parent: QWidget | None = None):
        super().__init__(session, undo_stack, parent)
        self.department = ""
        self.year = self._reported_month().year
        self._first_load = True
        self._details_for: tuple[int, date] | None = None
        self._details_dirty = False
        self._warned_for: tuple[int, date] | None = None
        """The cell the warning under the grid is about: it goes once the cell is corrected."""

        self.model = IndicatorGridModel(self)
        self.model.committer = self.save_cell

        self.title = QLabel()
        title_font = self.title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
        self.title.setFont(title_font)
        self.previous_year_button = QPushButton(self.tr("<"))
        self.previous_year_button.setAccessibleName(self.tr("Année précédente"))
        self.previous_year_button.setToolTip(self.tr("Année précédente (Alt+←)"))
        self.previous_year_button.setShortcut(QKeySequence("Alt+Left"))
        self.next_year_button = QPushButton(self.tr(">"))
        self.next_year_button.setAccessibleName(self.tr("Année suivante"))
        self.next_year_button.setToolTip(self.tr("Année suivante (Alt+→)"))
        self.next_year_button.setShortcut(QKeySequence("Alt+Right"))
        for button in (self.previous_year_button, self.next_year_button):
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("<") + 28)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.previous_year_button.clicked.connect(lambda: self.show_year(self.year - 1))
        self.next_year_button.clicked.connect(lambda: self.show_year(self.year + 1))
        self.year_label = QLabel()
        self.year_label.setFont(title_font)
        self.year_label.setAccessibleName(self.tr("Année affichée"))
        self.year_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.year_label.setMinimumWidth(
            self.year_label.fontMetrics().horizontalAdvance("8888") + 16)
        self.help_label = QLabel(self.tr(
            "Tapez la valeur puis Entrée (indicateur suivant) ou Tab (mois suivant). "
            "« nd » : donnée non disponible. Suppr : effacer. Ctrl+V : coller une colonne "
            "copiée d'un tableur. Bandeau gris au-dessus des mois : trêve hivernale."))
        self.help_label.setWordWrap(True)
        style_as_hint(self.help_label)

        self.grid = IndicatorGrid()
        self.grid.setModel(self.model)
        self.grid.setAccessibleName(self.tr("Grille des indicateurs par mois"))
        self.delegate = ValueDelegate(self.model, self.grid)
        self.grid.setItemDelegate(self.delegate)
        self.delegate.moved.connect(self.grid.move_by)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.grid.setWordWrap(False)
        self.grid.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.grid.setCornerButtonEnabled(False)
        self.grid.verticalHeader().setDefaultSectionSize(self.grid.fontMetrics().height() + 9)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.verticalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.grid.setColumnHidden(LABEL_COLUMN, True)  # the row headers show the labels
        self.grid.clear_requested.connect(self.delete_record)
        self.grid.locked_typed.connect(self._locked_cell_typed)
        self.grid.paste_requested.connect(self.paste)
        self.grid.copy_requested.connect(self.copy)
        self.grid.selectionModel().currentChanged.connect(self._current_changed)
        self._size_columns()

        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setText(self.tr(
            "Le catalogue ne contient aucun indicateur actif.\nLes indicateurs suivis se "
            "définissent dans le catalogue de la base ; une nouvelle base en reçoit la "
            "liste de référence."))

        self.message = ErrorLabel()
        self.message.setAccessibleName(self.tr("Message de saisie"))
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("État de la saisie"))
        style_as_hint(self.status)
        self.status.hide()  # until there is one: empty, it took a line of the grid
        self.warning = WarningLabel()
        self.warning.setAccessibleName(self.tr("Valeur à vérifier"))
        self.month_count = QLabel()
        self.month_count.setAccessibleName(self.tr("Indicateurs saisis pour le mois"))

        self.cell_title = QLabel()
        cell_font = self.cell_title.font()
        cell_font.setBold(True)
        self.cell_title.setFont(cell_font)
        self.cell_title.setWordWrap(True)
        self.cell_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.previous_label = QLabel()
        self.previous_label.setAccessibleName(self.tr("Valeur du mois précédent"))
        self.previous_label.setWordWrap(True)
        self.cell_check = WarningLabel()
        self.cell_check.setAccessibleName(self.tr("Valeur de la cellule à vérifier"))
        self.source = QLineEdit()
        self.source.setAccessibleName(self.tr("Source de la valeur"))
        self.source.setMaxLength(200)
        self.comment = QLineEdit()
        self.comment.setAccessibleName(self.tr("Commentaire sur la valeur"))
        self.comment.setPlaceholderText(self.tr(
            "Chiffre provisoire, rectifié, période couverte… (aucune donnée nominative)"))
        for field in (self.source, self.comment):
            field.textEdited.connect(self._details_edited)
            field.returnPressed.connect(self.save)
        # No mnemonic: Alt+E opens the « Aide » menu; Ctrl+S is the shortcut here.
        self.save_button = QPushButton(self.tr("Enregistrer"))
        self.save_button.setToolTip(self.tr("Enregistrer la source et le commentaire (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.import_button = QPushButton(self.tr("Importer un &tableau…"))
        self.import_button.setToolTip(self.tr(
            "Importer les valeurs d'un tableau reçu (CSV, XLSX) : tableau de bord de la DDETS, "
            "chiffres de la préfecture, de la CAF, export pexdesk…"))
        self.import_button.clicked.connect(self.import_table)
        self.import_dialog = None
        self._layout()
        self._show_details(QModelIndex())

    # ---- Layout

    def _layout(self) -> None:
        # The title on one line, the month's count beside it where the width allows and
        # under it otherwise: wrapped, the title took three lines at 150 % once « Importer
        # un tableau… » stood beside it, and the grid a row less.
        heading = QWidget()
        flow = FlowLayout(heading, line_spacing=2)
        flow.setContentsMargins(0, 0, 0, 0)
        flow.setSpacing(16)
        flow.addWidget(self.title)
        flow.addWidget(self.month_count)
        # On the title's baseline beside it (less the smaller font's descent).
        self.month_count.setMinimumHeight(self.title.fontMetrics().height())
        self.month_count.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.previous_year_button)
        top.addWidget(self.year_label)
        top.addWidget(self.next_year_button)
        top.addSpacing(16)
        top.addWidget(self.import_button)

        # Inside its own holder before it gets widgets: a stacked layout shows its current
        # widget at once, and one without a parent yet would flash up as a window.
        grid_holder = QWidget()
        self.grid_stack = QStackedLayout(grid_holder)
        self.grid_stack.addWidget(self.grid)
        self.grid_stack.addWidget(self.empty_label)

        self.details = QFrame()
        self.details.setFrameShape(QFrame.Shape.StyledPanel)
        # The check under the title, beside the previous month's second line: a cell to
        # check makes the panel a few pixels taller, not a line.
        title = QVBoxLayout()
        title.setSpacing(2)
        title.addWidget(self.cell_title)
        title.addWidget(self.cell_check)
        head = QHBoxLayout()
        head.addLayout(title, 1)
        head.addWidget(self.previous_label, 0, Qt.AlignmentFlag.AlignRight)
        # The source above the comment, each as wide as the panel: side by side, at 150 %
        # the source had a third of a line and showed « Justice / EXPL ».
        fields = QGridLayout()
        fields.setVerticalSpacing(4)
        source_label = QLabel(self.tr("&Source :"))
        source_label.setBuddy(self.source)
        comment_label = QLabel(self.tr("&Commentaire :"))
        comment_label.setBuddy(self.comment)
        fields.addWidget(source_label, 0, 0)
        fields.addWidget(self.source, 0, 1)
        fields.addWidget(comment_label, 1, 0)
        fields.addWidget(self.comment, 1, 1)
        fields.addWidget(self.save_button, 1, 2)
        fields.setColumnStretch(1, 1)
        details = QVBoxLayout(self.details)
        details.setContentsMargins(8, 6, 8, 6)
        details.setSpacing(4)
        details.addLayout(head)
        details.addLayout(fields)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.help_label)
        layout.addWidget(grid_holder, 1)
        messages = QHBoxLayout()
        messages.addWidget(self.message, 1)
        messages.addWidget(self.status, 1)
        messages.addWidget(self.warning, 1)
        layout.addLayout(messages)
        layout.addWidget(self.details)

    def _size_columns(self) -> None:
        header = self.grid.horizontalHeader()
        metrics = self.grid.fontMetrics()
        header.setMinimumSectionSize(metrics.horizontalAdvance("nb") + 16)
        # Room for « 12 345 » or « 45,5 » and the headers.
        month_width = max(metrics.horizontalAdvance(f"88{NARROW_NBSP}888"),
                          header.fontMetrics().horizontalAdvance("déc. 88")) + 14
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.resizeSection(UNIT_COLUMN, header.fontMetrics().horizontalAdvance(
            self.tr("Unité")) + 16)
        for column in range(PREVIOUS_DECEMBER_COLUMN, FIRST_MONTH_COLUMN + 12):
            header.resizeSection(column, month_width)

    # ---- Loading

    def refresh(self) -> None:
        """Read the catalogue and the values of the year and the year before (a few hundred
        rows: one direct query); the year before's tell a season's jump from a slip."""
        con = self.session.con
        self.department = self.session.department_code
        catalogue = indicators.catalogue(con)
        values = indicators.values_between(con, self.department, date(self.year - 1, 1, 1),
                                           date(self.year, 12, 1))
        current = self.grid.currentIndex()
        position = (current.row(), current.column()) if current.isValid() else None
        self.model.set_content(catalogue, self.year, values, _today())
        self.grid.fit_labels()  # the labels may have changed with the catalogue
        self.title.setText(self.tr("Indicateurs mensuels – {0}").format(
            department_label(self.department)))
        self.year_label.setText(str(self.year))
        self.previous_year_button.setEnabled(self.year > FIRST_YEAR)
        self.next_year_button.setEnabled(self.year < _today().year)
        self.grid_stack.setCurrentWidget(self.grid if catalogue else self.empty_label)
        self.details.setEnabled(bool(catalogue))
        if catalogue and not self.grid.currentIndex().isValid():
            if position is None or self._first_load:
                reported = self._reported_month()
                position = (0, self.model.column_of(reported) if reported.year == self.year
                            else self.model.last_open_column())
            row = min(position[0], self.model.rowCount() - 1)
            self.grid.selectionModel().setCurrentIndex(
                self.model.index(row, position[1]),
                QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._first_load = False
        if self._warned_for is not None:
            stored = self.model.value(*self._warned_for)
            if stored is None or not self.model.check(*self._warned_for, stored.value):
                self._say("")
        self._show_details(self.grid.currentIndex(), keep_fields=self._details_dirty)
        self.loaded.emit()

    @staticmethod
    def _reported_month() -> date:
        """The month usually keyed in: the last one over (this month is not known yet)."""
        return _month_before(_today().replace(day=1))

    def activate(self) -> None:
        super().activate()
        if self.grid_stack.currentWidget() is self.grid:
            self.grid.setFocus()

    def focus_on(self, options: dict) -> None:
        """Select the cell of ``options["code"]`` (indicator code) for ``options["month"]``
        (a date), when given; the grid takes the focus either way."""
        month = options.get("month")
        if isinstance(month, date):
            self.show_year(month.year)
        code = options.get("code")
        rows = [r for r in range(self.model.rowCount()) if self.model.indicator(r).code == code]
        if rows or isinstance(month, date):
            current = self.grid.currentIndex()
            row = rows[0] if rows else max(current.row(), 0)
            col = self.model.column_of(month) if isinstance(month, date) else current.column()
            if self.model.rowCount():
                self.grid.setCurrentIndex(self.model.index(row, col))
        self.grid.setFocus()

    def import_table(self) -> None:
        """« Importer un tableau… »: figures received as a spreadsheet, previewed, then
        imported with undo (:mod:`pexdesk.ui.indicator_import_dialog`)."""
        from pexdesk.ui.indicator_import_dialog import open_import

        self._finish_editing()
        self.import_dialog = open_import(self, self.import_dialog, _today())

    def show_year(self, year: int) -> None:
        year = min(max(year, FIRST_YEAR), _today().year)
        if year == self.year:
            return
        self._finish_editing()
        if not self._settle_details():
            return
        self.year = year
        self.message.clear_messages()
        self.refresh()

    # ---- Entering values

    def save_cell(self, indicator: Indicator, month: date, text: str) -> bool:
        """Save what was typed in a cell at once, with undo; False (and a French message)
        when it is refused: nothing is saved then."""
        where = f"{indicator.label_text}, {format_month(month)}"
        try:
            entry = parse_entry(text, indicator)
        except ValueError as error:
            self._refuse(where, str(error))
            return False
        stored = self.model.value(indicator.id, month)
        if entry.cleared:
            if stored is None:
                return True
            return self._delete_value(stored, where)
        if stored is not None and stored.value == entry.value:
            self.message.clear_messages()
            return True
        value = (replace(stored, value=entry.value) if stored is not None else
                 IndicatorValue(indicator_id=indicator.id, department_code=self.department,
                                month=month, value=entry.value))
        text_done = self.tr("{0} : valeur {1} enregistrée").format(
            where, format_value(entry.value))
        if not self._write([value], self.tr("la saisie : {0}").format(where), text_done, where):
            return False
        reason = self.model.check(indicator.id, month, entry.value)
        if reason:
            self._say("", self.tr("{0} : valeur {1} enregistrée, mais {2}. Vérifiez la saisie ; "
                                  "Ctrl+Z annule.").format(where, format_value(entry.value),
                                                           reason), (indicator.id, month))
        return True

    def _write(self, values: list[IndicatorValue], undo_text: str, done_text: str,
               where: str = "") -> bool:
        """Store ``values`` in one transaction and push their undo as one step, undone in
        one transaction too (a pasted block, as a macro of a command a cell, took a
        transaction and a refresh per cell to undo)."""
        con = self.session.con
        stored = [self.model.value(value.indicator_id, value.month) for value in values]
        kept = iter(capture_all(con, "indicator_value", [s.id for s in stored if s]))
        befores = [next(kept) if existing else None for existing in stored]
        try:
            self.session.write("indicator_value", lambda c: indicators.set_values(c, values))
        except ValidationError as error:
            self._refuse(where, str(error))
            return False
        except PexdeskError as error:
            self._refuse(where, str(error))
            QMessageBox.warning(self, self.tr("Enregistrement impossible"), typeset(error))
            return False
        afters = capture_all(con, "indicator_value", [value.id for value in values])
        self.undo_stack.push(RecordsCommand(self.session, undo_text, [
            (before or absent("indicator_value", value.id), after)
            for value, before, after in zip(values, befores, afters)]))
        self.message.clear_messages()
        self._say(done_text)
        return True

    def _delete_value(self, stored: IndicatorValue, where: str) -> bool:
        before = capture(self.session.con, "indicator_value", stored.id)
        try:
            self.session.write("indicator_value",
                               lambda con: indicators.delete_value(con, stored.id))
        except PexdeskError as error:
            self._refuse(where, str(error))
            return False
        self.undo_stack.push(RecordCommand(self.session, self.tr("l'effacement : {0}").format(where),
                                           before, absent("indicator_value", stored.id)))
        self.message.clear_messages()
        self._say(self.tr("{0} : valeur effacée").format(where))
        return True

    def _refuse(self, where: str, message: str) -> None:
        lead = self.tr("Rien n'a été enregistré")
        self.message.show_messages([f"{lead} ({where}) : {message}" if where
                                    else f"{lead} : {message}"])
        self._say("")

    def _locked_cell_typed(self) -> None:
        """Its month's note, the first line of the header's tooltip, says why the cell takes
        no value (« juillet 2024 : mois à venir, pas encore de saisie. »): say it where the
        refusals go, without the trêve the tooltip may add."""
        month = self.model.month_of(self.grid.currentIndex().column())
        reason = self.model.month_note(month) if month is not None else ""
        self.message.show_messages([reason[:1].upper() + reason[1:]])
        self._say("")

    def _say(self, text: str, warning: str = "", cell: tuple[int, date] | None = None) -> None:
        """What was just saved, in the place the refusals use, or ``warning`` instead when
        the figure saved in ``cell`` looks mistyped; nothing when both are empty."""
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.warning.show_warning(warning)
        self._warned_for = cell if warning else None

    def delete_record(self) -> None:
        """Suppr: clear the current cell (undo brings it back)."""
        index = self.grid.currentIndex()
        if self.model.is_entry_cell(index):
            self.model.setData(index, "")

    def paste(self) -> None:
        """Paste a block copied from a spreadsheet, from the current cell on: all of it
        in one step, or nothing if one cell is refused."""
        start = self.grid.currentIndex()
        text = QGuiApplication.clipboard().text()
        if not start.isValid() or not text.strip():
            return
        values, problems = [], []
        lines = text.rstrip("\r\n").replace("\r\n", "\n").split("\n")
        skipped = 0
        for row_offset, line in enumerate(lines):
            for column_offset, cell in enumerate(line.split("\t")):
                row, column = start.row() + row_offset, start.column() + column_offset
                index = self.model.index(row, column)
                if not cell.strip():
                    skipped += self.model.is_entry_cell(index)
                    continue
                if not self.model.is_entry_cell(index):
                    problems.append(self.tr("« {0} » tombe hors des cellules à saisir.").format(
                        cell.strip()))
                    continue
                indicator, month = self.model.indicator(row), self.model.month_of(column)
                try:
                    entry = parse_entry(cell, indicator)
                except ValueError as error:
                    problems.append(f"{indicator.label_text}, {format_month(month)} : {error}")
                    continue
                stored = self.model.value(indicator.id, month)
                candidate = (replace(stored, value=entry.value) if stored else IndicatorValue(
                    indicator_id=indicator.id, department_code=self.department, month=month,
                    value=entry.value))
                messages = [p.message for p in candidate.problems()]
                messages.append(rules.within_unit(candidate.label("value"), entry.value,
                                                  indicator.unit))
                problems += [f"{indicator.label_text}, {format_month(month)} : {message}"
                             for message in messages if message]
                values.append(candidate)
        if problems:
            shown = problems[:5]
            if len(problems) > len(shown):
                shown.append(self.tr("… et {0}.").format(plural(
                    len(problems) - len(shown), self.tr("autre cellule refusée"),
                    self.tr("autres cellules refusées"))))
            self.message.show_messages([self.tr("Rien n'a été collé :")] + shown)
            self._say("")
            return
        if values:
            count = len(values)
            # An empty cell of the spreadsheet leaves its cell as it was: said, so that an
            # old value kept there is not taken for a pasted one.
            kept = " ; " + plural(
                skipped, self.tr("cellule vide dans le tableur, laissée telle quelle"),
                self.tr("cellules vides dans le tableur, laissées telles quelles")
            ) if skipped else ""
            done = plural(count, self.tr("valeur collée"), self.tr("valeurs collées")) + kept
            if self._write(values, self.tr("le collage de {0}").format(
                    plural(count, self.tr("valeur"))), done):
                self._point_out_pasted_checks(values, done)

    def _point_out_pasted_checks(self, values: list[IndicatorValue], done: str) -> None:
        """A pasted block may carry a slip too (a column shifted by a row, a zero too
        many): the count of cells marked to check, beside what was pasted."""
        flagged = sum(1 for value in values
                      if self.model.check(value.indicator_id, value.month, value.value))
        if flagged:
            self._say("", self.tr("{0}, dont {1} à vérifier : dix fois (ou un dixième de) la "
                                  "valeur du mois d'avant. Vérifiez les cellules en jaune ; "
                                  "Ctrl+Z annule le collage.").format(done,
                                                                      format_number(flagged)))

    def copy(self) -> None:
        index = self.grid.currentIndex()
        if index.isValid():
            QGuiApplication.clipboard().setText(str(index.data() or ""))

    def _finish_editing(self) -> None:
        """Save the cell being typed (a year change or leaving must not lose it)."""
        editor = self.grid.indexWidget(self.grid.currentIndex())
        if isinstance(editor, QLineEdit):
            self.delegate.commitData.emit(editor)
            self.delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    # ---- The selected cell: previous month, source and comment

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._details_dirty and not self._settle_details():
            blocker = self.grid.selectionModel().blockSignals(True)
            self.grid.selectionModel().setCurrentIndex(
                previous, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.grid.selectionModel().blockSignals(blocker)
            return
        self._show_details(current)

    def _show_details(self, index: QModelIndex, keep_fields: bool = False) -> None:
        """Show the cell at ``index``; ``keep_fields`` keeps source and comment being typed
        (a value saved meanwhile refreshes the rest)."""
        month = self.model.month_of(index.column()) if index.isValid() else None
        if keep_fields and month is not None and self._details_for == (
                self.model.indicator(index.row()).id, month):
            self._show_previous(self.model.indicator(index.row()), month)
            self.month_count.setText(entered_text(month, self.model.entered_count(month),
                                                  self.model.rowCount()))
            return
        self._details_dirty = False
        if month is None:
            self._details_for = None
            self.cell_title.setText(self.tr("Sélectionnez une cellule de la grille."))
            self.previous_label.clear()
            self.cell_check.show_warning("")
            self.month_count.clear()
            for field in (self.source, self.comment):
                field.clear()
            self._set_details_enabled(False)
            return
        indicator = self.model.indicator(index.row())
        stored = self.model.value(indicator.id, month)
        self._details_for = (indicator.id, month)
        in_treve = month_in_treve(month)
        self.cell_title.setText(f"{indicator.label_text} – {format_month(month)}"
                                + (f" · {in_treve.text()}" if in_treve else ""))
        self.cell_title.setToolTip(self.model._indicator_tooltip(indicator))
        self._show_previous(indicator, month)
        self.month_count.setText(entered_text(month, self.model.entered_count(month),
                                              self.model.rowCount()))
        self.source.setText(stored.source if stored else "")
        self.source.setPlaceholderText(indicator.source)
        self.comment.setText(stored.comment if stored else "")
        show_text_starts(self.details)
        editable = stored is not None and index.column() >= FIRST_MONTH_COLUMN
        self._set_details_enabled(editable)
        hint = "" if editable else self.tr("Saisissez d'abord une valeur (ou « nd ») dans "
                                           "la cellule.")
        for field in (self.source, self.comment):
            field.setToolTip(hint)

    def _show_previous(self, indicator: Indicator, month: date) -> None:
        """The previous value, its evolution on a line of its own (wrapped where the panel
        cut it, a line ended on « · »), and whether the figure looks mistyped beside it."""
        stored = self.model.value(indicator.id, month)
        self.previous_label.setText(previous_text(
            indicator, month, stored, self.model.previous(indicator.id, month), joiner="\n"))
        reason = self.model.check(indicator.id, month, stored.value) if stored else None
        self.cell_check.show_warning(check_text(stored.value, reason) if reason else "")

    def _set_details_enabled(self, enabled: bool) -> None:
        for widget in (self.source, self.comment):
            widget.setEnabled(enabled)
        self.save_button.setEnabled(False)

    def _details_edited(self) -> None:
        self._details_dirty = True
        self.save_button.setEnabled(True)

    def save(self) -> bool:
        """Ctrl+S / « Enregistrer »: the cell being typed, then the source and comment."""
        self._finish_editing()
        if not self._details_dirty or self._details_for is None:
            return True
        indicator_id, month = self._details_for
        stored = self.model.value(indicator_id, month)
        if stored is None:
            return True
        indicator = next(i for r in range(self.model.rowCount())
                         if (i := self.model.indicator(r)).id == indicator_id)
        where = f"{indicator.label_text}, {format_month(month)}"
        updated = replace(stored, source=self.source.text().strip(),
                          comment=self.comment.text().strip())
        self._details_dirty = False
        if not self._write([updated], self.tr("la modification de la source ou du commentaire : {0}")
                           .format(where), self.tr("{0} : source et commentaire enregistrés")
                           .format(where)):
            self._details_dirty = True
            return False
        return True

    def revert(self) -> None:
        self._show_details(self.grid.currentIndex())

    def _settle_details(self) -> bool:
        """Pending source/comment edits are saved, as everything else here; False if refused."""
        return not self._details_dirty or self.save()

    def can_leave(self) -> bool:
        self._finish_editing()
        if self._settle_details():
            return True
        answer = QMessageBox.question(
            self, self.tr("Modifications non enregistrées"),
            self.tr("La source ou le commentaire n'a pas pu être enregistré. "
                    "Abandonner cette modification ?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Discard:
            self._details_dirty = False
            return True
        return False
