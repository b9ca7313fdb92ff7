"""Aide → À propos de pexdesk: version, runtime versions and the dependencies' licences.

The licences are read from each installed distribution's metadata (``License-Expression``,
else the ``License`` field if short, else the trove classifiers), so the box says what is
actually installed; the expected licence is shown when the metadata is missing (frozen
build) or says nothing usable.
"""

from __future__ import annotations

import html
import platform
import sqlite3
from importlib import metadata
from typing import NamedTuple

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from pexdesk import __version__
from pexdesk.resources import resource_path


class Dependency(NamedTuple):
    label: str
    distributions: tuple[str, ...]
    """Distribution names to try in order; empty for a bundled file (the font)."""
    expected: str
    role: str


DEPENDENCIES: tuple[Dependency, ...] = (
    Dependency("PySide6 (Qt for Python)", ("PySide6-Essentials", "PySide6"), "LGPLv3",
               "interface graphique"),
    Dependency("reportlab", ("reportlab",), "BSD", "bilans PDF"),
    Dependency("openpyxl", ("openpyxl",), "MIT", "fichiers Excel"),
    Dependency("defusedxml", ("defusedxml",), "PSF", "lecture sûre des fichiers XML"),
    Dependency("icalendar", ("icalendar",), "BSD", "export d'agenda (.ics)"),
    Dependency("vobject", ("vobject",), "Apache 2.0", "export de contacts (.vcf)"),
    Dependency("cryptography", ("cryptography",), "Apache-2.0 ou BSD", "sauvegardes chiffrées"),
    Dependency("platformdirs", ("platformdirs",), "MIT", "dossiers de l'utilisateur"),
    Dependency("Police Carlito", (), "SIL Open Font License 1.1", "police des bilans PDF"),
)
FONT_LICENCE_FILE = ("fonts", "Carlito-LICENSE.txt")
"""The font's licence file (Debian copyright format): its first ``License:`` line."""

_MAX_LICENSE_FIELD = 60
"""A longer ``License`` field is the whole licence text, not its name."""


class Installed(NamedTuple):
    dependency: Dependency
    version: str
    """"" when not found in the installed metadata."""
    licence: str


def _licence_from(meta) -> str:
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    field = (meta.get("License") or "").strip()
    if field and len(field) <= _MAX_LICENSE_FIELD and "\n" not in field:
        return field
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    if classifiers:
        return ", ".join(classifiers)
    return field.splitlines()[0][:_MAX_LICENSE_FIELD] if field else ""


def _font_licence() -> str:
    try:
        text = resource_path(*FONT_LICENCE_FILE).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    for line in text.splitlines():
        if line.startswith("License:"):
            value = line.partition(":")[2].strip()
            return "SIL Open Font License 1.1 (OFL-1.1)" if value == "OFL-1.1" else value
    return ""


def installed(dependency: Dependency) -> Installed:
    if not dependency.distributions:
        return Installed(dependency, "", _font_licence() or dependency.expected)
    for name in dependency.distributions:
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        return Installed(dependency, meta.get("Version") or "",
                         _licence_from(meta) or dependency.expected)
    return Installed(dependency, "", dependency.expected)


def about_html() -> str:
    rows = []
    for item in map(installed, DEPENDENCIES):
        version = f" {html.escape(item.version)}" if item.version else ""
        rows.append(f"<tr><td>{html.escape(item.dependency.label)}{version}</td>"
                    f"<td>{html.escape(item.licence)}</td>"
                    f"<td>{html.escape(item.dependency.role)}</td></tr>")
    return (
        f"<h3>pexdesk {html.escape(__version__)}</h3>"
        "<p>Le poste de travail des chargés de mission Prévention des expulsions des ADIL.</p>"
        "<p>Les données restent sur cet ordinateur.</p>"
        f"<p>Python {platform.python_version()} · Qt {qVersion()} · "
        f"PySide6 {PySide6.__version__} · SQLite {sqlite3.sqlite_version}</p>"
        "<p><b>Composants utilisés et leurs licences</b></p>"
        "<table cellspacing='0' cellpadding='3'>"
        "<tr><th align='left'>Composant</th><th align='left'>Licence</th>"
        "<th align='left'>Usage</th></tr>"
        + "".join(rows) + "</table>")


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(parent, parent.tr("À propos de pexdesk") if parent else "À propos de pexdesk",
                      about_html())
