"""Réunions CCAPEX: the « Ventilation » of a meeting's dossiers by origin and stage and of
its avis by type, typed in its form and saved with it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMessageBox

from pexdesk.core.domain.models import Meeting
from pexdesk.core.repositories import meetings
from pexdesk.ui.widgets import ERROR_COLOUR
from tests.ui.conftest import shown_window
from tests.ui.helpers import click_row, open_section, press, read, save_and_wait

CTRL, ALT, SHIFT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier,
                    Qt.KeyboardModifier.ShiftModifier)
ORIGIN, STAGE, OPINION = 0, 1, 2
"""The tabs, in their order on screen."""


@pytest.fixture
def commission(window) -> Meeting:
    """A commission technique of 20 dossiers and 9 avis, whose origins are partly broken
    down (3 signalements), and a groupe de travail, which examines none."""
    con = window.session.con
    meetings.save(con, Meeting(held_on=date(2025, 2, 4), kind="GROUPE_TRAVAIL"))
    return meetings.save(con, Meeting(held_on=date(2025, 3, 4), kind="TECHNIQUE",
                                      dossiers_examined=20, opinions_issued=9),
                         breakdown={"ORIGIN": {"SIGNALEMENT_CP": 3}})


def shown(window, qtbot, day: str = "04/03/2025"):
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, day)
    return screen


def tab_into_the_table(window, qtbot, tab: int) -> None:
    """From « Avis et recommandations » (Alt+C), Tab to the tabs, ← to the first and → to
    ``tab``, Tab into its table: the cursor on its current count."""
    press(qtbot, window, Qt.Key.Key_C, ALT)
    press(qtbot, window, Qt.Key.Key_Tab)
    for _ in range(OPINION):
        press(qtbot, window, Qt.Key.Key_Left)
    for _ in range(tab):
        press(qtbot, window, Qt.Key.Key_Right)
    press(qtbot, window, Qt.Key.Key_Tab)


def type_counts(window, qtbot, *counts: str) -> None:
    """Each count typed on the current category, then Entrée: the next one."""
    for count in counts:
        for digit in count:
            press(qtbot, window, getattr(Qt.Key, f"Key_{digit}"))
        press(qtbot, window, Qt.Key.Key_Return)


def shown_counts(screen, tab: int) -> list[str]:
    """The « Nombre » column of a tab's table, as it reads."""
    model = screen.editor.breakdown.models[tab]
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def state_line(screen) -> str:
    return read(screen.editor.breakdown.summary.text())


def stored(window) -> dict:
    [meeting] = [m for m in meetings.all_meetings(window.session.con)
                 if m.held_on == date(2025, 3, 4)]
    return meetings.breakdown_of(window.session.con, meeting.id)


def test_a_breakdown_typed_with_the_keyboard_is_saved(qtbot, ui_settings, base_path):
    with shown_window(qtbot, ui_settings, base_path) as window:
        meetings.save(window.session.con, Meeting(held_on=date(2025, 3, 4), kind="TECHNIQUE",
                                                  dossiers_examined=20, opinions_issued=9))
        screen = shown(window, qtbot)
        tab_into_the_table(window, qtbot, ORIGIN)
        assert QApplication.focusWidget() is screen.editor.breakdown.views[ORIGIN]
        type_counts(window, qtbot, "12", "5")
        assert shown_counts(screen, ORIGIN)[:3] == ["12", "5", ""]
        assert state_line(screen) == "17 dossiers ventilés sur 20 : 3 non ventilés"
        tab_into_the_table(window, qtbot, OPINION)
        type_counts(window, qtbot, "4", "", "5")  # Entrée alone passes a category by
        assert state_line(screen) == "9 avis ventilés sur 9 : tout est ventilé"
        assert screen.editor.dirty
        save_and_wait(screen, qtbot)
    with shown_window(qtbot, ui_settings, base_path) as window:
        screen = shown(window, qtbot)
        assert shown_counts(screen, ORIGIN) == ["12", "5", "", "", "", ""]
        assert shown_counts(screen, OPINION)[:4] == ["4", "", "5", ""]
        assert stored(window) == {"ORIGIN": {"SIGNALEMENT_CP": 12, "SAISINE_BAILLEUR_PM": 5},
                                  "OPINION": {"FSL": 4, "ACCOMPAGNEMENT": 5}}


