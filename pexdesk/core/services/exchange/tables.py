"""The exported tables: for each list, its French column headers, what each cell holds and
its type. One definition per table, written by both the XLSX and the CSV writers.

A column's ``value`` returns a typed Python value: ``str`` for text, ``int`` or ``float``
for numbers, ``date`` for dates, ``bool`` for yes/no, ``None`` for an empty cell. The
writers turn it into a cell (:func:`display` gives what the cell shows, the same in both
formats); text is made safe in one place, :mod:`.cells`.

Every table ends with the :data:`~.cells.MARKER_HEADER` column (each record's UUID): it
marks the file as pexdesk's and lets a later import recognise the records it holds.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from pexdesk.core.domain.kinds import (ACTION_STATUS_LABELS, MEETING_KIND_LABELS,
                                       MEETING_MODE_LABELS, NOT_CONCERNED, Origin)
from pexdesk.core.domain.models import Campaign, Contact, IndicatorValue
from pexdesk.core.errors import PexdeskError
from pexdesk.core.figures import NOT_AVAILABLE_CELL
from pexdesk.core.formatting import format_month_short
from pexdesk.core.reference.breakdowns import DIMENSIONS, Breakdown, Dimension
from pexdesk.core.reference.membership import CO_PRESIDENTS, UNSTATED, VOICE_GROUPS, Voice
from pexdesk.core.repositories import feedback, indicators, mapper, meetings, partners, roadmap
from pexdesk.core.services.exchange.cells import MARKER_HEADER
from pexdesk.core.text import fold

T = TypeVar("T")

YES, NO = "Oui", "Non"

UNIT_LABELS = {"nb": "nombre", "%": "%", "€": "€", "j": "jours"}
ORIGIN_LABELS = {Origin.SAISIE: "Saisie", Origin.FICHIER: "Fichier importé"}


class ExportError(PexdeskError):
    """An export cannot be made as asked (French message); nothing was written."""


class Kind(Enum):
    """What a column holds, hence how a cell is typed and formatted."""

    TEXT = "texte"
    INTEGER = "entier"
    DECIMAL = "nombre"
    DATE = "date"
    MONTH = "mois"
    """A date that stands for its month (the first day): « mars 2025 » in XLSX."""
    YES_NO = "oui/non"
    SCORE = "note"
    """A questionnaire answer: 1 to 5, « NC » (non concerné), or empty (no answer)."""
    FIGURE = "valeur d'indicateur"
    """An indicator's value: a number, « nd » (:func:`figure_cell`), or empty (not
    entered)."""


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind
    value: Callable[[Any], object]
    width: int | None = None
    """Width in characters in XLSX; None: from the header and the content."""


@dataclass(frozen=True)
class Sheet:
    """A table as the writers see it: a title, columns, and the rows they read."""

    title: str
    """The XLSX sheet's name (at most 31 characters, none of ``[]:*?/\\``)."""
    columns: tuple[Column, ...]
    rows: Sequence[Any]

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    def values(self) -> Iterator[list[object]]:
        """Each row's typed values, column by column."""
        for row in self.rows:
            yield [column.value(row) for column in self.columns]


@dataclass(frozen=True)
class Table:
    """One export: the table itself, and views XLSX adds as further sheets (a CSV file
    holds the first sheet only; an import reads the first sheet only)."""

    name: str
    label: str
    """French, plural: « partenaires », used in messages and in the journal."""
    sheet: Sheet
    extra_sheets: tuple[Sheet, ...] = ()

    @property
    def count(self) -> int:
        return len(self.sheet.rows)

    @property
    def sheets(self) -> tuple[Sheet, ...]:
        return (self.sheet, *self.extra_sheets)


@dataclass(frozen=True)
class Options:
    """What the user chose; each table uses the options that make sense for it."""

    first: date | None = None
    last: date | None = None
    campaign: str | None = None
    partner: str | None = None
    today: date = field(default_factory=date.today)
    only: frozenset[int] | None = None
    """The ids of the records a filtered list shows in the window: the table keeps those
    only, so that « Exporter… » writes what the user sees (for contacts, the ids are the
    partners': their contacts are kept; for meetings, the calendar keeps the same ones).
    None keeps every record: the command line never sets it, ``pexdesk export`` writes
    whole tables."""

    def in_period(self, day: date | None) -> bool:
        if day is None:
            return self.first is None and self.last is None
        return ((self.first is None or day >= self.first)
                and (self.last is None or day <= self.last))

    def keeps(self, record_id: int) -> bool:
        """The record is among those :attr:`only` names (any record when it names none)."""
        return self.only is None or record_id in self.only


