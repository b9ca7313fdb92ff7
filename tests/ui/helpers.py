"""Small steps shared by the UI tests: open a section and wait for its rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from pexdesk.ui.partner_names import PartnerDirectory


def open_section(window, qtbot, key: str):
    """The section ``key`` shown with its rows, and the partners its form offers."""
    screen = window.show_screen(key)
    names = PartnerDirectory.of(window.session)
    qtbot.waitUntil(lambda: screen.shown_data and not getattr(screen, "loading", False)
                    and not names.pending)
    return screen


def opened(window, qtbot, key: str, rows_read: Counter):
    """The section ``key``, its rows in; what it reads is counted from now on."""
    screen = open_section(window, qtbot, key)
    rows_read.clear()
    return screen


@contextmanager
def shown_at_once(screen) -> Iterator[None]:
    """The list shows what the block did before the block ends (no load to wait for), and
    without being emptied and filled again (its selection and scrolling lost meanwhile)."""
    shown, resets = [], []
    mark, reset = (lambda: shown.append(1)), (lambda: resets.append(1))
    screen.loaded.connect(mark)
    screen.model.modelReset.connect(reset)
    try:
        yield
    finally:
        screen.loaded.disconnect(mark)
        screen.model.modelReset.disconnect(reset)
    assert shown, "the list did not show it at once"
    assert not resets, "the list was emptied and filled again"


def choose_in_menu(qtbot, button, entry: str) -> None:
    """Click ``button`` and, in the menu it opens, choose the entry reading ``entry``."""
    choose_in_popup(qtbot, lambda: qtbot.mouseClick(button, Qt.MouseButton.LeftButton),
                    button.window(), entry)


def choose_in_menu_bar(qtbot, window, title: str, entry: str) -> None:
    """Open the menu bar's ``title`` menu (« Fichier ») and choose ``entry`` in it."""
    bar = window.menuBar()
    action = next(a for a in bar.actions() if a.text().replace("&", "") == title)
    choose_in_popup(qtbot, lambda: bar.setActiveAction(action), window, entry)


def choose_in_context_menu(qtbot, widget, pos, entry: str) -> None:
    """Right-click ``widget`` at ``pos`` and, in its context menu, choose ``entry``.

    The desktop turns a right click into a context-menu event; QTest's mouse clicks go
    straight to the widget, so the event is sent as the desktop sends it."""
    from PySide6.QtGui import QContextMenuEvent

    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos))
    choose_in_popup(qtbot, lambda: QApplication.sendEvent(widget, event), widget.window(), entry)


def when_dialog_shows(dialog_type, answer) -> None:
    """Call ``answer(dialog)`` once a modal dialog of ``dialog_type`` shows: one run by
    exec() holds the test in its loop until it is answered, so the answer is set first."""
    def find() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, dialog_type):
            answer(dialog)
        else:
            QTimer.singleShot(20, find)

    QTimer.singleShot(0, find)


def choose_in_popup(qtbot, open_menu, window, entry: str) -> None:
    """Call ``open_menu`` and, in the menu it opens, choose the entry reading ``entry``.

    Qt may run the menu in a loop of its own, so that ``open_menu`` returns only once the
    menu is closed: a timer finds the menu there."""
    chosen = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            return
        timer.stop()
        action = next((action for action in menu.actions()
                       if action.text().replace("&", "") == entry), None)
        if action is None:
            menu.close()  # an open menu would hold the test in its loop
        else:
            menu.setActiveAction(action)
            QTest.keyClick(menu, Qt.Key.Key_Return)
        chosen.append(action)

    timer = QTimer()
    timer.timeout.connect(choose)
    timer.start(10)
    open_menu()
    qtbot.waitUntil(lambda: bool(chosen))
    assert chosen[0] is not None, f"no « {entry} » in the menu"
    if isinstance(QApplication.activeWindow(), QMenu):
        # Offscreen, the closed menu may stay the active window; a desktop gives it back.
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press ``key`` wherever the focus is, as the user does."""
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


def cell(screen, row: int, title: str) -> str:
    """The text of the list cell at ``row`` (as shown) under the column titled ``title``."""
    model = screen.proxy
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return model.index(row, titles.index(title)).data()


def column_titled(screen, title: str) -> int:
    """The list column titled ``title``."""
    model = screen.model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return titles.index(title)


def form_cell(model, row: int, title: str):
    """The cell at ``row`` of a form's sub-table (its model) under the column ``title``."""
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return model.index(row, titles.index(title))


