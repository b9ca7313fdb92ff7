"""Retours on campaigns longer than a batch: the list shows its first rows while the rest
are read, and ends up listing every response, counted, searchable and sorted."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.models import Campaign, Response
from pexdesk.core.repositories import feedback
from pexdesk.ui.screens.feedback import FeedbackScreen
from pexdesk.ui.screens.list_screen import ListScreen
from tests.ui.helpers import (cell, click_row, click_title, column_titled, open_section, read,
                              selected, type_text)

RESPONSES = 230
FIRST_BATCH, BATCH = 20, 60


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    """Batches of a few rows, so that a few hundred responses take several."""
    monkeypatch.setattr(ListScreen, "first_batch", FIRST_BATCH)
    monkeypatch.setattr(ListScreen, "batch", BATCH)


def fill(con, name: str, first_day: date) -> tuple[Campaign, list[int]]:
    """A campaign of RESPONSES responses, dated in no particular order; every tenth says
    « Délais trop longs ». Returns it and the ids of those that say so."""
    campaign = feedback.create_campaign(con, Campaign(name=name, period_start=first_day),
                                        ["Accueil", "Délais"])
    welcome, _ = (item.id for item in feedback.items_of(con, campaign.id))
    slow = []
    with transaction(con):
        for n in range(RESPONSES):
            response = feedback.add_response(con, Response(
                campaign_id=campaign.id, responded_on=first_day + timedelta(days=n * 37 % 300),
                category_code="CAF" if n % 2 else "CCAS", department_code="32",
                overall_score=n % 5 + 1, comment="Délais trop longs." if n % 10 == 3 else "",
                answers={welcome: n % 5 + 1}))
            if response.comment:
                slow.append(response.id)
    return campaign, slow


@pytest.fixture
def campaigns(window):
    con = window.session.con
    return fill(con, "Enquête 2024", date(2024, 1, 8)), fill(con, "Enquête 2025",
                                                             date(2025, 1, 6))


def numbers(screen) -> list[int]:
    return [int(cell(screen, row, "N°")) for row in range(screen.proxy.rowCount())]


def ids_of(window, campaign) -> set[int]:
    return {r.id for r in feedback.responses_of(window.session.con, campaign.id)}


def test_a_campaign_longer_than_a_batch_shows_in_steps_and_is_listed_whole(
        window, qtbot, campaigns):
    (_, _), (latest, slow) = campaigns
    steps = []
    screen = window.show_screen("feedback")
    for signal in (screen.proxy.modelReset, screen.proxy.rowsInserted):
        signal.connect(lambda *_: steps.append((screen.proxy.rowCount(),
                                                read(screen.count_label.text()))))
    qtbot.waitUntil(lambda: screen.shown_data and not screen.loading)

    shown = [rows for rows, _ in steps if rows]
    assert shown[0] == FIRST_BATCH and shown[-1] == RESPONSES and len(shown) >= 4
    assert f"{FIRST_BATCH} réponses (chargement en cours…)" in [text for _, text in steps]
    assert read(screen.count_label.text()) == f"{RESPONSES} réponses"
    listed = numbers(screen)
    assert set(listed) == ids_of(window, latest)
    assert listed == sorted(listed, reverse=True)  # newest first, as the list opens
    assert screen.editor_title.text().startswith(f"Réponse n° {max(listed)} ")

    type_text(screen.search, "delais trop")
    assert sorted(numbers(screen)) == sorted(slow)
    assert read(screen.count_label.text()) == f"{len(slow)} sur {RESPONSES} réponses"


def test_a_list_sorted_by_date_is_in_date_order_once_all_batches_are_in(
        window, qtbot, campaigns):
    (earlier, _), (latest, _) = campaigns
    screen = open_section(window, qtbot, "feedback")
    header = screen.table.horizontalHeader()
    click_title(qtbot, screen, "Date")
    assert header.sortIndicatorSection() == column_titled(screen, "Date")

    with qtbot.waitSignal(screen.loaded):
        screen.campaign_combo.setCurrentIndex(screen.campaign_combo.findData(earlier.id))

    assert set(numbers(screen)) == ids_of(window, earlier)
    ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert days(screen) == sorted(days(screen), reverse=not ascending)
    assert read(screen.count_label.text()) == f"{RESPONSES} réponses"
    first = numbers(screen)[0]
    assert screen.editor_title.text().startswith(f"Réponse n° {first} ")
    type_text(screen.search, "caf")
    assert days(screen) == sorted(days(screen), reverse=not ascending)
    screen.search.clear()
    assert len(days(screen)) == RESPONSES
    assert days(screen) == sorted(days(screen), reverse=not ascending)


def days(screen) -> list[date]:
    return [date(*reversed([int(part) for part in cell(screen, row, "Date").split("/")]))
            for row in range(screen.proxy.rowCount())]


@pytest.fixture
def paused_after_first_batch(monkeypatch):
    """The loading thread stops once it has read the first batch, until the event is set:
    the list is then seen, and used, as it is while a long campaign loads."""
    go_on = threading.Event()
    fetch = FeedbackScreen.fetch

    def paused(screen, con):
        for read_so_far, row in enumerate(fetch(screen, con)):
            if read_so_far == FIRST_BATCH + 1:
                go_on.wait(10)
            yield row

    monkeypatch.setattr(FeedbackScreen, "fetch", paused)
    yield go_on
    go_on.set()


def test_rows_shown_early_can_be_searched_and_chosen_while_the_rest_loads(
        window, qtbot, campaigns, paused_after_first_batch):
    (_, _), (latest, slow) = campaigns
    screen = window.show_screen("feedback")
    qtbot.waitUntil(lambda: screen.proxy.rowCount() == FIRST_BATCH)
    assert screen.loading and not screen.shown_data
    assert read(screen.count_label.text()) == f"{FIRST_BATCH} réponses (chargement en cours…)"
    newest = max(ids_of(window, latest))
    assert screen.editor_title.text().startswith(f"Réponse n° {newest} ")

    type_text(screen.search, "delais")
    early = numbers(screen)
    assert len(early) >= 2 and set(early) < set(slow)
    assert read(screen.count_label.text()) == (
        f"{len(early)} sur {FIRST_BATCH} réponses (chargement en cours…)")
    chosen = early[1]
    click_row(qtbot, screen, str(chosen))
    assert screen.editor_title.text().startswith(f"Réponse n° {chosen} ")

    with qtbot.waitSignal(screen.loaded):
        paused_after_first_batch.set()

    assert sorted(numbers(screen)) == sorted(slow)
    assert read(screen.count_label.text()) == f"{len(slow)} sur {RESPONSES} réponses"
    assert selected(screen) == str(chosen)  # the user's choice, not the first row again
    assert screen.editor_title.text().startswith(f"Réponse n° {chosen} ")
    screen.search.clear()
    assert len(numbers(screen)) == RESPONSES


def test_questionnaires_saved_while_the_campaign_loads_show_at_once_and_are_listed_once(
        window, qtbot, campaigns, paused_after_first_batch):
    """The load read the base before them: once all rows are in, the corrected response
    reads as saved, and the new one is listed, first, selected — each exactly once."""
    (_, _), (latest, _) = campaigns
    screen = window.show_screen("feedback")
    qtbot.waitUntil(lambda: screen.proxy.rowCount() == FIRST_BATCH)
    corrected = numbers(screen)[1]
    click_row(qtbot, screen, str(corrected))
    score = "1" if cell(screen, 1, "Globale") != "1" else "2"
    overall = screen.editor.scores.overall
    overall.setFocus()
    type_text(overall, score)
    qtbot.keyClick(overall, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert screen.loading and cell(screen, 1, "Globale") == score

    qtbot.keyClick(screen.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    overall.setFocus()
    type_text(overall, "3")
    qtbot.keyClick(overall, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    new = max(ids_of(window, latest))
    assert screen.loading and numbers(screen)[0] == new and cell(screen, 0, "Globale") == "3"
    assert read(screen.count_label.text()) == f"{FIRST_BATCH + 1} réponses (chargement en cours…)"

    with qtbot.waitSignal(screen.loaded):
        paused_after_first_batch.set()
    listed = numbers(screen)
    assert len(listed) == len(set(listed)) == RESPONSES + 1
    assert set(listed) == ids_of(window, latest) and listed == sorted(listed, reverse=True)
    assert cell(screen, listed.index(corrected), "Globale") == score
    assert read(screen.count_label.text()) == f"{RESPONSES + 1} réponses"
    assert selected(screen) == str(new)
    assert screen.editor_title.text().startswith(f"Réponse n° {new} ")
