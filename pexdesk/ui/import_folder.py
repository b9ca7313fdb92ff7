"""Where « Importer un fichier… » and « Importer un annuaire… » open their file dialog: the
folder of the last import, else the user's downloads (where a survey tool's export lands),
else the home folder. Started in the program's current directory, the dialog showed the
installation's folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from pexdesk.ui.settings import UiSettings

PURPOSE = "imports"


def window_settings(widget: QWidget) -> UiSettings:
    """The main window's settings (where folders are remembered), from any widget in it or
    in a dialog it opened (the wizard is a window of its own)."""
    window = widget.window()
    while not isinstance(getattr(window, "settings", None), UiSettings) and window.parentWidget():
        window = window.parentWidget().window()
    found = getattr(window, "settings", None)
    return found if isinstance(found, UiSettings) else UiSettings()


def import_folder(settings: UiSettings) -> Path:
    remembered = settings.folder(PURPOSE)
    if remembered is not None and remembered.is_dir():
        return remembered
    downloads = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
    return Path(downloads) if downloads and Path(downloads).is_dir() else Path.home()


def choose_import_file(parent: QWidget, title: str, filters: str, current: str = "") -> str:
    """The file chosen (or ""), its folder remembered for the next import; a ``current``
    file already typed opens the dialog on it instead."""
    settings = window_settings(parent)
    start = current or str(import_folder(settings))
    path, _ = QFileDialog.getOpenFileName(parent, title, start, filters)
    if path:
        settings.set_folder(PURPOSE, Path(path).parent)
    return path
