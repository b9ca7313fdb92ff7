"""Composition root of the desktop application: identity, French translations, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from pexdesk import __version__
from pexdesk.resources import resources_dir
from pexdesk.ui.garbage import UiThreadCollector
from pexdesk.ui.typography import FrenchTexts

ORGANIZATION = "ADIL"
APPLICATION = "pexdesk"


CONFIGURED = "pexdeskConfigured"
"""Dynamic property marking an application :func:`make_application` has set up."""


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with pexdesk's identity, its texts and Qt's own dialogs in French;
    set up once per process, on the application another caller (a test runner) may already
    have created."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    if app.property(CONFIGURED):
        return app
    app.setProperty(CONFIGURED, True)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("pexdesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("pexdesk")  # matches packaging/pexdesk.desktop (Wayland, docks)
    app.setWindowIcon(application_icon())
    UiThreadCollector(app)
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    translator = QTranslator(app)
    if translator.load(QLocale(), "qtbase", "_",
                       QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    app.installTranslator(FrenchTexts(app))
    return app


def application_icon() -> QIcon:
    """The pexdesk icon from resources/icons (PNG renders, so no SVG plugin is needed); an
    empty icon when the resources lack it."""
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        path = resources_dir() / "icons" / f"pexdesk-{size}.png"
        if path.exists():
            icon.addFile(str(path))
    return icon


def main(db_path: Path | None = None) -> int:
    """Open the main window on ``db_path``, else on the last base used, else on the welcome page."""
    app = make_application()
    from pexdesk.ui.main_window import MainWindow
    from pexdesk.ui.workers import finish_background_jobs

    window = MainWindow()
    target = db_path or window.settings.last_base
    if target is not None and (db_path is not None or target.exists()):
        window.open_base(target)
    if window.settings.geometry is None:
        window.setGeometry(app.primaryScreen().availableGeometry())
    window.show()
    window.raise_()
    window.activateWindow()
    code = app.exec()
    finish_background_jobs()
    return code
