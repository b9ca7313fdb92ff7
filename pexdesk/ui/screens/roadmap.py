"""Feuille de route: the five official axes (and local ones), their actions, progress and journal."""

from __future__ import annotations

import sqlite3
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout,
                               QLabel, QLineEdit, QMessageBox, QPushButton, QSlider,
                               QSpinBox, QVBoxLayout, QWidget)

from pexdesk.core.domain.kinds import ACTION_STATUS_LABELS, ActionStatus
from pexdesk.core.domain.models import Action, Axis, Deliverable, JournalEntry
from pexdesk.core.domain.rules import parse_french_date
from pexdesk.core.errors import FieldError, PexdeskError, ValidationError
from pexdesk.core.formatting import format_number, plural
from pexdesk.core.repositories import mapper, meetings, roadmap
from pexdesk.core.repositories.roadmap import ActionRow
from pexdesk.core.services.snapshots import absent, capture
from pexdesk.ui.commands import RecordCommand
from pexdesk.ui.forms import DateField, Form, TextArea, read_dates
from pexdesk.ui.late import LATE_BRUSH, LATE_TEXT_STYLE
from pexdesk.ui.meeting_list import MeetingList
from pexdesk.ui.models.editable import EditableColumn, EditableRecordsModel
from pexdesk.ui.models.groups import Group, Grouping
from pexdesk.ui.models.table import Column
from pexdesk.ui.partner_checklist import PartnerChecklist
from pexdesk.ui.partner_names import PartnerDirectory
from pexdesk.ui.screens.charter import CharterView
from pexdesk.ui.screens.list_screen import ListScreen, RecordEditor
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import ErrorLabel, LinesView, RecordsTable

AXIS_COLUMN = 4
"""The « Axe » column: sorted by it, the list reads as the roadmap does, axis by axis."""
MEETING_TABLES = ("meeting", "meeting_action")
"""Where a meeting's actions are written: « meeting » for a save on Réunions, both for
its undo."""


def _date_text(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


class ProgressField(QWidget):
    """A slider and a spin box kept in step: drag for a rough value, type for an exact one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 100)
        self.slider.setSingleStep(5)
        self.slider.setPageStep(10)
        self.spin = QSpinBox()
        self.spin.setRange(0, 100)
        self.spin.setSuffix(" %")
        self.slider.valueChanged.connect(self.spin.setValue)
        self.spin.valueChanged.connect(self.slider.setValue)
        self.slider.setAccessibleName(self.tr("Avancement"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.changed = self.spin.valueChanged
        self.setFocusProxy(self.spin)

    def value(self) -> int:
        return self.spin.value()

    def set_value(self, value: int) -> None:
        self.spin.setValue(value)


class JournalPanel(QWidget):
    """The action's dated progress notes, newest first; a note is saved as soon as it is added."""

    def __init__(self, screen: RoadmapScreen):
        super().__init__()
        self.screen = screen
        self.entries = LinesView()
        self.entries.setMinimumHeight(110)
        self.entries.setAccessibleName(self.tr("Journal de l'action"))
        self.entry_on = DateField()
        self.entry_on.setAccessibleName(self.tr("Date de la note"))
        self.entry_on.setMaximumWidth(110)
        self.text = QLineEdit()
        # A few words beside the whole date (at 150 % the note was cut to « N… »): the
        # form's pane asks for that much room.
        self.text.setMinimumWidth(self.text.fontMetrics().averageCharWidth() * 16)
        self.text.setAccessibleName(self.tr("Note d'avancement"))
        self.text.setPlaceholderText(self.tr("Nouvelle note d'avancement…"))
        self.text.returnPressed.connect(self.add_entry)
        self.add_button = QPushButton(self.tr("Ajouter au journal"))
        self.add_button.clicked.connect(self.add_entry)
        self.errors = ErrorLabel()
        row = QHBoxLayout()
        row.addWidget(self.entry_on)
        row.addWidget(self.text, 1)
        button_row = QHBoxLayout()
        button_row.addStretch()
        button_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.entries)
        layout.addLayout(row)
        layout.addLayout(button_row)
        layout.addWidget(self.errors)
        self.setFocusProxy(self.text)  # Alt+J: straight to the new note
        self.action_id: int | None = None

    def show_action(self, action_id: int | None, con: sqlite3.Connection) -> None:
        self.action_id = action_id
        self.errors.clear_messages()
        self.text.clear()
        self.entry_on.set_value(date.today())
        lines = [f"{entry.entry_on:%d/%m/%Y} — {entry.text}"
                 for entry in (roadmap.journal_of(con, action_id) if action_id else [])]
        if action_id and not lines:
            lines = [self.tr("Aucune note pour l'instant.")]
        enabled = action_id is not None
        for widget in (self.entry_on, self.text, self.add_button):
            widget.setEnabled(enabled)
        if not enabled:
            lines = [self.tr("Enregistrez l'action pour tenir son journal.")]
        self.entries.set_lines(lines)

    def add_entry(self) -> None:
        if self.action_id is None:
            return
        try:
            entry = JournalEntry(action_id=self.action_id, entry_on=self.entry_on.value(),
                                 text=self.text.text().strip())
        except ValueError as exc:
            self.errors.show_messages([str(exc)])
            return
        session = self.screen.session
        try:
            session.write("action_journal", lambda con: roadmap.add_journal_entry(con, entry))
        except ValidationError as error:
            self.errors.show_messages([e.message for e in error.errors])
            return
        self.screen.undo_stack.push(RecordCommand(
            session, self.tr("l'ajout d'une note au journal"),
            absent("action_journal", entry.id), capture(session.con, "action_journal", entry.id)))
        self.show_action(self.action_id, session.con)


