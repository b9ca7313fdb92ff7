"""« Exporter… » from the lists, the partner's mailing list and vCards."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import openpyxl
import vobject
from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from pexdesk.core.domain.models import Action, Campaign, Contact, Meeting, Partner, Response
from pexdesk.core.repositories import feedback, meetings, partners, roadmap
from pexdesk.core.safety import journal
from tests.ui.helpers import choose_in_menu, column_titled, open_section, read

CONTACTS_ENTRY = "Exporter les contacts…"
"""In the partners list's « Plus » menu."""


def save_as(monkeypatch, path) -> list[str]:
    """The save dialog answers ``path``; the titles it was shown with are returned."""
    titles = []

    def answer(parent, title, *args, **kwargs):
        titles.append(read(title))
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return titles


def add_caf(window):
    contacts = [Contact(full_name="Claire Dupont", email="claire.dupont@caf.example.fr"),
                Contact(full_name="Marc Lefèvre", email="marc.lefevre@caf.example.fr")]
    return partners.save(window.session.con, Partner(name="CAF du Gers", category_code="CAF"),
                         contacts)


def test_partners_list_exports_to_xlsx_and_is_journaled(window, qtbot, tmp_path, monkeypatch):
    add_caf(window)
    screen = open_section(window, qtbot, "partners")
    out = tmp_path / "partenaires.xlsx"
    save_as(monkeypatch, out)
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.count_label.text().startswith("Export écrit"), timeout=10_000)
    sheet = openpyxl.load_workbook(out).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["CAF du Gers"]
    assert any(e.action == "EXPORT" for e in journal.entries(window.session.con))


def test_csv_chosen_by_extension(window, qtbot, tmp_path, monkeypatch):
    add_caf(window)
    screen = open_section(window, qtbot, "partners")
    out = tmp_path / "partenaires.csv"
    save_as(monkeypatch, out)
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(out.exists, timeout=10_000)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[1][0] == "CAF du Gers"


