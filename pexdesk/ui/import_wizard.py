"""« Importer un fichier… »: survey responses from a survey tool's export, in three pages.

1. the file and where it goes (a new campaign with a name, or an existing campaign);
2. the preview: the sheet read when the file is a workbook of several (« Feuille », to
   pick another), the tool and encoding found, each column's role (editable), every
   problem by row and column, the counts, « Ignorer les lignes invalides », and for an
   export downloaded again the earlier responses it no longer holds, with the choice to
   delete them in the same import;
3. the result, in French.

The core's plan/preview API does the work (``pexdesk.core.services.importing``): the
file is read and planned off the UI thread through a read-only connection, replanned
when the user changes a column's role, read and planned again when the user picks another
sheet (:class:`SheetPicker`, shared with the partner import), and committed — all or
nothing — by a worker with its own connection when the user clicks « Importer ». Nothing
is written before that click; cancelling anywhere writes nothing.

Score labels pexdesk does not know (« Très bien », « Passable »…) are never guessed: the
preview lists them in « Libellés à traduire en notes », where the user picks each one's
score (1 to 5, non concerné, sans réponse) for every score column; each pick re-plans.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt,
                            Signal)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QApplication,
                               QButtonGroup, QCheckBox, QComboBox, QGridLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar,
                               QPushButton, QRadioButton, QSplitter, QTableView, QVBoxLayout,
                               QWidget, QWizard, QWizardPage)

from pexdesk.core.db.connection import connect
from pexdesk.core.domain.kinds import NOT_CONCERNED
from pexdesk.core.formatting import format_number, plural
from pexdesk.core.repositories import feedback
from pexdesk.core.services.importing import (PlannedColumn, Problem, ResponseImportOptions,
                                             ResponseImportResult, ResponsePlan, Role,
                                             commit_responses, count_response_rows,
                                             plan_responses, read_file)
from pexdesk.core.services.importing import NO_ANSWER, PlannedLabel
from pexdesk.core.services.importing.survey_formats import ColumnKind
from pexdesk.core.text import truncate
from pexdesk.ui.import_folder import choose_import_file
from pexdesk.ui.models.table import Column, RowTableModel
from pexdesk.ui.sheet_picker import SheetPicker
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import LinesView, TabLeavesDelegate, WarningLabel, fit_to_screen
from pexdesk.ui.workers import LatestOnly, error_text, run_in_background

CHANGED_TABLES = ("campaign", "campaign_item", "response", "answer")
"""What an import writes: the screens showing these refresh."""

EDITABLE_ROLES = (Role.CATEGORY, Role.DEPARTMENT, Role.OVERALL, Role.COMMENT, Role.ITEM,
                  Role.DATE, Role.IGNORED)

SAMPLE_LENGTH = 30
"""Characters of a column's example values shown in « Détail » (cut ones end with « … »)."""


def role_labels(tr: Callable[[str], str]) -> dict[Role, str]:
    return {Role.CATEGORY: tr("Catégorie de partenaire"), Role.DEPARTMENT: tr("Département"),
            Role.OVERALL: tr("Appréciation globale"), Role.COMMENT: tr("Commentaire"),
            Role.ITEM: tr("Question notée (1 à 5)"), Role.DATE: tr("Date de réponse"),
            Role.IGNORED: tr("Ignorée")}



# ---- Models


def is_personal(column: PlannedColumn) -> bool:
    return column.source.kind == ColumnKind.PERSONAL