def test_the_arrows_ctrl_tab_and_suppr_work_in_the_tables(window, qtbot, commission):
    """↓ keeps the count typed and goes down, Maj+Entrée up, Ctrl+Tab to the next table;
    Suppr empties a count (left to the window, it offered to delete the meeting)."""
    screen = shown(window, qtbot)
    tab_into_the_table(window, qtbot, ORIGIN)
    for key, modifier in ((Qt.Key.Key_5, None), (Qt.Key.Key_Down, None), (Qt.Key.Key_4, None),
                          (Qt.Key.Key_Return, SHIFT), (Qt.Key.Key_Delete, None)):
        press(qtbot, window, key, modifier or Qt.KeyboardModifier.NoModifier)
    assert shown_counts(screen, ORIGIN)[:3] == ["", "4", ""]
    assert state_line(screen) == "4 dossiers ventilés sur 20 : 16 non ventilés"
    press(qtbot, window, Qt.Key.Key_Tab, CTRL)
    type_counts(window, qtbot, "6")
    assert shown_counts(screen, STAGE)[0] == "6"


def test_the_line_under_the_table_says_what_is_left(window, qtbot, commission):
    screen = shown(window, qtbot)
    breakdown = screen.editor.breakdown
    assert state_line(screen) == "3 dossiers ventilés sur 20 : 17 non ventilés"
    breakdown.tabs.setCurrentIndex(STAGE)
    assert state_line(screen) == "0 dossier ventilé sur 20 : 20 non ventilés"
    tab_into_the_table(window, qtbot, ORIGIN)
    type_counts(window, qtbot, "19")  # over the 3 signalements: the origins are 19 of 20
    assert state_line(screen) == "19 dossiers ventilés sur 20 : 1 non ventilé"
    screen.editor.dossiers.setValue(19)  # the total corrected after its breakdown
    assert state_line(screen) == "19 dossiers ventilés sur 19 : tout est ventilé"
    screen.editor.opinions.setValue(0)
    breakdown.tabs.setCurrentIndex(OPINION)
    assert state_line(screen) == "Aucun avis émis : rien à ventiler."
    assert not breakdown.views[OPINION].isEnabled()


def test_a_meeting_without_dossiers_or_avis_has_nothing_to_break_down(window, qtbot,
                                                                      commission):
    screen = shown(window, qtbot, "04/02/2025")
    breakdown = screen.editor.breakdown
    assert state_line(screen) == "Aucun dossier examiné ni avis émis : rien à ventiler."
    assert not breakdown.tabs.isEnabled()
    screen.editor.dossiers.setValue(4)
    assert breakdown.tabs.isEnabled() and breakdown.views[ORIGIN].isEnabled()
    assert state_line(screen) == "0 dossier ventilé sur 4 : 4 non ventilés"
    assert not breakdown.views[OPINION].isEnabled()


def test_a_breakdown_beyond_its_total_is_refused_and_nothing_is_saved(window, qtbot,
                                                                      commission):
    screen = shown(window, qtbot)
    breakdown = screen.editor.breakdown
    tab_into_the_table(window, qtbot, STAGE)
    type_counts(window, qtbot, "15", "7")
    assert state_line(screen) == "22 ventilés pour 20 dossiers examinés : 2 de trop"
    assert ERROR_COLOUR in breakdown.summary.styleSheet()
    assert breakdown.tabs.tabBar().tabTextColor(STAGE) == QColor(ERROR_COLOUR)
    breakdown.tabs.setCurrentIndex(ORIGIN)  # out of sight when Ctrl+S is pressed
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    errors = screen.editor.form
    assert read(errors._errors["breakdown"].text()) == (
        "« Dossiers examinés par stade de la procédure » : la ventilation compte 22, plus "
        "que le total de la réunion (20).")
    assert read(errors.general_errors.text()) == (
        "Rien n'a été enregistré : corrigez les champs signalés.")
    assert breakdown.tabs.currentIndex() == STAGE  # the table the message is about
    assert stored(window) == {"ORIGIN": {"SIGNALEMENT_CP": 3}}
    assert screen.editor.dirty