@dataclass(frozen=True)
class TableSpec:
    name: str
    label: str
    build: Callable[[sqlite3.Connection, Options], Table]
    options: frozenset[str] = frozenset()
    """Which of ``period``, ``campaign``, ``partner`` the table accepts."""
    aliases: tuple[str, ...] = ()
    """French names accepted on the command line."""


def display(kind: Kind, value: object) -> str | int | float | date | None:
    """What a cell shows for ``value``: yes/no as « Oui »/« Non », the rest as typed (text
    is made safe by the writers, through :func:`.cells.safe_text`)."""
    if value is None:
        return None
    if kind is Kind.YES_NO:
        return YES if value else NO
    if kind is Kind.TEXT:
        return str(value)
    if kind in (Kind.DATE, Kind.MONTH):
        if not isinstance(value, date):
            raise TypeError(f"a {kind.value} column holds dates, not {value!r}")
        return value
    if kind is Kind.SCORE and value == NOT_CONCERNED:
        return NOT_CONCERNED
    if kind is Kind.FIGURE and value == NOT_AVAILABLE_CELL:
        return NOT_AVAILABLE_CELL
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"a {kind.value} column holds numbers, not {value!r}")
    return value


def find_named(items: Iterable[T], name: str, name_of: Callable[[T], str]) -> T | None:
    """The item called ``name`` as typed on a command line: case ignored (accented capitals
    too, which SQLite's NOCASE does not fold), then accents ignored if that names one only."""
    wanted = name.strip()
    items = list(items)
    exact = [item for item in items if name_of(item).strip().casefold() == wanted.casefold()]
    if exact:
        return exact[0]
    loose = [item for item in items if fold(name_of(item)) == fold(wanted)]
    return loose[0] if len(loose) == 1 else None


def _marker(row_uuid: Callable[[Any], str]) -> Column:
    return Column(MARKER_HEADER, Kind.TEXT, row_uuid, 38)


# --- partners ----------------------------------------------------------------------------------

def _partners(con: sqlite3.Connection, options: Options) -> Table:
    records = {partner.id: partner for partner in partners.all_partners(con)}
    rows = [(row, records[row.id]) for row in partners.partner_rows(con)
            if options.keeps(row.id)]
    tags = _names_by(con, "SELECT pt.partner_id, t.name FROM partner_tag pt "
                          "JOIN tag t ON t.id = pt.tag_id ORDER BY t.name COLLATE NOCASE, t.id")
    columns = (
        Column("Organisation", Kind.TEXT, lambda r: r[0].name, 40),
        Column("Catégorie", Kind.TEXT, lambda r: r[0].category_label, 30),
        Column("Code catégorie", Kind.TEXT, lambda r: r[0].category_code),
        Column("Territoire", Kind.TEXT, lambda r: r[0].territory),
        Column("Signataire de la charte", Kind.YES_NO, lambda r: r[0].charter_signatory),
        Column("Date de signature de la charte", Kind.DATE, lambda r: r[1].charter_signed_on),
        Column("Actif", Kind.YES_NO, lambda r: r[0].active),
        Column("Étiquettes", Kind.TEXT, lambda r: tags.get(r[0].id, ""), 30),
        Column("Contacts", Kind.INTEGER, lambda r: r[0].contacts),
        Column("Réunions suivies", Kind.INTEGER, lambda r: r[0].meetings),
        Column("Notes", Kind.TEXT, lambda r: r[1].notes, 60),
        _marker(lambda r: r[1].uuid),
    )
    return Table("partners", "partenaires", Sheet("Partenaires", columns, rows))


# --- contacts ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContactRow:
    contact: Contact
    partner_name: str
    category_label: str


