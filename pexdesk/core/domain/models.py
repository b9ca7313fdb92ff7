"""The mission's records but the profile, as plain dataclasses with their validation
rules (see :mod:`pexdesk.core.domain.record`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum

from pexdesk.core.domain import rules
from pexdesk.core.domain.kinds import NOT_CONCERNED, ActionStatus, MeetingKind, MeetingMode, Origin
from pexdesk.core.domain.record import (LONG_TEXT, SHORT_TEXT, Record, department_check,
                                        text_checks)
from pexdesk.core.formatting import format_date, format_figure, format_number
from pexdesk.core.reference.categories import CATEGORY_LABELS
from pexdesk.core.reference.membership import CO_PRESIDENTS, Presence


def _category_check(label: str, code: str) -> str | None:
    if not code:
        return f"« {label} » est obligatoire."
    return rules.one_of(label, code, CATEGORY_LABELS)


@dataclass(kw_only=True)
class Partner(Record):
    """An organisation taking part in eviction prevention (never a household)."""

    TABLE = "partner"
    LABELS = {"name": "Organisation", "category_code": "Catégorie", "territory": "Territoire",
              "charter_signatory": "Signataire de la charte",
              "charter_signed_on": "Date de signature de la charte", "notes": "Notes",
              "tags": "Étiquettes"}

    name: str
    category_code: str
    territory: str = ""
    charter_signatory: bool = False
    charter_signed_on: date | None = None
    notes: str = ""
    active: bool = True

    def problems(self, today=None):
        signed_without_flag = None
        if self.charter_signed_on and not self.charter_signatory:
            signed_without_flag = (f"« {self.label('charter_signed_on')} » n'a de sens que si "
                                   f"le partenaire est signataire de la charte.")
        return self._collect(
            *text_checks(self, ("name",), ("name", "territory"), ("notes",)),
            ("category_code", _category_check(self.label("category_code"), self.category_code)),
            ("charter_signed_on", rules.plausible_date(self.label("charter_signed_on"),
                                                       self.charter_signed_on, today=today,
                                                       past_only=True)),
            ("charter_signed_on", signed_without_flag),
        )


@dataclass(kw_only=True)
class Contact(Record):
    """A person to reach at a partner: the only personal data pexdesk keeps, purgeable."""

    TABLE = "contact"
    LABELS = {"full_name": "Nom du contact", "role": "Fonction", "email": "E-mail",
              "phone": "Téléphone", "partner_id": "Partenaire"}

    partner_id: int | None = None
    full_name: str
    role: str = ""
    email: str = ""
    phone: str = ""

    def problems(self, today=None):
        return self._collect(
            *text_checks(self, ("full_name",), ("full_name", "role", "email", "phone")),
            ("email", rules.email(self.label("email"), self.email)),
            ("phone", rules.phone(self.label("phone"), self.phone)),
        )


REQUIRED_COUNTS = ("dossiers_examined", "opinions_issued")


@dataclass(kw_only=True)
class Meeting(Record):
    """A CCAPEX meeting (plenary, technical or sous-CCAPEX) with its counts, never the
    households."""

    TABLE = "meeting"
    LABELS = {"held_on": "Date de la réunion", "kind": "Type de réunion",
              "territory": "Territoire", "mode": "Modalité", "place": "Lieu",
              "dossiers_examined": "Dossiers examinés",
              "opinions_issued": "Avis et recommandations émis", "notes": "Notes",
              "dossiers_registered": "Dossiers inscrits à l'ordre du jour",
              "dossiers_adjourned": "Dossiers ajournés", "start_time": "Heure de début",
              "end_time": "Heure de fin", "secretariat_partner_id": "Secrétariat",
              **{chair.field: f"Présidence – {chair.label}" for chair in CO_PRESIDENTS}}

    held_on: date | None
    kind: str
    territory: str = ""
    mode: str = MeetingMode.PRESENTIEL
    place: str = ""
    dossiers_examined: int = 0
    opinions_issued: int = 0
    notes: str = ""
    dossiers_registered: int | None = field(default=None, metadata={"added_in": 9})
    """None: not entered, which is not 0 (a relevé may not say)."""
    dossiers_adjourned: int | None = field(default=None, metadata={"added_in": 9})
    start_time: time | None = field(default=None, metadata={"added_in": 10})
    """Local time of day; None: not entered."""
    end_time: time | None = field(default=None, metadata={"added_in": 10})
    chair_state: str | None = field(default=None, metadata={"added_in": 10})
    """A :class:`Presence` of the co-president (``CO_PRESIDENTS``); None: not entered (a
    département without a métropole leaves its own so)."""
    chair_department: str | None = field(default=None, metadata={"added_in": 10})
    chair_metropolis: str | None = field(default=None, metadata={"added_in": 10})
    secretariat_partner_id: int | None = field(default=None, metadata={"added_in": 10})
    """The partner holding the secretariat; None: not entered, or that partner deleted."""

    def problems(self, today=None):
        territory_needed = None
        if self.kind == MeetingKind.SOUS_CCAPEX:
            territory_needed = ("« Territoire » est obligatoire pour une sous-CCAPEX."
                                if not self.territory.strip()
                                else rules.no_nul(self.label("territory"), self.territory))
        missing_date = "« Date de la réunion » est obligatoire." if self.held_on is None else None
        counts = self._collect(*[(name, rules.integer_range(
            self.label(name), getattr(self, name), 0, 10_000, required=name in REQUIRED_COUNTS))
            for name in (*REQUIRED_COUNTS, "dossiers_registered", "dossiers_adjourned")])
        times = self._collect(*[(name, rules.time_of_day(self.label(name), getattr(self, name)))
                                for name in ("start_time", "end_time")]) or self._collect(
            ("end_time", rules.ordered_times(self.label("start_time"), self.start_time,
                                             self.label("end_time"), self.end_time)))
        return self._collect(
            ("held_on", missing_date),
            ("held_on", rules.plausible_date(self.label("held_on"), self.held_on, today=today)),
            ("kind", rules.one_of(self.label("kind"), self.kind, tuple(MeetingKind))),
            ("mode", rules.one_of(self.label("mode"), self.mode, tuple(MeetingMode))),
            ("territory", territory_needed),
            *text_checks(self, (), ("territory", "place"), ("notes",)),
            *[(chair.field, rules.one_of(self.label(chair.field), presence, tuple(Presence)))
              for chair in CO_PRESIDENTS
              if (presence := getattr(self, chair.field)) is not None],
        ) + times + (counts or self._collect(self._agenda_check()))

    def _agenda_check(self) -> tuple[str, str | None]:
        """The dossiers examined and those postponed are among those on the agenda, once
        the agenda is entered: the message goes to the figure that cannot be."""
        registered, adjourned = self.dossiers_registered, self.dossiers_adjourned
        if registered is None:
            return "dossiers_registered", None
        if adjourned is not None and adjourned > registered:
            return "dossiers_adjourned", (
                f"« {self.label('dossiers_adjourned')} » ({format_number(adjourned)}) : plus "
                f"que les dossiers inscrits à l'ordre du jour ({format_number(registered)}).")
        examined = self.dossiers_examined
        if examined + (adjourned or 0) <= registered:
            return "dossiers_registered", None
        among = (f"les dossiers examinés ({format_number(examined)}) et ajournés "
                 f"({format_number(adjourned)}), {format_number(examined + adjourned)} en tout ; "
                 "les dossiers examinés ou ajournés sont des dossiers inscrits"
                 if adjourned else
                 f"les dossiers examinés ({format_number(examined)}) ; les dossiers examinés "
                 "sont des dossiers inscrits")
        return "dossiers_registered", (f"« {self.label('dossiers_registered')} » "
                                       f"({format_number(registered)}) : moins que {among}.")


@dataclass(kw_only=True)
class FollowUp(Record):
    """Something a meeting decided to do, with its due date, until marked done."""

    TABLE = "meeting_followup"
    LABELS = {"description": "Suite à donner", "owner_partner_id": "Partenaire chargé du suivi",
              "due_on": "Échéance", "done": "Fait"}

    meeting_id: int | None = None
    description: str
    owner_partner_id: int | None = None
    due_on: date | None = None
    done: bool = False

    def problems(self, today=None):
        return self._collect(
            *text_checks(self, ("description",), (), ("description",)),
            ("due_on", rules.plausible_date(self.label("due_on"), self.due_on, today=today)),
        )


@dataclass(kw_only=True)
class Axis(Record):
    """One of the roadmap's axes (the five official ones, or the département's own)."""

    TABLE = "roadmap_axis"
    LABELS = {"code": "Code de l'axe", "label": "Intitulé de l'axe", "description": "Description"}

    code: str
    label_text: str = field(metadata={"column": "label"})
    description: str = ""
    official: bool = False
    sort_order: int = 0

    def problems(self, today=None):
        return self._collect(
            ("code", rules.required(self.LABELS["code"], self.code)),
            ("code", rules.max_length(self.LABELS["code"], self.code, 40)),
            ("label_text", rules.required(self.LABELS["label"], self.label_text)),
            ("label_text", rules.max_length(self.LABELS["label"], self.label_text, SHORT_TEXT)),
            ("description", rules.max_length(self.LABELS["description"], self.description, LONG_TEXT)),
        )


@dataclass(kw_only=True)
class Action(Record):
    """A roadmap action: its status and progress feed the dashboard and the bilan."""

    TABLE = "action"
    LABELS = {"axis_id": "Axe", "title": "Intitulé de l'action", "description": "Description",
              "status": "Statut", "progress": "Avancement (%)", "start_on": "Date de début",
              "due_on": "Échéance"}

    axis_id: int | None
    title: str
    description: str = ""
    status: str = ActionStatus.A_LANCER
    progress: int = 0
    start_on: date | None = None
    due_on: date | None = None

    def problems(self, today=None):
        missing_axis = "« Axe » est obligatoire." if self.axis_id is None else None
        return self._collect(
            ("axis_id", missing_axis),
            *text_checks(self, ("title",), ("title",), ("description",)),
            ("status", rules.one_of(self.label("status"), self.status, tuple(ActionStatus))),
            ("progress", rules.integer_range(self.label("progress"), self.progress, 0, 100,
                                                   required=True)),
            ("start_on", rules.plausible_date(self.label("start_on"), self.start_on, today=today)),
            ("due_on", rules.plausible_date(self.label("due_on"), self.due_on, today=today)),
            ("due_on", rules.ordered_dates(self.label("start_on"), self.start_on,
                                           self.label("due_on"), self.due_on)),
        )

    def is_late(self, today: date) -> bool:
        """Late = past its due date and neither done nor abandoned."""
        return (self.due_on is not None and self.due_on < today
                and self.status in (ActionStatus.A_LANCER, ActionStatus.EN_COURS))


@dataclass(kw_only=True)
class JournalEntry(Record):
    """A dated step in an action's history, quoted in the bilan's highlights."""

    TABLE = "action_journal"
    LABELS = {"entry_on": "Date de l'étape", "text": "Note d'avancement"}

    action_id: int | None = None
    entry_on: date | None
    text: str

    def problems(self, today=None):
        missing = "« Date de l'étape » est obligatoire." if self.entry_on is None else None
        return self._collect(
            ("entry_on", missing),
            ("entry_on", rules.plausible_date(self.label("entry_on"), self.entry_on, today=today,
                                              past_only=True)),
            *text_checks(self, ("text",), (), ("text",)),
        )


@dataclass(kw_only=True)
class Deliverable(Record):
    """Something an action produced (a guide, a convention), dated when delivered."""

    TABLE = "deliverable"
    LABELS = {"label": "Livrable", "delivered_on": "Date de livraison"}

    action_id: int | None = None
    label_text: str = field(metadata={"column": "label"})
    delivered_on: date | None = None

    def problems(self, today=None):
        return self._collect(
            ("label_text", rules.required(self.LABELS["label"], self.label_text)),
            ("label_text", rules.max_length(self.LABELS["label"], self.label_text, SHORT_TEXT)),
            ("delivered_on", rules.plausible_date(self.LABELS["delivered_on"], self.delivered_on,
                                                  today=today, past_only=True)),
        )


@dataclass(kw_only=True)
class Indicator(Record):
    """A monthly indicator followed for the DDETS, and where its figures come from."""

    TABLE = "indicator"
    LABELS = {"code": "Code de l'indicateur", "label": "Intitulé de l'indicateur",
              "unit": "Unité", "periodicity": "Périodicité", "source": "Source"}

    code: str
    label_text: str = field(metadata={"column": "label"})
    unit: str = "nb"
    periodicity: str = "M"
    source: str = ""
    active: bool = True
    sort_order: int = 0

    def problems(self, today=None):
        return self._collect(
            ("code", rules.required(self.LABELS["code"], self.code)),
            ("code", rules.max_length(self.LABELS["code"], self.code, 40)),
            ("label_text", rules.required(self.LABELS["label"], self.label_text)),
            ("label_text", rules.max_length(self.LABELS["label"], self.label_text, SHORT_TEXT)),
            ("unit", rules.one_of(self.LABELS["unit"], self.unit, ("nb", "%", "€", "j"))),
            ("periodicity", rules.one_of(self.LABELS["periodicity"], self.periodicity,
                                         ("M", "T", "A"))),
        )


@dataclass(kw_only=True)
class IndicatorValue(Record):
    """One month's figure of an indicator for one département."""

    TABLE = "indicator_value"
    LABELS = {"indicator_id": "Indicateur", "department_code": "Département", "month": "Mois",
              "value": "Valeur", "source": "Source", "comment": "Commentaire"}

    indicator_id: int | None
    department_code: str
    month: date | None
    value: float | None = None
    source: str = ""
    comment: str = ""

    def problems(self, today=None):
        first_day = None
        if self.month is not None and self.month.day != 1:
            first_day = "« Mois » doit être le premier jour du mois."
        negative = None
        if self.value is not None and self.value < 0:
            negative = "« Valeur » ne peut pas être négative."
        return self._collect(
            ("indicator_id", "« Indicateur » est obligatoire." if self.indicator_id is None else None),
            ("department_code", department_check(self.label("department_code"), self.department_code)),
            ("month", "« Mois » est obligatoire." if self.month is None else None),
            ("month", first_day),
            ("month", rules.plausible_date(self.label("month"), self.month, today=today,
                                           past_only=True)),
            ("value", negative),
            *text_checks(self, (), ("source",), ("comment",)),
        )


