"""Annuler and Rétablir over a form holding unsaved changes of the record they would write:
the changes are taken back first, once the user agreed, never left in the form over the
record undone (Enregistrer then saved them over it again)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QMessageBox

from tests.ui.conftest import shown_window
from tests.ui.helpers import choose_in_menu_bar, open_section, read, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
FIELDS = {"partners": "territory", "meetings": "place", "roadmap": "title",
          "feedback": "comment"}
"""A text field of each editable list's form, and its column in the list's rows."""


@pytest.fixture
def demo_window(qtbot, ui_settings, demo_base):
    with shown_window(qtbot, ui_settings, demo_base) as window:
        yield window


class Questions(list):
    """The questions asked, as read (the question, then its details); each is answered by
    the button reading :attr:`answer`."""

    answer = "Abandonner les modifications"


@pytest.fixture
def asked(monkeypatch) -> Questions:
    questions = Questions()

    def answer(box: QMessageBox):
        questions.append((read(box.text()), read(box.informativeText())))
        return next(box.standardButton(button) for button in box.buttons()
                    if button.text() == questions.answer)

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return questions


def text_of(field) -> str:
    return field.text() if isinstance(field, QLineEdit) else field.toPlainText()


def type_at_end(field, text: str) -> None:
    field.setFocus()
    if isinstance(field, QLineEdit):
        field.end(False)
    else:
        field.moveCursor(QTextCursor.MoveOperation.End)
    type_text(field, text)


def stored(screen, key: str) -> str:
    """The field as the base has it for the record in the form."""
    return getattr(screen.fetch_one(screen.session.con, screen.editor.record_id), FIELDS[key])


def saved_then_typed(window, qtbot, key: str):
    """The first record of ``key``'s list, « (1) » typed at the end of the field and saved
    with Ctrl+S, then « (2) » typed and not saved; the screen, the field, and the field's
    text before and after the save."""
    screen = open_section(window, qtbot, key)
    field = screen.editor.form.field(FIELDS[key])
    before = text_of(field)
    type_at_end(field, " (1)")
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(field, Qt.Key.Key_S, CTRL)
    saved = stored(screen, key)
    assert text_of(field) == saved != before
    type_at_end(field, " (2)")
    return screen, field, before, saved


def edit_entry(window, position: int) -> str:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "É&dition")
    menu.aboutToShow.emit()  # as when the user opens it
    return read(menu.actions()[position].text()).replace("&", "")


@pytest.mark.parametrize("key", FIELDS)
def test_ctrl_z_takes_back_the_unsaved_changes_before_the_save(demo_window, qtbot, asked,
                                                                key):
    """Before, the save was undone in the base and the form kept « (1) (2) », saved again
    by the next Ctrl+S."""
    screen, field, before, saved = saved_then_typed(demo_window, qtbot, key)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Z, CTRL)
    question, details = asked[0]
    assert question == f"Abandonner les modifications de « {read(screen.editor_title.text())} » ?"
    assert details.startswith("Annuler reprend d'abord ce que vous avez modifié sans "
                              "l'enregistrer ; ce qui est enregistré ne change pas. Ctrl+Z à "
                              "nouveau annulera la modification ")
    assert text_of(field) == saved and not screen.editor.dirty
    assert stored(screen, key) == saved and demo_window.undo_stack.index() == 1

    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(screen.table, Qt.Key.Key_Z, CTRL)
    assert len(asked) == 1
    assert stored(screen, key) == text_of(field) == before


def test_the_changes_stay_when_the_user_keeps_them(demo_window, qtbot, asked):
    asked.answer = "Continuer la saisie"
    screen, field, _, saved = saved_then_typed(demo_window, qtbot, "partners")
    typed = text_of(field)
    qtbot.keyClick(screen.table, Qt.Key.Key_Z, CTRL)
    assert len(asked) == 1
    assert text_of(field) == typed and screen.editor.dirty
    assert stored(screen, "partners") == saved and demo_window.undo_stack.index() == 1


def test_ctrl_z_in_the_field_takes_back_its_typing_then_asks_for_the_rest(demo_window, qtbot,
                                                                          asked):
    """The field's own typing first, without a question (tests/ui/test_field_undo.py); the
    form still holds a change (the category chosen), which the next Ctrl+Z asks about."""
    screen, field, before, saved = saved_then_typed(demo_window, qtbot, "partners")
    category = screen.editor.category
    category.setCurrentIndex((category.currentIndex() + 1) % category.count())
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    assert asked == [] and text_of(field) == saved and screen.editor.dirty
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    assert len(asked) == 1 and not screen.editor.dirty
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    assert stored(screen, "partners") == text_of(field) == before


def test_edition_annuler_says_it_takes_back_the_changes_in_progress(demo_window, qtbot, asked):
    screen = open_section(demo_window, qtbot, "meetings")
    field = screen.editor.form.field("place")
    type_at_end(field, " (1)")
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(field, Qt.Key.Key_S, CTRL)
    assert edit_entry(demo_window, 0) == "Annuler la modification de la réunion"
    type_at_end(field, " (2)")
    assert edit_entry(demo_window, 0) == "Annuler la saisie en cours"

    choose_in_menu_bar(qtbot, demo_window, "Édition", "Annuler la saisie en cours")
    assert len(asked) == 1 and not screen.editor.dirty
    assert edit_entry(demo_window, 0) == "Annuler la modification de la réunion"
    with qtbot.waitSignal(screen.loaded):
        choose_in_menu_bar(qtbot, demo_window, "Édition", "Annuler la modification de la réunion")
    assert len(asked) == 1


def test_retablir_asks_before_putting_a_record_back_over_changes_typed_since(
        demo_window, qtbot, asked):
    screen, field, before, saved = saved_then_typed(demo_window, qtbot, "roadmap")
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)  # the field's « (2) »
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)  # the form's changes
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)  # the save
    assert stored(screen, "roadmap") == text_of(field) == before
    type_at_end(field, " (3)")

    asked.answer = "Abandonner et rétablir"
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(screen.table, Qt.Key.Key_Y, CTRL)
    assert asked[-1][1] == ("Rétablir la modification de l'action remet dans la base ce que "
                            "vous aviez annulé, à la place de ce que vous avez modifié depuis "
                            "sans l'enregistrer.")
    assert stored(screen, "roadmap") == text_of(field) == saved and not screen.editor.dirty


def test_undoing_another_records_save_leaves_the_form_alone(demo_window, qtbot, asked):
    """Changes of another record are not in the way: no question, the form keeps them."""
    screen = open_section(demo_window, qtbot, "partners")
    field = screen.editor.territory
    first, before = screen.editor.record_id, text_of(field)
    type_at_end(field, " (1)")
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(field, Qt.Key.Key_S, CTRL)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Down)
    assert screen.editor.record_id != first
    type_at_end(field, "Auch")

    screen.table.setFocus()
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(screen.table, Qt.Key.Key_Z, CTRL)
    assert asked == []
    assert screen.fetch_one(screen.session.con, first).territory == before
    assert text_of(field).endswith("Auch") and screen.editor.dirty


def test_a_form_left_with_unsaved_changes_is_shown_before_the_question(demo_window, qtbot,
                                                                       asked):
    screen, field, before, saved = saved_then_typed(demo_window, qtbot, "feedback")
    open_section(demo_window, qtbot, "dashboard")
    qtbot.keyClick(demo_window, Qt.Key.Key_Z, CTRL)
    assert demo_window.current_screen() is screen
    assert len(asked) == 1 and text_of(field) == saved and not screen.editor.dirty
