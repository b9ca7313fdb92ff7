"""The base's partners as forms offer them to choose from: a meeting's attendees, an
action's pilots, the partner a response names.

They are read on a loading thread, kept for every form of the session, and read again
only once the partner table has changed: for 10,000 partners the query and the folding
for the filters take 40 ms, which each click on a meeting or an action paid on the UI
thread while its form read them itself. A widget offering them (:class:`ShowsPartners`)
asks for them while it is in view, so a change made on Partenaires costs nothing until
such a form is shown.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox

from pexdesk.core.repositories import meetings
from pexdesk.core.text import fold_all
from pexdesk.ui.session import Session
from pexdesk.ui.typography import typeset
from pexdesk.ui.workers import LatestOnly


@dataclass(frozen=True)
class PartnerNames:
    """Every partner, active ones first, then by name; the lists run in step."""

    ids: list[int]
    names: list[str]
    codes: list[str]
    """Each partner's category code."""
    categories: list[str]
    """Each partner's category label."""
    folded: list[str]
    """Name and category without accents or capitals: what a filter matches (« prefecture »
    finds « Préfecture du Gers », as the lists' search does)."""
    places: dict[int, int]
    """Each partner's place in the lists."""
    by_name: dict[str, int]
    """Each partner's id by its name without capitals (:meth:`partner_named`)."""

    def text(self, place: int) -> str:
        """The partner at ``place`` as a checklist shows it (:mod:`pexdesk.ui.checklist`)."""
        return f"{self.names[place]} — {self.categories[place]}"

    def tooltip(self, place: int) -> str:
        return f"{self.names[place]}\n{self.categories[place]}"

    @classmethod
    def read(cls, con: sqlite3.Connection) -> PartnerNames:
        choices = meetings.partner_choices(con)
        ids = [partner_id for partner_id, _, _, _ in choices]
        names = [name for _, name, _, _ in choices]
        categories = [label for _, _, _, label in choices]
        by_name: dict[str, int] = {}
        for partner_id, name in zip(ids, names):
            by_name.setdefault(name.strip().casefold(), partner_id)
        return cls(ids, names, [code for _, _, code, _ in choices], categories,
                   fold_all([f"{name} {label}" for name, label in zip(names, categories)]),
                   {partner_id: place for place, partner_id in enumerate(ids)}, by_name)

    def partner_named(self, text: str) -> int | None:
        """The partner whose whole name ``text`` is, capitals aside (« caf du gers »: « CAF
        du Gers »); None for none. Every field where a partner is typed (the response's
        partner, the partner in charge of a follow-up) reads a name so."""
        return self.by_name.get(text.strip().casefold())


def partner_typed(names: PartnerNames | None, text: str) -> int | None:
    """The partner whose name ``text`` is (:meth:`PartnerNames.partner_named`), None when
    it is empty; ValueError with a French message when it names none (or the names are
    not in yet)."""
    text = text.strip()
    if not text:
        return None
    found = names.partner_named(text) if names is not None else None
    if found is None:
        raise ValueError(QCoreApplication.translate(
            "partner_names", "« {0} » ne correspond à aucun partenaire de la base.").format(text))
    return found


class PartnerDirectory(QObject):
    """The session's :class:`PartnerNames`: read when a widget showing them asks and those
    held are out of date, or none are held yet."""

    arrived = Signal(object)
    """The names, as just read (a :class:`PartnerNames`)."""
    outdated = Signal()
    """The partner table changed: the names held no longer hold."""
    failed = Signal(object)
    """The names could not be read (the error)."""

    def __init__(self, session: Session):
        super().__init__(session)
        self.session = session
        self.names: PartnerNames | None = None
        self._stale = True
        self._reads = LatestOnly(self, lambda: session.is_open)
        session.changed.connect(self._on_changed)

    @classmethod
    def of(cls, session: Session) -> PartnerDirectory:
        """The session's directory, made on first use: it lives and dies with the session."""
        directory = session.findChild(cls)
        return directory if directory is not None else cls(session)

    @property
    def pending(self) -> bool:
        """A read is on its way."""
        return self._reads.pending

    def request(self) -> None:
        """Read the names on a loading thread unless those held are up to date; ``arrived``
        brings them."""
        if self._stale:
            self._stale = False
            self._reads.run(self._read, self._arrived, self._failed)

    def _read(self, _progress) -> PartnerNames:
        with self.session.reading() as con:
            return PartnerNames.read(con)

    def _arrived(self, names: PartnerNames) -> None:
        self.names = names
        self.arrived.emit(names)

    def _failed(self, error: Exception) -> None:
        self._stale = True  # asked again the next time a form shows them
        self.failed.emit(error)

    def _on_changed(self, table: str) -> None:
        if table == "partner":
            self._stale = True
            self.outdated.emit()


class ShowsPartners:
    """Mixed into a widget offering the directory's partners (before its Qt class): it asks
    for them when it shows, and again when they change while it is in view;
    :meth:`show_partners` receives them."""

    directory: PartnerDirectory

    def follow_partners(self, directory: PartnerDirectory) -> None:
        self.directory = directory
        directory.arrived.connect(self.show_partners)
        directory.outdated.connect(self._partners_outdated)
        directory.failed.connect(self._partners_unreadable)
        if directory.names is not None:
            self.show_partners(directory.names)

    def show_partners(self, names: PartnerNames) -> None:
        raise NotImplementedError

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.directory.request()

    def _partners_outdated(self) -> None:
        if self.isVisible():
            self.directory.request()

    def _partners_unreadable(self, error: Exception) -> None:
        if self.isVisible():
            QMessageBox.warning(self, self.tr("Lecture de la base"), typeset(error))
