"""Partenaires, driven as a user would: type, click, shortcuts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pexdesk.core.domain.models import Partner
from pexdesk.core.repositories import partners
from tests.ui.helpers import click_row, read


def open_partners(window, qtbot):
    screen = window.show_screen("partners")
    qtbot.waitUntil(lambda: not screen.loading)
    return screen


def test_add_partner_with_two_contacts(window, qtbot):
    screen = open_partners(window, qtbot)
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = screen.editor
    qtbot.keyClicks(editor.name, "CAF du Gers")
    editor.category.setCurrentIndex(editor.category.findData("CAF"))
    qtbot.keyClicks(editor.territory, "Auch")
    for name, email in (("Claire Dupont", "claire.dupont@caf.example.fr"),
                        ("Marc Lefèvre", "marc.lefevre@caf.example.fr")):
        qtbot.mouseClick(editor.contacts.add_button, Qt.MouseButton.LeftButton)
        row = editor.contacts_model.rowCount() - 1
        editor.contacts_model.setData(editor.contacts_model.index(row, 0), name)
        editor.contacts_model.setData(editor.contacts_model.index(row, 2), email)
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(screen, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert screen.count_label.text() == "1 partenaire"
    stored = partners.find_by_name(window.session.con, "CAF du Gers")
    assert [c.full_name for c in partners.contacts_of(window.session.con, stored.id)] == [
        "Claire Dupont", "Marc Lefèvre"]
    assert screen.editor_title.text() == "CAF du Gers"


def test_invalid_partner_shows_message_and_saves_nothing(window, qtbot):
    screen = open_partners(window, qtbot)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    editor = screen.editor
    qtbot.keyClicks(editor.territory, "Condom")
    qtbot.mouseClick(editor.contacts.add_button, Qt.MouseButton.LeftButton)
    editor.contacts_model.setData(editor.contacts_model.index(0, 0), "Jean Petit")
    editor.contacts_model.setData(editor.contacts_model.index(0, 2), "pas-une-adresse")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert read(editor.form._errors["name"].text()) == "« Organisation » est obligatoire."
    assert read(editor.form._errors["category_code"].text()) == "« Catégorie » est obligatoire."
    assert "Contact n° 1 : « E-mail » : « pas-une-adresse » n'est pas une adresse e-mail valide." \
        in read(editor.form._errors["contacts"].text())
    assert window.session.con.execute("SELECT count(*) FROM partner").fetchone()[0] == 0
    assert window.session.con.execute("SELECT count(*) FROM contact").fetchone()[0] == 0
    qtbot.keyClicks(editor.name, "CAF du Gers")  # corrected: its message goes
    assert not editor.form._errors["name"].isVisibleTo(editor)
    assert editor.form._errors["category_code"].isVisibleTo(editor)


def test_search_filters_as_you_type_and_undo_delete(window, qtbot, monkeypatch):
    con = window.session.con
    from pexdesk.core.domain.models import Partner
    for name, category in (("Mairie d'Éauze", "COMMUNE"), ("CCAS de Condom", "CCAS"),
                           ("Office public de l'habitat du Gers", "BAILSOC")):
        partners.save(con, Partner(name=name, category_code=category))
    screen = open_partners(window, qtbot)
    assert screen.proxy.rowCount() == 3
    qtbot.keyClicks(screen.search, "eauze")
    assert screen.proxy.rowCount() == 1
    assert screen.proxy.index(0, 0).data() == "Mairie d'Éauze"
    screen.search.clear()
    screen.select_record(partners.find_by_name(con, "CCAS de Condom").id)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    assert screen.proxy.rowCount() == 2
    assert window.undo_action.iconText() == "Annuler la suppression du partenaire"
    with qtbot.waitSignal(screen.loaded):
        window.undo_action.trigger()
    assert screen.proxy.rowCount() == 3
    assert window.redo_action.iconText() == "Rétablir la suppression du partenaire"
    assert partners.find_by_name(con, "CCAS de Condom") is not None


def test_tab_goes_from_search_through_filters_to_the_list(window, qtbot):
    screen = open_partners(window, qtbot)
    chain = [screen.search]
    while len(chain) < 6:
        chain.append(chain[-1].nextInFocusChain())
        while not chain[-1].focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain[-1] = chain[-1].nextInFocusChain()
    assert chain[1:5] == [screen.category_filter, screen.charter_filter, screen.inactive_filter,
                          screen.table]


def test_every_form_field_has_an_accessible_name(window, qtbot):
    for key in ("partners", "meetings", "roadmap"):
        screen = open_partners(window, qtbot) if key == "partners" else window.show_screen(key)
        for name, widget in screen.editor.form._fields.items():
            assert widget.accessibleName(), f"{key}.{name} has no accessible name"


def test_partner_form_lists_the_meetings_attended(window, qtbot):
    from datetime import date

    from pexdesk.core.domain.models import Meeting
    from pexdesk.core.repositories import meetings
    con = window.session.con
    caf = partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
    meetings.save(con, Meeting(held_on=date(2025, 3, 14), kind="SOUS_CCAPEX", territory="Nord"),
                  [caf.id])
    screen = open_partners(window, qtbot)
    assert screen.editor.attended.lines() == ["14/03/2025 – Sous-CCAPEX Nord"]



@pytest.fixture
def dialog_buttons_with_icons():
    """A style that puts icons on dialog buttons, as many Linux desktops do."""
    from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

    class ButtonsWithIcons(QProxyStyle):
        def styleHint(self, hint, option=None, widget=None, data=None):
            if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
                return 1
            return super().styleHint(hint, option, widget, data)
    previous = QApplication.style().name()
    QApplication.setStyle(ButtonsWithIcons(previous))
    yield
    QApplication.setStyle(previous)


def test_delete_question_names_its_buttons_without_yes_no_colours(
        window, qtbot, monkeypatch, dialog_buttons_with_icons):
    """Qt's Yes/No icons painted « Supprimer » green and « Conserver » red."""
    partners.save(window.session.con, Partner(name="CCAS de Condom", category_code="CCAS"))
    screen = open_partners(window, qtbot)
    seen = []

    def answer(box):
        seen.append(([(b.text(), b.icon().isNull()) for b in box.buttons()],
                     box.defaultButton().text()))
        return QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "exec", answer)
    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    buttons, default = seen[0]
    assert sorted(buttons) == [("Conserver", True), ("Supprimer", True)]
    assert default == "Conserver"
    assert screen.proxy.rowCount() == 1


