"""Fichier › Profil de la base…: the ADIL, the chargé(e) de mission, the mission's dates and
the ADIL's logo, edited after the base was created, as the bilans and the periods then read
them."""

from __future__ import annotations

from datetime import date

import io

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from pexdesk.core.repositories import mapper
from pexdesk.core.safety import journal
from pexdesk.ui.profile_dialog import ProfileDialog
from tests.logo_images import BLUE, near, png_header, turned_logo_bytes, write_logo
from tests.ui.conftest import shown_read_only
from tests.ui.helpers import (choose_in_menu_bar, open_section, press, read, type_text,
                              when_dialog_shows)


def with_profile_dialog(qtbot, window, answer) -> list:
    """Open the dialog from the Fichier menu and call ``answer(dialog)`` once it shows;
    returns what ``answer`` returned (empty if the dialog never showed). An ``answer`` that
    fails closes the dialog, so that the test fails instead of waiting for it."""
    seen = []

    def answered(dialog) -> None:
        try:
            seen.append(answer(dialog))
        except BaseException:
            seen.append(None)
            dialog.reject()
            raise

    when_dialog_shows(ProfileDialog, answered)
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
        squeezed = squeezed_rows(dialog)
        dialog.reject()
        return errors, still_open, squeezed

    [(errors, still_open, squeezed)] = with_profile_dialog(qtbot, window, answer)
    assert still_open and squeezed == []
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


def offer_file(monkeypatch, path) -> list[str]:
    """« Choisir… » opens a file dialog where the user picks ``path``; returns the filters
    each dialog offered."""
    offered = []

    def pick(parent, caption, folder, filters):
        offered.append(filters)
        return str(path), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    return offered


def choose_by_keyboard(qtbot, dialog) -> None:
    """Alt+L, as the « Logo : » label says, then Space on « Choisir… »."""
    dialog.activateWindow()  # offscreen, a dialog opened after another is not always active
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.logo.choose_button
    qtbot.keyClick(dialog.logo.choose_button, Qt.Key.Key_Space)


def preview(dialog) -> tuple[str, tuple[float, float] | None]:
    """What the logo's preview shows: its text, and the size of its picture if it has one."""
    picture = dialog.logo.preview.pixmap()
    size = None if picture.isNull() else (picture.deviceIndependentSize().width(),
                                          picture.deviceIndependentSize().height())
    return dialog.logo.preview.text(), size


def top_left_colour(dialog) -> tuple[int, int, int]:
    """The colour the preview shows at the logo's top left corner."""
    colour = dialog.logo.preview.pixmap().toImage().pixelColor(2, 2)
    return colour.red(), colour.green(), colour.blue()


def kept_size(logo: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(logo)).size


def squeezed_rows(dialog) -> list[str]:
    """The form's rows given less height than their field, hint and message need."""
    QApplication.processEvents()
    return [name for name, field in dialog.form._fields.items()
            if field.parentWidget().height() < field.parentWidget().heightForWidth(
                field.parentWidget().width())]


def logo_error(dialog) -> str:
    label = dialog.form._errors["logo"]
    return read(label.text()) if label.isVisible() else ""


