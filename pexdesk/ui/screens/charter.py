"""« Charte »: the charte départementale de prévention de l'expulsion beside the roadmap.

The chargé(e) de mission prepares its yearly evaluation before the comité responsable du
PDALHPD and the CCAPEX (décret n° 2016-393): the charte's dates, its objectives year by
year, and beside each one what the indicators of that year say of it, as it is typed.
The whole charte (its dates and its objectives) is saved at once, and one Ctrl+Z takes
the save back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (QApplication, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QScrollArea, QTableView,
                               QMessageBox, QPushButton, QVBoxLayout, QWidget)

from pexdesk.core.domain.models import DIRECTION_LABELS, Charter, CharterObjective
from pexdesk.core.errors import FieldError, PexdeskError, ValidationError
from pexdesk.core.figures import NOT_AVAILABLE, parse_figure
from pexdesk.core.formatting import format_figure, format_month, plural
from pexdesk.core.reference.indicators import YearFigure
from pexdesk.core.repositories import charters, indicators, mapper
from pexdesk.core.services.charter import MONTHS, Evaluation, YearSeries
from pexdesk.core.services.snapshots import absent, capture
from pexdesk.core.text import Invalid, fold
from pexdesk.ui.columns import SharedColumns
from pexdesk.ui.commands import RecordCommand
from pexdesk.ui.confirm import confirm
from pexdesk.ui.forms import DateField, Form, TextArea, read_dates
from pexdesk.ui.models.editable import EditableColumn, EditableRecordsModel
from pexdesk.ui.screens.tab_view import TabView
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import (FlowLayout, RecordsTable, TabLeavesDelegate, VerticalScrollArea,
                                bring_into_view, commit_typing, let_combo_shrink)

if TYPE_CHECKING:
    from pexdesk.ui.screens.roadmap import RoadmapScreen

TABLES = ("charter", "charter_objective")
READ_TABLES = (*TABLES, "partner", "indicator", "indicator_value", "profile")
"""What the tab shows: the charte, its signatories, the indicators it is evaluated on."""
TEXT_CHARACTERS = 10
"""The least width of an objective's text and of its indicator's, in average letters: the
line under the table reads them whole."""
LEAST_ROWS = 4
"""The objectives table shows at least this many rows, however little the form has in view."""
CHOICE_CHARACTERS = 24
"""« Charte départementale 2024-2029 » nearly whole."""
DATE_ROWS = {"approved_on": "approval", "signed_on": "approval",
             "valid_from": "validity", "valid_to": "validity"}
"""The form's row of each date: two to a row."""


FIGURES_WITH_UNIT = ("baseline", "target")
"""The objective's columns shown with its indicator's unit, as the realised figure is."""


def _figure(text: str) -> float | None:
    """A reference or a target as the Indicateurs grid reads a figure (« 1 234 », « 45,5 »,
    « 45 % »); empty: none."""
    value = parse_figure(text, "%", "")
    if isinstance(value, Invalid):
        raise ValueError(value.message)
    if value == NOT_AVAILABLE:
        raise ValueError("tapez un nombre, ou laissez la case vide.")
    return value


def _year(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"« {text} » n'est pas une année (par exemple 2025).")
    return int(text)


