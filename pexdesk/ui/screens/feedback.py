"""Retours des partenaires: the responses of a campaign and a fast keyboard entry form.

Partners often answer on paper; the chargé(e) de mission keys in a pile of
questionnaires at once. The form is built for that: one keystroke per score
(1–5, 0 or N for « non concerné »), the cursor moving on by itself, Ctrl+Entrée
saving and opening the next questionnaire with the same partner category and
département. Responses stay anonymous (shared/domain.md §9): a category and a
département, never a name.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from functools import cache
from pathlib import PurePath

from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QCompleter, QDialog, QDialogButtonBox,
                               QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLayout, QLineEdit,
                               QPushButton, QSpinBox, QSplitter, QStackedWidget, QVBoxLayout,
                               QWidget)

from pexdesk.core.domain.kinds import NOT_CONCERNED
from pexdesk.core.domain.models import Campaign, CampaignItem, Response, Score
from pexdesk.core.errors import FieldError, NotFoundError, ValidationError
from pexdesk.core.formatting import format_number, format_percent, plural
from pexdesk.core.reference.categories import CATEGORIES, CATEGORY_LABELS
from pexdesk.core.reference.departments import departments
from pexdesk.core.reference.questionnaire import ANIL_ITEMS, OVERALL
from pexdesk.core.repositories import feedback, mapper
from pexdesk.core.repositories.feedback import ResponseRow
from pexdesk.core.services.snapshots import absent, capture
from pexdesk.core.text import fold, fold_all, fold_label, truncate
from pexdesk.ui.commands import RecordCommand
from pexdesk.ui.department_picker import DepartmentPicker
from pexdesk.ui.forms import DateField, Form, TextArea, read_dates
from pexdesk.ui.models.table import Column
from pexdesk.ui.partner_names import PartnerDirectory, PartnerNames
from pexdesk.ui.partner_picker import PartnerPicker
from pexdesk.ui.questionnaire_button import QuestionnaireButton
from pexdesk.ui.screens.list_screen import ListScreen, RecordEditor
from pexdesk.ui.widgets import FlowLayout, let_combo_shrink, style_as_hint


COMMENT_EXCERPT = 80
"""Characters of a comment the responses list shows before « … » (the whole in its tooltip)."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("feedback", text)


def score_labels() -> dict[Score, str]:
    """The default satisfaction scale (shared/survey.md §3)."""
    return {1: _tr("Très insatisfait"), 2: _tr("Insatisfait"),
            3: _tr("Ni satisfait ni insatisfait"), 4: _tr("Satisfait"),
            5: _tr("Très satisfait"), NOT_CONCERNED: _tr("Non concerné")}


def score_text(score: Score | None) -> str:
    """« 4 – Satisfait », « NC – Non concerné »; empty for « sans réponse »."""
    if score is None:
        return ""
    return f"{score} – {score_labels()[score]}"


def short_score(score: Score | None) -> str:
    """One score in the list's compact summary: « 4 », « NC », « – » (sans réponse)."""
    return "–" if score is None else str(score)


# ---- Fields of the entry form


class ScoreField(QLineEdit):
    """One answer typed with exactly one key, so a questionnaire goes in without Tab.

    1–5 set the score, 0 or N « non concerné », Retour arrière / Suppr clear it
    (« sans réponse »); each accepted digit or N asks the form to move on
    (``advance``), Entrée too. Every other key is refused, and keys with Ctrl or
    Alt are left to the window (Ctrl+Z, Ctrl+S, Ctrl+Entrée).
    """

    changed = Signal()
    advance = Signal()

    _CLEAR = (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)
    _NEXT = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

    def __init__(self, allow_not_concerned: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self._value: Score | None = None
        self.wired = False
        """Connected to its form (the form rebuilds its item fields per campaign)."""
        self._keys: dict[str, Score] = {str(score): score for score in range(1, 6)}
        if allow_not_concerned:
            self._keys.update({"0": NOT_CONCERNED, "n": NOT_CONCERNED})
            self.setToolTip(self.tr("1 à 5 : note · 0 ou N : non concerné · "
                                    "Retour arrière : sans réponse"))
        else:
            self.setToolTip(self.tr("1 à 5 : note · Retour arrière : sans réponse"))
        self.setPlaceholderText(self.tr("sans réponse"))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAcceptDrops(False)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        widest = max(self.fontMetrics().horizontalAdvance(score_text(s)) for s in score_labels())
        self.setMinimumWidth(widest + 24)

    def value(self) -> Score | None:
        return self._value

    def set_value(self, value: Score | None) -> None:
        self._value = value
        self.setText(score_text(value))

    def _plain(self, event: QKeyEvent) -> bool:
        """A key without Ctrl, Alt or Meta: the field may use it."""
        others = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                  | Qt.KeyboardModifier.MetaModifier)
        return not event.modifiers() & others

    def event(self, event: QEvent) -> bool:
        # A line edit claims many shortcuts (Ctrl+Z, Suppr…) for its own editing; this
        # field claims only the keys it uses, so the window's shortcuts keep working.
        if event.type() == QEvent.Type.ShortcutOverride:
            event.setAccepted(self._plain(event) and (
                event.text().lower() in self._keys or event.key() in self._CLEAR
                or event.key() in self._NEXT))
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._plain(event):
            event.ignore()
            return
        typed = event.text().lower()
        if typed and typed in self._keys:
            self.set_value(self._keys[typed])
            self.changed.emit()
            self.advance.emit()
        elif event.key() in self._CLEAR:
            if self._value is not None:
                self.set_value(None)
                self.changed.emit()
        elif event.key() in self._NEXT:
            self.advance.emit()
        elif event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape):
            event.ignore()
        # anything else is refused: the key does nothing

    def inputMethodEvent(self, event) -> None:
        event.ignore()


