"""Small steps shared by the UI tests: open a section and wait for its rows."""

from __future__ import annotations

from PySide6.QtCore import Qt


def open_section(window, qtbot, key: str):
    screen = window.show_screen(key)
    qtbot.waitUntil(lambda: screen.shown_data and not getattr(screen, "loading", False))
    return screen


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


def save_and_wait(screen, qtbot) -> None:
    with qtbot.waitSignal(screen.loaded):
        screen.window().record_actions["save"].trigger()


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
