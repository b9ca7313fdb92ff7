"""Réunions CCAPEX → « Suites à donner »: every meeting's follow-ups in one list, ticked done
there, undone with Ctrl+Z, each leading to its meeting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import FollowUp, Meeting, Partner
from pexdesk.core.repositories import meetings, partners
from pexdesk.ui.late import LATE_BRUSH
from tests.ui.conftest import shown_read_only, shown_window
from tests.ui.helpers import (click_row, form_cell, open_section, press, read, selected,
                              type_text)
from tests.ui.test_mnemonics import assert_one_place_per_letter

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
TODAY = date.today()
SOUS_CCAPEX_DAY = TODAY - timedelta(days=40)
TECHNIQUE_DAY = TODAY - timedelta(days=10)


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


@pytest.fixture
def followups_base(base_path):
    """A sous-CCAPEX with a late follow-up, an open one and a done one; a commission
    technique with an open one without due date."""
    with Base.open(base_path) as base:
        con = base.con
        caf = partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
        office = partners.save(con, Partner(name="Gers Habitat", category_code="BAILSOC"))
        meetings.save(con, Meeting(held_on=SOUS_CCAPEX_DAY, kind=MeetingKind.SOUS_CCAPEX,
                                   territory="Condom"), followups=[
            FollowUp(description="Relancer le bailleur sur le protocole",
                     owner_partner_id=office.id, due_on=TODAY - timedelta(days=1)),
            FollowUp(description="Écrire au préfet", due_on=TODAY),
            FollowUp(description="Diffuser le relevé", owner_partner_id=caf.id,
                     due_on=TODAY - timedelta(days=30), done=True)])
        meetings.save(con, Meeting(held_on=TECHNIQUE_DAY, kind=MeetingKind.TECHNIQUE),
                      followups=[FollowUp(description="Préparer le tableau de suivi",
                                          owner_partner_id=caf.id)])
    return base_path


@pytest.fixture
def window(qtbot, ui_settings, followups_base):
    with shown_window(qtbot, ui_settings, followups_base) as window:
        yield window


def shown(view) -> list[tuple[str, ...]]:
    """The list's rows as the user reads them, column by column."""
    model = view.proxy
    return [tuple(model.index(row, column).data() for column in range(model.columnCount()))
            for row in range(model.rowCount())]


def descriptions(view) -> list[str]:
    return [row[1] for row in shown(view)]


def open_tab_by_click(window, qtbot):
    screen = open_section(window, qtbot, "meetings")
    bar = screen.tabs.tabBar()
    tab = next(i for i in range(bar.count()) if bar.tabText(i) == "Sui&tes à donner")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
    assert screen.tabs.currentWidget() is screen.followups
    assert not screen.editor_area.isVisible()  # the follow-ups get the whole width
    return screen, screen.followups


def choose(qtbot, view, description: str) -> None:
    """Click the follow-up's row."""
    row = descriptions(view).index(description)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualRect(view.proxy.index(row, 1)).center())


def open_count(screen, held_on: date) -> str:
    """The meetings list's « Suites ouvertes » of the meeting held on ``held_on``."""
    model = screen.proxy
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == day(held_on))
    return model.index(row, titles.index("Suites ouvertes")).data()


def done_in_base(window, description: str) -> bool:
    return bool(window.session.con.execute(
        "SELECT done FROM meeting_followup WHERE description = ?", (description,)).fetchone()[0])


