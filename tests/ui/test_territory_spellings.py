"""One spelling per territory, as the user meets it: the meeting's Territoire and Lieu and
the partner's Territoire offer the spellings in use as they are typed, and a territory
saved under another spelling is stored as the base spells it, which the form says."""

from __future__ import annotations

import html
import re
import threading
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import Meeting, Partner
from pexdesk.core.repositories import mapper, meetings, partners
from pexdesk.ui import spelling_field
from pexdesk.ui.spelling_field import SpellingsInUse
from pexdesk.ui.territory_dialog import TerritoryDialog
from tests.ui.helpers import (cell, choose_in_menu_bar, click_row, open_section, press, read,
                              save_and_wait, type_text, wait_for_opening_backup,
                              when_dialog_shows)

NOTICE = "Territoire enregistré sous l'orthographe déjà utilisée : « Nord – Montbrézac »."


def notice_of(editor) -> str:
    """The notice under the territory as the user reads it (its link's words included)."""
    return read(html.unescape(re.sub(r"<[^>]+>", "", editor.territory.notice.text())))


def _montbrezac(con) -> None:
    """Two sous-CCAPEX of « Nord – Montbrézac » at its town hall, a partner of Auch."""
    for day in (date(2025, 1, 14), date(2025, 2, 11)):
        meetings.save(con, Meeting(held_on=day, kind=MeetingKind.SOUS_CCAPEX,
                                   territory="Nord – Montbrézac", place="Mairie de Montbrézac"))
    partners.save(con, Partner(name="CCAS d'Auch", category_code="CCAS",
                               territory="Grand Auch Cœur de Gascogne"))


def _spellings_in(window, qtbot) -> None:
    reads = SpellingsInUse.of(window.session)
    qtbot.waitUntil(lambda: reads.held is not None and not reads.pending)