@dataclass(kw_only=True)
class Campaign(Record):
    """A partner satisfaction survey: its questions are fixed once it has answers."""

    TABLE = "campaign"
    LABELS = {"name": "Nom de la campagne", "period_start": "Début de la collecte",
              "period_end": "Fin de la collecte", "consulted_count": "Partenaires sollicités",
              "notes": "Notes"}

    name: str
    period_start: date | None = None
    period_end: date | None = None
    consulted_count: int | None = None
    notes: str = ""

    def problems(self, today=None):
        return self._collect(
            *text_checks(self, ("name",), ("name",), ("notes",)),
            ("period_start", rules.plausible_date(self.label("period_start"), self.period_start,
                                                  today=today)),
            ("period_end", rules.plausible_date(self.label("period_end"), self.period_end,
                                                today=today)),
            ("period_end", rules.ordered_dates(self.label("period_start"), self.period_start,
                                               self.label("period_end"), self.period_end)),
            ("consulted_count", rules.integer_range(self.label("consulted_count"),
                                                    self.consulted_count, 0, 100_000)),
        )


@dataclass(kw_only=True)
class CampaignItem(Record):
    """One question of a campaign, rated from 1 to 5."""

    TABLE = "campaign_item"
    LABELS = {"code": "Code de la question", "label": "Question", "position": "Ordre"}

    campaign_id: int | None = None
    code: str = ""
    label_text: str = field(metadata={"column": "label"})
    position: int = 0

    def problems(self, today=None):
        return self._collect(
            ("label_text", rules.required(self.LABELS["label"], self.label_text)),
            ("label_text", rules.max_length(self.LABELS["label"], self.label_text, 500)),
            ("code", rules.max_length(self.LABELS["code"], self.code, 40)),
        )