def test_delete_question_says_what_else_goes(window, qtbot, monkeypatch):
    """A partner's contacts, meeting attendance and led actions are named, with their
    numbers, before anything is deleted."""
    from datetime import date

    from pexdesk.core.domain.models import Contact, Meeting
    from pexdesk.core.repositories import meetings
    con = window.session.con
    caf = partners.save(con, Partner(name="CAF du Gers", category_code="CAF"),
                        [Contact(full_name="Claire Dupont")])
    for day in (3, 10):
        meetings.save(con, Meeting(held_on=date(2025, 3, day), kind="TECHNIQUE",
                                   dossiers_examined=1, opinions_issued=1), attendee_ids=[caf.id])
    screen = open_partners(window, qtbot)
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(
        (box.text(), box.informativeText())) or QMessageBox.StandardButton.No)
    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    question, details = asked[0]
    assert read(question) == "Supprimer « CAF du Gers » ?"
    assert details.startswith("• 1 contact supprimé\n• sa présence à 2 réunions effacée\n")
    assert partners.find_by_name(con, "CAF du Gers") is not None


def test_a_contact_error_names_the_row_shown_even_after_a_blank_row(window, qtbot):
    screen = open_partners(window, qtbot)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    editor = screen.editor
    qtbot.keyClicks(editor.name, "CAF du Gers")
    editor.category.setCurrentIndex(editor.category.findData("CAF"))
    model = editor.contacts_model
    for _ in range(2):
        qtbot.mouseClick(editor.contacts.add_button, Qt.MouseButton.LeftButton)
    model.setData(model.index(1, 0), "Jean Petit")  # row 1 stays blank
    model.setData(model.index(1, 2), "pas-une-adresse")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert read(editor.form._errors["contacts"].text()).startswith("Contact n° 2 : ")


def _tag_offered(qtbot, field, tag: str) -> None:
    """Click ``tag`` in the list the field offers as it is typed."""
    popup = field.completer().popup()
    assert popup.isVisible()
    model = popup.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == tag)
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton,
                     pos=popup.visualRect(model.index(row, 0)).center())


