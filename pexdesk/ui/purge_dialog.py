"""« Purger les données anciennes… »: the retention setting, a preview, then the purge.

Contacts whose last contact, and partners' responses given, more than N years ago. The
preview lists exactly what would go; « Purger » asks for confirmation, makes a backup
(``…-avant-purge``), then deletes what the preview listed and still qualifies.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QMessageBox,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from pexdesk.core.errors import PexdeskError
from pexdesk.core.formatting import plural
from pexdesk.core.safety import journal, retention
from pexdesk.core.safety.backup import TAG_PURGE, make_backup
from pexdesk.ui.confirm import confirm
from pexdesk.ui.dialog_buttons import close_buttons
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import LinesView, fit_to_screen


class PurgeDialog(QDialog):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.plan: retention.PurgePlan | None = None
        self.setWindowTitle(self.tr("Purger les données anciennes"))
        fit_to_screen(self, QSize(720, 480))
        intro = QLabel(self.tr(
            "Les coordonnées des contacts et les réponses des partenaires ne se gardent pas "
            "indéfiniment. Choisissez la durée de conservation : l'aperçu montre ce qui serait "
            "supprimé. Rien n'est supprimé avant que vous cliquiez sur « Purger »."))
        intro.setWordWrap(True)
        self.years = QSpinBox()
        self.years.setRange(1, retention.MAX_YEARS)
        self.years.setValue(retention.DEFAULT_YEARS)
        form = QFormLayout()
        form.addRow(self.tr("Durée de conservation :"), self.years)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.preview = LinesView()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.purge_button = QPushButton(self.tr("Purger…"))
        self.purge_button.setAutoDefault(False)  # Enter in the field never starts a purge
        self.purge_button.clicked.connect(self.purge)
        buttons = close_buttons(self.reject)
        buttons.addButton(self.purge_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.counts)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        self.years.valueChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        years = self.years.value()
        self.years.setSuffix(self.tr(" an") if years < 2 else self.tr(" ans"))
        self.plan = retention.plan_purge(self.session.con, years)
        cutoff = f"{self.plan.cutoff:%d/%m/%Y}"
        if self.plan.empty:
            self.counts.setText(self.tr("Rien à supprimer : aucun contact ni aucune réponse "
                                        "antérieurs au {0}.").format(cutoff))
            self.preview.set_lines([])
        else:
            self.counts.setText(self.tr("Seraient supprimés : {0} (avant le {1}).").format(
                self._what(self.plan), cutoff))
            self.preview.set_lines(self.plan.lines())
        self.purge_button.setEnabled(not self.plan.empty)

    def _what(self, plan: retention.PurgePlan) -> str:
        return self.tr("{0} et {1}").format(plural(len(plan.contacts), self.tr("contact")),
                                            plural(len(plan.responses), self.tr("réponse")))

    def purge(self) -> None:
        self.refresh()  # what is shown is what goes
        plan = self.plan
        if plan is None or plan.empty:
            return
        question = self.tr("Supprimer définitivement {0} ?").format(self._what(plan))
        details = self.tr("Une sauvegarde est faite juste avant (…-avant-purge, gardée 30 jours). "
                          "Elle et les sauvegardes plus anciennes du dossier « sauvegardes » "
                          "contiennent encore ces données jusqu'à leur rotation. La purge ne "
                          "s'annule pas avec Ctrl+Z.")
        if not confirm(self, QMessageBox.Icon.Warning, self.tr("Confirmer la purge"), question,
                       details, self.tr("Purger"), self.tr("Annuler")):
            return
        try:
            kept = make_backup(self.session.base.path, tag=TAG_PURGE, record=False)
            journal.record(self.session.con, "BACKUP", kept.summary)
            result = self.session.write_beyond_undo(("partner", "contact", "response"),
                                                    lambda con: retention.purge(con, plan))
        except (PexdeskError, sqlite3.Error) as exc:
            QMessageBox.warning(self, self.tr("Purge impossible"), typeset(exc))
            return
        self.refresh()
        self.result_label.setText(self.tr(
            "Purge faite : {0}. Sauvegarde faite avant : {1}.").format(
            result.summary, kept.path.name))
