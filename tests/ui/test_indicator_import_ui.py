"""« Importer un tableau… » on the Indicateurs screen, driven from the keyboard: the file
chosen, the preview read, « Remplacer les valeurs différentes » ticked, the import, the
grid showing the values, Ctrl+Z and Ctrl+Y."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from pexdesk.ui import import_preview_dialog
from pexdesk.ui.screens import indicators as screen_module
from tests.ui.helpers import press, read, record_reading_threads
from tests.ui.test_indicators import cell_text, column, open_indicators, put, stored
from tests.ui.test_mnemonics import letter

TODAY = date(2024, 6, 15)
MARCH, APRIL, MAY = date(2024, 3, 1), date(2024, 4, 1), date(2024, 5, 1)
ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """June 2024 on the screen, as in test_indicators.py: May is the month being reported."""
    monkeypatch.setattr(screen_module, "_today", lambda: TODAY)


def table(tmp_path: Path, text: str, name: str = "tableau_ddets.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


TABLE = ("Tableau de bord mensuel – DDETS du Gers\n"
         "Indicateur;mars 2024;avr. 2024;mai 2024;Total\n"
         "Assignations aux fins d'expulsion;41;38;12;91\n"
         "CQL;nd;;9;9\n")


def back_to(window, qtbot) -> None:
    """The main window active again once a dialog closed: a desktop's window manager does
    it, the offscreen platform does not."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def open_import(screen, qtbot, monkeypatch, path: Path):
    """Alt+T on the screen, the file dialog answered with ``path``; the preview read."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    previous = screen.import_dialog
    window = screen.window()
    back_to(window, qtbot)
    press(qtbot, window, Qt.Key.Key_T, ALT)  # a button's letter clicks it soon after
    qtbot.waitUntil(lambda: screen.import_dialog not in (None, previous))
    dialog = screen.import_dialog
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.planning)
    assert dialog.plan is not None or "ne peut pas" in dialog.status.text(), dialog.status.text()
    return dialog


def test_a_table_is_previewed_imported_with_replace_and_undone_from_the_keyboard(
        window, qtbot, monkeypatch, tmp_path):
    threads = record_reading_threads(monkeypatch, import_preview_dialog)
    put(window, "ASSIGN", MAY, 10)
    screen = open_indicators(window, qtbot)
    dialog = open_import(screen, qtbot, monkeypatch, table(tmp_path, TABLE))
    assert threads and threading.main_thread() not in threads  # read off the UI thread
    preview = read(dialog.preview.toPlainText()).splitlines()
    assert "Tableau : une ligne par indicateur, une colonne par mois (en-tête ligne 2 ; titre " \
           "au-dessus : ligne 1)." in preview
    assert preview[-4:] == [
        "Valeurs : 4 nouvelles, 0 inchangée, 1 différente de la base.",
        "Import possible : 4 valeurs ajoutées ; 1 valeur différente gardée telle quelle dans la "
        "base (pour les remplacer : case « Remplacer les valeurs différentes »).",
        "Valeurs différentes (base → fichier) :",
        "  Assignations aux fins d'expulsion, mai 2024 : 10 → 12"]
    assert stored(window, MARCH, MAY) == {("ASSIGN", MAY): 10}  # the preview writes nothing

    press(qtbot, dialog, Qt.Key.Key_R, ALT)  # « &Remplacer les valeurs différentes »
    qtbot.waitUntil(dialog.replace_values.isChecked)
    assert read(dialog.preview.toPlainText()).splitlines()[-3] == (
        "Import possible : 4 valeurs ajoutées, 1 remplacée.")
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, dialog, Qt.Key.Key_I, ALT)  # « &Importer »
        qtbot.waitUntil(lambda: dialog.result is not None)
    assert read(dialog.status.text()) == ("Import terminé : les valeurs sont dans la grille ; "
                                          "Ctrl+Z annule l'import.")
    assert read(dialog.preview.toPlainText()).splitlines()[0] == (
        "2 lignes lues : 4 valeurs ajoutées, 1 remplacée, 0 inchangée.")
    assert dialog.close_button.text() == "Fermer"
    expected = {("ASSIGN", MARCH): 41, ("ASSIGN", APRIL): 38, ("ASSIGN", MAY): 12,
                ("CQL", MARCH): None, ("CQL", MAY): 9}
    assert stored(window, MARCH, MAY) == expected
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    back_to(window, qtbot)
    assert [cell_text(screen, "ASSIGN", m) for m in (3, 4, 5)] == ["41", "38", "12"]
    assert [cell_text(screen, "CQL", m) for m in (3, 4, 5)] == ["n.d.", "", "9"]

    assert read(window.undo_action.text()).replace("&", "") == (
        "Annuler l'import de tableau_ddets.csv")
    qtbot.keyClick(screen.grid, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: cell_text(screen, "ASSIGN", 5) == "10")
    assert stored(window, MARCH, MAY) == {("ASSIGN", MAY): 10}
    assert [cell_text(screen, "ASSIGN", m) for m in (3, 4)] == ["", ""]
    qtbot.keyClick(screen.grid, Qt.Key.Key_Y, CTRL)
    qtbot.waitUntil(lambda: cell_text(screen, "ASSIGN", 5) == "12")
    assert stored(window, MARCH, MAY) == expected


def test_the_same_table_again_offers_nothing_to_import(window, qtbot, monkeypatch, tmp_path):
    screen = open_indicators(window, qtbot)
    path = table(tmp_path, TABLE)
    dialog = open_import(screen, qtbot, monkeypatch, path)
    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    again = open_import(screen, qtbot, monkeypatch, path)
    preview = read(again.preview.toPlainText()).splitlines()
    assert "Valeurs : 0 nouvelle, 5 inchangées, 0 différente de la base." in preview
    assert preview[-1] == "Rien de nouveau à importer."
    assert not again.import_button.isEnabled() and not again.replace_values.isEnabled()


def test_invalid_rows_are_listed_with_their_reasons_and_nothing_can_be_imported(
        window, qtbot, monkeypatch, tmp_path):
    screen = open_indicators(window, qtbot)
    dialog = open_import(screen, qtbot, monkeypatch, table(tmp_path, (
        "Indicateur;avr. 2024;mai 2024;juil. 2024\n"
        "ASSIGN;12;-3;\n"
        "DSF réalisés en présence du locataire;45,5 %;120;\n"
        "Inconnu;1;;\n"
        "CQL;;;4\n")))
    preview = read(dialog.preview.toPlainText()).splitlines()
    assert preview[preview.index("Problèmes (4) :") + 1:][:4] == [
        "  ligne 2, colonne « mai 2024 » : « Valeur » ne peut pas être négative.",
        "  ligne 3, colonne « mai 2024 » : « Valeur » : un pourcentage ne dépasse pas 100 "
        "(120 refusé).",
        "  ligne 4, colonne « Indicateur » : « Inconnu » n'est pas un indicateur du catalogue "
        "(code ou intitulé entier attendu, comme dans l'écran Indicateurs).",
        "  ligne 5, colonne « juil. 2024 » : « Mois » : la date 1er juillet 2024 est dans le "
        "futur."]  # as the grid, whose months to come take no value
    assert preview[-1].startswith("Import impossible : ")
    assert not dialog.import_button.isEnabled() and not dialog.replace_values.isEnabled()
    press(qtbot, dialog, Qt.Key.Key_I, ALT)
    qtbot.wait(300)  # a button's letter clicks it after a moment: a disabled one never
    assert dialog.result is None and stored(window, MARCH, MAY) == {}


def test_an_extraction_of_dossiers_is_refused_in_the_preview(window, qtbot, monkeypatch,
                                                             tmp_path):
    screen = open_indicators(window, qtbot)
    dialog = open_import(screen, qtbot, monkeypatch, table(
        tmp_path, "N° dossier;Nom;Adresse;Stade\n2024-0012;Dupont;3 rue X;CQL\n",
        "extraction.csv"))
    assert "ne conserve que des chiffres agrégés" in read(dialog.preview.toPlainText())
    assert not dialog.import_button.isEnabled()


def test_an_unreadable_file_says_why(window, qtbot, monkeypatch, tmp_path):
    screen = open_indicators(window, qtbot)
    dialog = open_import(screen, qtbot, monkeypatch, tmp_path / "absent.xlsx")
    assert read(dialog.status.text()).startswith("Le fichier ne peut pas être importé : ")
    assert not dialog.import_button.isEnabled()


def test_the_dialog_has_its_own_letters(window, qtbot, monkeypatch, tmp_path):
    screen = open_indicators(window, qtbot)
    assert letter(screen.import_button.text()) == "t"
    dialog = open_import(screen, qtbot, monkeypatch, table(tmp_path, TABLE))
    letters = [letter(dialog.import_button.text()), letter(dialog.replace_values.text()),
               letter(dialog.sheet_picker.findChild(type(screen.title)).text())]
    assert all(letters) and len(set(letters)) == 3, letters


def test_after_importing_another_year_the_grid_shows_it(window, qtbot, monkeypatch, tmp_path):
    screen = open_indicators(window, qtbot)
    assert screen.year_label.text() == "2024"
    dialog = open_import(screen, qtbot, monkeypatch, table(
        tmp_path, "Code;Mois;Valeur\nASSIGN;2023-10;7\nASSIGN;2023-11;5\n", "2023.csv"))
    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert screen.year_label.text() == "2023"
    assert cell_text(screen, "ASSIGN", 11) == "5"
    assert screen.grid.currentIndex() == screen.model.index(0, column(11))
