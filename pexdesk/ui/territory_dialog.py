"""Édition › Harmoniser l'orthographe des territoires…: the territories the meetings and
partners spell several ways (saved before pexdesk kept one spelling, or imported), each
rewritten to the spelling chosen, all in one transaction and one Ctrl+Z.

A save keeps to the spelling the base uses most (:mod:`pexdesk.core.spellings`); this is
where the user chooses another one of those in use, or ends the variants of an older base
in every record at once rather than one form after another.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QMessageBox, QVBoxLayout, QWidget)

from pexdesk.core.errors import PexdeskError
from pexdesk.core.formatting import plural
from pexdesk.core.repositories import territories
from pexdesk.core.repositories.territories import Spelling
from pexdesk.core.services.snapshots import capture_all
from pexdesk.ui.commands import RecordsCommand
from pexdesk.ui.dialog_buttons import close_buttons
from pexdesk.ui.session import Session
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import VerticalScrollArea


class TerritoryDialog(QDialog):
    def __init__(self, session: Session, undo_stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.undo_stack = undo_stack
        self.rewritten: dict[str, dict[int, str]] = {}
        """What the harmonisation rewrote, by table (none until it ran)."""
        self.setWindowTitle(self.tr("Harmoniser l'orthographe des territoires"))
        variants = territories.territory_variants(session.con)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        self.choices: list[QComboBox] = []
        if not variants:
            self.intro.setText(typeset(self.tr(
                "Chaque territoire s'écrit d'une seule façon dans les réunions et les "
                "partenaires : rien à harmoniser.")))
            layout.addWidget(close_buttons(self.reject))
            return
        self.intro.setText(typeset(self.tr(
            "Ces territoires s'écrivent de plusieurs façons dans les réunions et les "
            "partenaires. Choisissez l'orthographe à garder pour chacun : les réunions et "
            "les partenaires écrits autrement la prendront (Ctrl+Z annule).")))
        rows = QWidget()
        form = QFormLayout(rows)
        for number, spellings in enumerate(variants, start=1):
            choice = QComboBox()
            for spelling in spellings:
                choice.addItem(self._offered(spelling), spelling.text)
            choice.setAccessibleName(self.tr("Orthographe à garder pour « {0} »").format(
                spellings[0].text))
            form.addRow(self.tr("Territoire {0} :").format(number), choice)
            self.choices.append(choice)
        layout.addWidget(VerticalScrollArea(rows), 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.harmonise_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.harmonise_button.setText(self.tr("&Harmoniser"))
        self.harmonise_button.setEnabled(not session.read_only)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self._harmonise)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, min(self.sizeHint().height(), 520))

    def _offered(self, spelling: Spelling) -> str:
        """« Nord – Montbrézac (7 réunions, 3 partenaires) »."""
        counts = [plural(count, noun) for count, noun in (
            (spelling.meetings, self.tr("réunion")), (spelling.partners, self.tr("partenaire")))
            if count]
        return self.tr("{0} ({1})").format(spelling.text, ", ".join(counts))

    def _harmonise(self) -> None:
        rewritten = harmonise(self, self.session, self.undo_stack,
                              [choice.currentData() for choice in self.choices])
        if rewritten is not None:
            self.rewritten = rewritten
            self.accept()

    def summary(self) -> str:
        """What the harmonisation rewrote, for the status bar."""
        return rewritten_summary(self, self.rewritten)


def harmonise(parent: QWidget, session: Session, undo_stack: QUndoStack,
              kept: list[str]) -> dict[str, dict[int, str]] | None:
    """Write each spelling ``kept`` in every meeting and partner naming its territory
    otherwise, each record captured before and after for one Ctrl+Z; what was rewritten
    (by table), or None when the base refused, which the user is told."""

    def action(con):
        found = territories.respelled(con, kept)
        befores = [snapshot for table, records in found.items()
                   for snapshot in capture_all(con, table, list(records))]
        rewritten = territories.harmonise(con, kept)
        afters = [snapshot for table, records in rewritten.items()
                  for snapshot in capture_all(con, table, list(records))]
        return rewritten, list(zip(befores, afters))

    try:
        rewritten, steps = session.write(territories.TERRITORY_TABLES, action)
    except PexdeskError as error:
        QMessageBox.warning(parent, parent.tr("Harmonisation impossible"), typeset(error))
        return None
    if steps:
        undo_stack.push(RecordsCommand(session, parent.tr("l'harmonisation des territoires"),
                                       steps))
    return rewritten


def rewritten_summary(parent: QWidget, rewritten: dict[str, dict[int, str]]) -> str:
    """« Territoires harmonisés : 3 réunions et 1 partenaire réécrits. Ctrl+Z annule. »"""
    meetings, partners = (len(rewritten.get(table, {})) for table in territories.TERRITORY_TABLES)
    return parent.tr("Territoires harmonisés : {0} et {1} réécrits. Ctrl+Z annule.").format(
        plural(meetings, parent.tr("réunion")), plural(partners, parent.tr("partenaire")))
