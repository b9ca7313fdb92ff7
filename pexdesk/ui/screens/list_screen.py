"""A section built as a searchable list on the left and the selected record's form on the right.

Subclasses say what a row is (columns, how to fetch them, how to search them) and
provide a :class:`RecordEditor`. This class does the rest the same way on every
screen: background loading, search-as-you-type, filters, the unsaved-changes
guard, create / duplicate / delete with a confirmation naming what else goes,
and undo/redo of every save. A save, a deletion and their undo and redo read the
record's row again and put it in its place (:meth:`ListScreen.rows_written`): reading
the whole list again takes seconds on 100,000 responses.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from itertools import chain, islice
from typing import Any

from PySide6.QtCore import (QCoreApplication, QItemSelectionModel, QModelIndex,
                            QPersistentModelIndex, Qt, Signal)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QSplitter,
                               QStackedLayout, QTableView, QTabWidget, QVBoxLayout, QWidget)

from pexdesk.core.errors import PexdeskError, ValidationError
from pexdesk.core.formatting import format_number, plural
from pexdesk.core.services.snapshots import Snapshot, absent, capture
from pexdesk.core.text import fold, fold_all
from pexdesk.ui.columns import ColumnFitter
from pexdesk.ui.commands import RecordCommand
from pexdesk.ui.confirm import confirm
from pexdesk.ui.forms import Form
from pexdesk.ui.group_bands import GroupedTableView
from pexdesk.ui.models.groups import Grouping
from pexdesk.ui.models.table import Column, Records, RowProxyModel, RowTableModel, Sort
from pexdesk.ui.pdf_button import PdfButton
from pexdesk.ui.screens.base import Screen
from pexdesk.ui.settings import ListHeader, UiSettings
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import (FlowLayout, VerticalScrollArea, commit_typing,
                                keyboard_friendly_list, let_combo_shrink, show_text_starts)
from pexdesk.ui.workers import LatestOnly

FIT_SAMPLE_ROWS = 100
"""Rows Qt measures to size the list's columns to their content."""


@dataclass(frozen=True)
class LoadedRows:
    """What a loading thread prepares for the list, so that the UI thread only shows it: all
    the rows, or one batch of a list shown while it loads."""

    rows: list[Any]
    haystacks: list[str]
    sort_keys: tuple[Sort, list[tuple] | None]
    first: bool = True
    """The load's first batch (or all its rows): it replaces the rows listed; the others
    are added to it."""
    last: bool = True
    """The load's last batch (or all its rows), which carries the ``summary``."""
    summary: Any = None

    def without(self, records: set[int], identity: Callable[[Any], int]) -> LoadedRows:
        """These rows but those of ``records``: rows put in place while the load ran
        (:meth:`ListScreen.rows_written`) are newer than what it read."""
        kept = [i for i, row in enumerate(self.rows) if identity(row) not in records]
        if len(kept) == len(self.rows):
            return self
        sort, keys = self.sort_keys
        return replace(self, rows=[self.rows[i] for i in kept],
                       haystacks=[self.haystacks[i] for i in kept],
                       sort_keys=(sort, None if keys is None else [keys[i] for i in kept]))


def search_box(name: str) -> QLineEdit:
    """A list's search-as-you-type field, named ``name`` for screen readers."""
    search = QLineEdit()
    search.setPlaceholderText(QCoreApplication.translate("ListScreen", "Rechercher (Ctrl+F)…"))
    search.setClearButtonEnabled(True)
    search.setAccessibleName(name)
    search.setMinimumWidth(160)
    return search


def set_up_list(table: QTableView, proxy: RowProxyModel, name: str,
                sort: tuple[int, Qt.SortOrder]) -> None:
    """A list of records as every screen shows one: whole rows selected one at a time, sorted
    by a click on a column's title (``sort`` first), one line per row."""
    table.setModel(proxy)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setSortingEnabled(True)
    table.sortByColumn(*sort)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    keyboard_friendly_list(table)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    # Column widths from the first rows: Qt's default (1,000 rows) takes 0.8 s to measure
    # on a list of meetings, and the widths are capped anyway.
    table.horizontalHeader().setResizeContentsPrecision(FIT_SAMPLE_ROWS)


def empty_state() -> QLabel:
    """Where a list shows nothing, the sentence that says why, shown in its place."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setObjectName("emptyState")
    return label


def batches(rows: Iterable[Any], first: int | None, size: int | None) -> Iterator[list[Any]]:
    """``rows`` cut into lists of ``first``, then ``size`` rows (None: all of them)."""
    rows = iter(rows)
    batch = list(islice(rows, first))
    while batch:
        yield batch
        batch = list(islice(rows, size))


class RecordEditor(QWidget):
    """The form of one record. ``load(None)`` prepares a new record."""

    dirty_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = Form()
        self.form.changed.connect(self.mark_dirty)
        self.form.changed.connect(self._note_typing)
        self.record_id: int | None = None
        self._dirty = False
        self.typed = False
        """Whether the user changed the form since it was filled: a new record, prefilled or
        copied by « Dupliquer », is not typed in yet, and dropping it loses nothing."""

    def _note_typing(self) -> None:
        self.typed = True

    @property
    def dirty(self) -> bool:
        return self._dirty

    def mark_dirty(self) -> None:
        if not self._dirty:
            self._dirty = True
            self.dirty_changed.emit(True)

    def mark_clean(self) -> None:
        self.form.clear_errors()
        if self._dirty:
            self._dirty = False
            self.dirty_changed.emit(False)

    def load(self, row: Any | None, con: sqlite3.Connection) -> None:
        """Fill the form from ``row`` (None: a new, empty record)."""
        blockers = self.form.blocked()
        self.fill(row, con)
        del blockers
        show_text_starts(self)
        self.mark_clean()
        self.typed = False

    def fill(self, row: Any | None, con: sqlite3.Connection) -> None:
        raise NotImplementedError

    def write(self, con: sqlite3.Connection) -> int:
        """Validate and save the form's content; return the record id. Raises ValidationError."""
        raise NotImplementedError

    def finish_typing(self) -> None:
        """What is being typed in a cell of the form's tables (its sub-tables, a meeting's
        breakdown) goes into it."""
        for view in self.findChildren(QAbstractItemView):
            commit_typing(view)

    def duplicate(self) -> None:
        """Turn the record loaded into a new one copying it (:meth:`prepare_duplicate`);
        what the copy clears or renames is pexdesk's doing, not the user's typing."""
        self.prepare_duplicate()
        self.typed = False

    def prepare_duplicate(self) -> None:
        """After loading a record, turn the form into a new record copying it."""
        self.record_id = None
        self.mark_dirty()