def test_mailing_list_copied_and_vcards_exported(window, qtbot, tmp_path, monkeypatch):
    add_caf(window)
    screen = open_section(window, qtbot, "partners")
    qtbot.mouseClick(screen.copy_emails_button, Qt.MouseButton.LeftButton)
    addresses = ("Claire Dupont <claire.dupont@caf.example.fr>; "
                 "Marc Lefèvre <marc.lefevre@caf.example.fr>")
    assert QApplication.clipboard().text() == addresses
    assert read(screen.count_label.text()) == f"Adresses copiées : {addresses}."
    out = tmp_path / "contacts.vcf"
    save_as(monkeypatch, out)
    qtbot.mouseClick(screen.vcard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(out.exists, timeout=10_000)
    cards = list(vobject.readComponents(out.read_text("utf-8")))
    assert sorted(card.fn.value for card in cards) == ["Claire Dupont", "Marc Lefèvre"]


def test_a_new_partner_form_copies_no_other_partners_addresses(window, qtbot):
    add_caf(window)
    screen = open_section(window, qtbot, "partners")
    QApplication.clipboard().clear()
    qtbot.keyClick(screen.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(screen.copy_emails_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == ""  # not the CAF's, still current in the list
    assert read(screen.count_label.text()) == ("Enregistrez d'abord le partenaire : ses "
                                               "contacts sont lus dans la base.")


def test_every_list_offers_its_export(window, qtbot):
    for key in ("partners", "meetings", "roadmap"):
        assert open_section(window, qtbot, key).export_button.isVisibleTo(window), key


# --- a filtered list exports the rows it shows ----------------------------------------------

PARTNERS = {"CAF du Gers": ("CAF", ["Claire Dupont", "Marc Lefèvre"]),
            "CCAS d'Auch": ("CCAS", ["Julie Martin"]),
            "CCAS de Condom": ("CCAS", ["Paul Durand"]),
            "Mairie d'Auch": ("COMMUNE", ["Anne Roux"])}


def add_partners(window):
    for name, (category, people) in PARTNERS.items():
        partners.save(window.session.con, Partner(name=name, category_code=category),
                      [Contact(full_name=person, email=f"{person.split()[0].lower()}@example.fr")
                       for person in people])


def export_by_click(qtbot, screen, button, entry: str = "") -> str:
    """Click ``button`` (and choose ``entry`` in its menu) and wait for the outcome in the
    status line; return it."""
    if entry:
        choose_in_menu(qtbot, button, entry)
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.count_label.text().startswith("Export écrit"),
                    timeout=10_000)
    return read(screen.count_label.text())


def shown(screen, column: int = 0) -> list[str]:
    """The texts of a column of the list, as the user sees them."""
    return [screen.proxy.index(row, column).data() for row in range(screen.proxy.rowCount())]


def xlsx_column(path, column: int = 0) -> list:
    sheet = openpyxl.load_workbook(path).active
    return [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]


def csv_column(path, column: int = 0) -> list[str]:
    rows = list(csv.reader(path.read_text("utf-8-sig").splitlines(), delimiter=";"))
    return [row[column] for row in rows[1:]]


def last_export(window) -> str:
    """The journal's line for the latest export (the opening backup journals itself too,
    whenever it ends)."""
    return [e.summary for e in journal.entries(window.session.con) if e.action == "EXPORT"][-1]


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_partners_export_every_partner_or_only_those_shown(window, qtbot, tmp_path,
                                                                monkeypatch):
    add_partners(window)
    screen = open_section(window, qtbot, "partners")
    out = tmp_path / "tous.xlsx"
    titles = save_as(monkeypatch, out)
    status = export_by_click(qtbot, screen, screen.export_button)
    assert xlsx_column(out) == list(PARTNERS)  # nothing filtered: every partner, as before
    assert titles == ["Exporter"]
    assert status == f"Export écrit : {out} (4 lignes)."
    assert last_export(window) == f"partenaires (XLSX, 4 lignes) vers {out}"

    qtbot.keyClicks(screen.search, "auch")
    assert sorted(shown(screen)) == ["CCAS d'Auch", "Mairie d'Auch"]
    out = tmp_path / "recherche.xlsx"
    titles = save_as(monkeypatch, out)
    status = export_by_click(qtbot, screen, screen.export_button)
    assert sorted(xlsx_column(out)) == sorted(shown(screen)) == ["CCAS d'Auch", "Mairie d'Auch"]
    assert titles == ["Exporter 2 partenaires affichés sur 4 (recherche appliquée)"]
    assert status == (f"Export écrit : {out} (2 lignes) : 2 partenaires affichés sur 4 "
                      "(recherche appliquée).")

    choose(screen.category_filter, "CCAS")
    assert shown(screen) == ["CCAS d'Auch"]
    out = tmp_path / "recherche-et-categorie.csv"
    titles = save_as(monkeypatch, out)
    status = export_by_click(qtbot, screen, screen.export_button)
    assert csv_column(out) == ["CCAS d'Auch"]
    assert titles == ["Exporter 1 partenaire affiché sur 4 (recherche et filtre appliqués)"]
    assert status.endswith(": 1 partenaire affiché sur 4 (recherche et filtre appliqués).")
    assert last_export(window) == f"partenaires, sélection de la liste (CSV, 1 ligne) vers {out}"

    screen.search.clear()
    assert sorted(shown(screen)) == ["CCAS d'Auch", "CCAS de Condom"]
    out = tmp_path / "categorie.csv"
    titles = save_as(monkeypatch, out)
    export_by_click(qtbot, screen, screen.export_button)
    assert sorted(csv_column(out)) == ["CCAS d'Auch", "CCAS de Condom"]
    assert titles == ["Exporter 2 partenaires affichés sur 4 (filtre appliqué)"]


def test_a_list_showing_nothing_exports_nothing_and_says_why(window, qtbot, tmp_path,
                                                             monkeypatch):
    add_partners(window)
    screen = open_section(window, qtbot, "partners")
    qtbot.keyClicks(screen.search, "introuvable")
    assert screen.proxy.rowCount() == 0
    told = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *rest: told.append(read(text)))
    titles = save_as(monkeypatch, tmp_path / "vide.xlsx")
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    choose_in_menu(qtbot, screen.more_button, CONTACTS_ENTRY)
    assert told == ["La liste n'affiche rien (recherche appliquée) : effacez la recherche "
                    "pour exporter."] * 2
    assert titles == [] and not (tmp_path / "vide.xlsx").exists()


def test_the_scope_names_the_search_and_each_filter_set(window, qtbot, monkeypatch):
    """One filter is « filtre appliqué », two « 2 filtres appliqués », with the search
    « recherche et … appliqués »: in the export dialog's title, the empty list's text and
    the message that there is nothing to export."""
    con = window.session.con
    for name, category, signatory, active in (
            ("CAF du Gers", "CAF", True, True), ("CCAS d'Auch", "CCAS", True, True),
            ("CCAS de Condom", "CCAS", True, False), ("CCAS de Fleurance", "CCAS", False, True),
            ("Mairie d'Auch", "COMMUNE", False, True)):
        partners.save(con, Partner(name=name, category_code=category,
                                   charter_signatory=signatory, active=active))
    screen = open_section(window, qtbot, "partners")
    titles = save_as(monkeypatch, "")  # the user reads the title and cancels
    told = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *rest: told.append(read(text)))

    def export_title() -> str:
        qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
        return titles.pop()

    def click(checkbox) -> None:
        qtbot.mouseClick(checkbox, Qt.MouseButton.LeftButton)

    qtbot.keyClicks(screen.search, "ccas")
    assert export_title() == "Exporter 3 partenaires affichés sur 5 (recherche appliquée)"
    screen.search.clear()
    choose(screen.category_filter, "CCAS")
    assert export_title() == "Exporter 3 partenaires affichés sur 5 (filtre appliqué)"
    click(screen.charter_filter)
    assert export_title() == "Exporter 2 partenaires affichés sur 5 (2 filtres appliqués)"
    click(screen.inactive_filter)
    assert export_title() == "Exporter 1 partenaire affiché sur 5 (3 filtres appliqués)"
    qtbot.keyClicks(screen.search, "auch")
    assert export_title() == ("Exporter 1 partenaire affiché sur 5 "
                              "(recherche et 3 filtres appliqués)")
    click(screen.inactive_filter)
    assert export_title() == ("Exporter 1 partenaire affiché sur 5 "
                              "(recherche et 2 filtres appliqués)")
    click(screen.charter_filter)
    assert export_title() == "Exporter 1 partenaire affiché sur 5 (recherche et filtre appliqués)"

    qtbot.keyClicks(screen.search, " condom")
    assert read(screen.empty_label.text()) == "Aucun résultat pour cette recherche et ce filtre."
    assert screen.empty_label.isVisible()
    screen.search.clear()
    choose(screen.category_filter, "COMMUNE")
    click(screen.charter_filter)
    assert read(screen.empty_label.text()) == "Aucun résultat pour ces filtres."
    click(screen.charter_filter)
    choose(screen.category_filter, "MSA")
    assert read(screen.empty_label.text()) == "Aucun résultat pour ce filtre."
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(screen.search, "caf")
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    assert told == ["La liste n'affiche rien (filtre appliqué) : effacez le filtre pour exporter.",
                    "La liste n'affiche rien (recherche et filtre appliqués) : effacez la "
                    "recherche ou le filtre pour exporter."]
    assert titles == []


