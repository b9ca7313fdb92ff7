"""Partenaires → Plus → « Copier les adresses e-mail des partenaires affichés »: the
addresses of the contacts of the partners the list shows, in the clipboard, ready for the
Cci field of a message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import Contact, Partner
from pexdesk.core.repositories import partners
from tests.ui.conftest import shown_read_only
from tests.ui.helpers import choose_in_menu, click_row, open_section, read, type_text
from tests.ui.test_list_follow import search_for

ENTRY = "Copier les adresses e-mail des partenaires affichés"
CCI = ("Collez-les dans le champ Cci du message, pour qu'aucun destinataire ne voie les "
       "adresses des autres.")
DIRECTORY = {
    "Habitat du Gers": ("BAILSOC", [("Dupont, Claire", "claire@habitat32.fr"),
                                    ("Marc Lefèvre", "marc@habitat32.fr"), ("Accueil", ""),
                                    ("Secrétariat", "ACCUEIL@habitat32.fr")]),
    "Gers Habitat": ("BAILSOC", [("Secrétariat", "accueil@habitat32.fr"),
                                 ("Anne Blanc", "contact@gers-habitat.fr"),
                                 ("Léa Gris", "lea@gers-habitat.fr")]),
    "CAF du Gers": ("CAF", [("Julie Martin", "julie@caf32.fr")]),
    "Mairie de Condom": ("COMMUNE", [("Paul Roux", "")]),
    "Préfecture du Gers": ("PREF", []),
}
BAILLEURS = ('Anne Blanc <contact@gers-habitat.fr>; Secrétariat <accueil@habitat32.fr>; '
             '"Dupont, Claire" <claire@habitat32.fr>; Marc Lefèvre <marc@habitat32.fr>')
"""Gers Habitat's, then Habitat du Gers', each by name: Léa Gris' address is invalid, the
Accueil has none, and the Secrétariat's address is Gers Habitat's one."""


def fill(con) -> None:
    for name, (category, people) in DIRECTORY.items():
        partners.save(con, Partner(name=name, category_code=category),
                      [Contact(full_name=person, email=email) for person, email in people])
    # As an older pexdesk let it be typed: the form now refuses it.
    con.execute("UPDATE contact SET email = 'lea@gers-habitat.fr;' WHERE full_name = 'Léa Gris'")


def choose_category(qtbot, combo, label: str) -> None:
    """Go to the combo box and type the start of ``label``, as a user does without the mouse."""
    combo.setFocus()
    qtbot.keyClicks(combo, label[:10])
    assert combo.currentText() == label


def told(qtbot, screen, before: str) -> str:
    """What the line under the list says once it no longer says ``before``."""
    qtbot.waitUntil(lambda: screen.count_label.text() != before)
    return read(screen.count_label.text())


def test_the_addresses_of_a_category_are_copied_for_cci(window, qtbot):
    fill(window.session.con)
    screen = open_section(window, qtbot, "partners")
    choose_category(qtbot, screen.category_filter, "Bailleur social")
    assert screen.proxy.rowCount() == 2
    before = screen.count_label.text()

    choose_in_menu(qtbot, screen.more_button, ENTRY)

    assert told(qtbot, screen, before) == (
        "4 adresses copiées (7 contacts de 2 partenaires affichés ; 1 sans adresse e-mail ; "
        f"1 adresse invalide ignorée ; 1 adresse en double). {CCI}")
    assert QApplication.clipboard().text() == BAILLEURS


def test_the_form_copies_its_partners_addresses(window, qtbot):
    fill(window.session.con)
    screen = open_section(window, qtbot, "partners")
    click_row(qtbot, screen, "Habitat du Gers")
    qtbot.mouseClick(screen.copy_emails_button, Qt.MouseButton.LeftButton)
    addresses = ('"Dupont, Claire" <claire@habitat32.fr>; Marc Lefèvre <marc@habitat32.fr>; '
                 'Secrétariat <ACCUEIL@habitat32.fr>')
    assert QApplication.clipboard().text() == addresses
    assert read(screen.count_label.text()) == (f"Adresses copiées : {addresses} "
                                               "(1 sans adresse e-mail).")


def test_a_search_finding_no_address_leaves_the_clipboard_alone(window, qtbot):
    fill(window.session.con)
    screen = open_section(window, qtbot, "partners")
    QApplication.clipboard().setText("copié avant")
    qtbot.keyClick(screen, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(QApplication.focusWidget(), "condom")
    before = screen.count_label.text()

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)

    assert told(qtbot, screen, before) == ("Aucune adresse e-mail copiée (1 contact de "
                                           "1 partenaire affiché ; 1 sans adresse e-mail).")
    search_for(qtbot, screen, "préfecture")
    before = screen.count_label.text()
    qtbot.keyClick(screen.search, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert told(qtbot, screen, before) == ("Aucune adresse e-mail copiée (1 partenaire "
                                           "affiché, sans contact).")
    search_for(qtbot, screen, "introuvable")
    assert screen.proxy.rowCount() == 0
    qtbot.keyClick(screen.search, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert read(screen.count_label.text()) == ("Aucune adresse e-mail copiée : la liste "
                                               "n'affiche aucun partenaire.")
    assert QApplication.clipboard().text() == "copié avant"


def test_a_base_opened_read_only_gives_its_addresses(qtbot, ui_settings, base_path):
    with Base.open(base_path) as base:
        fill(base.con)
    with shown_read_only(qtbot, ui_settings, base_path) as window:
        screen = open_section(window, qtbot, "partners")
        before = screen.count_label.text()
        choose_in_menu(qtbot, screen.more_button, ENTRY)
        message = told(qtbot, screen, before)
        clipboard = QApplication.clipboard().text()
    assert message.startswith("5 adresses copiées (9 contacts de 5 partenaires affichés ; "
                              "2 sans adresse e-mail ;")
    assert clipboard == f"Julie Martin <julie@caf32.fr>; {BAILLEURS}"  # CAF first


def test_the_entry_reads_its_key_in_the_more_menu(window, qtbot):
    screen = open_section(window, qtbot, "partners")
    action = screen.copy_addresses_action
    assert action in screen.more_button.menu().actions()
    assert action.text().replace("&", "") == ENTRY and "&r" in action.text()
    assert action.shortcut().toString() == "Alt+R" and action.isEnabled()
    assert "Copier les adresses e-mail" in screen.more_button.toolTip()


def test_more_addresses_than_a_message_takes_are_copied_with_a_warning(window, qtbot):
    """501 addresses are copied, and the user learns before writing that Outlook will refuse
    them at sending; 500 go without the warning."""
    for name, count in (("Réseau des CCAS", 300), ("Associations du Gers", 201)):
        partners.save(window.session.con, Partner(name=name, category_code="ASSO_INS"),
                      [Contact(full_name=f"Contact {n}", email=f"c{n}@{count}.fr")
                       for n in range(count)])
    screen = open_section(window, qtbot, "partners")
    before = screen.count_label.text()
    choose_in_menu(qtbot, screen.more_button, ENTRY)
    message = told(qtbot, screen, before)
    assert message.startswith("501 adresses copiées (501 contacts de 2 partenaires affichés)")
    assert message.endswith(f"{CCI} Au-delà de 500 destinataires, Outlook et la plupart des "
                            "messageries refusent l'envoi : filtrez la liste (catégorie, "
                            "territoire) pour écrire en plusieurs messages.")
    assert QApplication.clipboard().text().count("@") == 501

    search_for(qtbot, screen, "ccas")
    before = screen.count_label.text()
    qtbot.keyClick(screen.search, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert told(qtbot, screen, before).endswith(CCI)
