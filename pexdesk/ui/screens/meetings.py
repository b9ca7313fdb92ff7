"""Réunions CCAPEX: plénières, commissions techniques and sous-CCAPEX, as counts only."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLabel, QSpinBox,
                               QTableView, QVBoxLayout, QWidget)

from pexdesk.core.domain.kinds import (COMMISSION_KINDS, MEETING_KIND_LABELS, MEETING_MODE_LABELS,
                                       MeetingKind)
from pexdesk.core.domain.models import FollowUp, Meeting
from pexdesk.core.domain.rules import parse_french_date
from pexdesk.core.formatting import MONTHS, agree, plural
from pexdesk.core.errors import FieldError, NotFoundError, ValidationError
from pexdesk.core.reference.membership import CO_PRESIDENTS
from pexdesk.core.repositories import mapper, meetings
from pexdesk.core.repositories.meetings import MeetingRow
from pexdesk.core.services.reporting.periods import Period
from pexdesk.ui.breakdown_editor import FIELD, BreakdownEditor
from pexdesk.ui.action_checklist import ActionChecklist
from pexdesk.ui.attendee_checklist import AttendeeChecklist
from pexdesk.ui.forms import DateField, OptionalCount, TextArea
from pexdesk.ui.models.editable import EditableColumn, EditableRecordsModel
from pexdesk.ui.models.table import Column, RowProxyModel, RowTableModel
from pexdesk.ui.partner_cells import PartnerColumn, PartnerRecordsTable
from pexdesk.ui.partner_names import PartnerDirectory, PartnerNames
from pexdesk.ui.partner_picker import PartnerPicker
from pexdesk.ui.releve_button import ReleveButton
from pexdesk.ui.screens.followups import FollowUpsView
from pexdesk.ui.screens.list_screen import ListScreen, RecordEditor
from pexdesk.ui.sitting_fields import ChairField, HoursField
from pexdesk.ui.spelling_field import (SpellingsInUse, TerritoryField, place_field,
                                      respells_through)
from pexdesk.ui.widgets import FlowLayout, keyboard_friendly_list

MAX_COUNT = 10_000

ACTION_TABLES = ("action", "roadmap_axis", "meeting_action")
"""What the actions offered by the form are read from."""

ALL_YEARS, PERIOD = 0, -1
"""The year filter's choices that are no year: every meeting, the dashboard's period."""


def _count_box() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, MAX_COUNT)
    box.setAccelerated(True)
    return box


def _date_text(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


class AgendaField(QWidget):
    """« Ordre du jour : [14] inscrits, dont [3] ajournés »: the two counts of the meeting's
    agenda, each « non saisi » until typed, on one row under one Alt+letter (the form has
    no letter left for a second one)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.registered = OptionalCount(MAX_COUNT)
        self.registered.setAccessibleName(self.tr("Dossiers inscrits à l'ordre du jour"))
        self.adjourned = OptionalCount(MAX_COUNT)
        self.adjourned.setAccessibleName(self.tr("Dossiers ajournés"))
        registered_words = QLabel()
        adjourned_words = QLabel()
        row = FlowLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for parts in ((self.registered, registered_words),
                      (QLabel(self.tr("dont")), self.adjourned, adjourned_words)):
            group = QWidget()
            line = QHBoxLayout(group)
            line.setContentsMargins(0, 0, 0, 0)
            for part in parts:
                line.addWidget(part)
            row.addWidget(group)
        for box, words, forms in (
                (self.registered, registered_words, (self.tr("inscrit,"), self.tr("inscrits,"))),
                (self.adjourned, adjourned_words, (self.tr("ajourné"), self.tr("ajournés")))):
            box.valueChanged.connect(partial(_agree, words, forms))
            box.valueChanged.connect(lambda _count: self.changed.emit())
            _agree(words, forms, box.value())
        self.setFocusProxy(self.registered)
        QWidget.setTabOrder(self.registered, self.adjourned)

    def set_counts(self, registered: int | None, adjourned: int | None) -> None:
        self.registered.set_count(registered)
        self.adjourned.set_count(adjourned)


def _agree(words: QLabel, forms: tuple[str, str], count: int) -> None:
    """« 1 inscrit », « 14 inscrits »; « non saisi » takes the plural."""
    words.setText(agree(count if count != OptionalCount.UNSET else 2, *forms))