Score = int | str  # 1..5 or NOT_CONCERNED


@dataclass(kw_only=True)
class Response(Record):
    """One partner's anonymous questionnaire: category and département, never a name."""

    TABLE = "response"
    LABELS = {"campaign_id": "Campagne", "responded_on": "Date de réponse",
              "category_code": "Catégorie de partenaire", "partner_id": "Partenaire",
              "department_code": "Département", "overall_score": "Appréciation globale",
              "comment": "Commentaire", "answers": "Réponses", "origin": "Origine",
              "origin_file": "Fichier d'origine", "origin_row": "Ligne du fichier d'origine"}

    campaign_id: int | None
    responded_on: date | None = None
    category_code: str
    partner_id: int | None = None
    department_code: str
    overall_score: int | None = None
    comment: str = ""
    origin: str = Origin.SAISIE
    origin_file: str = ""
    origin_row: int | None = None
    answers: dict[int, Score] = field(default_factory=dict, metadata={"column": None})

    def problems(self, today=None):
        bad_answers = [item for item, score in self.answers.items()
                       if score != NOT_CONCERNED and (isinstance(score, bool)
                                                      or score not in (1, 2, 3, 4, 5))]
        file_needed = row_needed = None
        if self.origin == Origin.FICHIER and not self.origin_file.strip():
            file_needed = "« Fichier d'origine » est obligatoire pour une réponse importée."
        if self.origin == Origin.FICHIER and self.origin_row is None:
            row_needed = "« Ligne du fichier d'origine » est obligatoire pour une réponse importée."
        answers_message = None
        if bad_answers:
            answers_message = ("« Réponses » : chaque note doit être comprise entre 1 et 5 "
                               "ou « non concerné ».")
        return self._collect(
            ("campaign_id", "« Campagne » est obligatoire." if self.campaign_id is None else None),
            ("category_code", _category_check(self.label("category_code"), self.category_code)),
            ("department_code", department_check(self.label("department_code"), self.department_code)),
            ("overall_score", rules.integer_range(self.label("overall_score"), self.overall_score, 1, 5)),
            ("responded_on", rules.plausible_date(self.label("responded_on"), self.responded_on,
                                                  today=today, past_only=True)),
            ("answers", answers_message),
            ("origin", rules.one_of(self.label("origin"), self.origin, tuple(Origin))),
            ("origin_file", file_needed),
            ("origin_file", rules.max_length(self.label("origin_file"), self.origin_file, 500)),
            ("origin_row", row_needed),
            ("origin_row", rules.integer_range(self.label("origin_row"), self.origin_row, 1)),
            *text_checks(self, (), (), ("comment",)),
        )