def _typed_in(qtbot, field, text: str) -> list[str]:
    """``text`` typed in ``field`` (clicked first): the spellings its list offers."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    type_text(field, text)
    popup = field.completer().popup()
    if not popup.isVisible():
        return []
    return [popup.model().index(row, 0).data() for row in range(popup.model().rowCount())]


def _choose(qtbot, field, spelling: str) -> None:
    popup = field.completer().popup()
    row = next(r for r in range(popup.model().rowCount())
               if popup.model().index(r, 0).data() == spelling)
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton,
                     pos=popup.visualRect(popup.model().index(row, 0)).center())


def test_the_meeting_form_offers_territories_and_places_however_they_are_typed(window, qtbot):
    _montbrezac(window.session.con)
    screen = open_section(window, qtbot, "meetings")
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    _spellings_in(window, qtbot)
    editor = screen.editor
    assert _typed_in(qtbot, editor.territory, "montbre") == ["Nord – Montbrézac"]
    _choose(qtbot, editor.territory, "Nord – Montbrézac")
    assert editor.territory.text() == "Nord – Montbrézac"
    editor.territory.clear()
    # a partner's territory too, wherever what is typed falls in it, accents aside
    assert _typed_in(qtbot, editor.territory, "COEUR") == ["Grand Auch Cœur de Gascogne"]
    assert _typed_in(qtbot, editor.place, "mairie") == ["Mairie de Montbrézac"]
    assert _typed_in(qtbot, editor.place, " d'Auch") == []


def test_a_territory_saved_under_another_spelling_takes_the_one_in_use(window, qtbot):
    con = window.session.con
    _montbrezac(con)
    screen = open_section(window, qtbot, "meetings")
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = screen.editor
    type_text(editor.held_on, "11/03/2025")
    editor.kind.setCurrentIndex(editor.kind.findData(MeetingKind.SOUS_CCAPEX))
    type_text(editor.territory, "nord-montbrezac")
    assert not editor.territory.notice.isVisible()
    save_and_wait(screen, qtbot)
    assert con.execute("SELECT territory FROM meeting WHERE held_on = '2025-03-11'"
                       ).fetchone()[0] == "Nord – Montbrézac"
    assert editor.territory.text() == "Nord – Montbrézac"
    assert editor.territory.notice.isVisible()
    assert notice_of(editor) == f"{NOTICE} Écrire « nord-montbrezac » partout"
    assert cell(screen, 0, "Territoire") == "Nord – Montbrézac"
    assert not editor.dirty
    click_row(qtbot, screen, "14/01/2025")  # another meeting of the territory
    assert editor.territory.text() == "Nord – Montbrézac"
    assert not editor.territory.notice.isVisible()


def test_the_notice_goes_once_the_territory_is_typed_again(window, qtbot):
    _montbrezac(window.session.con)
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, "11/02/2025")
    editor = screen.editor
    editor.territory.selectAll()
    type_text(editor.territory, "NORD — MONTBRÉZAC")
    save_and_wait(screen, qtbot)
    assert editor.territory.notice.isVisible()
    type_text(editor.territory, " Est")
    assert not editor.territory.notice.isVisible()


def test_the_notice_is_not_copied_by_dupliquer(window, qtbot):
    _montbrezac(window.session.con)
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, "11/02/2025")
    editor = screen.editor
    editor.territory.selectAll()
    type_text(editor.territory, "nord montbrezac")
    save_and_wait(screen, qtbot)
    assert editor.territory.notice.isVisible()
    press(qtbot, window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert screen.editor_title.text().startswith("Copie de")
    assert editor.territory.text() == "Nord – Montbrézac"
    assert not editor.territory.notice.isVisible()


def test_undo_gives_an_old_variant_back(window, qtbot):
    """A meeting saved before pexdesk took the spelling in use, under « Nord - Montbrézac »:
    saved again, it takes « Nord – Montbrézac »; Ctrl+Z gives its own spelling back."""
    con = window.session.con
    _montbrezac(con)
    mapper.insert(con, Meeting(held_on=date(2025, 3, 11), kind=MeetingKind.SOUS_CCAPEX,
                               territory="Nord - Montbrézac"))
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, "11/03/2025")
    editor = screen.editor
    assert not editor.territory.notice.isVisible()
    type_text(editor.notes, "Relevé diffusé.")
    save_and_wait(screen, qtbot)
    assert notice_of(editor).startswith(NOTICE)
    assert editor.territory.notice.isVisible()
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tuple(con.execute("SELECT territory, notes FROM meeting WHERE held_on = '2025-03-11'"
                             ).fetchone()) == ("Nord - Montbrézac", "")
    assert editor.territory.text() == "Nord - Montbrézac"
    assert not editor.territory.notice.isVisible()


def test_a_partner_s_territory_takes_the_spelling_of_the_meetings(window, qtbot):
    con = window.session.con
    _montbrezac(con)
    screen = open_section(window, qtbot, "partners")
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    _spellings_in(window, qtbot)
    editor = screen.editor
    type_text(editor.name, "CCAS de Montbrézac")
    editor.category.setCurrentIndex(editor.category.findData("CCAS"))
    assert _typed_in(qtbot, editor.territory, "nord") == ["Nord – Montbrézac"]
    editor.territory.completer().popup().hide()  # typed on, not chosen
    type_text(editor.territory, " – montbrezac.")
    save_and_wait(screen, qtbot)
    assert partners.find_by_name(con, "CCAS de Montbrézac").territory == "Nord – Montbrézac"
    assert notice_of(editor) == f"{NOTICE} Écrire « nord – montbrezac. » partout"
    assert editor.territory.notice.isVisible()


def test_the_spelling_typed_is_written_everywhere_from_the_notice_and_undone_at_once(
        window, qtbot):
    """Every record spells « Nord – Montbrezac » without its accent: typed right, the save
    keeps to the spelling in use, and the notice's link writes the one typed everywhere."""
    con = window.session.con
    for day in (date(2025, 1, 14), date(2025, 2, 11)):
        meetings.save(con, Meeting(held_on=day, kind=MeetingKind.SOUS_CCAPEX,
                                   territory="Nord – Montbrezac"))
    partners.save(con, Partner(name="CCAS de Montbrézac", category_code="CCAS",
                               territory="Nord – Montbrezac"))
    screen = open_section(window, qtbot, "meetings")
    click_row(qtbot, screen, "11/02/2025")
    editor = screen.editor
    editor.territory.selectAll()
    type_text(editor.territory, "Nord – Montbrézac")
    save_and_wait(screen, qtbot)
    assert editor.territory.text() == "Nord – Montbrezac"
    editor.territory.notice.setFocus()
    qtbot.keyClick(editor.territory.notice, Qt.Key.Key_Tab)  # to the link, as Tab reaches it
    qtbot.keyClick(editor.territory.notice, Qt.Key.Key_Return)
    spellings = "SELECT territory FROM meeting UNION ALL SELECT territory FROM partner"
    assert [row[0] for row in con.execute(spellings)] == ["Nord – Montbrézac"] * 3
    assert editor.territory.text() == "Nord – Montbrézac"
    assert notice_of(editor) == ("Territoires harmonisés : 2 réunions et 1 partenaire "
                                 "réécrits. Ctrl+Z annule.")
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [row[0] for row in con.execute(spellings)] == ["Nord – Montbrezac"] * 3


def test_a_territory_saved_is_offered_at_once(window, qtbot):
    screen = open_section(window, qtbot, "meetings")
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = screen.editor
    type_text(editor.held_on, "11/03/2025")
    type_text(editor.territory, "Ténarèze")
    save_and_wait(screen, qtbot)
    assert not editor.territory.notice.isVisible()  # as typed: no other spelling in use
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    _spellings_in(window, qtbot)
    assert _typed_in(qtbot, editor.territory, "tenar") == ["Ténarèze"]


