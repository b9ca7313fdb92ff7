"""Ctrl+Z and Ctrl+Y typed in a form field: the field's own typing first, then the saves."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pexdesk.core.domain.models import Partner
from pexdesk.core.repositories import partners
from tests.ui.helpers import click_row, open_section, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def test_ctrl_z_in_the_field_just_saved_undoes_the_save(window, qtbot):
    con = window.session.con
    partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
    screen = open_section(window, qtbot, "partners")
    click_row(qtbot, screen, "CAF du Gers")
    name = screen.editor.name
    name.setFocus()
    name.end(False)
    type_text(name, " (Auch)")
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(name, Qt.Key.Key_S, CTRL)
    assert partners.find_by_name(con, "CAF du Gers (Auch)") is not None
    assert name.hasFocus()
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(name, Qt.Key.Key_Z, CTRL)
    assert partners.find_by_name(con, "CAF du Gers") is not None
    assert name.text() == "CAF du Gers"
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(name, Qt.Key.Key_Y, CTRL)
    assert partners.find_by_name(con, "CAF du Gers (Auch)") is not None
    assert name.text() == "CAF du Gers (Auch)"


def test_ctrl_z_takes_back_the_typing_first_and_leaves_the_saves_alone(window, qtbot):
    con = window.session.con
    partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
    screen = open_section(window, qtbot, "partners")
    click_row(qtbot, screen, "CAF du Gers")
    notes = screen.editor.form.field("notes")
    notes.setFocus()
    type_text(notes, "Convention signée.")
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(notes, Qt.Key.Key_S, CTRL)
    type_text(notes, " Relancer")
    qtbot.keyClick(notes, Qt.Key.Key_Z, CTRL)
    assert notes.toPlainText() == "Convention signée."
    assert window.undo_stack.index() == 1, "the save is still done"
    assert partners.find_by_name(con, "CAF du Gers").notes == "Convention signée."
