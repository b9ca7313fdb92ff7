"""Undo and redo of saved actions.

A form saves through the core first, so a rejected input never reaches the undo
stack; the command is pushed afterwards with snapshots of the record before and
after, and its first ``redo()`` (which QUndoStack.push calls) has nothing to do.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from pexdesk.core.services.snapshots import Snapshot, restore
from pexdesk.ui.session import Session


class RecordCommand(QUndoCommand):
    def __init__(self, session: Session, text: str, before: Snapshot, after: Snapshot):
        super().__init__(text)
        self.session = session
        self.before = before
        self.after = after
        self._applied = True

    def _tables(self) -> tuple[str, ...]:
        """What the command writes, as :attr:`Session.changed` names it: the tables of the
        snapshots' rows, and the references they set back as « table.column » (a
        response's link to a partner, cleared and set again when the partner is put back):
        a list that does not show the reference reads none of its rows again (undoing a
        partner's rename made Retours read its 100,000 responses again)."""
        names = {self.before.table}
        names.update(table for table, _ in self.before.rows)
        names.update(table for table, _ in self.after.rows)
        names.update(f"{table}.{column}"
                     for table, column, *_ in self.before.links + self.after.links)
        return tuple(sorted(names))

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.session.write(self._tables(), lambda con: restore(con, self.after))

    def undo(self) -> None:
        self.session.write(self._tables(), lambda con: restore(con, self.before))
