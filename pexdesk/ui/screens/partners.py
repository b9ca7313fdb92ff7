"""Partenaires: who does what among the partners, with their contacts and tags."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QCompleter, QLineEdit,
                               QMenu, QPushButton, QVBoxLayout, QWidget)

from pexdesk.core.domain.models import Contact, Partner
from pexdesk.core.domain.rules import format_phone
from pexdesk.core.errors import FieldError, ValidationError
from pexdesk.core.formatting import format_number, plural
from pexdesk.core.reference.categories import CATEGORIES
from pexdesk.core.repositories import mapper, meetings, partners
from pexdesk.core.repositories.partners import PartnerRow
from pexdesk.ui.forms import DateField, TextArea
from pexdesk.ui.meeting_list import MeetingList
from pexdesk.ui.models.editable import EditableColumn, EditableRecordsModel
from pexdesk.ui.models.table import Column
from pexdesk.ui.screens.list_screen import ListScreen, RecordEditor
from pexdesk.ui.spelling_field import SpellingsInUse, TerritoryField, respells_through
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import FlowLayout, RecordsTable
from pexdesk.ui.workers import LatestOnly

if TYPE_CHECKING:  # email.headerregistry takes 15 ms to import: once a list is copied
    from pexdesk.core.services.mailing import MailingList


ATTENDANCE_TABLES = ("meeting", "meeting_attendance")
"""Where a meeting's attendance is written: « meeting » for a save on Réunions, both for
its undo."""


def category_combo(with_all: str | None = None) -> QComboBox:
    combo = QComboBox()
    if with_all:
        combo.addItem(with_all, "")
    for category in CATEGORIES:
        combo.addItem(category.label, category.code)
    return combo


class TagCompleter(QCompleter):
    """Offers the tags in use for the one being typed, the one between the commas around the
    cursor, and puts the one picked in its place, the other tags kept: matched against the
    whole field, no tag was offered after a first one, and a tag picked replaced those typed
    before it; taken after the last comma, a tag typed between two others was offered the
    last one's completions. The other tags are not offered again, compared as the partner's
    tags are saved."""

    def __init__(self, field: QLineEdit):
        super().__init__(QStringListModel(field), field)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._vocabulary: list[str] = []
        self._taken: set[str] = set()
        self._written = ""
        self._picked_end = 0
        field.textChanged.connect(self._offer_the_others)
        field.setCompleter(self)

    def set_vocabulary(self, names: list[str]) -> None:
        self._vocabulary = names
        self._offer(self._taken)

    def _offer_the_others(self, text: str) -> None:
        """Told before the field asks for its list. The list is made again only when the
        other tags change (a comma typed, one of them edited), never as a tag picked is
        written among them: that would reset the list under the choice. The field then puts
        its cursor at its end once this is told; it goes back after the tag picked, where the
        typing was."""
        if text == self._written:
            QTimer.singleShot(0, self, lambda: self.widget().setCursorPosition(self._picked_end))
            return
        self._written = ""
        before, _, after = self._around_cursor()
        taken = {partners.tag_key(name) for name in f"{before}{after}".split(",")}
        if taken != self._taken:
            self._offer(taken)

    def _offer(self, taken: set[str]) -> None:
        self._taken = taken
        self.model().setStringList(
            [name for name in self._vocabulary if partners.tag_key(name) not in taken])

    def _around_cursor(self) -> tuple[str, str, str]:
        """The field's text before the tag at the cursor (its comma included), the tag up to
        the cursor, and the text after the tag (from its closing comma). Once the field
        has written a tag picked, its cursor is at its end until the field is told where
        the tag ends (a pick in the list may be written twice: highlighted, then chosen)."""
        field = self.widget()
        text = field.text()
        cursor = self._picked_end if text == self._written else field.cursorPosition()
        start = text.rfind(",", 0, cursor) + 1
        end = text.find(",", cursor)
        end = len(text) if end < 0 else end
        return text[:start], text[start:cursor], text[end:]

    def splitPath(self, path: str) -> list[str]:
        return [self._around_cursor()[1].strip()]

    def pathFromIndex(self, index) -> str:
        before, _, after = self._around_cursor()
        picked = f"{before} {index.data()}" if before else index.data()
        self._picked_end = len(picked)
        self._written = picked + after
        return self._written


class PartnerEditor(RecordEditor):
    def __init__(self, spellings: SpellingsInUse, parent=None):
        super().__init__(parent)
        form = self.form
        self.name = form.add("name", self.tr("&Organisation :"), QLineEdit())
        self.category = form.add("category_code", self.tr("&Catégorie :"), category_combo())
        self.territory = form.add("territory", self.tr("&Territoire :"), TerritoryField(spellings))
        self.territory.setPlaceholderText(self.tr("commune, EPCI, arrondissement…"))
        form.add_below("territory", self.territory.notice)
        self.active = form.add("active", self.tr("Actif :"),
                               QCheckBox(self.tr("Partenaire actif")))
        self.signatory = form.add("charter_signatory", self.tr("Charte :"),
                                  QCheckBox(self.tr("Signataire de la charte de prévention")))
        self.signed_on = form.add("charter_signed_on", self.tr("Signée le :"), DateField())
        self.signatory.toggled.connect(self.signed_on.setEnabled)
        tags = QLineEdit()
        self.tag_completer = TagCompleter(tags)  # before the form watches it: a choice is a change
        self.tags = form.add("tags", self.tr("Éti&quettes :"), tags,
                             hint=self.tr("Séparées par des virgules."))
        self.notes = form.add("notes", self.tr("Notes :"), TextArea())
        self.contacts_model = EditableRecordsModel(
            [EditableColumn("full_name", self.tr("Nom")),
             EditableColumn("role", self.tr("Fonction")),
             EditableColumn("email", self.tr("E-mail")),
             EditableColumn("phone", self.tr("Téléphone"), from_text=format_phone)],
            lambda: Contact(full_name=""))
        self.contacts = form.add("contacts", self.tr("Contacts :"), RecordsTable(
            self.contacts_model, self.tr("Ajouter un contact"), self.tr("Retirer le contact")), wide=True)
        self.attended = form.add("meetings", self.tr("Réunions :"), MeetingList(),
                                 hint=self.tr("Celles où le partenaire est coché parmi les "
                                              "participants. Entrée ou double-clic : ouvrir "
                                              "la réunion."), wide=True)
        QVBoxLayout(self).addWidget(form)

    def fill(self, row: PartnerRow | None, con: sqlite3.Connection) -> None:
        partner = mapper.get(con, Partner, row.id) if row else Partner(name="", category_code="")
        self.record_id = partner.id
        self.name.setText(partner.name)
        self.category.setCurrentIndex(self.category.findData(partner.category_code))
        self.territory.show_stored(partner.id, partner.territory)
        self.active.setChecked(partner.active)
        self.signatory.setChecked(partner.charter_signatory)
        self.signed_on.set_value(partner.charter_signed_on)
        self.signed_on.setEnabled(partner.charter_signatory)
        self.notes.setPlainText(partner.notes)
        self.tags.setText(", ".join(partners.tags_of(con, partner.id)) if partner.id else "")
        self.tag_completer.set_vocabulary(partners.tag_vocabulary(con))
        self.contacts_model.set_records(partners.contacts_of(con, partner.id) if partner.id else [])
        self.show_meetings(con)

    def show_meetings(self, con: sqlite3.Connection) -> None:
        """The meetings the partner attended, as they now read: they are not part of what
        the form saves, and follow a meeting changed elsewhere even while it is typed in."""
        self.attended.show_meetings(
            meetings.meetings_attended(con, self.record_id) if self.record_id else [],
            self.tr("Aucune réunion enregistrée pour ce partenaire.") if self.record_id else "")

    def prepare_duplicate(self) -> None:
        super().prepare_duplicate()
        self.territory.show_stored(None, self.territory.text())  # the copy's, not saved yet
        self.name.setText(self.tr("{0} (copie)").format(self.name.text()))
        self.contacts_model.set_records([])
        self.attended.show_meetings([], "")

    def write(self, con: sqlite3.Connection) -> int:
        problems = []
        try:
            signed_on = self.signed_on.value() if self.signatory.isChecked() else None
        except ValueError as exc:
            problems.append(FieldError("charter_signed_on", str(exc)))
            signed_on = None
        partner = Partner(id=self.record_id, name=self.name.text().strip(),
                          category_code=self.category.currentData() or "",
                          territory=self.territory.text().strip(),
                          charter_signatory=self.signatory.isChecked(),
                          charter_signed_on=signed_on, notes=self.notes.value(),
                          active=self.active.isChecked())
        if self.record_id:
            stored = mapper.get(con, Partner, self.record_id)
            partner.uuid, partner.created_at = stored.uuid, stored.created_at
        contacts, rows = self.contacts_model.filled_records(
            lambda c: c.full_name or c.email or c.phone or c.role)
        if problems:
            raise ValidationError(problems + partner.problems())
        try:
            partners.save(con, partner, contacts, self.tags.text().split(","))
        except ValidationError as error:
            raise ValidationError([self._locate(e, rows) for e in error.errors]) from error
        self.tags.completer().popup().hide()  # still open over the form when Ctrl+S saved it
        self.territory.stored_as(partner.id, partner.territory)
        return partner.id

    def _locate(self, error: FieldError, rows: list[int]) -> FieldError:
        """Contact errors carry their row: say which contact, as numbered on screen."""
        if error.field.startswith("contacts["):
            row = rows[int(error.field[len("contacts["):error.field.index("]")])]
            return FieldError("contacts", self.tr("Contact n° {0} : {1}").format(row, error.message))
        return error


class PartnersScreen(ListScreen):
    table_name = "partner"
    export_table = "partners"
    watched_tables = ("partner", "contact", "partner_tag")
    """Not the meetings: a meeting written elsewhere moves only the counts of the partners
    it lists (:meth:`_count_meetings_again`)."""
    kept_columns = 2  # the name and the category

    noun_singular = "partenaire"
    noun_plural = "partenaires"
    noun_of = "du partenaire"
    new_title = "Nouveau partenaire"
    noun_shown = ("partenaire affiché", "partenaires affichés")
    empty_hint = ("Aucun partenaire pour l'instant.\nCliquez sur « Nouveau » (Ctrl+N) "
                  "pour ajouter le premier.")

    def __init__(self, session, undo_stack, parent=None):
        super().__init__(session, undo_stack, parent)
        self._meetings_stale = False
        """A meeting was written since the rows' counts of meetings attended were read."""
        self._counts = LatestOnly(self, lambda: self.session.is_open)
        self._addresses = LatestOnly(self, lambda: self.session.is_open)
        self.category_filter = category_combo(self.tr("Toutes les catégories"))
        self.category_filter.setAccessibleName(self.tr("Filtrer par catégorie"))
        self.charter_filter = QCheckBox(self.tr("Signataires de la charte"))
        self.inactive_filter = QCheckBox(self.tr("Inclure les inactifs"))
        self.inactive_filter.setChecked(True)
        self.add_filters(self.category_filter, self.charter_filter, self.inactive_filter)
        self._add_contact_actions()
        self._add_more_menu()
        self.editor.attended.open_meeting.connect(
            lambda meeting_id: self.navigate.emit("meetings", {"record": meeting_id}))
        self.category_filter.currentIndexChanged.connect(self.apply_filter)
        self.charter_filter.toggled.connect(self.apply_filter)
        self.inactive_filter.toggled.connect(self.apply_filter)

    def _on_changed(self, table: str) -> None:
        if table in ATTENDANCE_TABLES:
            self._meetings_stale = True
            if self.isVisible():
                self.activate()
        super()._on_changed(table)

    def activate(self) -> None:
        if self._meetings_stale:
            self._meetings_stale = False
            if not self._stale:  # else the load about to start reads the counts
                self._count_meetings_again()
        super().activate()

    def _count_meetings_again(self) -> None:
        """A meeting was written elsewhere (on Réunions, or Annuler there): the form lists
        its partner's meetings as they now read, and the partners whose count of meetings
        attended moved have their rows read again and put in place. Reading the 10,000
        partners again took 250 ms on a loading thread, and 7 ms on the UI thread to show
        them; the counts come in one query (10 ms), read there too, and the rows that
        moved take 3 ms to show."""
        self.editor.show_meetings(self.session.con)
        if self.loading:  # what the load read may be older than the meeting
            self.refresh()
        else:
            self._counts.run(self._read_counts, self._counts_read, self._load_failed)

    def _read_counts(self, _progress) -> dict[int, int]:
        with self.session.reading() as con:
            return meetings.attendance_counts(con)

    def _counts_read(self, counts: dict[int, int]) -> None:
        if self.loading or self._stale:
            return  # the load reads them
        moved = [row.id for row in self.model.all_rows()
                 if row.meetings != counts.get(row.id, 0)]
        if moved:
            self.rows_written(*moved)

    def _add_contact_actions(self) -> None:
        """The partner's contacts as a mailing list (to paste into a message) or as vCards."""
        self.copy_emails_button = QPushButton(self.tr("Copier les adresses e-&mail"))
        self.copy_emails_button.setToolTip(self.tr("Les adresses des contacts, séparées par « ; », "
                                                   "à coller dans un message."))
        self.copy_emails_button.clicked.connect(self.copy_emails)
        self.vcard_button = QPushButton(self.tr("Exporter les contacts (&vCard)…"))
        self.vcard_button.clicked.connect(self.export_vcards)
        row = FlowLayout()
        row.addWidget(self.copy_emails_button)
        row.addWidget(self.vcard_button)
        holder = QWidget()
        holder.setLayout(row)
        self.editor.form.add_widget(holder)

    def _add_more_menu(self) -> None:
        """« Plus », after « Exporter… »: the contacts of the partners the list shows, as
        addresses to paste into a message, as a table (what ``pexdesk export contacts``
        writes) or as vCards, and a directory to import. A menu keeps the list's buttons on
        one line on a 1366-pixel laptop; Alt+R, Alt+S and Alt+P reach its entries from
        anywhere on the screen (S and P were the letters of buttons before)."""
        self.copy_addresses_action = self._screen_action(
            self.tr("Copie&r les adresses e-mail des partenaires affichés"), "Alt+R",
            self.copy_shown_addresses,
            self.tr("Les adresses des contacts des partenaires de la liste (recherche et "
                    "filtres appliqués), séparées par « ; », à coller dans le champ Cci "
                    "d'un message"))
        self.export_contacts_action = self._screen_action(
            self.tr("Exporter les contact&s…"), "Alt+S", self.export_contacts,
            self.tr("Les contacts des partenaires de la liste : Excel (XLSX), CSV pour Excel "
                    "ou cartes de visite vCard"))
        self.import_action = self._screen_action(
            self.tr("Im&porter un annuaire…"), "Alt+P", self.import_directory,
            self.tr("Partenaires et contacts d'un annuaire CSV ou XLSX (une ligne par contact)"))
        self.import_action.setEnabled(self.writable)
        self.import_dialog = None
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        menu.addActions([self.copy_addresses_action, self.export_contacts_action,
                         self.import_action])
        self.more_button = QPushButton(self.tr("P&lus"))
        self.more_button.setToolTip(self.tr("Copier les adresses e-mail, exporter les "
                                            "contacts, importer un annuaire"))
        self.more_button.setMenu(menu)
        buttons = next(row for row in self.findChildren(FlowLayout)
                       if row.indexOf(self.export_button) >= 0)
        buttons.insertWidget(buttons.indexOf(self.export_button) + 1, self.more_button)

    def _screen_action(self, text: str, shortcut: str, slot, tooltip: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tooltip)
        action.triggered.connect(lambda checked=False: slot())
        self.addAction(action)
        return action

    def _arrange_tab_order(self) -> None:
        """Tab goes on from « Exporter… » along the buttons row as it reads."""
        super()._arrange_tab_order()
        QWidget.setTabOrder(self.export_button, self.more_button)

    def export_contacts(self) -> None:
        self.export_shown("contacts", what=self.tr("les contacts de {0}"))

    def import_directory(self) -> None:
        from pexdesk.ui.partner_import_dialog import PartnerImportDialog, choose_directory_file

        path = choose_directory_file(self)
        if not path:
            return
        if self.import_dialog is not None:
            self.import_dialog.close()
            self.import_dialog.deleteLater()
        self.import_dialog = PartnerImportDialog(self.session, path, self)
        self.import_dialog.open()

    def _saved_partner(self):
        """The partner in the form, whose contacts the two buttons beside them take from the
        base; on one not saved yet, None, and the count line says why nothing happens."""
        row = self.record_row()
        if row is None:
            self.count_label.setText(self.tr("Enregistrez d'abord le partenaire : ses contacts "
                                             "sont lus dans la base."))
        return row

    def copy_emails(self) -> None:
        """The addresses of the partner in the form, shown as copied: a few, of colleagues."""
        from pexdesk.core.services.mailing import mailing_list

        row = self._saved_partner()
        if row is None:
            return
        found = mailing_list(self.session.con, [row.id])
        if found.addresses:
            QApplication.clipboard().setText(found.text)
            copied = self.tr("Adresses copiées : {0}").format(found.text)
        else:
            copied = self.tr("Aucune adresse e-mail copiée pour ce partenaire")
        left_out = self.tr(" ; ").join(self._left_out(found))
        self.count_label.setText(typeset(f"{copied} ({left_out})." if left_out
                                         else f"{copied}."))

    def copy_shown_addresses(self) -> None:
        """The addresses of the contacts of the partners the list shows, read on a loading
        thread: the contacts of 10,000 partners take a fifth of a second to put in order and
        format. Nothing is written: a base opened read only gives them too."""
        from pexdesk.core.services.mailing import mailing_list

        shown = [self.row_id(row) for row in self.model.visible_rows()]
        if not shown:
            self.count_label.setText(typeset(self.tr(
                "Aucune adresse e-mail copiée : la liste n'affiche aucun partenaire.")))
            return

        def work(_progress):
            with self.session.reading() as con:
                return mailing_list(con, shown)

        self._addresses.run(work, self._shown_addresses_read, self._load_failed)

    def _shown_addresses_read(self, found: MailingList) -> None:
        """Copy them, and say how many out of how many contacts, what was left out, and
        where to paste them: in « Cci », partners do not see each other's addresses."""
        from pexdesk.core.services.mailing import RECIPIENT_LIMIT

        partners_shown = plural(found.partners, *self.noun_shown)
        counted = (self.tr("{0} de {1}").format(plural(found.contacts, self.tr("contact")),
                                                partners_shown) if found.contacts
                   else self.tr("{0}, sans contact").format(partners_shown))
        details = self.tr(" ; ").join([counted, *self._left_out(found)])
        if found.addresses:
            QApplication.clipboard().setText(found.text)
            text = self.tr("{0} ({1}). Collez-les dans le champ Cci du message, pour qu'aucun "
                           "destinataire ne voie les adresses des autres.").format(
                plural(found.addresses, self.tr("adresse copiée"), self.tr("adresses copiées")),
                details)
            if found.too_many_for_one_message:
                text += self.tr(" Au-delà de {0} destinataires, Outlook et la plupart des "
                                "messageries refusent l'envoi : filtrez la liste (catégorie, "
                                "territoire) pour écrire en plusieurs messages.").format(
                    format_number(RECIPIENT_LIMIT))
        else:
            text = self.tr("Aucune adresse e-mail copiée ({0}).").format(details)
        self.count_label.setText(typeset(text))

    def _left_out(self, found: MailingList) -> list[str]:
        """Why fewer addresses than contacts: « 5 sans adresse e-mail », « 2 adresses
        invalides ignorées », « 1 adresse en double »."""
        counts = ((found.without_email, self.tr("sans adresse e-mail"),
                   self.tr("sans adresse e-mail")),
                  (found.invalid, self.tr("adresse invalide ignorée"),
                   self.tr("adresses invalides ignorées")),
                  (found.duplicates, self.tr("adresse en double"), self.tr("adresses en double")))
        return [plural(count, singular, several) for count, singular, several in counts if count]

    def export_vcards(self) -> None:
        from pexdesk.core.services.exchange import Options
        from pexdesk.ui.export_actions import choose_and_export

        row = self._saved_partner()
        if row is not None:
            choose_and_export(self, self.session, "contacts", Options(partner=row.name),
                              detail=row.name, report=self.count_label.setText)

    def columns(self):
        return [
            Column(self.tr("Organisation"), lambda r: r.name),
            Column(self.tr("Catégorie"), lambda r: r.category_label),
            Column(self.tr("Territoire"), lambda r: r.territory),
            Column(self.tr("Contacts"), lambda r: r.contacts, numeric=True),
            Column(self.tr("Réunions"), lambda r: r.meetings, numeric=True),
            Column(self.tr("Charte"), lambda r: r.charter_signatory,
                   text=lambda r: self.tr("signataire") if r.charter_signatory else ""),
            Column(self.tr("Étiquettes"), lambda r: r.tags),
        ]

    def fetch(self, con):
        return partners.partner_rows(con)

    def fetch_one(self, con, record_id):
        return next(iter(partners.partner_rows(con, record_id)), None)

    def read_order(self, row: PartnerRow):
        return partners.partner_row_order(row)

    def search_text(self, row: PartnerRow) -> str:
        return " ".join((row.name, row.category_label, row.category_code, row.territory,
                         row.tags, row.contact_names))

    def row_title(self, row: PartnerRow) -> str:
        return row.name

    def make_editor(self):
        editor = PartnerEditor(SpellingsInUse.of(self.session))
        editor.territory.respell_everywhere = respells_through(self)
        return editor

    def active_filters(self):
        category = self.category_filter.currentData()
        tests = [lambda r: r.category_code == category] if category else []
        if self.charter_filter.isChecked():
            tests.append(lambda r: r.charter_signatory)
        if not self.inactive_filter.isChecked():
            tests.append(lambda r: r.active)
        return tests

    def deletion_consequences(self, row: PartnerRow):
        usage = partners.usage(self.session.con, row.id)
        lines = []
        if usage.contacts:
            lines.append(plural(usage.contacts, self.tr("contact supprimé"),
                                self.tr("contacts supprimés")))
        if usage.meetings_attended:
            lines.append(self.tr("sa présence à {0} effacée").format(
                plural(usage.meetings_attended, self.tr("réunion"))))
        if usage.actions_led:
            lines.append(self.tr("retiré du pilotage de {0}").format(
                plural(usage.actions_led, self.tr("action"))))
        if usage.followups_owned:
            lines.append(self.tr("{0} sans responsable").format(plural(
                usage.followups_owned, self.tr("suite à donner"), self.tr("suites à donner"))))
        if usage.secretariats:
            lines.append(self.tr("{0} sans secrétariat").format(
                plural(usage.secretariats, self.tr("réunion"))))
        if usage.responses_linked:
            lines.append(self.tr("{0}, sans lien vers ce partenaire").format(
                plural(usage.responses_linked, self.tr("réponse au questionnaire conservée"),
                       self.tr("réponses au questionnaire conservées"))))
        return lines

    def delete_row(self, con, row: PartnerRow) -> None:
        partners.delete(con, row.id)
