"""Importer un annuaire depuis l'écran Partenaires: preview, import, re-import, refusal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pexdesk.core.repositories import partners
from tests.ui.helpers import (add_partner_by_form, choose_in_menu, journal_rows, read,
                              record_reading_threads)
from tests.workbooks import directory_workbook, workbook_bytes

FIXTURE = Path(__file__).parents[1] / "fixtures" / "partners" / "annuaire.csv"
IMPORT_ENTRY = "Importer un annuaire…"
"""In the partners list's « Plus » menu."""


def open_partners(window, qtbot):
    screen = window.show_screen("partners")
    qtbot.waitUntil(lambda: not screen.loading)
    return screen


def open_import(screen, qtbot, monkeypatch, path: Path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    choose_in_menu(qtbot, screen.more_button, IMPORT_ENTRY)
    dialog = screen.import_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.planning)
    return dialog


def counts(con) -> tuple[int, int]:
    return (con.execute("SELECT count(*) FROM partner").fetchone()[0],
            con.execute("SELECT count(*) FROM contact").fetchone()[0])


def test_import_sits_in_the_menu_next_to_export(window, qtbot):
    screen = open_partners(window, qtbot)
    assert screen.more_button.isVisible()
    assert screen.more_button.parentWidget() is screen.export_button.parentWidget()
    assert IMPORT_ENTRY in [action.text().replace("&", "")
                            for action in screen.more_button.menu().actions()]


def test_alt_p_opens_the_import_from_anywhere_on_the_screen(window, qtbot, monkeypatch):
    """The letter « Importer un annuaire… » had as a button."""
    screen = open_partners(window, qtbot)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(FIXTURE), ""))
    screen.search.setFocus()
    qtbot.waitUntil(screen.search.hasFocus)
    qtbot.keyClick(screen.search, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert screen.import_dialog is not None and screen.import_dialog.isVisible()
    qtbot.waitUntil(lambda: not screen.import_dialog.planning)


def test_import_directory_then_again_adds_nothing(window, qtbot, monkeypatch):
    screen = open_partners(window, qtbot)
    con = window.session.con
    dialog = open_import(screen, qtbot, monkeypatch, FIXTURE)
    preview = dialog.preview.toPlainText()
    assert "Fichier : annuaire.csv" in preview
    assert "Import possible" in preview
    assert dialog.preview.isReadOnly()
    assert dialog.import_button.isEnabled()
    assert counts(con) == (0, 0)  # the preview writes nothing

    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert counts(con) == (4, 6)
    assert "4 partenaires créés" in dialog.preview.toPlainText()
    assert "6 contacts ajoutés" in dialog.preview.toPlainText()
    assert not dialog.import_button.isEnabled()
    caf = partners.find_by_name(con, "Caf d'Ille-et-Vilaine")
    assert caf.category_code == "CAF"
    contacts = {c.full_name: c for c in partners.contacts_of(con, caf.id)}
    assert contacts["Sophie Lemoine"].phone == "02 99 00 11 22"
    assert contacts["Marc Durand"].phone == "02 99 00 11 23"
    assert screen.count_label.text() == "4 partenaires"
    shown = {row.name for row in screen.model.all_rows()}
    assert {"Caf d'Ille-et-Vilaine", "Archipel Habitat", "Mairie de Vitré",
            "Association Pas à Pas"} <= shown
    dialog.close_button.click()

    again = open_import(screen, qtbot, monkeypatch, FIXTURE)
    assert "déjà été importé" in again.preview.toPlainText()
    assert "Rien ne sera importé." in again.preview.toPlainText()
    qtbot.mouseClick(again.import_button, Qt.MouseButton.LeftButton)
    assert "déjà été importé" in again.preview.toPlainText()
    assert counts(con) == (4, 6)


def test_unknown_category_is_shown_and_import_refused(window, qtbot, monkeypatch, tmp_path):
    bad = tmp_path / "annuaire_faux.csv"
    bad.write_text("Structure;Catégorie;Nom;Courriel\n"
                   "Caf du Gers;Caf;Claire Dupont;claire.dupont@caf32.fr\n"
                   "Les Amis du Logement;Truc inconnu;Jean Petit;j.petit@amis.fr\n",
                   encoding="utf-8")
    screen = open_partners(window, qtbot)
    dialog = open_import(screen, qtbot, monkeypatch, bad)
    preview = dialog.preview.toPlainText()
    assert "Catégories non reconnues : « Truc inconnu »" in preview
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert counts(window.session.con) == (0, 0)


def test_unreadable_file_shows_a_french_message(window, qtbot, monkeypatch, tmp_path):
    screen = open_partners(window, qtbot)
    dialog = open_import(screen, qtbot, monkeypatch, tmp_path / "absent.csv")
    assert read(dialog.status.text()).startswith("Le fichier ne peut pas être importé : ")
    assert not dialog.import_button.isEnabled()
    assert counts(window.session.con) == (0, 0)


def test_skip_invalid_rows_enables_the_import(window, qtbot, monkeypatch, tmp_path):
    mixed = tmp_path / "annuaire_mixte.csv"
    mixed.write_text("Structure;Catégorie;Nom;Courriel\n"
                     "Caf du Gers;Caf;Claire Dupont;claire.dupont@caf32.fr\n"
                     "Les Amis du Logement;Truc inconnu;Jean Petit;j.petit@amis.fr\n",
                     encoding="utf-8")
    screen = open_partners(window, qtbot)
    dialog = open_import(screen, qtbot, monkeypatch, mixed)
    assert not dialog.import_button.isEnabled()
    assert ("importez seulement les lignes valides (case « Ignorer les lignes invalides »)"
            in dialog.preview.toPlainText())
    assert dialog.skip_invalid.isEnabled()
    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled()
    assert "Import possible" in dialog.preview.toPlainText()
    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert counts(window.session.con) == (1, 1)
    assert "1 ligne rejetée" in dialog.preview.toPlainText()


def test_the_journal_shows_the_import_in_one_line(window, qtbot, monkeypatch, tmp_path):
    screen = open_partners(window, qtbot)
    dialog = open_import(screen, qtbot, monkeypatch, directory_workbook(tmp_path / "annuaire.xlsx"))
    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    rows = journal_rows(window, qtbot)
    journal_dialog = window.safety.dialog
    model = journal_dialog.model
    imports = [row for row in rows if row[1] == "import"]
    assert [row[2:] for row in imports] == [[
        "", "", "annuaire.xlsx, feuille « Annuaire » : 4 partenaires créés, 0 mis à jour, "
        "6 contacts ajoutés, 0 contact mis à jour ; 0 ligne ignorée, 0 ligne rejetée"]]
    assert ["création", "fichier importé"] in [row[1:3] for row in rows]
    view = journal_dialog.view
    line = next(r for r, row in enumerate(rows) if row[1] == "import")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(model.index(line, 4)).center())
    assert read(journal_dialog.detail.text()).endswith(
        " – import – annuaire.xlsx, feuille « Annuaire » : 4 partenaires créés, 0 mis à jour, "
        "6 contacts ajoutés, 0 contact mis à jour ; 0 ligne ignorée, 0 ligne rejetée")