class MeetingEditor(RecordEditor):
    def __init__(self, partners: PartnerDirectory, spellings: SpellingsInUse, parent=None):
        super().__init__(parent)
        form = self.form
        self.held_on = form.add("held_on", self.tr("Date :"), DateField())
        self.kind = form.add("kind", self.tr("T&ype :"), QComboBox())
        for kind, label in MEETING_KIND_LABELS.items():
            self.kind.addItem(label, kind.value)
        self.territory = form.add("territory", self.tr("Te&rritoire :"),
                                  TerritoryField(spellings),
                                  hint=self.tr("Obligatoire pour une sous-CCAPEX "
                                               "(arrondissement, EPCI, secteur…)."))
        form.add_below("territory", self.territory.notice)
        self.mode = form.add("mode", self.tr("&Modalité :"), QComboBox())
        for mode, label in MEETING_MODE_LABELS.items():
            self.mode.addItem(label, mode.value)
        self.place = form.add("place", self.tr("&Lieu :"), place_field(spellings))
        # Horaires, Présidence then Secrétariat: Alt+H, then Tab through the sitting (the
        # form has no letter left in the two words).
        self.hours = form.add(HOURS, self.tr("&Horaires :"), HoursField())
        self.chair = form.add(CHAIR, self.tr("Présidence :"), ChairField())
        self.secretariat = form.add("secretariat_partner_id", self.tr("Secrétariat :"),
                                    PartnerPicker(partners, self.tr("non renseigné")))
        self.secretariat.lineEdit().textEdited.connect(lambda *_: self.form.changed.emit())
        self.secretariat.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.secretariat.setMinimumContentsLength(16)
        self.agenda = form.add(AGENDA, self.tr("Ordre du &jour :"), AgendaField())
        self.dossiers = form.add("dossiers_examined", self.tr("D&ossiers examinés :"),
                                 _count_box())
        self.opinions = form.add("opinions_issued", self.tr("Avis et re&commandations :"),
                                 _count_box())
        self.breakdown = form.add(FIELD, self.tr("Ventilation :"), BreakdownEditor(
            {"dossiers_examined": self.dossiers, "opinions_issued": self.opinions}), wide=True)
        self.notes = form.add("notes", self.tr("Note&s :"), TextArea())
        self.attendees = form.add("attendees", self.tr("&Participants :"),
                                  AttendeeChecklist(partners, self._attendees_stored))
        self.attendees.propose_voices_when(lambda: self.kind.currentData() in COMMISSION_KINDS)
        self.actions = form.add("actions", self.tr("Actions a&bordées :"),
                                ActionChecklist(self._actions_stored),
                                hint=self.tr("Les actions de la feuille de route dont la "
                                             "réunion a traité."), wide=True)
        self._actions_read = False
        owners = PartnerColumn("owner_partner_id", self.tr("Responsable"))
        self.followups_model = EditableRecordsModel(
            [EditableColumn("description", self.tr("Suite")),
             owners.column,
             EditableColumn("due_on", self.tr("Échéance"), to_text=_date_text,
                            from_text=parse_french_date),
             EditableColumn("done", self.tr("Fait"), checkable=True)],
            lambda: FollowUp(description=""))
        self.followups = form.add("followups", self.tr("Suites à donner :"), PartnerRecordsTable(
            partners, self.followups_model, owners, self._owners_stored,
            self.tr("Ajouter une suite"), self.tr("Retirer la suite")), wide=True)
        QVBoxLayout(self).addWidget(form)

    def fill(self, row: MeetingRow | None, con: sqlite3.Connection) -> None:
        meeting = mapper.get(con, Meeting, row.id) if row else Meeting(
            held_on=None, kind=MeetingKind.TECHNIQUE)
        self.record_id = meeting.id
        self.held_on.set_value(meeting.held_on)
        self.kind.setCurrentIndex(self.kind.findData(meeting.kind))
        self.territory.show_stored(meeting.id, meeting.territory)
        self.mode.setCurrentIndex(self.mode.findData(meeting.mode))
        self.place.setText(meeting.place)
        self.hours.set_times(meeting.start_time, meeting.end_time)
        self.chair.set_presences({chair.field: getattr(meeting, chair.field)
                                  for chair in CO_PRESIDENTS})
        self.secretariat.set_partner(meeting.secretariat_partner_id)
        self.agenda.set_counts(meeting.dossiers_registered, meeting.dossiers_adjourned)
        self.dossiers.setValue(meeting.dossiers_examined)
        self.opinions.setValue(meeting.opinions_issued)
        self.breakdown.set_breakdown(meetings.breakdown_of(con, meeting.id) if meeting.id
                                     else {})
        self.notes.setPlainText(meeting.notes)
        self.attendees.show_checked(self._attendees_stored(con))
        if not self._actions_read:
            self.read_actions(con)
        self.actions.show_checked(self._actions_stored(con))
        self.followups_model.set_records(meetings.followups_of(con, meeting.id) if meeting.id
                                         else [])

    def read_actions(self, con: sqlite3.Connection) -> None:
        """The roadmap's actions as they now read (one added, renamed or deleted, its
        deletion undone): what the form holds ticked stays ticked."""
        self._actions_read = True
        self.actions.read_actions(con)

    def _attendees_stored(self, con: sqlite3.Connection) -> dict[int, str | None]:
        return meetings.attendee_voices(con, self.record_id) if self.record_id else {}

    def _actions_stored(self, con: sqlite3.Connection) -> list[int]:
        return meetings.action_ids_of(con, self.record_id) if self.record_id else []

    def _owners_stored(self, con: sqlite3.Connection) -> dict[int, int | None]:
        return {followup.id: followup.owner_partner_id
                for followup in meetings.followups_of(con, self.record_id)
                } if self.record_id else {}

    def prepare_duplicate(self) -> None:
        """The next meeting of the same series: kind, territory, place, mode, hours,
        secrétariat, attendees with their voices and the actions it deals with are copied;
        its date, présidence, counts and their breakdown, notes and follow-ups are its own
        (copied, the dossiers and avis of the first were counted twice)."""
        super().prepare_duplicate()
        self.territory.show_stored(None, self.territory.text())  # the copy's, not saved yet
        self.held_on.clear()
        self.chair.set_presences({})
        self.agenda.set_counts(None, None)
        for count in (self.dossiers, self.opinions):
            count.setValue(0)
        self.breakdown.set_breakdown({})
        self.notes.clear()
        self.followups_model.set_records([])

    def write(self, con: sqlite3.Connection) -> int:
        if self.secretariat.lacks_names:
            # Saved before the names came in, or before those read again once a partner
            # was deleted or put back (see the same in Retours des partenaires).
            self.secretariat.show_partners(PartnerNames.read(con))
        typed = {name: _read(read, name) for name, read in (
            ("held_on", self.held_on.value), ("start_time", self.hours.start.value),
            ("end_time", self.hours.end.value),
            ("secretariat_partner_id", self.secretariat.partner_id))}
        problems = [value for value in typed.values() if isinstance(value, FieldError)]
        meeting = Meeting(id=self.record_id, kind=self.kind.currentData(),
                          territory=self.territory.text().strip(), mode=self.mode.currentData(),
                          place=self.place.text().strip(), dossiers_examined=self.dossiers.value(),
                          opinions_issued=self.opinions.value(), notes=self.notes.value(),
                          dossiers_registered=self.agenda.registered.count(),
                          dossiers_adjourned=self.agenda.adjourned.count(),
                          **{name: None if isinstance(value, FieldError) else value
                             for name, value in typed.items()}, **self.chair.presences())
        owners_unknown = [_followup_error(self, row, message)
                          for row, message in self.followups.unread(con)]
        if problems or owners_unknown:
            unread = {problem.field for problem in problems}
            raise ValidationError(_on_rows(problems + [
                p for p in meeting.problems() if p.field not in unread] + owners_unknown))
        if self.record_id:
            stored = mapper.get(con, Meeting, self.record_id)
            meeting.uuid, meeting.created_at = stored.uuid, stored.created_at
        followups, rows = self.followups_model.filled_records(
            lambda f: f.description or f.due_on or f.owner_partner_id)
        try:
            meetings.save(con, meeting, self.attendees.checked_ids(con),
                          self.followups.held(con, followups), self.breakdown.breakdown(),
                          self.actions.checked_ids(con), self.attendees.voices(con))
        except ValidationError as error:
            raise ValidationError(_on_rows(self.breakdown.located(
                [_locate_followup(self, e, rows) for e in error.errors]))) from error
        self.territory.stored_as(meeting.id, meeting.territory)
        return meeting.id