def test_filtered_meetings_export_those_shown_to_xlsx_and_icalendar(window, qtbot, tmp_path,
                                                                   monkeypatch):
    con = window.session.con
    for day, kind in ((date(2025, 3, 4), "TECHNIQUE"), (date(2025, 3, 20), "SOUS_CCAPEX"),
                      (date(2024, 5, 6), "TECHNIQUE")):
        meetings.save(con, Meeting(held_on=day, kind=kind, territory="Nord"))
    screen = open_section(window, qtbot, "meetings")
    choose(screen.kind_filter, "TECHNIQUE")
    assert shown(screen) == ["04/03/2025", "06/05/2024"]
    out = tmp_path / "technique.xlsx"
    titles = save_as(monkeypatch, out)
    export_by_click(qtbot, screen, screen.export_button)
    assert [day.date() for day in xlsx_column(out)] == [date(2024, 5, 6), date(2025, 3, 4)]
    assert titles == ["Exporter 2 réunions affichées sur 3 (filtre appliqué)"]

    choose(screen.kind_filter, "")
    choose(screen.year_filter, 2025)
    assert shown(screen) == ["20/03/2025", "04/03/2025"]
    out = tmp_path / "2025.ics"
    save_as(monkeypatch, out)
    status = export_by_click(qtbot, screen, screen.export_button)
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert sorted(event.decoded("DTSTART") for event in events) == [date(2025, 3, 4),
                                                                     date(2025, 3, 20)]
    assert status == (f"Export écrit : {out} (2 réunions) : 2 réunions affichées sur 3 "
                      "(filtre appliqué).")


