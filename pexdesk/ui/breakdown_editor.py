"""A meeting's « ventilation » in its form: the dossiers examined by origin of the saisine and
by stage of the procedure, the avis by type (:mod:`pexdesk.core.reference.breakdowns`),
typed as counts, one small table per dimension under a tab, with a line saying how much of
the meeting's total it breaks down.

The counts are the form's: typed into memory, saved with the meeting, reverted with it. A
breakdown may stay partial (the secretariat's figures do not always say), never exceed its
total: the line turns red as soon as it does, before the core refuses it at the save.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QEvent, QModelIndex,
                            QPersistentModelIndex, QRegularExpression, Qt, Signal)
from PySide6.QtGui import QColor, QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QApplication,
                               QHeaderView, QLabel, QLineEdit, QSizePolicy,
                               QSpinBox, QTableView, QTabWidget, QVBoxLayout, QWidget)

from pexdesk.core.domain.breakdown import field_name
from pexdesk.core.domain.models import Meeting
from pexdesk.core.errors import FieldError
from pexdesk.core.formatting import NBSP, format_number, plural
from pexdesk.core.reference.breakdowns import DIMENSIONS, Breakdown, Dimension
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import ERROR_COLOUR, TabLeavesDelegate, bring_into_view, style_as_hint

FIELD = "breakdown"
"""The form's field, as the core's messages name it before the dimension
(:func:`~pexdesk.core.domain.breakdown.field_name`)."""

COUNT_COLUMN = 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("BreakdownEditor", text)


class Units(NamedTuple):
    """What the line under a table calls the units of the total it divides."""

    shared: tuple[str, str]
    """Singular and plural, once broken down."""
    total: tuple[str, str]
    none: str


UNITS = {
    "dossiers_examined": Units(("dossier ventilé", "dossiers ventilés"),
                               ("dossier examiné", "dossiers examinés"), "Aucun dossier examiné"),
    "opinions_issued": Units(("avis ventilé", "avis ventilés"), ("avis émis", "avis émis"),
                             "Aucun avis émis"),
}


class CountsModel(QAbstractTableModel):
    """One dimension's categories and the count typed for each; a count of 0 shows blank,
    so that the categories filled stand out."""

    edited = Signal()

    def __init__(self, dimension: Dimension, parent=None):
        super().__init__(parent)
        self.dimension = dimension
        self._counts: dict[str, int] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.dimension.categories)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Catégorie"), self.tr("Nombre"))[section]
        return None

    def flags(self, index):
        if index.column() != COUNT_COLUMN:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable \
            | Qt.ItemFlag.ItemIsEditable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        code, label = self.dimension.categories[index.row()]
        count = self._counts.get(code, 0)
        if index.column() != COUNT_COLUMN:
            return label if role in (Qt.ItemDataRole.DisplayRole,
                                     Qt.ItemDataRole.ToolTipRole) else None
        if role == Qt.ItemDataRole.DisplayRole:
            return format_number(count) if count else ""
        if role == Qt.ItemDataRole.EditRole:
            return str(count) if count else ""
        if role == Qt.ItemDataRole.AccessibleTextRole:  # a blank cell is read « 0 »
            return str(count)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        text = str(value).strip()
        if role != Qt.ItemDataRole.EditRole or index.column() != COUNT_COLUMN \
                or not (text == "" or text.isdigit()):
            return False
        code = self.dimension.categories[index.row()][0]
        count = int(text or 0)
        if self._counts.get(code, 0) == count:
            return False
        if count:
            self._counts[code] = count
        else:
            self._counts.pop(code, None)
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def set_counts(self, counts: dict[str, int]) -> None:
        self.beginResetModel()
        self._counts = {code: count for code, count in counts.items() if count}
        self.endResetModel()

    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def counted(self) -> int:
        return sum(self._counts.values())

    def cell_of(self, category: str) -> QModelIndex:
        row = next(row for row, (code, _) in enumerate(self.dimension.categories)
                   if code == category)
        return self.index(row, COUNT_COLUMN)


class CountDelegate(TabLeavesDelegate):
    """Digits only; Entrée keeps the count and goes down to the next category (Maj+Entrée
    up), as in a spreadsheet; Tab leaves the table for the next field."""

    def new_editor(self, parent: QWidget, option, index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,5}"), editor))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor

    def createEditor(self, parent: QWidget, option, index) -> QWidget:
        """Named after its category: « Nombre » alone says nothing of what is counted."""
        editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(str(index.siblingAtColumn(0).data()))
        return editor

    def eventFilter(self, editor, event) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.parent().step(_enter_step(event))
            return True
        return super().eventFilter(editor, event)


def _enter_step(event: QKeyEvent) -> int:
    return -1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1


def _clears(event: QKeyEvent) -> bool:
    return event.key() == Qt.Key.Key_Delete and not event.modifiers()


class CountsView(QTableView):
    """A dimension's table: the cursor stays on the counts (a click on a category's name
    goes to its count), and a number typed replaces the count."""

    moved = Signal()
    """The cursor went to another count while the table has the focus (Entrée, arrows):
    the form follows the focus, which stays on the table."""

    def __init__(self, model: CountsModel, rows: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(CountDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        # What tells categories apart may be their last word: cut at their end, the four
        # « Concours de la force publique … » read alike at 150 %.
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COUNT_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Every category in view, and the tables of the three tabs as high as the longest:
        # a scroll bar inside the form's own would hide the last ones.
        self.setFixedHeight(rows * self.verticalHeader().defaultSectionSize()
                            + header.sizeHint().height() + 2 * self.frameWidth())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.selectionModel().currentChanged.connect(self._keep_on_counts)

    def _keep_on_counts(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.column() != COUNT_COLUMN:
            self.setCurrentIndex(current.siblingAtColumn(COUNT_COLUMN))
        elif self.hasFocus():
            self.moved.emit()

    def step(self, rows: int) -> None:
        """The count ``rows`` below (above, negative) the current one, within the table."""
        row = min(max(self.currentIndex().row() + rows, 0), self.model().rowCount() - 1)
        self.setCurrentIndex(self.model().index(row, COUNT_COLUMN))

    def event(self, event: QEvent) -> bool:
        """Suppr empties the count: left to the window, it offered to delete the meeting."""
        if event.type() == QEvent.Type.ShortcutOverride and _clears(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.step(_enter_step(event))
                return
            if _clears(event):
                self.model().setData(self.currentIndex(), "")
                return
        super().keyPressEvent(event)


class BreakdownEditor(QWidget):
    """The three dimensions under tabs, and the line of the one shown. The totals are read
    from the form's own spin boxes as they change: the line and the tables follow a total
    typed after its breakdown."""

    changed = Signal()

    def __init__(self, totals: dict[str, QSpinBox], parent: QWidget | None = None):
        super().__init__(parent)
        self.totals = totals
        rows = max(len(dimension.categories) for dimension in DIMENSIONS)
        self.tabs = QTabWidget()
        self.tabs.tabBar().setAccessibleName(self.tr("Ventilation"))
        # Three short titles always in full: in a narrow form Qt gave them scroll arrows,
        # a stop of the Tab key between the titles and the table.
        self.tabs.tabBar().setUsesScrollButtons(False)
        titles = {"ORIGIN": self.tr("Origine"), "STAGE": self.tr("Stade"),
                  "OPINION": self.tr("Type d'avis")}
        self.models: list[CountsModel] = []
        self.views: list[CountsView] = []
        for dimension in DIMENSIONS:
            model = CountsModel(dimension, self)
            view = CountsView(model, rows)
            view.setAccessibleName(f"{Meeting.LABELS[dimension.total]} {dimension.label}")
            model.edited.connect(self.changed)
            view.itemDelegate().typing.connect(self.changed)
            view.moved.connect(lambda view=view: bring_into_view(self, view))
            model.edited.connect(self._show_state)
            self.tabs.addTab(view, titles[dimension.code])
            self.models.append(model)
            self.views.append(view)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        style_as_hint(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.tabs)
        layout.addWidget(self.summary)
        self.setFocusProxy(self.tabs)
        self.tabs.currentChanged.connect(self._show_state)
        for box in totals.values():
            box.valueChanged.connect(self._show_state)
        QApplication.instance().focusChanged.connect(self._focus_moved)
        self._show_state()

    def set_breakdown(self, breakdown: Breakdown) -> None:
        """Show ``breakdown`` as saved (no change of the user's), against the totals the
        form shows now: fill them first."""
        for model in self.models:
            model.set_counts(breakdown.get(model.dimension.code, {}))
        self._show_state()

    def breakdown(self) -> Breakdown:
        return {model.dimension.code: model.counts() for model in self.models}

    def located(self, errors: list[FieldError]) -> list[FieldError]:
        """``errors`` with the core's messages about the breakdown (``breakdown.ORIGIN``,
        ``breakdown.ORIGIN.CP``) put under the whole area, and the table of the first one
        shown, its category current: the message names it, the table it is in shows."""
        located, shown = [], False
        for error in errors:
            place = self._place_of(error.field)
            if place is None:
                located.append(error)
                continue
            if not shown:
                index, category = place
                self.tabs.setCurrentIndex(index)
                if category is not None:
                    self.views[index].setCurrentIndex(self.models[index].cell_of(category))
                shown = True
            located.append(FieldError(FIELD, error.message))
        return located

    def _place_of(self, field: str) -> tuple[int, str | None] | None:
        for index, model in enumerate(self.models):
            code = model.dimension.code
            if field == field_name(code):
                return index, None
            for category, _ in model.dimension.categories:
                if field == field_name(code, category):
                    return index, category
        return None

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The form scrolled to show the whole area where it has room (at 150 % on a laptop
        it has), the line under the table with it, and in any case the count being typed:
        following the focus alone, Entrée went down to counts out of sight, and the line
        never showed."""
        if new is not None and self.isAncestorOf(new):
            bring_into_view(self, new)

    def _show_state(self) -> None:
        """Each table usable while there is something to break down (or counts to take
        back), its tab's title red while it counts more than its total; the line says where
        the table shown stands."""
        totals = [self.totals[model.dimension.total].value() for model in self.models]
        counted = [model.counted() for model in self.models]
        for index, (total, count) in enumerate(zip(totals, counted)):
            self.views[index].setEnabled(bool(total or count))
            self.tabs.tabBar().setTabTextColor(index, QColor(ERROR_COLOUR) if count > total
                                               else QColor())
        nothing = not any(totals) and not any(counted)
        self.tabs.setEnabled(not nothing)
        index = self.tabs.currentIndex()
        over = counted[index] > totals[index]
        if nothing:
            text = self.tr("Aucun dossier examiné ni avis émis : rien à ventiler.")
        else:
            text = _state_line(self.models[index].dimension, counted[index], totals[index])
        self.summary.setText(typeset(text))
        self.summary.setStyleSheet(f"color: {ERROR_COLOUR};" if over else "")


def _state_line(dimension: Dimension, counted: int, total: int) -> str:
    """« 18 dossiers ventilés sur 20 : 2 non ventilés », « 22 ventilés pour 20 dossiers
    examinés : 2 de trop »."""
    units = UNITS[dimension.total]
    if counted > total:
        return _tr("{0} pour {1} : {2}").format(
            plural(counted, _tr("ventilé"), _tr("ventilés")), plural(total, *units.total),
            _unbroken(_tr("{0} de trop").format(format_number(counted - total))))
    if not total:
        return _tr("{0} : rien à ventiler.").format(units.none)
    shared = plural(counted, *units.shared)
    if counted == total:
        return _tr("{0} sur {1} : tout est ventilé").format(shared, format_number(total))
    return _tr("{0} sur {1} : {2}").format(shared, format_number(total), _unbroken(plural(
        total - counted, _tr("non ventilé"), _tr("non ventilés"))))


def _unbroken(figure: str) -> str:
    """« 2 non ventilés » kept on one line: a line ending in « 2 non » read as a refusal."""
    return figure.replace(" ", NBSP)
