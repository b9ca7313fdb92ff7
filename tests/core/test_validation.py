"""Every validation rule with its exact French message, uniqueness through the repositories,
all-or-nothing writes, the schema's own CHECKs, transactions and storage errors."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from datetime import date, timedelta

import pytest

from pexdesk.core.db.connection import connect, storage_message, transaction
from pexdesk.core.domain.kinds import NOT_CONCERNED, ActionStatus, MeetingKind, MeetingMode
from pexdesk.core.domain.models import (Action, Axis, Campaign, CampaignItem, Contact, Deliverable,
                                        FollowUp, Indicator, IndicatorValue, JournalEntry, Meeting,
                                        Partner, Response)
from pexdesk.core.domain.profile import Profile
from pexdesk.core.domain.rules import EARLIEST_DATE, PLANNING_HORIZON, format_date, format_phone
from pexdesk.core.errors import FieldError, StorageError, ValidationError
from pexdesk.core.repositories import feedback, indicators, mapper, meetings, partners, roadmap

TODAY = date(2025, 6, 15)
TOMORROW = date(2025, 6, 16)         # « 16 juin 2025 »
OLD = date(1999, 12, 31)             # « 31 décembre 1999 »
FAR = date(2040, 1, 1)               # « 1er janvier 2040 »
MARCH, FEBRUARY = date(2025, 3, 1), date(2025, 2, 1)


# --- expected messages, spelled out independently of rules.py ---------------------------------

def required(label):
    return f"« {label} » est obligatoire."


def too_long(label, limit):
    def grouped(number):  # « 20 000 », thousands apart by a narrow no-break space
        return f"{number:,}".replace(",", "\u202f")

    return (f"« {label} » ne doit pas dépasser {grouped(limit)} caractères "
            f"(actuellement {grouped(limit + 1)}).")


def before_2000(label, when="31 décembre 1999"):
    return f"« {label} » : la date {when} est antérieure à 2000."


def in_future(label, when="16 juin 2025"):
    return f"« {label} » : la date {when} est dans le futur."


def too_far(label, when="1er janvier 2040"):
    return f"« {label} » : la date {when} est trop éloignée dans le futur."


def precedes(end_label, start_label):
    return f"« {end_label} » (1er février 2025) précède « {start_label} » (1er mars 2025)."


def unknown(label, value):
    return f"« {label} » : valeur inconnue « {value} »."


def between(label, low, high):
    return f"« {label} » doit être compris entre {low} et {high}."


def not_integer(label):
    return f"« {label} » doit être un nombre entier."


def not_department(label, code):
    return f"« {label} » : « {code} » n'est pas un code de département français."


BAD_ANSWERS = "« Réponses » : chaque note doit être comprise entre 1 et 5 ou « non concerné »."
S201, S501, L20001, C41 = "s" * 201, "q" * 501, "l" * 20_001, "C" * 41

VALID = {
    Profile: dict(department_code="35", adil_name="ADIL d'Ille-et-Vilaine"),
    Partner: dict(name="CAF d'Ille-et-Vilaine", category_code="CAF"),
    Contact: dict(full_name="Marie Durand"),
    Meeting: dict(held_on=date(2025, 3, 10), kind=MeetingKind.PLENIERE),
    FollowUp: dict(description="Envoyer le compte rendu aux membres"),
    Axis: dict(code="LOCAL", label_text="Axe local"),
    Action: dict(axis_id=1, title="Former les agents d'accueil des bailleurs"),
    JournalEntry: dict(entry_on=date(2025, 3, 1), text="Réunion de lancement tenue"),
    Deliverable: dict(label_text="Guide du DSF"),
    Indicator: dict(code="LOCAL", label_text="Indicateur local"),
    IndicatorValue: dict(indicator_id=1, department_code="35", month=date(2025, 1, 1), value=12),
    Campaign: dict(name="Baromètre des partenaires 2025"),
    CampaignItem: dict(label_text="L'information circule-t-elle bien ?"),
    Response: dict(campaign_id=1, category_code="CAF", department_code="35"),
}


def make(cls, **overrides):
    return cls(**{**VALID[cls], **overrides})


def case(cls, overrides, *expected, id):
    return pytest.param(cls, overrides, [FieldError(f, m) for f, m in expected], id=id)


RULES = [
    # Profile
    case(Profile, {"department_code": ""}, ("department_code", required("Département")),
         id="profile-department-required"),
    case(Profile, {"adil_name": ""}, ("adil_name", required("ADIL")), id="profile-adil-required"),
    case(Profile, {"adil_name": "  \t"}, ("adil_name", required("ADIL")), id="profile-adil-blank"),
    case(Profile, {"adil_name": S201}, ("adil_name", too_long("ADIL", 200)), id="profile-adil-long"),
    case(Profile, {"officer_name": S201}, ("officer_name", too_long("Chargé(e) de mission", 200)),
         id="profile-officer-long"),
    case(Profile, {"mission_start": OLD}, ("mission_start", before_2000("Début de la mission")),
         id="profile-start-before-2000"),
    case(Profile, {"mission_start": FAR}, ("mission_start", too_far("Début de la mission")),
         id="profile-start-far"),
    case(Profile, {"mission_end": FAR}, ("mission_end", too_far("Fin de la mission")),
         id="profile-end-far"),
    case(Profile, {"mission_start": MARCH, "mission_end": FEBRUARY},
         ("mission_end", precedes("Fin de la mission", "Début de la mission")),
         id="profile-end-before-start"),
    # Partner
    case(Partner, {"name": ""}, ("name", required("Organisation")), id="partner-name-required"),
    case(Partner, {"name": "   "}, ("name", required("Organisation")), id="partner-name-blank"),
    case(Partner, {"name": S201}, ("name", too_long("Organisation", 200)), id="partner-name-long"),
    case(Partner, {"territory": S201}, ("territory", too_long("Territoire", 200)),
         id="partner-territory-long"),
    case(Partner, {"notes": L20001}, ("notes", too_long("Notes", 20_000)), id="partner-notes-long"),
    case(Partner, {"category_code": ""}, ("category_code", required("Catégorie")),
         id="partner-category-required"),
    case(Partner, {"category_code": "XYZ"}, ("category_code", unknown("Catégorie", "XYZ")),
         id="partner-category-unknown"),
    case(Partner, {"category_code": "caf"}, ("category_code", unknown("Catégorie", "caf")),
         id="partner-category-lowercase"),
    case(Partner, {"charter_signatory": True, "charter_signed_on": TOMORROW},
         ("charter_signed_on", in_future("Date de signature de la charte")),
         id="partner-signed-future"),
    case(Partner, {"charter_signatory": True, "charter_signed_on": OLD},
         ("charter_signed_on", before_2000("Date de signature de la charte")),
         id="partner-signed-before-2000"),
    case(Partner, {"charter_signatory": False, "charter_signed_on": date(2024, 1, 1)},
         ("charter_signed_on", "« Date de signature de la charte » n'a de sens que si le "
                               "partenaire est signataire de la charte."),
         id="partner-signed-not-signatory"),
    # Contact
    case(Contact, {"full_name": ""}, ("full_name", required("Nom du contact")),
         id="contact-name-required"),
    case(Contact, {"full_name": S201}, ("full_name", too_long("Nom du contact", 200)),
         id="contact-name-long"),
    case(Contact, {"role": S201}, ("role", too_long("Fonction", 200)), id="contact-role-long"),
    case(Contact, {"email": "m" * 196 + "@b.fr"}, ("email", too_long("E-mail", 200)),
         id="contact-email-long"),
    *[case(Contact, {"email": bad},
           ("email", f"« E-mail » : « {bad} » n'est pas une adresse e-mail valide."),
           id=f"contact-email-{bad}")
      for bad in ("marie", "marie@", "marie@adil35", "ma rie@adil35.org", "marie@@adil35.org",
                  "@adil35.org", "marie@adil35.org;", "marie,paul@adil35.org",
                  "<marie@adil35.org>")],
    *[case(Contact, {"phone": bad},
           ("phone", f"« Téléphone » : « {bad} » n'est pas un numéro de téléphone valide."),
           id=f"contact-phone-{bad}")
      for bad in ("12345", "02 99 78 27 2A", "téléphone", "1234567890123456", "++33299782727")],
    case(Contact, {"phone": "0" * 201}, ("phone", too_long("Téléphone", 200)),
         ("phone", f"« Téléphone » : « {'0' * 201} » n'est pas un numéro de téléphone valide."),
         id="contact-phone-long"),
    # Meeting
    case(Meeting, {"held_on": None}, ("held_on", required("Date de la réunion")),
         id="meeting-date-required"),
    case(Meeting, {"held_on": OLD}, ("held_on", before_2000("Date de la réunion")),
         id="meeting-date-before-2000"),
    case(Meeting, {"held_on": FAR}, ("held_on", too_far("Date de la réunion")),
         id="meeting-date-far"),
    case(Meeting, {"kind": "CCAPEX"}, ("kind", unknown("Type de réunion", "CCAPEX")),
         id="meeting-kind-unknown"),
    case(Meeting, {"mode": "TELEPHONE"}, ("mode", unknown("Modalité", "TELEPHONE")),
         id="meeting-mode-unknown"),
    case(Meeting, {"kind": MeetingKind.SOUS_CCAPEX},
         ("territory", "« Territoire » est obligatoire pour une sous-CCAPEX."),
         id="meeting-sous-ccapex-no-territory"),
    case(Meeting, {"kind": MeetingKind.SOUS_CCAPEX, "territory": "   "},
         ("territory", "« Territoire » est obligatoire pour une sous-CCAPEX."),
         id="meeting-sous-ccapex-blank-territory"),
    case(Meeting, {"territory": S201}, ("territory", too_long("Territoire", 200)),
         id="meeting-territory-long"),
    case(Meeting, {"place": S201}, ("place", too_long("Lieu", 200)), id="meeting-place-long"),
    case(Meeting, {"notes": L20001}, ("notes", too_long("Notes", 20_000)), id="meeting-notes-long"),
    case(Meeting, {"dossiers_examined": -1},
         ("dossiers_examined", between("Dossiers examinés", 0, 10000)), id="meeting-dossiers-negative"),
    case(Meeting, {"dossiers_examined": 10_001},
         ("dossiers_examined", between("Dossiers examinés", 0, 10000)), id="meeting-dossiers-huge"),
    case(Meeting, {"dossiers_examined": "12"},
         ("dossiers_examined", not_integer("Dossiers examinés")), id="meeting-dossiers-text"),
    case(Meeting, {"dossiers_examined": 2.5},
         ("dossiers_examined", not_integer("Dossiers examinés")), id="meeting-dossiers-float"),
    case(Meeting, {"dossiers_examined": True},
         ("dossiers_examined", not_integer("Dossiers examinés")), id="meeting-dossiers-bool"),
    case(Meeting, {"opinions_issued": -1},
         ("opinions_issued", between("Avis et recommandations émis", 0, 10000)),
         id="meeting-opinions-negative"),
    # FollowUp
    case(FollowUp, {"description": ""}, ("description", required("Suite à donner")),
         id="followup-description-required"),
    case(FollowUp, {"description": L20001}, ("description", too_long("Suite à donner", 20_000)),
         id="followup-description-long"),
    case(FollowUp, {"due_on": OLD}, ("due_on", before_2000("Échéance")), id="followup-due-old"),
    case(FollowUp, {"due_on": FAR}, ("due_on", too_far("Échéance")), id="followup-due-far"),
    # Axis
    case(Axis, {"code": ""}, ("code", required("Code de l'axe")), id="axis-code-required"),
    case(Axis, {"code": C41}, ("code", too_long("Code de l'axe", 40)), id="axis-code-long"),
    case(Axis, {"label_text": ""}, ("label_text", required("Intitulé de l'axe")),
         id="axis-label-required"),
    case(Axis, {"label_text": S201}, ("label_text", too_long("Intitulé de l'axe", 200)),
         id="axis-label-long"),
    case(Axis, {"description": L20001}, ("description", too_long("Description", 20_000)),
         id="axis-description-long"),
    # Action
    case(Action, {"axis_id": None}, ("axis_id", "« Axe » est obligatoire."), id="action-axis-required"),
    case(Action, {"title": ""}, ("title", required("Intitulé de l'action")), id="action-title-required"),
    case(Action, {"title": S201}, ("title", too_long("Intitulé de l'action", 200)),
         id="action-title-long"),
    case(Action, {"description": L20001}, ("description", too_long("Description", 20_000)),
         id="action-description-long"),
    case(Action, {"status": "FINIE"}, ("status", unknown("Statut", "FINIE")), id="action-status-unknown"),
    case(Action, {"progress": -1}, ("progress", between("Avancement (%)", 0, 100)),
         id="action-progress-negative"),
    case(Action, {"progress": 101}, ("progress", between("Avancement (%)", 0, 100)),
         id="action-progress-101"),
    case(Action, {"progress": 50.5}, ("progress", not_integer("Avancement (%)")),
         id="action-progress-float"),
    case(Action, {"start_on": OLD}, ("start_on", before_2000("Date de début")), id="action-start-old"),
    case(Action, {"start_on": FAR}, ("start_on", too_far("Date de début")), id="action-start-far"),
    case(Action, {"due_on": FAR}, ("due_on", too_far("Échéance")), id="action-due-far"),
    case(Action, {"start_on": MARCH, "due_on": FEBRUARY},
         ("due_on", precedes("Échéance", "Date de début")), id="action-due-before-start"),
    # JournalEntry
    case(JournalEntry, {"entry_on": None}, ("entry_on", required("Date de l'étape")),
         id="journal-date-required"),
    case(JournalEntry, {"entry_on": TOMORROW}, ("entry_on", in_future("Date de l'étape")),
         id="journal-date-future"),
    case(JournalEntry, {"entry_on": OLD}, ("entry_on", before_2000("Date de l'étape")),
         id="journal-date-old"),
    case(JournalEntry, {"text": ""}, ("text", required("Note d'avancement")), id="journal-text-required"),
    case(JournalEntry, {"text": L20001}, ("text", too_long("Note d'avancement", 20_000)),
         id="journal-text-long"),
    # Deliverable
    case(Deliverable, {"label_text": ""}, ("label_text", required("Livrable")),
         id="deliverable-label-required"),
    case(Deliverable, {"label_text": S201}, ("label_text", too_long("Livrable", 200)),
         id="deliverable-label-long"),
    case(Deliverable, {"delivered_on": TOMORROW}, ("delivered_on", in_future("Date de livraison")),
         id="deliverable-date-future"),
    case(Deliverable, {"delivered_on": OLD}, ("delivered_on", before_2000("Date de livraison")),
         id="deliverable-date-old"),
    # Indicator
    case(Indicator, {"code": ""}, ("code", required("Code de l'indicateur")),
         id="indicator-code-required"),
    case(Indicator, {"code": C41}, ("code", too_long("Code de l'indicateur", 40)),
         id="indicator-code-long"),
    case(Indicator, {"label_text": " "}, ("label_text", required("Intitulé de l'indicateur")),
         id="indicator-label-required"),
    case(Indicator, {"label_text": S201}, ("label_text", too_long("Intitulé de l'indicateur", 200)),
         id="indicator-label-long"),
    case(Indicator, {"unit": "kg"}, ("unit", unknown("Unité", "kg")), id="indicator-unit-unknown"),
    case(Indicator, {"periodicity": "S"}, ("periodicity", unknown("Périodicité", "S")),
         id="indicator-periodicity-unknown"),
    # IndicatorValue
    case(IndicatorValue, {"indicator_id": None}, ("indicator_id", required("Indicateur")),
         id="value-indicator-required"),
    case(IndicatorValue, {"department_code": ""}, ("department_code", required("Département")),
         id="value-department-required"),
    case(IndicatorValue, {"month": None}, ("month", required("Mois")), id="value-month-required"),
    case(IndicatorValue, {"month": date(2025, 1, 15)},
         ("month", "« Mois » doit être le premier jour du mois."), id="value-month-not-first-day"),
    case(IndicatorValue, {"month": date(2025, 7, 1)}, ("month", in_future("Mois", "1er juillet 2025")),
         id="value-month-future"),
    case(IndicatorValue, {"month": date(1999, 12, 1)},
         ("month", before_2000("Mois", "1er décembre 1999")), id="value-month-old"),
    case(IndicatorValue, {"value": -1}, ("value", "« Valeur » ne peut pas être négative."),
         id="value-negative"),
    case(IndicatorValue, {"value": -0.5}, ("value", "« Valeur » ne peut pas être négative."),
         id="value-negative-decimal"),
    case(IndicatorValue, {"source": S201}, ("source", too_long("Source", 200)), id="value-source-long"),
    case(IndicatorValue, {"comment": L20001}, ("comment", too_long("Commentaire", 20_000)),
         id="value-comment-long"),
    # Campaign
    case(Campaign, {"name": ""}, ("name", required("Nom de la campagne")), id="campaign-name-required"),
    case(Campaign, {"name": S201}, ("name", too_long("Nom de la campagne", 200)),
         id="campaign-name-long"),
    case(Campaign, {"notes": L20001}, ("notes", too_long("Notes", 20_000)), id="campaign-notes-long"),
    case(Campaign, {"period_start": OLD}, ("period_start", before_2000("Début de la collecte")),
         id="campaign-start-old"),
    case(Campaign, {"period_end": FAR}, ("period_end", too_far("Fin de la collecte")),
         id="campaign-end-far"),
    case(Campaign, {"period_start": MARCH, "period_end": FEBRUARY},
         ("period_end", precedes("Fin de la collecte", "Début de la collecte")),
         id="campaign-end-before-start"),
    case(Campaign, {"consulted_count": -1},
         ("consulted_count", between("Partenaires sollicités", 0, 100000)),
         id="campaign-consulted-negative"),
    case(Campaign, {"consulted_count": "10"},
         ("consulted_count", not_integer("Partenaires sollicités")), id="campaign-consulted-text"),
    # CampaignItem
    case(CampaignItem, {"label_text": ""}, ("label_text", required("Question")),
         id="item-label-required"),
    case(CampaignItem, {"label_text": S501}, ("label_text", too_long("Question", 500)),
         id="item-label-long"),
    case(CampaignItem, {"code": C41}, ("code", too_long("Code de la question", 40)),
         id="item-code-long"),
    # Response
    case(Response, {"campaign_id": None}, ("campaign_id", required("Campagne")),
         id="response-campaign-required"),
    case(Response, {"category_code": ""}, ("category_code", required("Catégorie de partenaire")),
         id="response-category-required"),
    case(Response, {"category_code": "XYZ"},
         ("category_code", unknown("Catégorie de partenaire", "XYZ")), id="response-category-unknown"),
    case(Response, {"department_code": ""}, ("department_code", required("Département")),
         id="response-department-required"),
    case(Response, {"overall_score": 0}, ("overall_score", between("Appréciation globale", 1, 5)),
         id="response-overall-0"),
    case(Response, {"overall_score": 6}, ("overall_score", between("Appréciation globale", 1, 5)),
         id="response-overall-6"),
    case(Response, {"overall_score": "4"}, ("overall_score", not_integer("Appréciation globale")),
         id="response-overall-text"),
    case(Response, {"responded_on": TOMORROW}, ("responded_on", in_future("Date de réponse")),
         id="response-date-future"),
    case(Response, {"responded_on": OLD}, ("responded_on", before_2000("Date de réponse")),
         id="response-date-old"),
    *[case(Response, {"answers": {1: 5, 2: bad}}, ("answers", BAD_ANSWERS), id=f"response-answer-{bad!r}")
      for bad in (0, 6, -1, True, "3", "nc", None, 2.5)],
    case(Response, {"comment": L20001}, ("comment", too_long("Commentaire", 20_000)),
         id="response-comment-long"),
    case(Response, {"origin": "XX"}, ("origin", unknown("Origine", "XX")), id="response-origin-unknown"),
    case(Response, {"origin": "FICHIER"},
         ("origin_file", "« Fichier d'origine » est obligatoire pour une réponse importée."),
         ("origin_row", "« Ligne du fichier d'origine » est obligatoire pour une réponse importée."),
         id="response-file-origin-without-file"),
    case(Response, {"origin": "FICHIER", "origin_file": "export.csv"},
         ("origin_row", "« Ligne du fichier d'origine » est obligatoire pour une réponse importée."),
         id="response-file-origin-without-row"),
    case(Response, {"origin": "FICHIER", "origin_file": "export.csv", "origin_row": 0},
         ("origin_row", "« Ligne du fichier d'origine » doit être au moins 1."),
         id="response-file-origin-row-0"),
]


@pytest.mark.parametrize("cls", VALID, ids=lambda cls: cls.__name__)
def test_valid_records_have_no_problem(cls):
    assert make(cls).problems(today=TODAY) == []


@pytest.mark.parametrize("cls, overrides, expected", RULES)
def test_rule_gives_exact_french_message_for_its_field(cls, overrides, expected):
    record = make(cls, **overrides)
    assert record.problems(today=TODAY) == expected
    with pytest.raises(ValidationError) as error:
        record.check(today=TODAY)
    assert error.value.errors == expected
    assert str(error.value) == "\n".join(e.message for e in expected)
    assert error.value.field == expected[0].field
    assert error.value.for_field(expected[0].field) == [e.message for e in expected
                                                        if e.field == expected[0].field]


def test_every_record_type_has_rules_tested():
    tested = {p.values[0] for p in RULES}
    assert tested == set(VALID)


def test_literal_messages():
    """A few messages written out in full, as a user reads them."""
    problems = Partner(name="", category_code="XYZ").problems(today=TODAY)
    assert [p.message for p in problems] == ["« Organisation » est obligatoire.",
                                             "« Catégorie » : valeur inconnue « XYZ »."]
    problems = Action(axis_id=1, title="T", progress=120, start_on=date(2025, 3, 1),
                      due_on=date(2025, 2, 1)).problems(today=TODAY)
    assert [p.message for p in problems] == [
        "« Avancement (%) » doit être compris entre 0 et 100.",
        "« Échéance » (1er février 2025) précède « Date de début » (1er mars 2025)."]
    problems = Profile(department_code="20", adil_name="ADIL").problems(today=TODAY)
    assert [p.message for p in problems] == [
        "« Département » : « 20 » n'est pas un code de département français."]


def test_all_problems_reported_at_once_in_field_order():
    problems = Meeting(held_on=None, kind=MeetingKind.SOUS_CCAPEX, mode="X",
                       dossiers_examined=-3).problems(today=TODAY)
    assert [p.field for p in problems] == ["held_on", "mode", "territory", "dossiers_examined"]


# --- départements ----------------------------------------------------------------------------

DEPARTMENT_HOLDERS = [
    pytest.param(Profile, "department_code", "Département", id="profile"),
    pytest.param(IndicatorValue, "department_code", "Département", id="indicator-value"),
    pytest.param(Response, "department_code", "Département", id="response"),
]


@pytest.mark.parametrize("cls, attr, label", DEPARTMENT_HOLDERS)
@pytest.mark.parametrize("code", ["20", "975", "96", "00", "1", "2a", "2C", "977", "35 ", "FR"])
def test_unknown_department_code_is_refused(cls, attr, label, code):
    assert make(cls, **{attr: code}).problems(today=TODAY) == [
        FieldError(attr, not_department(label, code))]


@pytest.mark.parametrize("cls, attr, label", DEPARTMENT_HOLDERS)
@pytest.mark.parametrize("code", ["01", "09", "19", "2A", "2B", "21", "69", "95",
                                  "971", "972", "973", "974", "976"])
def test_known_department_code_is_accepted(cls, attr, label, code):
    assert make(cls, **{attr: code}).problems(today=TODAY) == []


# --- boundaries that must pass ----------------------------------------------------------------

@pytest.mark.parametrize("cls, overrides", [
    (Profile, {"mission_start": EARLIEST_DATE, "mission_end": TODAY + PLANNING_HORIZON}),
    (Profile, {"mission_start": MARCH, "mission_end": MARCH}),
    (Partner, {"name": "n" * 200, "territory": "t" * 200, "notes": "x" * 20_000}),
    (Partner, {"charter_signatory": True, "charter_signed_on": TODAY}),
    (Partner, {"charter_signatory": True, "charter_signed_on": None}),
    *[(Contact, {"email": ok}) for ok in ("marie.durand@adil35.org", "  m@a.fr ", "",
                                         "o'neil+ccapex@adil35.org")],
    *[(Contact, {"phone": ok}) for ok in ("02 99 78 27 27", "+33 2 99 78 27 27", "02.99.78.27.27",
                                         "0299782727", "(02) 99-78-27-27", "0262 12 34 56", "")],
    (Meeting, {"kind": MeetingKind.SOUS_CCAPEX, "territory": "Pays de Vitré"}),
    (Meeting, {"dossiers_examined": 0, "opinions_issued": 10_000}),
    *[(Meeting, {"kind": kind}) for kind in MeetingKind if kind != MeetingKind.SOUS_CCAPEX],
    *[(Meeting, {"mode": mode}) for mode in MeetingMode],
    (Meeting, {"held_on": TODAY + PLANNING_HORIZON}),
    (Axis, {"code": "C" * 40}),
    (Action, {"progress": 0}),
    (Action, {"progress": 100, "status": ActionStatus.REALISEE}),
    *[(Action, {"status": status}) for status in ActionStatus],
    (Action, {"start_on": MARCH, "due_on": MARCH}),
    (JournalEntry, {"entry_on": TODAY}),
    (JournalEntry, {"entry_on": EARLIEST_DATE}),
    (Deliverable, {"delivered_on": TODAY}),
    *[(Indicator, {"unit": unit}) for unit in ("nb", "%", "€", "j")],
    *[(Indicator, {"periodicity": p}) for p in ("M", "T", "A")],
    (IndicatorValue, {"value": None}),
    (IndicatorValue, {"value": 0}),
    (IndicatorValue, {"value": 12.5}),
    (IndicatorValue, {"month": date(2025, 6, 1)}),
    (Campaign, {"consulted_count": 0}),
    (Campaign, {"consulted_count": None}),
    (CampaignItem, {"label_text": "q" * 500, "code": "Q" * 40}),
    (Response, {"overall_score": 1}),
    (Response, {"overall_score": 5}),
    (Response, {"overall_score": None}),
    (Response, {"answers": {1: 1, 2: 5, 3: NOT_CONCERNED}}),
    (Response, {"origin": "FICHIER", "origin_file": "export.csv", "origin_row": 2}),
    (Response, {"responded_on": TODAY}),
], ids=lambda v: v.__name__ if isinstance(v, type) else None)
def test_boundary_values_are_accepted(cls, overrides):
    assert make(cls, **overrides).problems(today=TODAY) == []


def test_dates_are_checked_against_the_real_today_by_default():
    tomorrow = date.today() + timedelta(days=1)
    assert make(JournalEntry, entry_on=tomorrow).problems() == [
        FieldError("entry_on", in_future("Date de l'étape", format_date(tomorrow)))]
    assert make(JournalEntry, entry_on=date.today()).problems() == []


@pytest.mark.parametrize("value, text", [
    (date(2023, 3, 15), "15 mars 2023"), (date(2024, 2, 1), "1er février 2024"),
    (date(2025, 8, 31), "31 août 2025"), (date(2025, 12, 2), "2 décembre 2025"),
])
def test_format_date(value, text):
    assert format_date(value) == text


@pytest.mark.parametrize("typed, shown", [
    ("0299782727", "02 99 78 27 27"), ("+33 2 99 78 27 27", "02 99 78 27 27"),
    ("02.99.78.27.27", "02 99 78 27 27"), (" +41 22 123 45 67 ", "+41 22 123 45 67"),
])
def test_format_phone(typed, shown):
    assert format_phone(typed) == shown


# --- through the repositories: validation and uniqueness --------------------------------------

def test_repositories_validate_before_writing(con, row_counts):
    before = row_counts(con)
    with pytest.raises(ValidationError) as error:
        partners.save(con, Partner(name="", category_code="CAF"))
    assert error.value.errors == [FieldError("name", required("Organisation"))]
    with pytest.raises(ValidationError):
        meetings.save(con, Meeting(held_on=date(2024, 1, 1), kind=MeetingKind.SOUS_CCAPEX))
    with pytest.raises(ValidationError):
        mapper.insert(con, make(IndicatorValue, value=-1))
    assert row_counts(con) == before


def _partner(con, name="CAF d'Ille-et-Vilaine", **extra):
    return partners.save(con, Partner(name=name, category_code="CAF", **extra))


def _campaign(con, name="Baromètre 2025", items=("Question 1",)):
    return feedback.create_campaign(con, Campaign(name=name), list(items))


def _indicator_id(con, code="ASSIGN"):
    return con.execute("SELECT id FROM indicator WHERE code = ?", (code,)).fetchone()[0]


UNIQUENESS = [
    pytest.param(_partner,
                 lambda con: _partner(con, "caf D'ILLE-ET-VILAINE"),
                 "name", "Un partenaire porte déjà le nom « caf D'ILLE-ET-VILAINE ».",
                 id="partner-name-any-case"),
    pytest.param(lambda con: (_partner(con), _partner(con, "CCAS de Rennes")),
                 lambda con: partners.save(con, Partner(
                     id=partners.find_by_name(con, "CCAS de Rennes").id, name="CAF D'Ille-et-Vilaine",
                     category_code="CCAS")),
                 "name", "Un partenaire porte déjà le nom « CAF D'Ille-et-Vilaine ».",
                 id="partner-renamed-onto-another"),
    pytest.param(_campaign, lambda con: _campaign(con, "baromètre 2025"),
                 "name", "Une campagne porte déjà le nom « baromètre 2025 ».",
                 id="campaign-name-any-case"),
    pytest.param(lambda con: None,
                 lambda con: roadmap.save_axis(con, Axis(code="FR1_SUIVI", label_text="Doublon")),
                 "code", "Un axe porte déjà le code « FR1_SUIVI ».", id="axis-code"),
    pytest.param(lambda con: None,
                 lambda con: indicators.save_indicator(con, Indicator(code="ASSIGN",
                                                                      label_text="Doublon")),
                 "code", "Un indicateur porte déjà le code « ASSIGN ».", id="indicator-code"),
    pytest.param(lambda con: None,
                 lambda con: _campaign(con, items=["Question 1", "Accueil", "question 1"]),
                 "label_text", "La campagne contient déjà la question « question 1 ».",
                 id="item-label-in-new-campaign"),
    pytest.param(lambda con: indicators.set_values(con, [make(IndicatorValue,
                                                              indicator_id=_indicator_id(con))]),
                 lambda con: mapper.insert(con, make(IndicatorValue, indicator_id=_indicator_id(con),
                                                     value=99)),
                 "month", "Une valeur existe déjà pour cet indicateur, ce département et ce mois.",
                 id="indicator-value-raw-insert"),
]


@pytest.mark.parametrize("setup, duplicate, field, message", UNIQUENESS)
def test_uniqueness_is_enforced_with_a_french_message(con, row_counts, setup, duplicate, field,
                                                      message):
    setup(con)
    before = row_counts(con)
    with pytest.raises(ValidationError) as error:
        duplicate(con)
    assert error.value.errors == [FieldError(field, message)]
    assert row_counts(con) == before
    assert not con.in_transaction


def test_same_label_allowed_in_two_campaigns(con):
    _campaign(con, "Baromètre 2024", ["Question 1"])
    _campaign(con, "Baromètre 2025", ["Question 1"])
    assert con.execute("SELECT count(*) FROM campaign_item").fetchone()[0] == 2


def test_set_values_replaces_the_value_of_the_same_month(con):
    indicator = _indicator_id(con)
    first = make(IndicatorValue, indicator_id=indicator, value=10, source="EXPLOC")
    indicators.set_values(con, [first])
    stored = indicators.values_between(con, "35", date(2025, 1, 1), date(2025, 1, 1))
    assert [(v.value, v.source) for v in stored] == [(10, "EXPLOC")]
    original = stored[0]

    indicators.set_values(con, [make(IndicatorValue, indicator_id=indicator, value=None,
                                     comment="non transmis"),
                                make(IndicatorValue, indicator_id=indicator,
                                     month=date(2025, 2, 1), value=7)])
    stored = indicators.values_between(con, "35", date(2025, 1, 1), date(2025, 12, 1))
    assert [(v.month, v.value, v.comment) for v in stored] == [
        (date(2025, 1, 1), None, "non transmis"), (date(2025, 2, 1), 7, "")]
    assert (stored[0].id, stored[0].uuid, stored[0].created_at) == (
        original.id, original.uuid, original.created_at)
    assert con.execute("SELECT count(*) FROM indicator_value").fetchone()[0] == 2


def test_set_values_is_all_or_nothing(con, row_counts):
    indicator = _indicator_id(con)
    before = row_counts(con)
    with pytest.raises(ValidationError) as error:
        indicators.set_values(con, [make(IndicatorValue, indicator_id=indicator),
                                    make(IndicatorValue, indicator_id=indicator,
                                         month=date(2025, 2, 1), value=-4)])
    assert error.value.errors == [FieldError("value", "« Valeur » ne peut pas être négative.")]
    assert row_counts(con) == before


def test_a_percentage_over_100_is_refused_by_the_core(con, row_counts):
    """The value alone does not know its unit: the repository checks it, for every way in
    (the grid, a paste, a script), and nothing of the batch is written."""
    share, count = _indicator_id(con, "DSF_PRESENCE"), _indicator_id(con)
    before = row_counts(con)
    with pytest.raises(ValidationError) as error:
        indicators.set_values(con, [make(IndicatorValue, indicator_id=count, value=480),
                                    make(IndicatorValue, indicator_id=share, value=100.5)])
    assert error.value.errors == [FieldError(
        "value", "« Valeur » : un pourcentage ne dépasse pas 100 (100,5 refusé).")]
    assert row_counts(con) == before
    indicators.set_values(con, [make(IndicatorValue, indicator_id=share, value=100)])
    assert con.execute("SELECT value FROM indicator_value").fetchone()[0] == 100


# --- a refused action writes nothing ----------------------------------------------------------

def test_partner_with_one_invalid_contact_writes_neither(con, row_counts):
    before = row_counts(con)
    with pytest.raises(ValidationError) as error:
        partners.save(con, Partner(name="UDAF 35", category_code="UDAF"),
                      [Contact(full_name="Paul Martin", email="paul@udaf35.fr"),
                       Contact(full_name="Julie Morel", email="julie.udaf35.fr")],
                      tags=["tutelle"])
    assert error.value.errors == [FieldError(
        "contacts[1].email", "« E-mail » : « julie.udaf35.fr » n'est pas une adresse e-mail valide.")]
    assert row_counts(con) == before
    assert partners.find_by_name(con, "UDAF 35") is None


def test_partner_and_contact_problems_are_reported_together(con):
    with pytest.raises(ValidationError) as error:
        partners.save(con, Partner(name="", category_code="UDAF"),
                      [Contact(full_name=""), Contact(full_name="Ok", phone="12")])
    assert [e.field for e in error.value.errors] == [
        "name", "contacts[0].full_name", "contacts[1].phone"]


def test_refused_update_keeps_the_stored_partner_and_contacts(con, row_counts):
    partner = partners.save(con, Partner(name="CCAS de Rennes", category_code="CCAS"),
                            [Contact(full_name="Anne Leroy"), Contact(full_name="Luc Briand")],
                            tags=["ccas"])
    stored = [(c.id, c.uuid, c.full_name) for c in partners.contacts_of(con, partner.id)]
    before = row_counts(con)
    partner.notes = "Changement qui ne doit pas rester"
    with pytest.raises(ValidationError) as error:
        partners.save(con, partner, [Contact(full_name="Nouveau")], tags=["t" * 61])
    assert error.value.field == "tags"
    assert row_counts(con) == before
    assert [(c.id, c.uuid, c.full_name) for c in partners.contacts_of(con, partner.id)] == stored
    assert partners.find_by_name(con, "CCAS de Rennes").notes == ""
    assert partners.tags_of(con, partner.id) == ["ccas"]


def test_contacts_keep_their_uuid_across_saves(con):
    partner = partners.save(con, Partner(name="CCAS de Rennes", category_code="CCAS"),
                            [Contact(full_name="Anne Leroy"), Contact(full_name="Luc Briand")])
    anne, luc = partners.contacts_of(con, partner.id)
    anne.role = "Directrice"
    partners.save(con, partner, [anne, Contact(full_name="Zoé Nouvelle")])
    after = partners.contacts_of(con, partner.id)
    assert [(c.full_name, c.role) for c in after] == [("Anne Leroy", "Directrice"),
                                                      ("Zoé Nouvelle", "")]
    assert after[0].uuid == anne.uuid and after[0].id == anne.id
    assert luc.uuid not in {c.uuid for c in after}


MISSING_REFERENCE = "Cet enregistrement fait référence à un élément qui n'existe pas (ou plus) dans la base."

PARTIAL_WRITES = [
    pytest.param(lambda con, ids: meetings.save(
        con, Meeting(held_on=date(2024, 5, 2), kind=MeetingKind.PLENIERE),
        attendee_ids=[ids["partner"], 99_999]),
        "", MISSING_REFERENCE, id="meeting-with-missing-attendee"),
    pytest.param(lambda con, ids: meetings.save(
        con, Meeting(held_on=date(2024, 5, 2), kind=MeetingKind.PLENIERE),
        followups=[FollowUp(description="Relancer", owner_partner_id=ids["partner"]),
                   FollowUp(description="Écrire", owner_partner_id=99_999)]),
        "", MISSING_REFERENCE, id="meeting-with-missing-followup-owner"),
    pytest.param(lambda con, ids: meetings.save(
        con, Meeting(held_on=date(2024, 5, 2), kind=MeetingKind.PLENIERE),
        followups=[FollowUp(description="Relancer"), FollowUp(description=" ")]),
        "followups[1].description", required("Suite à donner"), id="meeting-with-invalid-followup"),
    pytest.param(lambda con, ids: roadmap.save_action(
        con, Action(axis_id=1, title="Former"), lead_ids=[ids["partner"], 99_999]),
        "", MISSING_REFERENCE, id="action-with-missing-lead"),
    pytest.param(lambda con, ids: roadmap.save_action(con, Action(axis_id=99_999, title="Former")),
                 "", MISSING_REFERENCE, id="action-with-missing-axis"),
    pytest.param(lambda con, ids: feedback.add_response(
        con, Response(campaign_id=ids["campaign"], category_code="CAF", department_code="35",
                      partner_id=99_999, answers={ids["item"]: 4})),
        "", MISSING_REFERENCE, id="response-with-missing-partner"),
    pytest.param(lambda con, ids: feedback.create_campaign(
        con, Campaign(name="Nouvelle"), ["Accueil", "Délais", "ACCUEIL"]),
        "label_text", "La campagne contient déjà la question « ACCUEIL ».",
        id="campaign-with-duplicate-item"),
    pytest.param(lambda con, ids: partners.save(
        con, Partner(name="Nouveau", category_code="CAF"), [Contact(full_name="A")],
        tags=["ok", "t" * 61]),
        "tags", f"« Étiquettes » : « {'t' * 60}… » dépasse 60 caractères.",
        id="partner-with-too-long-tag"),
]


@pytest.mark.parametrize("action, field, message", PARTIAL_WRITES)
def test_failure_after_a_partial_write_rolls_the_whole_action_back(con, row_counts, action,
                                                                   field, message):
    campaign = _campaign(con, "Existante", ["Q1"])
    ids = {"partner": _partner(con).id, "campaign": campaign.id,
           "item": feedback.items_of(con, campaign.id)[0].id}
    before = row_counts(con)
    with pytest.raises(ValidationError) as error:
        action(con, ids)
    assert error.value.errors == [FieldError(field, message)]
    assert not con.in_transaction
    assert row_counts(con) == before


def test_response_with_an_item_of_another_campaign_is_refused(con, row_counts):
    mine, other = _campaign(con, "A", ["Q"]), _campaign(con, "B", ["Q"])
    foreign_item = feedback.items_of(con, other.id)[0].id
    before = row_counts(con)
    with pytest.raises(ValidationError) as error:
        feedback.add_response(con, Response(campaign_id=mine.id, category_code="CAF",
                                            department_code="35", answers={foreign_item: 4}))
    assert error.value.errors == [FieldError(
        "answers", "« Réponses » : une question ne fait pas partie de cette campagne.")]
    assert row_counts(con) == before


def test_response_and_answers_round_trip(con):
    campaign = _campaign(con, items=["Q1", "Q2", "Q3"])
    q1, q2, q3 = (i.id for i in feedback.items_of(con, campaign.id))
    feedback.add_response(con, Response(campaign_id=campaign.id, category_code="BAILSOC",
                                        department_code="35", overall_score=4,
                                        answers={q1: 5, q2: NOT_CONCERNED}))
    [stored] = feedback.responses_of(con, campaign.id)
    assert stored.answers == {q1: 5, q2: NOT_CONCERNED}  # q3: no row, « sans réponse »
    assert stored.overall_score == 4


def test_official_axes_cannot_be_deleted(con):
    with pytest.raises(ValidationError) as error:
        roadmap.delete_axis(con, 1)
    assert error.value.errors == [FieldError(
        "code", "Les cinq axes officiels de la feuille de route ne peuvent pas être supprimés.")]
    assert len(roadmap.axes(con)) == 5


def test_axis_with_actions_cannot_be_deleted(con):
    axis = roadmap.save_axis(con, Axis(code="LOCAL", label_text="Axe local"))
    roadmap.save_action(con, Action(axis_id=axis.id, title="Une action"))
    with pytest.raises(ValidationError) as error:
        roadmap.delete_axis(con, axis.id)
    assert error.value.errors == [FieldError(
        "code", "L'axe « Axe local » contient 1 action : déplacez-la ou supprimez-la d'abord.")]
    # and the schema refuses it too when the repository is bypassed
    with pytest.raises(ValidationError) as error:
        mapper.delete(con, Axis, axis.id)
    assert error.value.errors == [FieldError(
        "", "Cet enregistrement est utilisé ailleurs dans la base : supprimez d'abord ce qui en dépend.")]
    assert len(roadmap.axes(con)) == 6


# --- the schema is the last line of defence ---------------------------------------------------

STAMP = "2025-01-01T00:00:00.000Z"


@pytest.fixture
def parents(con):
    partner = _partner(con).id
    campaign = _campaign(con, items=["Q1"]).id
    item = feedback.items_of(con, campaign)[0].id
    response = feedback.add_response(con, Response(campaign_id=campaign, category_code="CAF",
                                                   department_code="35")).id
    meeting = meetings.save(con, Meeting(held_on=date(2024, 1, 1), kind="PLENIERE")).id
    action = roadmap.save_action(con, Action(axis_id=1, title="A")).id
    return dict(partner=partner, campaign=campaign, item=item, response=response,
                meeting=meeting, action=action, indicator=_indicator_id(con))


def identity():
    return {"uuid": str(uuid.uuid4()), "created_at": STAMP, "updated_at": STAMP}


GOOD_ROWS = {
    "partner": lambda ids: {**identity(), "name": "Brut", "category_code": "CAF"},
    "contact": lambda ids: {**identity(), "partner_id": ids["partner"], "full_name": "X"},
    "meeting": lambda ids: {**identity(), "held_on": "2024-01-01", "kind": "SOUS_CCAPEX",
                            "territory": "Vitré"},
    "meeting_followup": lambda ids: {**identity(), "meeting_id": ids["meeting"], "description": "D"},
    "action": lambda ids: {**identity(), "axis_id": 1, "title": "T", "progress": 100,
                           "start_on": "2025-01-01", "due_on": "2025-01-01"},
    "action_journal": lambda ids: {**identity(), "action_id": ids["action"], "entry_on": "2025-01-01",
                                   "text": "T"},
    "indicator_value": lambda ids: {**identity(), "indicator_id": ids["indicator"],
                                    "department_code": "35", "month": "2025-01-01"},
    "campaign": lambda ids: {**identity(), "name": "Brute", "period_start": "2025-01-01",
                             "period_end": "2025-01-01", "consulted_count": 0},
    "campaign_item": lambda ids: {**identity(), "campaign_id": ids["campaign"], "label": "Q2",
                                  "position": 2},
    "response": lambda ids: {**identity(), "campaign_id": ids["campaign"], "category_code": "CAF",
                             "department_code": "35", "overall_score": 5, "origin": "FICHIER",
                             "origin_file": "export.csv", "origin_row": 3},
    "answer": lambda ids: {"response_id": ids["response"], "item_id": ids["item"], "score": 5,
                           "not_concerned": 0},
}

CHECKS = [
    ("answer", {"score": 6}, "CHECK"),
    ("answer", {"score": 0}, "CHECK"),
    ("answer", {"score": None, "not_concerned": 0}, "CHECK"),
    ("answer", {"score": 3, "not_concerned": 1}, "CHECK"),
    ("answer", {"score": None, "not_concerned": 2}, "CHECK"),
    ("answer", {"item_id": 99_999}, "FOREIGN KEY"),
    ("action", {"progress": 101}, "CHECK"),
    ("action", {"progress": -1}, "CHECK"),
    ("action", {"status": "FINIE"}, "CHECK"),
    ("action", {"due_on": "2024-12-31"}, "CHECK"),
    ("action", {"axis_id": 99_999}, "FOREIGN KEY"),
    ("action", {"title": "  "}, "CHECK"),
    ("meeting", {"territory": ""}, "CHECK"),
    ("meeting", {"territory": "   "}, "CHECK"),
    ("meeting", {"kind": "CCAPEX"}, "CHECK"),
    ("meeting", {"mode": "TELEPHONE"}, "CHECK"),
    ("meeting", {"dossiers_examined": -1}, "CHECK"),
    ("meeting", {"opinions_issued": -1}, "CHECK"),
    ("meeting", {"uuid": None}, "NOT NULL"),
    ("meeting_followup", {"done": 2}, "CHECK"),
    ("meeting_followup", {"description": ""}, "CHECK"),
    ("response", {"overall_score": 0}, "CHECK"),
    ("response", {"overall_score": 6}, "CHECK"),
    ("response", {"origin_file": ""}, "CHECK"),
    ("response", {"origin_row": None}, "CHECK"),
    ("response", {"origin": "COURRIER"}, "CHECK"),
    ("response", {"category_code": "XYZ"}, "FOREIGN KEY"),
    ("response", {"department_code": "20"}, "FOREIGN KEY"),
    ("partner", {"name": " "}, "CHECK"),
    ("partner", {"charter_signed_on": "2024-01-01"}, "CHECK"),
    ("partner", {"category_code": "XYZ"}, "FOREIGN KEY"),
    ("partner", {"active": 2}, "CHECK"),
    ("partner", {"name": "caf d'ille-et-vilaine"}, "UNIQUE"),
    ("contact", {"full_name": ""}, "CHECK"),
    ("contact", {"partner_id": 99_999}, "FOREIGN KEY"),
    ("action_journal", {"text": ""}, "CHECK"),
    ("indicator_value", {"month": "2025-01-15"}, "CHECK"),
    ("indicator_value", {"department_code": "975"}, "FOREIGN KEY"),
    ("campaign", {"period_end": "2024-12-31"}, "CHECK"),
    ("campaign", {"consulted_count": -1}, "CHECK"),
    ("campaign_item", {"label": ""}, "CHECK"),
    ("campaign_item", {"label": "q1"}, "UNIQUE"),
]


def _insert(con, table, row):
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    con.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))


@pytest.mark.parametrize("table, bad, kind", CHECKS,
                         ids=[f"{t}-{'-'.join(f'{k}={v!r}' for k, v in b.items())}"
                              for t, b, _ in CHECKS])
def test_schema_refuses_what_validation_would_have_caught(con, parents, row_counts, table, bad,
                                                          kind):
    good = GOOD_ROWS[table](parents)
    con.execute("BEGIN")  # control: the same row with good values goes in
    _insert(con, table, good)
    con.execute("ROLLBACK")
    before = row_counts(con)
    with pytest.raises(sqlite3.IntegrityError) as error:
        _insert(con, table, {**good, **bad})
    assert kind in str(error.value)
    assert row_counts(con) == before


def test_schema_allows_only_one_profile(con):
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        _insert(con, "profile", {**identity(), "id": 2, "department_code": "35", "adil_name": "X"})
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        con.execute("UPDATE profile SET mission_start = '2025-03-01', mission_end = '2025-02-01'")


# --- transactions -----------------------------------------------------------------------------

def _tags(con):
    return [row[0] for row in con.execute("SELECT name FROM tag ORDER BY name")]


def test_transaction_commits(con):
    with transaction(con):
        con.execute("INSERT INTO tag(name) VALUES ('a')")
        assert con.in_transaction
    assert not con.in_transaction
    assert _tags(con) == ["a"]


def test_transaction_rolls_back_on_error(con):
    with pytest.raises(RuntimeError):
        with transaction(con):
            con.execute("INSERT INTO tag(name) VALUES ('a')")
            raise RuntimeError("boom")
    assert not con.in_transaction
    assert _tags(con) == []


def test_nested_transaction_is_a_savepoint(con):
    with transaction(con):
        con.execute("INSERT INTO tag(name) VALUES ('outer-1')")
        with pytest.raises(ValueError):
            with transaction(con):
                con.execute("INSERT INTO tag(name) VALUES ('inner')")
                raise ValueError("inner fails")
        assert con.in_transaction  # the outer action goes on
        with transaction(con):
            con.execute("INSERT INTO tag(name) VALUES ('inner-ok')")
        con.execute("INSERT INTO tag(name) VALUES ('outer-2')")
    assert _tags(con) == ["inner-ok", "outer-1", "outer-2"]


def test_inner_success_is_undone_when_the_outer_action_fails(con):
    with pytest.raises(KeyError):
        with transaction(con):
            with transaction(con):
                with transaction(con):
                    con.execute("INSERT INTO tag(name) VALUES ('deep')")
            raise KeyError("outer fails")
    assert _tags(con) == []
    assert not con.in_transaction


def test_integrity_error_is_not_a_storage_error(con):
    con.execute("INSERT INTO tag(name) VALUES ('a')")
    with pytest.raises(sqlite3.IntegrityError):
        with transaction(con):
            con.execute("INSERT INTO tag(name) VALUES ('b')")
            con.execute("INSERT INTO tag(name) VALUES ('A')")
    assert _tags(con) == ["a"]


@pytest.mark.slow
def test_disk_full_saves_nothing_and_says_so(con, fill_data, row_counts):
    fill_data(con, partner_count=20)
    before = row_counts(con)
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(StorageError) as error:
        with transaction(con):
            for i in range(2000):
                con.execute("INSERT INTO tag(name) VALUES (?)", (f"{i:05d}" + "x" * 400,))
    assert str(error.value) == "Disque plein : rien n'a été enregistré."
    assert error.value.__cause__.sqlite_errorname == "SQLITE_FULL"
    assert not con.in_transaction
    assert row_counts(con) == before
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # a repository write hits the same wall and says the same thing
    with pytest.raises(StorageError, match="Disque plein"):
        partners.save(con, Partner(name="N" * 200, category_code="CAF", notes="x" * 20_000),
                      [Contact(full_name=f"C{i}", role="r" * 200) for i in range(200)])
    assert row_counts(con) == before
    # once space is back, the same connection works
    con.execute("PRAGMA max_page_count = 1073741823")
    partners.save(con, Partner(name="Après le disque plein", category_code="CAF"))
    assert partners.find_by_name(con, "après le disque plein") is not None


def test_busy_base_says_nothing_was_saved(base, con):
    with closing(connect(base.path)) as other:
        other.execute("BEGIN IMMEDIATE")
        try:
            con.execute("PRAGMA busy_timeout = 50")
            with pytest.raises(StorageError) as error:
                partners.save(con, Partner(name="Occupé", category_code="CAF"))
            assert str(error.value) == ("La base est occupée par un autre programme : "
                                        "rien n'a été enregistré.")
        finally:
            other.execute("ROLLBACK")
    partners.save(con, Partner(name="Libre", category_code="CAF"))
    assert partners.find_by_name(con, "Libre") is not None


def test_a_programming_error_is_not_disguised_as_a_storage_failure(con):
    class Fake(sqlite3.OperationalError):
        sqlite_errorname = "SQLITE_ERROR"

    assert storage_message(Fake("no such table: nowhere")) is None
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        with transaction(con):
            con.execute("INSERT INTO nowhere VALUES (1)")
    assert not con.in_transaction


@pytest.mark.parametrize("record, field", [
    (Action(axis_id=1, title="\x00"), "title"),
    (Partner(name="\x00CAF", category_code="CAF"), "name"),
    (Meeting(held_on=date(2026, 3, 4), kind="SOUS_CCAPEX", territory="\x00"), "territory"),
])
def test_a_nul_character_in_a_required_field_is_refused_by_name(record, field):
    """SQLite's text functions stop at U+0000: the base's own checks would read « \\x00CAF »
    as an empty name, and refuse it with an English message. Notes may keep one (the
    exports and bilans drop it)."""
    [problem] = [p for p in record.problems() if p.field == field]
    assert problem.message.endswith("contient un caractère nul (U+0000), invisible, qui ne "
                                    "peut pas être enregistré : retirez-le.")


def test_a_nul_character_in_notes_is_kept_as_it_came():
    assert Meeting(held_on=date(2026, 3, 4), kind="TECHNIQUE", notes="avant\x00après").problems() \
        == []