def _harmonise(qtbot, window, answer) -> list:
    """Édition › Harmoniser l'orthographe des territoires…, ``answer(dialog)`` once it shows;
    what ``answer`` returned (an ``answer`` that fails closes the dialog)."""
    seen = []

    def answered(dialog) -> None:
        try:
            seen.append(answer(dialog))
        except BaseException:
            dialog.reject()
            raise

    when_dialog_shows(TerritoryDialog, answered)
    choose_in_menu_bar(qtbot, window, "Édition", "Harmoniser l'orthographe des territoires…")
    qtbot.waitUntil(lambda: bool(seen) and QApplication.activeModalWidget() is None)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return seen


def test_harmonising_rewrites_the_variants_in_one_step_undone_by_ctrl_z(window, qtbot):
    wait_for_opening_backup(window, qtbot)  # its own message would replace the one read
    con = window.session.con
    _montbrezac(con)
    for territory in ("Nord – Montbrézac", "Nord - Montbrézac", "nord–montbrezac"):
        # saved before pexdesk kept one spelling
        mapper.insert(con, Meeting(held_on=date(2025, 3, 11), kind=MeetingKind.SOUS_CCAPEX,
                                   territory=territory))
    mapper.insert(con, Partner(name="CCAS de Montbrézac", category_code="CCAS",
                               territory="Nord - Montbrézac"))
    screen = open_section(window, qtbot, "meetings")

    def choose_the_hyphen(dialog) -> list[str]:
        [choice] = dialog.choices
        offered = [choice.itemText(i) for i in range(choice.count())]
        choice.setFocus()
        qtbot.keyClick(choice, Qt.Key.Key_Down)  # the next spelling, the hyphen's
        qtbot.mouseClick(dialog.harmonise_button, Qt.MouseButton.LeftButton)
        return offered

    [offered] = _harmonise(qtbot, window, choose_the_hyphen)
    assert offered == ["Nord – Montbrézac (3 réunions)",
                       "Nord - Montbrézac (1 réunion, 1 partenaire)",
                       "nord–montbrezac (1 réunion)"]
    stored = "SELECT territory FROM meeting WHERE territory <> '' ORDER BY held_on, id"
    assert [row[0] for row in con.execute(stored)] == ["Nord - Montbrézac"] * 5
    assert read(window.statusBar().currentMessage()) == (
        "Territoires harmonisés : 4 réunions et 0 partenaire réécrits. Ctrl+Z annule.")
    qtbot.waitUntil(lambda: not screen.loading)
    assert {cell(screen, row, "Territoire") for row in range(5)} == {"Nord - Montbrézac"}
    with qtbot.waitSignal(screen.loaded):
        press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [row[0] for row in con.execute(stored)] == [
        "Nord – Montbrézac", "Nord – Montbrézac", "Nord – Montbrézac", "Nord - Montbrézac",
        "nord–montbrezac"]


def test_a_base_spelling_each_territory_one_way_has_nothing_to_harmonise(window, qtbot):
    wait_for_opening_backup(window, qtbot)  # its own message would fill the status bar
    _montbrezac(window.session.con)
    open_section(window, qtbot, "meetings")

    def read_it(dialog) -> str:
        assert not dialog.choices
        text = read(dialog.intro.text())
        dialog.reject()
        return text

    assert _harmonise(qtbot, window, read_it) == [
        "Chaque territoire s'écrit d'une seule façon dans les réunions et les partenaires : "
        "rien à harmoniser."]
    assert window.statusBar().currentMessage() == ""


def test_the_spellings_are_read_off_the_ui_thread_once_until_a_record_changes(
        window, qtbot, monkeypatch):
    """Shown on both forms, they are read once; a partner saved has them read again."""
    threads = []
    read = spelling_field.territory_spellings
    monkeypatch.setattr(spelling_field, "territory_spellings", lambda con: (
        threads.append(threading.current_thread()), read(con))[1])
    _montbrezac(window.session.con)
    open_section(window, qtbot, "meetings")
    _spellings_in(window, qtbot)
    screen = open_section(window, qtbot, "partners")
    _spellings_in(window, qtbot)
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_text(screen.editor.name, "CCAS de Condom")
    screen.editor.category.setCurrentIndex(screen.editor.category.findData("CCAS"))
    type_text(screen.editor.territory, "Ténarèze")
    save_and_wait(screen, qtbot)
    _spellings_in(window, qtbot)
    assert len(threads) == 2 and threads[1] is not threading.main_thread()
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert _typed_in(qtbot, screen.editor.territory, "tenareze") == ["Ténarèze"]