def test_the_file_dialog_opens_in_the_last_import_folder(window, qtbot, monkeypatch, tmp_path):
    screen = open_partners(window, qtbot)
    starts = []
    copy = tmp_path / "annuaire.csv"
    copy.write_bytes(FIXTURE.read_bytes())

    def dialog(parent, title, start, filters):
        starts.append(start)
        return str(copy), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)
    for _ in range(2):
        choose_in_menu(qtbot, screen.more_button, IMPORT_ENTRY)
        qtbot.waitUntil(lambda: not screen.import_dialog.planning)
        screen.import_dialog.reject()
    home = Path.home()  # the downloads if there are some, never the current directory
    assert starts[0] in (str(home / "Downloads"), str(home / "Téléchargements"), str(home))
    assert starts[1] == str(tmp_path)


def test_the_dialog_fits_a_laptop_screen_at_150_percent(window, qtbot, monkeypatch):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    laptop = QRect(0, 0, 910, 512)  # 1366 × 768 at 150 %
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: laptop)
    dialog = open_import(open_partners(window, qtbot), qtbot, monkeypatch, FIXTURE)
    assert laptop.contains(dialog.frameGeometry()) or dialog.height() <= laptop.height()


# --- a workbook of several sheets ---------------------------------------------------------------

def items(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_a_csv_file_offers_no_sheet(window, qtbot, monkeypatch):
    dialog = open_import(open_partners(window, qtbot), qtbot, monkeypatch, FIXTURE)
    assert dialog.plan is not None and not dialog.sheet_picker.isVisible()


def test_another_sheet_is_chosen_from_the_keyboard_and_read_off_the_ui_thread(
        window, qtbot, monkeypatch, tmp_path):
    import threading

    from pexdesk.ui import import_preview_dialog

    threads = record_reading_threads(monkeypatch, import_preview_dialog)
    screen = open_partners(window, qtbot)
    dialog = open_import(screen, qtbot, monkeypatch,
                         directory_workbook(tmp_path / "annuaire.xlsx"))
    picker = dialog.sheet_picker
    assert picker.isVisible()
    assert items(picker.combo) == ["Lisez-moi (0 ligne)", "Annuaire (6 lignes)",
                                   "Anciens (1 ligne)"]
    assert picker.combo.currentText() == "Annuaire (6 lignes)"  # « Lisez-moi » passed over
    assert picker.combo.accessibleName() == "Feuille du classeur"
    assert "feuille « Annuaire » lue" in dialog.preview.toPlainText()

    dialog.activateWindow()
    qtbot.waitActive(dialog)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is picker.combo  # « &Feuille »
    qtbot.keyClick(picker.combo, Qt.Key.Key_Down)
    assert dialog.planning and not dialog.import_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.planning)
    preview = dialog.preview.toPlainText()
    assert "feuille « Anciens » lue" in preview
    assert "Import possible : 1 partenaire créé" in preview
    assert picker.combo.currentText() == "Anciens (1 ligne)"
    assert dialog.focusWidget() is picker.combo  # the keyboard stays on the sheets
    assert threads and threading.main_thread() not in threads
    assert counts(window.session.con) == (0, 0)

    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert counts(window.session.con) == (1, 1)
    assert partners.find_by_name(window.session.con, "Habitat 35") is not None
    assert not picker.isEnabled()  # imported: another sheet is another import


