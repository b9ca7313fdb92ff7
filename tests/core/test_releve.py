"""The relevé of a meeting: its kind and date, its hours, who chaired it and held its
secretariat, every organisation that attended grouped by its voice, the counts
(left out for the kinds that examine no dossier), the notes as typed, the follow-ups with
their state on the day it is made; empty parts said so; user text printed literally; a
part's heading never left alone at a page's foot; the file written whole or not at all."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from reporting_helpers import embedded_font_names, normalise, page_texts, pdf_text

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import Action, FollowUp, Meeting, Partner
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import NotFoundError
from pexdesk.core.reference.membership import Voice
from pexdesk.core.repositories import meetings, partners, roadmap
from pexdesk.core.services.reporting import document
from pexdesk.core.services.reporting.catalog import ReportError
from pexdesk.core.services.reporting.releve import (PRIVACY, Decision, gather_releve,
                                                    render_releve)

TODAY = date(2026, 11, 27)
HELD = date(2026, 11, 16)
NOTES = ("Tour de table <b>gras</b> & co : pas de nom de ménage.\n"
         "Deuxième ligne du relevé\n"
         "\n"
         "Nouveau paragraphe sur la trêve hivernale.")
ATTENDEES = [("Mairie de Montbrézac", "COMMUNE"), ("État – DDETS du Gers", "DDETS"),
             ("CAF du Gers", "CAF"), ("Gers Habitat", "BAILSOC"), ("ADIL du Gers", "ADIL")]
"""Sorted by name, « État » among the E: ADIL, CAF, État, Gers Habitat, Mairie."""


def make_base(path: Path) -> Base:
    return Base.create(path, Profile(department_code="32", adil_name="ADIL du Gers",
                                     officer_name="Camille Martin"))


def add_partners(base: Base, names=ATTENDEES) -> dict[str, int]:
    return {name: partners.save(base.con, Partner(name=name, category_code=code)).id
            for name, code in names}


@pytest.fixture(scope="module")
def sous_ccapex(tmp_path_factory) -> tuple[Path, int]:
    """A sous-CCAPEX with five organisations, counts, notes, and a follow-up in each state."""
    path = tmp_path_factory.mktemp("releve") / "gers.db"
    with make_base(path) as base:
        ids = add_partners(base)
        meeting = meetings.save(base.con, Meeting(
            held_on=HELD, kind=MeetingKind.SOUS_CCAPEX, territory="Nord – Montbrézac",
            place="Maison des solidarités", dossiers_examined=12, opinions_issued=9,
            notes=NOTES), list(ids.values()), [
            FollowUp(description="Relancer le bailleur sur le protocole",
                     owner_partner_id=ids["Gers Habitat"], due_on=TODAY - timedelta(days=1)),
            FollowUp(description="Écrire au préfet", due_on=TODAY),
            FollowUp(description="Diffuser le relevé", owner_partner_id=ids["CAF du Gers"],
                     due_on=HELD, done=True),
            FollowUp(description="Préparer la séance suivante")])
    return path, meeting.id


def releve_of(path: Path, meeting_id: int, out: Path, today: date = TODAY) -> Path:
    with Base.open(path, read_only=True) as base:
        data = gather_releve(base.con, meeting_id, today)
    return render_releve(data, out)


@pytest.fixture(scope="module")
def sous_ccapex_pdf(sous_ccapex, tmp_path_factory) -> Path:
    return releve_of(*sous_ccapex, tmp_path_factory.mktemp("pdf") / "releve.pdf")


def test_the_title_names_the_kind_and_the_date_in_french(sous_ccapex_pdf):
    text = pdf_text(sous_ccapex_pdf)
    assert text.startswith("ADIL du Gers · Gers (32) Relevé de la réunion du 16 novembre 2026")
    assert ("RELEVÉ DE LA RÉUNION Sous-CCAPEX du 16 novembre 2026 Territoire Nord – Montbrézac "
            "Lieu Maison des solidarités Modalité Présentiel") in text


def test_every_organisation_is_listed_by_name_with_its_category(sous_ccapex_pdf):
    text = pdf_text(sous_ccapex_pdf)
    assert ("Participants 5 structures représentées. Structure Catégorie "
            "ADIL du Gers ADIL CAF du Gers CAF État – DDETS du Gers DDETS / DDETS-PP "
            "Gers Habitat Bailleur social Mairie de Montbrézac Commune / maire") in text


def test_hours_chair_and_secretariat_follow_the_place(tmp_path):
    """As far as entered: the co-presidents not entered are left out, the métropole agrees
    in the feminine."""
    path = tmp_path / "gers.db"
    with make_base(path) as base:
        ids = add_partners(base)
        meeting = meetings.save(base.con, Meeting(
            held_on=HELD, kind=MeetingKind.PLENIERE, place="Préfecture", start_time=time(9, 30),
            end_time=time(12), chair_state="PRESENT", chair_department="REPRESENTE",
            chair_metropolis="ABSENT", secretariat_partner_id=ids["État – DDETS du Gers"]))
        only_start = meetings.save(base.con, Meeting(
            held_on=HELD, kind=MeetingKind.TECHNIQUE, start_time=time(14),
            chair_state="REPRESENTE"))
    assert ("CCAPEX plénière du 16 novembre 2026 Horaires de 9 h 30 à 12 h Lieu Préfecture "
            "Modalité Présentiel Présidence État (préfet) : présent ; Conseil départemental : "
            "représenté ; Métropole : absente Secrétariat État – DDETS du Gers Participants"
            ) in pdf_text(releve_of(path, meeting.id, tmp_path / "full.pdf"))
    text = pdf_text(releve_of(path, only_start.id, tmp_path / "start.pdf"))
    assert ("Horaires à partir de 14 h Modalité Présentiel Présidence État (préfet) : "
            "représenté Participants") in text
    assert "Secrétariat" not in text and "Conseil départemental" not in text


def test_those_present_are_grouped_by_their_voice_those_unstated_last(tmp_path):
    path = tmp_path / "gers.db"
    with make_base(path) as base:
        ids = add_partners(base)
        voices = {"CAF du Gers": Voice.DELIBERATIVE, "État – DDETS du Gers": Voice.DELIBERATIVE,
                  "Gers Habitat": Voice.CONSULTATIVE, "Mairie de Montbrézac": Voice.INVITE}
        meeting = meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.TECHNIQUE),
                                list(ids.values()),
                                voices={ids[name]: voice for name, voice in voices.items()})
    assert ("Participants 5 structures représentées : 2 membres à voix délibérative, 1 membre "
            "à voix consultative, 1 invité, 1 à voix non précisée. "
            "Membres à voix délibérative (2) Structure Catégorie CAF du Gers CAF "
            "État – DDETS du Gers DDETS / DDETS-PP "
            "Membres à voix consultative (1) Structure Catégorie Gers Habitat Bailleur social "
            "Invités (1) Structure Catégorie Mairie de Montbrézac Commune / maire "
            "Voix non précisée (1) Structure Catégorie ADIL du Gers ADIL Activité"
            ) in pdf_text(releve_of(path, meeting.id, tmp_path / "r.pdf"))


def test_the_counts_of_a_sous_ccapex(sous_ccapex_pdf):
    assert ("Activité Dossiers examinés 12 Avis et recommandations émis 9"
            in pdf_text(sous_ccapex_pdf))


def test_a_meeting_without_breakdown_prints_none(sous_ccapex_pdf):
    text = pdf_text(sous_ccapex_pdf)
    assert "Avis et recommandations émis 9 Relevé / notes" in text
    assert "ventil" not in text and " par " not in text


def test_each_breakdown_entered_is_a_line_with_its_rest(tmp_path):
    """The dossiers by origin, partly broken down, then the avis by type, whole; the stage
    not entered is left out."""
    path = tmp_path / "gers.db"
    with make_base(path) as base:
        meeting = meetings.save(base.con, Meeting(
            held_on=HELD, kind=MeetingKind.TECHNIQUE, dossiers_examined=12, opinions_issued=9),
            breakdown={"ORIGIN": {"SAISINE_BAILLEUR_PM": 4, "SIGNALEMENT_CP": 6},
                       "OPINION": {"FSL": 5, "CLASSEMENT": 1, "PLAN_APUREMENT": 3}})
    text = pdf_text(releve_of(path, meeting.id, tmp_path / "r.pdf"))
    assert ("Activité Dossiers examinés 12 Avis et recommandations émis 9 "
            "Dossiers examinés par origine de la saisine Signalement de commandement de "
            "payer : 6 ; Saisine d'un bailleur personne morale : 4 ; non ventilé : 2 "
            "Avis et recommandations émis par type Aide du FSL : 5 ; Plan d'apurement de la "
            "dette : 3 ; Classement sans suite : 1 Relevé / notes") in text
    assert "stade" not in text


def test_the_agenda_s_counts_entered_show_with_the_others(tmp_path):
    """In the order of the session: inscrits, examinés, ajournés, then the avis; a count
    not entered (« non saisi ») is left out, a 0 entered is shown."""
    path = tmp_path / "gers.db"
    with make_base(path) as base:
        given = meetings.save(base.con, Meeting(
            held_on=HELD, kind=MeetingKind.TECHNIQUE, dossiers_registered=15,
            dossiers_examined=12, dossiers_adjourned=0, opinions_issued=9))
        partly = meetings.save(base.con, Meeting(
            held_on=HELD, kind=MeetingKind.SOUS_CCAPEX, territory="Sud", dossiers_examined=4,
            dossiers_adjourned=2, opinions_issued=4))
    assert ("Activité Dossiers inscrits à l'ordre du jour 15 Dossiers examinés 12 Dossiers "
            "ajournés 0 Avis et recommandations émis 9 Relevé / notes"
            in pdf_text(releve_of(path, given.id, tmp_path / "given.pdf")))
    assert ("Activité Dossiers examinés 4 Dossiers ajournés 2 Avis et recommandations émis 4 "
            "Relevé / notes" in pdf_text(releve_of(path, partly.id, tmp_path / "partly.pdf")))


def test_the_actions_dealt_with_are_listed_by_axis_code_in_the_roadmap_s_order(tmp_path):
    path = tmp_path / "gers.db"
    with make_base(path) as base:
        axes = {axis.code: axis.id for axis in roadmap.axes(base.con)}
        ids = [roadmap.save_action(base.con, Action(axis_id=axes[code], title=title)).id
               for code, title in (("FR5_DSF", "Circuit du DSF"),
                                   ("FR1_SUIVI", "Réécriture de la charte"))]
        meeting = meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.PLENIERE),
                                action_ids=ids)
    assert ("Actions de la feuille de route abordées 2 actions abordées. Axe Action "
            "FR1_SUIVI Réécriture de la charte FR5_DSF Circuit du DSF Suites à donner"
            in pdf_text(releve_of(path, meeting.id, tmp_path / "r.pdf")))


def test_the_notes_print_literally_with_their_line_breaks_and_paragraphs(sous_ccapex_pdf):
    lines = [normalise(line) for line in page_texts(sous_ccapex_pdf)[0].splitlines()]
    first = lines.index("Tour de table <b>gras</b> & co : pas de nom de ménage.")
    assert lines[first - 1] == "Relevé / notes"
    assert lines[first + 1:first + 3] == ["Deuxième ligne du relevé",
                                          "Nouveau paragraphe sur la trêve hivernale."]


def test_each_follow_up_with_its_owner_due_date_and_state_as_of_the_day(sous_ccapex_pdf):
    text = pdf_text(sous_ccapex_pdf)
    assert ("Suites à donner 4 suites à donner décidées ; état au 27 novembre 2026 : 1 faite, "
            "3 ouvertes, dont 1 en retard. Suite Responsable Échéance État "
            "Relancer le bailleur sur le protocole Gers Habitat 26/11/2026 en retard "
            "Écrire au préfet — 27/11/2026 ouverte "
            "Diffuser le relevé CAF du Gers 16/11/2026 faite "
            "Préparer la séance suivante — — ouverte") in text


def test_the_states_follow_the_day_the_releve_is_made(sous_ccapex, tmp_path):
    text = pdf_text(releve_of(*sous_ccapex, tmp_path / "r.pdf", today=TODAY + timedelta(days=1)))
    assert "état au 28 novembre 2026 : 1 faite, 3 ouvertes, dont 2 en retard." in text
    assert "Écrire au préfet — 27/11/2026 en retard" in text


@pytest.mark.parametrize("done, due, state", [
    (True, TODAY - timedelta(days=9), "faite"), (False, TODAY - timedelta(days=1), "en retard"),
    (False, TODAY, "ouverte"), (False, None, "ouverte")])
def test_a_follow_up_is_late_once_due_before_the_day_and_not_done(done, due, state):
    assert Decision("Suite", "", due, done).state(TODAY) == state


def test_footer_privacy_line_pages_and_metadata(sous_ccapex_pdf):
    text = pdf_text(sous_ccapex_pdf)
    assert text.startswith("ADIL du Gers · Gers (32) Relevé de la réunion du 16 novembre 2026 "
                           "Établi le 27 novembre 2026 avec pexdesk Page 1 / 1")
    assert text.endswith(f"— — ouverte {PRIVACY}")
    info = PdfReader(sous_ccapex_pdf).metadata
    assert info.title == "Relevé de la réunion – Sous-CCAPEX du 16 novembre 2026"
    assert info.author == "Camille Martin"
    assert "Nord – Montbrézac" in info.subject and "CCAPEX" in info["/Keywords"]


def test_fonts_are_embedded(sous_ccapex_pdf):
    assert any("Carlito" in name for name in embedded_font_names(sous_ccapex_pdf))


def test_a_groupe_de_travail_without_anything_says_so_and_prints_no_zeros(tmp_path):
    path = tmp_path / "gers.db"
    with make_base(path) as base:
        meeting = meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.GROUPE_TRAVAIL,
                                                  mode="VISIO"))
    text = pdf_text(releve_of(path, meeting.id, tmp_path / "r.pdf"))
    assert ("Groupe de travail du 16 novembre 2026 Modalité Visioconférence "
            "Participants Aucun participant enregistré. "
            "Relevé / notes Aucune note enregistrée. "
            "Actions de la feuille de route abordées Aucune action abordée. "
            f"Suites à donner Aucune suite à donner. {PRIVACY}") in text
    assert "Activité" not in text and "Dossiers" not in text and "Territoire" not in text


@pytest.mark.parametrize("kind, dossiers, shown", [
    (MeetingKind.TECHNIQUE, 0, True),  # a commission that examined nothing says so
    (MeetingKind.GROUPE_TRAVAIL, 3, True),  # counts recorded are never hidden
    (MeetingKind.PLENIERE, 0, False), (MeetingKind.COPIL_CHARTE, 0, False)])
def test_the_counts_are_left_out_only_where_nought_by_nature(tmp_path, kind, dossiers, shown):
    path = tmp_path / "gers.db"
    with make_base(path) as base:
        meeting = meetings.save(base.con, Meeting(held_on=HELD, kind=kind,
                                                  dossiers_examined=dossiers))
    text = pdf_text(releve_of(path, meeting.id, tmp_path / "r.pdf"))
    assert (f"Activité Dossiers examinés {dossiers} Avis et recommandations émis 0" in text) \
        == shown


@pytest.mark.parametrize("note_lines", range(0, 48, 3))
def test_no_heading_or_privacy_line_alone_at_a_page_s_foot(tmp_path, note_lines):
    """Notes of every length push « Suites à donner » down the page past its foot: its
    heading, sentence and first rows go over together, and the privacy line never
    starts a page alone."""
    path = tmp_path / "gers.db"
    names = [(f"Structure partenaire numéro {n:02d}", "AUTRE") for n in range(1, 19)]
    with make_base(path) as base:
        ids = add_partners(base, names)
        notes = "\n".join(f"Point {n} de l'ordre du jour." for n in range(note_lines))
        meeting = meetings.save(base.con, Meeting(
            held_on=HELD, kind=MeetingKind.TECHNIQUE, notes=notes), list(ids.values()),
            [FollowUp(description=f"Suite numéro {n}") for n in range(1, 4)])
    pages = [normalise(page) for page in page_texts(releve_of(path, meeting.id,
                                                              tmp_path / "r.pdf"))]
    (heading,) = [page for page in pages if "Suites à donner 3 suites" in page]
    assert "Suite Responsable Échéance État Suite numéro 1" in heading
    (last,) = [page for page in pages if PRIVACY in page]
    assert "Suite numéro 3" in last


def test_a_long_list_of_attendees_runs_on_with_its_header_repeated(tmp_path):
    path = tmp_path / "gers.db"
    names = [(f"Partenaire {n:03d}", "AUTRE") for n in range(1, 91)]
    with make_base(path) as base:
        ids = add_partners(base, names)
        meeting = meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.PLENIERE),
                                list(ids.values()))
    out = releve_of(path, meeting.id, tmp_path / "r.pdf")
    pages = [normalise(page) for page in page_texts(out)]
    assert len(pages) >= 3 and "90 structures représentées." in pages[0]
    assert all("Structure Catégorie" in page for page in pages[:-1])
    assert all(f"Page {n} / {len(pages)}" in page for n, page in enumerate(pages, 1))
    assert "Partenaire 001" in pages[0] and "Partenaire 090" in pdf_text(out)


def test_a_meeting_deleted_meanwhile_is_said_in_french(sous_ccapex):
    path, _ = sous_ccapex
    with Base.open(path, read_only=True) as base, pytest.raises(NotFoundError) as error:
        gather_releve(base.con, 999)
    assert str(error.value) == ("Enregistrement introuvable (réunion n° 999) : il a été "
                                "supprimé entre-temps.")


def test_a_failure_leaves_nothing_and_keeps_an_existing_file(sous_ccapex, tmp_path, monkeypatch):
    out = tmp_path / "r.pdf"
    out.write_bytes(b"%PDF- celui d'hier")

    def failing(self, story):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(document.ReportDocument, "render", failing)
    with pytest.raises(ReportError, match="Impossible d'écrire le relevé"):
        releve_of(*sous_ccapex, out)
    assert out.read_bytes() == b"%PDF- celui d'hier" and list(tmp_path.iterdir()) == [out]


def test_another_extension_is_refused_before_anything_is_written(sous_ccapex, tmp_path):
    with pytest.raises(ReportError) as error:
        releve_of(*sous_ccapex, tmp_path / "releve.docx")
    assert str(error.value) == ("Nom de fichier « .docx » refusé : un relevé de réunion (PDF) "
                                "s'écrit dans un fichier « .pdf » (par exemple releve.pdf). "
                                "Rien n'a été écrit.")
    assert list(tmp_path.iterdir()) == []
