"""Retours des partenaires: paper questionnaires keyed in with the keyboard only."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pexdesk.core.domain.kinds import NOT_CONCERNED
from pexdesk.core.domain.models import Campaign, Partner, Response
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import feedback, meetings, partners
from pexdesk.ui.screens.feedback import ScoreField
from tests.ui.helpers import cell, column_titled, open_section, read, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def campaign(window):
    return feedback.create_campaign(
        window.session.con,
        Campaign(name="Enquête 2025", period_start=date(2025, 3, 1),
                 period_end=date(2025, 4, 15), consulted_count=20),
        [(item.code, item.label) for item in ANIL_ITEMS])


def item_ids(window, campaign) -> list[int]:
    return [item.id for item in feedback.items_of(window.session.con, campaign.id)]


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def keys(qtbot, sequence: list) -> None:
    """Press each key on whatever has the focus now, as a user's fingers would."""
    for key in sequence:
        if isinstance(key, str):
            type_text(focused(), key)
        else:
            qtbot.keyClick(focused(), key)


def save_and_next(screen, qtbot, key=Qt.Key.Key_Return) -> None:
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(focused(), key, CTRL)


def stored(window, campaign) -> list[Response]:
    return feedback.responses_of(window.session.con, campaign.id)


def test_whole_questionnaire_keyed_then_next_keeps_category_and_department(
        window, qtbot, campaign):
    screen = open_section(window, qtbot, "feedback")
    items = item_ids(window, campaign)
    editor = screen.editor
    qtbot.keyClick(screen.search, Qt.Key.Key_N, CTRL)
    assert focused() is editor.responded_on
    assert editor.department.code() == "32"  # the base's own département by default
    keys(qtbot, ["12/03/2025", Qt.Key.Key_Return,
                 "caf", Qt.Key.Key_Return,        # category, by type-ahead
                 Qt.Key.Key_Return,               # département: keep the default
                 Qt.Key.Key_Return])              # no partner: anonymous
    assert focused() is editor.scores.overall
    # Overall 4; items: 5, 3, N (non concerné), Entrée (sans réponse), 0 (non concerné), 2, 1.
    keys(qtbot, ["4", "5", "3", "N", Qt.Key.Key_Return, "0", "2", "1"])
    assert focused() is editor.comment
    keys(qtbot, ["Réunions utiles, délais à raccourcir."])
    save_and_next(screen, qtbot)

    [first] = stored(window, campaign)
    assert first.responded_on == date(2025, 3, 12)
    assert (first.category_code, first.department_code, first.partner_id) == ("CAF", "32", None)
    assert first.overall_score == 4
    assert first.answers == {items[0]: 5, items[1]: 3, items[2]: NOT_CONCERNED,
                             items[4]: NOT_CONCERNED, items[5]: 2, items[6]: 1}
    assert first.comment == "Réunions utiles, délais à raccourcir."
    assert first.origin == "SAISIE"

    # The next questionnaire is open, blank, with the same category and département,
    # and the cursor on the first score.
    assert editor.record_id is None
    assert (editor.category.code(), editor.department.code()) == ("CAF", "32")
    assert [field.value() for field in editor.scores.fields()] == [None] * 8
    assert editor.comment.value() == "" and editor.responded_on.text() == ""
    assert focused() is editor.scores.overall
    assert screen.proxy.rowCount() == 1
    assert screen.proxy.index(0, 5).data() == "5 3 NC – NC 2 1"

    keys(qtbot, ["2", "1", "1", "2", "n", "5", "5", "3"])
    save_and_next(screen, qtbot, Qt.Key.Key_Enter)  # the keypad's Entrée works too
    second = stored(window, campaign)[1]
    assert (second.category_code, second.department_code) == ("CAF", "32")
    assert second.overall_score == 2
    assert second.answers == {items[0]: 1, items[1]: 1, items[2]: 2, items[3]: NOT_CONCERNED,
                              items[4]: 5, items[5]: 5, items[6]: 3}
    assert screen.count_label.text() == "2 réponses"
    assert "taux de réponse 10" in screen.campaign_info.text()


