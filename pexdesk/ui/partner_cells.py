"""A column of a form's sub-table naming a partner of the base (the partner in charge of a
meeting's follow-up): shown and typed by name, held by id.

The names are the session's directory's (:mod:`pexdesk.ui.partner_names`), read on a
loading thread. The cell's editor offers them in a string list model made in one step as it
opens (2 ms for 10,000 partners), its list drawn in rows of one height: Qt measuring each of
10,000 names took 80 ms to open it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QComboBox, QWidget

from pexdesk.core.repositories import partners
from pexdesk.ui.models.editable import EditableColumn, EditableRecordsModel
from pexdesk.ui.partner_names import PartnerDirectory, PartnerNames, ShowsPartners, partner_typed
from pexdesk.ui.widgets import RecordsTable, TabLeavesDelegate

LIST_CHARACTERS = 40
"""The width of the list of names (F4), in average characters."""


class PartnerColumn(TabLeavesDelegate):
    """The column's cells (:attr:`column`) and their delegate: a partner shows by its name
    as now read, none for one deleted; a name typed reads as that partner, matched as
    Retours' partner is; one that names none is kept as typed, and refused at save."""

    def __init__(self, attribute: str, header: str):
        super().__init__()
        self.names: PartnerNames | None = None
        self.column = EditableColumn(attribute, header, to_text=self.name_of,
                                     from_text=lambda text: partner_typed(self.names, text),
                                     read_at_save=True)

    def name_of(self, partner_id: int | None) -> str:
        """The partner's name; "" for none, and for one the names lack (deleted, or the
        names not in yet)."""
        place = self.names.places.get(partner_id) if self.names is not None else None
        return "" if place is None else self.names.names[place]

    def new_editor(self, parent: QWidget, option, index) -> QWidget:
        """A name typed completes from the partners' (capitals aside), or is chosen in the
        list (F4); the empty first line is none."""
        editor = QComboBox(parent)
        editor.setEditable(True)
        editor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # As wide as the cell, not as the longest of the names, which Qt would measure.
        editor.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        names_list = editor.view()
        names_list.setUniformItemSizes(True)
        # Wider than the cell, each name cut at its end: as narrow as the cell, the list
        # read « Acti…iale ».
        names_list.setMinimumWidth(editor.fontMetrics().averageCharWidth() * LIST_CHARACTERS)
        names_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        names = self.names.names if self.names is not None else []
        editor.setModel(QStringListModel(["", *names], editor))
        editor.lineEdit().setPlaceholderText(self.tr("aucun"))
        return editor

    def setEditorData(self, editor: QComboBox, index) -> None:
        """The partner current in the list (F4 opens it there), its name selected as Qt
        selects a text cell's (what is typed replaces it), from its end back to its
        start: a long name shows its beginning, not its end."""
        text = index.data(Qt.ItemDataRole.EditRole)
        place = editor.findText(text) if text else -1
        if place >= 0:
            editor.setCurrentIndex(place)
        else:  # none, or a name typed that names none
            editor.setEditText(text)
        line = editor.lineEdit()
        line.setSelection(len(line.text()), -len(line.text()))


class PartnerRecordsTable(ShowsPartners, RecordsTable):
    """A sub-table with a :class:`PartnerColumn`, its partners as the base has them.

    A partner deleted while the form holds unsaved changes is saved as none (its cell
    shows none); its deletion undone, it is saved again, as the attendees ticked are. In
    the rows where the user left the partner as it was, it follows the base: ``stored``
    reads each record's partner there (by record id), none once deleted and back once
    the deletion is undone, even when the form was shown after the deletion."""

    def __init__(self, directory: PartnerDirectory, model: EditableRecordsModel,
                 partner_column: PartnerColumn,
                 stored: Callable[[sqlite3.Connection], dict[int, int | None]],
                 add_text: str, remove_text: str, parent: QWidget | None = None):
        super().__init__(model, add_text, remove_text, parent)
        self.partner_column = partner_column
        self._attribute = partner_column.column.attribute
        self._stored = stored
        self._as_stored: dict[int, int | None] = {}
        """Each record's partner as the base had it when the form last took it from there."""
        partner_column.setParent(self.view)
        partner_column.typing.connect(self.changed)
        self.view.setItemDelegateForColumn(model.column_of(self._attribute), partner_column)
        model.modelReset.connect(self._take_as_stored)
        self.follow_partners(directory)

    def show_partners(self, names: PartnerNames) -> None:
        self.partner_column.names = names
        self.model.texts_changed(self._attribute)

    def _take_as_stored(self) -> None:
        self._as_stored = {record.id: getattr(record, self._attribute)
                           for record in self.model.records() if record.id is not None}

    def _reads_outdated(self) -> None:
        """The partner table changed: a partner deleted or put back is so in the rows the
        user did not change it in."""
        stored = self._stored(self.directory.session.con)
        for row, record in enumerate(self.model.records()):
            shown = getattr(record, self._attribute)
            if record.id in stored and shown == self._as_stored.get(record.id) \
                    and shown != stored[record.id]:
                self.model.put(row, self._attribute, stored[record.id])
        self._as_stored.update(stored)
        super()._reads_outdated()

    def unread(self, con: sqlite3.Connection) -> list[tuple[int, str]]:
        """The names typed that name no partner, as (row number, French message): read
        again against the names as the base has them when those held may lag (not in
        yet, or being read again), as Retours' partner is at save."""
        problems = self.model.read_unread()
        if problems and (self.partner_column.names is None or self.directory.pending):
            self.show_partners(PartnerNames.read(con))
            problems = self.model.read_unread()
        return problems

    def held(self, con: sqlite3.Connection, records: list[Any]) -> list[Any]:
        """``records`` as they are to be saved: a partner the base no longer holds
        (deleted since it was chosen) as none."""
        chosen = [getattr(record, self._attribute) for record in records]
        held = set(partners.existing(con, [p for p in chosen if p is not None]))
        return [record if partner is None or partner in held
                else replace(record, **{self._attribute: None})
                for record, partner in zip(records, chosen)]