def contact_rows(con: sqlite3.Connection, partner: str | None = None,
                 partner_ids: Collection[int] | None = None) -> list[ContactRow]:
    """Every contact with its organisation (one partner's when ``partner`` names one, those
    of the partners ``partner_ids`` when given), by organisation then name; shared by the
    tables and the vCard export."""
    by_id = {row.id: row for row in partners.partner_rows(con)}
    if partner is not None:
        found = find_named(partners.all_partners(con), partner, lambda p: p.name)
        if found is None:
            raise ExportError(f"Aucun partenaire ne porte le nom « {partner.strip()} ».")
        contacts = partners.contacts_of(con, found.id)
    else:
        contacts = mapper.select(con, Contact, order="full_name, id")
    rows = [ContactRow(c, by_id[c.partner_id].name, by_id[c.partner_id].category_label)
            for c in contacts if partner_ids is None or c.partner_id in partner_ids]
    rows.sort(key=lambda r: (r.partner_name.casefold(), r.contact.full_name.casefold(),
                             r.contact.id))
    return rows


def _contacts(con: sqlite3.Connection, options: Options) -> Table:
    columns = (
        Column("Organisation", Kind.TEXT, lambda r: r.partner_name, 40),
        Column("Catégorie", Kind.TEXT, lambda r: r.category_label, 30),
        Column("Nom", Kind.TEXT, lambda r: r.contact.full_name, 25),
        Column("Fonction", Kind.TEXT, lambda r: r.contact.role, 30),
        Column("E-mail", Kind.TEXT, lambda r: r.contact.email, 35),
        Column("Téléphone", Kind.TEXT, lambda r: r.contact.phone, 16),
        _marker(lambda r: r.contact.uuid),
    )
    return Table("contacts", "contacts",
                 Sheet("Contacts", columns, contact_rows(con, options.partner, options.only)))


# --- meetings ----------------------------------------------------------------------------------

def _names_by(con: sqlite3.Connection, sql: str, separator: str = ", ") -> dict[int, str]:
    """``sql`` gives (owner id, name) pairs in order: owner id → names joined by
    ``separator``."""
    names: dict[int, list[str]] = {}
    for owner, name in con.execute(sql):
        names.setdefault(owner, []).append(name)
    return {owner: separator.join(found) for owner, found in names.items()}


def attendee_names(con: sqlite3.Connection) -> dict[int, str]:
    """Meeting id → names of the partners present, in alphabetical order."""
    return _names_by(con, "SELECT a.meeting_id, p.name FROM meeting_attendance a "
                          "JOIN partner p ON p.id = a.partner_id "
                          "ORDER BY p.name COLLATE NOCASE, p.id")


def attendees_by_voice(con: sqlite3.Connection) -> dict[tuple[int, str | None], str]:
    """(meeting id, voice) → names of the partners present with that voice (None: not
    stated), in alphabetical order."""
    voice = "a.voice" if meetings.voices_stored(con) else "NULL"
    names: dict[tuple[int, str | None], list[str]] = {}
    for meeting_id, voiced, name in con.execute(
            f"SELECT a.meeting_id, {voice}, p.name FROM meeting_attendance a "
            "JOIN partner p ON p.id = a.partner_id ORDER BY p.name COLLATE NOCASE, p.id"):
        names.setdefault((meeting_id, voiced), []).append(name)
    return {key: ", ".join(found) for key, found in names.items()}


def _chair_and_voice_columns(con: sqlite3.Connection) -> Iterator[Column]:
    """The meeting's hours, each co-president's presence, the secretariat, and those present
    by voice: empty where not entered."""
    secretariats = dict(con.execute("SELECT id, name FROM partner"))
    present = attendees_by_voice(con)

    def hour(name: str) -> Callable[[Any], str | None]:
        return lambda r: (getattr(r[1], name).isoformat(timespec="minutes")
                          if getattr(r[1], name) else None)

    def presence(chair) -> Callable[[Any], str | None]:
        return lambda r: (chair.presence_label(getattr(r[1], chair.field))
                          if getattr(r[1], chair.field) else None)

    def voiced(voice: str | None) -> Callable[[Any], str]:
        return lambda r: present.get((r[1].id, voice), "")

    yield Column("Heure de début", Kind.TEXT, hour("start_time"))
    yield Column("Heure de fin", Kind.TEXT, hour("end_time"))
    for chair in CO_PRESIDENTS:
        yield Column(f"Présidence – {chair.label}", Kind.TEXT, presence(chair))
    yield Column("Secrétariat", Kind.TEXT,
                 lambda r: secretariats.get(r[1].secretariat_partner_id, ""), 35)
    for voice in Voice:
        yield Column(VOICE_GROUPS[voice], Kind.TEXT, voiced(voice), 50)
    yield Column(UNSTATED, Kind.TEXT, voiced(None), 50)


