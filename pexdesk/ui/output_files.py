"""Documents pexdesk writes for the user (bilans, the paper questionnaire, exports): the
folder it proposes to write them to, and handing one written to the system's viewer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices

from pexdesk.ui.settings import UiSettings

REPORTS_FOLDER = "reports"
"""UiSettings key of the folder bilans (and paper questionnaires) were last written to."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("output_files", text)


def documents_folder() -> Path:
    """The user's Documents folder (the home folder if there is none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if location and Path(location).is_dir():
        return Path(location)
    return Path.home()


def remembered_folder(settings: UiSettings, key: str) -> Path:
    """The folder remembered under ``key`` while it exists (a USB key unplugged, a folder
    deleted: no dialog opening on nothing); else Documents."""
    folder = settings.folder(key)
    return folder if folder is not None and folder.is_dir() else documents_folder()


def reports_folder(settings: UiSettings) -> Path:
    """The folder the last bilan or questionnaire went to, while it exists; else Documents."""
    return remembered_folder(settings, REPORTS_FOLDER)


def open_with_system(path: Path) -> str | None:
    """Hand the file or folder to the system (its PDF viewer, its file manager); the French
    sentence saying why it could not, None once it did."""
    if not path.exists():
        return _tr("{0} n'existe plus : il a été déplacé ou supprimé.").format(path)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return _tr("Aucune application n'a pu ouvrir {0}. Ouvrez-le depuis l'explorateur de "
                   "fichiers.").format(path)
    return None