def test_ctrl_3_then_alt_t_shows_the_open_follow_ups_soonest_due_first(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    screen = open_section(window, qtbot, "meetings")
    assert screen.tabs.currentIndex() == 0
    press(qtbot, window, Qt.Key.Key_T, ALT)
    view = screen.followups
    qtbot.waitUntil(lambda: view.isVisible())
    assert view.state_filter.currentText() == "Ouvertes"
    assert shown(view) == [
        (day(TODAY - timedelta(days=1)), "Relancer le bailleur sur le protocole", "Gers Habitat",
         f"{day(SOUS_CCAPEX_DAY)} – Sous-CCAPEX", "en retard"),
        (day(TODAY), "Écrire au préfet", "—", f"{day(SOUS_CCAPEX_DAY)} – Sous-CCAPEX",
         "ouverte"),
        ("", "Préparer le tableau de suivi", "CAF du Gers",
         f"{day(TECHNIQUE_DAY)} – Commission technique", "ouverte")]
    late = view.proxy.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert late == LATE_BRUSH and view.proxy.index(1, 0).data(
        Qt.ItemDataRole.BackgroundRole) is None
    assert view.proxy.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == (
        f"{day(SOUS_CCAPEX_DAY)} – Sous-CCAPEX – Condom")
    assert view.count_label.text() == "3 suites ouvertes, dont 1 en retard"
    assert_one_place_per_letter(window, screen)
    assert QApplication.focusWidget() is view.table  # Espace ticks the first one at once
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(shown(view)) == 2)
    assert done_in_base(window, "Relancer le bailleur sur le protocole")
    assert view.count_label.text() == "2 suites ouvertes"


def test_the_demo_lists_exactly_its_open_follow_ups(qtbot, ui_settings, demo_base):
    with shown_window(qtbot, ui_settings, demo_base) as window:
        screen, view = open_tab_by_click(window, qtbot)
        rows = meetings.followup_rows(window.session.con, date.today())
        still_open = [row for row in rows if not row.done]
        late = [row for row in still_open if row.late]
        assert late and len(still_open) > len(late) and len(rows) > len(still_open)
        assert view.model.visible_rows() == still_open
        assert view.count_label.text() == (
            f"{len(still_open)} suites ouvertes, dont {len(late)} en retard")
        qtbot.keyClicks(view.state_filter, "E")  # « En retard », as typed in the closed box
        assert view.model.visible_rows() == late
        assert view.count_label.text().endswith(
            f" — {len(late)} suite{'s' if len(late) > 1 else ''} affichée"
            f"{'s' if len(late) > 1 else ''}")


def test_search_as_you_type_narrows_the_list(window, qtbot):
    screen, view = open_tab_by_click(window, qtbot)
    type_text(view.search, "habitat")  # the owner's name
    assert descriptions(view) == ["Relancer le bailleur sur le protocole"]
    view.search.clear()
    type_text(view.search, "technique")  # the meeting
    assert descriptions(view) == ["Préparer le tableau de suivi"]
    assert view.count_label.text() == "3 suites ouvertes, dont 1 en retard — 1 suite affichée"
    type_text(view.search, " zzz")
    assert view.empty_label.isVisible()
    assert view.empty_label.text() == "Aucune suite ne correspond à cette recherche."


def test_marking_one_done_takes_it_off_the_open_ones_and_ctrl_z_brings_it_back(window, qtbot):
    screen, view = open_tab_by_click(window, qtbot)
    assert open_count(screen, SOUS_CCAPEX_DAY) == "2"
    choose(qtbot, view, "Écrire au préfet")
    assert view.done_button.text() == "Mar&quer comme faite"
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Écrire au préfet" not in descriptions(view))
    assert view.count_label.text() == "2 suites ouvertes, dont 1 en retard"
    assert open_count(screen, SOUS_CCAPEX_DAY) == "1"
    assert done_in_base(window, "Écrire au préfet")
    assert window.undo_action.iconText() == "Annuler le marquage d'une suite comme faite"
    # The row that took its place is the one selected: Espace goes on down the list.
    assert view.current_row().description == "Préparer le tableau de suivi"

    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: "Écrire au préfet" in descriptions(view))
    assert not done_in_base(window, "Écrire au préfet")
    assert open_count(screen, SOUS_CCAPEX_DAY) == "2"
    assert view.count_label.text() == "3 suites ouvertes, dont 1 en retard"
    qtbot.keyClick(window, Qt.Key.Key_Y, CTRL)
    qtbot.waitUntil(lambda: "Écrire au préfet" not in descriptions(view))
    assert done_in_base(window, "Écrire au préfet")


