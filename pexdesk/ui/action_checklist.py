"""Pick the roadmap actions a meeting dealt with, from a searchable, checkable list
(:mod:`pexdesk.ui.checklist`) showing each action's axis code and title.

A roadmap holds tens of actions, not thousands: they are read at once when the form is
built, and again when the actions or the axes change, never at each record shown.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from pexdesk.core.domain.models import Action
from pexdesk.core.repositories import mapper, roadmap
from pexdesk.core.text import fold_all
from pexdesk.ui.checklist import Checklist, Words


@dataclass(frozen=True)
class ActionChoices:
    """Every action in the roadmap's order; the lists run in step."""

    ids: list[int]
    codes: list[str]
    """Each action's axis code."""
    axes: list[str]
    """Each action's axis label."""
    titles: list[str]
    folded: list[str]
    """Axis code and label and title, as a filter matches them (« dsf » finds the actions
    of FR5_DSF and those naming the DSF)."""
    places: dict[int, int]

    @classmethod
    def read(cls, con: sqlite3.Connection) -> ActionChoices:
        choices = roadmap.action_choices(con)
        ids = [action_id for action_id, _, _, _ in choices]
        codes = [code for _, code, _, _ in choices]
        axes = [axis for _, _, axis, _ in choices]
        titles = [title for _, _, _, title in choices]
        return cls(ids, codes, axes, titles,
                   fold_all([f"{code} {axis} {title}"
                             for code, axis, title in zip(codes, axes, titles)]),
                   {action_id: place for place, action_id in enumerate(ids)})

    def text(self, place: int) -> str:
        return f"{self.codes[place]} — {self.titles[place]}"

    def tooltip(self, place: int) -> str:
        return f"{self.titles[place]}\n{self.axes[place]} ({self.codes[place]})"


class ActionChecklist(Checklist):
    def __init__(self, stored: Callable[[sqlite3.Connection], Iterable[int]],
                 parent: QWidget | None = None):
        super().__init__(stored, lambda con, ids: mapper.existing(con, Action, ids), parent)

    def words(self) -> Words:
        return Words(self.tr("Filtrer les actions…"), self.tr("Filtrer les actions"),
                     (self.tr("action sélectionnée"), self.tr("actions sélectionnées")),
                     self.tr("aucune action ne correspond à « {0} »"))

    def read_actions(self, con: sqlite3.Connection) -> None:
        """The actions as the base now has them; an action whose deletion was undone is
        checked again where the record had it (:meth:`check_stored`)."""
        self.show_choices(ActionChoices.read(con))
        self.check_stored(con)
