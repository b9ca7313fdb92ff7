"""A record gone from under its form: the form shows what the list shows, and changes typed
in it, which cannot be saved, are said lost (« Enregistrement supprimé ») when a purge took
it; the user's own Annuler or Rétablir takes them back first, once asked."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pexdesk.core.domain.models import Campaign, Partner, Response
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import feedback, partners
from tests.ui.helpers import (click_row, open_section, read, save_and_wait, selected, type_text,
                              wait_for_opening_backup)

NAMES = ("CCAS d'Auch", "CCAS de Condom", "Mairie d'Auch")


@pytest.fixture
def told(monkeypatch) -> list[tuple[str, str]]:
    """The information boxes shown: (title, text as read)."""
    shown = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(
        lambda parent, title, text, *rest: shown.append((title, read(text)))))
    return shown


@pytest.fixture
def confirmed(monkeypatch) -> None:
    """Every confirmation (a deletion, the purge) answered yes."""
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)


def partners_screen(window, qtbot):
    for name in NAMES:
        partners.save(window.session.con, Partner(name=name, category_code="CCAS"))
    return open_section(window, qtbot, "partners")


def shows(screen, title: str) -> bool:
    return (selected(screen) == screen.editor_title.text() == title
            and screen.editor.isEnabled() and not screen.editor.dirty)


def test_undoing_a_creation_takes_back_the_changes_typed_since_first(window, qtbot, told,
                                                                      confirmed):
    screen = partners_screen(window, qtbot)
    qtbot.keyClick(screen.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_text(screen.editor.name, "CAF du Gers")
    screen.editor.category.setCurrentIndex(screen.editor.category.findData("CAF"))
    save_and_wait(screen, qtbot)
    assert shows(screen, "CAF du Gers")  # first in the list
    type_text(screen.editor.territory, "Auch")

    window.undo_action.trigger()  # Édition → Annuler la saisie en cours, « Abandonner… »
    assert shows(screen, "CAF du Gers") and screen.editor.territory.text() == ""
    with qtbot.waitSignal(screen.loaded):
        window.undo_action.trigger()  # Édition → Annuler la création du partenaire
    assert told == []
    assert partners.find_by_name(window.session.con, "CAF du Gers") is None
    assert shows(screen, "CCAS d'Auch")  # the row now at its place


def test_redoing_a_deletion_takes_back_the_changes_typed_since_first(window, qtbot, told,
                                                                     confirmed):
    screen = partners_screen(window, qtbot)
    click_row(qtbot, screen, "CCAS de Condom")
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    with qtbot.waitSignal(screen.loaded):
        window.undo_action.trigger()
    assert shows(screen, "CCAS de Condom")
    type_text(screen.editor.territory, "Ténarèze")

    with qtbot.waitSignal(screen.loaded):
        window.redo_action.trigger()  # Rétablir la suppression…, « Abandonner et rétablir »
    assert told == []
    assert partners.find_by_name(window.session.con, "CCAS de Condom") is None
    assert shows(screen, "Mairie d'Auch")


def old_responses(window) -> None:
    """Two questionnaires of a 2015 survey: a purge keeping 3 years takes them."""
    con = window.session.con
    campaign = feedback.create_campaign(con, Campaign(name="Enquête 2015"),
                                        [(item.code, item.label) for item in ANIL_ITEMS])
    for category in ("CAF", "CCAS"):
        feedback.add_response(con, Response(campaign_id=campaign.id, category_code=category,
                                            department_code="32", overall_score=4,
                                            responded_on=date(2015, 3, 10)))


def purge(window, qtbot, screen) -> None:
    """Fichier → Purger les données anciennes…, at the 3 years it proposes."""
    wait_for_opening_backup(window, qtbot)
    window.safety.actions["purge"].trigger()
    dialog = window.safety.dialog
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(dialog.purge_button, Qt.MouseButton.LeftButton)
    dialog.close()


@pytest.mark.parametrize("typed", [False, True])
def test_responses_purged_while_shown_leave_the_empty_list(window, qtbot, told, confirmed,
                                                           typed):
    old_responses(window)
    screen = open_section(window, qtbot, "feedback")
    title = screen.editor_title.text()
    assert title.startswith("Réponse n° ") and screen.editor.isEnabled()
    if typed:
        type_text(screen.editor.comment, "Relancer la CAF")

    purge(window, qtbot, screen)
    assert feedback.responses_of(window.session.con, screen.campaign_id) == []
    assert told == ([("Enregistrement supprimé", f"L'enregistrement « {read(title)} » a été "
                      "supprimé de la base pendant que vous le modifiiez (par une purge ou un "
                      "import) : les modifications en cours ne peuvent pas être enregistrées.")]
                    if typed else [])
    # What was purged is no longer shown: the empty list, an empty greyed form.
    assert screen.empty_label.isVisible() and screen.empty_label.text() == screen.empty_hint
    assert not screen.editor.isEnabled() and screen.editor_title.text() == ""
    assert screen.editor.comment.toPlainText() == "" and not screen.editor.dirty
    assert not screen.delete_button.isEnabled() and not screen.duplicate_button.isEnabled()
