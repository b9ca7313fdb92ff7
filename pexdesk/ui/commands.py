"""Undo and redo of saved actions.

A form saves through the core first, so a rejected input never reaches the undo
stack; the command is pushed afterwards with snapshots of the record before and
after, and its first ``redo()`` (which QUndoStack.push calls) has nothing to do.
:class:`RecordsCommand` does the same for many records saved at once (an imported
table's values), put back in one transaction.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from pexdesk.core.services.snapshots import Snapshot, restore, restore_all
from pexdesk.ui.session import Session


def changed_tables(*snapshots: Snapshot) -> tuple[str, ...]:
    """What restoring ``snapshots`` writes, as :attr:`Session.changed` names it: the tables
    of their rows, and the references they set back as « table.column » (a response's link
    to a partner, cleared and set again when the partner is put back): a list that does not
    show the reference reads none of its rows again (undoing a partner's rename made
    Retours read its 100,000 responses again)."""
    names = {snapshot.table for snapshot in snapshots}
    names.update(table for snapshot in snapshots for table, _ in snapshot.rows)
    names.update(f"{table}.{column}"
                 for snapshot in snapshots for table, column, *_ in snapshot.links)
    return tuple(sorted(names))


class RecordCommand(QUndoCommand):
    def __init__(self, session: Session, text: str, before: Snapshot, after: Snapshot):
        super().__init__(text)
        self.session = session
        self.before = before
        self.after = after
        self._applied = True

    def _tables(self) -> tuple[str, ...]:
        return changed_tables(self.before, self.after)

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.session.write(self._tables(), lambda con: restore(con, self.after))

    def undo(self) -> None:
        self.session.write(self._tables(), lambda con: restore(con, self.before))


class RecordsCommand(QUndoCommand):
    """Many records saved at once, each with its snapshots before and after: undone and
    redone in one transaction and one refresh (480 imported values, as 480 commands of a
    macro, took two seconds to undo: a transaction and a refresh each)."""

    def __init__(self, session: Session, text: str, steps: list[tuple[Snapshot, Snapshot]]):
        super().__init__(text)
        self.session = session
        self.befores = [before for before, _ in steps]
        self.afters = [after for _, after in steps]
        self._tables = changed_tables(*self.befores, *self.afters)
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.session.write(self._tables, lambda con: restore_all(con, self.afters))

    def undo(self) -> None:
        self.session.write(self._tables, lambda con: restore_all(con, self.befores))