class ListCommand(RecordCommand):
    """A change of one record of a list (``text`` names it after « Annuler »): undone or
    redone, the list puts that record's row in place, as after the save itself."""

    def __init__(self, screen: ListScreen, text: str, before: Snapshot, after: Snapshot,
                 listed: int | None = None):
        super().__init__(screen.session, text, before, after)
        self.screen = screen
        self.listed = before.record_id if listed is None else listed
        """The record whose row the change moves: the one changed, or the one listed that
        it belongs to (the meeting of a follow-up ticked done)."""

    def held_in_the_form(self) -> bool:
        """The list's form holds unsaved changes of the record this change writes. Undone or
        redone under them, the base had the record as it was while the form kept what was
        typed, and Enregistrer saved that over it again: Annuler and Rétablir drop them
        first (:meth:`MainWindow.undo`)."""
        editor = self.screen.editor
        return editor.dirty and editor.record_id == self.listed

    def undo(self) -> None:
        self._write_again(super().undo, self.undone)

    def redo(self) -> None:
        self._write_again(super().redo)

    def _write_again(self, write: Callable[[], None],
                     then: Callable[[], None] | None = None) -> None:
        with self.screen.writing_rows() as written:
            write()
        if written.changed:  # not on the push, whose redo has nothing to write
            if then is not None:
                then()
            self.screen.rows_written(self.listed)

    def undone(self) -> None:
        """What the list is told once the change is undone, before its row is put back."""


class CreationCommand(ListCommand):
    """A record created from a list: « Annuler la création du partenaire » deletes it."""

    def __init__(self, screen: ListScreen, after: Snapshot):
        super().__init__(screen, screen.tr("la création {0}").format(screen.noun_of),
                         absent(screen.table_name, after.record_id), after)


class DeletionCommand(ListCommand):
    """A record deleted from a list: undoing it selects the record brought back."""

    def __init__(self, screen: ListScreen, before: Snapshot):
        super().__init__(screen, screen.tr("la suppression {0}").format(screen.noun_of),
                         before, absent(screen.table_name, before.record_id))

    def undone(self) -> None:
        self.screen.select_after_load(self.before.record_id)


@dataclass
class Written:
    """Whether a write of records of a list changed the tables it shows."""

    changed: bool = False


