"""Fichier › Profil de la base…: the ADIL, the chargé(e) de mission and the mission's dates,
edited after the base was created, as the bilans and the periods then read them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from pexdesk.ui.profile_dialog import ProfileDialog
from tests.ui.helpers import choose_in_menu_bar, open_section, press, read, type_text


def with_profile_dialog(qtbot, window, answer) -> list:
    """Open the dialog from the Fichier menu and call ``answer(dialog)`` once it shows;
    returns what ``answer`` returned (empty if the dialog never showed)."""
    seen = []

    def find() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ProfileDialog):
            QTimer.singleShot(20, find)
            return
        seen.append(answer(dialog))

    QTimer.singleShot(0, find)
    choose_in_menu_bar(qtbot, window, "Fichier", "Profil de la base…")
    qtbot.waitUntil(lambda: bool(seen) and QApplication.activeModalWidget() is None)
    # Offscreen, no window is active once the dialog is gone; a desktop gives it back.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return seen


def replace_text(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    type_text(field, text)


def offered_periods(screen) -> dict[str, bool]:
    """The dashboard's periods by label, and whether each can be chosen."""
    model = screen.period.combo.model()
    return {model.item(row).text(): model.item(row).isEnabled()
            for row in range(model.rowCount())}


def test_a_new_officer_and_the_mission_s_dates_are_saved_then_undone(window, qtbot):
    dashboard = open_section(window, qtbot, "dashboard")
    assert offered_periods(dashboard)[
        "Depuis le début de la mission (date de début non renseignée)"] is False

    def answer(dialog):
        shown = (dialog.department.currentText(), dialog.adil.text(), dialog.officer.text(),
                 dialog.mission_start.text(), dialog.mission_end.text())
        replace_text(qtbot, dialog.officer, "Dominique Lefèvre")
        qtbot.keyClick(dialog.officer, Qt.Key.Key_Tab)
        type_text(dialog.mission_start, "01/03/2024")
        qtbot.keyClick(dialog.mission_start, Qt.Key.Key_Return)
        return shown

    shown = with_profile_dialog(qtbot, window, answer)
    assert shown == [("32 – Gers", "ADIL du Gers", "Camille Martin", "", "")]
    profile = window.session.base.profile()
    assert (profile.officer_name, profile.mission_start) == ("Dominique Lefèvre",
                                                             date(2024, 3, 1))
    qtbot.waitUntil(lambda: offered_periods(dashboard).get(
        "Depuis le début de la mission") is True)

    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    profile = window.session.base.profile()
    assert (profile.officer_name, profile.mission_start) == ("Camille Martin", None)


def test_the_title_bar_names_the_new_departement(window, qtbot):
    assert window.windowTitle().startswith("Gers (32)")

    def answer(dialog):
        replace_text(qtbot, dialog.department.lineEdit(), "Landes")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    with_profile_dialog(qtbot, window, answer)
    assert window.windowTitle().startswith("Landes (40)")
    assert window.session.base.profile().department_code == "40"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.windowTitle().startswith("Gers (32)")


def test_invalid_input_shows_each_message_beside_its_field_and_saves_nothing(window, qtbot):
    before = window.session.base.profile()

    def answer(dialog):
        replace_text(qtbot, dialog.adil, "")
        type_text(dialog.mission_start, "31/02/2025")
        type_text(dialog.mission_end, "01/01/2020")
        replace_text(qtbot, dialog.department.lineEdit(), "Atlantide")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        errors = {name: read(label.text()) for name, label in dialog.form._errors.items()
                  if label.isVisible()}
        still_open = dialog.isVisible()
        dialog.reject()
        return errors, still_open

    [(errors, still_open)] = with_profile_dialog(qtbot, window, answer)
    assert still_open
    assert set(errors) == {"department_code", "adil_name", "mission_start"}
    assert "Atlantide" in errors["department_code"]
    assert errors["adil_name"] == "« ADIL » est obligatoire."
    assert "31/02/2025" in errors["mission_start"]
    assert window.session.base.profile() == before
    assert not window.undo_stack.canUndo()


def test_an_end_before_the_start_is_refused(window, qtbot):
    def answer(dialog):
        type_text(dialog.mission_start, "01/09/2025")
        type_text(dialog.mission_end, "31/08/2025")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        errors = read(dialog.form._errors["mission_end"].text())
        dialog.reject()
        return errors

    [errors] = with_profile_dialog(qtbot, window, answer)
    assert "Fin de la mission" in errors
    assert window.session.base.profile().mission_end is None
