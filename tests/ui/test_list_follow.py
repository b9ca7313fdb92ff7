"""The form beside a list follows what the search and the filters leave in the list,
unless it holds changes not saved yet."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pexdesk.core.domain.models import Meeting, Partner
from pexdesk.core.repositories import meetings, partners
from tests.ui.helpers import click_row, open_section, selected, type_text

NAMES = {"CCAS d'Auch": "CCAS", "CCAS de Condom": "CCAS", "Mairie d'Auch": "COMMUNE",
         "Mairie d'Éauze": "COMMUNE"}


def partners_screen(window, qtbot):
    for name, category in NAMES.items():
        partners.save(window.session.con, Partner(name=name, category_code=category))
    return open_section(window, qtbot, "partners")


def search_for(qtbot, screen, text: str) -> None:
    """Replace the search with ``text``, typed as the user does."""
    screen.search.selectAll()
    qtbot.keyClick(screen.search, Qt.Key.Key_Backspace)
    type_text(screen.search, text)


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_an_unchanged_form_shows_what_the_list_shows(window, qtbot):
    screen = partners_screen(window, qtbot)
    click_row(qtbot, screen, "CCAS de Condom")
    assert screen.editor_title.text() == "CCAS de Condom"

    search_for(qtbot, screen, "mairie")  # the partner shown is no longer listed
    assert screen.editor_title.text() == screen.editor.name.text() == "Mairie d'Auch"
    assert selected(screen) == "Mairie d'Auch" and screen.delete_button.isEnabled()

    click_row(qtbot, screen, "Mairie d'Éauze")
    search_for(qtbot, screen, "mairie e")  # still listed, not first: it stays
    assert selected(screen) == "Mairie d'Éauze"
    assert screen.editor_title.text() == "Mairie d'Éauze"

    search_for(qtbot, screen, "introuvable")
    assert screen.empty_label.isVisible()
    assert not screen.editor.isEnabled()
    assert screen.editor_title.text() == screen.editor.name.text() == ""
    assert not screen.delete_button.isEnabled() and not screen.duplicate_button.isEnabled()

    search_for(qtbot, screen, "")
    assert screen.editor.isEnabled() and screen.editor_title.text() == "CCAS d'Auch"
    assert selected(screen) == "CCAS d'Auch"


def test_an_unchanged_form_follows_a_filter(window, qtbot):
    con = window.session.con
    for day, kind in ((date(2025, 3, 4), "TECHNIQUE"), (date(2025, 3, 20), "SOUS_CCAPEX"),
                      (date(2024, 5, 6), "PLENIERE")):
        meetings.save(con, Meeting(held_on=day, kind=kind, territory="Nord"))
    screen = open_section(window, qtbot, "meetings")
    assert screen.editor_title.text() == "Sous-CCAPEX du 20/03/2025"  # newest first

    choose(screen.kind_filter, "TECHNIQUE")
    assert screen.editor_title.text() == "Commission technique du 04/03/2025"
    assert selected(screen) == "04/03/2025"
    choose(screen.year_filter, 2024)
    assert screen.empty_label.isVisible() and not screen.editor.isEnabled()
    assert screen.editor_title.text() == ""
    choose(screen.kind_filter, "")
    assert screen.editor_title.text() == "CCAPEX plénière du 06/05/2024"


def test_unsaved_changes_stay_in_the_form_whatever_the_list_shows(window, qtbot,
                                                                   monkeypatch):
    screen = partners_screen(window, qtbot)
    click_row(qtbot, screen, "CCAS de Condom")
    type_text(screen.editor.territory, "Ténarèze")

    choose(screen.category_filter, "COMMUNE")  # no question asked (no dialog expected)
    assert selected(screen) is None
    assert screen.editor_title.text() == "CCAS de Condom"
    assert screen.editor.territory.text() == "Ténarèze" and screen.editor.dirty
    assert screen.save_button.isEnabled()

    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, *rest: asked.append(title) or QMessageBox.StandardButton.Cancel))
    click_row(qtbot, screen, "Mairie d'Auch")  # leaving the form asks, as always
    assert asked == ["Modifications non enregistrées"]
    assert screen.editor_title.text() == "CCAS de Condom" and screen.editor.dirty

    choose(screen.category_filter, "")  # listed again: its row is selected, the typing kept
    assert selected(screen) == "CCAS de Condom"
    assert screen.editor.territory.text() == "Ténarèze" and screen.editor.dirty

    choose(screen.category_filter, "COMMUNE")
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(screen.editor.territory, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert partners.find_by_name(window.session.con, "CCAS de Condom").territory == "Ténarèze"
    assert screen.editor_title.text() == "Mairie d'Auch"  # saved: the form follows the list


def test_a_new_record_saved_under_a_filter_hiding_it_is_not_said_deleted(window, qtbot):
    screen = partners_screen(window, qtbot)
    choose(screen.category_filter, "MSA")
    assert screen.empty_label.isVisible()
    qtbot.keyClick(screen.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_text(screen.editor.name, "CAF du Gers")
    choose(screen.editor.category, "CAF")
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(screen.editor.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert partners.find_by_name(window.session.con, "CAF du Gers") is not None
    assert screen.count_label.text() == "0 sur 5 partenaires"
    assert not screen.editor.isEnabled() and screen.editor_title.text() == ""


def test_reverting_a_record_the_list_hides_shows_the_list_again(window, qtbot):
    screen = partners_screen(window, qtbot)
    click_row(qtbot, screen, "CCAS de Condom")
    type_text(screen.editor.territory, "Ténarèze")
    choose(screen.category_filter, "COMMUNE")
    qtbot.mouseClick(screen.cancel_button, Qt.MouseButton.LeftButton)
    assert not screen.editor.dirty
    assert screen.editor_title.text() == "Mairie d'Auch" and selected(screen) == "Mairie d'Auch"
    assert partners.find_by_name(window.session.con, "CCAS de Condom").territory == ""


def test_an_untouched_new_form_is_left_without_a_question(window, qtbot, monkeypatch):
    """Nouveau then another row, or another screen: nothing was typed, nothing is asked."""
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: asked.append(args[2]))
    for name in ("CAF du Gers", "CCAS d'Auch"):
        partners.save(window.session.con, Partner(name=name, category_code="CAF"))
    screen = open_section(window, qtbot, "partners")
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert screen.editor.record_id is None and screen.save_button.isEnabled()
    click_row(qtbot, screen, "CCAS d'Auch")
    assert asked == []
    assert screen.editor_title.text() == "CCAS d'Auch"
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    window.show_screen("meetings")
    assert asked == []
    assert window.session.con.execute("SELECT count(*) FROM partner").fetchone()[0] == 2
