"""« Suites à donner »: every meeting's follow-ups in one list, beside the meetings' list.

Preparing the next CCAPEX, the chargé(e) de mission chases up what the earlier meetings
decided: what is still open, what is overdue, who carries it, from which meeting; and ticks
each done as partners report it. A meeting's form shows its own follow-ups only.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QStackedLayout, QTableView, QVBoxLayout, QWidget)

from pexdesk.core.domain.kinds import MEETING_KIND_LABELS
from pexdesk.core.errors import PexdeskError
from pexdesk.core.formatting import plural
from pexdesk.core.repositories import meetings
from pexdesk.core.repositories.meetings import FollowUpRow
from pexdesk.core.services.snapshots import capture
from pexdesk.ui.columns import ColumnFitter
from pexdesk.ui.late import LATE_BRUSH
from pexdesk.ui.models.table import Column, RowProxyModel, RowTableModel
from pexdesk.ui.screens.list_screen import ListCommand, empty_state, search_box, set_up_list
from pexdesk.ui.screens.tab_view import TabView
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import FlowLayout

if TYPE_CHECKING:
    from pexdesk.ui.screens.meetings import MeetingsScreen

OPEN, LATE, DONE, ALL = "OPEN", "LATE", "DONE", "ALL"
"""The state filter's choices."""

TABLE = "meeting_followup"