class DatePair(QWidget):
    """Two dates on one row of the form (« Approuvée le … Signée le … », « En vigueur du …
    au … »), the second behind a caption whose Alt+letter reaches it: a row each, the four
    dates left the objectives three rows in view at 150 %."""

    changed = Signal()

    def __init__(self, first: DateField, first_name: str, caption: str, second: DateField,
                 second_name: str):
        super().__init__()
        self.caption = QLabel(caption)
        self.caption.setBuddy(second)
        for field, name in ((first, first_name), (second, second_name)):
            field.setAccessibleName(name)  # each date its own, for a screen reader
            field.setMaximumWidth(field.minimumSizeHint().width() * 2)  # a date, not a line
            field.textEdited.connect(self.changed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (first, self.caption, second):
            row.addWidget(widget)
        row.addStretch()
        self.setFocusProxy(first)  # where the row's label's Alt+letter goes

    @staticmethod
    def align_seconds(*pairs: DatePair) -> None:
        """The second dates of rows one under the other start at one place, each caption
        beside its date."""
        width = max(pair.caption.sizeHint().width() for pair in pairs)
        for pair in pairs:
            pair.caption.setMinimumWidth(width)
            pair.caption.setAlignment(Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)


class ChoiceColumn(TabLeavesDelegate):
    """A column whose cells take one of a few names (an indicator of the catalogue, a
    direction): typed (capitals and accents aside) or chosen in the list (F4)."""

    def __init__(self, attribute: str, header: str, what: str, blank: bool = False):
        super().__init__()
        self.what = what
        self.blank = blank
        self.names: dict[object, str] = {}
        self.codes: dict[object, str] = {}
        """Another name each value is known by (an indicator's code)."""
        self.column = EditableColumn(attribute, header, to_text=self.name_of,
                                     from_text=self.read)

    def name_of(self, value) -> str:
        return self.names.get(value, "")

    def read(self, text: str):
        folded = fold(text.strip())
        if not folded:
            if self.blank:
                return None
            raise ValueError(f"choisissez {self.what}.")
        found = [value for value, name in self.names.items()
                 if folded in (fold(name), fold(self.codes.get(value, "")))]
        if not found:
            found = [value for value, name in self.names.items() if fold(name).startswith(folded)]
        if len(found) != 1:
            raise ValueError(f"« {text.strip()} » ne désigne pas {self.what} de la liste (F4).")
        return found[0]

    def new_editor(self, parent: QWidget, option, index) -> QWidget:
        editor = QComboBox(parent)
        editor.setEditable(True)
        editor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        editor.addItems(([""] if self.blank else []) + list(self.names.values()))
        return editor

    def setEditorData(self, editor: QComboBox, index) -> None:
        text = index.data(Qt.ItemDataRole.EditRole)
        place = editor.findText(text)
        if place >= 0:
            editor.setCurrentIndex(place)
        else:
            editor.setEditText(text)
        editor.lineEdit().selectAll()

    def setModelData(self, editor: QComboBox, model, index) -> None:
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class ObjectivesModel(EditableRecordsModel):
    """The charte's objectives as typed, and after them, read only, each one's evaluation
    on the indicator values of its year (:class:`~pexdesk.core.services.charter.Evaluation`),
    following what is typed."""

    def __init__(self, columns: list[EditableColumn],
                 evaluate: Callable[[CharterObjective], Evaluation], parent=None):
        super().__init__(columns, self._blank, parent)
        self.evaluate = evaluate
        self.default_year = date.today().year
        self.results: list[tuple[str, Callable[[Evaluation], str],
                                 Callable[[Evaluation], str]]] = [
            (self.tr("Réalisé"), lambda e: e.text_of(e.achieved) if e.series else "",
             lambda e: e.figure_text),
            (self.tr("Mois saisis"), self._months, lambda e: e.months_detail),
            (self.tr("Écart"), lambda e: e.gap_text if e.series else "",
             lambda e: self.tr("Réalisé moins cible")),
            (self.tr("Évaluation"), lambda e: e.verdict_text, lambda e: e.verdict_text),
        ]
        self.edited.connect(self.results_changed)
        self.modelReset.connect(self.results_changed)

    def _months(self, evaluation: Evaluation) -> str:
        """« 9 sur 12 » under « Mois saisis » (the whole sentence in the tooltip and the
        bilan): the column leaves the evaluation in view."""
        if evaluation.qualitative:
            return ""
        return self.tr("{0} sur {1}").format(evaluation.months_entered, MONTHS)

    def _blank(self) -> CharterObjective:
        return CharterObjective(label_text="", year=self.default_year)

    def _result(self, column: int):
        return self.results[column - len(self.columns)]

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns) + len(self.results)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and section >= len(self.columns)):
            return self._result(section)[0]
        return super().headerData(section, orientation, role)

    def flags(self, index):
        """The results are read only, and so is the direction of an objective without an
        indicator: it has none (Tab passes it by, F4 offers none)."""
        if index.column() >= len(self.columns) or (
                self.columns[index.column()].attribute == "direction"
                and self.records()[index.row()].direction is None):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return super().flags(index)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.column() < len(self.columns):
            if (role == Qt.ItemDataRole.DisplayRole
                    and self.columns[index.column()].attribute in FIGURES_WITH_UNIT):
                return self._figure_shown(index)
            return super().data(index, role)
        _, text, tooltip = self._result(index.column())
        evaluation = self.evaluate(self.records()[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            return text(evaluation)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(evaluation) or None
        return None

    def _figure_shown(self, index) -> str:
        """A reference or target as its row's realised figure reads, with the indicator's
        unit and decimals (« 36,0 % » beside « 39,3 % »); typed, it is the bare figure."""
        objective = self.records()[index.row()]
        value = getattr(objective, self.columns[index.column()].attribute)
        evaluation = self.evaluate(objective)
        if value is None or evaluation.series is None:
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return evaluation.text_of(value)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() >= len(self.columns):
            return False
        changed = super().setData(index, value, role)
        if changed and self.columns[index.column()].attribute == "indicator_id":
            direction = index.siblingAtColumn(self.column_of("direction"))
            self.dataChanged.emit(direction, direction)  # gone with the indicator, or back
        return changed

    def results_changed(self) -> None:
        """Every row's evaluation is shown again (what it is evaluated on was read again, or
        a row was typed in)."""
        if self.rowCount():
            self.dataChanged.emit(self.index(0, len(self.columns)),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))


class ObjectiveColumns(QObject):
    """The figures each as wide as what it shows; the objective and its indicator (the
    first ``texts`` columns) and the evaluation (the ``verdict`` column) share the rest, the
    evaluation as wide as its longest verdict up to an equal share. Narrower than
    :data:`TEXT_CHARACTERS` each, the table scrolls sideways; cut, an objective reads whole
    in the line under the table. As wide as « non évaluable (objectif qualitatif) », the
    evaluation lay a sideways scroll away at 150 %; Qt's stretching left the objective no
    room at all."""

    def __init__(self, view: QTableView, texts: int, verdict: int):
        super().__init__(view)
        self.view = view
        self.texts = texts
        self.verdict = verdict
        header = view.horizontalHeader()
        for column in range(view.model().columnCount()):
            header.setSectionResizeMode(
                column, QHeaderView.ResizeMode.Fixed if column < texts or column == verdict
                else QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(self._figures_resized)
        view.model().dataChanged.connect(self.spread)  # a verdict typed longer or shorter
        view.model().modelReset.connect(self.spread)
        self._viewport = view.viewport()  # kept: see ColumnFitter
        self._viewport.installEventFilter(self)

    def _figures_resized(self, column: int, *_) -> None:
        if column >= self.texts and column != self.verdict:
            self.spread()

    def spread(self) -> None:
        header = self.view.horizontalHeader()
        figures = sum(header.sectionSize(c) for c in range(self.texts, header.count())
                      if c != self.verdict)
        room = self._viewport.width() - figures
        verdict = max(header.sectionSizeHint(self.verdict),
                      min(self.view.sizeHintForColumn(self.verdict), room // (self.texts + 1)))
        least = self.view.fontMetrics().averageCharWidth() * TEXT_CHARACTERS
        width = max(least, (room - verdict) // self.texts)
        for column in range(self.texts):
            header.resizeSection(column, width)
        header.resizeSection(self.verdict, max(verdict, room - width * self.texts))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._viewport:
            self.spread()
        return False


class ObjectiveRows(QObject):
    """The objectives table as tall as its objectives and a row to spare, in whole rows, as
    far as the part of the form in view leaves room above the line under it, and never
    fewer than :data:`LEAST_ROWS`: the rest of the form scrolls. Of a fixed height, at
    150 % the table pushed that line half under the bottom edge as the tab opened. Fitted
    again when the room or the objectives' count changes, not as that line grows by an
    objective read on two lines: the rows would jump under the click."""

    def __init__(self, view: QTableView, below: QLabel, scroll: QScrollArea):
        super().__init__(view)
        self.view = view
        self.below = below
        self.scroll = scroll
        self._fitted_top: int | None = None
        self._viewport = scroll.viewport()  # kept: see ColumnFitter
        self._viewport.installEventFilter(self)
        view.parentWidget().installEventFilter(self)  # moved down by a message above it
        model = view.model()
        for changed in (model.rowsInserted, model.rowsRemoved, model.modelReset,
                        view.horizontalScrollBar().rangeChanged):
            changed.connect(self.fit)

    def _top(self) -> int:
        return self.view.mapTo(self.scroll.widget(), QPoint(0, 0)).y()

    def fit(self) -> None:
        view = self.view
        top = self._fitted_top = self._top()
        gap = view.parentWidget().layout().spacing()  # not read off a layout yet to run
        needed = self.below.heightForWidth(self.below.width())  # its lines, not its room
        room = self._viewport.height() - top - gap - needed
        frame = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
        sideways = view.horizontalScrollBar()
        if sideways.maximum() > sideways.minimum():  # shown under the rows
            frame += sideways.sizeHint().height()
        row = view.verticalHeader().defaultSectionSize()
        rows = max(LEAST_ROWS, min(view.model().rowCount() + 1, (room - frame) // row))
        view.setFixedHeight(frame + rows * row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Resize and watched is self._viewport
                or event.type() == QEvent.Type.Move and watched is self.view.parentWidget()
                and self._top() != self._fitted_top):
            self.fit()
        return False


class CharterView(TabView):
    """The charte shown (the latest first), its form and its objectives; read again when
    shown after a change elsewhere (an undo, a partner signing, a value entered)."""

    def __init__(self, screen: RoadmapScreen):
        super().__init__()
        self.screen = screen
        self.session = screen.session
        self.writable = not self.session.read_only
        self.record_id: int | None = None
        self.dirty = False
        self._series: YearSeries | None = None

        self.choice = QComboBox()
        let_combo_shrink(self.choice, CHOICE_CHARACTERS)
        self.choice.currentIndexChanged.connect(self._charter_chosen)
        choice_label = QLabel(self.tr("&Charte :"))
        choice_label.setBuddy(self.choice)
        self.new_button = QPushButton(self.tr("&Nouvelle charte"))
        self.new_button.clicked.connect(self.new_charter)
        self.delete_button = QPushButton(self.tr("Supprimer la charte…"))
        self.delete_button.clicked.connect(self.delete_charter)

        form = self.form = Form()
        self.label = form.add("label_text", self.tr("In&titulé :"), QLineEdit())
        self.label.setPlaceholderText(self.tr("ex. Charte 2024-2029"))
        self.approved_on = DateField()
        self.approved_on.setToolTip(self.tr("Par le comité responsable du PDALHPD"))
        self.signed_on = DateField()
        self.valid_from = DateField()
        self.valid_to = DateField()
        self.valid_to.setToolTip(self.tr("Six ans au plus (décret n° 2016-393)"))
        approval = DatePair(self.approved_on, self.tr("Approuvée le"), self.tr("Si&gnée le :"),
                            self.signed_on, self.tr("Signée le"))
        validity = DatePair(self.valid_from, self.tr("En vigueur du"), self.tr("a&u"),
                            self.valid_to, self.tr("En vigueur jusqu'au"))
        DatePair.align_seconds(approval, validity)
        form.add("approval", self.tr("A&pprouvée le :"), approval)
        form.add("validity", self.tr("En &vigueur du :"), validity)
        self.signatories = QLabel()
        self.signatories_button = QPushButton(self.tr("&Liste des signataires"))
        self.signatories_button.setToolTip(self.tr(
            "Les partenaires signataires, sur l'écran Partenaires (case « Signataire de la "
            "charte » de chaque partenaire)"))
        self.signatories_button.clicked.connect(
            lambda: screen.navigate.emit("partners", {"charter": True}))
        signatories = QWidget()
        row = QHBoxLayout(signatories)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.signatories)
        row.addWidget(self.signatories_button)
        row.addStretch()
        signatories.setFocusProxy(self.signatories_button)
        form.add("signatories", self.tr("Signataires :"), signatories)

        self.indicator_column = ChoiceColumn("indicator_id", self.tr("Indicateur"),
                                             self.tr("un indicateur"), blank=True)
        self.direction_column = ChoiceColumn("direction", self.tr("Sens"), self.tr("un sens"))
        self.direction_column.names = {direction: label for direction, label in
                                       DIRECTION_LABELS.items()}
        self.model = ObjectivesModel([
            EditableColumn("label_text", self.tr("Objectif")),
            self.indicator_column.column,
            EditableColumn("year", self.tr("Année"), from_text=_year),
            self.direction_column.column,
            EditableColumn("baseline", self.tr("Référence"), to_text=_figure_text,
                           from_text=_figure),
            EditableColumn("target", self.tr("Cible"), to_text=_figure_text,
                           from_text=_figure),
        ], self._evaluate)
        self.objectives = form.add("objectives", self.tr("Ob&jectifs :"), RecordsTable(
            self.model, self.tr("Ajouter un objectif"), self.tr("Retirer l'objectif")),
            hint=self.tr("Un objectif lié à un indicateur est évalué sur les valeurs saisies "
                         "de son année : cumul des mois pour un nombre, dernier mois connu "
                         "pour un stock, moyenne pour un taux ou un délai. Sans indicateur, il "
                         "est qualitatif : ni sens ni évaluation chiffrée. Indicateur et sens : "
                         "tapez le début du nom, ou F4."),
            wide=True)
        self.notes = form.add("notes", self.tr("N&otes :"), TextArea())
        view = self.objectives.view
        for chooser in (self.indicator_column, self.direction_column):
            chooser.setParent(view)
            chooser.typing.connect(self.mark_dirty)
            view.setItemDelegateForColumn(self.model.column_of(chooser.column.attribute),
                                          chooser)
        view.viewport().removeEventFilter(view.findChild(SharedColumns))
        ObjectiveColumns(view, texts=2, verdict=self.model.columnCount() - 1)
        self.reading = QLabel()
        self.reading.setWordWrap(True)
        # Its lines right under the table, whatever height the form's layout gives it.
        self.reading.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.reading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.objectives.layout().insertWidget(1, self.reading)  # right under the table
        view.selectionModel().currentRowChanged.connect(self._objective_chosen)
        self.objectives.installEventFilter(self)
        for changed in (self.model.dataChanged, self.model.modelReset, self.model.rowsRemoved):
            changed.connect(self._read_current)
        self.objectives.changed.connect(self.mark_dirty)
        form.changed.connect(self.mark_dirty)

        self.save_button = QPushButton(self.tr("&Enregistrer"))
        self.save_button.setToolTip(self.tr("Ctrl+S"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Annuler les modifications"))
        self.cancel_button.clicked.connect(self.revert)
        self._layout(choice_label)
        for widget in (self.form, self.new_button, self.objectives.add_button,
                       self.objectives.remove_button):
            widget.setEnabled(self.writable)
        if not self.writable:
            view.setEditTriggers(view.EditTrigger.NoEditTriggers)
        self._set_dirty(False)

    def _layout(self, choice_label: QLabel) -> None:
        top = FlowLayout()
        for widget in (choice_label, self.choice, self.new_button, self.delete_button):
            top.addWidget(widget)
        actions = FlowLayout()
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        scroll = VerticalScrollArea(self.form)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(scroll, 1)
        layout.addLayout(actions)
        ObjectiveRows(self.objectives.view, self.reading, scroll)

    # ---- Reading

    def mark_stale(self, table: str) -> None:
        """A table the tab shows was written: read again now if in view, else when shown.
        Changes being typed stay: only what they are evaluated on and the signatories are
        read again then."""
        if table in READ_TABLES:
            self.read_again()

    def refresh(self) -> None:
        super().refresh()
        con = self.session.con
        self._series = YearSeries(con)
        catalogue = indicators.catalogue(con, active_only=False)
        self.indicator_column.names = {i.id: i.label_text for i in catalogue}
        self.indicator_column.codes = {i.id: i.code for i in catalogue}
        count = charters.signatory_count(con)
        self.signatories.setText(plural(count, self.tr("partenaire signataire"),
                                        self.tr("partenaires signataires")))
        self.signatories_button.setEnabled(bool(count))
        if self.dirty:
            self.model.texts_changed("indicator_id")
            self.model.results_changed()
            return
        stored = charters.charters(con)
        if self.record_id is not None and all(c.id != self.record_id for c in stored):
            self.record_id = None  # deleted, or its creation undone
        if self.record_id is None and stored:
            self.record_id = stored[0].id
        self._fill_choice(stored)
        self._show(next((c for c in stored if c.id == self.record_id), None))

    def _fill_choice(self, stored: list[Charter]) -> None:
        self.choice.blockSignals(True)
        self.choice.clear()
        for charter in stored:
            self.choice.addItem(charter.label_text, charter.id)
        if self.record_id is None:
            self.choice.addItem(self.tr("Nouvelle charte"), None)
        self.choice.setCurrentIndex(max(0, self.choice.findData(self.record_id)))
        self.choice.blockSignals(False)
        self.choice.setEnabled(bool(stored))

    def _show(self, charter: Charter | None) -> None:
        """The charte's fields and objectives as stored; a blank form without one."""
        blockers = self.form.blocked()
        charter = charter or Charter(label_text="")
        self.label.setText(charter.label_text)
        self.approved_on.set_value(charter.approved_on)
        self.signed_on.set_value(charter.signed_on)
        self.valid_from.set_value(charter.valid_from)
        self.valid_to.set_value(charter.valid_to)
        self.notes.setPlainText(charter.notes)
        del blockers
        years = charter.years
        this_year = date.today().year
        self.model.default_year = this_year if not years or this_year in years else years[0]
        self.model.set_records(charters.objectives_of(self.session.con, charter.id)
                               if charter.id else [])
        self.form.clear_errors()
        self._set_dirty(False)
        self.delete_button.setEnabled(self.writable and charter.id is not None)

    def _objective_chosen(self) -> None:
        self._read_current()
        QTimer.singleShot(0, self._show_objectives)

    def _show_objectives(self) -> None:
        """While the table is in use, it, the line reading the objective chosen and the
        buttons under it are in view where the form has room: at 150 % the line lay below
        the part in view."""
        if self.objectives.isAncestorOf(QApplication.focusWidget()):
            bring_into_view(self.objectives, self.objectives.view)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The line under the table grew (an objective read on two lines after one on
        one): shown again once the form is laid out again, its new height known."""
        if watched is self.objectives and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._show_objectives)
        return False

    def _read_current(self) -> None:
        row = self.objectives.view.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            text = self._reading(self._evaluate(self.model.records()[row]))
        elif self.model.rowCount():
            text = self.tr("Choisissez un objectif dans le tableau pour le lire ici en entier.")
        else:
            text = ""
        self.reading.setText(typeset(text))

    def _reading(self, evaluation: Evaluation) -> str:
        """« Résorber le stock de CFP… — Stock de CFP accordés non exécutés, 2025 : 125
        (dernier mois connu, novembre 2025) pour une cible de 130 ; atteint sur les 11 mois
        saisis »: the row whole, where its columns cut it at 150 %."""
        objective, series = evaluation.objective, evaluation.series
        label = objective.label_text or self.tr("Objectif sans intitulé")
        where = ", ".join(part for part in (series.label if series else "",
                                            str(objective.year or "")) if part)
        facts = ""
        if series is not None:
            facts = evaluation.months_text
            if evaluation.achieved is not None:
                how = evaluation.figure_text
                last = evaluation.last_month
                if series.figure_kind == YearFigure.LAST and last and last.month != MONTHS:
                    how = f"{how}, {format_month(last)}"
                facts = f"{evaluation.text_of(evaluation.achieved)} ({how})"
            if objective.target is not None:
                facts += self.tr(" pour une cible de {0}").format(
                    evaluation.text_of(objective.target))
        said = " ; ".join(part for part in (facts, evaluation.verdict_text) if part)
        return f"{label} — {where} : {said}" if where else f"{label} : {said}"

    def _evaluate(self, objective: CharterObjective) -> Evaluation:
        if self._series is None:
            self._series = YearSeries(self.session.con)
        return self._series.evaluate(objective)

    # ---- Changes

    def mark_dirty(self) -> None:
        if not self.dirty:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.save_button.setEnabled(dirty and self.writable)
        self.cancel_button.setEnabled(dirty)

    def unsaved(self) -> bool:
        commit_typing(self.objectives.view)
        return self.dirty

    def can_leave(self) -> bool:
        """Unsaved changes are saved, dropped or kept (the user stays), as the user says."""
        if not self.unsaved():
            return True
        answer = QMessageBox.question(
            self, self.tr("Modifications non enregistrées"),
            self.tr("La charte « {0} » contient des modifications non enregistrées. "
                    "Voulez-vous les enregistrer ?").format(
                self.label.text().strip() or self.tr("nouvelle charte")),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.revert()
            return True
        return False

    def _charter_chosen(self) -> None:
        chosen = self.choice.currentData()
        if chosen == self.record_id:
            return
        if not self.can_leave():
            self.choice.blockSignals(True)
            self.choice.setCurrentIndex(self.choice.findData(self.record_id))
            self.choice.blockSignals(False)
            return
        self.record_id = chosen
        self.refresh()

    def new_charter(self) -> None:
        if not self.can_leave():
            return
        self.record_id = None
        self._fill_choice(charters.charters(self.session.con))
        self._show(None)
        self.label.setFocus()

    def revert(self) -> None:
        self._set_dirty(False)
        self.refresh()

    def save(self) -> bool:
        """Write the charte and its objectives; on invalid input show the messages beside
        their fields and save nothing."""
        if not self.unsaved():
            return True
        charter, problems = self._charter_typed()
        objectives, rows = self.model.filled_records(
            lambda o: o.label_text or o.indicator_id is not None or o.baseline is not None
            or o.target is not None)
        if problems:
            self.form.show_errors(problems)
            return False
        before = capture(self.session.con, "charter", self.record_id) if self.record_id \
            else None
        try:
            saved = self.session.write(TABLES, lambda con: self._write(con, charter, objectives))
        except ValidationError as error:
            self.form.show_errors([self._on_screen(problem, rows) for problem in error.errors])
            return False
        except PexdeskError as error:
            self.form.show_errors([])
            QMessageBox.warning(self, self.tr("Enregistrement impossible"), typeset(error))
            return False
        after = capture(self.session.con, "charter", saved.id)
        self.screen.undo_stack.push(RecordCommand(
            self.session, self.tr("la modification de la charte") if before
            else self.tr("la création de la charte"),
            before or absent("charter", saved.id), after))
        self.record_id = saved.id
        self._set_dirty(False)
        self.refresh()
        return True

    def _charter_typed(self) -> tuple[Charter, list[FieldError]]:
        dates, problems = read_dates({"approved_on": self.approved_on,
                                      "signed_on": self.signed_on}, "approval")
        validity, more = read_dates({"valid_from": self.valid_from,
                                     "valid_to": self.valid_to}, "validity")
        return Charter(id=self.record_id, label_text=self.label.text().strip(),
                       notes=self.notes.value(), **dates, **validity), problems + more

    def _write(self, con: sqlite3.Connection, charter: Charter,
               objectives: list[CharterObjective]) -> Charter:
        if charter.id is not None:  # gone since it was shown (an undo): said so, not saved
            stored = mapper.get(con, Charter, charter.id)
            charter.uuid, charter.created_at = stored.uuid, stored.created_at
        return charters.save_charter(con, charter, objectives)

    def _on_screen(self, problem: FieldError, rows: list[int]) -> FieldError:
        """An objective's problem under the table, naming the objective by its row there; a
        date's under the row it shares with another."""
        if problem.field in DATE_ROWS:
            return FieldError(DATE_ROWS[problem.field], problem.message)
        if not problem.field.startswith("objectives["):
            return problem
        index = int(problem.field[len("objectives["):problem.field.index("]")])
        return FieldError("objectives", self.tr("Objectif n° {0} : {1}").format(
            rows[index], problem.message))

    def delete_charter(self) -> None:
        if self.record_id is None:
            return
        label = self.label.text().strip()
        count = self.model.rowCount()
        if not confirm(self, QMessageBox.Icon.Warning, self.tr("Confirmer la suppression"),
                       self.tr("Supprimer « {0} » ?").format(label),
                       self.tr("Ses objectifs ({0}) sont supprimés avec elle ; les "
                               "partenaires gardent leur signature.").format(count)
                       + "\n\n" + self.tr("Vous pourrez annuler avec Ctrl+Z."),
                       self.tr("Supprimer"), self.tr("Conserver")):
            return
        record_id = self.record_id
        before = capture(self.session.con, "charter", record_id)
        try:
            self.session.write(TABLES, lambda con: charters.delete_charter(con, record_id))
        except PexdeskError as error:
            QMessageBox.warning(self, self.tr("Suppression impossible"), typeset(error))
            return
        self.screen.undo_stack.push(RecordCommand(
            self.session, self.tr("la suppression de la charte"), before,
            absent("charter", record_id)))
        self._set_dirty(False)
        self.record_id = None
        self.refresh()

    def commands_moved(self) -> None:
        """The Édition menu's Enregistrer follows the button of the tab shown: told so by
        the event its watch on the buttons receives when one is enabled or disabled."""
        QApplication.sendEvent(self.save_button, QEvent(QEvent.Type.EnabledChange))


def _figure_text(value: float | None) -> str:
    return "" if value is None else format_figure(value)

