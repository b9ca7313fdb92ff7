"""The base's partners as forms offer them to choose from: a meeting's attendees, an
action's pilots, the partner a response names.

They are read on a loading thread, kept for every form of the session, and read again
only once the partner table has changed (:mod:`pexdesk.ui.session_reads`): for 10,000
partners the query and the folding for the filters take 40 ms, which each click on a
meeting or an action paid on the UI thread while its form read them itself. A widget
offering them (:class:`ShowsPartners`) asks for them while it is in view, so a change made
on Partenaires costs nothing until such a form is shown.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from pexdesk.core.repositories import meetings
from pexdesk.core.text import fold_all
from pexdesk.ui.session_reads import SessionReads, ShowsReads


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


class PartnerDirectory(SessionReads):
    """The session's :class:`PartnerNames`."""

    tables = ("partner",)

    @property
    def names(self) -> PartnerNames | None:
        return self.held

    def read(self, con: sqlite3.Connection) -> PartnerNames:
        return PartnerNames.read(con)


class ShowsPartners(ShowsReads):
    """Mixed into a widget offering the directory's partners (before its Qt class);
    :meth:`show_partners` receives them."""

    @property
    def directory(self) -> PartnerDirectory:
        return self.reads

    def follow_partners(self, directory: PartnerDirectory) -> None:
        self.follow_reads(directory)

    def show_read(self, held: PartnerNames) -> None:
        self.show_partners(held)

    def show_partners(self, names: PartnerNames) -> None:
        raise NotImplementedError