def action_titles(con: sqlite3.Connection) -> dict[int, str]:
    """Meeting id → « code de l'axe – intitulé » of each action it dealt with, in the
    roadmap's order; none from a base read before the step that added them."""
    if not meetings.actions_stored(con):
        return {}
    return _names_by(con, f"""SELECT l.meeting_id, x.code || ' – ' || a.title
                             FROM meeting_action l JOIN action a ON a.id = l.action_id
                             JOIN roadmap_axis x ON x.id = a.axis_id
                             ORDER BY {roadmap.ROADMAP_ORDER}""", " ; ")


BREAKDOWN_PREFIXES = {"ORIGIN": "Origine", "STAGE": "Stade", "OPINION": "Avis"}
"""What a breakdown's columns start with: « Origine – Signalement de commandement de payer »."""


def _breakdown_columns(stored: dict[int, Breakdown]) -> Iterator[Column]:
    """One column per category of each breakdown, then one for its rest « non ventilé »,
    so that a row's columns of a breakdown add up to the total it divides and a 0 means
    none rather than not entered."""
    def count(dimension: Dimension, category: str) -> Callable[[Any], int]:
        return lambda r: stored.get(r[1].id, {}).get(dimension.code, {}).get(category, 0)

    def rest(dimension: Dimension) -> Callable[[Any], int]:
        return lambda r: getattr(r[1], dimension.total) - sum(
            stored.get(r[1].id, {}).get(dimension.code, {}).values())

    for dimension in DIMENSIONS:
        prefix = BREAKDOWN_PREFIXES[dimension.code]
        for code, label in dimension.categories:
            yield Column(f"{prefix} – {label}", Kind.INTEGER, count(dimension, code))
        yield Column(f"{prefix} – Non ventilé", Kind.INTEGER, rest(dimension))


def _meetings(con: sqlite3.Connection, options: Options) -> Table:
    records = {meeting.id: meeting for meeting in meetings.all_meetings(con)}
    present = attendee_names(con)
    dealt_with = action_titles(con)
    rows = [(row, records[row.id]) for row in reversed(meetings.meeting_rows(con))
            if options.in_period(row.held_on) and options.keeps(row.id)]
    columns = (
        Column("Date", Kind.DATE, lambda r: r[0].held_on),
        Column("Type de réunion", Kind.TEXT, lambda r: MEETING_KIND_LABELS.get(r[0].kind, r[0].kind),
               30),
        Column("Territoire", Kind.TEXT, lambda r: r[0].territory, 22),
        Column("Modalité", Kind.TEXT, lambda r: MEETING_MODE_LABELS.get(r[0].mode, r[0].mode)),
        Column("Lieu", Kind.TEXT, lambda r: r[0].place, 35),
        Column("Dossiers examinés", Kind.INTEGER, lambda r: r[0].dossiers_examined),
        Column("Avis et recommandations émis", Kind.INTEGER, lambda r: r[0].opinions_issued),
        Column("Participants", Kind.INTEGER, lambda r: r[0].attendees),
        Column("Partenaires présents", Kind.TEXT, lambda r: present.get(r[0].id, ""), 50),
        Column("Suites à donner en cours", Kind.INTEGER, lambda r: r[0].open_followups),
        Column("Notes", Kind.TEXT, lambda r: r[0].notes, 60),
        *_breakdown_columns(meetings.breakdowns(con)),
        Column("Dossiers inscrits à l'ordre du jour", Kind.INTEGER,
               lambda r: r[1].dossiers_registered),
        Column("Dossiers ajournés", Kind.INTEGER, lambda r: r[1].dossiers_adjourned),
        Column("Actions de la feuille de route abordées", Kind.TEXT,
               lambda r: dealt_with.get(r[0].id, ""), 60),
        *_chair_and_voice_columns(con),
        _marker(lambda r: r[1].uuid),
    )
    return Table("meetings", "réunions", Sheet("Réunions", columns, rows))


# --- roadmap actions ---------------------------------------------------------------------------

