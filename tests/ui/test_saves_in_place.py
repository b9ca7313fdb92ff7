"""A save shows at once in the list: the record's row, read again alone, takes its place in
the sort and the filters, selected, and what is counted from the list follows — without the
list reading all its rows again (1.3 s for 100,000 responses)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from pexdesk.core.domain.models import Action, Campaign, Meeting, Partner, Response
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import feedback, meetings, partners, roadmap
from tests.ui.helpers import (cell, click_row, click_title, opened, read, selected, shown_at_once,
                              type_text)

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press ``key`` wherever the focus is, as the user does."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def listed(screen, title: str) -> list[str]:
    return [cell(screen, row, title) for row in range(screen.proxy.rowCount())]


# ---- Retours des partenaires


@pytest.fixture
def campaign(window):
    """Twelve responses: CAF and CCAS in turn, overall scores 1 to 5 and again."""
    con = window.session.con
    created = feedback.create_campaign(
        con, Campaign(name="Enquête 2025", consulted_count=20),
        [(item.code, item.label) for item in ANIL_ITEMS])
    for n in range(12):
        feedback.add_response(con, Response(
            campaign_id=created.id, category_code="CAF" if n % 2 else "CCAS",
            department_code="32", overall_score=n % 5 + 1, comment=f"Réponse {n + 1}"))
    return created


def test_a_corrected_response_moves_to_its_place_in_the_sort_and_stays_selected(
        window, qtbot, campaign, rows_read):
    screen = opened(window, qtbot, "feedback", rows_read)
    click_title(qtbot, screen, "Globale")
    assert listed(screen, "Globale") == sorted(listed(screen, "Globale"))
    first = cell(screen, 0, "N°")
    click_row(qtbot, screen, first)
    assert cell(screen, 0, "Globale") == "1"

    screen.editor.scores.overall.setFocus()
    type_text(screen.editor.scores.overall, "5")
    with shown_at_once(screen):
        press(qtbot, Qt.Key.Key_S, CTRL)

    scores = listed(screen, "Globale")
    assert scores == sorted(scores) and scores.count("1") == 2
    assert selected(screen) == first
    assert cell(screen, screen.table.currentIndex().row(), "Globale") == "5"
    assert screen.editor.scores.overall.text() == "5 – Très satisfait"
    assert not screen.editor.dirty and not screen.loading
    assert read(screen.count_label.text()) == "12 réponses"
    assert rows_read["response"] == 0


def test_questionnaires_keyed_in_a_row_show_at_once_counted_in_the_filters(
        window, qtbot, campaign, rows_read):
    screen = opened(window, qtbot, "feedback", rows_read)
    screen.category_filter.setCurrentIndex(screen.category_filter.findData("CAF"))
    assert screen.category_filter.currentText() == "CAF (6)"
    assert read(screen.count_label.text()) == "6 sur 12 réponses"

    press(qtbot, Qt.Key.Key_N, CTRL)
    for key in (Qt.Key.Key_Return, "caf", Qt.Key.Key_Return, Qt.Key.Key_Return,
                Qt.Key.Key_Return, "4", "4"):
        type_text(QApplication.focusWidget(), key) if isinstance(key, str) else press(
            qtbot, key)
    with shown_at_once(screen):
        press(qtbot, Qt.Key.Key_Return, CTRL)  # Ctrl+Entrée: saved, and the next one opens
    [newest] = [r.id for r in feedback.responses_of(window.session.con, campaign.id)][-1:]
    assert cell(screen, 0, "N°") == str(newest) and cell(screen, 0, "Globale") == "4"
    assert read(screen.count_label.text()) == "7 sur 13 réponses"
    assert screen.category_filter.currentText() == "CAF (7)"
    assert "taux de réponse 65" in screen.campaign_info.text()
    assert screen.editor.record_id is None and selected(screen) is None  # the next one

    screen.editor.category.lineEdit().selectAll()
    type_text(screen.editor.category.lineEdit(), "ccas")
    screen.editor.scores.overall.setFocus()
    type_text(screen.editor.scores.overall, "2")
    with shown_at_once(screen):
        press(qtbot, Qt.Key.Key_Return, CTRL)
    assert read(screen.count_label.text()) == "7 sur 14 réponses"  # the filter hides it
    assert screen.category_filter.itemText(
        screen.category_filter.findData("CCAS")) == "CCAS / CIAS (7)"
    assert "taux de réponse 70" in screen.campaign_info.text()
    assert rows_read["response"] == 0


def test_a_response_saved_out_of_the_filter_leaves_the_list_until_undone(
        window, qtbot, campaign, rows_read):
    screen = opened(window, qtbot, "feedback", rows_read)
    screen.category_filter.setCurrentIndex(screen.category_filter.findData("CAF"))
    chosen = cell(screen, 2, "N°")
    click_row(qtbot, screen, chosen)
    screen.editor.category.lineEdit().selectAll()
    type_text(screen.editor.category.lineEdit(), "ccas")

    with shown_at_once(screen):
        press(qtbot, Qt.Key.Key_S, CTRL)
    assert chosen not in listed(screen, "N°")
    assert read(screen.count_label.text()) == "5 sur 12 réponses"
    assert screen.category_filter.currentText() == "CAF (5)"
    assert selected(screen) == cell(screen, 0, "N°")  # the form follows the list
    assert screen.editor_title.text().startswith(f"Réponse n° {cell(screen, 0, 'N°')} ")

    with shown_at_once(screen):
        window.undo_action.trigger()
    assert chosen in listed(screen, "N°") and listed(screen, "N°") == sorted(
        listed(screen, "N°"), key=int, reverse=True)
    assert read(screen.count_label.text()) == "6 sur 12 réponses"
    assert screen.category_filter.currentText() == "CAF (6)"
    assert rows_read["response"] == 0


def test_a_response_deleted_then_brought_back_takes_its_place_again(
        window, qtbot, campaign, rows_read, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    screen = opened(window, qtbot, "feedback", rows_read)
    numbers = listed(screen, "N°")
    click_row(qtbot, screen, numbers[4])

    with shown_at_once(screen):
        press(qtbot, Qt.Key.Key_Delete)
    assert listed(screen, "N°") == numbers[:4] + numbers[5:]
    assert selected(screen) == numbers[5] and read(screen.count_label.text()) == "11 réponses"
    with shown_at_once(screen):
        press(qtbot, Qt.Key.Key_Z, CTRL)
    assert listed(screen, "N°") == numbers and selected(screen) == numbers[4]
    assert screen.editor_title.text().startswith(f"Réponse n° {numbers[4]} ")
    with shown_at_once(screen):
        press(qtbot, Qt.Key.Key_Y, CTRL)
    assert listed(screen, "N°") == numbers[:4] + numbers[5:]
    assert read(screen.count_label.text()) == "11 réponses"
    assert rows_read["response"] == 0


# ---- The other lists share it


def test_a_renamed_partner_moves_to_its_place_selected_and_titled(
        window, qtbot, rows_read):
    for name in ("CCAS d'Auch", "CCAS de Condom", "Mairie d'Auch"):
        partners.save(window.session.con, Partner(name=name, category_code="CCAS"))
    screen = opened(window, qtbot, "partners", rows_read)
    click_row(qtbot, screen, "CCAS d'Auch")
    screen.editor.name.selectAll()
    type_text(screen.editor.name, "Relais logement d'Auch")

    with shown_at_once(screen):
        press(qtbot, Qt.Key.Key_S, CTRL)
    assert listed(screen, "Organisation") == ["CCAS de Condom", "Mairie d'Auch",
                                              "Relais logement d'Auch"]
    assert selected(screen) == screen.editor_title.text() == "Relais logement d'Auch"
    assert rows_read["partner"] == 0


def test_an_action_due_earlier_moves_up_its_axis_and_its_band_counts_it_late(
        window, qtbot, rows_read):
    window.resize(1366, 740)  # the bands read whole
    axis = roadmap.axes(window.session.con)[0]
    for title, due in (("Charte", date(2030, 1, 1)), ("Diagnostic", date(2030, 6, 1)),
                       ("Formation", date(2031, 1, 1))):
        roadmap.save_action(window.session.con, Action(axis_id=axis.id, title=title,
                                                       status="EN_COURS", due_on=due))
    screen = opened(window, qtbot, "roadmap", rows_read)
    click_row(qtbot, screen, "Diagnostic")
    screen.editor.due_on.selectAll()
    type_text(screen.editor.due_on, "15/01/2020")

    with shown_at_once(screen):
        press(qtbot, Qt.Key.Key_S, CTRL)
    assert listed(screen, "Action") == ["Diagnostic", "Charte", "Formation"]
    assert selected(screen) == "Diagnostic"
    assert cell(screen, 0, "Statut") == "En cours – en retard"
    assert read(screen.table.band_texts(0)[1]) == "3 actions, dont 1 en retard"
    assert screen.late_label.text() == "1 en retard"
    assert rows_read["action"] == 0


def test_a_meeting_moved_to_another_year_is_offered_by_the_year_filter(
        window, qtbot, rows_read):
    for day in (date(2025, 3, 4), date(2025, 5, 6)):
        meetings.save(window.session.con, Meeting(held_on=day, kind="TECHNIQUE",
                                                  territory="Nord", dossiers_examined=4))
    screen = opened(window, qtbot, "meetings", rows_read)
    assert [screen.year_filter.itemText(i) for i in range(screen.year_filter.count())] == [
        "Toutes les années", "2025"]
    click_row(qtbot, screen, "06/05/2025")
    screen.editor.held_on.selectAll()
    type_text(screen.editor.held_on, "12/11/2024")

    with shown_at_once(screen):
        press(qtbot, Qt.Key.Key_S, CTRL)
    assert listed(screen, "Date") == ["04/03/2025", "12/11/2024"]
    assert selected(screen) == "12/11/2024"
    assert [screen.year_filter.itemText(i) for i in range(screen.year_filter.count())] == [
        "Toutes les années", "2025", "2024"]
    assert read(screen.overview.total.text()) == (
        "2025 : 1 réunion, 4 dossiers examinés, 0 avis émis.")
    assert rows_read["meeting"] == 0


def test_a_questionnaire_keyed_in_counts_on_the_dashboard(window, qtbot, campaign, rows_read):
    screen = opened(window, qtbot, "feedback", rows_read)
    press(qtbot, Qt.Key.Key_N, CTRL)
    type_text(screen.editor.responded_on, date.today().strftime("%d/%m/%Y"))
    type_text(screen.editor.category.lineEdit(), "caf")
    screen.editor.scores.overall.setFocus()
    type_text(screen.editor.scores.overall, "5")
    with shown_at_once(screen):
        press(qtbot, Qt.Key.Key_S, CTRL)

    press(qtbot, Qt.Key.Key_1, CTRL)  # Tableau de bord
    dashboard = window.screens["dashboard"]
    qtbot.waitUntil(lambda: dashboard.responses_figure.value == "13")  # the 12, and this one
    assert rows_read["response"] == 0
