"""Pick one partner of the base by typing its name (a response's partner, a meeting's
secrétariat) among the session's directory."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QStringListModel
from PySide6.QtWidgets import QComboBox, QWidget

from pexdesk.ui.partner_names import PartnerDirectory, PartnerNames, ShowsPartners, partner_typed


class PartnerPicker(ShowsPartners, QComboBox):
    """Optional link to a partner of the base: a response's partner (empty keeps it
    anonymous), the partner holding a meeting's secretariat.

    The names come ready from the session's directory (:mod:`pexdesk.ui.partner_names`)
    and are shown through a string list model set in one step (2 ms for 10,000): typing
    and finding a name stay Qt's own. A record loaded before they come has its partner
    shown with them; a partner renamed meanwhile shows as it now reads, one deleted shows
    none until its deletion is undone.
    """

    def __init__(self, directory: PartnerDirectory, placeholder: str,
                 parent: QWidget | None = None):
        """``placeholder`` says what none means (« aucun (réponse anonyme) »)."""
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.lineEdit().setPlaceholderText(placeholder)
        self.view().setUniformItemSizes(True)  # 10,000 names: opens in 14 ms, not 75
        self.names: PartnerNames | None = None
        self._waiting: int | None = None
        """The partner to show that the names held lack: the record's, the names not in
        yet or read before it was put back (a deletion undone); or the one shown, deleted
        since, back in view if its deletion is undone."""
        self.chosen = False
        """The user typed or picked in it since the response was shown: their choice wins
        over the partner the record has in the base."""
        self.lineEdit().textEdited.connect(self._chosen)
        self.activated.connect(self._chosen)
        self.follow_partners(directory)

    def _chosen(self) -> None:
        self.chosen = True
        self._waiting = None  # what the user types wins over the partner shown before

    @property
    def lacks_names(self) -> bool:
        """The names held may not show the partners as the base has them: they are not in
        yet, are being read again (a partner just deleted would still be offered), or lack
        the partner to show (read before its deletion was undone, or deleted)."""
        return self.names is None or self.directory.pending or self._waiting is not None

    def show_partners(self, names: PartnerNames) -> None:
        """The partners offered. What is typed stays, unless it names a partner: then that
        partner as it now reads (renamed; deleted: none, until its deletion is undone)."""
        text = self.currentText()
        partner = self._partner_named(text) if text.strip() else self._waiting
        with QSignalBlocker(self):
            self.setModel(QStringListModel(["", *names.names], self))  # the previous one goes
            self.names = names
            if partner is not None:
                self._show_partner(partner)
            else:
                self.setEditText(text)

    def _partner_named(self, text: str) -> int | None:
        """The partner ``text`` names among the names shown; None for none."""
        return self.names.partner_named(text) if self.names is not None else None

    def partner_id(self) -> int | None:
        """The chosen partner's id; ValueError with a French message if the text names none."""
        return partner_typed(self.names, self.currentText())

    def set_partner(self, partner_id: int | None) -> None:
        """Show the partner a record names in the base, the user's choice forgotten."""
        self.chosen = False
        self._show_partner(partner_id)

    def _show_partner(self, partner_id: int | None) -> None:
        """Show ``partner_id`` (None: none), its name from its start (« Maison
        départementale des… », not « …ales des solidarités de Montbrézac »); one the names
        held lack shows once names holding it come in."""
        place = self.names.places.get(partner_id) if self.names is not None else None
        self._waiting = partner_id if place is None else None
        self.setCurrentIndex(0 if place is None else place + 1)
        if place is None:
            self.setEditText("")
        self.lineEdit().setCursorPosition(0)

    def category_at(self, index: int) -> str:
        """The category code of the partner chosen at ``index`` in the list; "" for none."""
        if self.names is None or not 0 < index <= len(self.names.ids):
            return ""
        return self.names.codes[index - 1]