def test_a_tag_picked_in_the_list_offered_is_a_change_of_the_form(window, qtbot):
    """Qt writes the tag picked in the list into the field itself, which is no typing: the
    form was not told of it (its letters typed had told it, so far)."""
    con = window.session.con
    partners.save(con, Partner(name="CAF du Gers", category_code="CAF"), [],
                  ["Relogement", "Signalements"])
    partners.save(con, Partner(name="UDAF du Gers", category_code="UDAF"))
    screen = open_partners(window, qtbot)
    click_row(qtbot, screen, "UDAF du Gers")
    editor = screen.editor
    qtbot.mouseClick(editor.tags, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.tags, "re")
    with qtbot.waitSignal(editor.form.changed, timeout=500):
        _tag_offered(qtbot, editor.tags, "Relogement")
    assert editor.tags.text() == "Relogement" and screen.save_button.isEnabled()
    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert partners.tags_of(con, partners.find_by_name(con, "UDAF du Gers").id) == [
        "Relogement"]
    qtbot.mouseClick(editor.tags, Qt.MouseButton.LeftButton)
    editor.tags.selectAll()
    qtbot.keyClicks(editor.tags, "si")
    with qtbot.waitSignal(screen.loaded):
        qtbot.keyClick(editor.tags, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.tags.completer().popup().isVisible()  # not left over the form saved


def test_the_tag_typed_after_a_comma_is_offered_and_picked_beside_the_others(window, qtbot):
    """The whole field was matched against the tags: none was offered after a comma, and a
    tag picked replaced those typed before it."""
    con = window.session.con
    partners.save(con, Partner(name="CAF du Gers", category_code="CAF"), [],
                  ["Relogement", "Signalements", "Sous-CCAPEX"])
    partners.save(con, Partner(name="UDAF du Gers", category_code="UDAF"), [], ["Relogement"])
    screen = open_partners(window, qtbot)
    click_row(qtbot, screen, "UDAF du Gers")
    editor = screen.editor
    qtbot.mouseClick(editor.tags, Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor.tags, Qt.Key.Key_End)
    qtbot.keyClicks(editor.tags, ", s")
    popup = editor.tags.completer().popup()
    assert [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())] == [
        "Signalements", "Sous-CCAPEX"]
    _tag_offered(qtbot, editor.tags, "Signalements")
    assert editor.tags.text() == "Relogement, Signalements"
    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert partners.tags_of(con, partners.find_by_name(con, "UDAF du Gers").id) == [
        "Relogement", "Signalements"]


def test_the_tags_offered_leave_out_those_already_in_the_field(window, qtbot):
    """« Relogement, r » offered « Relogement » again; the field counts « relogement » and
    « Relogement » as one tag, and so does the list it offers."""
    con = window.session.con
    partners.save(con, Partner(name="CAF du Gers", category_code="CAF"), [],
                  ["Relogement", "Réseau", "Signalements"])
    partners.save(con, Partner(name="UDAF du Gers", category_code="UDAF"))
    screen = open_partners(window, qtbot)
    click_row(qtbot, screen, "UDAF du Gers")
    editor = screen.editor
    popup = editor.tags.completer().popup()

    def offered() -> list[str]:
        assert popup.isVisible()
        return [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]

    qtbot.mouseClick(editor.tags, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.tags, "r")
    assert offered() == ["Relogement", "Réseau"]
    qtbot.keyClicks(editor.tags, "elogement , r")
    assert offered() == ["Réseau"]
    _tag_offered(qtbot, editor.tags, "Réseau")
    qtbot.keyClicks(editor.tags, ", ")
    assert offered() == ["Signalements"]
    editor.tags.selectAll()
    qtbot.keyClicks(editor.tags, "  RELOGEMENT, ")
    assert offered() == ["Réseau", "Signalements"]


def test_a_tag_typed_between_two_others_is_the_one_offered_and_replaced(window, qtbot):
    """The tag completed was the one after the last comma, wherever the cursor was: a tag
    typed between two others was offered the last one's completions, and a tag picked
    replaced the last one."""
    con = window.session.con
    partners.save(con, Partner(name="CAF du Gers", category_code="CAF"), [],
                  ["Relogement", "Relais", "Signalements", "Sous-CCAPEX"])
    partners.save(con, Partner(name="UDAF du Gers", category_code="UDAF"), [],
                  ["Relogement", "Signalements"])
    screen = open_partners(window, qtbot)
    click_row(qtbot, screen, "UDAF du Gers")
    editor = screen.editor
    popup = editor.tags.completer().popup()
    qtbot.mouseClick(editor.tags, Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor.tags, Qt.Key.Key_Home)
    for _ in range(len("Relogement")):
        qtbot.keyClick(editor.tags, Qt.Key.Key_Right)
    qtbot.keyClicks(editor.tags, ", rel")
    assert editor.tags.text() == "Relogement, rel, Signalements"
    assert popup.isVisible()
    assert [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())] == [
        "Relais"]
    _tag_offered(qtbot, editor.tags, "Relais")
    assert editor.tags.text() == "Relogement, Relais, Signalements"
    qtbot.waitUntil(lambda: editor.tags.cursorPosition() == len("Relogement, Relais"),
                    timeout=500)
    qtbot.keyClicks(editor.tags, ", s")
    assert editor.tags.text() == "Relogement, Relais, s, Signalements"
    assert [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())] == [
        "Sous-CCAPEX"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert editor.tags.text() == "Relogement, Relais, Sous-CCAPEX, Signalements"
    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert partners.tags_of(con, partners.find_by_name(con, "UDAF du Gers").id) == [
        "Relais", "Relogement", "Signalements", "Sous-CCAPEX"]
