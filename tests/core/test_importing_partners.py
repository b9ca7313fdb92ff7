"""Importing partners and their contacts (pexdesk.core.services.importing.partners): a messy
directory (title row, repeated structure, blank rows, a note below), categories by synonym,
French phone numbers, problems by row and column, all or nothing, re-import, and the round
trip through pexdesk's own partners and contacts exports."""

from __future__ import annotations

import io
import shutil
import tempfile
from contextlib import closing
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import Contact, Meeting, Partner
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import ImportRefusedError, PexdeskError
from pexdesk.core.repositories import meetings
from pexdesk.core.repositories import partners as partner_repo
from pexdesk.core.safety import journal
from pexdesk.core.services import exchange
from pexdesk.core.services.importing import RowStatus, read_bytes, read_file
from pexdesk.core.services.importing.partners import (commit_partners, normalise_phone,
                                                      plan_partners)
from pexdesk.core.services.importing.values import Invalid
from tests.workbooks import directory_workbook

PARTNERS = Path(__file__).parent.parent / "fixtures" / "partners"
HEADER = ["Structure", "Catégorie", "Territoire", "Nom", "Fonction", "Courriel", "Tél.",
          "Signataire de la charte"]


def stored(con) -> list[tuple]:
    return [tuple(row) for row in con.execute(
        """SELECT p.name, p.category_code, p.territory, p.charter_signatory, c.full_name,
                  c.role, c.email, c.phone
           FROM partner p LEFT JOIN contact c ON c.partner_id = p.id
           ORDER BY p.name, c.full_name""")]


def csv_bytes(rows: list[list[str]], encoding: str = "cp1252") -> bytes:
    return "\r\n".join(";".join(row) for row in rows).encode(encoding)


def import_events(con) -> list[str]:
    return [entry.detail for entry in journal.entries(con) if entry.action == "IMPORT"]


def import_rows(con, rows, name="annuaire.csv"):
    plan = plan_partners(con, read_bytes(csv_bytes(rows), name))
    return plan, commit_partners(con, plan)


EXPECTED = [
    ("Archipel Habitat", "BAILSOC", "Rennes Métropole", 1, "Anne Texier",
     "Chargée de contentieux", "a.texier@archipel-habitat.fr", "02 99 00 11 24"),
    ("Archipel Habitat", "BAILSOC", "Rennes Métropole", 1, "Paul Roux", "Conseiller social",
     "p.roux@archipel-habitat.fr", "02 99 00 11 25"),
    ("Association Pas à Pas", "ASSO_INS", "Saint-Malo", 0, "Karim Benali", "Travailleur social",
     "k.benali@pasapas.org", "02 99 00 11 27"),
    ("Caf d'Ille-et-Vilaine", "CAF", "Rennes", 1, "Marc Durand", "Conseiller",
     "m.durand@caf35.fr", "02 99 00 11 23"),
    ("Caf d'Ille-et-Vilaine", "CAF", "Rennes", 1, "Sophie Lemoine",
     "Responsable prévention des expulsions", "s.lemoine@caf35.fr", "02 99 00 11 22"),
    ("Mairie de Vitré", "COMMUNE", "Vitré", 0, "Julie Martin", "Directrice du CCAS",
     "j.martin@mairie-vitre.fr", "02 99 00 11 26"),
]


def test_a_messy_directory_lands_as_partners_with_their_contacts(con):
    sheet = read_file(PARTNERS / "annuaire.csv")
    assert sheet.describe() == "CSV, Windows-1252, séparateur point-virgule"
    plan = plan_partners(con, sheet)
    assert plan.header_row == 3 and plan.title_rows == [1]
    assert [p.text() for p in plan.problems] == [
        "ligne 14 : fin du tableau : texte libre « Note : annuaire à usage interne de la "
        "CCAPEX, ne pas diffus… » non importé.",
        "ligne 11, colonne « Catégorie » : libellé générique « Association » classé en "
        "« Association d'insertion / logement » : à vérifier."]
    assert not plan.errors and plan.rows_read == 6
    result = commit_partners(con, plan)
    assert stored(con) == EXPECTED
    assert result.lines()[0] == ("6 lignes lues : 4 partenaires créés, 0 mis à jour, 6 contacts "
                                 "ajoutés, 0 contact mis à jour, 0 ligne rejetée.")