def test_filtered_roadmap_exports_the_late_actions_shown(window, qtbot, tmp_path, monkeypatch):
    con = window.session.con
    axis = roadmap.axes(con)[0].id
    past = date.today() - timedelta(days=10)
    for title, status in (("En retard", "EN_COURS"), ("Terminée", "REALISEE")):
        roadmap.save_action(con, Action(axis_id=axis, title=title, status=status,
                                        start_on=past - timedelta(days=30), due_on=past))
    roadmap.save_action(con, Action(axis_id=axis, title="Charte"))
    screen = open_section(window, qtbot, "roadmap")
    choose(screen.status_filter, "LATE")
    assert shown(screen, column_titled(screen, "Action")) == ["En retard"]
    out = tmp_path / "retard.csv"
    titles = save_as(monkeypatch, out)
    export_by_click(qtbot, screen, screen.export_button)
    assert csv_column(out, 2) == ["En retard"]
    assert titles == ["Exporter 1 action affichée sur 3 (filtre appliqué)"]


def test_filtered_responses_export_those_shown_of_the_campaign(window, qtbot, tmp_path,
                                                              monkeypatch):
    con = window.session.con
    campaign = feedback.create_campaign(con, Campaign(name="Enquête 2025"), ["Accueil"])
    for category, comment in (("CAF", "Très disponible."), ("CAF", "Réactifs."),
                              ("COMMUNE", "Réunions trop espacées.")):
        feedback.add_response(con, Response(campaign_id=campaign.id, category_code=category,
                                            department_code="32", comment=comment))
    screen = open_section(window, qtbot, "feedback")
    choose(screen.category_filter, "CAF")
    qtbot.keyClicks(screen.search, "dispo")
    assert screen.proxy.rowCount() == 1
    out = tmp_path / "reponses.xlsx"
    titles = save_as(monkeypatch, out)
    export_by_click(qtbot, screen, screen.export_button)
    sheet = openpyxl.load_workbook(out).active
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[header.index("Commentaire")] for row in rows] == ["Très disponible."]
    assert titles == ["Exporter 1 réponse affichée sur 3 (recherche et filtre appliqués)"]


# --- every contact, from the partners list ------------------------------------------------

def test_contacts_of_every_partner_export_to_a_table(window, qtbot, tmp_path, monkeypatch):
    add_partners(window)
    screen = open_section(window, qtbot, "partners")
    assert screen.more_button.isVisibleTo(window)
    out = tmp_path / "contacts.xlsx"
    titles = save_as(monkeypatch, out)
    status = export_by_click(qtbot, screen, screen.more_button, CONTACTS_ENTRY)
    assert xlsx_column(out, 2) == [person for _, people in PARTNERS.values() for person in people]
    assert xlsx_column(out) == ["CAF du Gers", "CAF du Gers", "CCAS d'Auch", "CCAS de Condom",
                                "Mairie d'Auch"]
    assert titles == ["Exporter"]
    assert status == f"Export écrit : {out} (5 lignes)."
    assert last_export(window) == f"contacts (XLSX, 5 lignes) vers {out}"


def test_contacts_of_the_partners_shown_to_csv_and_vcard(window, qtbot, tmp_path, monkeypatch):
    add_partners(window)
    screen = open_section(window, qtbot, "partners")
    choose(screen.category_filter, "CCAS")
    out = tmp_path / "contacts-ccas.csv"
    titles = save_as(monkeypatch, out)
    status = export_by_click(qtbot, screen, screen.more_button, CONTACTS_ENTRY)
    assert csv_column(out, 2) == ["Julie Martin", "Paul Durand"]
    assert titles == ["Exporter les contacts de 2 partenaires affichés sur 4 "
                      "(filtre appliqué)"]
    assert status == (f"Export écrit : {out} (2 lignes) : les contacts de 2 partenaires "
                      "affichés sur 4 (filtre appliqué).")

    choose(screen.category_filter, "")
    screen.search.setFocus()
    qtbot.waitUntil(screen.search.hasFocus)
    qtbot.keyClicks(screen.search, "auch")
    out = tmp_path / "contacts-auch.vcf"
    save_as(monkeypatch, out)
    qtbot.keyClick(screen.search, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # its letter
    qtbot.waitUntil(out.exists, timeout=10_000)
    cards = list(vobject.readComponents(out.read_text("utf-8")))
    assert sorted(card.fn.value for card in cards) == ["Anne Roux", "Julie Martin"]