def test_score_fields_refuse_other_keys_and_clear_on_backspace(window, qtbot, campaign):
    screen = open_section(window, qtbot, "feedback")
    screen.new_record()
    editor = screen.editor
    first_item = editor.scores.fields()[1]
    first_item.setFocus()
    for key in ("a", "7", "9", "-", " ", "x", "é"):
        type_text(first_item, key)
    qtbot.keyClick(first_item, Qt.Key.Key_V, CTRL)
    assert first_item.value() is None and first_item.text() == ""
    assert focused() is first_item
    type_text(first_item, "3")
    assert first_item.value() == 3 and first_item.text() == "3 – Ni satisfait ni insatisfait"
    assert focused() is editor.scores.fields()[2]
    qtbot.keyClick(first_item, Qt.Key.Key_Backspace)
    assert first_item.value() is None
    qtbot.keyClick(first_item, Qt.Key.Key_N)
    assert first_item.text() == "NC – Non concerné"
    qtbot.keyClick(first_item, Qt.Key.Key_Delete)  # clears the score, not the record
    assert first_item.value() is None
    # The overall score has no « non concerné »: N is refused there.
    overall = editor.scores.overall
    overall.setFocus()
    qtbot.keyClick(overall, Qt.Key.Key_N)
    type_text(overall, "0")
    assert overall.value() is None and focused() is overall


def test_invalid_entry_saves_nothing_and_says_why(window, qtbot, campaign):
    screen = open_section(window, qtbot, "feedback")
    qtbot.keyClick(screen.search, Qt.Key.Key_N, CTRL)
    editor = screen.editor
    keys(qtbot, ["31/02/2025", Qt.Key.Key_Return, Qt.Key.Key_Return, Qt.Key.Key_Return,
                 Qt.Key.Key_Return, "4", "4", "5"])
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    errors = editor.form._errors
    assert read(errors["category_code"].text()) == "« Catégorie de partenaire » est obligatoire."
    assert read(errors["responded_on"].text()) == (
        "« 31/02/2025 » n'est pas une date valide (jj/mm/aaaa).")
    assert "Rien n'a été enregistré" in editor.form.general_errors.text()
    assert window.session.con.execute("SELECT count(*) FROM response").fetchone()[0] == 0
    assert window.session.con.execute("SELECT count(*) FROM answer").fetchone()[0] == 0
    # The form keeps what was typed, so only the mistakes need retyping.
    assert editor.scores.overall.value() == 4 and editor.dirty
    # A word naming no category is not guessed.
    type_text(editor.category.lineEdit(), "Voisinage")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert read(errors["category_code"].text()) == (
        "« Catégorie de partenaire » : valeur inconnue « Voisinage ».")
    assert window.session.con.execute("SELECT count(*) FROM response").fetchone()[0] == 0


def test_undo_removes_the_last_response_with_its_answers(window, qtbot, campaign):
    screen = open_section(window, qtbot, "feedback")
    qtbot.keyClick(screen.search, Qt.Key.Key_N, CTRL)
    keys(qtbot, [Qt.Key.Key_Return, "mairie", Qt.Key.Key_Return, Qt.Key.Key_Return,
                 Qt.Key.Key_Return, "5", "5", "4"])
    save_and_next(screen, qtbot)
    keys(qtbot, ["3", "2", "2", "2"])
    save_and_next(screen, qtbot)
    con = window.session.con
    assert [r.overall_score for r in stored(window, campaign)] == [5, 3]
    assert stored(window, campaign)[0].category_code == "COMMUNE"
    assert con.execute("SELECT count(*) FROM answer").fetchone()[0] == 5
    # The blank form opened by Ctrl+Entrée does not stand in the way (no question asked).
    with qtbot.waitSignal(screen.loaded):
        window.undo_action.trigger()
    assert [r.overall_score for r in stored(window, campaign)] == [5]
    assert con.execute("SELECT count(*) FROM answer").fetchone()[0] == 2
    assert screen.count_label.text() == "1 réponse"
    with qtbot.waitSignal(screen.loaded):
        window.redo_action.trigger()
    assert [r.overall_score for r in stored(window, campaign)] == [5, 3]