class CategoryPicker(QComboBox):
    """Partner category with type-ahead: « ca » completes to « CAF » as it is typed.

    The completion is inline (the editable combo's own), without a pop-up list
    that would take the keyboard away from fast entry. A word the labels do not
    start with is still understood on Entrée or when leaving the field: the code
    and the synonyms of shared/domain.md §6.1 (« mairie », « OPH ») are matched,
    accents and case ignored; a word several categories contain is not guessed
    and the form says the category is unknown.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for category in CATEGORIES:
            self.addItem(category.label, category.code)
        self.setCurrentIndex(-1)
        self.lineEdit().setPlaceholderText(self.tr("Tapez une catégorie (CAF, mairie…)"))
        self.lineEdit().editingFinished.connect(self._settle)
        self._exact = {}
        for category in CATEGORIES:
            for name in (category.code, category.label, *category.synonyms):
                self._exact.setdefault(fold_label(name), category.code)

    def code(self) -> str:
        """The category's code, or the text as typed when it names none (the core says so)."""
        text = self.currentText().strip()
        if not text:
            return ""
        wanted = fold_label(text)
        if wanted in self._exact:
            return self._exact[wanted]
        matches = {category.code for category in CATEGORIES
                   if wanted in fold_label(category.label)
                   or any(wanted in fold_label(s) for s in category.synonyms)}
        return matches.pop() if len(matches) == 1 else text

    def set_code(self, code: str) -> None:
        self.setCurrentIndex(self.findData(code))
        if not code:
            self.setEditText("")

    def _settle(self) -> None:
        """Show the full label of what the typed text found."""
        index = self.findData(self.code())
        if index >= 0 and index != self.currentIndex():
            self.setCurrentIndex(index)
        elif index >= 0:
            self.setEditText(self.itemText(index))


