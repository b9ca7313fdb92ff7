"""Fixtures for driving the real widgets offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QSettings, QSize, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from pexdesk.app import make_application
from pexdesk.core.db.base import Base
from pexdesk.core.safety.lock import BaseLock
from pexdesk.core.domain.profile import Profile
from pexdesk.core.repositories import meetings
from pexdesk.core.services.demo import write_demo_base
from pexdesk.ui.main_window import MainWindow
from pexdesk.ui.partner_names import PartnerDirectory
from pexdesk.ui.screens.feedback import FeedbackScreen
from pexdesk.ui.screens.meetings import MeetingsScreen
from pexdesk.ui.screens.partners import PartnersScreen
from pexdesk.ui.screens.roadmap import RoadmapScreen
from pexdesk.ui.settings import UiSettings


@pytest.fixture(scope="session")
def qapp_cls():
    return type(make_application([]))


@pytest.fixture
def ui_settings(tmp_path) -> UiSettings:
    return UiSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def base_path(tmp_path):
    path = tmp_path / "gers.db"
    Base.create(path, Profile(department_code="32", adil_name="ADIL du Gers",
                              officer_name="Camille Martin")).close()
    return path


@pytest.fixture(scope="session")
def demo_original(tmp_path_factory):
    """The demo base, written once for the run: tests take a copy (:func:`demo_base`)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    write_demo_base(path)
    return path


@pytest.fixture
def demo_base(demo_original, tmp_path):
    """A copy of the demo base of the test's own."""
    base = tmp_path / "demo.db"
    base.write_bytes(demo_original.read_bytes())
    return base


@contextmanager
def shown_window(qtbot, ui_settings, base_path, size: QSize | None = None) -> Iterator[MainWindow]:
    """The main window open on ``base_path``, shown and active (at ``size`` if given), closed
    afterwards without asking about unsaved edits."""
    window = MainWindow(ui_settings)
    assert window.open_base(base_path)
    if size is not None:
        window.resize(size)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    try:
        yield window
    finally:
        discard_unsaved_edits(window)
        window.close()
        window.deleteLater()


@pytest.fixture
def window(qtbot, ui_settings, base_path) -> Iterator[MainWindow]:
    with shown_window(qtbot, ui_settings, base_path) as window:
        yield window


@contextmanager
def shown_read_only(qtbot, ui_settings, base_path) -> Iterator[MainWindow]:
    """The main window open on ``base_path`` while « another pexdesk » holds it: read-only."""
    lock = BaseLock.acquire(base_path)
    try:
        with shown_window(qtbot, ui_settings, base_path) as window:
            assert window.session.base.read_only
            yield window
    finally:
        lock.release()


def discard_unsaved_edits(window: MainWindow) -> None:
    """A test that stops mid-form must not leave the closing window asking what to do."""
    for screen in window.screens.values():
        editor = getattr(screen, "editor", None)
        if editor is not None:
            editor.mark_clean()
        charter = getattr(screen, "charter", None)  # Feuille de route's « Charte » tab
        if charter is not None and charter.dirty:
            charter.revert()


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch):
    """A modal dialog nobody answers would hang the run: record it and fail instead.

    Tests that expect a dialog replace these with their own answer."""
    shown = []

    def refuse(kind):
        def show(*args, **kwargs):
            text = " | ".join(str(a) for a in args if isinstance(a, str))
            shown.append((kind, text))
            raise AssertionError(f"unexpected {kind} dialog: {text}")
        return staticmethod(show)

    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, refuse(name))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: (_ for _ in ()).throw(
        AssertionError(f"unexpected dialog: {self.text()}")))
    return shown


@pytest.fixture
def opened(monkeypatch) -> list[QUrl]:
    """The files handed to the system viewer (a bilan, a questionnaire, a relevé), none
    really opened."""
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: urls.append(url) or True))
    return urls


@pytest.fixture
def rows_read(monkeypatch) -> Counter:
    """The rows each list reads from the base from now on, by table: a list read again
    after a save counts all its rows here."""
    counts = Counter()
    for screen_class in (FeedbackScreen, PartnersScreen, MeetingsScreen, RoadmapScreen):
        def counted(screen, con, fetch=screen_class.fetch):
            for row in fetch(screen, con):
                counts[screen.table_name] += 1
                yield row
        monkeypatch.setattr(screen_class, "fetch", counted)
    return counts


@pytest.fixture
def names_held(monkeypatch) -> Iterator[threading.Event]:
    """The partners' names (:mod:`pexdesk.ui.partner_names`) come in once the event is set
    (or at the test's end): what a screen shows before they are read."""
    arrive = threading.Event()
    read_names = PartnerDirectory._read

    def held(directory, progress):
        arrive.wait(10)
        return read_names(directory, progress)

    monkeypatch.setattr(PartnerDirectory, "_read", held)
    yield arrive
    arrive.set()


@pytest.fixture
def names_read(monkeypatch) -> list[threading.Thread]:
    """The thread of each reading of the partners' names from now on."""
    threads = []
    read_names = meetings.partner_choices
    monkeypatch.setattr(meetings, "partner_choices", lambda con: (
        threads.append(threading.current_thread()), read_names(con))[1])
    return threads


@pytest.fixture
def deletions_confirmed(monkeypatch):
    """« Supprimer » answered to the confirmation a deletion asks."""
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