def test_correcting_a_stored_response_replaces_its_answers(window, qtbot, campaign):
    items = item_ids(window, campaign)
    con = window.session.con
    response = feedback.add_response(con, Response(
        campaign_id=campaign.id, category_code="CCAS", department_code="32", overall_score=2,
        answers={items[0]: 2, items[1]: NOT_CONCERNED}))
    screen = open_section(window, qtbot, "feedback")
    editor = screen.editor
    assert editor.record_id == response.id
    assert editor.scores.fields()[2].text() == "NC – Non concerné"
    editor.scores.fields()[2].setFocus()
    keys(qtbot, ["4"])
    qtbot.keyClick(editor.scores.fields()[1], Qt.Key.Key_Backspace)
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    [corrected] = stored(window, campaign)
    assert corrected.id == response.id and corrected.uuid == response.uuid
    assert corrected.answers == {items[1]: 4}
    with qtbot.waitSignal(screen.loaded):
        window.undo_action.trigger()
    assert stored(window, campaign)[0].answers == {items[0]: 2, items[1]: NOT_CONCERNED}


def test_campaign_created_from_the_empty_state(window, qtbot):
    screen = open_section(window, qtbot, "feedback")
    con = window.session.con
    assert screen.pages.currentIndex() == 0
    assert "Aucune campagne" in screen.no_campaign_label.text()
    qtbot.mouseClick(screen.no_campaign_button, Qt.MouseButton.LeftButton)
    dialog = screen.campaign_dialog
    assert dialog.isVisible()
    dialog.name.clear()
    qtbot.keyClicks(dialog.period_start, "15/04/2025")
    qtbot.keyClicks(dialog.period_end, "01/03/2025")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert read(dialog.form._errors["name"].text()) == "« Nom de la campagne » est obligatoire."
    assert "Fin de la collecte" in dialog.form._errors["period_end"].text()
    assert con.execute("SELECT count(*) FROM campaign").fetchone()[0] == 0

    type_text(dialog.name, "Enquête partenaires 2025")
    dialog.period_start.clear()
    qtbot.keyClicks(dialog.period_start, "01/03/2025")
    dialog.period_end.clear()
    qtbot.keyClicks(dialog.period_end, "15/04/2025")
    dialog.consulted.lineEdit().selectAll()
    qtbot.keyClicks(dialog.consulted.lineEdit(), "24")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    [created] = feedback.campaigns(con)
    assert (created.name, created.period_start, created.period_end, created.consulted_count) == (
        "Enquête partenaires 2025", date(2025, 3, 1), date(2025, 4, 15), 24)
    items = feedback.items_of(con, created.id)
    assert [(i.code, i.label_text) for i in items] == [(i.code, i.label) for i in ANIL_ITEMS]
    assert screen.pages.currentIndex() == 1
    assert screen.campaign_combo.currentText() == "Enquête partenaires 2025"
    assert len(screen.editor.scores.item_fields) == len(ANIL_ITEMS)
    qtbot.waitUntil(lambda: "Aucune réponse" in screen.empty_label.text())

    # The same name twice is refused in French, inside the dialog.
    screen.new_campaign()
    again = screen.campaign_dialog
    again.name.setText("enquête PARTENAIRES 2025")
    qtbot.mouseClick(again.ok_button, Qt.MouseButton.LeftButton)
    assert read(again.form._errors["name"].text()) == (
        "Une campagne porte déjà le nom « enquête PARTENAIRES 2025 ».")
    again.reject()
    assert len(feedback.campaigns(con)) == 1

    window.undo_action.trigger()
    assert feedback.campaigns(con) == []
    assert screen.pages.currentIndex() == 0


def test_ctrl_n_without_any_campaign_opens_the_new_campaign_dialog(window, qtbot):
    screen = open_section(window, qtbot, "feedback")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert screen.campaign_dialog.isVisible()
    screen.campaign_dialog.reject()