def click_row(qtbot, screen, text: str) -> None:
    """Click the list row whose first cell reads ``text``."""
    row = next(r for r in range(screen.proxy.rowCount())
               if screen.proxy.index(r, 0).data() == text)
    index = screen.proxy.index(row, 0)
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=screen.table.visualRect(index).center())


def click_title(qtbot, screen, title: str) -> None:
    """Click the title of the list column ``title``: the list is sorted by it."""
    from PySide6.QtCore import QPoint

    header = screen.table.horizontalHeader()
    column = column_titled(screen, title)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(
        header.sectionViewportPosition(column) + header.sectionSize(column) // 2,
        header.height() // 2))


def selected(screen) -> str | None:
    """The first cell of the list row highlighted, None when none is."""
    rows = screen.table.selectionModel().selectedRows()
    return rows[0].data() if rows else None


def save_and_wait(screen, qtbot) -> None:
    with qtbot.waitSignal(screen.loaded):
        screen.window().record_actions["save"].trigger()


def add_partner_by_form(window, qtbot, name: str, category: str) -> None:
    """Nouveau (Ctrl+N) on Partenaires, the name typed, the category chosen, Ctrl+S: an
    action on the undo list."""
    screen = open_section(window, qtbot, "partners")
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_text(screen.editor.name, name)
    screen.editor.category.setCurrentIndex(screen.editor.category.findData(category))
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(screen, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def rename_on_partenaires(window, qtbot, old: str, new: str) -> None:
    """The partner ``old`` renamed ``new`` in its form on Partenaires, Ctrl+S."""
    screen = open_section(window, qtbot, "partners")
    click_row(qtbot, screen, old)
    screen.editor.name.selectAll()
    type_text(screen.editor.name, new)
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def delete_on_partenaires(window, qtbot, name: str) -> None:
    """The partner ``name`` deleted on Partenaires with Suppr (see ``deletions_confirmed``)."""
    screen = open_section(window, qtbot, "partners")
    click_row(qtbot, screen, name)
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Delete)


def undo_on_partenaires(window, qtbot) -> None:
    """Ctrl+Z on Partenaires."""
    screen = open_section(window, qtbot, "partners")
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def type_text(widget, text: str) -> None:
    """Type ``text`` key by key, accents included (QTest's keyClicks only knows ASCII)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char,
                               Qt.KeyboardModifier.NoModifier)


def read(text: str) -> str:
    """A widget's text as the user reads it: the no-break spaces French typography puts
    before « : » or inside « … » (pexdesk.ui.typography) read as spaces."""
    return text.replace("\u00a0", " ")


def journal_rows(window, qtbot) -> list[list[str]]:
    """Fichier → Journal des modifications…: its lines as the dialog shows them, newest
    first (date, action, table, record, detail); the dialog stays open."""
    choose_in_menu_bar(qtbot, window, "Fichier", "Journal des modifications…")
    dialog = window.safety.dialog
    qtbot.waitExposed(dialog)
    model = dialog.model
    return [[read(model.index(r, c).data()) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def wait_for_opening_backup(window, qtbot) -> None:
    """The backup made on opening journals itself whenever it ends: wait for it before
    reading the journal or the backups folder."""
    qtbot.waitUntil(lambda: not window.safety.backup_pending)
    qtbot.wait(50)  # its result is delivered on the UI thread


def record_reading_threads(monkeypatch, module) -> list:
    """The threads that call ``module.read_file`` from now on (the file read must stay off
    the UI thread); the reads themselves happen as before."""
    import threading

    threads = []
    real_read = module.read_file
    monkeypatch.setattr(module, "read_file", lambda *args: (
        threads.append(threading.current_thread()), real_read(*args))[1])
    return threads


def drag_column_edge(header, column: int, by: int) -> None:
    """Drag the right edge of ``column``'s title ``by`` pixels, as the user widens it."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    edge = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) - 1,
                  header.height() // 2)
    QTest.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=edge)
    QTest.mouseMove(header.viewport(), edge + QPoint(by, 0))
    QTest.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=edge + QPoint(by, 0))