class ActionEditor(RecordEditor):
    def __init__(self, screen: RoadmapScreen):
        super().__init__()
        form = self.form
        self.axis = form.add("axis_id", self.tr("Axe :"), QComboBox())
        self.title = form.add("title", self.tr("In&titulé :"), QLineEdit())
        self.status = form.add("status", self.tr("&Statut :"), QComboBox())
        for status, label in ACTION_STATUS_LABELS.items():
            self.status.addItem(label, status.value)
        self.progress = form.add("progress", self.tr("Avan&cement :"), ProgressField())
        self.status.activated.connect(self._status_chosen)
        dates = QWidget()
        self.start_on = DateField()
        self.start_on.setAccessibleName(self.tr("Date de début"))
        self.due_on = DateField()
        self.due_on.setAccessibleName(self.tr("Échéance"))
        row = QHBoxLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("du")))
        row.addWidget(self.start_on)
        row.addWidget(QLabel(self.tr("échéance")))
        row.addWidget(self.due_on)
        dates.setFocusProxy(self.start_on)  # where Alt+P goes
        form.add("dates", self.tr("&Période :"), dates)
        for field in (self.start_on, self.due_on):
            field.textEdited.connect(lambda *_: self.mark_dirty())
        self.description = form.add("description", self.tr("Desc&ription :"), TextArea())
        self.leads = form.add("leads", self.tr("Pi&lotes :"),
                              PartnerChecklist(PartnerDirectory.of(screen.session),
                                               self._leads_stored))
        self.deliverables_model = EditableRecordsModel(
            [EditableColumn("label_text", self.tr("Livrable")),
             EditableColumn("delivered_on", self.tr("Livré le"), to_text=_date_text,
                            from_text=parse_french_date)],
            lambda: Deliverable(label_text=""))
        self.deliverables = form.add("deliverables", self.tr("Li&vrables :"), RecordsTable(
            self.deliverables_model, self.tr("Ajouter un livrable"),
            self.tr("Retirer le livrable")), wide=True)
        self.meetings = form.add("meetings", self.tr("Réuni&ons :"), MeetingList(),
                                 hint=self.tr("Les réunions qui ont abordé l'action (cochée "
                                              "dans leur fiche). Entrée ou double-clic : "
                                              "ouvrir la réunion."), wide=True)
        self.meetings.open_meeting.connect(
            lambda meeting_id: screen.navigate.emit("meetings", {"record": meeting_id}))
        self.journal = JournalPanel(screen)
        form.add("journal", self.tr("&Journal :"), self.journal, wide=True)
        QVBoxLayout(self).addWidget(form)

    def _status_chosen(self) -> None:
        """An action marked « Réalisée » is done: its progress goes to 100 % (left at 30 %,
        it lowered the dashboard's average progress of a finished roadmap)."""
        if self.status.currentData() == ActionStatus.REALISEE and self.progress.value() < 100:
            self.progress.set_value(100)

    def fill(self, row: ActionRow | None, con: sqlite3.Connection) -> None:
        action = mapper.get(con, Action, row.id) if row else Action(axis_id=None, title="")
        self.record_id = action.id
        self.axis.clear()
        for axis in roadmap.axes(con):
            self.axis.addItem(f"{axis.code} – {axis.label_text}", axis.id)
        self.axis.setCurrentIndex(self.axis.findData(action.axis_id))
        self.title.setText(action.title)
        self.status.setCurrentIndex(self.status.findData(action.status))
        self.progress.set_value(action.progress)
        self.start_on.set_value(action.start_on)
        self.due_on.set_value(action.due_on)
        self.description.setPlainText(action.description)
        self.leads.show_checked(self._leads_stored(con))
        self.deliverables_model.set_records(roadmap.deliverables_of(con, action.id)
                                            if action.id else [])
        self.show_meetings(con)
        self.journal.show_action(action.id, con)

    def show_meetings(self, con: sqlite3.Connection) -> None:
        """The meetings that dealt with the action, as they now read: the meeting's form
        says which actions it dealt with, so they follow a meeting saved there even while
        this form is typed in."""
        self.meetings.show_meetings(
            meetings.meetings_dealing_with(con, self.record_id) if self.record_id else [],
            self.tr("Aucune réunion n'a encore abordé cette action.") if self.record_id
            else "")

    def _leads_stored(self, con: sqlite3.Connection) -> list[int]:
        return roadmap.leads_of(con, self.record_id) if self.record_id else []

    def prepare_duplicate(self) -> None:
        super().prepare_duplicate()
        self.title.setText(self.tr("{0} (copie)").format(self.title.text()))
        self.progress.set_value(0)
        self.status.setCurrentIndex(self.status.findData(ActionStatus.A_LANCER))
        self.deliverables_model.set_records([])
        self.meetings.show_meetings([], "")
        self.journal.show_action(None, None)

    def write(self, con: sqlite3.Connection) -> int:
        dates, problems = read_dates({"start_on": self.start_on, "due_on": self.due_on}, "dates")
        action = Action(id=self.record_id, axis_id=self.axis.currentData(),
                        title=self.title.text().strip(), description=self.description.value(),
                        status=self.status.currentData(), progress=self.progress.value(), **dates)
        problems += [FieldError("dates", p.message) if p.field in dates else p
                     for p in action.problems()]
        deliverables, rows = self.deliverables_model.filled_records(
            lambda d: d.label_text or d.delivered_on)
        for row, deliverable in zip(rows, deliverables):
            problems += [FieldError("deliverables", self.tr("Livrable n° {0} : {1}")
                                    .format(row, p.message)) for p in deliverable.problems()]
        if problems:
            raise ValidationError(problems)
        if self.record_id:
            stored = mapper.get(con, Action, self.record_id)
            action.uuid, action.created_at = stored.uuid, stored.created_at
        roadmap.save_action(con, action, self.leads.checked_ids(con), deliverables)
        return action.id


