"""Fichier › Profil de la base…: the ADIL, its département, the chargé(e) de mission, the
mission's dates and the ADIL's logo, after the base was created.

The bilans print them (cover, « Rédigé par », contexte), and the periods « 12 derniers mois
de la mission » and « Depuis le début de la mission » of the dashboard and the bilans run
from and to the mission's dates. The post changes hands and its dates are often known only
after the base exists, so all of them stay editable. A save goes the way of any form's: the
core checks it, one transaction writes it, the journal records it and Ctrl+Z takes it back.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox,
                               QVBoxLayout, QWidget)

from pexdesk.core.domain.logo import MAX_SIDE
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import FieldError, PexdeskError, ValidationError
from pexdesk.core.formatting import format_number
from pexdesk.core.repositories import mapper
from pexdesk.core.services.snapshots import capture
from pexdesk.ui.commands import RecordCommand
from pexdesk.ui.department_picker import DepartmentPicker
from pexdesk.ui.forms import DateField, Form, read_dates
from pexdesk.ui.logo_field import LogoField
from pexdesk.ui.session import Session
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import style_as_hint

PROFILE_ID = 1
"""A base has one profile row (the schema checks it)."""


class ProfileDialog(QDialog):
    def __init__(self, session: Session, undo_stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.undo_stack = undo_stack
        self.stored = session.base.profile()
        self.setWindowTitle(self.tr("Profil de la base"))
        self.form = Form()
        self.department = self.form.add("department_code", self.tr("&Département :"),
                                        DepartmentPicker())
        self.department.set_code(self.stored.department_code)
        self.adil = self.form.add("adil_name", self.tr("&ADIL :"),
                                  QLineEdit(self.stored.adil_name))
        self.officer = self.form.add(
            "officer_name", self.tr("&Chargé(e) de mission :"),
            QLineEdit(self.stored.officer_name),
            hint=self.tr("Nommé(e) sur la couverture des bilans."))
        self.mission_start = self.form.add(
            "mission_start", self.tr("Dé&but de la mission :"), DateField(),
            hint=self.tr("Point de départ des bilans « depuis le début »."))
        self.mission_start.set_value(self.stored.mission_start)
        self.mission_end = self.form.add(
            "mission_end", self.tr("&Fin de la mission :"), DateField(),
            hint=self.tr("Laissez vide tant que la mission se poursuit."))
        self.mission_end.set_value(self.stored.mission_end)
        self.logo = self.form.add(
            "logo", self.tr("&Logo :"), LogoField(self.stored.logo),
            hint=self.tr("Imprimé en haut de la couverture des bilans. Image PNG ou JPEG ; "
                         "une grande image (jusqu'à {0} pixels de côté) est réduite à la "
                         "taille utile.").format(format_number(MAX_SIDE)))
        self.logo.refused.connect(self._refuse_logo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Enregistrer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        if session.base.read_only:  # shown, not changed: another pexdesk writes to the base
            self.save_button.setEnabled(False)
            note = QLabel(self.tr("La base est ouverte en lecture seule : le profil ne peut pas "
                                  "être modifié ici."))
            note.setWordWrap(True)
            style_as_hint(note)
            layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
        self._fit_height()

    def edited_profile(self) -> tuple[Profile, list[FieldError]]:
        """The profile as the fields have it, and what the fields alone show is wrong."""
        dates, problems = read_dates({"mission_start": self.mission_start,
                                      "mission_end": self.mission_end})
        profile = Profile(id=PROFILE_ID, uuid=self.stored.uuid,
                          created_at=self.stored.created_at,
                          department_code=self.department.code(),
                          adil_name=self.adil.text().strip(),
                          officer_name=self.officer.text().strip(), logo=self.logo.logo,
                          **dates)
        unknown = self.department.problem()
        if unknown:  # the picker says why better than « Département » is required
            problems.append(FieldError("department_code", unknown))
        return profile, problems

    def _save(self) -> None:
        profile, problems = self.edited_profile()
        problems += [problem for problem in profile.problems()
                     if not (problem.field == "department_code" and self.department.problem())]
        if not problems and replace(profile, updated_at=self.stored.updated_at) == self.stored:
            self.accept()  # nothing changed: nothing to write, nor to undo
            return
        before = capture(self.session.con, Profile.TABLE, PROFILE_ID)
        try:
            if problems:
                raise ValidationError(problems)
            self.session.write(Profile.TABLE, lambda con: mapper.update(con, profile))
        except ValidationError as error:
            self._show_problems(error.errors)
            return
        except PexdeskError as error:  # a base opened read-only, or found damaged
            self.form.clear_errors()
            QMessageBox.warning(self, self.tr("Enregistrement impossible"), typeset(error))
            return
        self.undo_stack.push(RecordCommand(
            self.session, self.tr("la modification du profil de la base"), before,
            capture(self.session.con, Profile.TABLE, PROFILE_ID)))
        self.accept()

    def _refuse_logo(self, message: str) -> None:
        self.form.show_field_errors("logo", [message])
        self._fit_height()

    def _show_problems(self, problems: list[FieldError]) -> None:
        self.form.show_errors(problems)
        self._fit_height()

    def _fit_height(self) -> None:
        """The height the fields, hints and messages take at the dialog's width: its size
        hint is for a narrower one, where the hints wrap to more lines (a gap under them),
        and adjustSize() would narrow the dialog to that width (the last hint clipped).

        The form hears that a message now shows under a field only from an event still to
        come: measured before it, the form would lay its rows out at their former heights,
        squeezing the row of the message (the logo's preview half hidden)."""
        self.form.layout_.invalidate()
        layout = self.layout()
        if layout.hasHeightForWidth():
            self.resize(self.width(), layout.totalHeightForWidth(self.width()))