class ListScreen(Screen):
    table_name = ""
    export_table = ""
    """The ``pexdesk export`` table behind this list; "" when it has no « Exporter… »."""
    default_sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)
    main_column = 0
    """The column naming the record, a long text: it takes the room the others leave."""
    kept_columns = 1
    """How many leading columns (``main_column`` among them) stay in view however narrow
    the list; the others follow as far as they fit (see :mod:`pexdesk.ui.columns`), so
    :meth:`columns` lists what must be seen first."""
    noun_singular = ""
    noun_plural = ""
    noun_of = ""
    """« du partenaire », « de la réunion »: the record after « la création », in undo texts
    that read after « Annuler » and « Rétablir » in the Édition menu."""
    new_title = ""
    """The editor's title for a record not saved yet (« Nouvelle réunion »): French nouns
    have a gender, so each screen spells it."""
    empty_hint = ""
    noun_shown = ("", "")
    """« partenaire affiché », « partenaires affichés »: how an export of a filtered list
    names what it wrote (the participle agrees with the noun, so each screen spells it)."""

    first_batch = 500
    """Rows a list that is empty shows before the rest are read (a screenful many times over,
    and the rows Qt measures to size the columns): 100,000 responses take a second to
    read, the first 500 a few milliseconds."""
    batch = 10_000
    """Rows read between two updates of a list shown while it loads."""

    def __init__(self, session, undo_stack, parent: QWidget | None = None):
        super().__init__(session, undo_stack, parent)
        self.model = RowTableModel(self.columns(), self.search_text, self.highlight,
                                   self.grouping(), Records(self.row_id, self.read_order))
        self.proxy = RowProxyModel(self.model)
        self._loads = LatestOnly(self, lambda: self.session.is_open)
        self._tab_order_set = False
        self._select_after_load: int | None = None
        """The record to select once the rows change (loaded, or put in place after a
        write: the record saved, brought back…)."""
        self._row_after_load: int | None = None
        """Where the record gone when the rows change was listed (deleted here, by
        Rétablir or elsewhere, its creation undone): the row then there, the one after it,
        is selected, or the one before it if it was the last, as in a file manager."""
        self._left_for_new = QPersistentModelIndex()
        """The row current before Nouveau or Dupliquer: Annuler les modifications comes
        back to it."""
        self._keeping_form = False
        """Set while the row of the record in the form is selected again after filtering:
        the form already shows it, and is not loaded anew at each keystroke."""
        self.summary: Any = None
        """:meth:`summarise` of the rows shown."""
        self._batched = False
        """Set while the list shows the first batches of a load, the rest still coming."""
        self._chosen_early: int | None = None
        """The record the form was given with the first batch of a load: the first row
        then, which the whole list may not have first (see :meth:`_rows_loaded`)."""
        self._written: Written | None = None
        """Set while this list writes records whose rows it puts in place itself."""
        self._put_while_loading: set[int] = set()
        """Records whose rows were put in place while a load ran: the rows it reads of
        them may be older (see :meth:`_rows_loaded`)."""
        self._shown_after_load: int | None = None
        """The record another screen asked to show while the rows loaded."""
        self.loaded.connect(self._show_asked_record)

        self.search = search_box(self.tr("Rechercher"))
        self.search.textChanged.connect(self.apply_filter)
        self.filters = FlowLayout()
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)

        self.table = GroupedTableView() if self.model.grouping else QTableView()
        set_up_list(self.table, self.proxy, self.tr("Liste : {0}").format(self.noun_plural),
                    self.default_sort)
        self.column_fitter = ColumnFitter(self.table, self.main_column, self.kept_columns)
        fit_again = QAction(self.tr("Largeurs automatiques"), self.table)
        fit_again.triggered.connect(self.fit_columns_again)
        self.table.horizontalHeader().addAction(fit_again)
        self.table.horizontalHeader().setContextMenuPolicy(
            Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.empty_label = empty_state()

        self.writable = not session.read_only
        """False on a base opened read-only: the buttons that would write are disabled (they
        asked, then refused)."""
        self.new_button = QPushButton(self.tr("&Nouveau"))
        self.new_button.setToolTip(self.tr("Ctrl+N"))
        self.new_button.clicked.connect(self.new_record)
        self.duplicate_button = QPushButton(self.tr("D&upliquer"))
        self.duplicate_button.setToolTip(self.tr("Ctrl+D"))
        self.duplicate_button.clicked.connect(self.duplicate_record)
        self.delete_button = QPushButton(self.tr("Supprimer…"))
        self.delete_button.setToolTip(self.tr("Suppr"))
        self.delete_button.clicked.connect(self.delete_record)
        self.export_button = QPushButton(self.tr("E&xporter…"))
        self.export_button.setToolTip(self.tr("Les lignes affichées (recherche et filtres "
                                              "appliqués) : Excel (XLSX) ou CSV pour Excel"))
        self.export_button.clicked.connect(self.export_list)
        if not self.export_table:
            self.export_button.hide()  # never show(): a widget without a parent yet is a window

        self.editor = self.make_editor()
        self.editor.mark_clean()  # filling its combo boxes while building it is no user edit
        self.editor.dirty_changed.connect(self._dirty_changed)
        self.editor_title = QLabel()
        title_font = self.editor_title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
        self.editor_title.setFont(title_font)
        self.editor_title.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Enregistrer"))
        self.save_button.setToolTip(self.tr("Ctrl+S"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Annuler les modifications"))
        self.cancel_button.clicked.connect(self.revert)
        self._layout()
        self._dirty_changed(False)
        self.editor.setEnabled(False)
        self.new_button.setEnabled(self.writable)

    def add_filters(self, *widgets: QWidget) -> None:
        """Put ``widgets`` in the bar above the list; a filter combo box shows its first
        choice (« Toutes les catégories ») whole."""
        for widget in widgets:
            if isinstance(widget, QComboBox):
                let_combo_shrink(widget, whole_first_item=True)
            self.filters.addWidget(widget)

    # ---- What subclasses provide

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def grouping(self) -> Grouping | None:
        """How the rows show as groups while sorted by one column (a band above each
        group's first row, see :mod:`pexdesk.ui.group_bands`); None: never."""
        return None

    def fetch(self, con: sqlite3.Connection) -> Iterable[Any]:
        """All rows of the list, read on a background connection (a worker thread). An
        iterator reading them as they are asked for lets a long list show its first rows
        while the rest are read."""
        raise NotImplementedError

    def fetch_one(self, con: sqlite3.Connection, record_id: int) -> Any | None:
        """The row of one record, as :meth:`fetch` reads it; None when it is gone (or not
        of this list: a response of another campaign)."""
        raise NotImplementedError

    def read_order(self, row: Any) -> Any:
        """The order :meth:`fetch` reads the rows in, as a sort key with one place per
        record: where a row put in place goes among the others."""
        raise NotImplementedError

    def search_text(self, row: Any) -> str:
        """What search-as-you-type looks into; runs on the loading thread, so it must only
        read the row."""
        raise NotImplementedError

    def search_texts(self, rows: list[Any]) -> list[str]:
        """The :meth:`search_text` of each row, folded (:func:`fold`), on the loading thread."""
        return fold_all([self.search_text(row) for row in rows])

    def summarise(self, rows: list[Any]) -> Any:
        """Figures about the rows that the screen shows beside the list (kept in
        :attr:`summary`); runs on the loading thread, so it must only read the rows."""
        return None

    def summary_after(self, summary: Any, old: Any | None, new: Any | None) -> Any:
        """:meth:`summarise` once the row ``old`` became ``new`` (None: the record was not
        listed, is gone), on the UI thread: summarised again from all rows unless the
        screen knows better (counting 100,000 responses again takes 30 ms)."""
        return self.summarise(self.model.all_rows())

    def row_id(self, row: Any) -> int:
        return row.id

    def row_title(self, row: Any) -> str:
        raise NotImplementedError

    def highlight(self, row: Any):
        return None

    def make_editor(self) -> RecordEditor:
        raise NotImplementedError

    def active_filters(self) -> list[Callable[[Any], bool]]:
        """One test per filter the user set (category, status…): the list shows the rows
        passing them all, and says how many filters hide rows (:meth:`narrowing`)."""
        return []

    def extra_views(self) -> list[tuple[str, QWidget]]:
        """Other views shown as tabs beside the list (a month-by-month overview…)."""
        return []

    def record_documents(self) -> list[PdfButton]:
        """Buttons making a PDF of the saved record the form shows (« Relevé PDF… »), put
        after « Enregistrer », which stays beside « Annuler les modifications » when the
        row of buttons wraps; built once, with the form."""
        return []

    def export_options(self):
        """What the export takes from the screen (the selected campaign…); None: everything."""
        return None

    def export_list(self) -> None:
        self.export_shown(self.export_table, self.export_options())

    def export_shown(self, table: str, options=None, what: str = "{0}") -> None:
        """Export ``table`` as the list shows it: when search or filters hide rows, only the
        records shown (:meth:`shown_ids`; for contacts, those of the partners shown), and
        the dialog's title and the status line say so, ``what`` placing « 12 partenaires
        affichés sur 240 (…) » in its phrase. A list showing nothing has nothing to export:
        the user is told why instead of getting a file of headers."""
        from dataclasses import replace

        from pexdesk.core.services.exchange import Options
        from pexdesk.ui.export_actions import choose_and_export

        shown, scope = self.shown_ids(), ""
        if shown is not None:
            if not shown:
                QMessageBox.information(self, self.tr("Rien à exporter"), self.tr(
                    "La liste n'affiche rien ({0}) : effacez {1} pour exporter.").format(
                    self.narrowing(), self.tr(" ou ").join(self._narrowers(
                        self.tr("la recherche"), self.tr("le filtre"), self.tr("les filtres")))))
                return
            options = replace(options or Options(), only=shown)
            scope = what.format(self.shown_scope())
        choose_and_export(self, self.session, table, options, report=self.count_label.setText,
                          scope=scope)

    def shown_ids(self) -> frozenset[int] | None:
        """The ids of the records the list shows when its search or filters hide some; None
        when it shows them all (an export then writes the whole table, as the CLI does)."""
        if self.proxy.rowCount() >= self.model.total_count():
            return None
        return frozenset(self.row_id(row) for row in self.model.visible_rows())

    def _searched(self) -> bool:
        return bool(fold(self.search.text()).split())  # as the model reads it

    def narrowing(self) -> str:
        """What hides rows, as the user set it: « recherche appliquée », « filtre appliqué »,
        « 2 filtres appliqués », « recherche et filtre appliqués »… (the participle agrees
        with what it names, and a user who set one filter is not told of several)."""
        filters = len(self.active_filters())
        if not filters:
            return self.tr("recherche appliquée")
        if self._searched():
            text = (self.tr("recherche et filtre appliqués") if filters == 1
                    else self.tr("recherche et {0} filtres appliqués"))
        else:
            text = self.tr("filtre appliqué") if filters == 1 else self.tr("{0} filtres appliqués")
        return text.format(filters)

    def _narrowers(self, search: str, one_filter: str, filters: str) -> list[str]:
        """``search`` if the search hides rows, then ``one_filter`` or ``filters`` as the
        filters set are one or more: the words that name them in a sentence."""
        count = len(self.active_filters())
        return ([search] if self._searched() else []) + (
            [one_filter if count == 1 else filters] if count else [])

    def shown_scope(self) -> str:
        """« 12 partenaires affichés sur 240 (recherche et 2 filtres appliqués) »."""
        return self.tr("{0} sur {1} ({2})").format(
            plural(self.proxy.rowCount(), *self.noun_shown),
            format_number(self.model.total_count()), self.narrowing())

    def focus_on(self, options: dict) -> None:
        """Set the filters named in ``options`` (``{"status": "LATE"}`` sets ``status_filter``,
        ``{"charter": True}`` ticks ``charter_filter``);
        ``{"record": id}`` shows that record in the list and its form (a meeting listed in
        an action's form led here)."""
        if "record" in options:
            self.show_record(options["record"])
            return
        self.show_list()
        self.search.clear()
        for name, value in options.items():
            widget = getattr(self, f"{name}_filter", None)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))

    def deletion_consequences(self, row: Any) -> list[str]:
        """French lines naming what else a deletion removes or unlinks."""
        return []

    def delete_row(self, con: sqlite3.Connection, row: Any) -> None:
        raise NotImplementedError

    # ---- Layout

    def _layout(self) -> None:
        top = QVBoxLayout()
        top.addWidget(self.search)
        top.addLayout(self.filters)
        self.filters.setContentsMargins(0, 0, 0, 0)
        buttons = FlowLayout()
        for button in (self.new_button, self.duplicate_button, self.delete_button,
                       self.export_button):
            buttons.addWidget(button)
        list_area = QWidget()
        left = QVBoxLayout(list_area)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(top)
        # Attached before it gets widgets: a stacked layout shows its current widget at
        # once, and a widget without a parent yet would flash up as a window of its own.
        self.list_stack = QStackedLayout()
        left.addLayout(self.list_stack)
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)
        left.addLayout(buttons)
        left.addWidget(self.count_label)

        scroll = VerticalScrollArea(self.editor)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields inside
        editor_area = self.editor_area = QWidget()
        right = QVBoxLayout(editor_area)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.editor_title)
        right.addWidget(scroll)
        actions = FlowLayout()
        self.documents = self.record_documents()
        for button in (self.cancel_button, self.save_button, *self.documents):
            actions.addWidget(button)
        right.addLayout(actions)

        extra_views = self.extra_views()
        self.tabs: QTabWidget | None = None
        """The list's tab and those of :meth:`extra_views`; None when there are none."""
        if extra_views:
            tabs = self.tabs = QTabWidget()
            tabs.addTab(list_area, self.tr("Liste"))
            for title, widget in extra_views:
                tabs.addTab(widget, title)
            list_area = tabs
        splitter = QSplitter()
        splitter.addWidget(list_area)
        splitter.addWidget(editor_area)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 480])
        splitter.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(splitter)

    def restore_view(self, settings: UiSettings) -> None:
        """The list sorted as the user left it, and with the column widths they dragged;
        widths they did not choose are computed again, for this window's size."""
        kept = settings.list_header(self.table_name, self._column_titles())
        if kept is not None and self.table.horizontalHeader().restoreState(kept.state):
            self.column_fitter.user_sized = kept.widths_chosen

    def keep_view(self, settings: UiSettings) -> None:
        settings.set_list_header(self.table_name, self._column_titles(), ListHeader(
            self.table.horizontalHeader().saveState(), self.column_fitter.user_sized))

    def fit_columns_again(self) -> None:
        """« Largeurs automatiques »: the widths the user dragged are forgotten, here and in
        the settings, and the columns sized as on first use; the sort stays."""
        self.column_fitter.refit()
        self.view_changed.emit()

    def _column_titles(self) -> list[str]:
        return [column.header for column in self.model.columns]

    def show_list(self) -> None:
        """The list's tab, where a screen has other views beside it (« Vue par mois »):
        Ctrl+F typed in its search unseen, a dashboard figure filtered it unseen; and the
        form, which a view taking the whole width hides (« Suites à donner »): Ctrl+N, Ctrl+D
        and Suppr acted on it unseen."""
        if self.tabs is not None:
            self.tabs.setCurrentIndex(0)

    def focus_search(self) -> None:
        self.show_list()
        self.search.setFocus()
        self.search.selectAll()

    def command_buttons(self) -> dict[str, QPushButton]:
        return {"new_record": self.new_button, "duplicate_record": self.duplicate_button,
                "save": self.save_button, "revert": self.cancel_button,
                "delete_record": self.delete_button}

    # ---- Loading and filtering

    def activate(self) -> None:
        if not self._tab_order_set:
            self._tab_order_set = True
            self._arrange_tab_order()
        super().activate()

    def _arrange_tab_order(self) -> None:
        """Search, filters, list, the selected record's form and its buttons, then the
        list's buttons: from the list, Tab goes straight to the record it shows. Filters
        are added by subclasses after this class built the rest, so the default chain
        (creation order) would put them after the form."""
        chain = [self.search, *self._filter_widgets(), self.table, self.editor]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        chain = [self.save_button, self.cancel_button, *self.documents, self.new_button,
                 self.duplicate_button, self.delete_button, self.export_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _filter_widgets(self) -> list[QWidget]:
        items = map(self.filters.itemAt, range(self.filters.count()))
        return [item.widget() for item in items if item.widget() is not None]

    def refresh(self) -> None:
        self._keep_current_row()
        self.count_label.setText(self.tr("Chargement…"))
        self._batched, self._chosen_early = False, None
        self._put_while_loading.clear()  # this load reads them as they are now
        sort = self.model.sort_state
        # An empty list shows each batch as it comes; a list showing rows keeps them until
        # the new ones are all in, so that its selection and scrolling stay put meanwhile.
        in_batches = self.model.total_count() == 0

        def prepared(rows: list[Any], first: bool) -> LoadedRows:
            return LoadedRows(rows, self.search_texts(rows),
                              (sort, self.model.sort_keys(rows, sort)), first, last=False)

        def work(progress):
            read: list[Any] = []
            rest: list[Any] = []
            sizes = (self.first_batch, self.batch) if in_batches else (None, None)
            # Closed before the connection goes back to the pool, even when a newer load
            # stops this one: its query must not be left running on a connection lent again.
            with self.session.reading() as con, closing(batches(self.fetch(con), *sizes)) \
                    as loading:
                for batch in loading:
                    if len(batch) == sizes[1 if read else 0]:  # more may follow: show it now
                        yield prepared(batch, first=not read)
                    else:  # all the rows, or the last ones: they go with the summary
                        rest = batch
                    read += batch
            last = prepared(rest, first=len(rest) == len(read))
            return replace(last, last=True, summary=self.summarise(read))

        self._loads.run(work, self._rows_loaded, self._load_failed, self._rows_loaded)

    def _keep_current_row(self) -> None:
        """The row current now is to be selected again once the rows change, at its place
        if it is gone — unless a record is to be selected already."""
        current = self.current_row()
        if self._select_after_load is None and current is not None:
            self._select_after_load = self.row_id(current)
            self._row_after_load = self.table.currentIndex().row()

    @property
    def loading(self) -> bool:
        return self._loads.pending

    @contextmanager
    def writing_rows(self) -> Iterator[Written]:
        """Around a write of one record of this list: what it changes in the tables the list
        shows does not make it read them all again, its writer puts the record's row in
        place (:meth:`rows_written`); what it yields says whether anything changed."""
        self._written = written = Written()
        try:
            yield written
        finally:
            self._written = None

    def _on_changed(self, table: str) -> None:
        if self._written is not None and table in self.watched_tables:
            self._written.changed = True
        else:
            super()._on_changed(table)

    def rows_written(self, *record_ids: int) -> None:
        """The records ``record_ids`` were written here (saved, deleted, or such a change
        undone or redone), or what their rows count was written elsewhere (a partner's
        meetings): their rows are read again and put in their place, in the sort and the
        search, instead of reading every row again. The current row stays selected,
        unless the write asked for another (:attr:`_select_after_load`); a form showing
        a record as saved shows it as it now reads (after Annuler, Rétablir). Figures
        drawn from the rows follow, as after a load (:attr:`loaded`); while a load runs,
        its end does it, and puts the rows in place once more among all rows."""
        if self._stale:
            return  # a load is due, which reads them
        self._keep_current_row()
        for record_id in record_ids:
            self._put_row(record_id)
        self._show_count()
        if not self.loading:
            self._choose_row(self._row_after_load)

    def _put_row(self, record_id: int) -> None:
        row = self.fetch_one(self.session.con, record_id)
        replaced = self.model.put_row(record_id, row)
        if row is not None and record_id == self.editor.record_id and not self.editor.dirty:
            if self.current_row() is row:
                self._edit(row)
            else:  # a new record just saved, titled « Nouveau … » until selected
                self.editor_title.setText(self.row_title(row))
        if self.loading:
            self._put_while_loading.add(record_id)
        else:
            self.summary = self.summary_after(self.summary, replaced, row)

    def _rows_loaded(self, loaded: LoadedRows) -> None:
        first_load = self.model.total_count() == 0
        self._batched = not loaded.last
        put = self._put_while_loading
        if put:
            loaded = loaded.without(put, self.row_id)
        if loaded.first:
            self.model.set_rows(loaded.rows, loaded.haystacks, loaded.sort_keys)
        else:
            self.model.append_rows(loaded.rows, loaded.haystacks, loaded.sort_keys)
        if put and (loaded.first or loaded.last):
            # Written meanwhile: as they read now, and, once all rows are in, in their place.
            for record_id in put:
                self.model.put_row(record_id, self.fetch_one(self.session.con, record_id))
        if loaded.first:
            self._filter_rows()
        else:
            self._show_count()
        if first_load:
            self._fit_columns()
        if not loaded.last:
            self._show_first_rows()
            return
        self.summary = self.summarise(self.model.all_rows()) if put else loaded.summary
        put.clear()
        self._choose_row(self._row_after_load or 0)

    def _choose_row(self, place: int | None) -> None:
        """The list's rows changed (loaded, or some put in place): select the record it
        was to select, or else the row at ``place`` (none: the current row stays), or, the
        record in the form gone, say why; then tell the screen its data is shown."""
        target = self._select_after_load
        self._select_after_load = self._row_after_load = None
        early, self._chosen_early = self._chosen_early, None
        current = self.current_row()
        if target is None and early is not None and current is not None \
                and self.row_id(current) != early:
            target = self.row_id(current)  # chosen by the user while the list loaded
        if target is not None:
            if not self.select_record(target) and self.editor.record_id == target:
                if any(self.row_id(row) == target for row in self.model.all_rows()):
                    self._follow_list()  # saved, but the search or filters hide it
                else:
                    self._record_vanished(place or 0)
        elif place is not None and self.proxy.rowCount() and not self.editor.dirty:
            self._make_current(self._row_near(place))
        elif not self.editor.dirty and self.editor.record_id is None:
            self.editor.setEnabled(False)
        self.loaded.emit()

    def _show_first_rows(self) -> None:
        """The first rows of a load are in: the first goes to the form, as the first row
        of the whole list will once it is all in (unless a record is to be selected, or the
        form holds unsaved changes). Rows clicked meanwhile stay chosen at the end."""
        if self._chosen_early is not None or self._select_after_load is not None \
                or self.editor.dirty or not self.proxy.rowCount():
            return
        self._make_current(self._row_near(self._row_after_load or 0))
        current = self.current_row()
        self._chosen_early = self.row_id(current) if current is not None else None

    def _row_near(self, place: int):
        """The list's row at ``place``, or its last row when it has fewer."""
        return self.proxy.index(min(place, self.proxy.rowCount() - 1), 0)

    def _record_vanished(self, place: int) -> None:
        """The record in the form is gone: the form shows what the list shows, the row now
        at the record's ``place`` or, the list empty, no record — as after a deletion here.
        Whatever removed it, a form greyed under its old content would only show data that
        no longer exists (data a retention purge was meant to remove).

        What was typed in it cannot be saved, and the user is told why: it was deleted
        while shown by something the user may not link to the form, a retention purge of
        old responses (Fichier → Purger…) or an import replacing responses — no other
        pexdesk writes to the base meanwhile (one writer, see ``core.safety.lock``), and
        Annuler and Rétablir never remove a record whose changes the form holds
        (:meth:`ListCommand.held_in_the_form`)."""
        lost, title = self.editor.dirty, self.editor_title.text()
        self.editor.mark_clean()
        if self.proxy.rowCount():
            self._make_current(self._row_near(place))
        else:
            self._show_no_record()
        if lost:
            QMessageBox.information(self, self.tr("Enregistrement supprimé"), self.tr(
                "L'enregistrement « {0} » a été supprimé de la base pendant que vous le "
                "modifiiez (par une purge ou un import) : les modifications en cours ne "
                "peuvent pas être enregistrées.").format(title))

    def _fit_columns(self) -> None:
        """Size columns to their content (Qt samples the first rows), within reason, then
        spread them over the list's width: the first :attr:`kept_columns` in view, the
        main column taking what is left (cut texts are whole in the tooltips)."""
        self.column_fitter.measure()

    def _load_failed(self, error: Exception) -> None:
        self.count_label.setText(self.tr("Lecture impossible"))
        QMessageBox.warning(self, self.tr("Lecture de la base"), typeset(error))

    def apply_filter(self) -> None:
        """Show the rows the search and filters let through; the form follows the list."""
        self._filter_rows()
        self._follow_list()

    def _filter_rows(self) -> None:
        self.model.set_filter(self.search.text(), self.active_filters())
        self._show_count()

    def _show_count(self) -> None:
        """The count line, and the list or the reason it is empty."""
        shown, total = self.proxy.rowCount(), self.model.total_count()
        if total == 0:
            self.empty_label.setText(self.empty_hint)
        elif shown == 0:
            self.empty_label.setText(self.tr("Aucun résultat pour {0}.").format(
                self.tr(" et ").join(self._narrowers(
                    self.tr("cette recherche"), self.tr("ce filtre"), self.tr("ces filtres")))))
        self.list_stack.setCurrentWidget(self.table if shown else self.empty_label)
        if shown == total:
            count = plural(total, self.noun_singular, self.noun_plural)
        else:
            count = self.tr("{0} sur {1}").format(
                format_number(shown), plural(total, self.noun_singular, self.noun_plural))
        self.count_label.setText(self.tr("{0} (chargement en cours…)").format(count)
                                 if self._batched else count)
        self._update_record_buttons()

    def _follow_list(self) -> None:
        """The form shows what the list shows once the search or a filter changed: its
        record, selected again while listed, else the first row listed, else no record
        (as when the list is first shown).

        A form with unsaved changes is kept as it is, listed or not: the search is typed
        to look something up, not to leave the form, and neither asking « Enregistrer ? »
        at each keystroke nor dropping what was typed would do. Choosing another row, or
        leaving the screen, asks as always; Ctrl+S saves it meanwhile."""
        shown = self.editor.record_id
        if shown is not None and self._select_kept(shown):
            return
        if self.editor.dirty:
            return
        if self.proxy.rowCount():
            self._make_current(self.proxy.index(0, 0))
        elif self.editor.isEnabled():
            self._show_no_record()

    def show_record(self, record_id: int) -> None:
        """The list's tab, ``record_id`` selected and its form beside it (a row of another
        view led here); the search and filters are cleared first if they hide it. Unsaved
        changes of another record are asked about, as when a row is clicked. While the
        rows load (the screen's first visit), once they are in."""
        self.show_list()
        if self.loading:
            self._shown_after_load = record_id
            return
        if self.model.visible_row_of(lambda row: self.row_id(row) == record_id) < 0:
            # Set quietly, then applied once: each would otherwise move the form.
            widgets = [self.search, *self._filter_widgets()]
            blockers = [widget.blockSignals(True) for widget in widgets]
            self.search.clear()
            for widget in widgets:
                if isinstance(widget, QComboBox):
                    widget.setCurrentIndex(0)  # « Tous les types », « Toutes les années »…
            for widget, blocker in zip(widgets, blockers):
                widget.blockSignals(blocker)
            self._filter_rows()
        self.select_record(record_id)
        self.table.setFocus()

    def _show_asked_record(self) -> None:
        if self._shown_after_load is not None and not self.loading:
            asked, self._shown_after_load = self._shown_after_load, None
            self.show_record(asked)

    def settle_unsaved_of(self, record_id: int) -> bool:
        """Whether ``record_id`` may be written from outside its form (a follow-up of the
        meeting ticked done): yes, unless the form holds unsaved changes of it, which would
        be saved over the change; those are asked about first, as when another row is
        chosen (False: the user kept them)."""
        if self.editor.dirty and self.editor.record_id == record_id:
            return self._resolve_unsaved()
        return True

    def _select_kept(self, record_id: int) -> bool:
        """Select the row of the record in the form, leaving the form as it is."""
        self._keeping_form = True
        try:
            selected = self.select_record(record_id)
        finally:
            self._keeping_form = False
        self._update_record_buttons()
        return selected

    def _show_no_record(self) -> None:
        """An empty, greyed-out form without a title: nothing is selected."""
        self.editor.load(None, self.session.con)
        self.editor.setEnabled(False)
        self.editor_title.clear()
        self._update_record_buttons()

    @property
    def holds_new_record(self) -> bool:
        """The form holds a record not saved yet (« Nouveau », « Dupliquer »). No row is
        current meanwhile; the one it was opened from is kept to come back to."""
        return self.editor.dirty and self.editor.record_id is None

    def _update_record_buttons(self) -> None:
        """Dupliquer, Supprimer… and the record's documents act on the record in the form
        (:meth:`record_row`); on a record not saved yet, there is none to copy or print, and
        Supprimer… abandons that new record."""
        new = self.holds_new_record
        saved = self.editor.record_id is not None and not new
        self.duplicate_button.setEnabled(self.writable and saved)
        self.delete_button.setEnabled(self.writable and (saved or new))
        for button in self.documents:
            button.set_subject(self.editor.record_id if saved else None)
        self.delete_button.setToolTip(
            self.tr("Suppr : abandonne la nouvelle fiche, sans rien supprimer de la base")
            if new else self.tr("Suppr"))

    # ---- Selection and the editor

    def current_row(self) -> Any | None:
        return self.proxy.row_object(self.table.currentIndex())

    def record_row(self) -> Any | None:
        """The row of the record the form shows: what Dupliquer, Supprimer… and the like act
        on, whatever row is current. They differ just after « Enregistrer » on a new record
        (no row is current until a loading list selects the saved one, and the user may
        choose another meanwhile) or on a record with unsaved changes a search hides. While
        the list loads its rows may be out of date, so the record's is read again."""
        record_id = self.editor.record_id
        if record_id is None or self.holds_new_record:
            return None
        if self.loading:
            return self.fetch_one(self.session.con, record_id)
        return next((row for row in chain((self.current_row(),), self.model.all_rows())
                     if row is not None and self.row_id(row) == record_id), None)

    def select_record(self, record_id: int) -> bool:
        position = self.model.visible_row_of(lambda row: self.row_id(row) == record_id)
        if position < 0:
            return False
        self._make_current(self.proxy.mapFromSource(self.model.index(position, 0)))
        return True

    def _make_current(self, index) -> None:
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _current_changed(self, current, previous) -> None:
        row = self.proxy.row_object(current)
        if row is None or self._keeping_form:
            return
        if self._unsaved() and self.editor.record_id == self.row_id(row):
            return  # the same record, selected again after a reload: keep what is typed
        if self.editor.dirty:
            if not self._resolve_unsaved():
                blocker = self.table.selectionModel().blockSignals(True)
                self._make_current(previous)
                self.table.selectionModel().blockSignals(blocker)
                return
        self._edit(row)
        if self.loading and self._select_after_load is not None:
            # Chosen while the list loads (after a save, an undo…): its end keeps the
            # user's latest choice, not the record it was to select when it started.
            self._select_after_load, self._row_after_load = self.row_id(row), current.row()

    def _edit(self, row: Any | None) -> None:
        self.editor.setEnabled(True)
        self.editor.load(row, self.session.con)
        self.editor_title.setText(self.row_title(row) if row is not None else self.new_title)
        self._update_record_buttons()

    def new_record(self) -> None:
        self.show_list()  # with the form, which a view beside it may hide: see show_list
        if self._unsaved() and not self._resolve_unsaved():
            return
        self._leave_row_for_new_record()
        self._edit(None)
        self.editor.mark_dirty()
        self.editor.setFocus()
        self.editor.focusNextChild()

    def duplicate_record(self) -> None:
        self.show_list()
        row = self.record_row()
        if row is None or (self._unsaved() and not self._resolve_unsaved()):
            return
        self._edit(row)
        self.editor.duplicate()
        self.editor_title.setText(self.tr("Copie de : {0}").format(self.row_title(row)))
        self._leave_row_for_new_record()

    def _leave_row_for_new_record(self) -> None:
        """No row is current while the form holds a record not saved yet: clicking the row
        it was opened from then shows that row again (Qt signals no change for a click on
        the current row). Annuler les modifications still comes back to it."""
        self._left_for_new = QPersistentModelIndex(self.table.currentIndex())
        self.table.setCurrentIndex(QModelIndex())  # through the view: focusing it picks none
        self._select_after_load = None  # a load's end would bring a saved record back over it

    def _dirty_changed(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty and self.writable)
        self.cancel_button.setEnabled(dirty)
        self._update_record_buttons()

    # ---- Saving, reverting, deleting

    def save(self) -> bool:
        """Write the form; on invalid input show the messages and save nothing."""
        if not self._unsaved():
            return True
        record_id = self.editor.record_id
        before = capture(self.session.con, self.table_name, record_id) if record_id else None
        try:
            with self.writing_rows():
                saved_id = self.session.write(self.table_name, self.editor.write)
        except ValidationError as error:
            self.editor.form.show_errors(error)
            return False
        except PexdeskError as error:
            self.editor.form.show_errors([])
            QMessageBox.warning(self, self.tr("Enregistrement impossible"), typeset(error))
            return False
        after = capture(self.session.con, self.table_name, saved_id)
        if before is None:
            command = CreationCommand(self, after)
        else:
            command = ListCommand(self, self.tr("la modification {0}").format(self.noun_of),
                                  before, after)
        self.undo_stack.push(command)
        self.editor.record_id = saved_id
        self.editor.mark_clean()
        self._select_after_load = saved_id
        self.rows_written(saved_id)
        return True

    def revert(self) -> None:
        """« Annuler les modifications »: the form shows its record as saved. A record not
        saved yet is dropped for the row selected before it (the one « Dupliquer » copied),
        highlighted again, or, none, for what the list shows."""
        index = self.table.currentIndex()
        if not index.isValid() and self.holds_new_record and self._left_for_new.isValid():
            index = self.proxy.index(self._left_for_new.row(), 0)
        self.editor.mark_clean()
        if index.isValid():
            self._make_current(index)
            self._edit(self.proxy.row_object(index))
        else:
            self._follow_list()

    def delete_record(self) -> None:
        """Delete the record in the form (:meth:`record_row`), once the user confirmed. On a
        record not saved yet, abandon it instead: Suppr pressed on a copy made by mistake
        means « throw this copy away », never « delete the record it copies »."""
        self.show_list()  # what is deleted is in view when the user confirms
        if self.holds_new_record:
            self.abandon_new_record()
            return
        row = self.record_row()
        if row is None:
            return
        lines = self.deletion_consequences(row)
        text = self.tr("Supprimer « {0} » ?").format(self.row_title(row))
        details = "\n".join(f"• {line}" for line in lines) if lines else self.tr(
            "Rien d'autre n'est supprimé.")
        if not confirm(self, QMessageBox.Icon.Warning, self.tr("Confirmer la suppression"), text,
                       details + "\n\n" + self.tr("Vous pourrez annuler avec Ctrl+Z."),
                       self.tr("Supprimer"), self.tr("Conserver")):
            return
        place = self._place_in_list()
        before = capture(self.session.con, self.table_name, self.row_id(row))
        try:
            with self.writing_rows():
                self.session.write(self.table_name, lambda con: self.delete_row(con, row))
        except PexdeskError as error:
            QMessageBox.warning(self, self.tr("Suppression impossible"), typeset(error))
            return
        self.undo_stack.push(DeletionCommand(self, before))
        # The row then at the deleted one's place is selected, and the focus waits in the
        # list, so that Suppr deletes the next outdated record at once. While a load runs
        # that waits for its end, and meanwhile no row is current, so a Suppr pressed
        # before deletes nothing (set through the view: the focus coming back to it then
        # chooses no row either).
        self._select_after_load, self._row_after_load = None, place
        self.table.setCurrentIndex(QModelIndex())
        self._show_no_record()
        self.table.setFocus()
        self.rows_written(self.row_id(row))

    def _place_in_list(self) -> int:
        """Where the record in the form is listed, for the row to take its place once it
        is deleted: its row; a record saved from a new form and not listed yet stands
        where the form was opened from; one a search hides, at the top."""
        current = self.table.currentIndex()
        if current.isValid():
            return current.row()
        return max(self._left_for_new.row(), 0)

    def abandon_new_record(self) -> None:
        """Drop the record not saved yet as « Annuler les modifications » does; asked first
        only when something was typed in it (an untouched copy or blank form loses nothing,
        and Ctrl+D or Ctrl+N makes it again)."""
        if self.editor.typed and not confirm(
                self, QMessageBox.Icon.Question, self.tr("Nouvelle fiche non enregistrée"),
                self.tr("Abandonner la nouvelle fiche ?"),
                self.tr("Ce que vous y avez saisi sera perdu. Rien n'est supprimé de la base."),
                self.tr("Abandonner"), self.tr("Continuer la saisie")):
            return
        self.revert()

    def drop_unsaved_changes(self, details: str, accept: str) -> bool:
        """Drop the form's unsaved changes as « Annuler les modifications » does, once the
        user agreed (``details`` says why it is asked, ``accept`` names the button dropping
        them); False when they kept them."""
        self.show_list()
        if not confirm(self, QMessageBox.Icon.Question, self.tr("Modifications non enregistrées"),
                       self.tr("Abandonner les modifications de « {0} » ?").format(
                           self.editor_title.text()),
                       details, accept, self.tr("Continuer la saisie")):
            return False
        self.revert()
        return True

    def select_after_load(self, record_id: int) -> None:
        """Select ``record_id`` once its row is back in the list (its deletion was undone),
        unless the form holds unsaved changes: they stay in view, as when the search
        changes."""
        if not self.editor.dirty:
            self._select_after_load = record_id

    def _resolve_unsaved(self) -> bool:
        """Ask what to do with unsaved changes; True when it is safe to go on. A new form
        nobody typed in (Nouveau, Dupliquer, Retours' Ctrl+Entrée) goes without asking: its
        prefilled or copied values are made again by one shortcut, nothing typed is lost."""
        if self.editor.record_id is None and not self.editor.typed:
            self.editor.mark_clean()
            return True
        answer = QMessageBox.question(
            self, self.tr("Modifications non enregistrées"),
            self.tr("Le formulaire « {0} » contient des modifications non enregistrées. "
                    "Voulez-vous les enregistrer ?").format(self.editor_title.text()),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.editor.mark_clean()
            return True
        return False

    def can_leave(self) -> bool:
        return not self._unsaved() or self._resolve_unsaved()

    def _unsaved(self) -> bool:
        """The form holds changes not saved, a cell being typed in one of its tables
        included: it reaches the form only once the cell is left, so a screen, a record
        or the window left meanwhile lost it without a question."""
        self.editor.finish_typing()
        return self.editor.dirty