def test_espace_reopens_a_done_one_and_the_open_meeting_form_follows(window, qtbot):
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, day(SOUS_CCAPEX_DAY))
    form = screen.editor.followups_model
    done_shown = {form.index(r, 0).data():
                  form_cell(form, r, "Fait").data(Qt.ItemDataRole.CheckStateRole)
                  for r in range(form.rowCount())}
    assert done_shown["Diffuser le relevé"] == Qt.CheckState.Checked
    screen, view = open_tab_by_click(window, qtbot)
    view.state_filter.setCurrentIndex(view.state_filter.findText("Faites"))
    assert shown(view)[0][1:] == ("Diffuser le relevé", "CAF du Gers",
                                  f"{day(SOUS_CCAPEX_DAY)} – Sous-CCAPEX", "faite")
    assert view.done_button.text() == "Rou&vrir"
    assert_one_place_per_letter(window, screen)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 0)
    assert read(view.empty_label.text()) == (
        "Aucune suite faite pour l'instant : 4 suites enregistrées, toutes encore à faire.")
    assert not done_in_base(window, "Diffuser le relevé")
    assert open_count(screen, SOUS_CCAPEX_DAY) == "3"
    assert form_cell(form, 2, "Fait").data(Qt.ItemDataRole.CheckStateRole) \
        == Qt.CheckState.Unchecked
    assert not screen.editor.dirty
    assert window.undo_action.iconText() == "Annuler la réouverture d'une suite"


def test_unsaved_changes_of_that_meeting_are_asked_about_first(window, qtbot, monkeypatch):
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, day(SOUS_CCAPEX_DAY))
    type_text(screen.editor.place, "Mairie de Condom")
    asked = []

    def answer(button):
        def question(parent, title, text, *rest):
            asked.append(read(text))
            return button
        monkeypatch.setattr(QMessageBox, "question", staticmethod(question))

    screen, view = open_tab_by_click(window, qtbot)
    choose(qtbot, view, "Écrire au préfet")
    answer(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
    assert asked == [f"Le formulaire « Sous-CCAPEX du {day(SOUS_CCAPEX_DAY)} » contient des "
                     "modifications non enregistrées. Voulez-vous les enregistrer ?"]
    assert not done_in_base(window, "Écrire au préfet")
    assert screen.editor.dirty and screen.editor.place.text() == "Mairie de Condom"

    answer(QMessageBox.StandardButton.Save)
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Écrire au préfet" not in descriptions(view))
    assert done_in_base(window, "Écrire au préfet")  # not saved over by the form
    assert window.session.con.execute("SELECT place FROM meeting WHERE held_on = ?", (
        SOUS_CCAPEX_DAY.isoformat(),)).fetchone()[0] == "Mairie de Condom"
    assert not screen.editor.dirty and len(asked) == 2


def test_unsaved_changes_of_another_meeting_stay_as_typed(window, qtbot):
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, day(TECHNIQUE_DAY))
    type_text(screen.editor.place, "Préfecture")
    screen, view = open_tab_by_click(window, qtbot)
    choose(qtbot, view, "Écrire au préfet")
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)  # no question asked
    qtbot.waitUntil(lambda: "Écrire au préfet" not in descriptions(view))
    assert screen.editor.dirty and screen.editor.place.text() == "Préfecture"
    assert screen.editor_title.text() == f"Commission technique du {day(TECHNIQUE_DAY)}"