def test_search_and_filters(window, qtbot, campaign):
    con = window.session.con
    for category, department, comment in (
            ("CAF", "32", ""), ("CAF", "32", "Très disponible."), ("CAF", "31", ""),
            ("COMMUNE", "32", "Réunions trop espacées."), ("COMMUNE", "32", ""),
            ("BAILSOC", "32", "")):
        feedback.add_response(con, Response(campaign_id=campaign.id, category_code=category,
                                            department_code=department, overall_score=4,
                                            comment=comment))
    screen = open_section(window, qtbot, "feedback")
    assert screen.proxy.rowCount() == 6
    screen.category_filter.setCurrentIndex(screen.category_filter.findData("CAF"))
    assert screen.category_filter.currentText() == "CAF (3)"
    assert screen.proxy.rowCount() == 3
    screen.department_filter.setCurrentIndex(screen.department_filter.findData("31"))
    assert screen.proxy.rowCount() == 1
    assert screen.count_label.text() == "1 sur 6 réponses"
    screen.category_filter.setCurrentIndex(0)
    screen.department_filter.setCurrentIndex(0)
    qtbot.keyClicks(screen.search, "espacees")
    assert screen.proxy.rowCount() == 1
    assert screen.proxy.index(0, 2).data() == "Commune / maire"
    screen.search.clear()
    qtbot.keyClicks(screen.search, "haute-garonne")  # a département's name finds its code
    assert screen.proxy.rowCount() == 1


def test_loading_another_campaign_shows_only_its_responses(window, qtbot, campaign):
    con = window.session.con
    other = feedback.create_campaign(con, Campaign(name="Enquête 2024",
                                                   period_start=date(2024, 3, 1)),
                                     ["Une seule question"])
    feedback.add_response(con, Response(campaign_id=other.id, category_code="CAF",
                                        department_code="32"))
    screen = open_section(window, qtbot, "feedback")
    assert screen.campaign_combo.currentText() == "Enquête 2025"  # the latest first
    assert screen.proxy.rowCount() == 0
    with qtbot.waitSignal(screen.loaded):
        screen.campaign_combo.setCurrentIndex(screen.campaign_combo.findData(other.id))
    assert screen.proxy.rowCount() == 1
    assert len(screen.editor.scores.item_fields) == 1


def test_score_field_alone_accepts_one_key_and_moves_on(qtbot):
    field = ScoreField()
    qtbot.addWidget(field)
    with qtbot.waitSignal(field.advance):
        QTest.keyClicks(field, "5")
    assert field.value() == 5 and field.text() == "5 – Très satisfait"


