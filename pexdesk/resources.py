"""Where the files of ``resources/`` (fonts, icons, guide) are at run time.

From a source checkout or an editable install they sit beside the package; in a
frozen build (PyInstaller) they are unpacked under ``sys._MEIPASS``. The core
asks for a path and never guesses.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Fichier de ressources manquant : {path}. "
                                "L'installation de pexdesk est incomplète.")
    return path
