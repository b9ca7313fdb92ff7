"""Deleting from a list selects the row that takes the deleted one's place and keeps the
focus in the list, so that outdated records go one Suppr after the other; undoing a
deletion selects the record brought back. On a record not saved yet (Nouveau, Dupliquer),
« Supprimer… » abandons it and never deletes the record it was copied from; once saved,
it is the record « Supprimer… » and « Dupliquer » act on, and the title its form reads,
even while the list is still loading, and a row chosen meanwhile stays chosen once it is all
in."""

from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from pexdesk.core.domain.models import Action, Partner
from pexdesk.core.repositories import partners, roadmap
from tests.ui.helpers import click_row, open_section, press, read, selected, type_text


def three_partners(con) -> None:
    for name in ("CCAS d'Auch", "CCAS de Condom", "Mairie d'Auch"):
        partners.save(con, Partner(name=name, category_code="CCAS"))


def three_actions(con) -> None:
    axis = roadmap.axes(con)[0].id
    for title in ("Charte de prévention", "Diagnostic territorial", "Formation des bailleurs"):
        roadmap.save_action(con, Action(axis_id=axis, title=title))


SCREENS = {"partners": three_partners, "roadmap": three_actions}
NAME_FIELDS = {"partners": "name", "roadmap": "title"}
"""The field naming the record in each screen's form."""


@pytest.fixture
def confirmed(monkeypatch) -> list[str]:
    """Every deletion question answered « Supprimer »; the questions, as read."""
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(read(box.text()))
                        or QMessageBox.StandardButton.Yes)
    return asked


def listed(screen) -> list[str]:
    return [screen.proxy.index(row, 0).data() for row in range(screen.proxy.rowCount())]


def three_records_listed(window, qtbot, key: str, chosen: int):
    """The section ``key`` on three records of its own, the one at ``chosen`` clicked."""
    SCREENS[key](window.session.con)
    screen = open_section(window, qtbot, key)
    rows = listed(screen)
    click_row(qtbot, screen, rows[chosen])
    return screen, rows


def shows(screen, title: str) -> bool:
    """The list highlights ``title``'s row and the form beside it is its, ready to edit."""
    return (selected(screen) == title and screen.editor_title.text() == title
            and screen.editor.isEnabled() and screen.delete_button.isEnabled())


@pytest.mark.parametrize("key", SCREENS)
def test_deleting_selects_the_next_row_then_the_previous_one(window, qtbot, confirmed, key):
    screen, (first, middle, last) = three_records_listed(window, qtbot, key, chosen=1)

    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    assert confirmed == [f"Supprimer « {middle} » ?"]
    assert listed(screen) == [first, last]
    assert shows(screen, last)
    assert QApplication.focusWidget() is screen.table

    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Delete)  # the last row: the one before it takes over
    assert confirmed[1:] == [f"Supprimer « {last} » ?"]
    assert listed(screen) == [first] and shows(screen, first)
    assert QApplication.focusWidget() is screen.table


@pytest.mark.parametrize("key", SCREENS)
def test_deleting_the_only_row_leaves_the_empty_list_and_undo_brings_it_back(
        window, qtbot, confirmed, key):
    screen, (first, middle, last) = three_records_listed(window, qtbot, key, chosen=1)
    for _ in range(3):
        with qtbot.waitSignal(screen.loaded):
            press(qtbot, window, Qt.Key.Key_Delete)
    assert len(confirmed) == 3 and screen.model.total_count() == 0
    assert screen.empty_label.isVisible() and screen.empty_label.text() == screen.empty_hint
    assert not screen.editor.isEnabled() and screen.editor_title.text() == ""
    assert not screen.delete_button.isEnabled() and not screen.duplicate_button.isEnabled()

    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert listed(screen) == [first] and shows(screen, first)  # deleted last
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert listed(screen) == [first, last] and shows(screen, last)
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert listed(screen) == [first, middle, last] and shows(screen, middle)

    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert listed(screen) == [first, last] and shows(screen, last)  # deleted again: same place


def test_undoing_a_deletion_keeps_a_form_with_unsaved_changes(window, qtbot, confirmed):
    three_partners(window.session.con)
    screen = open_section(window, qtbot, "partners")
    first, middle, last = listed(screen)
    click_row(qtbot, screen, middle)
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Delete)
    click_row(qtbot, screen, first)
    type_text(screen.editor.territory, "Auch")

    with qtbot.waitSignal(screen.loaded):  # Édition → Annuler, no question asked
        window.undo_action.trigger()
    assert listed(screen) == [first, middle, last]
    assert selected(screen) == screen.editor_title.text() == first
    assert screen.editor.territory.text() == "Auch" and screen.editor.dirty


def stored(window, screen) -> int:
    return window.session.con.execute(f"SELECT count(*) FROM {screen.table_name}").fetchone()[0]