CHARTER_YEARS = 6
"""A charte runs at most six years (décret n° 2016-393)."""
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
"""The years an objective may be set for."""


def years_after(day: date, years: int) -> date:
    """``day`` ``years`` later; 29 February becomes 1 March, as SQLite's ``date()`` makes it
    (the schema checks a charte's length with it)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


@dataclass(kw_only=True)
class Charter(Record):
    """The charte départementale de prévention de l'expulsion: approved by the comité
    responsable du PDALHPD, signed by the partners (each partner's record says whether it
    signed), in force at most six years and evaluated every year on its objectives."""

    TABLE = "charter"
    LABELS = {"label": "Intitulé de la charte", "approved_on": "Approuvée le",
              "signed_on": "Signée le", "valid_from": "En vigueur du",
              "valid_to": "En vigueur jusqu'au", "notes": "Notes"}

    label_text: str = field(metadata={"column": "label"})
    approved_on: date | None = None
    signed_on: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    notes: str = ""

    def problems(self, today=None):
        missing = {name: (f"« {self.LABELS[name]} » est obligatoire."
                          if getattr(self, name) is None else None)
                   for name in ("valid_from", "valid_to")}
        too_long = None
        if self.valid_from and self.valid_to \
                and self.valid_to > years_after(self.valid_from, CHARTER_YEARS):
            too_long = (f"« {self.LABELS['valid_to']} » : une charte vaut au plus "
                        f"{CHARTER_YEARS} ans (jusqu'au "
                        f"{format_date(years_after(self.valid_from, CHARTER_YEARS))} pour une "
                        f"charte en vigueur du {format_date(self.valid_from)}).")
        return self._collect(
            ("label_text", rules.required(self.LABELS["label"], self.label_text)),
            ("label_text", rules.max_length(self.LABELS["label"], self.label_text, SHORT_TEXT)),
            *[(name, rules.plausible_date(self.LABELS[name], getattr(self, name), today=today,
                                          past_only=True))
              for name in ("approved_on", "signed_on")],
            ("signed_on", rules.ordered_dates(self.LABELS["approved_on"], self.approved_on,
                                              self.LABELS["signed_on"], self.signed_on)),
            ("valid_from", missing["valid_from"]),
            ("valid_from", rules.plausible_date(self.LABELS["valid_from"], self.valid_from,
                                                today=today)),
            ("valid_to", missing["valid_to"]),
            ("valid_to", rules.plausible_date(self.LABELS["valid_to"], self.valid_to,
                                              today=today)),
            ("valid_to", rules.ordered_dates(self.LABELS["valid_from"], self.valid_from,
                                             self.LABELS["valid_to"], self.valid_to)),
            ("valid_to", too_long),
            ("notes", rules.max_length(self.LABELS["notes"], self.notes, LONG_TEXT)),
        )

    @property
    def years(self) -> range:
        """The calendar years the charte is in force for some of (empty without dates)."""
        if self.valid_from is None or self.valid_to is None:
            return range(0)
        return range(self.valid_from.year, self.valid_to.year + 1)


class Direction(StrEnum):
    BAISSE = "BAISSE"
    HAUSSE = "HAUSSE"
    MAINTIEN = "MAINTIEN"


DIRECTION_LABELS = {
    Direction.BAISSE: "baisse",
    Direction.HAUSSE: "hausse",
    Direction.MAINTIEN: "maintien",
}
"""Which side of its target an objective is met on: a baisse at or below it, a hausse or
a maintien (« au moins… ») at or above it."""


@dataclass(kw_only=True)
class CharterObjective(Record):
    """One objective of a charte for one year: quantitative when it names an indicator of
    the catalogue (its target then required), qualitative otherwise."""

    TABLE = "charter_objective"
    LABELS = {"indicator_id": "Indicateur", "label": "Objectif", "year": "Année",
              "baseline": "Référence", "target": "Cible", "direction": "Sens",
              "notes": "Notes"}

    charter_id: int | None = None
    indicator_id: int | None = None
    label_text: str = field(metadata={"column": "label"})
    year: int | None = None
    baseline: float | None = None
    target: float | None = None
    direction: str | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        """A direction says which side of its target the indicator's figure is to end on:
        an objective without an indicator has none (a « baisse » it kept was shown, asked
        and stored for nothing), and one given an indicator starts « à la baisse » until
        another direction is chosen. Kept so by every copy of the record as it is edited."""
        if self.indicator_id is None:
            self.direction = None
        elif self.direction is None:
            self.direction = Direction.BAISSE

    def problems(self, today=None):
        target_needed = None
        if self.indicator_id is not None and self.target is None:
            target_needed = ("« Cible » est obligatoire pour un objectif chiffré (lié à un "
                             "indicateur) : sans elle, il ne peut pas être évalué.")
        return self._collect(
            ("label_text", rules.required(self.LABELS["label"], self.label_text)),
            ("label_text", rules.max_length(self.LABELS["label"], self.label_text, SHORT_TEXT)),
            ("year", rules.integer_range(self.LABELS["year"], self.year, EARLIEST_YEAR,
                                         LATEST_YEAR, required=True)),
            *[(name, _not_negative(self.LABELS[name], getattr(self, name)))
              for name in ("baseline", "target")],
            ("target", target_needed),
            ("direction", None if self.direction is None else rules.one_of(
                self.LABELS["direction"], self.direction, tuple(Direction))),
            ("direction", self._direction_check()),
            ("notes", rules.max_length(self.LABELS["notes"], self.notes, LONG_TEXT)),
        )

    def _direction_check(self) -> str | None:
        """A baisse aims below its reference, a hausse above: a target on the wrong side is
        a direction chosen by mistake (or a target typed in the wrong column)."""
        if self.direction is None or self.baseline is None or self.target is None:
            return None
        wrong = ((self.direction == Direction.BAISSE and self.target > self.baseline)
                 or (self.direction == Direction.HAUSSE and self.target < self.baseline))
        if not wrong:
            return None
        side = "inférieure" if self.direction == Direction.BAISSE else "supérieure"
        return (f"« Sens » : une {DIRECTION_LABELS[Direction(self.direction)]} vise une cible "
                f"{side} ou égale à la référence ({format_figure(self.target)} pour "
                f"{format_figure(self.baseline)}).")



def _not_negative(label: str, value: float | None) -> str | None:
    if value is not None and value < 0:
        return f"« {label} » ne peut pas être négative."
    return None