def _read(read: Callable[[], object], name: str) -> object:
    """What a field reads (a date, a time, a partner id, None for nothing typed), or the
    :class:`FieldError` saying why it cannot be read."""
    try:
        return read()
    except ValueError as exc:
        return FieldError(name, str(exc))


AGENDA = "agenda"
"""The form's row of the dossiers inscrits and ajournés, under which both counts' messages
show."""
HOURS = "hours"
CHAIR = "chair"
ROWS = {"dossiers_registered": AGENDA, "dossiers_adjourned": AGENDA, "start_time": HOURS,
        "end_time": HOURS, **{chair.field: CHAIR for chair in CO_PRESIDENTS}}
"""The form's row under which a field's message shows, for fields that share one."""


def _on_rows(errors: list[FieldError]) -> list[FieldError]:
    return [FieldError(ROWS[e.field], e.message) if e.field in ROWS else e for e in errors]


def _locate_followup(editor: MeetingEditor, error: FieldError, rows: list[int]) -> FieldError:
    if error.field.startswith("followups["):
        row = rows[int(error.field[len("followups["):error.field.index("]")])]
        return _followup_error(editor, row, error.message)
    return error


def _followup_error(editor: MeetingEditor, row: int, message: str) -> FieldError:
    """``message`` about the follow-up on the table's ``row`` (from 1), under the table."""
    return FieldError("followups", editor.tr("Suite n° {0} : {1}").format(row, message))


