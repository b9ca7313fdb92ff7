"""Where the files of ``resources/`` (fonts, icons, guide) are at run time.

A wheel (``pip install``) carries them inside the package as ``_resources`` (see
pyproject.toml); from a source checkout or an editable install they sit beside the
package; in a frozen build (PyInstaller) they are unpacked under ``sys._MEIPASS``. The
installed copy is looked for before the checkout's: beside an installed package, in
site-packages, a ``resources`` folder would be another distribution's. The core asks for
a path and never guesses.
"""

from __future__ import annotations

import sys
from pathlib import Path

INSTALLED = "_resources"
"""The folder's name inside an installed package."""


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    package = Path(__file__).resolve().parent
    installed = package / INSTALLED
    if installed.is_dir():
        return installed
    return package.parent / "resources"


def resource_path(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Fichier de ressources manquant : {path}. "
                                "L'installation de pexdesk est incomplète.")
    return path