def test_a_count_the_core_refuses_is_pointed_at(window, qtbot, commission):
    """A count beyond what any meeting holds (10 000) is refused by the core for its own
    category: the message goes under the area, the cursor to that count."""
    screen = shown(window, qtbot)
    screen.editor.dossiers.setValue(10_000)
    tab_into_the_table(window, qtbot, ORIGIN)
    type_counts(window, qtbot, "", "", "", "12000")
    press(qtbot, window, Qt.Key.Key_Up)
    press(qtbot, window, Qt.Key.Key_Up)
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert read(screen.editor.form._errors["breakdown"].text()) == (
        "« Dossiers examinés par origine de la saisine : Travailleur social » doit être "
        "compris entre 0 et 10000.")
    assert screen.editor.breakdown.views[ORIGIN].currentIndex().row() == 3
    assert stored(window) == {"ORIGIN": {"SIGNALEMENT_CP": 3}}


def test_ctrl_s_while_a_count_is_typed_saves_it(window, qtbot, commission):
    screen = shown(window, qtbot)
    tab_into_the_table(window, qtbot, ORIGIN)
    press(qtbot, window, Qt.Key.Key_7)  # over the 3, the cell still being typed in
    assert screen.editor.breakdown.views[ORIGIN].isAncestorOf(QApplication.focusWidget())
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert stored(window) == {"ORIGIN": {"SIGNALEMENT_CP": 7}}
    assert not screen.editor.dirty


@pytest.mark.parametrize("answer, kept", [
    (QMessageBox.StandardButton.Save, {"ORIGIN": {"SIGNALEMENT_CP": 7}}),
    (QMessageBox.StandardButton.Discard, {"ORIGIN": {"SIGNALEMENT_CP": 3}}),
])
def test_a_count_typed_is_asked_about_before_another_meeting_shows(
        window, qtbot, commission, monkeypatch, answer, kept):
    """Whether the count was confirmed (Entrée) or is still being typed: leaving the
    meeting asks, as for any field."""
    screen = shown(window, qtbot)
    tab_into_the_table(window, qtbot, ORIGIN)
    press(qtbot, window, Qt.Key.Key_7)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *_: asked.append(text) or answer))
    click_row(qtbot, screen, "04/02/2025")
    assert asked and "modifications non enregistrées" in read(asked[0])
    assert stored(window) == kept
    assert screen.editor_title.text() == "Groupe de travail du 04/02/2025"


def test_annuler_les_modifications_brings_the_saved_counts_back(window, qtbot, commission):
    screen = shown(window, qtbot)
    tab_into_the_table(window, qtbot, ORIGIN)
    type_counts(window, qtbot, "7", "2")
    assert screen.cancel_button.isEnabled()
    qtbot.mouseClick(screen.cancel_button, Qt.MouseButton.LeftButton)
    assert shown_counts(screen, ORIGIN)[:2] == ["3", ""]
    assert state_line(screen) == "3 dossiers ventilés sur 20 : 17 non ventilés"
    assert not screen.editor.dirty


def test_undo_and_redo_of_a_save_take_the_breakdown_along(window, qtbot, commission):
    screen = shown(window, qtbot)
    tab_into_the_table(window, qtbot, ORIGIN)
    type_counts(window, qtbot, "7", "2")
    save_and_wait(screen, qtbot)
    changed = {"ORIGIN": {"SIGNALEMENT_CP": 7, "SAISINE_BAILLEUR_PM": 2}}
    assert stored(window) == changed
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: shown_counts(screen, ORIGIN)[:2] == ["3", ""])
    assert stored(window) == {"ORIGIN": {"SIGNALEMENT_CP": 3}}
    press(qtbot, window, Qt.Key.Key_Y, CTRL)
    qtbot.waitUntil(lambda: shown_counts(screen, ORIGIN)[:2] == ["7", "2"])
    assert stored(window) == changed


def test_a_duplicated_meeting_has_its_own_breakdown(window, qtbot, commission):
    """A copy is the next session: its dossiers and avis are cleared, their breakdown
    with them (copied, the first session's would be counted twice)."""
    screen = shown(window, qtbot)
    press(qtbot, window, Qt.Key.Key_D, CTRL)
    assert read(screen.editor_title.text()) == "Copie de : Commission technique du 04/03/2025"
    assert shown_counts(screen, ORIGIN)[0] == ""
    assert state_line(screen) == "Aucun dossier examiné ni avis émis : rien à ventiler."


def test_deleting_a_meeting_names_its_breakdown(window, qtbot, commission, monkeypatch):
    screen = shown(window, qtbot)
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(
        box.informativeText()) or QMessageBox.StandardButton.No)
    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    assert asked[0].startswith("• sa ventilation des dossiers et des avis\n")
    assert stored(window) == {"ORIGIN": {"SIGNALEMENT_CP": 3}}