def test_reimporting_the_same_file_adds_nothing(con):
    sheet = read_file(PARTNERS / "annuaire.csv")
    commit_partners(con, plan_partners(con, sheet))
    again = plan_partners(con, sheet)
    assert again.previous is not None
    result = commit_partners(con, again)
    assert result.commit.written == 0 and result.created == 0
    assert "rien de nouveau à importer" in result.lines()[0]
    assert stored(con) == EXPECTED
    assert len(import_events(con)) == 1
    # The same rows in another file: recognised by name, nothing duplicated or changed.
    edited = read_bytes(PARTNERS.joinpath("annuaire.csv").read_bytes() + b";;\r\n",
                        "copie.csv")
    assert edited.sha256 == sheet.sha256  # blank rows do not change the content
    header = ["Organisme", "Type", "Contact", "E-mail", "Téléphone"]
    plan, result = import_rows(con, [header, ["CAF D'ILLE ET VILAINE", "CAF", "Sophie Lemoine",
                                              "s.lemoine@caf35.fr", "0299001122"]])
    assert (result.created, result.updated, result.contacts_added) == (0, 0, 0)
    assert stored(con) == EXPECTED


def test_an_existing_partner_is_completed_not_duplicated(con):
    partner_repo.save(con, Partner(name="Caf d'Ille-et-Vilaine", category_code="CAF"),
                      [Contact(full_name="Sophie Lemoine", email="ancien@caf35.fr")])
    commit_partners(con, plan_partners(con, read_file(PARTNERS / "annuaire.csv")))
    assert con.execute("SELECT count(*) FROM partner").fetchone()[0] == 4
    assert stored(con)[4][6] == "s.lemoine@caf35.fr"
    assert con.execute("SELECT count(*) FROM contact").fetchone()[0] == 6


def test_a_territory_takes_the_spelling_in_use_and_the_summary_says_so(con):
    """As a partner or a meeting saved in its form: « nord – montbrezac » in the file is
    « Nord - Montbrézac » where the base spells it so, a partner keeps its own spelling of
    its territory (the file's took its place, counted as an update), and a territory new to
    the base keeps the spelling of the row that brings it first."""
    meetings.save(con, Meeting(held_on=date(2025, 1, 14), kind=MeetingKind.SOUS_CCAPEX,
                               territory="Nord - Montbrézac"))
    partner_repo.save(con, Partner(name="UDAF d'Ille-et-Vilaine", category_code="UDAF",
                                   territory="Sud – Vic-Aurèle"))
    plan, result = import_rows(con, [
        ["Structure", "Catégorie", "Territoire"],
        ["CCAS de Lauzignac", "CCAS", "nord – montbrezac"],
        ["UDAF d'Ille-et-Vilaine", "UDAF", "SUD VIC AURELE"],
        ["Mairie de Castelvézan", "Mairie", "Est - Castelvézan"],
        ["Mairie de Lauzignac", "Mairie", "est–castelvezan"],
        ["Mairie de Montbrézac", "Mairie", "Nord – Montbrézac"]])
    assert [tuple(row) for row in con.execute(
        "SELECT name, territory FROM partner ORDER BY name")] == [
        ("CCAS de Lauzignac", "Nord - Montbrézac"),
        ("Mairie de Castelvézan", "Est - Castelvézan"),
        ("Mairie de Lauzignac", "Est - Castelvézan"),
        ("Mairie de Montbrézac", "Nord - Montbrézac"),
        ("UDAF d'Ille-et-Vilaine", "Sud – Vic-Aurèle")]
    said = ("Territoires enregistrés sous l'orthographe déjà utilisée : « nord – montbrezac » "
            "→ « Nord - Montbrézac » (ligne 2), « SUD VIC AURELE » → « Sud – Vic-Aurèle » "
            "(ligne 3), « est–castelvezan » → « Est - Castelvézan » (ligne 5), « Nord – "
            "Montbrézac » → « Nord - Montbrézac » (ligne 6).")
    assert said in plan.preview_lines()
    assert result.lines()[:2] == [
        "5 lignes lues : 4 partenaires créés, 0 mis à jour, 0 contact ajouté, 0 contact mis à "
        "jour, 0 ligne rejetée.", said]


