"""« Questions… »: a campaign's items edited before any answer, each change undoable."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QListWidget, QPushButton

from pexdesk.core.domain.models import Campaign, Response
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import feedback
from tests.ui.helpers import open_section, read, type_text

LEFT = Qt.MouseButton.LeftButton
LOCKED = "La campagne a déjà des réponses : ses questions ne peuvent plus être modifiées"


@pytest.fixture
def campaign(window):
    return feedback.create_campaign(
        window.session.con, Campaign(name="Enquête 2025", period_start=date(2025, 3, 1)),
        [(item.code, item.label) for item in ANIL_ITEMS])


def labels(window, campaign) -> list[str]:
    return [item.label_text for item in feedback.items_of(window.session.con, campaign.id)]


def open_dialog(window, qtbot):
    screen = open_section(window, qtbot, "feedback")
    qtbot.mouseClick(screen.items_button, LEFT)
    dialog = screen.items_dialog
    qtbot.waitUntil(dialog.isVisible)
    return screen, dialog


def choose(dialog, row: int) -> None:
    dialog.view.selectionModel().setCurrentIndex(
        dialog.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)


def shown(dialog) -> list[str]:
    return [dialog.model.index(row).data() for row in range(dialog.model.rowCount())]


def test_add_rename_move_delete_then_undo(window, qtbot, campaign):
    anil = [item.label for item in ANIL_ITEMS]
    screen, dialog = open_dialog(window, qtbot)
    assert not dialog.findChildren(QListWidget)
    assert shown(dialog)[0] == f"1. {anil[0]}" and dialog.model.rowCount() == 7
    assert not dialog.locked_label.isVisible()
    assert not dialog.add_button.isEnabled()  # nothing typed yet

    # Ajouter, with accents typed key by key.
    type_text(dialog.label_edit, "Prévention des impayés")
    assert dialog.add_button.isEnabled()
    qtbot.mouseClick(dialog.add_button, LEFT)
    assert labels(window, campaign) == [*anil, "Prévention des impayés"]
    assert shown(dialog)[-1] == "8. Prévention des impayés"
    assert dialog.current_item().label_text == "Prévention des impayés"

    # The same label again: the core's French refusal is shown, nothing written.
    qtbot.mouseClick(dialog.add_button, LEFT)
    assert dialog.errors.isVisible()
    assert read(dialog.errors.text()) == ("La campagne contient déjà la question « Prévention des "
                                    "impayés ».")
    assert len(labels(window, campaign)) == 8

    # Renommer the chosen question.
    dialog.label_edit.clear()
    type_text(dialog.label_edit, "Prévention des impayés de loyer")
    qtbot.mouseClick(dialog.rename_button, LEFT)
    assert labels(window, campaign)[-1] == "Prévention des impayés de loyer"
    assert not dialog.errors.isVisible()

    # Monter: it becomes the 7th, the charter the 8th.
    qtbot.mouseClick(dialog.up_button, LEFT)
    assert labels(window, campaign)[-2:] == ["Prévention des impayés de loyer", anil[-1]]
    assert shown(dialog)[6] == "7. Prévention des impayés de loyer"
    assert dialog.current_item().label_text == "Prévention des impayés de loyer"
    positions = [i.position for i in feedback.items_of(window.session.con, campaign.id)]
    assert positions == list(range(1, 9))

    # Supprimer the first question.
    choose(dialog, 0)
    assert dialog.label_edit.text() == anil[0]
    assert not dialog.up_button.isEnabled() and dialog.down_button.isEnabled()
    qtbot.mouseClick(dialog.delete_button, LEFT)
    after_delete = [*anil[1:6], "Prévention des impayés de loyer", anil[6]]
    assert labels(window, campaign) == after_delete
    assert shown(dialog)[0] == f"1. {anil[1]}"

    # Closing the dialog: the entry form and the list's tooltip follow the new items.
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    form_labels = [item.label_text for item in screen._items]
    assert form_labels == after_delete
    assert len(screen.editor.scores.item_fields) == 7

    # Each change is one undo step: delete, move, rename, add.
    stack = window.undo_stack
    assert stack.undoText() == "la suppression d'une question"
    stack.undo()
    assert labels(window, campaign)[0] == anil[0]
    assert len(screen.editor.scores.item_fields) == 8
    stack.undo()
    assert labels(window, campaign)[-2:] == [anil[-1], "Prévention des impayés de loyer"]
    stack.undo()
    assert labels(window, campaign)[-1] == "Prévention des impayés"
    stack.undo()
    assert labels(window, campaign) == anil
    assert [f"{item.position}. {item.label_text}" for item in screen._items] == [
        f"{n}. {label}" for n, label in enumerate(anil, start=1)]
    stack.redo()
    assert labels(window, campaign) == [*anil, "Prévention des impayés"]
    assert screen.editor.scores.item_fields.keys() == {
        item.id for item in feedback.items_of(window.session.con, campaign.id)}


def test_undo_is_refused_rather_than_losing_responses(window, qtbot, campaign):
    screen, dialog = open_dialog(window, qtbot)
    type_text(dialog.label_edit, "Prévention des impayés")
    qtbot.mouseClick(dialog.add_button, LEFT)
    dialog.reject()
    # A response arrives outside the undo stack (an import).
    feedback.add_response(window.session.con, Response(
        campaign_id=campaign.id, category_code="CAF", department_code="32", overall_score=4))
    window.undo_stack.undo()
    assert len(feedback.responses_of(window.session.con, campaign.id)) == 1
    assert labels(window, campaign)[-1] == "Prévention des impayés"


def test_buttons_disabled_with_the_reason_once_answers_exist(window, qtbot, campaign):
    feedback.add_response(window.session.con, Response(
        campaign_id=campaign.id, category_code="CAF", department_code="32", overall_score=4))
    screen, dialog = open_dialog(window, qtbot)
    assert dialog.model.rowCount() == 7
    assert dialog.locked_label.isVisible()
    assert read(dialog.locked_label.text()).startswith(LOCKED)
    choose(dialog, 1)
    type_text(dialog.label_edit, "Autre")
    for button in (dialog.add_button, dialog.rename_button, dialog.up_button,
                   dialog.down_button, dialog.delete_button):
        assert isinstance(button, QPushButton) and not button.isEnabled()
    assert labels(window, campaign) == [item.label for item in ANIL_ITEMS]