class AxisDialog(QDialog):
    """Add a local axis beside the five official ones."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nouvel axe de la feuille de route"))
        self.form = Form()
        self.code = self.form.add("code", self.tr("&Code :"), QLineEdit())
        self.code.setPlaceholderText(self.tr("ex. FR6_JEUNES"))
        self.label = self.form.add("label_text", self.tr("&Intitulé :"), QLineEdit())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def axis(self) -> Axis:
        return Axis(code=self.code.text().strip().upper(), label_text=self.label.text().strip())

    def show_errors(self, error: ValidationError) -> None:
        """The messages, and the height they need: the dialog grew only to its minimum
        height, which Qt's form layout underrates, and squeezed the fields to slits."""
        self.form.show_errors(error)
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))


class RoadmapScreen(ListScreen):
    table_name = "action"
    export_table = "actions"
    watched_tables = ("action", "action_journal", "action_lead", "deliverable", "roadmap_axis",
                      "partner")
    main_column = 0  # « Action »
    kept_columns = 3  # the action, its status and its due date; the axis labels repeat
    default_sort = (AXIS_COLUMN, Qt.SortOrder.AscendingOrder)
    noun_singular = "action"
    noun_plural = "actions"
    noun_of = "de l'action"
    new_title = "Nouvelle action"
    noun_shown = ("action affichée", "actions affichées")
    empty_hint = ("La feuille de route n'a encore aucune action.\nCliquez sur « Nouveau » "
                  "(Ctrl+N) pour en ajouter une sous l'un des cinq axes.")

    def __init__(self, session, undo_stack, parent=None):
        super().__init__(session, undo_stack, parent)
        self.axis_filter = QComboBox()
        self.axis_filter.setAccessibleName(self.tr("Filtrer par axe"))
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(self.tr("Filtrer par statut"))
        self.status_filter.addItem(self.tr("Tous les statuts"), "")
        for status, label in ACTION_STATUS_LABELS.items():
            self.status_filter.addItem(label, status.value)
        self.status_filter.addItem(self.tr("En retard"), "LATE")
        self.new_axis_button = QPushButton(self.tr("Nouvel axe…"))
        self.new_axis_button.clicked.connect(self.add_axis)
        # The « Axe » column lies beyond the list's right edge: sorted by another column,
        # this is the way back to the actions grouped under their axes.
        self.group_button = QPushButton(self.tr("Re&grouper par axe"))
        self.group_button.setToolTip(self.tr(
            "Les actions sous leur axe, dans l'ordre de la feuille de route"))
        self.group_button.clicked.connect(
            lambda: self.table.sortByColumn(AXIS_COLUMN, Qt.SortOrder.AscendingOrder))
        header = self.table.horizontalHeader()
        header.sortIndicatorChanged.connect(
            lambda column, _: self.group_button.setEnabled(column != AXIS_COLUMN))
        self.group_button.setEnabled(header.sortIndicatorSection() != AXIS_COLUMN)
        self.add_filters(self.axis_filter, self.status_filter, self.new_axis_button,
                         self.group_button)
        self.axis_filter.currentIndexChanged.connect(self.apply_filter)
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.late_label = QLabel()
        self.add_filters(self.late_label)
        self.loaded.connect(self._update_axes)
        # The charte's objectives and their evaluation take the whole width.
        self.tabs.currentChanged.connect(self._tab_shown)

    def extra_views(self):
        self.charter = CharterView(self)
        return [(self.tr("C&harte"), self.charter)]

    def _charter_shown(self) -> bool:
        return self.tabs.currentWidget() is self.charter

    def _tab_shown(self) -> None:
        self.editor_area.setHidden(self._charter_shown())
        self.charter.commands_moved()

    def command_buttons(self):
        """Enregistrer and Annuler les modifications (Ctrl+S, the Édition menu) act on the
        charte while its tab is shown; its buttons are watched from the start."""
        buttons = super().command_buttons()
        charter = {"save": self.charter.save_button, "revert": self.charter.cancel_button}
        if self._charter_shown():
            return {**buttons, **charter}
        return {**buttons, **{f"charter_{name}": button for name, button in charter.items()}}

    def save(self) -> bool:
        return self.charter.save() if self._charter_shown() else super().save()

    def revert(self) -> None:
        if self._charter_shown():
            self.charter.revert()
        else:
            super().revert()

    def can_leave(self) -> bool:
        return super().can_leave() and self.charter.can_leave()

    def columns(self):
        return [
            Column(self.tr("Action"), lambda r: r.title),
            Column(self.tr("Statut"), lambda r: r.status,
                   text=lambda r: ACTION_STATUS_LABELS[r.status]
                   + (self.tr(" – en retard") if r.late else "")),
            Column(self.tr("Échéance"), lambda r: r.due_on),
            Column(self.tr("Avancement"), lambda r: r.progress, text=lambda r: f"{r.progress} %",
                   numeric=True),
            Column(self.tr("Axe"), lambda r: r.axis_order, text=lambda r: r.axis_label,
                   tooltip=lambda r: f"{r.axis_label} ({r.axis_code})"),
            Column(self.tr("Pilotes"), lambda r: r.leads),
            Column(self.tr("Dernière note"), lambda r: r.last_entry_on),
        ]

    def grouping(self):
        return Grouping(AXIS_COLUMN, lambda r: r.axis_id, self._axis_group)

    def _axis_group(self, rows: list[ActionRow], total: int) -> Group:
        """« 4 actions, dont 1 en retard »; « 2 sur 4 actions » when the search or filters
        hide some."""
        axis = rows[0]
        count = plural(total, self.tr("action"))
        if len(rows) < total:
            count = self.tr("{0} sur {1}").format(format_number(len(rows)), count)
        late = sum(row.late for row in rows)
        summary = count + (self.tr(", dont {0} en retard").format(late) if late else "")
        return Group(axis.axis_label, summary, count, self.tr("Axe {0} ({1}) : {2}").format(
            axis.axis_label, axis.axis_code, summary))

    def fetch(self, con):
        return roadmap.action_rows(con, date.today())

    def fetch_one(self, con, record_id):
        return next(iter(roadmap.action_rows(con, date.today(), record_id)), None)

    def read_order(self, row: ActionRow):
        return roadmap.action_row_order(row)

    def search_text(self, row: ActionRow) -> str:
        return " ".join((row.axis_code, row.axis_label, row.title, row.leads,
                         ACTION_STATUS_LABELS[row.status],
                         self.tr("en retard") if row.late else ""))  # as the column reads

    def row_title(self, row: ActionRow) -> str:
        return row.title

    def highlight(self, row: ActionRow):
        return LATE_BRUSH if row.late else None

    def make_editor(self):
        return ActionEditor(self)

    def active_filters(self):
        axis = self.axis_filter.currentData()
        status = self.status_filter.currentData()
        tests = [lambda r: r.axis_id == axis] if axis else []
        if status == "LATE":
            tests.append(lambda r: r.late)
        elif status:
            tests.append(lambda r: r.status == status)
        return tests

    def _update_axes(self) -> None:
        current = self.axis_filter.currentData()
        self.axis_filter.blockSignals(True)
        self.axis_filter.clear()
        self.axis_filter.addItem(self.tr("Tous les axes"), 0)
        for axis in roadmap.axes(self.session.con):
            self.axis_filter.addItem(f"{axis.code} – {axis.label_text}", axis.id)
        self.axis_filter.setCurrentIndex(max(0, self.axis_filter.findData(current)))
        self.axis_filter.blockSignals(False)
        late = sum(row.late for row in self.model.all_rows())
        self.late_label.setText(self.tr("{0} en retard").format(late) if late else "")
        self.late_label.setStyleSheet(LATE_TEXT_STYLE if late else "")

    def add_axis(self) -> None:
        dialog = AxisDialog(self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            axis = dialog.axis()
            try:
                self.session.write("roadmap_axis", lambda con: roadmap.save_axis(con, axis))
            except ValidationError as error:
                dialog.show_errors(error)
                continue
            except PexdeskError as error:
                QMessageBox.warning(self, self.tr("Enregistrement impossible"), typeset(error))
            return

    def _on_changed(self, table: str) -> None:
        """A meeting saved or undone elsewhere may have dealt with the action shown: its
        list of meetings is read again (one query), not the roadmap's actions."""
        if table in MEETING_TABLES:
            self.editor.show_meetings(self.session.con)
        self.charter.mark_stale(table)
        super()._on_changed(table)

    def deletion_consequences(self, row: ActionRow):
        lines = []
        dealt_with = len(meetings.meetings_dealing_with(self.session.con, row.id))
        if dealt_with:
            lines.append(self.tr("son lien avec {0} (les réunions restent)").format(
                plural(dealt_with, self.tr("réunion qui l'a abordée"),
                       self.tr("réunions qui l'ont abordée"))))
        if row.journal_entries:
            lines.append(self.tr("{0} de son journal").format(
                plural(row.journal_entries, self.tr("note"))))
        deliverables = roadmap.deliverables_of(self.session.con, row.id)
        if deliverables:
            lines.append(plural(len(deliverables), self.tr("livrable")))
        return lines

    def delete_row(self, con, row: ActionRow) -> None:
        roadmap.delete_action(con, row.id)