def abandons(screen) -> bool:
    """« Supprimer… » offers to abandon the new record, and « Dupliquer » is not offered."""
    return (screen.delete_button.isEnabled() and not screen.duplicate_button.isEnabled()
            and read(screen.delete_button.toolTip()) ==
            "Suppr : abandonne la nouvelle fiche, sans rien supprimer de la base")


@pytest.mark.parametrize("key", SCREENS)
def test_suppr_on_an_untouched_copy_throws_the_copy_away(window, qtbot, confirmed, key):
    screen, (first, middle, last) = three_records_listed(window, qtbot, key, chosen=1)
    press(qtbot, window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # by mistake
    assert read(screen.editor_title.text()) == f"Copie de : {middle}" and selected(screen) is None
    assert abandons(screen)

    press(qtbot, window, Qt.Key.Key_Delete)  # the focus is still in the list
    assert confirmed == []  # nothing typed, nothing to lose: no question
    assert stored(window, screen) == 3 and listed(screen) == [first, middle, last]
    assert shows(screen, middle) and not screen.editor.dirty
    assert getattr(screen.editor, NAME_FIELDS[key]).text() == middle
    assert screen.delete_button.toolTip() == "Suppr" and screen.duplicate_button.isEnabled()


@pytest.mark.parametrize("key", SCREENS)
def test_a_typed_copy_is_abandoned_once_the_user_agrees(window, qtbot, monkeypatch, key):
    screen, (first, middle, last) = three_records_listed(window, qtbot, key, chosen=1)
    qtbot.mouseClick(screen.duplicate_button, Qt.MouseButton.LeftButton)
    field = getattr(screen.editor, NAME_FIELDS[key])
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClick(field, Qt.Key.Key_End)
    type_text(field, " – Éauze")
    asked, answers = [], [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(
        (read(box.text()), [b.text() for b in box.buttons()])) or answers.pop(0))

    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)  # « Continuer la saisie »
    question = ("Abandonner la nouvelle fiche ?", ["Abandonner", "Continuer la saisie"])
    assert asked == [question]
    assert field.text() == f"{middle} (copie) – Éauze" and screen.editor.dirty

    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)  # « Abandonner »
    assert asked == [question, question]
    assert stored(window, screen) == 3 and listed(screen) == [first, middle, last]
    assert shows(screen, middle) and field.text() == middle and not screen.editor.dirty


@pytest.mark.parametrize("key", SCREENS)
def test_supprimer_on_a_new_record_drops_it_and_shows_the_row_selected_before(
        window, qtbot, confirmed, key):
    screen, (first, middle, last) = three_records_listed(window, qtbot, key, chosen=2)
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert screen.editor_title.text() == screen.new_title and abandons(screen)

    window.record_actions["delete_record"].trigger()  # Édition → Supprimer…
    assert confirmed == []
    assert stored(window, screen) == 3 and shows(screen, last)

    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_text(getattr(screen.editor, NAME_FIELDS[key]), "Brouillon")
    window.record_actions["delete_record"].trigger()
    assert confirmed == ["Abandonner la nouvelle fiche ?"]
    assert stored(window, screen) == 3 and listed(screen) == [first, middle, last]
    assert shows(screen, last) and not screen.editor.dirty


# --- a new record saved while the list loads --------------------------------------------------

@pytest.fixture
def reads_open(window, monkeypatch) -> threading.Event:
    """Open while set: cleared, the lists' background loads wait (until set again, or the
    test's end), so that what the user does before a list is all in can be tried."""
    gate = threading.Event()
    gate.set()
    session = window.session
    borrow = session.reading

    @contextmanager
    def reading():
        gate.wait(10)
        with borrow() as con:
            yield con

    monkeypatch.setattr(session, "reading", reading)
    yield gate
    gate.set()


def save_new_record_while_reads_wait(qtbot, window, screen, key, name, gate) -> None:
    """Ctrl+N, the name typed and the required choice made, then Ctrl+S while the list
    reads its rows again after a change made elsewhere (an import), the read held: the
    saved record is listed at once, not selected until the list is all in."""
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_text(getattr(screen.editor, NAME_FIELDS[key]), name)
    if key == "partners":
        screen.editor.category.setCurrentIndex(screen.editor.category.findData("COMMUNE"))
    else:
        screen.editor.axis.setCurrentIndex(0)
    gate.clear()
    window.session.write(screen.table_name, lambda con: None)
    assert screen.loading
    press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert stored(window, screen) == 4 and not screen.editor.dirty
    assert screen.loading and name in listed(screen) and selected(screen) is None