def test_a_sheet_that_cannot_be_read_still_offers_the_others(window, qtbot, monkeypatch,
                                                              tmp_path):
    path = tmp_path / "annuaire.xlsx"
    directory = [["Structure", "Catégorie", "Nom", "Courriel"],
                 ["Caf du Gers", "Caf", "Claire Dupont", "claire.dupont@caf32.fr"]]
    path.write_bytes(workbook_bytes({"Calculs": [["Total", "Moyenne"], ["=1+1", 3]],
                                     "Annuaire": directory}))
    dialog = open_import(open_partners(window, qtbot), qtbot, monkeypatch, path)
    assert read(dialog.status.text()).startswith("Le fichier ne peut pas être importé : "
                                                 "annuaire.xlsx : formule sans valeur")
    picker = dialog.sheet_picker
    assert picker.isVisible() and picker.combo.currentText() == "Calculs (0 ligne)"
    qtbot.keyClick(picker.combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: not dialog.planning)
    assert "feuille « Annuaire » lue" in dialog.preview.toPlainText()
    assert dialog.import_button.isEnabled()


def test_each_sheet_announces_the_rows_its_preview_reads(window, qtbot, monkeypatch, tmp_path):
    """« Annuaire » has a title line over its header and a note under its table, « Lisez-moi »
    no directory header at all: the count beside a sheet's name is the preview's."""
    dialog = open_import(open_partners(window, qtbot), qtbot, monkeypatch,
                         directory_workbook(tmp_path / "annuaire.xlsx"))
    picker = dialog.sheet_picker
    assert picker.combo.currentText() == "Annuaire (6 lignes)"
    assert "\n6 lignes lues : 6 valides" in dialog.preview.toPlainText()
    picker.combo.setFocus()
    for key, shown, counted in ((Qt.Key.Key_Down, "Anciens (1 ligne)", "\n1 ligne lue : "),
                                (Qt.Key.Key_Home, "Lisez-moi (0 ligne)", "\n0 ligne lue : ")):
        qtbot.keyClick(picker.combo, key)
        qtbot.waitUntil(lambda: not dialog.planning)
        assert picker.combo.currentText() == shown
        assert counted in dialog.preview.toPlainText()


def test_of_directories_named_by_a_year_the_latest_holding_a_table_is_read(
        window, qtbot, monkeypatch, tmp_path):
    header = ["Structure", "Catégorie", "Nom", "Courriel"]
    path = tmp_path / "annuaires.xlsx"
    path.write_bytes(workbook_bytes({
        "Annuaire 2023": [header, ["Habitat 35", "OPH", "Lucie Bernard", "l.bernard@h35.fr"]],
        "Annuaire 2024": [header, ["Caf du Gers", "Caf", "Claire Dupont", "c.dupont@caf32.fr"],
                          ["Mairie d'Auch", "Mairie", "Paul Roux", "p.roux@auch.fr"]],
        "Annuaire 2025": [["À compléter après la CCAPEX de janvier."]]}))
    screen = open_partners(window, qtbot)
    dialog = open_import(screen, qtbot, monkeypatch, path)
    assert items(dialog.sheet_picker.combo) == ["Annuaire 2023 (1 ligne)",
                                                "Annuaire 2024 (2 lignes)",
                                                "Annuaire 2025 (0 ligne)"]
    assert dialog.sheet_picker.combo.currentText() == "Annuaire 2024 (2 lignes)"
    preview = dialog.preview.toPlainText()
    assert "feuille « Annuaire 2024 » lue ; non lues : « Annuaire 2023 », « Annuaire 2025 »" \
        in preview
    assert "Import possible : 2 partenaires créés" in preview
    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert counts(window.session.con) == (2, 2)


def test_after_an_import_ctrl_z_cannot_take_back_what_it_built_on(window, qtbot, monkeypatch):
    """Undoing the partner's creation, made before the import, would delete it with the
    contacts the import then added: the import clears the undo history, and says so."""
    add_partner_by_form(window, qtbot, "Caf d'Ille-et-Vilaine", "CAF")
    assert window.undo_stack.canUndo()
    screen = open_partners(window, qtbot)
    con = window.session.con

    dialog = open_import(screen, qtbot, monkeypatch, FIXTURE)
    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    dialog.close()
    assert counts(con) == (4, 6)
    assert not window.undo_stack.canUndo()
    assert read(window.statusBar().currentMessage()).startswith("Historique d'annulation vidé")
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert counts(con) == (4, 6)
    caf = partners.find_by_name(con, "Caf d'Ille-et-Vilaine")
    assert len(partners.contacts_of(con, caf.id)) == 2