@dataclass(frozen=True)
class MonthLine:
    month: int
    counts: dict[str, int]
    dossiers: int
    opinions: int


class MonthlyOverview(QWidget):
    """Meetings per month of a year, by kind, with dossiers and avis: the CCAPEX calendar."""

    def __init__(self, screen: MeetingsScreen):
        super().__init__()
        self.screen = screen
        self.year = QComboBox()
        self.year.setAccessibleName(self.tr("Année"))
        self.year.currentIndexChanged.connect(self.refresh)
        # The month's totals first, then its meetings by kind: after six kinds, the dossiers
        # and avis were out of sight, at 100 % as at 150 %.
        columns = [Column(self.tr("Mois"), lambda r: r.month,
                          text=lambda r: MONTHS[r.month - 1].capitalize()),
                   Column(self.tr("Réunions"), lambda r: sum(r.counts.values()), numeric=True),
                   Column(self.tr("Dossiers examinés"), lambda r: r.dossiers, numeric=True),
                   Column(self.tr("Avis émis"), lambda r: r.opinions, numeric=True)]
        columns += [Column(MEETING_KIND_LABELS[k], lambda r, k=k: r.counts.get(k, 0), numeric=True)
                    for k in MeetingKind]
        self.model = RowTableModel(columns, lambda r: "")
        self.view = QTableView()
        keyboard_friendly_list(self.view)
        self.view.setModel(RowProxyModel(self.model))
        self.view.verticalHeader().hide()
        # Rows as high as the list's: the twelve months in view without scrolling.
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        # Each column as wide as its header: the kinds' names were cut at both ends.
        self.view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.view.setAccessibleName(self.tr("Réunions par mois"))
        self.total = QLabel()
        self.total.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Année :")))
        top.addWidget(self.year)
        top.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view)
        layout.addWidget(self.total)

    def set_years(self, years: list[int]) -> None:
        current = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        for year in years:
            self.year.addItem(str(year), year)
        self.year.blockSignals(False)
        index = self.year.findData(current)
        self.year.setCurrentIndex(index if index >= 0 else 0)
        self.refresh()

    def refresh(self) -> None:
        year = self.year.currentData()
        self.view.setVisible(year is not None)  # an empty grid of twelve months says nothing
        if year is None:
            self.model.set_rows([])
            self.total.setText(self.tr(
                "Aucune réunion enregistrée. La vue par mois compte, mois par mois, les réunions "
                "saisies dans l'onglet « Liste » : Ctrl+N pour saisir la première."))
            return
        months = range(1, 13)
        counts = {m: {} for m in months}
        dossiers = dict.fromkeys(months, 0)
        opinions = dict.fromkeys(months, 0)
        for count in meetings.monthly_overview(self.screen.session.con, year):
            month = int(count.month[5:7])
            counts[month][count.kind] = count.meetings
            dossiers[month] += count.dossiers
            opinions[month] += count.opinions
        lines = [MonthLine(m, counts[m], dossiers[m], opinions[m]) for m in months]
        self.model.set_rows(lines)
        held = sum(sum(line.counts.values()) for line in lines)
        self.total.setText(self.tr("{0} : {1}, {2}, {3}.").format(
            year, plural(held, self.tr("réunion")),
            plural(sum(dossiers.values()), self.tr("dossier examiné"),
                   self.tr("dossiers examinés")),
            plural(sum(opinions.values()), self.tr("avis émis"), self.tr("avis émis"))))