class FollowUpsView(TabView):
    """The follow-ups of every meeting, the soonest due first; read again whenever the
    meetings' list is (a meeting saved, deleted, a partner renamed, an undo), while shown."""

    def __init__(self, screen: MeetingsScreen):
        super().__init__()
        self.screen = screen
        self.session = screen.session
        self._fitted = False
        self._state_names = {0: self.tr("en retard"), 1: self.tr("ouverte"),
                             2: self.tr("faite")}

        self.search = search_box(self.tr("Rechercher dans les suites à donner"))
        self.search.textChanged.connect(self.apply_filter)
        self.state_filter = QComboBox()
        self.state_filter.setAccessibleName(self.tr("Filtrer les suites par état"))
        for label, state in ((self.tr("Ouvertes"), OPEN), (self.tr("En retard"), LATE),
                             (self.tr("Faites"), DONE), (self.tr("Toutes"), ALL)):
            self.state_filter.addItem(label, state)
        self.state_filter.currentIndexChanged.connect(self.apply_filter)

        self.model = RowTableModel(self._columns(), self._search_text,
                                   lambda row: LATE_BRUSH if row.late else None)
        self.model.set_filter(predicates=self._predicates())  # « Ouvertes » from the first read
        self.proxy = RowProxyModel(self.model)
        self.table = QTableView()
        set_up_list(self.table, self.proxy, self.tr("Liste : suites à donner"),
                    (0, Qt.SortOrder.AscendingOrder))
        # Every column in view; the owner and the meeting whole where the list is wide enough.
        self.column_fitter = ColumnFitter(self.table, stretch=1, kept=5,
                                          shares={2: 0.22, 3: 0.25})
        self.table.activated.connect(self.open_meeting)  # a double click, or Entrée
        self.table.selectionModel().currentRowChanged.connect(self._update_button)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self.table, self.toggle_done,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.empty_label = empty_state()
        self.done_button = QPushButton()
        self.done_button.setToolTip(self.tr("Espace"))
        self.done_button.clicked.connect(self.toggle_done)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self._layout()
        self._update_button()
        screen.loaded.connect(self.read_again)  # the meetings' list read the base again

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.state_filter)
        buttons = FlowLayout()
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.list_stack = QStackedLayout()  # attached first: see ListScreen._layout
        layout.addLayout(self.list_stack)
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addWidget(self.count_label)
        for first, second in ((self.search, self.state_filter), (self.state_filter, self.table),
                              (self.table, self.done_button)):
            QWidget.setTabOrder(first, second)

    def _columns(self) -> list[Column]:
        return [
            Column(self.tr("Échéance"), lambda r: r.due_on),
            Column(self.tr("Suite"), lambda r: r.description),
            Column(self.tr("Responsable"), lambda r: r.owner,
                   text=lambda r: r.owner or "—",
                   tooltip=lambda r: r.owner or self.tr("Aucun partenaire désigné")),
            Column(self.tr("Réunion"), lambda r: r.held_on, text=self._meeting_text,
                   tooltip=lambda r: " – ".join(filter(None, (self._meeting_text(r),
                                                              r.territory)))),
            Column(self.tr("État"), _state, text=lambda r: self._state_names[_state(r)]),
        ]

    @staticmethod
    def _meeting_text(row: FollowUpRow) -> str:
        """« 16/11/2026 – Sous-CCAPEX »."""
        return f"{row.held_on:%d/%m/%Y} – {MEETING_KIND_LABELS[row.kind]}"

    def _search_text(self, row: FollowUpRow) -> str:
        return " ".join((row.description, row.owner, self._meeting_text(row), row.territory,
                         self._state_names[_state(row)]))  # as the columns read

    # ---- Reading

    def refresh(self) -> None:
        """Read the follow-ups again; the one selected stays so, or, gone from the list (ticked
        done among the open ones), the one now in its place is."""
        super().refresh()
        current, place = self.current_row(), self.table.currentIndex().row()
        self.model.set_rows(meetings.followup_rows(self.session.con, date.today()))
        self._show_count()
        if current is not None:
            still = self.model.visible_row_of(lambda row: row.id == current.id)
            place = still if still >= 0 else place
        if self.proxy.rowCount():
            self._make_current(min(max(place, 0), self.proxy.rowCount() - 1))
        if not self._fitted and self.model.total_count():
            self._fitted = True
            self.column_fitter.measure()
        self._update_button()

    def apply_filter(self) -> None:
        self.model.set_filter(self.search.text(), self._predicates())
        self._show_count()
        if self.proxy.rowCount():
            self._make_current(0)
        self._update_button()

    def _predicates(self):
        return {OPEN: [lambda r: not r.done], LATE: [lambda r: r.late],
                DONE: [lambda r: r.done], ALL: []}[self.state_filter.currentData()]

    def _make_current(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _show_count(self) -> None:
        """« 7 suites ouvertes, dont 2 en retard », and how many are shown when it is not
        those; the list, or why it is empty."""
        rows = self.model.all_rows()
        still_open = sum(not row.done for row in rows)
        late = sum(row.late for row in rows)
        text = plural(still_open, self.tr("suite ouverte"), self.tr("suites ouvertes"))
        if late:
            text += self.tr(", dont {0} en retard").format(late)
        shown = self.proxy.rowCount()
        if shown != still_open:
            text += self.tr(" — {0}").format(plural(shown, self.tr("suite affichée"),
                                                    self.tr("suites affichées")))
        self.count_label.setText(text)
        if not shown:
            self.empty_label.setText(self._why_empty(len(rows), still_open))
        self.list_stack.setCurrentWidget(self.table if shown else self.empty_label)

    def _why_empty(self, total: int, still_open: int) -> str:
        if not total:
            return self.tr("Aucune suite à donner enregistrée.\nLes suites décidées en "
                           "réunion se saisissent dans le formulaire de la réunion (onglet "
                           "« Liste », tableau « Suites à donner »), avec leur échéance et le "
                           "partenaire qui s'en charge.")
        if self.search.text().strip():
            return self.tr("Aucune suite ne correspond à cette recherche.")
        state = self.state_filter.currentData()
        if state == LATE and still_open:
            return self.tr("Aucune suite en retard : {0}.").format(plural(
                still_open, self.tr("suite ouverte, dans les temps ou sans échéance"),
                self.tr("suites ouvertes, toutes dans les temps ou sans échéance")))
        if state in (OPEN, LATE):
            return self.tr("Aucune suite ouverte : {0}. Le filtre « Faites » les "
                           "montre.").format(plural(total, self.tr("suite enregistrée, faite"),
                                                    self.tr("suites enregistrées, toutes "
                                                            "faites")))
        return self.tr("Aucune suite faite pour l'instant : {0}.").format(plural(
            total, self.tr("suite enregistrée, encore à faire"),
            self.tr("suites enregistrées, toutes encore à faire")))

    # ---- Acting on the selected follow-up

    def current_row(self) -> FollowUpRow | None:
        return self.proxy.row_object(self.table.currentIndex())

    def _update_button(self, *args) -> None:
        row = self.current_row()
        done = row is not None and row.done
        self.done_button.setText(self.tr("Rou&vrir") if done
                                 else self.tr("Mar&quer comme faite"))
        self.done_button.setEnabled(row is not None and not self.session.read_only)

    def toggle_done(self) -> None:
        """Tick the selected follow-up done, or open it again: saved at once, Ctrl+Z takes
        it back. Its meeting's row counts it, and its form shows it, unless that form holds
        unsaved changes: those are asked about first, or they would be saved over it."""
        row = self.current_row()
        if row is None or not self.done_button.isEnabled() \
                or not self.screen.settle_unsaved_of(row.meeting_id):
            return
        session, done = self.session, not row.done
        before = capture(session.con, TABLE, row.id)
        try:
            with self.screen.writing_rows():
                session.write(TABLE, lambda con: meetings.set_followup_done(con, row.id, done))
        except PexdeskError as error:
            QMessageBox.warning(self, self.tr("Enregistrement impossible"), typeset(error))
            return
        text = (self.tr("le marquage d'une suite comme faite") if done
                else self.tr("la réouverture d'une suite"))
        self.screen.undo_stack.push(ListCommand(self.screen, text, before,
                                                capture(session.con, TABLE, row.id),
                                                listed=row.meeting_id))
        self.screen.rows_written(row.meeting_id)

    def open_meeting(self, index: QModelIndex) -> None:
        """The follow-up's meeting in the « Liste » tab, its form beside it."""
        row = self.proxy.row_object(index)
        if row is not None:
            self.screen.show_record(row.meeting_id)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def show_state(self, state: str) -> None:
        """Show the follow-ups in ``state`` (``OPEN``…), whatever was searched."""
        self.search.clear()
        self.state_filter.setCurrentIndex(max(0, self.state_filter.findData(state)))


def _state(row: FollowUpRow) -> int:
    """The order of the « État » column: late, open, done."""
    return 2 if row.done else 0 if row.late else 1