def test_a_double_click_opens_the_meeting_with_its_form(window, qtbot):
    screen = open_section(window, qtbot, "meetings")
    type_text(screen.search, "technique")  # the list hides the sous-CCAPEX
    screen, view = open_tab_by_click(window, qtbot)
    row = descriptions(view).index("Écrire au préfet")
    where = view.table.visualRect(view.proxy.index(row, 1)).center()
    # A double click as the desktop sends it: QTest's alone is its second click only.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: screen.tabs.currentIndex() == 0)
    assert screen.search.text() == ""
    assert selected(screen) == day(SOUS_CCAPEX_DAY)
    assert screen.editor_title.text() == f"Sous-CCAPEX du {day(SOUS_CCAPEX_DAY)}"
    assert screen.editor_area.isVisible()
    assert QApplication.focusWidget() is screen.table


def test_entree_opens_the_meeting_too(window, qtbot):
    screen, view = open_tab_by_click(window, qtbot)
    choose(qtbot, view, "Préparer le tableau de suivi")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.tabs.currentIndex() == 0)
    assert screen.editor_title.text() == f"Commission technique du {day(TECHNIQUE_DAY)}"


def test_ctrl_n_from_the_follow_ups_shows_the_new_meeting_form(window, qtbot):
    screen, view = open_tab_by_click(window, qtbot)
    qtbot.keyClick(view.table, Qt.Key.Key_N, CTRL)
    assert screen.tabs.currentIndex() == 0 and screen.editor_area.isVisible()
    assert screen.editor_title.text() == "Nouvelle réunion"


def test_tab_goes_from_the_search_to_the_filter_the_list_and_the_button(window, qtbot):
    screen, view = open_tab_by_click(window, qtbot)
    view.search.setFocus()
    reached = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached == [view.state_filter, view.table, view.done_button]
    assert [read(w.accessibleName()) for w in (view.search, view.state_filter, view.table)] == [
        "Rechercher dans les suites à donner", "Filtrer les suites par état",
        "Liste : suites à donner"]
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is view.search


def test_an_empty_list_says_why(window, qtbot):
    con = window.session.con
    con.execute("UPDATE meeting_followup SET done = 1")
    screen, view = open_tab_by_click(window, qtbot)
    assert view.empty_label.isVisible()
    assert read(view.empty_label.text()) == (
        "Aucune suite ouverte : 4 suites enregistrées, toutes faites. Le filtre « Faites » "
        "les montre.")
    assert view.count_label.text() == "0 suite ouverte"
    con.execute("DELETE FROM meeting_followup")
    view.refresh()
    assert view.empty_label.text().startswith("Aucune suite à donner enregistrée.")


def test_on_a_read_only_base_nothing_can_be_ticked(qtbot, ui_settings, followups_base):
    with shown_read_only(qtbot, ui_settings, followups_base) as window:
        screen, view = open_tab_by_click(window, qtbot)
        assert descriptions(view)  # shown all the same
        assert not view.done_button.isEnabled()
        view.table.setFocus()
        qtbot.keyClick(view.table, Qt.Key.Key_Space)
        assert read(window.safety.banners.read_only.text()).startswith(
            "Lecture seule : la base est ouverte par pexdesk")
        assert window.safety.banners.read_only.isVisible()
        assert not done_in_base(window, "Relancer le bailleur sur le protocole")
        assert len(descriptions(view)) == 3


def test_the_dashboard_counts_the_open_ones_and_leads_to_them(window, qtbot):
    dashboard = window.show_screen("dashboard")
    qtbot.waitUntil(lambda: dashboard.current is not None)
    line = dashboard.followups_line
    assert read(line.text()) == "À ce jour : 3 suites à donner ouvertes, dont 1 en retard"
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    screen = window.current_screen()
    assert screen is window.screens["meetings"]
    qtbot.waitUntil(lambda: screen.followups.isVisible())
    assert screen.followups.state_filter.currentText() == "Ouvertes"
    assert len(descriptions(screen.followups)) == 3
    choose(qtbot, screen.followups, "Écrire au préfet")
    qtbot.mouseClick(screen.followups.done_button, Qt.MouseButton.LeftButton)
    window.show_screen("dashboard")
    qtbot.waitUntil(lambda: read(line.text()) == (
        "À ce jour : 2 suites à donner ouvertes, dont 1 en retard"))
