"""A free text the base holds other records of, offered as it is typed: a territory (a
meeting's, a partner's), the place of a meeting.

Typed « nord–montbrezac » once and « Nord – Montbrézac » another time, one sous-CCAPEX made
two lines in the bilan. The spellings in use are offered as the user types whatever part
of them, without caring for case, accents or dashes (« montbre » offers « Nord –
Montbrézac »), one spelling per territory (:mod:`pexdesk.core.spellings`); and a territory
saved under another spelling of one in use is stored as the base spells it, which the
field shows and says.
"""

from __future__ import annotations

import sqlite3
from html import escape
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from pexdesk.core.repositories.territories import place_spellings, territory_spellings
from pexdesk.core.spellings import spelling_key
from pexdesk.ui.session_reads import SessionReads, ShowsReads
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import WarningLabel

KEY = Qt.ItemDataRole.UserRole
"""Where an offered spelling keeps its :func:`spelling_key`, which what is typed is
matched with."""

Offered = list[tuple[str, str]]
"""Spellings offered, each with its key, in the order of their keys."""


@dataclass(frozen=True)
class Spellings:
    territories: Offered
    places: Offered


def _offered(spellings: dict[str, str]) -> Offered:
    return sorted(spellings.items())


class SpellingsInUse(SessionReads):
    """The session's :class:`Spellings`. Read on a loading thread: 10,000 partners each of
    their own commune take 0.2 s to read and fold."""

    tables = ("meeting", "partner")

    def read(self, con: sqlite3.Connection) -> Spellings:
        return Spellings(_offered(territory_spellings(con)), _offered(place_spellings(con)))


class KeyCompleter(QCompleter):
    """Matches what is typed, wherever it falls in an offered spelling, by its key."""

    def splitPath(self, path: str) -> list[str]:
        return [spelling_key(path)]

    def pathFromIndex(self, index) -> str:
        return index.data()


class SpellingField(ShowsReads, QLineEdit):
    """A line of text offering, as it is typed, the spellings ``offered`` picks among those
    in use."""

    def __init__(self, reads: SpellingsInUse, offered: Callable[[Spellings], Offered],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._offered = offered
        self._completer = KeyCompleter(self)
        self._completer.setCompletionRole(KEY)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(self._completer)
        self.follow_reads(reads)

    def show_read(self, held: Spellings) -> None:
        """The spellings offered, in a model of items (filtered in Qt's code: 4 ms a key
        among 10,000, where a model answering from Python took 55)."""
        model = QStandardItemModel(self._completer)  # the completer deletes the previous one
        items = []
        for key, spelling in self._offered(held):
            item = QStandardItem(spelling)
            item.setData(key, KEY)
            items.append(item)
        if items:
            model.appendColumn(items)
        self._completer.setModel(model)


class TerritoryField(SpellingField):
    """A territory, offered among those in use; :attr:`notice`, to lay out under it, says
    when a save stored the spelling in use rather than the one typed, and offers to write
    the one typed everywhere instead: the way to correct a spelling every record shares.

    ``respell_everywhere`` writes a spelling in every record of its territory and returns
    what to say of it, or None when nothing was written; the screen, which holds the undo
    stack, sets it."""

    def __init__(self, reads: SpellingsInUse, parent: QWidget | None = None):
        super().__init__(reads, attrgetter("territories"), parent)
        self.respell_everywhere: Callable[[str], str | None] | None = None
        self.notice = WarningLabel()
        self.notice.setAccessibleName(self.tr("Orthographe du territoire"))
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.notice.linkActivated.connect(self._write_typed_everywhere)
        self._noted: tuple[int, str] | None = None
        """The record and the spelling the notice is about."""
        self._typed = ""
        self.textChanged.connect(self._text_changed)

    def stored_as(self, record_id: int, stored: str) -> None:
        """The save of ``record_id`` stored ``stored``: the field shows it, and, if it is not
        what was typed, says so, while the form shows that record so spelled."""
        self.completer().popup().hide()  # still open over the form when Ctrl+S saved it
        typed = self.text().strip()
        if stored == typed:
            return
        self._noted, self._typed = (record_id, stored), typed
        self.setText(stored)
        notice = self.tr("Territoire enregistré sous l'orthographe déjà utilisée : « {0} ».") \
            .format(stored)
        link = self.tr("Écrire « {0} » partout").format(typed)
        self.notice.setText(f'{escape(typeset(notice))} <a href="#">{escape(typeset(link))}</a>')
        self.notice.show()

    def _write_typed_everywhere(self) -> None:
        if self.respell_everywhere is None or self._noted is None:
            return
        said = self.respell_everywhere(self._typed)
        if said is not None:
            self._noted = (self._noted[0], self._typed)
            self.setText(self._typed)
            self.notice.setText(escape(typeset(said)))

    def show_stored(self, record_id: int | None, text: str) -> None:
        """Show ``text``, a record's as loaded: the notice stays only over the record it is
        about, as saved (the form loads it again after the save)."""
        if self._noted != (record_id, text):
            self._forget()
        self.setText(text)

    def _text_changed(self, text: str) -> None:
        if self._noted is not None and text != self._noted[1]:
            self._forget()

    def _forget(self) -> None:
        self._noted = None
        self.notice.hide()


def place_field(reads: SpellingsInUse) -> SpellingField:
    """A meeting's place, offered among those of the other meetings."""
    return SpellingField(reads, attrgetter("places"))


def respells_through(screen) -> Callable[[str], str | None]:
    """The :attr:`TerritoryField.respell_everywhere` of ``screen``'s form: through the
    screen's undo stack, the harmonisation of Édition › Harmoniser l'orthographe des
    territoires (loaded on first use, not at start-up)."""

    def respell(spelling: str) -> str | None:
        from pexdesk.ui.territory_dialog import harmonise, rewritten_summary

        rewritten = harmonise(screen, screen.session, screen.undo_stack, [spelling])
        return None if rewritten is None else rewritten_summary(screen, rewritten)

    return respell
