"""First run: create a base from the welcome page; refuse a file that is not a base."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from pexdesk.core.db.base import Base
from pexdesk.ui import main_window as main_window_module
from pexdesk.ui.main_window import MainWindow
from pexdesk.ui.new_base_dialog import NewBaseDialog
from tests.ui.helpers import read


def test_welcome_page_until_a_base_is_open(qtbot, ui_settings):
    window = MainWindow(ui_settings)
    qtbot.addWidget(window)
    window.show()
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.isAncestorOf(window.focusWidget())  # Enter creates a base
    assert window.base_label.text() == "Aucune base ouverte"
    assert not window.record_actions["new_record"].isEnabled()


def test_create_a_base_for_corse_du_sud(qtbot, ui_settings, tmp_path, monkeypatch):
    target = tmp_path / "ajaccio.db"

    def fill_and_accept(dialog: NewBaseDialog):
        dialog.department.setEditText("2A – Corse-du-Sud")
        qtbot.keyClicks(dialog.adil, "ADIL de Corse-du-Sud")
        qtbot.keyClicks(dialog.officer, "Lucia Santoni")
        qtbot.keyClicks(dialog.mission_start, "01/09/2024")
        dialog.path.setText(str(target))
        dialog._accept_if_valid()
        return dialog.result()

    monkeypatch.setattr(NewBaseDialog, "exec", fill_and_accept)
    window = MainWindow(ui_settings)
    qtbot.addWidget(window)
    qtbot.mouseClick(window.welcome.create_button, Qt.MouseButton.LeftButton)
    assert window.session is not None
    profile = window.session.base.profile()
    assert (profile.department_code, profile.officer_name, profile.mission_start) == (
        "2A", "Lucia Santoni", date(2024, 9, 1))
    assert window.windowTitle() == "Corse-du-Sud (2A)"  # Qt adds « — pexdesk », as to dialogs
    assert window.pages.currentWidget() is window.workspace
    assert ui_settings.last_base == target


def test_new_base_dialog_lists_errors_and_creates_nothing(qtbot, tmp_path):
    dialog = NewBaseDialog(tmp_path / "x.db")
    qtbot.addWidget(dialog)
    dialog.department.setEditText("975")
    dialog._accept_if_valid()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert ("« Département » : « 975 » n'est pas un département français (code INSEE, nom, ou "
            "« Nom (code) » attendu).") in read(dialog.errors.text())
    assert "« ADIL » est obligatoire." in read(dialog.errors.text())
    assert not (tmp_path / "x.db").exists()


def test_a_mistyped_mission_start_is_refused(qtbot, tmp_path):
    dialog = NewBaseDialog(tmp_path / "x.db")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.department.lineEdit(), "Gers")
    qtbot.keyClicks(dialog.adil, "ADIL du Gers")
    qtbot.keyClicks(dialog.mission_start, "31/02/2025")
    dialog._accept_if_valid()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert read(dialog.errors.text()) == ("« Début de la mission » : « 31/02/2025 » n'est pas "
                                          "une date valide (jj/mm/aaaa).")


@pytest.mark.parametrize("typed, code, shown", [
    ("Gers", "32", "32 – Gers"), ("gers", "32", "32 – Gers"), ("2a", "2A", "2A – Corse-du-Sud"),
    ("reunion", "974", "974 – La Réunion"), ("ardeche", "07", "07 – Ardèche")])
def test_a_departement_typed_by_name_or_code_is_recognised(qtbot, tmp_path, typed, code, shown):
    dialog = NewBaseDialog(tmp_path / "x.db")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.department.lineEdit(), typed)
    assert dialog.department.code() == code
    dialog.department.lineEdit().editingFinished.emit()  # Tab to the next field
    assert dialog.department.currentText() == shown


def test_an_error_goes_away_once_the_field_is_corrected(qtbot, tmp_path):
    dialog = NewBaseDialog(tmp_path / "x.db")
    qtbot.addWidget(dialog)
    dialog._accept_if_valid()
    assert dialog.errors.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.adil, "ADIL du Gers")
    assert not dialog.errors.isVisibleTo(dialog)


def test_opening_a_foreign_file_says_so_and_changes_nothing(qtbot, ui_settings, tmp_path,
                                                            monkeypatch):
    foreign = tmp_path / "notes.db"
    foreign.write_bytes(b"Compte rendu CCAPEX\n" * 50)
    before = foreign.read_bytes()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text: warnings.append((title, text)))
    window = MainWindow(ui_settings)
    qtbot.addWidget(window)
    assert not window.open_base(foreign)
    assert warnings == [("Impossible d'ouvrir la base",
                         f"Le fichier {foreign} n'est pas une base pexdesk.")]
    assert foreign.read_bytes() == before
    assert window.session is None


def test_reopening_the_base_finds_the_partner(qtbot, ui_settings, base_path):
    from pexdesk.core.domain.models import Partner
    from pexdesk.core.repositories import partners
    with Base.open(base_path) as base:
        partners.save(base.con, Partner(name="UDAF du Gers", category_code="UDAF"))
    window = MainWindow(ui_settings)
    qtbot.addWidget(window)
    assert window.open_base(base_path)
    screen = window.show_screen("partners")
    qtbot.waitUntil(lambda: screen.proxy.rowCount() == 1)
    assert screen.proxy.index(0, 0).data() == "UDAF du Gers"
    window.close()
    assert ui_settings.last_base == base_path
    assert ui_settings.last_screen == "partners"


def test_demo_button_opens_the_demo_base(qtbot, ui_settings, tmp_path, monkeypatch):
    demo_path = tmp_path / "demo" / "pexdesk.db"
    monkeypatch.setattr(main_window_module, "default_base_path", lambda: demo_path)
    window = MainWindow(ui_settings)
    qtbot.addWidget(window)
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert window.session is not None
    assert window.session.base.path == demo_path.with_name("pexdesk-demo.db")
    count = window.session.con.execute("SELECT count(*) FROM partner").fetchone()[0]
    assert count >= 50


def test_enter_on_the_welcome_page_creates_a_base(qtbot, ui_settings, monkeypatch):
    asked = []
    monkeypatch.setattr(NewBaseDialog, "exec", lambda dialog: asked.append(dialog) or 0)
    window = MainWindow(ui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitActive(window)
    assert window.focusWidget() is window.welcome.create_button
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    assert len(asked) == 1


def test_new_base_dialog_labels_show_no_ampersand(qtbot, tmp_path):
    """Each label's « & » marks its Alt shortcut: it must have a field to go to, else Qt
    draws « &Fichier : » as is."""
    from PySide6.QtWidgets import QLabel
    dialog = NewBaseDialog(tmp_path / "x.db")
    qtbot.addWidget(dialog)
    labels = [label for label in dialog.findChildren(QLabel) if "&" in label.text()]
    assert [read(label.text()) for label in labels] == [
        "&Département :", "&ADIL :", "&Chargé(e) de mission :", "Dé&but de la mission :",
        "&Fichier :"]
    assert all(label.buddy() is not None for label in labels)