class ScoreGrid(QGroupBox):
    """The overall score then one score per campaign item, labels wrapped beside them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Notes"), parent)
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(0, 1)
        self.grid.setHorizontalSpacing(12)
        hint = QLabel(self.tr("Une touche par note, le curseur avance seul : 1 à 5 · 0 ou N = "
                              "non concerné · Retour arrière = sans réponse · Ctrl+Entrée = "
                              "enregistrer et questionnaire suivant."))
        hint.setWordWrap(True)
        style_as_hint(hint)
        self.grid.addWidget(hint, 0, 0, 1, 2)
        # The overall score has no « non concerné »: the schema stores 1–5 or nothing.
        self.overall = self._add_row(1, self.tr("Appréciation globale de la mission"),
                                     OVERALL.label, bold=True, allow_not_concerned=False)
        self.item_fields: dict[int, ScoreField] = {}
        self._item_widgets: list[QWidget] = []

    def _add_row(self, row: int, text: str, tooltip: str, bold: bool = False,
                 allow_not_concerned: bool = True) -> ScoreField:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setToolTip(tooltip)
        if bold:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        field = ScoreField(allow_not_concerned)
        field.setAccessibleName(text)
        label.setBuddy(field)
        self.grid.addWidget(label, row, 0)
        self.grid.addWidget(field, row, 1)
        if row > 1:
            self._item_widgets += [label, field]
        return field

    def set_items(self, items: list[CampaignItem]) -> None:
        for widget in self._item_widgets:
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._item_widgets = []
        self.item_fields = {}
        for row, item in enumerate(items, start=2):
            text = f"{item.position}. {item.label_text}"
            self.item_fields[item.id] = self._add_row(row, text, item.label_text)

    def fields(self) -> list[ScoreField]:
        return [self.overall, *self.item_fields.values()]


# ---- The entry form


class ResponseEditor(RecordEditor):
    """One paper questionnaire; the previous entry's category and département come back."""

    def __init__(self, default_department: str, partners: PartnerDirectory,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.default_department = default_department
        self.campaign_id: int | None = None
        self.remembered: tuple[str, str] | None = None
        """(category, département) of the last response saved."""
        self._origin = ("SAISIE", "", None)
        form = self.form
        self.responded_on = form.add("responded_on", self.tr("Da&te de réponse :"), DateField())
        self.category = form.add("category_code", self.tr("&Catégorie :"), CategoryPicker())
        self.department = form.add("department_code", self.tr("Dé&partement :"),
                                   DepartmentPicker())
        self.partner = form.add("partner_id", self.tr("Pa&rtenaire :"),
                                PartnerPicker(partners, self.tr("aucun (réponse anonyme)")),
                                hint=self.tr("Facultatif : vide, la réponse reste anonyme."))
        self.scores = ScoreGrid()
        form.add_widget(self.scores)
        self.comment = form.add("comment", self.tr("Co&mmentaire :"), TextArea())
        self.origin = form.add("origin", self.tr("Origine :"), QLabel())
        for combo in (self.category, self.department, self.partner):
            combo.lineEdit().textEdited.connect(lambda *_: self.form.changed.emit())
            # Long entries (« Banque de France – commission de surendettement ») must not
            # widen the form past its pane.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        self.partner.activated.connect(self._category_from_partner)
        for field in (self.responded_on, self.category.lineEdit(), self.department.lineEdit(),
                      self.partner.lineEdit()):
            field.returnPressed.connect(lambda f=field: self._advance_from(f))
        self._wire_scores()
        QVBoxLayout(self).addWidget(form)

    # ---- Focus chain: the order Tab, Entrée and each accepted score follow

    def chain(self) -> list[QWidget]:
        return [self.responded_on, self.category, self.department, self.partner,
                *self.scores.fields(), self.comment]

    def _wire_scores(self) -> None:
        for field in self.scores.fields():
            if not field.wired:
                field.wired = True
                field.changed.connect(self.form.changed.emit)
                field.advance.connect(lambda f=field: self._advance_from(f))
        chain = self.chain()
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _advance_from(self, widget: QWidget) -> None:
        chain = self.chain()
        owners = {id(w): w for w in chain}
        for combo in (self.category, self.department, self.partner):
            owners[id(combo.lineEdit())] = combo
        owner = owners[id(widget)]
        completer = owner.completer() if isinstance(owner, QComboBox) else None
        if completer and completer.completionMode() == QCompleter.CompletionMode.PopupCompletion:
            completer.popup().hide()  # the département's list would keep the keyboard
        position = chain.index(owner)
        if position + 1 < len(chain):
            chain[position + 1].setFocus(Qt.FocusReason.TabFocusReason)

    def focus_first_score(self) -> None:
        self.scores.overall.setFocus(Qt.FocusReason.TabFocusReason)

    def _category_from_partner(self, index: int) -> None:
        """Linking a partner fills an empty category with the partner's own."""
        category = self.partner.category_at(index)
        if category and not self.category.code():
            self.category.set_code(category)

    # ---- Campaign and reference lists

    def set_campaign(self, campaign_id: int | None, items: list[CampaignItem]) -> None:
        self.campaign_id = campaign_id
        self.scores.set_items(items)
        self._wire_scores()

    # ---- Loading and saving

    def fill(self, row: ResponseRow | None, con: sqlite3.Connection) -> None:
        if row is not None:
            response = feedback.get_response(con, row.id)
        else:
            category, department = self.remembered or ("", self.default_department)
            response = Response(campaign_id=self.campaign_id, category_code=category,
                                department_code=department)
        self.record_id = response.id
        self.responded_on.set_value(response.responded_on)
        self.category.set_code(response.category_code)
        self.department.set_code(response.department_code)
        self.partner.set_partner(response.partner_id)
        self.scores.overall.set_value(response.overall_score)
        for item_id, field in self.scores.item_fields.items():
            field.set_value(response.answers.get(item_id))
        self.comment.setPlainText(response.comment)
        self._origin = (response.origin, response.origin_file, response.origin_row)
        if response.origin == "FICHIER":
            self.origin.setText(self.tr("fichier « {0} », ligne {1}").format(
                PurePath(response.origin_file).name, response.origin_row))
            self.origin.setToolTip(response.origin_file)
        else:
            self.origin.setText(self.tr("saisie manuelle"))
            self.origin.setToolTip("")

    def write(self, con: sqlite3.Connection) -> int:
        problems = []
        try:
            responded_on = self.responded_on.value()
        except ValueError as exc:
            problems.append(FieldError("responded_on", str(exc)))
            responded_on = None
        if self.partner.lacks_names:
            # Saved before the names came in from the loading thread, or before those read
            # again once a partner was deleted or put back: the partner typed would be
            # refused, or the one deleted refused, or the one put back dropped.
            self.partner.show_partners(PartnerNames.read(con))
        try:
            partner_id = self.partner.partner_id()
        except ValueError as exc:
            problems.append(FieldError("partner_id", str(exc)))
            partner_id = None
        answers = {item_id: field.value() for item_id, field in self.scores.item_fields.items()
                   if field.value() is not None}
        origin, origin_file, origin_row = self._origin
        response = Response(id=self.record_id, campaign_id=self.campaign_id,
                            responded_on=responded_on, category_code=self.category.code(),
                            department_code=self.department.code(), partner_id=partner_id,
                            overall_score=self.scores.overall.value(),
                            comment=self.comment.value(), origin=origin,
                            origin_file=origin_file, origin_row=origin_row, answers=answers)
        problems += response.problems()
        if (response.overall_score is None and not answers and not response.comment
                and self.record_id is None):
            # A second Ctrl+Entrée on the blank form that follows a save: no questionnaire.
            problems.append(FieldError("overall_score", self.tr(
                "Questionnaire vide : tapez au moins une note ou un commentaire.")))
        if problems:
            raise ValidationError(problems)
        if self.record_id:
            stored = mapper.get(con, Response, self.record_id)
            response.uuid, response.created_at = stored.uuid, stored.created_at
        feedback.save_response(con, response)
        self.remembered = (response.category_code, response.department_code)
        return response.id


# ---- Creating a campaign


class CampaignDialog(QDialog):
    """Name, collection period and partners consulted; the items are the ANIL questionnaire.

    ``create`` stores the campaign and raises ValidationError on invalid input, so
    the messages appear beside the fields and the dialog stays open."""

    def __init__(self, create, parent: QWidget | None = None):
        super().__init__(parent)
        self.create = create
        self.setWindowTitle(self.tr("Nouvelle campagne"))
        self.form = Form()
        self.name = self.form.add("name", self.tr("&Nom :"), QLineEdit(
            self.tr("Enquête de satisfaction des partenaires {0}").format(date.today().year)))
        self.period_start = self.form.add("period_start", self.tr("Début de la &collecte :"),
                                          DateField())
        self.period_end = self.form.add("period_end", self.tr("&Fin de la collecte :"),
                                        DateField())
        self.consulted = self.form.add(
            "consulted_count", self.tr("&Partenaires sollicités :"), QSpinBox(),
            hint=self.tr("Nombre de questionnaires envoyés : il donne le taux de réponse."))
        self.consulted.setRange(0, 100_000)
        self.consulted.setSpecialValueText(self.tr("non renseigné"))
        items = "\n".join(f"{position}. {item.label}"
                          for position, item in enumerate(ANIL_ITEMS, start=1))
        questionnaire = QLabel(self.tr("Questionnaire de l'ANIL : appréciation globale de la "
                                       "mission, puis une note par mission :\n{0}").format(items))
        questionnaire.setWordWrap(True)
        self.form.add_widget(questionnaire)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Créer la campagne"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def _create(self) -> None:
        dates, problems = read_dates({"period_start": self.period_start,
                                      "period_end": self.period_end})
        campaign = Campaign(name=self.name.text().strip(), consulted_count=self.consulted.value()
                            or None, **dates)
        problems += campaign.problems()
        try:
            if problems:
                raise ValidationError(problems)
            self.create(campaign)
        except ValidationError as error:
            self.form.show_errors(error)
            self.adjustSize()  # room for the messages, nothing clipped
            return
        self.accept()


# ---- The screen


def _layout_holding(layout: QLayout, widget: QWidget) -> QLayout | None:
    """The layout, inside ``layout``, that holds ``widget`` directly (ListScreen's button row)."""
    if layout.indexOf(widget) >= 0:
        return layout
    for position in range(layout.count()):
        child = layout.itemAt(position).layout()
        found = _layout_holding(child, widget) if child is not None else None
        if found is not None:
            return found
    return None


def _category_ranks() -> dict[str, int]:
    """Each category's place in alphabetical order: sorting 100,000 rows by a number is
    instant, by folded text it takes a second."""
    ordered = sorted(CATEGORY_LABELS, key=lambda code: fold(CATEGORY_LABELS[code]))
    return {code: rank for rank, code in enumerate(ordered)}


def _item_keys(items: list[CampaignItem]) -> list[tuple[int | None, str, int]]:
    """What the form and the list show of the items: a rename or a move changes it."""
    return [(item.id, item.label_text, item.position) for item in items]


def _mean(scores: tuple[Score | None, ...]) -> float | None:
    valid = [score for score in scores if isinstance(score, int)]
    return sum(valid) / len(valid) if valid else None


class FeedbackScreen(ListScreen):
    table_name = "response"
    export_table = "responses"
    default_sort = (0, Qt.SortOrder.DescendingOrder)
    main_column = 2  # « Catégorie »: with the number, it names the response
    kept_columns = 4  # the number, the date, the category and the overall score
    watched_tables = ("response", "answer", "campaign", "campaign_item")
    """Not « partner »: the list shows none, and the form's partner picker reads the
    partners' names again itself (reading 100,000 responses again took 1.3 s)."""
    noun_singular = "réponse"
    noun_plural = "réponses"
    noun_of = "de la réponse"
    new_title = "Nouvelle réponse"
    noun_shown = ("réponse affichée", "réponses affichées")
    empty_hint = ("Aucune réponse pour cette campagne.\nCliquez sur « Nouveau » (Ctrl+N), puis "
                  "tapez les notes au clavier : 1 à 5, 0 ou N pour « non concerné ». "
                  "Ctrl+Entrée enregistre et ouvre le questionnaire suivant.")

    def __init__(self, session, undo_stack, parent=None):
        self.campaign_id: int | None = None
        self._items: list[CampaignItem] = []
        self._fetch_campaign: int | None = None
        self.campaign_dialog: CampaignDialog | None = None
        self.items_dialog = None
        super().__init__(session, undo_stack, parent)
        self._departments = departments()

        self.campaign_combo = QComboBox()
        self.campaign_combo.setAccessibleName(self.tr("Campagne"))
        let_combo_shrink(self.campaign_combo, 20)
        self.campaign_combo.currentIndexChanged.connect(self._campaign_chosen)
        self.campaign_info = QLabel()
        style_as_hint(self.campaign_info)
        self.campaign_info.setWordWrap(True)
        new_campaign = QPushButton(self.tr("Nouvelle campagne…"))
        new_campaign.clicked.connect(self.new_campaign)
        choice = QHBoxLayout()
        campaign_label = QLabel(self.tr("Campa&gne :"))
        campaign_label.setBuddy(self.campaign_combo)
        choice.addWidget(campaign_label)
        choice.addWidget(self.campaign_combo, 1)
        choice.addWidget(self.campaign_info, 1)
        bar = FlowLayout()
        self.items_button = QPushButton(self.tr("&Questions…"))
        self.items_button.setToolTip(self.tr("Ajouter, renommer, ordonner ou supprimer les "
                                             "questions de la campagne (avant toute réponse)"))
        self.items_button.clicked.connect(self.edit_items)
        bar.addWidget(self.items_button)
        bar.addWidget(new_campaign)
        self.import_button = QPushButton(self.tr("Importer un fic&hier…"))
        self.import_button.setToolTip(self.tr("Réponses exportées d'un outil d'enquête (CSV, XLSX)"))
        self.import_button.clicked.connect(self.open_import_wizard)
        bar.addWidget(self.import_button)
        for button in (self.items_button, new_campaign, self.import_button):
            button.setEnabled(self.writable)
        self.questionnaire_button = QuestionnaireButton(session)  # writes nothing in the base
        bar.addWidget(self.questionnaire_button)

        self.no_campaign_button = QPushButton(self.tr("Nou&velle campagne…"))
        self.no_campaign_button.clicked.connect(self.new_campaign)
        self.no_campaign_label = QLabel(self.tr(
            "Aucune campagne de retours des partenaires dans cette base.\n\n"
            "Une campagne regroupe les réponses à un même questionnaire, par exemple "
            "l'enquête annuelle de satisfaction envoyée aux partenaires. Créez-la pour saisir "
            "les questionnaires papier ; les réponses restent anonymes (catégorie de "
            "partenaire et département seulement)."))
        self.no_campaign_label.setWordWrap(True)
        self.no_campaign_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_campaign_label.setObjectName("emptyState")
        no_campaign = QWidget()
        empty = QVBoxLayout(no_campaign)
        empty.addStretch()
        empty.addWidget(self.no_campaign_label)
        empty.addWidget(self.no_campaign_button, 0, Qt.AlignmentFlag.AlignHCenter)
        no_campaign_import = QPushButton(self.tr("Importer un fichier…"))
        no_campaign_import.clicked.connect(self.open_import_wizard)
        empty.addWidget(no_campaign_import, 0, Qt.AlignmentFlag.AlignHCenter)
        empty.addStretch()
        no_campaign.setMaximumWidth(640)

        # ListScreen lays out its list and form; they go under the campaign bar, and
        # give way to the explanation while the base holds no campaign.
        outer = self.layout()
        splitter = self.findChild(QSplitter, options=Qt.FindChildOption.FindDirectChildrenOnly)
        outer.removeWidget(splitter)
        self.with_campaign = QWidget()
        column = QVBoxLayout(self.with_campaign)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(choice)
        column.addLayout(bar)
        column.addWidget(splitter, 1)  # all the height left: the bars keep theirs
        splitter.setSizes([640, 460])  # the form's labels wrap; the list needs the width
        self.pages = QStackedWidget()
        centred = QWidget()
        QHBoxLayout(centred).addWidget(no_campaign)
        self.pages.addWidget(centred)
        self.pages.addWidget(self.with_campaign)
        outer.addWidget(self.pages)

        self.category_filter = QComboBox()
        self.category_filter.setAccessibleName(self.tr("Filtrer par catégorie"))
        self.category_filter.addItem(self.tr("Toutes les catégories"), "")
        self.department_filter = QComboBox()
        self.department_filter.setAccessibleName(self.tr("Filtrer par département"))
        self.department_filter.addItem(self.tr("Tous les départements"), "")
        self.add_filters(self.category_filter, self.department_filter)
        for combo in (self.category_filter, self.department_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.loaded.connect(self._rows_shown)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save_and_next)
        self.save_next_button = QPushButton(self.tr("Enregistrer et &suivant"))
        self.save_next_button.setToolTip(self.tr("Ctrl+Entrée : enregistre et ouvre un nouveau "
                                                 "questionnaire (même catégorie, même "
                                                 "département)"))
        self.save_next_button.clicked.connect(self.save_and_next)
        actions = _layout_holding(self.save_button.parentWidget().layout(), self.save_button)
        actions.insertWidget(actions.indexOf(self.save_button), self.save_next_button)

    # ---- What ListScreen needs

    def extra_views(self):
        from pexdesk.ui.screens.feedback_results import FeedbackResults
        self.results = FeedbackResults(self.session)
        return [(self.tr("Résultats"), self.results)]

    def open_import_wizard(self) -> None:
        """« Importer un fichier… »: nothing is written until its last step."""
        from pexdesk.ui.import_wizard import ImportWizard
        self.import_wizard = ImportWizard(self.session, self, self.campaign_id)
        self.import_wizard.imported.connect(self._imported)
        self.import_wizard.open()

    def _imported(self, result) -> None:
        if result.campaign is None or not result.changed:
            return
        self.refresh()
        index = self.campaign_combo.findData(result.campaign.id)
        if index >= 0:
            self.campaign_combo.setCurrentIndex(index)

    def columns(self):
        ranks = _category_ranks()
        places = {code: rank for rank, code in enumerate(departments())}
        return [
            Column(self.tr("N°"), lambda r: r.id, numeric=True,
                   tooltip=lambda r: self.tr("Ordre de saisie ou d'import")),
            Column(self.tr("Date"), lambda r: r.responded_on),
            Column(self.tr("Catégorie"), lambda r: ranks.get(r.category_code),
                   text=lambda r: r.category_label),
            Column(self.tr("Globale"), lambda r: r.overall_score, numeric=True,
                   text=lambda r: short_score(r.overall_score)),
            Column(self.tr("Dép."), lambda r: places.get(r.department_code),
                   text=lambda r: r.department_code,
                   tooltip=lambda r: self._departments.get(r.department_code, "")),
            # Sorted by the mean of the valid item scores: a number sorts 100,000 rows fast.
            Column(self.tr("Notes par mission"), lambda r: _mean(r.scores), text=self._summary,
                   tooltip=self._summary_tooltip),
            # Sorted on its first words: folding whole comments of 100,000 rows is slow.
            Column(self.tr("Commentaire"), lambda r: r.comment[:24],
                   text=lambda r: truncate(r.comment, COMMENT_EXCERPT),
                   tooltip=lambda r: r.comment),
            Column(self.tr("Origine"), lambda r: r.origin, text=self._origin_text,
                   tooltip=lambda r: r.origin_file),
        ]

    def fetch(self, con):
        """Newest first, as the list is sorted until the user sorts it otherwise: the first
        rows read are then those shown at the top. A load overtaken by another campaign's is
        dropped by ListScreen (the latest request wins)."""
        return feedback.iter_response_rows(con, self._fetch_campaign, newest_first=True)

    def fetch_one(self, con, record_id):
        return next(feedback.iter_response_rows(con, self._fetch_campaign, only=record_id), None)

    def read_order(self, row: ResponseRow):
        return -row.id  # newest first, as :meth:`fetch` reads them

    def export_options(self):
        """The responses of the campaign on screen (the CLI exports them all by default)."""
        from pexdesk.core.services.exchange import Options

        return Options(campaign=self.campaign_combo.currentText() or None)

    def search_text(self, row: ResponseRow) -> str:
        return self.search_texts([row])[0]

    def search_texts(self, rows: list[ResponseRow]) -> list[str]:
        """Date, category, département, file and comment, folded. Only the comments are
        folded row by row: the rest is shared by many responses and folded once for all
        (folding it again for each of 100,000 responses took a third of their loading)."""
        day = cache(lambda when: f"{when.day:02d}/{when.month:02d}/{when.year}" if when else "")
        kind = cache(lambda code, label: fold(f"{label} {code}"))
        place = cache(lambda code: fold(f"{code} {self._departments.get(code, '')}"))
        file = cache(fold)
        return [f"{day(row.responded_on)} {kind(row.category_code, row.category_label)} "
                f"{place(row.department_code)} {file(row.origin_file)} {comment}"
                for row, comment in zip(rows, fold_all([row.comment for row in rows]))]

    def row_title(self, row: ResponseRow) -> str:
        return self.tr("Réponse n° {0} – {1}").format(row.id, row.category_label)

    def make_editor(self):
        return ResponseEditor(self.session.department_code, PartnerDirectory.of(self.session))

    def active_filters(self):
        category = self.category_filter.currentData()
        department = self.department_filter.currentData()
        return ([lambda r: r.category_code == category] if category else []) + (
            [lambda r: r.department_code == department] if department else [])

    def deletion_consequences(self, row: ResponseRow):
        answered = sum(score is not None for score in row.scores)
        if not answered:
            return []
        return [self.tr("ses {0} par mission").format(plural(answered, self.tr("note")))]

    def delete_row(self, con, row: ResponseRow) -> None:
        feedback.delete_response(con, row.id)

    # ---- Column texts

    def _summary(self, row: ResponseRow) -> str:
        return " ".join(short_score(score) for score in row.scores)

    def _summary_tooltip(self, row: ResponseRow) -> str:
        return "\n".join(f"{item.position}. {item.label_text} : "
                         f"{score_text(score) or self.tr('sans réponse')}"
                         for item, score in zip(self._items, row.scores))

    def _origin_text(self, row: ResponseRow) -> str:
        if row.origin == "FICHIER":
            return self.tr("{0}, l. {1}").format(PurePath(row.origin_file).name, row.origin_row)
        return self.tr("saisie")

    # ---- Campaigns

    def refresh(self) -> None:
        con = self.session.con
        campaigns = feedback.campaigns(con)
        with QSignalBlocker(self.campaign_combo):
            self.campaign_combo.clear()
            for campaign in campaigns:
                self.campaign_combo.addItem(campaign.name, campaign.id)
            index = self.campaign_combo.findData(self.campaign_id)
            self.campaign_combo.setCurrentIndex(index if index >= 0 else 0)
        chosen = self.campaign_combo.currentData()
        if chosen != self.campaign_id or (
                chosen is not None
                and _item_keys(feedback.items_of(con, chosen)) != _item_keys(self._items)):
            self._set_campaign(chosen)
        self.pages.setCurrentIndex(1 if chosen is not None else 0)
        if chosen is None:
            self.loaded.emit()  # the empty state is what there is to show
            return
        self._fetch_campaign = chosen
        self._show_campaign_info()
        super().refresh()

    def _on_changed(self, table: str) -> None:
        if table == "response.partner_id":
            self._show_partner_again()
        super()._on_changed(table)

    def _show_partner_again(self) -> None:
        """Responses were linked again to a partner put back, or unlinked from it (its
        deletion undone or redone): the form shows its response's partner as it now reads,
        beside the unsaved changes of its other fields, unless the user chose one in it (a
        save would have dropped the link put back). The list shows no partner, and reads
        none of its rows again."""
        picker = self.editor.partner
        if self.editor.record_id is None or picker.chosen:
            return
        try:
            response = mapper.get(self.session.con, Response, self.editor.record_id)
        except NotFoundError:
            return  # deleted while another screen was shown: the list's next load says so
        with QSignalBlocker(picker):
            picker.set_partner(response.partner_id)

    def _set_campaign(self, campaign_id: int | None) -> None:
        self.campaign_id = campaign_id
        self.results.set_campaign(campaign_id)
        self.questionnaire_button.set_subject(campaign_id)
        self._items = feedback.items_of(self.session.con, campaign_id) if campaign_id else []
        self.editor.mark_clean()
        self.editor.set_campaign(campaign_id, self._items)
        self.editor.record_id = None
        self.editor.setEnabled(False)
        self.editor_title.clear()
        self.model.set_rows([])

    def _campaign_chosen(self, index: int) -> None:
        chosen = self.campaign_combo.itemData(index)
        if chosen == self.campaign_id:
            return
        if self.editor.dirty and not self._resolve_unsaved():
            with QSignalBlocker(self.campaign_combo):
                self.campaign_combo.setCurrentIndex(
                    self.campaign_combo.findData(self.campaign_id))
            return
        self._set_campaign(chosen)
        self.refresh()

    def _show_campaign_info(self, responses: int | None = None) -> None:
        campaign = mapper.get(self.session.con, Campaign, self.campaign_id)
        parts = []
        if campaign.period_start and campaign.period_end:
            parts.append(self.tr("collecte du {0} au {1}").format(
                campaign.period_start.strftime("%d/%m/%Y"),
                campaign.period_end.strftime("%d/%m/%Y")))
        elif campaign.period_start:
            parts.append(self.tr("collecte depuis le {0}").format(
                campaign.period_start.strftime("%d/%m/%Y")))
        if campaign.consulted_count:
            count = campaign.consulted_count
            consulted = (self.tr("{0} partenaires sollicités") if count > 1
                         else self.tr("{0} partenaire sollicité")).format(format_number(count))
            if responses is not None and responses > count:  # one of the two is wrong
                consulted += self.tr(", taux de réponse non calculable : plus de réponses ({0}) "
                                     "que de partenaires sollicités").format(
                    format_number(responses))
            elif responses is not None:
                consulted += self.tr(", taux de réponse {0}").format(
                    format_percent(responses / count))
            parts.append(consulted)
        self.campaign_info.setText(" · ".join(parts))

    def new_campaign(self) -> None:
        """Open the dialog; it stays open on invalid input, saying what to fix."""
        self.campaign_dialog = CampaignDialog(self._create_campaign, self)
        self.campaign_dialog.open()

    def _create_campaign(self, campaign: Campaign) -> None:
        items = [(item.code, item.label) for item in ANIL_ITEMS]
        created = self.session.write(
            "campaign", lambda con: feedback.create_campaign(con, campaign, items))
        self.undo_stack.push(RecordCommand(
            self.session, self.tr("la création de la campagne"), absent("campaign", created.id),
            capture(self.session.con, "campaign", created.id)))
        index = self.campaign_combo.findData(created.id)
        if index < 0:
            self.refresh()
            index = self.campaign_combo.findData(created.id)
        self.campaign_combo.setCurrentIndex(index)

    def edit_items(self) -> None:
        """« Questions… »: the campaign's items; the form and the list follow on closing."""
        if self.campaign_id is None:
            return
        if self.editor.dirty and not self._resolve_unsaved():
            return
        from pexdesk.ui.campaign_items_dialog import CampaignItemsDialog
        self.items_dialog = CampaignItemsDialog(self.session, self.undo_stack, self.campaign_id,
                                                self)
        self.items_dialog.finished.connect(lambda _: self.refresh())
        self.items_dialog.open()

    # ---- Loading

    def summarise(self, rows: list[ResponseRow]) -> tuple[Counter, Counter]:
        """Responses per category and per département, for the filters."""
        return (Counter(row.category_code for row in rows),
                Counter(row.department_code for row in rows))

    def summary_after(self, summary, old, new):
        """The counts moved by one: a category or département no longer answered drops out
        of its filter (``+`` keeps the positive counts)."""
        if summary is None:
            return super().summary_after(summary, old, new)
        categories, places = Counter(summary[0]), Counter(summary[1])
        for row, step in ((old, -1), (new, 1)):
            if row is not None:
                categories[row.category_code] += step
                places[row.department_code] += step
        return +categories, +places

    def _rows_shown(self) -> None:
        """Offer the categories and départements present, with their counts."""
        if self.campaign_id is None or self.summary is None:
            return
        self._show_campaign_info(self.model.total_count())
        categories, places = self.summary
        self._fill_filter(self.category_filter, sorted(
            ((code, f"{CATEGORY_LABELS.get(code, code)} ({n})") for code, n in categories.items()),
            key=lambda pair: fold(pair[1])))
        self._fill_filter(self.department_filter, [
            (code, f"{code} – {self._departments.get(code, '')} ({places[code]})")
            for code in sorted(places, key=lambda c: list(self._departments).index(c)
                               if c in self._departments else 999)])

    def _fill_filter(self, combo: QComboBox, choices: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        with QSignalBlocker(combo):
            while combo.count() > 1:
                combo.removeItem(1)
            for code, text in choices:
                combo.addItem(text, code)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
        if current and index < 0:
            self.apply_filter()

    # ---- Fast entry

    def new_record(self) -> None:
        """A new questionnaire; without any campaign yet, Ctrl+N creates the campaign first."""
        if self.campaign_id is None:
            self.new_campaign()
            return
        super().new_record()
        if self.editor.record_id is None:
            self.editor.responded_on.setFocus(Qt.FocusReason.TabFocusReason)

    def duplicate_record(self) -> None:
        if self.campaign_id is not None:
            super().duplicate_record()

    def save_and_next(self) -> None:
        """Ctrl+Entrée: save, then a blank questionnaire keeping category and département."""
        if self.campaign_id is None or not self.editor.isEnabled():
            return
        if not self.save():
            return
        self._leave_row_for_new_record()
        self._edit(None)
        self.editor.mark_dirty()
        self.editor_title.setText(self.tr("Nouvelle réponse – la précédente est enregistrée"))
        self.editor.focus_first_score()

