"""French texts: no-break spaces where French typography wants them, Qt's dialogs in French."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QLabel

from pexdesk.app import make_application

NBSP = "\u00a0"


def test_a_wrapped_label_never_starts_with_a_closing_guillemet_or_a_colon(window, qtbot):
    window.safety.actions["purge"].trigger()
    dialog = window.safety.dialog
    qtbot.waitExposed(dialog)
    intro = dialog.findChildren(QLabel)[0].text()
    assert f"cliquiez sur «{NBSP}Purger{NBSP}»." in intro
    assert f"la durée de conservation{NBSP}:" in intro
    assert " »" not in intro and " :" not in intro
    dialog.close()


def test_qt_texts_keep_qt_catalogue_and_get_its_gaps_filled(qtbot):
    make_application()
    assert QCoreApplication.translate("QFileDialog", "Detail View") == "Vue détaillée"
    assert QCoreApplication.translate("QFileDialog", "Look in:") == f"Voir dans{NBSP}:"
    dialog = QFileDialog(None, "Sauvegarder", "/")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert labels == [f"&Regarder dans{NBSP}:", f"&Nom de fichier{NBSP}:",
                      f"&Type de fichier{NBSP}:"]