@pytest.mark.parametrize("how", ["Suppr", "bouton"])
@pytest.mark.parametrize("key", SCREENS)
def test_supprimer_right_after_saving_a_new_record_deletes_that_record(
        window, qtbot, confirmed, reads_open, key, how):
    screen, (first, middle, last) = three_records_listed(window, qtbot, key, chosen=1)
    save_new_record_while_reads_wait(qtbot, window, screen, key, "Réseau logement 32",
                                     reads_open)
    assert screen.delete_button.isEnabled()

    if how == "Suppr":
        screen.table.setFocus()  # in the list, where Suppr deletes a record, not a letter
        press(qtbot, window, Qt.Key.Key_Delete)
    else:
        qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    assert confirmed == ["Supprimer « Réseau logement 32 » ?"]
    assert stored(window, screen) == 3

    with qtbot.waitSignal(screen.loaded):
        reads_open.set()
    assert listed(screen) == [first, middle, last] and shows(screen, middle)


@pytest.mark.parametrize("key", SCREENS)
def test_dupliquer_right_after_saving_a_new_record_copies_that_record(
        window, qtbot, reads_open, key):
    screen, (first, middle, last) = three_records_listed(window, qtbot, key, chosen=1)
    save_new_record_while_reads_wait(qtbot, window, screen, key, "Réseau logement 32",
                                     reads_open)
    assert screen.duplicate_button.isEnabled()

    press(qtbot, window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    name = getattr(screen.editor, NAME_FIELDS[key])
    assert read(screen.editor_title.text()) == "Copie de : Réseau logement 32"
    assert name.text() == "Réseau logement 32 (copie)"
    with qtbot.waitSignal(screen.loaded):
        reads_open.set()
    assert "Réseau logement 32" in listed(screen)
    assert name.text() == "Réseau logement 32 (copie)"  # the list back: the copy stays
    assert screen.holds_new_record and selected(screen) is None


def test_supprimer_on_a_record_a_search_hides_names_that_record(window, qtbot, confirmed):
    """Its unsaved changes keep the form on the record while the search looks for another:
    « Supprimer… » is about the record the form shows, not the row the search lists."""
    three_partners(window.session.con)
    screen = open_section(window, qtbot, "partners")
    first, middle, last = listed(screen)
    click_row(qtbot, screen, middle)
    type_text(screen.editor.territory, "Condom")
    window.record_actions["focus_search"].trigger()
    type_text(screen.search, "Mairie")
    assert listed(screen) == [last] and screen.editor_title.text() == middle
    assert screen.editor.dirty

    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    assert confirmed == [f"Supprimer « {middle} » ?"]
    assert listed(screen) == [last] and shows(screen, last)
    screen.search.clear()
    assert listed(screen) == [first, last]


@pytest.mark.parametrize("how", ["clic", "flèche"])
@pytest.mark.parametrize("key", SCREENS)
def test_a_row_chosen_right_after_saving_stays_chosen_once_the_list_is_back(
        window, qtbot, reads_open, key, how):
    screen, (first, middle, last) = three_records_listed(window, qtbot, key, chosen=1)
    save_new_record_while_reads_wait(qtbot, window, screen, key, "Réseau logement 32",
                                     reads_open)

    if how == "clic":
        click_row(qtbot, screen, first)
        chosen = first
    else:  # no row is current since Nouveau: the arrow goes to the first
        screen.table.setFocus()
        press(qtbot, window, Qt.Key.Key_Down)
        chosen = first
    assert shows(screen, chosen)

    with qtbot.waitSignal(screen.loaded):
        reads_open.set()
    assert "Réseau logement 32" in listed(screen)
    assert shows(screen, chosen)  # not the record saved before the click
    assert getattr(screen.editor, NAME_FIELDS[key]).text() == chosen


@pytest.mark.parametrize("key", SCREENS)
def test_a_new_record_is_titled_as_saved_before_the_list_is_back(window, qtbot, reads_open,
                                                                 key):
    screen, _ = three_records_listed(window, qtbot, key, chosen=1)
    save_new_record_while_reads_wait(qtbot, window, screen, key, "Réseau logement 32",
                                     reads_open)
    assert screen.editor_title.text() == "Réseau logement 32"  # no longer « Nouveau … »

    press(qtbot, window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert screen.loading and stored(window, screen) == 5
    assert screen.editor_title.text() == "Réseau logement 32 (copie)"  # no longer « Copie de »

    with qtbot.waitSignal(screen.loaded):
        reads_open.set()
    assert shows(screen, "Réseau logement 32 (copie)")


@pytest.mark.parametrize("key", SCREENS)
@pytest.mark.parametrize("shortcut", [Qt.Key.Key_N, Qt.Key.Key_D], ids=["Nouveau", "Dupliquer"])
def test_clicking_the_row_left_for_a_new_record_shows_it_again(window, qtbot, key, shortcut):
    screen, (first, middle, last) = three_records_listed(window, qtbot, key, chosen=1)
    press(qtbot, window, shortcut, Qt.KeyboardModifier.ControlModifier)
    assert screen.holds_new_record
    click_row(qtbot, screen, middle)
    assert not screen.holds_new_record
    assert shows(screen, middle) and selected(screen) == middle