def test_rows_of_one_partner_spelling_its_territory_alike_give_no_warning(con):
    """The rows of one structure were compared with the labels' folding, not the
    territories': dashes and apostrophes it does not know made a warning of one territory,
    and brackets it drops kept quiet about two that the base and the bilan keep apart."""
    plan = plan_partners(con, read_bytes(csv_bytes([
        ["Structure", "Catégorie", "Territoire", "Nom"],
        ["CCAS de Lauzignac", "CCAS", "Nord – Montbrézac", "Claire Dupont"],
        ["CCAS de Lauzignac", "CCAS", "nord - montbrezac", "Marc Lefèvre"],
        ["CCAS de Lauzignac", "CCAS", "Nord ― Montbrézac.", "Julie Martin"],
        ["Mairie de L'Isle", "Mairie", "L'Isle-Jourdain", "Anne Texier"],
        ["Mairie de L'Isle", "Mairie", "lʼisle jourdain", "Paul Roux"],
        ["Mairie de Vic", "Mairie", "Sud Vic-Aurèle", "Karim Benali"],
        ["Mairie de Vic", "Mairie", "Sud (Vic-Aurèle)", "Sophie Lemoine"]], "utf-8-sig"),
        "annuaire.csv"))
    assert [p.text() for p in plan.problems] == [
        "ligne 8, colonne « Territoire » : « Sud (Vic-Aurèle) » diffère du territoire « Sud "
        "Vic-Aurèle » donné plus haut pour la même structure : le premier est gardé."]
    commit_partners(con, plan)
    assert [tuple(row) for row in con.execute(
        "SELECT name, territory FROM partner ORDER BY name")] == [
        ("CCAS de Lauzignac", "Nord – Montbrézac"), ("Mairie de L'Isle", "L'Isle-Jourdain"),
        ("Mairie de Vic", "Sud Vic-Aurèle")]


@pytest.mark.parametrize("text, expected", [
    ("05.62.00.00.00", "05 62 00 00 00"), ("+33 5 62 00 00 00", "05 62 00 00 00"),
    ("0562000000", "05 62 00 00 00"), ("+33 (0)5 62 00 00 00", "05 62 00 00 00"),
    ("0033 5 62 00 00 00", "05 62 00 00 00"), ("562000000", "05 62 00 00 00"),
    ("05-62-00-00-00", "05 62 00 00 00"), ("+32 2 555 12 12", "+32 2 555 12 12")])
def test_phone_numbers_in_any_usual_french_style(text, expected):
    assert normalise_phone(text) == expected


@pytest.mark.parametrize("text", ["05 62", "appeler l'accueil", "05 62 00 00 00 / 06 11 22 33 44"])
def test_phone_numbers_that_are_not(text):
    assert isinstance(normalise_phone(text), Invalid)


def test_problems_by_row_and_column_and_nothing_written(con):
    before = stored(con)
    plan, = [plan_partners(con, read_bytes(csv_bytes([
        ["Annuaire 2024"] + [""] * 7, HEADER,
        ["Caf 35", "Caf", "Rennes", "Sophie Lemoine", "", "s.lemoine@caf35.fr", "", "Oui"],
        ["Groupe Foo", "Fondation", "Rennes", "Jean Dupont", "", "", "", ""],
        ["Néotoa", "ESH", "Fougères", "Léa Morel", "", "lea.morel@neotoa", "", ""],
    ]), "annuaire.csv"))]
    assert [p.text() for p in plan.errors] == [
        "ligne 4, colonne « Catégorie » : « Fondation » n'est pas une catégorie de partenaire "
        "connue.",
        "ligne 5, colonne « Courriel » : « lea.morel@neotoa » n'est pas une adresse e-mail "
        "valide."]
    assert plan.unmatched_categories == ["Fondation"]
    assert plan.row_status == [RowStatus.VALID, RowStatus.INVALID, RowStatus.INVALID]
    assert plan.refusal(skip_hint="option --skip-invalid") == (
        "Import impossible : 2 lignes invalides sur 3. Rien n'a été importé : corrigez le "
        "fichier, ou importez seulement les lignes valides (option --skip-invalid).")
    with pytest.raises(ImportRefusedError):
        commit_partners(con, plan)
    assert stored(con) == before
    assert con.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 0
    assert import_events(con) == []


