"""Pick partners (meeting attendees, action leads) from a searchable, checkable list.

The partners come from the session's directory (:mod:`pexdesk.ui.partner_names`), read
once on a loading thread; showing a record only checks its own partners
(:mod:`pexdesk.ui.checklist`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QWidget

from pexdesk.core.repositories import partners
from pexdesk.ui.checklist import Checklist, Words
from pexdesk.ui.partner_names import PartnerDirectory, PartnerNames, ShowsPartners


class PartnerChecklist(ShowsPartners, Checklist):
    def __init__(self, directory: PartnerDirectory,
                 stored: Callable[[sqlite3.Connection], Iterable[int]],
                 parent: QWidget | None = None):
        super().__init__(stored, partners.existing, parent)
        self.follow_partners(directory)

    def words(self) -> Words:
        return Words(self.tr("Filtrer les partenaires…"), self.tr("Filtrer les partenaires"),
                     (self.tr("partenaire sélectionné"), self.tr("partenaires sélectionnés")),
                     self.tr("aucun partenaire ne correspond à « {0} »"))

    def show_partners(self, names: PartnerNames) -> None:
        self.show_choices(names)

    def _reads_outdated(self) -> None:
        """The partner table changed: a partner whose deletion was undone is back among the
        record's partners in the base, and checked again here (:meth:`check_stored`)."""
        self.check_stored(self.directory.session.con)
        super()._reads_outdated()