def test_the_list_and_form_take_the_height_left_under_the_campaign_bars(window, qtbot,
                                                                        campaign):
    """The bars above keep their own height: the list and form had a 250 px gap above and
    below them."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QSplitter
    window.resize(1366, 768)
    screen = open_section(window, qtbot, "feedback")
    assert screen.pages.currentWidget() is screen.with_campaign
    splitter = screen.with_campaign.findChild(QSplitter)
    buttons_bottom = screen.import_button.mapTo(screen.with_campaign, QPoint(0, 0)).y() \
        + screen.import_button.height()
    gap = splitter.mapTo(screen.with_campaign, QPoint(0, 0)).y() - buttons_bottom
    assert gap <= screen.with_campaign.layout().spacing() + 12


def test_more_responses_than_partners_solicited_gives_no_rate(window, qtbot):
    con = window.session.con
    campaign = feedback.create_campaign(con, Campaign(name="Enquête 2026", consulted_count=1),
                                        [(item.code, item.label) for item in ANIL_ITEMS])
    for score in (4, 5):
        feedback.add_response(con, Response(campaign_id=campaign.id, category_code="CAF",
                                            department_code="32", overall_score=score))
    screen = open_section(window, qtbot, "feedback")
    qtbot.waitUntil(lambda: screen.count_label.text() == "2 réponses")
    assert read(screen.campaign_info.text()) == (
        "1 partenaire sollicité, taux de réponse non calculable : plus de réponses (2) que de "
        "partenaires sollicités")


def test_a_second_ctrl_entree_on_the_blank_form_saves_no_empty_questionnaire(window, qtbot,
                                                                            campaign):
    screen = open_section(window, qtbot, "feedback")
    qtbot.keyClick(screen.search, Qt.Key.Key_N, CTRL)
    type_text(screen.editor.category.lineEdit(), "CAF")
    screen.editor.scores.overall.setFocus()
    keys(qtbot, ["4"])
    save_and_next(screen, qtbot)
    assert len(stored(window, campaign)) == 1
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)  # pressed twice
    assert len(stored(window, campaign)) == 1
    assert "Questionnaire vide : tapez au moins une note ou un commentaire." in read(
        screen.editor.form.general_errors.text())


def test_a_long_comment_is_cut_at_a_word_in_the_list_and_whole_in_its_tooltip(
        window, qtbot, campaign):
    comment = ("Les réunions de la CCAPEX sont utiles,\nmais les délais entre deux séances "
               "restent trop longs pour les ménages menacés d'expulsion.")
    feedback.add_response(window.session.con, Response(
        campaign_id=campaign.id, category_code="CAF", department_code="32", comment=comment))
    screen = open_section(window, qtbot, "feedback")
    shown = cell(screen, 0, "Commentaire")
    assert shown == "Les réunions de la CCAPEX sont utiles, mais les délais entre deux séances…"
    column = screen.proxy.index(0, column_titled(screen, "Commentaire"))
    assert column.data(Qt.ItemDataRole.ToolTipRole) == comment


@pytest.fixture
def two_partners(window):
    con = window.session.con
    return (partners.save(con, Partner(name="Caisse d'allocations familiales du Gers",
                                       category_code="CAF")),
            partners.save(con, Partner(name="CCAS d'Auch", category_code="CCAS")))


def test_a_partner_typed_in_a_questionnaire_is_linked_and_gives_its_category(
        window, qtbot, campaign, two_partners, monkeypatch):
    """The partners' names are read off the UI thread (10,000 of them took 75 ms there);
    typing one still completes it, and Entrée links it, fills the empty category and
    moves on to the scores."""
    caf, _ = two_partners
    threads = []
    read = meetings.partner_choices
    monkeypatch.setattr(meetings, "partner_choices", lambda con: (
        threads.append(threading.current_thread()), read(con))[1])
    screen = open_section(window, qtbot, "feedback")
    editor = screen.editor
    qtbot.waitUntil(lambda: editor.partner.count() == 3)
    assert threads and threading.main_thread() not in threads

    qtbot.keyClick(screen.search, Qt.Key.Key_N, CTRL)
    keys(qtbot, [Qt.Key.Key_Return, Qt.Key.Key_Return, Qt.Key.Key_Return, "caisse"])
    assert editor.partner.currentText() == "caisse d'allocations familiales du Gers"
    keys(qtbot, [Qt.Key.Key_Return])
    assert editor.partner.currentText() == "Caisse d'allocations familiales du Gers"
    assert editor.category.currentText() == "CAF" and focused() is editor.scores.overall
    keys(qtbot, ["4"])
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    [saved] = stored(window, campaign)
    assert (saved.partner_id, saved.category_code) == (caf.id, "CAF")
    assert editor.partner.currentText() == "Caisse d'allocations familiales du Gers"


def opened_without_names(window, qtbot):
    """Retours shown with its rows, the partners' names still on their way."""
    screen = window.show_screen("feedback")
    qtbot.waitUntil(lambda: screen.shown_data and not screen.loading)
    return screen


def test_a_response_shown_before_the_partner_names_came_in_shows_its_partner_with_them(
        window, qtbot, campaign, two_partners, names_held):
    caf, _ = two_partners
    feedback.add_response(window.session.con, Response(
        campaign_id=campaign.id, category_code="CAF", department_code="32", overall_score=4,
        partner_id=caf.id))
    screen = opened_without_names(window, qtbot)
    editor = screen.editor
    assert editor.record_id is not None
    assert editor.partner.count() <= 1 and editor.partner.currentText() == ""

    names_held.set()
    qtbot.waitUntil(lambda: editor.partner.count() == 3)
    assert editor.partner.currentText() == "Caisse d'allocations familiales du Gers"
    assert not editor.dirty


def test_a_questionnaire_saved_before_the_partner_names_came_in_links_the_partner_typed(
        window, qtbot, campaign, two_partners, names_held):
    _, ccas = two_partners
    screen = opened_without_names(window, qtbot)
    editor = screen.editor
    qtbot.keyClick(screen.search, Qt.Key.Key_N, CTRL)
    type_text(editor.category.lineEdit(), "ccas")
    type_text(editor.partner.lineEdit(), "ccas d'auch")
    editor.scores.overall.setFocus()
    keys(qtbot, ["3"])
    assert editor.partner.count() <= 1  # still on their way
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    assert [r.partner_id for r in stored(window, campaign)] == [ccas.id]
    assert editor.partner.currentText() == "CCAS d'Auch"