def test_a_failure_while_writing_undoes_everything(con, monkeypatch):
    plan = plan_partners(con, read_file(PARTNERS / "annuaire.csv"))
    calls = []
    real_save = partner_repo.save

    def failing_save(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ImportRefusedError("panne simulée")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(partner_repo, "save", failing_save)
    with pytest.raises(ImportRefusedError):
        commit_partners(con, plan)
    assert stored(con) == []
    assert con.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 0
    assert import_events(con) == []  # the event is written in the import's transaction


def test_an_import_journals_the_file_its_sheet_and_what_it_wrote(con, tmp_path):
    partner_repo.save(con, Partner(name="Caf d'Ille-et-Vilaine", category_code="CAF"),
                      [Contact(full_name="Sophie Lemoine")])
    commit_partners(con, plan_partners(con, read_file(directory_workbook(
        tmp_path / "annuaire.xlsx"))))
    assert import_events(con) == [
        "annuaire.xlsx, feuille « Annuaire » : 3 partenaires créés, 1 mis à jour, 5 contacts "
        "ajoutés, 1 contact mis à jour ; 0 ligne ignorée, 0 ligne rejetée"]
    assert journal.entries(con)[-1].action == "IMPORT"  # after the records it wrote


def test_the_journal_counts_the_rows_ignored_and_rejected(con):
    plan = plan_partners(con, read_bytes(csv_bytes([
        ["Structure", "Catégorie", "Nom"], ["BAILLEURS SOCIAUX"], ["Espacil", "ESH", "Anne"],
        ["Les Amis du Logement", "Truc inconnu", "Jean Petit"]]), "annuaire.csv"))
    commit_partners(con, plan, skip_invalid=True)
    assert import_events(con) == [
        "annuaire.csv : 1 partenaire créé, 0 mis à jour, 1 contact ajouté, 0 contact mis à jour "
        "; 1 ligne ignorée, 1 ligne rejetée"]


def test_missing_category_structure_only_once_and_sections(con):
    plan, result = import_rows(con, [
        ["Structure", "Nom", "Tél"],
        ["BAILLEURS SOCIAUX"],
        ["Espacil Habitat", "Anne Texier", "02 99 00 00 01"],
        ["", "Paul Roux", "02 99 00 00 02"],
    ])
    assert result.created == 1 and result.contacts_added == 2
    assert stored(con)[0][:2] == ("Espacil Habitat", "BAILSOC")
    plan = plan_partners(con, read_bytes(csv_bytes([["Structure", "Nom"], ["Inconnue", "X"]]),
                                         "b.csv"))
    assert [p.text() for p in plan.errors] == [
        "ligne 2 : la catégorie de « Inconnue » est obligatoire (par exemple « Caf », "
        "« Mairie », « Bailleur social »)."]


def test_no_recognisable_header_is_refused(con):
    plan = plan_partners(con, read_bytes(b"a;b\n1;2\n", "x.csv"))
    assert plan.fatal and plan.refusal().startswith("Import impossible : aucune ligne d'en-tête")


def test_an_xlsx_directory(con, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Annuaire CCAPEX 35"])
    sheet.append([])
    sheet.append(["Partenaire", "Type", "Commune", "Prénom", "Nom", "Fonction", "E-mail",
                  "Téléphone"])
    sheet.append(["Office public de l'habitat de Saint-Malo", "OPH", "Saint-Malo", "Anne",
                  "Texier", "Contentieux", "a.texier@oph-stmalo.fr", 299001124])
    sheet.append(["CCAS de Rennes", "CCAS", "Rennes", "Léo", "Petit", "Directeur",
                  "l.petit@ccas-rennes.fr", "+33 2 99 00 11 25"])
    sheet.append([])
    sheet.append(["Mise à jour par l'ADIL d'Ille-et-Vilaine, à compléter au fil des réunions."])
    path = tmp_path / "annuaire.xlsx"
    workbook.save(path)
    plan = plan_partners(con, read_file(path))
    assert not plan.errors
    commit_partners(con, plan)
    assert stored(con) == [
        ("CCAS de Rennes", "CCAS", "Rennes", 0, "Léo Petit", "Directeur",
         "l.petit@ccas-rennes.fr", "02 99 00 11 25"),
        ("Office public de l'habitat de Saint-Malo", "BAILSOC", "Saint-Malo", 0, "Anne Texier",
         "Contentieux", "a.texier@oph-stmalo.fr", "02 99 00 11 24")]


@pytest.mark.parametrize("extension", [".csv", ".xlsx"])
def test_round_trip_through_pexdesk_exports(con, tmp_path, extension):
    partner_repo.save(con, Partner(name="=Caf 35", category_code="CAF", territory="Rennes",
                                   charter_signatory=True, charter_signed_on=date(2023, 5, 2),
                                   notes="'Note'"),
                      [Contact(full_name="Sophie Lemoine", role="-Responsable",
                               email="s.lemoine@caf35.fr", phone="02 99 00 11 22"),
                       Contact(full_name="Marc Durand", phone="+32 2 555 12 12")],
                      tags=["financeur"])
    partner_repo.save(con, Partner(name="Mairie de Vitré", category_code="COMMUNE",
                                   active=False), [])
    partner_repo.save(con, Partner(name="Archipel Habitat", category_code="BAILSOC",
                                   territory="Rennes Métropole"),
                      [Contact(full_name="Anne Texier", email="a.texier@archipel.fr")])
    out_partners = tmp_path / f"partenaires{extension}"
    out_contacts = tmp_path / f"contacts{extension}"
    exchange.export(con, "partners", out_partners, record=False)
    exchange.export(con, "contacts", out_contacts, record=False)
    source = snapshot(con)

    with closing(Base.create(tmp_path / "vide.db", Profile(department_code="35",
                                                             adil_name="ADIL 35"))) as empty:
        for path in (out_partners, out_contacts):
            plan = plan_partners(empty.con, read_file(path))
            assert plan.pexdesk_export and not plan.errors and not plan.warnings, plan.problems
            commit_partners(empty.con, plan)
        assert snapshot(empty.con) == source


def snapshot(con) -> list[tuple]:
    partners = [tuple(row) for row in con.execute(
        "SELECT uuid, name, category_code, territory, charter_signatory, charter_signed_on, "
        "notes, active FROM partner ORDER BY uuid")]
    contacts = [tuple(row) for row in con.execute(
        "SELECT c.uuid, p.uuid, c.full_name, c.role, c.email, c.phone FROM contact c "
        "JOIN partner p ON p.id = c.partner_id ORDER BY c.uuid")]
    tags = [tuple(row) for row in con.execute(
        "SELECT p.name, t.name FROM partner_tag pt JOIN partner p ON p.id = pt.partner_id "
        "JOIN tag t ON t.id = pt.tag_id ORDER BY 1, 2")]
    return [partners, contacts, tags]


# --- property: nothing but PexdeskError, nothing written on refusal ----------------------------

CELLS = st.one_of(
    st.sampled_from(["Caf", "OPH", "Mairie", "Association", "CD", "CDAD", "Fondation", "",
                     "02.99.00.11.22", "+33 2 99 00 11 22", "x@y.fr", "x@", "Oui", "peut-être",
                     "=1+1", "'=SOMME(A1)", "\x00", "Structure", "Nom",
                     "Identifiant pexdesk", "a" * 300]),
    st.text(max_size=30))
FUZZ = settings(max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("modele") / "modele.db"
    with closing(Base.create(path, Profile(department_code="35", adil_name="ADIL 35"))) as base:
        partner_repo.save(base.con, Partner(name="Caf 35", category_code="CAF"),
                          [Contact(full_name="Sophie Lemoine")])
    return path


@FUZZ
@given(header=st.lists(st.one_of(st.sampled_from(HEADER), st.text(max_size=12)), max_size=9),
       rows=st.lists(st.lists(CELLS, max_size=9), max_size=12),
       xlsx=st.booleans())
def test_any_rows_give_a_plan_or_a_french_refusal(template, header, rows, xlsx):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "base.db"
        shutil.copy(template, path)
        before = path.read_bytes()
        data = _xlsx([header, *rows]) if xlsx else "\n".join(
            ";".join(c.replace(";", ",").replace('"', "") for c in row)
            for row in [header, *rows]).encode("utf-8", "replace")
        try:
            sheet = read_bytes(data, "f.xlsx" if xlsx else "f.csv")
            with closing(Base.open(path)) as base:
                plan = plan_partners(base.con, sheet)
                assert plan.valid_count + plan.invalid_count + plan.ignored_count == plan.rows_read
                commit_partners(base.con, plan)
        except PexdeskError:
            assert path.read_bytes() == before
            return


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append([exchange.cells.clean(c) if c else None for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_tag_spelled_twice_or_already_held_is_kept_once(con):
    """Tags are compared as the partner's are saved (case and the spaces around aside): a
    cell repeating one, or a file giving a tag the partner has in another case, adds none."""
    header = ["Structure", "Catégorie", "Étiquettes"]
    import_rows(con, [header,
                      ["CCAS de Vitré", "CCAS", "Relogement, relogement , Signalements"]])
    partner = partner_repo.find_by_name(con, "CCAS de Vitré")
    assert partner_repo.tags_of(con, partner.id) == ["Relogement", "Signalements"]
    _, result = import_rows(con, [header, ["CCAS de Vitré", "CCAS", " RELOGEMENT,signalements"]],
                            name="copie.csv")
    assert result.updated == 0
    assert partner_repo.tags_of(con, partner.id) == ["Relogement", "Signalements"]
