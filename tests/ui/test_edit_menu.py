"""Édition's record commands are offered only where they do something."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from pexdesk.core.domain.models import Partner
from pexdesk.core.repositories import partners
from tests.ui.helpers import click_row, open_section, read


NOTHING_SELECTED = {"new_record": True, "duplicate_record": False, "save": False,
                    "revert": False, "delete_record": False, "focus_search": True}


def enabled(window) -> dict[str, bool]:
    return {name: action.isEnabled() for name, action in window.record_actions.items()}


def test_record_commands_follow_the_screen_shown(window, qtbot):
    open_section(window, qtbot, "dashboard")
    assert not any(enabled(window).values())
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is window.screens["partners"]
    assert enabled(window) == NOTHING_SELECTED  # an empty list
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert enabled(window) == {"new_record": False, "duplicate_record": False, "save": True,
                               "revert": True, "delete_record": True, "focus_search": False}
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert not any(enabled(window).values())


def two_partners_listed(window, qtbot):
    for name in ("CCAS d'Auch", "Mairie d'Auch"):
        partners.save(window.session.con, Partner(name=name, category_code="CCAS"))
    return open_section(window, qtbot, "partners")


def test_dupliquer_and_supprimer_follow_the_row_selected(window, qtbot):
    """Before, the menu offered them whatever the list showed, the screen's buttons grey."""
    screen = two_partners_listed(window, qtbot)
    click_row(qtbot, screen, "Mairie d'Auch")
    assert enabled(window)["duplicate_record"] and enabled(window)["delete_record"]
    qtbot.keyClicks(screen.search, "introuvable")
    assert screen.proxy.rowCount() == 0
    assert enabled(window) == NOTHING_SELECTED
    for _ in "introuvable":
        qtbot.keyClick(screen.search, Qt.Key.Key_Backspace)
    assert enabled(window)["duplicate_record"] and enabled(window)["delete_record"]


def test_dupliquer_is_not_offered_on_the_copy_it_made(window, qtbot):
    screen = two_partners_listed(window, qtbot)
    click_row(qtbot, screen, "CCAS d'Auch")
    qtbot.keyClick(screen.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert read(screen.editor_title.text()) == "Copie de : CCAS d'Auch"
    assert not screen.duplicate_button.isEnabled()
    assert enabled(window) == {"new_record": True, "duplicate_record": False, "save": True,
                               "revert": True, "delete_record": True, "focus_search": True}
    window.record_actions["revert"].trigger()
    assert screen.editor_title.text() == "CCAS d'Auch"
    assert enabled(window)["duplicate_record"]


def edit_entries(window) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "É&dition")
    return [read(action.text()).replace("&", "") for action in menu.actions()
            if not action.isSeparator()]


def test_supprimer_reads_abandonner_while_a_new_record_is_open(window, qtbot, monkeypatch):
    """On a record not saved yet, the entry abandons it: « Supprimer… » said otherwise. The
    list's own button keeps its text, its tooltip tells; Suppr does either, as the entry."""
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(read(box.text()))
                        or QMessageBox.StandardButton.No)  # « Conserver »
    screen = two_partners_listed(window, qtbot)
    click_row(qtbot, screen, "CCAS d'Auch")
    assert "Supprimer…" in edit_entries(window)

    qtbot.keyClick(screen.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    entries = edit_entries(window)
    assert "Abandonner la nouvelle fiche" in entries and "Supprimer…" not in entries
    assert screen.delete_button.text() == "Supprimer…"
    window.record_actions["revert"].trigger()  # Annuler les modifications
    assert "Supprimer…" in edit_entries(window)

    qtbot.keyClick(screen.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert "Abandonner la nouvelle fiche" in edit_entries(window)
    click_row(qtbot, screen, "Mairie d'Auch")  # nothing typed: the new form goes
    assert "Supprimer…" in edit_entries(window)

    qtbot.keyClick(screen.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is screen.table and screen.holds_new_record
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)  # abandons, nothing typed: no question
    assert asked == [] and not screen.holds_new_record
    assert "Supprimer…" in edit_entries(window)
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    assert asked == ["Supprimer « Mairie d'Auch » ?"]