def _actions(con: sqlite3.Connection, options: Options) -> Table:
    records = {action.id: action for action in roadmap.actions(con)}
    rows = [(row, records[row.id]) for row in roadmap.action_rows(con, options.today)
            if options.keeps(row.id)]
    leads = _names_by(con, "SELECT l.action_id, p.name FROM action_lead l "
                           "JOIN partner p ON p.id = l.partner_id "
                           "ORDER BY p.name COLLATE NOCASE, p.id")
    columns = (
        Column("Code de l'axe", Kind.TEXT, lambda r: r[0].axis_code),
        Column("Axe", Kind.TEXT, lambda r: r[0].axis_label, 35),
        Column("Action", Kind.TEXT, lambda r: r[0].title, 45),
        Column("Statut", Kind.TEXT, lambda r: ACTION_STATUS_LABELS.get(r[0].status, r[0].status)),
        Column("Avancement (%)", Kind.INTEGER, lambda r: r[0].progress),
        Column("Date de début", Kind.DATE, lambda r: r[0].start_on),
        Column("Échéance", Kind.DATE, lambda r: r[0].due_on),
        Column("En retard", Kind.YES_NO, lambda r: r[0].late),
        Column("Pilotes", Kind.TEXT, lambda r: leads.get(r[0].id, ""), 40),
        Column("Étapes du journal", Kind.INTEGER, lambda r: r[0].journal_entries),
        Column("Dernière étape", Kind.DATE, lambda r: r[0].last_entry_on),
        Column("Description", Kind.TEXT, lambda r: r[1].description, 60),
        _marker(lambda r: r[1].uuid),
    )
    return Table("actions", "actions de la feuille de route", Sheet("Actions", columns, rows))


# --- indicators --------------------------------------------------------------------------------

def figure_cell(value: float | None) -> float | str:
    """A stored value as its cell holds it: NULL (« non disponible », which is not 0) as
    « nd », which ``import-indicators`` reads back as NULL, where an empty cell would import
    nothing; a month never entered has no row (and an empty cell in the grid sheet)."""
    return NOT_AVAILABLE_CELL if value is None else value


def _indicators(con: sqlite3.Connection, options: Options) -> Table:
    catalogue = {item.id: item for item in indicators.catalogue(con, active_only=False)}
    order = {item_id: position for position, item_id in enumerate(catalogue)}
    values = [value for value in mapper.select(con, IndicatorValue)
              if options.in_period(value.month) and options.keeps(value.id)]
    values.sort(key=lambda v: (order[v.indicator_id], v.department_code, v.month))
    rows = [(catalogue[value.indicator_id], value) for value in values]
    columns = (
        Column("Code de l'indicateur", Kind.TEXT, lambda r: r[0].code, 18),
        Column("Indicateur", Kind.TEXT, lambda r: r[0].label_text, 50),
        Column("Unité", Kind.TEXT, lambda r: UNIT_LABELS.get(r[0].unit, r[0].unit)),
        Column("Département", Kind.TEXT, lambda r: r[1].department_code),
        Column("Mois", Kind.MONTH, lambda r: r[1].month),
        Column("Valeur", Kind.FIGURE, lambda r: figure_cell(r[1].value)),
        Column("Source", Kind.TEXT, lambda r: r[1].source, 30),
        Column("Commentaire", Kind.TEXT, lambda r: r[1].comment, 40),
        _marker(lambda r: r[1].uuid),
    )
    return Table("indicators", "valeurs d'indicateurs", Sheet("Indicateurs", columns, rows),
                 (_indicators_by_month(rows),))


def _indicators_by_month(rows: list[tuple[Any, IndicatorValue]]) -> Sheet:
    """The same values as a grid, one row per indicator and département, one column per
    month, as they are read and compared (XLSX only)."""
    months = sorted({value.month for _, value in rows})
    lines: dict[tuple[int, str], tuple[Any, str, dict[date, float | str]]] = {}
    for indicator, value in rows:
        line = lines.setdefault((indicator.id, value.department_code),
                                (indicator, value.department_code, {}))
        line[2][value.month] = figure_cell(value.value)

    def month_column(month: date) -> Column:
        return Column(format_month_short(month), Kind.FIGURE, lambda r: r[2].get(month), 11)

    columns = (
        Column("Code de l'indicateur", Kind.TEXT, lambda r: r[0].code, 18),
        Column("Indicateur", Kind.TEXT, lambda r: r[0].label_text, 50),
        Column("Unité", Kind.TEXT, lambda r: UNIT_LABELS.get(r[0].unit, r[0].unit)),
        Column("Département", Kind.TEXT, lambda r: r[1]),
        *(month_column(month) for month in months),
    )
    return Sheet("Indicateurs par mois", columns, list(lines.values()))


