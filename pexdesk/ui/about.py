"""Aide → À propos de pexdesk: version, runtime versions, the dependencies' and the shipped
fonts' licences.

The licences are read from each installed distribution's metadata (``License-Expression``,
else the ``License`` field if short, else the trove classifiers), so the box says what is
actually installed; the expected licence is shown when the metadata is missing (frozen
build) or says nothing usable. The fonts are those present in ``resources/fonts``
(:mod:`~pexdesk.core.services.reporting.shipped_fonts`).

A dialog of its own rather than ``QMessageBox.about``, whose text cannot scroll: once the
fonts were listed, the box outgrew a laptop at 150 % (512 logical pixels high) and its
button fell off the screen.
"""

from __future__ import annotations

import html
import platform
import sqlite3
from importlib import metadata
from typing import NamedTuple

import PySide6
from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel,
                               QTextBrowser, QVBoxLayout, QWidget)

from pexdesk import __version__
from pexdesk.core.services.reporting.shipped_fonts import shipped_fonts
from pexdesk.ui.dialog_buttons import close_buttons
from pexdesk.ui.widgets import fit_to_screen


class Dependency(NamedTuple):
    label: str
    distributions: tuple[str, ...]
    """Distribution names to try in order."""
    expected: str
    role: str


DEPENDENCIES: tuple[Dependency, ...] = (
    Dependency("PySide6 (Qt for Python)", ("PySide6-Essentials", "PySide6"), "LGPLv3",
               "interface graphique"),
    Dependency("reportlab", ("reportlab",), "BSD", "bilans PDF"),
    Dependency("Pillow", ("pillow",), "MIT-CMU", "logo des bilans"),
    Dependency("openpyxl", ("openpyxl",), "MIT", "fichiers Excel"),
    Dependency("defusedxml", ("defusedxml",), "PSF", "lecture sûre des fichiers XML"),
    Dependency("icalendar", ("icalendar",), "BSD", "export d'agenda (.ics)"),
    Dependency("vobject", ("vobject",), "Apache 2.0", "export de contacts (.vcf)"),
    Dependency("cryptography", ("cryptography",), "Apache-2.0 ou BSD", "sauvegardes chiffrées"),
    Dependency("platformdirs", ("platformdirs",), "MIT", "dossiers de l'utilisateur"),
)
FONT_ROLES = {"Carlito": "texte des bilans PDF", "DejaVu Sans": "symboles des bilans PDF",
              "Noto Emoji": "emoji des bilans PDF"}
"""What each font family draws; a family added to ``resources/fonts`` is listed anyway."""

TEXT_WIDTH = 600
"""Wide enough for a component's name, licence and use to fit one line each."""
ICON_SIZE = 64
SPACING = QSize(60, 40)
"""The layout's margins and spacing around the icon, the text and the button."""
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


def installed(dependency: Dependency) -> Installed:
    for name in dependency.distributions:
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        return Installed(dependency, meta.get("Version") or "",
                         _licence_from(meta) or dependency.expected)
    return Installed(dependency, "", dependency.expected)


def _row(label: str, version: str, licence: str, role: str) -> str:
    cells = (f"{label} {version}".strip(), licence, role)
    return "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in cells) + "</tr>"


def about_html() -> str:
    rows = [_row(item.dependency.label, item.version, item.licence, item.dependency.role)
            for item in map(installed, DEPENDENCIES)]
    rows += [_row(f"Police {font.family}", font.version, font.licence,
                  FONT_ROLES.get(font.family, "bilans PDF")) for font in shipped_fonts()]
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


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("À propos de pexdesk"))
        icon = QLabel()
        icon.setPixmap(self.windowIcon().pixmap(ICON_SIZE, ICON_SIZE))
        self.text = QTextBrowser()
        self.text.setAccessibleName(self.tr("À propos de pexdesk"))
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.text.viewport().setAutoFillBackground(False)
        self.text.setHtml(about_html())
        self.buttons = close_buttons(self.reject)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.buttons)
        close.setFocus()
        document = self.text.document()
        document.setTextWidth(TEXT_WIDTH)  # the browser sets its own once shown
        fit_to_screen(self, SPACING + QSize(TEXT_WIDTH + ICON_SIZE, int(document.size().height())
                                            + close.sizeHint().height()))


def show_about(parent: QWidget | None) -> None:
    """Window-modal, as ``QMessageBox.about`` was, without holding the caller."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