def test_a_logo_chosen_shows_in_the_preview_is_saved_with_the_profile_and_undone(
        window, qtbot, tmp_path, monkeypatch):
    logo = write_logo(tmp_path / "logo ADIL 32.png", 600, 300)
    offered = offer_file(monkeypatch, logo)

    def answer(dialog):
        before = preview(dialog), dialog.logo.remove_button.isEnabled()
        choose_by_keyboard(qtbot, dialog)
        box = dialog.logo.preview.contentsRect()
        after = preview(dialog), dialog.logo.preview.accessibleDescription()
        saved_at_once = window.session.base.profile().logo
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return before, after, box.width(), saved_at_once

    [(before, after, box_width, saved_at_once)] = with_profile_dialog(qtbot, window, answer)
    assert before == (("Aucun logo", None), False)
    assert "*.png *.jpg *.jpeg" in offered[0]
    (text, (width, height)), description = after
    assert (text, width) == ("", box_width) and height == pytest.approx(width / 2, abs=1)
    assert description == "Image de 600 × 300 pixels"
    assert saved_at_once is None  # « Enregistrer » saves it, with the rest
    assert window.session.base.profile().logo == logo.read_bytes()
    assert journal.entries(window.session.con, table="profile", newest_first=True,
                           limit=1)[0].detail == "logo"

    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.base.profile().logo is None
    press(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.session.base.profile().logo == logo.read_bytes()


def test_a_stored_logo_shows_when_the_dialog_opens_and_retirer_takes_it_off(
        window, qtbot, tmp_path):
    profile = window.session.base.profile()
    profile.logo = write_logo(tmp_path / "bandeau.png", 2000, 200).read_bytes()
    window.session.write("profile", lambda con: mapper.update(con, profile))

    def answer(dialog):
        shown = preview(dialog)
        qtbot.mouseClick(dialog.logo.remove_button, Qt.MouseButton.LeftButton)
        removed = preview(dialog), dialog.logo.remove_button.isEnabled()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return shown, removed

    [(shown, removed)] = with_profile_dialog(qtbot, window, answer)
    text, (width, height) = shown
    assert text == "" and height == pytest.approx(width / 10, abs=1)  # 10:1, not distorted
    assert removed == (("Aucun logo", None), False)
    assert window.session.base.profile().logo is None
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.base.profile().logo == profile.logo


REFUSED = {
    "pdf": (b"%PDF-1.7\n%%EOF\n",
            "« logo.png » n'est pas une image PNG ou JPEG : son contenu est celui d'un document "
            "PDF. Choisissez le logo au format PNG ou JPEG."),
    "bombe": (png_header(40_000, 40_000),
              "« logo.png » est une image bien trop grande : le logo ne doit pas dépasser "
              "5\u202f000 pixels de côté. Réduisez l'image (1 000 pixels de large suffisent)."),
}


@pytest.mark.parametrize("refused_file", list(REFUSED))
def test_a_refused_file_shows_why_under_the_row_and_nothing_is_saved(window, qtbot, tmp_path,
                                                                     monkeypatch, refused_file):
    content, expected = REFUSED[refused_file]
    renamed = tmp_path / "logo.png"
    renamed.write_bytes(content)
    offer_file(monkeypatch, renamed)

    def answer(dialog):
        choose_by_keyboard(qtbot, dialog)
        refused = logo_error(dialog), preview(dialog), dialog.isVisible(), squeezed_rows(dialog)
        offer_file(monkeypatch, write_logo(tmp_path / "logo.jpg", kind="JPEG"))
        choose_by_keyboard(qtbot, dialog)
        corrected = logo_error(dialog), preview(dialog)[0]
        dialog.reject()
        return refused, corrected

    [(refused, corrected)] = with_profile_dialog(qtbot, window, answer)
    message, shown, still_open, squeezed = refused
    assert message == expected
    assert shown == ("Aucun logo", None) and still_open
    assert squeezed == []  # the dialog grew to the message, the preview whole above it
    assert corrected == ("", "")  # a good file chosen next: the message has done its job
    assert window.session.base.profile().logo is None  # « Annuler »: nothing saved
    assert not window.undo_stack.canUndo()


def test_a_phone_photograph_shows_and_is_saved_upright(window, qtbot, tmp_path, monkeypatch):
    """Stored by the phone as 300 × 600 pixels with a tag saying to turn them a quarter."""
    photo = tmp_path / "photo en-tête.jpg"
    photo.write_bytes(turned_logo_bytes(6))
    offer_file(monkeypatch, photo)

    def answer(dialog):
        choose_by_keyboard(qtbot, dialog)
        shown = (preview(dialog), dialog.logo.preview.accessibleDescription(),
                 top_left_colour(dialog))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return shown

    [((text, (width, height)), description, corner)] = with_profile_dialog(qtbot, window,
                                                                          answer)
    assert text == "" and height == pytest.approx(width / 2, abs=1)  # lying, not standing
    assert description == "Image de 600 × 300 pixels"
    assert near(corner, BLUE, room=40)  # the top left corner at the top left
    assert kept_size(window.session.base.profile().logo) == (600, 300)


def test_a_logo_kept_turned_by_an_earlier_pexdesk_shows_upright(window, qtbot):
    profile = window.session.base.profile()
    profile.logo = turned_logo_bytes(8)
    window.session.write("profile", lambda con: mapper.update(con, profile))

    def answer(dialog):
        shown = (preview(dialog), dialog.logo.preview.accessibleDescription(),
                 top_left_colour(dialog))
        dialog.reject()
        return shown

    [((text, (width, height)), description, corner)] = with_profile_dialog(qtbot, window,
                                                                          answer)
    assert text == "" and height == pytest.approx(width / 2, abs=1)
    assert description == "Image de 600 × 300 pixels"
    assert near(corner, BLUE, room=40)


def test_a_5000_pixel_logo_is_saved_reduced_and_the_hint_says_so(window, qtbot, tmp_path,
                                                                 monkeypatch):
    offer_file(monkeypatch, write_logo(tmp_path / "logo géant.png", 5000, 2500,
                                       transparent=True))

    def answer(dialog):
        hint = next(read(label.text()) for label in dialog.findChildren(QLabel)
                    if label.text().startswith("Imprimé en haut"))
        choose_by_keyboard(qtbot, dialog)
        description = dialog.logo.preview.accessibleDescription()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return hint, description

    [(hint, description)] = with_profile_dialog(qtbot, window, answer)
    assert hint == ("Imprimé en haut de la couverture des bilans. Image PNG ou JPEG ; une "
                    "grande image (jusqu'à 5\u202f000 pixels de côté) est réduite à la taille utile.")
    assert description == "Image de 1\u202f200 × 600 pixels"
    kept = Image.open(io.BytesIO(window.session.base.profile().logo))
    assert (kept.format, kept.mode, kept.size) == ("PNG", "RGBA", (1200, 600))


def test_saving_an_unchanged_profile_writes_nothing_to_undo(window, qtbot):
    def answer(dialog):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    with_profile_dialog(qtbot, window, answer)
    assert not window.undo_stack.canUndo()
    assert window.saved_label.text() == "Aucun enregistrement depuis l'ouverture"


def test_a_base_held_elsewhere_shows_its_profile_but_offers_no_save(qtbot, ui_settings, base_path):
    with shown_read_only(qtbot, ui_settings, base_path) as window:

        def answer(dialog):
            seen = (dialog.adil.text(), dialog.save_button.isEnabled(),
                    [read(label.text()) for label in dialog.findChildren(QLabel)
                     if "lecture seule" in label.text()])
            dialog.reject()
            return seen

        [(adil, can_save, notes)] = with_profile_dialog(qtbot, window, answer)
    assert (adil, can_save) == ("ADIL du Gers", False)
    assert notes == ["La base est ouverte en lecture seule : le profil ne peut pas être "
                     "modifié ici."]