class ColumnRoleModel(QAbstractTableModel):
    """The file's columns: name, role (editable), the campaign question it feeds, why."""

    NAME, ROLE, QUESTION, NOTE = range(4)
    role_edited = Signal(int, object)
    """(column index in the file, Role)."""
    item_edited = Signal(int, int)
    """(column index in the file, campaign item id)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plan: ResponsePlan | None = None
        self.campaign_items: list[tuple[int, str]] = []
        """(item id, label) of the existing campaign, for tying an unmatched column."""
        self.labels = role_labels(self.tr)

    def set_plan(self, plan: ResponsePlan | None, campaign_items: list[tuple[int, str]]) -> None:
        self.beginResetModel()
        self.plan = plan
        self.campaign_items = campaign_items
        self.endResetModel()

    @property
    def columns(self) -> list[PlannedColumn]:
        return self.plan.columns if self.plan else []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Colonne du fichier"), self.tr("Rôle"), self.tr("Question"),
                    self.tr("Détail"))[section]
        return None

    def role_text(self, column: PlannedColumn) -> str:
        if is_personal(column):
            return self.tr("ignorée (données personnelles)")
        return self.labels.get(column.role, column.role)

    def question_text(self, column: PlannedColumn) -> str:
        if column.role != Role.ITEM:
            return ""
        if column.item is None:
            return self.tr("aucune question correspondante : non importée")
        return self.plan.items[column.item].label

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        column = self.columns[index.row()]
        if index.column() == self.ROLE and not is_personal(column):
            flags |= Qt.ItemFlag.ItemIsEditable
        if (index.column() == self.QUESTION and column.role == Role.ITEM
                and self.plan.campaign is not None and self.campaign_items):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == self.NAME:
                return column.name
            if index.column() == self.ROLE:
                return self.role_text(column)
            if index.column() == self.QUESTION:
                return self.question_text(column)
            note = column.note
            if column.samples and not is_personal(column):
                note = (note + " · " if note else "") + self.tr("ex. : {0}").format(
                    ", ".join(f"« {truncate(s, SAMPLE_LENGTH)} »" for s in column.samples))
            return typeset(note)
        if role == Qt.ItemDataRole.EditRole:
            if index.column() == self.ROLE:
                return column.role
            if index.column() == self.QUESTION and column.item is not None:
                return self.plan.items[column.item].item_id
            return None
        if role == Qt.ItemDataRole.ForegroundRole and (
                is_personal(column) or column.role == Role.IGNORED):
            return Qt.GlobalColor.darkGray
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or value is None:
            return False
        column = self.columns[index.row()]
        if index.column() == self.ROLE and not is_personal(column):
            if Role(value) != column.role:
                self.role_edited.emit(column.index, Role(value))
            return True
        if index.column() == self.QUESTION and column.role == Role.ITEM:
            self.item_edited.emit(column.index, int(value))
            return True
        return False


class BrowsingCombo(QComboBox):
    """A combo box whose arrow keys and wheel only browse: ``picked`` tells of a choice made
    in its list. Qt activates every item the arrows pass over, and in the roles table each
    activation re-planned the file and closed the editor after one Down."""

    picked = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._browsing = False
        self.activated.connect(self._activated)

    def _activated(self, *_) -> None:
        if not self._browsing:
            self.picked.emit()

    def _browse(self, handle, event) -> None:
        self._browsing = True
        try:
            handle(event)
        finally:
            self._browsing = False

    def keyPressEvent(self, event) -> None:
        self._browse(super().keyPressEvent, event)

    def wheelEvent(self, event) -> None:
        self._browse(super().wheelEvent, event)


class ComboDelegate(TabLeavesDelegate):
    """A combo box of (text, value) choices; ``choices(index)`` gives them per cell. A pick
    in the list applies at once; from the keyboard, Enter or leaving the cell applies."""

    def __init__(self, choices: Callable[[QModelIndex], list[tuple[str, Any]]], parent=None):
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent, option, index):
        combo = BrowsingCombo(parent)
        combo.setAccessibleName(self.tr("Rôle de la colonne"))
        for text, value in self.choices(index):
            combo.addItem(text, value)
        combo.picked.connect(lambda: self._apply(combo))
        return combo

    def _apply(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QComboBox, index) -> None:
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QComboBox, model, index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def score_choices(tr: Callable[[str], str]) -> list[tuple[str, Any]]:
    """What a label of the score columns can be translated into; « À choisir » first, so
    that an editor opened on an untranslated label proposes nothing (never a guess)."""
    return [(tr("À choisir"), None), (tr("1 (la moins bonne)"), 1), ("2", 2), ("3", 3),
            ("4", 4), (tr("5 (la meilleure)"), 5), (tr("Non concerné"), NOT_CONCERNED),
            (tr("Sans réponse"), NO_ANSWER)]


class ScoreLabelModel(QAbstractTableModel):
    """The labels of the score columns pexdesk does not know (or not on this scale): the
    label as written, the score the user translates it into (editable), its cells, its
    columns."""

    LABEL, SCORE, CELLS, COLUMNS = range(4)
    score_edited = Signal(str, object)
    """(label as written, 1–5, NOT_CONCERNED, NO_ANSWER, or None to forget it)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.labels: list[PlannedLabel] = []
        self.choices = score_choices(self.tr)
        self.texts = {None: self.tr("À choisir"), NOT_CONCERNED: self.tr("Non concerné"),
                      NO_ANSWER: self.tr("Sans réponse")}

    def set_labels(self, labels: list[PlannedLabel]) -> None:
        self.beginResetModel()
        self.labels = list(labels)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.labels)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Libellé"), self.tr("Note"), self.tr("Cellules"),
                    self.tr("Colonnes"))[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.SCORE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def score_text(self, label: PlannedLabel) -> str:
        return self.texts.get(label.score, str(label.score))

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        label = self.labels[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (label.label, self.score_text(label), str(label.cells),
                    ", ".join(label.columns))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.SCORE and label.usual is not None:
                return self.tr("« {0} » vaut {1} sur l'échelle « Très insatisfait … Très "
                               "satisfait », pas forcément sur celle de ce fichier : choisissez "
                               "sa note.").format(label.label, label.usual)
            return (label.label, self.score_text(label), str(label.cells),
                    "\n".join(label.columns))[column]
        if role == Qt.ItemDataRole.EditRole and column == self.SCORE:
            return label.score
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.CELLS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (role == Qt.ItemDataRole.ForegroundRole and column == self.SCORE
                and label.score is None):
            return QColor("#8C0D12")
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or role != Qt.ItemDataRole.EditRole
                or index.column() != self.SCORE):
            return False
        label = self.labels[index.row()]
        if value != label.score:
            self.score_edited.emit(label.label, value)
        return True


class ScoreComboDelegate(ComboDelegate):
    """The choice of a label's score: the roles' combo box, under its own name."""

    def createEditor(self, parent, option, index):
        combo = super().createEditor(parent, option, index)
        combo.setAccessibleName(self.tr("Note du libellé"))
        return combo


@dataclass(frozen=True)
class ProblemRow:
    row: int | None
    column: str
    severity: str
    message: str


def problem_rows(problems: list[Problem]) -> list[ProblemRow]:
    return [ProblemRow(p.row, p.column or "", "erreur" if p.is_error else "avertissement",
                       typeset(p.message)) for p in problems]


# ---- Pages


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Fichier à importer"))
        self.setSubTitle(self.tr("Export d'un outil d'enquête (LimeSurvey, Google Forms, "
                                 "Microsoft Forms…) ou tableau CSV / XLSX, une ligne par "
                                 "répondant."))
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("Fichier à importer"))
        self.path.setPlaceholderText(self.tr("Choisissez un fichier CSV ou XLSX"))
        self.path.textChanged.connect(self._path_changed)
        browse = QPushButton(self.tr("&Parcourir…"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)

        self.new_radio = QRadioButton(self.tr("Dans une &nouvelle campagne, nommée :"))
        self.existing_radio = QRadioButton(self.tr("Dans une campagne &existante :"))
        group = QButtonGroup(self)
        group.addButton(self.new_radio)
        group.addButton(self.existing_radio)
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Nom de la nouvelle campagne"))
        self.campaign = QComboBox()
        self.campaign.setAccessibleName(self.tr("Campagne existante"))
        for campaign in feedback.campaigns(wizard.session.con):
            self.campaign.addItem(campaign.name, campaign.id)
        self.existing_radio.setEnabled(self.campaign.count() > 0)
        self.new_radio.setChecked(True)
        for signal in (self.name.textChanged, self.new_radio.toggled,
                       self.campaign.currentIndexChanged):
            signal.connect(self._update)
        self.name.textEdited.connect(lambda *_: setattr(self, "_name_typed", True))
        self._name_typed = False

        grid = QGridLayout()
        grid.addWidget(self.new_radio, 0, 0)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.existing_radio, 1, 0)
        grid.addWidget(self.campaign, 1, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("&Fichier :"))
        label.setBuddy(self.path)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addSpacing(12)
        layout.addWidget(QLabel(self.tr("Importer les réponses :")))
        layout.addLayout(grid)
        layout.addStretch()
        self._update()

    def browse(self) -> None:
        path = choose_import_file(
            self, self.tr("Choisir le fichier des réponses"),
            self.tr("Tableaux (*.csv *.tsv *.txt *.xlsx);;Tous les fichiers (*)"),
            self.path.text().strip())
        if path:
            self.path.setText(path)

    def _path_changed(self, text: str) -> None:
        if not self._name_typed and text.strip():
            self.name.setText(Path(text.strip()).stem)
        self.completeChanged.emit()

    def _update(self, *_) -> None:
        self.name.setEnabled(self.new_radio.isChecked())
        self.campaign.setEnabled(self.existing_radio.isChecked())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if not self.path.text().strip():
            return False
        if self.new_radio.isChecked():
            return bool(self.name.text().strip())
        return self.campaign.currentData() is not None

    def options(self) -> ResponseImportOptions:
        if self.new_radio.isChecked():
            return ResponseImportOptions(campaign=self.name.text().strip(),
                                         category_hint=self.category_hint())
        return ResponseImportOptions(campaign_id=self.campaign.currentData(),
                                     category_hint=self.category_hint())

    def category_hint(self) -> str:
        """Where, in this wizard, one designates the category column."""
        return self.tr("colonne « Rôle » du tableau des colonnes, ci-dessus")

    def validatePage(self) -> bool:
        # The campaign name must not silently pick an existing campaign of that name.
        if self.new_radio.isChecked():
            wanted = self.name.text().strip().casefold()
            for i in range(self.campaign.count()):
                if self.campaign.itemText(i).casefold() == wanted:
                    self.wiz.set_error(self.tr("Une campagne « {0} » existe déjà : choisissez "
                                               "un autre nom, ou « Dans une campagne "
                                               "existante ».").format(self.name.text().strip()))
                    return False
        self.wiz.set_error("")
        return True


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Aperçu de l'import"))
        self.setSubTitle(self.tr("Vérifiez le rôle de chaque colonne et les problèmes "
                                 "signalés. Rien n'est enregistré avant « Importer »."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Importer"))

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(12)
        self.busy.setAccessibleName(self.tr("Analyse en cours"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.sheet_picker = SheetPicker()
        self.sheet_picker.chosen.connect(wizard.choose_sheet)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.previous = QLabel()
        self.previous.setWordWrap(True)
        self.previous.setObjectName("importRefused")
        self.previous.setStyleSheet("color: #8C0D12; font-weight: bold;")
        self.unmatched = QLabel()
        self.unmatched.setWordWrap(True)

        self.columns_model = ColumnRoleModel(self)
        self.columns_model.role_edited.connect(self._role_edited)
        self.columns_model.item_edited.connect(self._item_edited)
        self.columns_view = QTableView()
        self.columns_view.setModel(self.columns_model)
        self.columns_view.setAccessibleName(self.tr("Colonnes du fichier et leur rôle"))
        self.columns_view.setItemDelegate(ComboDelegate(self._choices, self.columns_view))
        # No editor opening as the current cell moves: the arrows go from row to row, and
        # F2 (or a double click) opens the role's list.
        self.columns_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                          | QAbstractItemView.EditTrigger.SelectedClicked
                                          | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.columns_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.columns_view.verticalHeader().hide()
        self.columns_view.setWordWrap(False)
        header = self.columns_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)

        self.problems_model = RowTableModel([
            Column(self.tr("Ligne"), lambda p: p.row, numeric=True),
            Column(self.tr("Colonne"), lambda p: p.column, tooltip=lambda p: p.column),
            Column(self.tr("Gravité"), lambda p: p.severity),
            Column(self.tr("Message"), lambda p: p.message, tooltip=lambda p: p.message),
        ], search_text=lambda p: "", parent=self)
        self.problems_view = QTableView()
        self.problems_view.setModel(self.problems_model)
        self.problems_view.setAccessibleName(self.tr("Problèmes par ligne et colonne"))
        self.problems_view.verticalHeader().hide()
        self.problems_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems_view.horizontalHeader().setStretchLastSection(True)
        self.problems_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for view in (self.columns_view, self.problems_view):
            view.setTabKeyNavigation(False)  # Tab goes on to the check boxes and buttons
        self._refocus: QWidget = self.columns_view

        self.counts = QLabel()
        self.counts.setWordWrap(True)
        font = self.counts.font()
        font.setBold(True)
        self.counts.setFont(font)
        self.vanished = WarningLabel()
        self.vanished.setAccessibleName(self.tr("Réponses disparues du fichier"))
        self.drop_vanished = QCheckBox()
        self.drop_vanished.toggled.connect(self._drop_vanished_toggled)
        self.drop_vanished.hide()  # shown when the file lacks responses imported before
        self.skip_invalid = QCheckBox(self.tr("Ignorer les lignes in&valides (importer "
                                              "seulement les lignes valides)"))
        self.skip_invalid.toggled.connect(self._show_verdict)
        self.replace = QCheckBox(self.tr("&Remplacer les réponses déjà importées de ces lignes "
                                         "(pour les importer à nouveau avec d'autres rôles de "
                                         "colonnes)"))
        self.replace.toggled.connect(self._replace_toggled)
        self.replace.hide()  # shown when the file's rows were imported before
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)

        top = QWidget()
        upper = QVBoxLayout(top)
        upper.setContentsMargins(0, 0, 0, 0)
        upper.addWidget(QLabel(self.tr("Colonnes (double-cliquez un rôle ou appuyez sur F2 "
                                         "pour le changer) :")))
        upper.addWidget(self.columns_view)
        upper.addWidget(self.unmatched)
        bottom = QWidget()
        lower = QVBoxLayout(bottom)
        lower.setContentsMargins(0, 0, 0, 0)
        self.problems_title = QLabel(self.tr("Problèmes :"))
        lower.addWidget(self.problems_title)
        lower.addWidget(self.problems_view)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self._build_score_labels(split)
        for view in (self.columns_view, self.problems_view):
            view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        self.problems_view.setWordWrap(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(self.sheet_picker)
        layout.addWidget(self.source)
        layout.addWidget(self.previous)
        layout.addWidget(split, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.vanished)
        layout.addWidget(self.drop_vanished)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(self.replace)
        layout.addWidget(self.verdict)

    # ---- Planning

    def initializePage(self) -> None:
        self.wiz.start_planning(self.wiz.preview_options())

    def set_busy(self, busy: bool, text: str = "") -> None:
        """Disable the page while the file is read; then give the keyboard back where it
        was, or to the roles table (the disabled widgets lost it, and on arrival it was
        still on page 1's hidden « Fichier » field)."""
        if busy:
            self._refocus = self._focus_holder()
        self.busy.setVisible(busy)
        self.status.setText(text)
        self.status.setVisible(bool(text))  # empty, it still took a line from the tables
        self.columns_view.setEnabled(not busy)
        self.labels_view.setEnabled(not busy)
        self.skip_invalid.setEnabled(not busy)
        self.replace.setEnabled(not busy)
        self.drop_vanished.setEnabled(not busy)
        if not busy:
            self._refocus.setFocus()
        self.completeChanged.emit()

    def _focus_holder(self) -> QWidget:
        """The widget to focus once planned: the one with the focus if on this page, the
        roles table if it is there (a closing cell editor) or anywhere else."""
        focused = QApplication.focusWidget()
        if focused is not None and self.labels_view.isAncestorOf(focused):
            return self.labels_view  # a closing score editor
        if (focused is None or not self.isAncestorOf(focused)
                or self.columns_view.isAncestorOf(focused)):
            return self.columns_view
        return focused

    def show_plan(self, plan: ResponsePlan | None) -> None:
        items = []
        if plan is not None and plan.campaign is not None:
            items = [(item.id, item.label_text)
                     for item in feedback.items_of(self.wiz.session.con, plan.campaign.id)]
        current_row = max(self.columns_view.currentIndex().row(), 0)
        self.columns_model.set_plan(plan, items)
        if current_row < self.columns_model.rowCount():  # kept across a re-plan
            self.columns_view.setCurrentIndex(
                self.columns_model.index(current_row, ColumnRoleModel.ROLE))
        self.problems_model.set_rows(problem_rows(plan.problems if plan else []))
        self._show_score_labels(plan)
        self._show_vanished(plan)
        if plan is None:
            for label in (self.source, self.previous, self.unmatched, self.counts,
                          self.verdict):
                label.clear()
            self.replace.setVisible(self.wiz.options.replace)
            self.completeChanged.emit()
            return
        self.columns_view.resizeColumnsToContents()
        header = self.columns_view.horizontalHeader()
        for section in range(3):
            header.resizeSection(section, min(header.sectionSize(section), 320))
        self.problems_view.resizeColumnsToContents()
        pheader = self.problems_view.horizontalHeader()
        pheader.resizeSection(1, min(pheader.sectionSize(1), 220))
        tool = plan.layout.tool_label if plan.layout else "?"
        target = (self.tr("campagne existante « {0} »").format(plan.campaign.name)
                  if plan.campaign is not None
                  else self.tr("nouvelle campagne « {0} » ({1})").format(
                      plan.campaign_name, plural(len(plan.items), self.tr("question"))))
        self.source.setText(typeset(
            self.tr("Fichier : {0} — outil : {1} ; {2}.\nDestination : {3}.")
            .format(plan.sheet.file_name, tool, plan.sheet.describe(), target)))
        self.previous.setVisible(plan.previous is not None)
        self.previous.setText(typeset(plan.previous.text() + " " + self.tr(
            "Pour l'importer à nouveau avec d'autres rôles de colonnes, cochez « Remplacer les "
            "réponses déjà importées ».")) if plan.previous else "")
        self.replace.setChecked(plan.options.replace)  # the same plan after Back, Next
        self.replace.setVisible(bool(plan.previous or plan.already_count or plan.replaced))
        unmatched = plan.unmatched if plan.campaign is not None else []
        self.unmatched.setVisible(bool(unmatched))
        self.unmatched.setText(typeset(
            self.tr("Colonnes sans question correspondante dans la campagne (non importées ; "
                    "choisissez une question dans la colonne « Question » pour les "
                    "rattacher) : {0}").format(", ".join(f"« {c.name} »" for c in unmatched))))
        errors = len(plan.errors)
        warnings = len(plan.warnings)
        self.problems_title.setText(
            self.tr("Problèmes : {0}, {1}").format(plural(errors, self.tr("erreur")),
                                                   plural(warnings, self.tr("avertissement")))
            if plan.problems else self.tr("Aucun problème."))
        self.problems_view.setVisible(bool(plan.problems))  # an empty table said nothing more
        self.skip_invalid.setEnabled(plan.invalid_count > 0 and plan.previous is None)
        self._show_verdict()

    def counts_text(self, plan: ResponsePlan, skip: bool) -> str:
        read, valid, invalid = plan.rows_read, plan.valid_count, plan.invalid_count
        parts = [plural(read, self.tr("ligne lue"), self.tr("lignes lues"))]
        if not skip and invalid:
            parts += [plural(valid, self.tr("valide")), plural(invalid, self.tr("invalide"))]
        else:
            parts += [plural(valid if (skip or not invalid) else 0, self.tr("importable")),
                      plural(invalid, self.tr("rejetée"))]
        if plan.ignored_count:
            parts.append(self.tr("{0} (réponses incomplètes)").format(
                plural(plan.ignored_count, self.tr("ignorée"))))
        if plan.already_count:
            parts.append(plural(plan.already_count, self.tr("déjà importée, ignorée"),
                                self.tr("déjà importées, ignorées")))
        if plan.purged_count:
            parts.append(plural(plan.purged_count, self.tr("supprimée par une purge, ignorée"),
                                self.tr("supprimées par une purge, ignorées")))
        dropped = ""
        if plan.dropped:
            dropped = " ; " + plural(len(plan.dropped), self.tr("réponse antérieure supprimée"),
                                     self.tr("réponses antérieures supprimées"))
        return ", ".join(parts) + dropped + "."

    def _show_verdict(self, *_) -> None:
        plan = self.wiz.plan
        if plan is None:
            return
        skip = self.skip_invalid.isChecked()
        self.counts.setText(self.counts_text(plan, skip))
        if plan.previous is not None:
            self.verdict.setText(self.tr("Rien ne sera importé : ce fichier a déjà été importé."))
        else:
            refusal = plan.refusal(skip, self.tr("case « Ignorer les lignes invalides »"))
            if refusal:
                self.verdict.setText(typeset(refusal.replace("Rien n'a été importé",
                                                             "Rien ne sera importé")))
            elif not plan.writes and not plan.already_count:
                self.verdict.setText(self.tr("Rien de nouveau à importer : ces réponses ont "
                                             "été supprimées par une purge des données "
                                             "anciennes."))
            elif not plan.writes:
                self.verdict.setText(self.tr("Rien de nouveau à importer : ces réponses ont "
                                             "déjà été importées."))
            else:
                self.verdict.setText(typeset(
                    self._possible(plan)
                    + (" " + plan.already_line() if plan.replaced else "")
                    + self._split_warning(plan)))
        self.completeChanged.emit()

    def _possible(self, plan: ResponsePlan) -> str:
        """« Import possible : 2 réponses seront importées [et 2 réponses antérieures
        supprimées] en une seule fois. », or only the deletion when nothing is new."""
        dropped = len(plan.dropped)
        if not plan.valid_count:
            return self.tr("Import possible : aucune nouvelle réponse ; {0}.").format(
                plural(dropped, self.tr("réponse antérieure sera supprimée"),
                       self.tr("réponses antérieures seront supprimées")))
        imported = plural(plan.valid_count, self.tr("réponse sera importée"),
                          self.tr("réponses seront importées"))
        if dropped:
            imported = self.tr("{0} et {1}").format(imported, plural(
                dropped, self.tr("réponse antérieure supprimée"),
                self.tr("réponses antérieures supprimées")))
        return self.tr("Import possible : {0} en une seule fois.").format(imported)

    def _split_warning(self, plan: ResponsePlan) -> str:
        """A survey downloaded again going into a new campaign would be split in two: said
        beside the verdict (the problems table cut it), with the way to avoid it."""
        others = sorted(name for name in plan.already_in if name != plan.campaign_name)
        if not others or plan.options.replace:
            return ""
        return " " + self.tr(
            "Attention : les lignes de ce fichier déjà importées sont dans « {0} ». Pour "
            "compléter cette campagne, revenez à l'étape précédente et choisissez « Dans une "
            "campagne existante ».").format(others[0])

    def _choices(self, index: QModelIndex) -> list[tuple[str, Any]]:
        if index.column() == ColumnRoleModel.QUESTION:
            return [(label, item_id) for item_id, label in self.columns_model.campaign_items]
        labels = self.columns_model.labels
        return [(labels[role], role) for role in EDITABLE_ROLES]

    def _replace_toggled(self, checked: bool) -> None:
        if checked != self.wiz.options.replace:
            self.wiz.start_planning(self.wiz.options.with_replace(checked))

    def _show_vanished(self, plan: ResponsePlan | None) -> None:
        """The earlier responses the file lacks, in amber, and the box to delete them with
        the import (its text says how many; the plan says whether they go)."""
        vanished = plan.vanished if plan is not None else None
        self.vanished.show_warning(plan.vanished_line() if plan is not None else "")
        self.drop_vanished.setVisible(vanished is not None)
        if vanished is None:
            return
        count = len(vanished.numbers)
        self.drop_vanished.setText(
            self.tr("&Supprimer de la campagne cette réponse antérieure absente du fichier")
            if count == 1 else
            self.tr("&Supprimer de la campagne ces {0} réponses antérieures absentes du "
                    "fichier").format(format_number(count)))
        self.drop_vanished.setChecked(plan.options.drop_vanished)  # kept after Back, Next

    def _drop_vanished_toggled(self, checked: bool) -> None:
        if checked != self.wiz.options.drop_vanished:
            self.wiz.start_planning(self.wiz.options.with_drop_vanished(checked))

    def _role_edited(self, column: int, role: Role) -> None:
        self.wiz.start_planning(self.wiz.options.with_role(column, role))

    def _item_edited(self, column: int, item_id: int) -> None:
        self.wiz.start_planning(self.wiz.options.with_item(column, item_id))

    # ---- Labels of the score columns to translate (shared/survey.md §3: ask, never guess)

    def _build_score_labels(self, split: QSplitter) -> None:
        """« Libellés à traduire en notes »: between the columns and the problems, shown
        when the file's score columns hold labels pexdesk does not know."""
        self.labels_model = ScoreLabelModel(self)
        self.labels_model.score_edited.connect(self._label_score_edited)
        view = self.labels_view = QTableView()
        view.setModel(self.labels_model)
        view.setAccessibleName(self.tr("Libellés à traduire en notes"))
        view.setItemDelegate(ScoreComboDelegate(lambda index: self.labels_model.choices, view))
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.SelectedClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setTabKeyNavigation(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.setWordWrap(False)
        view.horizontalHeader().setStretchLastSection(True)
        self.labels_title = QLabel(self.tr(
            "Libellés à traduire en notes : pexdesk ne devine pas leur note. Choisissez-la "
            "(F2 ou double-clic dans la colonne « Note ») ; elle vaut pour toutes les colonnes "
            "notées."))
        self.labels_title.setBuddy(view)
        self.labels_title.setWordWrap(True)
        self.labels_box = QWidget()
        box = QVBoxLayout(self.labels_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.labels_title)
        box.addWidget(view)
        split.insertWidget(1, self.labels_box)
        split.setStretchFactor(1, 2)
        self.labels_box.hide()
        QWidget.setTabOrder(self.columns_view, view)
        QWidget.setTabOrder(view, self.problems_view)

    def _show_score_labels(self, plan: ResponsePlan | None) -> None:
        """The plan's labels to translate; the current label kept across a re-plan."""
        labels = plan.score_labels if plan is not None else []
        current = self.labels_view.currentIndex()
        key = (self.labels_model.labels[current.row()].key
               if current.isValid() and current.row() < self.labels_model.rowCount() else None)
        self.labels_model.set_labels(labels)
        self.labels_box.setVisible(bool(labels))
        if not labels:
            return
        row = next((i for i, label in enumerate(labels) if label.key == key), 0)
        self.labels_view.setCurrentIndex(self.labels_model.index(row, ScoreLabelModel.SCORE))
        self.labels_view.resizeColumnsToContents()
        header = self.labels_view.horizontalHeader()
        header.resizeSection(ScoreLabelModel.LABEL,
                             min(header.sectionSize(ScoreLabelModel.LABEL), 260))

    def _label_score_edited(self, label: str, score: Any) -> None:
        self.wiz.start_planning(self.wiz.options.with_label_score(label, score))

    def isComplete(self) -> bool:
        plan = self.wiz.plan
        return (not self.wiz.busy and plan is not None and plan.previous is None
                and plan.writes and plan.importable(self.skip_invalid.isChecked()))

    def validatePage(self) -> bool:
        if self.wiz.result is not None:
            return True
        self.wiz.start_commit(self.skip_invalid.isChecked())
        return False


class ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Import terminé"))
        # A list that scrolls: every rejected row has its line, and a label grew the
        # wizard past the screen's bottom (150 rejections: 2240 px, « Terminer » unseen).
        self.summary = LinesView()
        self.summary.setAccessibleName(self.tr("Résultat de l'import"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        result = self.wiz.result
        lines = result.lines() if result else []
        self.summary.set_lines(lines)


# ---- The wizard


class ImportWizard(QWizard):
    """Open with ``open()``; ``imported`` carries the result once committed."""

    imported = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, session, parent: QWidget | None = None,
                 campaign_id: int | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Importer des réponses d'enquête"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, self.tr("< &Précédent")),
                             (QWizard.WizardButton.NextButton, self.tr("&Suivant >")),
                             (QWizard.WizardButton.FinishButton, self.tr("&Terminer")),
                             (QWizard.WizardButton.CancelButton, self.tr("Annuler")),
                             (QWizard.WizardButton.CommitButton, self.tr("&Importer"))):
            self.setButtonText(button, text)
        self.sheet = None
        self.sheet_path: str | None = None
        self.chosen_sheet: tuple[str, str] | None = None
        """(file path, sheet name) the user picked in « Feuille »; another file forgets it."""
        self.options = ResponseImportOptions()
        self.plan: ResponsePlan | None = None
        self.result: ResponseImportResult | None = None
        self.busy = False
        self._plans = LatestOnly(self, lambda: self.session.is_open)
        self.commit_job = None
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #8C0D12;")
        self.error.setAccessibleName(self.tr("Erreur"))

        self.file_page = FilePage(self)
        self.preview_page = PreviewPage(self)
        self.result_page = ResultPage(self)
        self.addPage(self.file_page)
        self.addPage(self.preview_page)
        self.addPage(self.result_page)
        self.file_page.layout().addWidget(self.error)
        if campaign_id is not None:
            index = self.file_page.campaign.findData(campaign_id)
            if index >= 0:
                self.file_page.campaign.setCurrentIndex(index)
        # Capped to the screen: at 150 % a laptop offers 910 × 512 logical pixels, and a
        # fixed 900 × 640 hid the counts, the verdict and « Importer » below its bottom.
        fit_to_screen(self, QSize(900, 640))

    def set_error(self, text: str) -> None:
        """``text`` under the current page, typeset: it often carries an error's message."""
        page = self.currentPage() or self.file_page
        page.layout().addWidget(self.error)
        self.error.setText(typeset(text))
        self.error.setVisible(bool(text))

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.preview_page.set_busy(busy, text)
        self.button(QWizard.WizardButton.BackButton).setEnabled(not busy)
        self.busy_changed.emit(busy)

    # ---- Planning (read-only, off the UI thread)

    def choose_sheet(self, name: str) -> None:
        """Read and plan another sheet of the workbook. The roles chosen so far belonged to
        the other sheet's columns: they go. The score labels' translations stay: they
        belong to the form's scale, which the sheets of one workbook share."""
        self.chosen_sheet = (self.file_page.path.text().strip(), name)
        self.start_planning(replace(self.file_page.options(),
                                    score_labels=self.options.score_labels))

    def preview_options(self) -> ResponseImportOptions:
        """The first page's choices; coming back (Back, Next) to the same file into the same
        campaign, also every choice made on the preview (roles, items, labels, Remplacer,
        the deletion of the responses the file lacks): another file or campaign has other
        columns and other responses, so it starts afresh."""
        options = self.file_page.options()
        same = (self.file_page.path.text().strip() == self.sheet_path
                and (options.campaign, options.campaign_id)
                == (self.options.campaign, self.options.campaign_id))
        return self.options if same else options

    def start_planning(self, options: ResponseImportOptions) -> None:
        self.options = options
        path = self.file_page.path.text().strip()
        wanted = (self.chosen_sheet[1] if self.chosen_sheet and self.chosen_sheet[0] == path
                  else None)
        sheet = (self.sheet if path == self.sheet_path
                 and wanted in (None, self.sheet.sheet_name) else None)
        session = self.session
        self.set_error("")
        self._set_busy(True, self.tr("Lecture et analyse du fichier…"))

        def work(progress):
            read = (sheet if sheet is not None
                    else read_file(path, wanted, count_response_rows))
            with session.reading() as con:
                return read, plan_responses(con, read, options)

        self._plans.run(work, lambda found: self._planned(path, *found), self._plan_failed)

    def _planned(self, path: str, sheet, plan: ResponsePlan) -> None:
        self.sheet, self.sheet_path, self.plan = sheet, path, plan
        self._set_busy(False)
        self.preview_page.sheet_picker.show_read(sheet)
        self.preview_page.show_plan(plan)

    def _plan_failed(self, error: Exception) -> None:
        self._set_busy(False)
        self.plan = None
        self.preview_page.sheet_picker.show_failure(error)
        self.preview_page.show_plan(None)
        self.set_error(self.tr("Le fichier ne peut pas être importé : {0}")
                       .format(error_text(error)))

    # ---- Commit (the only write: its own connection, one transaction)

    def start_commit(self, skip_invalid: bool) -> None:
        if self.busy or self.plan is None:
            return
        plan, path = self.plan, self.session.base.path
        self._set_busy(True, self.tr("Import en cours…"))
        self.button(QWizard.WizardButton.CancelButton).setEnabled(False)

        def work(progress):
            con = connect(path)
            try:
                return commit_responses(con, plan, skip_invalid=skip_invalid)
            finally:
                con.close()

        self.commit_job = run_in_background(work, self._committed, self._commit_failed)

    def _committed(self, result: ResponseImportResult) -> None:
        self.commit_job = None
        self.result = result
        self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self._set_busy(False)
        if result.changed:
            self.session.forget_history()  # committed on a connection of its own
            for table in CHANGED_TABLES:
                self.session.changed.emit(table)
        self.imported.emit(result)
        self.next()

    def _commit_failed(self, error: Exception) -> None:
        self.commit_job = None
        self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self._set_busy(False)
        self.set_error(self.tr("Rien n'a été importé : {0}").format(error_text(error)))

    def reject(self) -> None:
        if self.commit_job is not None:
            return  # the transaction is running: it ends by itself, all or nothing
        super().reject()