# --- partner feedback (responses) --------------------------------------------------------------

def _responses(con: sqlite3.Connection, options: Options) -> Table:
    if options.campaign is not None:
        chosen = find_named(feedback.campaigns(con), options.campaign, lambda c: c.name)
        if chosen is None:
            known = ", ".join(f"« {c.name} »" for c in feedback.campaigns(con)) or "aucune"
            raise ExportError(f"Aucune campagne ne porte le nom « {options.campaign.strip()} » "
                              f"(campagnes de la base : {known}).")
        campaigns = [chosen]
    else:
        campaigns = sorted(feedback.campaigns(con),
                           key=lambda c: (c.period_start is None, c.period_start, c.id))
    # One column per questionnaire item, by label: campaigns that ask the same question
    # share its column; an item a response's campaign does not ask stays empty.
    slots: dict[str, int] = {}
    labels: list[str] = []
    rows: list[tuple[Campaign, Any, dict[int, object], str]] = []
    for campaign in campaigns:
        items = feedback.items_of(con, campaign.id)
        places = []
        for item in items:
            key = item.label_text.casefold()
            if key not in slots:
                slots[key] = len(labels)
                labels.append(item.label_text)
            places.append(slots[key])
        uuids = dict(con.execute("SELECT id, uuid FROM response WHERE campaign_id = ?",
                                 (campaign.id,)))
        for row in feedback.response_rows(con, campaign.id):
            if not options.keeps(row.id):
                continue
            scores = {place: score for place, score in zip(places, row.scores)
                      if score is not None}
            rows.append((campaign, row, scores, uuids[row.id]))

    def item_column(slot: int, label: str) -> Column:
        return Column(label, Kind.SCORE, lambda r: r[2].get(slot), 14)

    columns = (
        Column("Campagne", Kind.TEXT, lambda r: r[0].name, 30),
        Column("Date de réponse", Kind.DATE, lambda r: r[1].responded_on),
        Column("Catégorie de partenaire", Kind.TEXT, lambda r: r[1].category_label, 30),
        Column("Code catégorie", Kind.TEXT, lambda r: r[1].category_code),
        Column("Département", Kind.TEXT, lambda r: r[1].department_code),
        Column("Appréciation globale", Kind.INTEGER, lambda r: r[1].overall_score),
        *(item_column(slot, label) for slot, label in enumerate(labels)),
        Column("Commentaire", Kind.TEXT, lambda r: r[1].comment, 60),
        Column("Origine", Kind.TEXT, lambda r: ORIGIN_LABELS.get(r[1].origin, r[1].origin)),
        Column("Fichier d'origine", Kind.TEXT, lambda r: file_name(r[1].origin_file), 25),
        Column("Ligne du fichier d'origine", Kind.INTEGER, lambda r: r[1].origin_row),
        _marker(lambda r: r[3]),
    )
    return Table("responses", "réponses des partenaires", Sheet("Réponses", columns, rows))


def file_name(path: str) -> str:
    """The name of an imported file without its folder, whatever the system that wrote it
    (the folder may name the user: it stays in the base)."""
    return re.split(r"[\\/]", path)[-1]


TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (
    TableSpec("partners", "partenaires", _partners, aliases=("partenaires",)),
    TableSpec("contacts", "contacts", _contacts, frozenset({"partner"})),
    TableSpec("meetings", "réunions", _meetings, frozenset({"period"}),
              aliases=("reunions", "réunions")),
    TableSpec("actions", "actions de la feuille de route", _actions),
    TableSpec("indicators", "valeurs d'indicateurs", _indicators, frozenset({"period"}),
              aliases=("indicateurs",)),
    TableSpec("responses", "réponses des partenaires", _responses, frozenset({"campaign"}),
              aliases=("reponses", "réponses")),
)}
"""Every list that exports, by command-line name."""


def table_spec(name: str) -> TableSpec:
    """The table called ``name`` (or one of its French names), else a French ExportError."""
    key = name.strip().casefold()
    for spec in TABLES.values():
        if key == spec.name or key in spec.aliases:
            return spec
    raise ExportError(f"Table inconnue : « {name} ». Tables exportables : "
                      f"{', '.join(TABLES)}.")


def build_table(con: sqlite3.Connection, name: str, options: Options | None = None) -> Table:
    """The table ``name`` read from the base (reads only)."""
    return table_spec(name).build(con, options or Options())