class MeetingsScreen(ListScreen):
    table_name = "meeting"
    export_table = "meetings"
    default_sort = (0, Qt.SortOrder.DescendingOrder)
    main_column = 1  # « Type »: with the date, it names the meeting
    kept_columns = 4  # the date, the type and the figures of the CCAPEX
    watched_tables = ("meeting", "meeting_attendance", "meeting_followup", "partner")
    noun_singular = "réunion"
    noun_plural = "réunions"
    noun_of = "de la réunion"
    new_title = "Nouvelle réunion"
    noun_shown = ("réunion affichée", "réunions affichées")
    empty_hint = ("Aucune réunion enregistrée.\nCliquez sur « Nouveau » (Ctrl+N) pour saisir "
                  "la première CCAPEX : date, type, participants, nombre de dossiers et d'avis.")

    def __init__(self, session, undo_stack, parent=None):
        super().__init__(session, undo_stack, parent)
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName(self.tr("Filtrer par type de réunion"))
        self.kind_filter.addItem(self.tr("Tous les types"), "")
        for kind, label in MEETING_KIND_LABELS.items():
            self.kind_filter.addItem(label, kind.value)
        self.year_filter = QComboBox()
        self.year_filter.setAccessibleName(self.tr("Filtrer par année ou période"))
        self.year_filter.addItem(self.tr("Toutes les années"), ALL_YEARS)
        self.period: tuple[date, date] | None = None
        """The dashboard's period, offered beside the years once a figure of the dashboard
        led here: the list then shows the meetings its figures count."""
        self.add_filters(self.kind_filter, self.year_filter)
        self.kind_filter.currentIndexChanged.connect(self.apply_filter)
        self.year_filter.currentIndexChanged.connect(self.apply_filter)
        self.loaded.connect(self._update_years)
        # The follow-ups of every meeting get the whole width: five columns beside a form
        # left who carries each and from which meeting a sideways scroll away (at 150 %,
        # all but the due date and the text). A double click brings the form back.
        self.tabs.currentChanged.connect(self._tab_shown)

    def extra_views(self):
        self.overview = MonthlyOverview(self)
        self.followups = FollowUpsView(self)
        return [(self.tr("Vue par mois"), self.overview),
                (self.tr("Sui&tes à donner"), self.followups)]

    def record_documents(self):
        self.releve_button = ReleveButton(self)
        return [self.releve_button]

    def columns(self):
        return [
            Column(self.tr("Date"), lambda r: r.held_on),
            Column(self.tr("Type"), lambda r: r.kind, text=lambda r: MEETING_KIND_LABELS[r.kind]),
            Column(self.tr("Dossiers"), lambda r: r.dossiers_examined, numeric=True),
            Column(self.tr("Avis"), lambda r: r.opinions_issued, numeric=True),
            Column(self.tr("Territoire"), lambda r: r.territory),
            Column(self.tr("Participants"), lambda r: r.attendees, numeric=True),
            Column(self.tr("Suites ouvertes"), lambda r: r.open_followups, numeric=True),
            Column(self.tr("Lieu"), lambda r: r.place),
        ]

    def fetch(self, con):
        return meetings.meeting_rows(con)

    def fetch_one(self, con, record_id):
        return next(iter(meetings.meeting_rows(con, record_id)), None)

    def read_order(self, row: MeetingRow):
        return meetings.meeting_row_order(row)

    def search_text(self, row: MeetingRow) -> str:
        return " ".join((row.held_on.strftime("%d/%m/%Y"), MEETING_KIND_LABELS[row.kind],
                         row.territory, row.place, row.notes))

    def row_title(self, row: MeetingRow) -> str:
        return f"{MEETING_KIND_LABELS[row.kind]} du {row.held_on:%d/%m/%Y}"

    def make_editor(self):
        editor = MeetingEditor(PartnerDirectory.of(self.session), SpellingsInUse.of(self.session))
        editor.territory.respell_everywhere = respells_through(self)
        return editor

    def active_filters(self):
        kind = self.kind_filter.currentData()
        year = self.year_filter.currentData()
        tests = [lambda r: r.kind == kind] if kind else []
        if year == PERIOD and self.period is not None:
            first, last = self.period
            tests.append(lambda r: first <= r.held_on <= last)
        elif year != ALL_YEARS:
            tests.append(lambda r: r.held_on.year == year)
        return tests

    def focus_on(self, options: dict) -> None:
        """``options["period"]``, (first, last): show the meetings held then, as the
        dashboard counts them (its « 35 réunions tenues » led to a list of 61).
        ``options["followups"]``, a state (``"OPEN"``…): show the « Suites à donner » tab
        and the follow-ups in that state."""
        if "followups" in options:
            self.tabs.setCurrentWidget(self.followups)
            self.followups.show_state(options["followups"])
            self.followups.table.setFocus()  # the tab may have been shown already
            return
        super().focus_on({name: value for name, value in options.items() if name != "period"})
        if "period" in options:
            self.period = options["period"]
            self._fill_year_filter(PERIOD)
            self.apply_filter()

    def _tab_shown(self) -> None:
        """Alt+T (or a click on its tab) leads to the follow-ups themselves: Espace then
        ticks the first done, where the focus left behind (the sections' list) went on
        from section to section with the arrows."""
        followups = self.tabs.currentWidget() is self.followups
        self.editor_area.setHidden(followups)
        if followups:
            self.followups.table.setFocus()

    def focus_search(self) -> None:
        """Ctrl+F searches the follow-ups while they are shown, the meetings otherwise."""
        if self.followups.isVisible():
            self.followups.focus_search()
        else:
            super().focus_search()

    def _update_years(self) -> None:
        shown = self.year_filter.currentData()
        self._fill_year_filter(shown)
        if self.year_filter.currentData() != shown:  # its last meeting is gone
            self.apply_filter()
        self.overview.set_years(self._years())

    def _years(self) -> list[int]:
        return sorted({row.held_on.year for row in self.model.all_rows()}, reverse=True)

    def _fill_year_filter(self, chosen: int) -> None:
        """All years, the dashboard's period if it led here, then each year with meetings;
        ``chosen`` selected (all years if it is no longer offered)."""
        self.year_filter.blockSignals(True)
        while self.year_filter.count() > 1:
            self.year_filter.removeItem(1)
        if self.period is not None:
            text = self.tr("{0} – {1}").format(*(_date_text(day) for day in self.period))
            self.year_filter.addItem(text, PERIOD)
            self.year_filter.setItemData(1, self.tr("Période du tableau de bord : {0}").format(
                Period(*self.period).heading), Qt.ItemDataRole.ToolTipRole)
            self.year_filter.setMinimumContentsLength(
                max(self.year_filter.minimumContentsLength(), len(text)))
        for year in self._years():
            self.year_filter.addItem(str(year), year)
        self.year_filter.setCurrentIndex(max(0, self.year_filter.findData(chosen)))
        self.year_filter.blockSignals(False)

    def _on_changed(self, table: str) -> None:
        """The form offers the roadmap's actions as they now read, and ticks again those
        of its meeting put back with an action whose deletion was undone; it shows its
        secrétariat put back with a partner whose deletion was undone."""
        if table in ACTION_TABLES:
            self.editor.read_actions(self.session.con)
        if table == "meeting.secretariat_partner_id":
            self._show_secretariat_again()
        super()._on_changed(table)

    def _show_secretariat_again(self) -> None:
        """Meetings were given back the partner holding their secretariat, or lost it (its
        deletion undone or redone): the form shows its meeting's as it now reads, beside
        the unsaved changes of its other fields, unless the user chose one in it (a save
        would have dropped the partner put back)."""
        picker = self.editor.secretariat
        if self.editor.record_id is None or picker.chosen:
            return
        try:
            meeting = mapper.get(self.session.con, Meeting, self.editor.record_id)
        except NotFoundError:
            return  # deleted meanwhile: the list's next load says so
        with QSignalBlocker(picker):
            picker.set_partner(meeting.secretariat_partner_id)

    def deletion_consequences(self, row: MeetingRow):
        lines = []
        if row.attendees:
            lines.append(self.tr("la liste de ses {0}").format(
                plural(row.attendees, self.tr("participant"))))
        actions = len(meetings.action_ids_of(self.session.con, row.id))
        if actions:
            lines.append(self.tr("son lien avec {0} de la feuille de route (les actions "
                                 "restent)").format(plural(actions, self.tr("action"))))
        followups = meetings.followups_of(self.session.con, row.id)
        if followups:
            lines.append(plural(len(followups), self.tr("suite à donner"),
                                self.tr("suites à donner")))
        if meetings.breakdown_of(self.session.con, row.id):
            lines.append(self.tr("sa ventilation des dossiers et des avis"))
        return lines

    def delete_row(self, con, row: MeetingRow) -> None:
        meetings.delete(con, row.id)
