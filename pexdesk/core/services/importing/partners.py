"""Importing partners and their contacts from the directories people actually keep
(CSV, XLSX), or from pexdesk's own partners / contacts exports.

A directory is rarely a clean table: a title row above the header, one row per contact
with the structure repeated (or left blank under the first one, as merged cells give),
blank separator rows, section rows (« BAILLEURS SOCIAUX »), a free-text note below the
table. :func:`plan_partners`

1. finds the header row: the first of the top rows holding at least two recognised
   column names (« Structure », « Catégorie », « Commune », « Nom », « Courriel »,
   « Tél. »…), one of them naming the structure; the rows above it are titles;
2. stops at the table's end: a long free-text row, or a lone cell after blank rows;
3. groups the rows by structure name (normalised: case, accents, punctuation), so one
   partner gets several contacts; matches categories on their whole label
   (:func:`values.parse_category`: code, French label or a synonym of shared/domain.md
   §6.1 — « Caf », « OPH », « Mairie »; a generic « Association » is classed with a
   warning; an unknown label is an error, never a guess); writes phone numbers the
   French way (« 05.62.00.00.00 », « +33 5 62 00 00 00 » → « 05 62 00 00 00 »);
   checks e-mails;
4. matches what the base holds: a partner by UUID (pexdesk export) or by normalised
   name, a contact by UUID or by normalised name within its partner. A non-empty cell
   updates the stored value, an empty one keeps it; contacts and tags are added,
   never removed; a territory takes the spelling in use (:mod:`pexdesk.core.spellings`),
   as the partner form's does, and the preview and the summary say which did.

:func:`commit_partners` writes the plan through :func:`commit.commit_batch`: one
transaction, all or nothing, and the same file imported again adds nothing.

Only professional data is read (shared/domain.md §9): structure, contact name,
function, professional e-mail and phone; other columns are listed as not imported.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from itertools import chain, islice

from pexdesk.core.domain import rules
from pexdesk.core.domain.models import Contact, Partner
from pexdesk.core.domain.record import SHORT_TEXT
from pexdesk.core.errors import ImportRefusedError, NotFoundError
from pexdesk.core.formatting import plural
from pexdesk.core.reference.categories import CATEGORY_LABELS
from pexdesk.core.repositories import mapper
from pexdesk.core.repositories import partners as partner_repo
from pexdesk.core.repositories.territories import territory_spellings
from pexdesk.core.services.exchange.cells import (MARKER_HEADER, is_pexdesk_export,
                                                  restore_text)
from pexdesk.core.services.importing.commit import CommitResult, commit_batch, find_previous
from pexdesk.core.services.importing.plan import (ImportPlan, Problem, RowStatus, Severity,
                                                  problem_block)
from pexdesk.core.services.importing.reading import Rows, Sheet
from pexdesk.core.services.importing.values import (CategoryValue, Invalid, Vocabulary,
                                                    match_heading, normalise_label,
                                                    parse_category, parse_date, quote)
from pexdesk.core.spellings import spelling_key

KIND = "PARTENAIRES"
HEADER_SEARCH_ROWS = 30
"""The header is looked for among the file's first non-blank rows."""
PROSE_LENGTH = 80
PROSE_WORDS = 8


class Field(StrEnum):
    ORGANISATION = "ORGANISATION"
    CATEGORY = "CATEGORY"
    CATEGORY_CODE = "CATEGORY_CODE"
    TERRITORY = "TERRITORY"
    CHARTER = "CHARTER"
    CHARTER_DATE = "CHARTER_DATE"
    ACTIVE = "ACTIVE"
    TAGS = "TAGS"
    NOTES = "NOTES"
    FIRST_NAME = "FIRST_NAME"
    CONTACT = "CONTACT"
    ROLE = "ROLE"
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    UUID = "UUID"


FIELD_LABELS = {
    Field.ORGANISATION: "Structure", Field.CATEGORY: "Catégorie",
    Field.CATEGORY_CODE: "Code catégorie", Field.TERRITORY: "Territoire",
    Field.CHARTER: "Signataire de la charte",
    Field.CHARTER_DATE: "Date de signature de la charte", Field.ACTIVE: "Actif",
    Field.TAGS: "Étiquettes", Field.NOTES: "Notes", Field.FIRST_NAME: "Prénom du contact",
    Field.CONTACT: "Nom du contact", Field.ROLE: "Fonction", Field.EMAIL: "E-mail",
    Field.PHONE: "Téléphone", Field.UUID: "Identifiant pexdesk",
}

HEADERS = Vocabulary({
    Field.ORGANISATION: ("Structure", "Organisme", "Partenaire", "Organisation",
                         "Nom de la structure", "Nom de l'organisme", "Nom du partenaire",
                         "Nom de l'organisation", "Raison sociale", "Établissement",
                         "Institution", "Structure / organisme", "Organisme / structure"),
    Field.CATEGORY: ("Catégorie", "Type", "Type de structure", "Type de partenaire",
                     "Catégorie de partenaire", "Catégorie de structure", "Famille",
                     "Type d'organisme", "Collège"),
    Field.CATEGORY_CODE: ("Code catégorie",),
    Field.TERRITORY: ("Territoire", "Commune", "Ville", "Secteur", "Localisation",
                      "Territoire d'intervention", "Zone", "Commune / territoire"),
    Field.CHARTER: ("Signataire de la charte", "Signataire charte", "Charte",
                    "Charte signée", "Signataire"),
    Field.CHARTER_DATE: ("Date de signature de la charte", "Date de signature"),
    Field.ACTIVE: ("Actif", "Active"),
    Field.TAGS: ("Étiquettes", "Tags", "Mots clés"),
    Field.NOTES: ("Notes", "Note", "Remarques", "Observations", "Commentaire", "Commentaires"),
    Field.FIRST_NAME: ("Prénom",),
    Field.CONTACT: ("Nom", "Contact", "Nom du contact", "Nom et prénom", "Nom prénom",
                    "Prénom nom", "Prénom et nom", "Interlocuteur", "Référent",
                    "Personne à contacter", "Correspondant", "Nom / contact"),
    Field.ROLE: ("Fonction", "Poste", "Qualité", "Rôle", "Service / fonction"),
    Field.EMAIL: ("Courriel", "E-mail", "Email", "Mail", "Mél", "Adresse mail",
                  "Adresse e-mail", "Adresse électronique", "Courriel professionnel"),
    Field.PHONE: ("Téléphone", "Tél", "Tel", "Téléphone professionnel", "Tél. fixe",
                  "Téléphone fixe", "Ligne directe", "N° de téléphone", "Numéro de téléphone"),
    Field.UUID: (MARKER_HEADER,),
})

COMPUTED_EXPORT_COLUMNS = frozenset({"Contacts", "Réunions suivies"})
"""Columns of pexdesk's partners export that the base computes: read by no one."""
CONTACT_FIELDS = (Field.FIRST_NAME, Field.CONTACT, Field.ROLE, Field.EMAIL, Field.PHONE)
_YES = frozenset(normalise_label(t) for t in ("Oui", "O", "X", "Vrai", "1", "Yes", "Signataire",
                                              "Signée", "Signé"))
_NO = frozenset(normalise_label(t) for t in ("Non", "N", "Faux", "0", "No"))


def match_header(text: str) -> Field | None:
    """The field a header cell names (:func:`values.match_heading`)."""
    code = match_heading(text, HEADERS)
    return Field(code) if code else None


# --- values ----------------------------------------------------------------------------------

_PHONE_NOISE = re.compile(r"[\s.\-/()\u00a0\u202f]")


def normalise_phone(text: str) -> str | Invalid:
    """« 05.62.00.00.00 », « +33 5 62 00 00 00 », « +33 (0)5 62… », « 0033 5… »,
    « 0562000000 », and 562000000 (a spreadsheet dropped the leading 0) → « 05 62 00 00 00 »;
    a foreign number is kept as typed; anything else is Invalid."""
    text = text.strip()
    digits = _PHONE_NOISE.sub("", text)
    if digits.startswith("0033"):
        digits = "+33" + digits[4:]
    if digits.startswith("+330"):
        digits = "+33" + digits[4:]
    if len(digits) == 9 and digits.isdigit() and digits[0] != "0":
        digits = "0" + digits
    formatted = rules.format_phone(digits)
    if formatted != digits:  # a French number, written the usual way
        return formatted
    if digits.startswith("+") and rules.phone("Téléphone", text) is None \
            and len(text) <= SHORT_TEXT:  # a foreign number: kept as typed
        return text
    return Invalid(f"{quote(text)} n'est pas un numéro de téléphone valide.")


def normalise_email(text: str) -> str | Invalid:
    text = text.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:].strip()
    if rules.email("E-mail", text) is not None or len(text) > SHORT_TEXT:
        return Invalid(f"{quote(text)} n'est pas une adresse e-mail valide.")
    return text


def parse_yes_no(text: str) -> bool | None | Invalid:
    key = normalise_label(text)
    if not key:
        return None
    if key in _YES:
        return True
    if key in _NO:
        return False
    return Invalid(f"{quote(text)} : « Oui » ou « Non » attendu.")


def _clean(text: str) -> str:
    """One line, spaces collapsed, control characters dropped."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _looks_like_prose(text: str) -> bool:
    return len(text) > PROSE_LENGTH or len(text.split()) >= PROSE_WORDS


# --- the plan ----------------------------------------------------------------------------------

@dataclass
class PlannedColumn:
    index: int
    name: str
    field: Field | None
    note: str = ""


@dataclass
class PlannedContact:
    row: int
    full_name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    uuid: str = ""
    existing_id: int | None = None


@dataclass
class PlannedPartner:
    """One structure of the file: its rows, its fields, its contacts."""

    key: str
    name: str
    first_row: int
    rows: list[int] = field(default_factory=list)
    category_code: str = ""
    category_row: int | None = None
    territory: str = ""
    territory_row: int | None = None
    charter_signatory: bool | None = None
    charter_signed_on: date | None = None
    active: bool | None = None
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    uuid: str = ""
    existing_id: int | None = None
    contacts: list[PlannedContact] = field(default_factory=list)
    invalid: bool = False

    @property
    def created(self) -> bool:
        return self.existing_id is None


@dataclass
class PartnerPlan(ImportPlan):
    KIND = KIND

    header_row: int | None = None
    title_rows: list[int] = field(default_factory=list)
    columns: list[PlannedColumn] = field(default_factory=list)
    pexdesk_export: bool = False
    partners: list[PlannedPartner] = field(default_factory=list)
    unmatched_categories: list[str] = field(default_factory=list)
    """Category labels no category matched, each once, in file order: listed, never guessed."""
    respelled: list[Respelling] = field(default_factory=list)
    """The territories the file spells otherwise than the base (or a row above), in file
    order: they take the spelling in use (:func:`_take_spellings_in_use`)."""

    @property
    def valid_partners(self) -> list[PlannedPartner]:
        status = dict(zip(self.row_numbers, self.row_status))
        return [p for p in self.partners if not p.invalid
                and any(status.get(row) == RowStatus.VALID for row in p.rows)]

    def valid_contacts(self, partner: PlannedPartner) -> list[PlannedContact]:
        status = dict(zip(self.row_numbers, self.row_status))
        return [c for c in partner.contacts if status.get(c.row) == RowStatus.VALID]

    def preview_lines(self, skip_invalid: bool = False, skip_hint: str = "") -> list[str]:
        sheet = self.sheet
        lines = [f"Fichier : {sheet.file_name} ({sheet.describe()}"
                 + (", export pexdesk" if self.pexdesk_export else "") + ")"]
        if self.previous:
            lines.append(self.previous.text())
        if self.header_row is not None:
            lines.append(f"En-tête : ligne {self.header_row}"
                         + (f" (titre au-dessus : {_rows_text(self.title_rows)})"
                            if self.title_rows else "") + ".")
            lines.append("Colonnes :")
            for column in self.columns:
                target = (f"{FIELD_LABELS[column.field]}" if column.field
                          else "non importée")
                lines.append(f"  « {column.name} » → {target}"
                             + (f" ({column.note})" if column.note else ""))
        lines.extend(problem_block(self.problems))
        if self.unmatched_categories:
            lines.append("Catégories non reconnues : "
                         + ", ".join(quote(label) for label in self.unmatched_categories) + ".")
        if self.respelled:
            lines.append(respelled_text(self.respelled))
        lines.append(f"{plural(self.rows_read, 'ligne lue', 'lignes lues')} : "
                     f"{plural(self.valid_count, 'valide', 'valides')}, "
                     f"{plural(self.invalid_count, 'invalide', 'invalides')}"
                     + (f", {plural(self.ignored_count, 'ignorée', 'ignorées')} "
                        "(intertitres)" if self.ignored_count else "") + ".")
        refusal = self.refusal(skip_invalid, skip_hint)
        if self.previous:
            lines.append("Rien ne sera importé.")
        elif refusal:
            lines.append(refusal)
        else:
            valid = self.valid_partners
            new = sum(1 for p in valid if p.created)
            contacts = [c for p in valid for c in self.valid_contacts(p)]
            added = sum(1 for c in contacts if c.existing_id is None)
            lines.append(f"Import possible : {plural(new, 'partenaire créé', 'partenaires créés')}, "
                         f"{plural(len(valid) - new, 'mis à jour', 'mis à jour')} (au plus), "
                         f"{plural(added, 'contact ajouté', 'contacts ajoutés')}.")
        return lines


@dataclass(frozen=True)
class Respelling:
    typed: str
    """The territory as the file spells it."""
    kept: str
    """As the base (or a row above) already spells it, which is written."""
    row: int


def respelled_text(respelled: list[Respelling]) -> str:
    """« Territoires enregistrés sous l'orthographe déjà utilisée : « nord – montbrezac » →
    « Nord - Montbrézac » (lignes 2, 7). », as the partner form says it of one."""
    rows: dict[tuple[str, str], list[int]] = {}
    for item in respelled:
        rows.setdefault((item.typed, item.kept), []).append(item.row)
    return ("Territoires enregistrés sous l'orthographe déjà utilisée : "
            + ", ".join(f"{quote(typed)} → {quote(kept)} ({_rows_text(numbers)})"
                        for (typed, kept), numbers in rows.items()) + ".")


def _rows_text(rows: list[int]) -> str:
    if len(rows) == 1:
        return f"ligne {rows[0]}"
    return "lignes " + ", ".join(str(r) for r in rows)


# --- planning ----------------------------------------------------------------------------------

def _find_header(records) -> int | None:
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        found = {match_header(cell) for cell in record if cell}
        found.discard(None)
        if len(found) >= 2 and Field.ORGANISATION in found:
            return index
    return None


def plan_partners(con: sqlite3.Connection, sheet: Sheet) -> PartnerPlan:
    """What importing ``sheet`` would do; reads the base, writes nothing."""
    plan = PartnerPlan(sheet)
    plan.previous = find_previous(con, KIND, sheet.sha256)
    records, numbers = sheet.records, sheet.numbers
    header_index = _find_header(records)
    if header_index is None:
        plan.file_problems.append(Problem(
            "aucune ligne d'en-tête reconnue : il faut, dans les "
            f"{HEADER_SEARCH_ROWS} premières lignes, une colonne « Structure » (ou « Organisme », "
            "« Partenaire ») et au moins une autre colonne reconnue (« Catégorie », "
            "« Territoire », « Nom », « Fonction », « Courriel », « Téléphone »…)."))
        return plan
    header = records[header_index]
    plan.header_row = numbers[header_index]
    plan.title_rows = list(numbers[:header_index])
    plan.pexdesk_export = is_pexdesk_export(header)
    _plan_columns(plan, header)
    where = {c.field: c for c in plan.columns if c.field is not None}
    if Field.CATEGORY in where and Field.CATEGORY_CODE in where:
        where[Field.CATEGORY].note = "« Code catégorie » fait foi"
    data = _table_rows(plan, records[header_index + 1:], numbers[header_index + 1:])
    existing = _Existing(con)
    _plan_rows(plan, data, where, existing)
    _take_spellings_in_use(con, plan)
    return plan


def _take_spellings_in_use(con: sqlite3.Connection, plan: PartnerPlan) -> None:
    """Each territory of the partners to import spelled as the base already spells it
    (:func:`territories.territory_spellings`: its most used spelling), or, new to the base,
    as the first row bringing it does: as a partner saved in its form, whose spelling
    ``partners.save`` would take anyway, but said in the preview and the summary, and a
    partner's own spelling of its territory not taken for a change of it."""
    in_use = territory_spellings(con)
    for partner in plan.valid_partners:
        key = spelling_key(partner.territory)
        if not key:
            continue
        kept = in_use.setdefault(key, partner.territory)
        if kept != partner.territory:
            plan.respelled.append(Respelling(partner.territory, kept, partner.territory_row))
            partner.territory = kept


def _exported_text(plan: PartnerPlan, text: str) -> str:
    """A cell as pexdesk exported it: a CSV export neutralised formula-like texts with an
    apostrophe, removed here; an XLSX export's string cells were written as typed."""
    return restore_text(text) if plan.pexdesk_export and plan.sheet.kind == "CSV" else text


def _plan_columns(plan: PartnerPlan, header) -> None:
    seen: dict[Field, PlannedColumn] = {}
    for index, name in enumerate(header):
        name = _clean(_exported_text(plan, name))
        found = match_header(name) if name else None
        column = PlannedColumn(index, name or f"colonne {index + 1}", found)
        if found is not None and found in seen:
            column.field = None
            column.note = f"« {seen[found].name} » est déjà lue comme {FIELD_LABELS[found]}"
        elif found is not None:
            seen[found] = column
        elif name and plan.pexdesk_export and name in COMPUTED_EXPORT_COLUMNS:
            column.note = "calculée par pexdesk"
        elif name:
            column.note = "intitulé non reconnu"
        plan.columns.append(column)
        if column.field is None and name and column.note != "calculée par pexdesk":
            plan.file_problems.append(Problem(f"colonne non importée ({column.note}).",
                                              column=column.name, severity=Severity.WARNING))


def _table(rows: Rows, header_row: int) -> Rows:
    """The rows under the header, up to the table's end: a prose row, or a lone cell after
    blank rows (but a section row naming a category)."""
    previous_number = header_row
    for number, record in rows:
        filled = [cell for cell in record if cell]
        gap = number > previous_number + 1
        if len(filled) == 1 and (
                _looks_like_prose(filled[0])
                or (gap and not isinstance(parse_category(filled[0]), CategoryValue))):
            return
        yield number, record
        previous_number = number


def _table_rows(plan: PartnerPlan, records, numbers) -> list[tuple[int, tuple[str, ...]]]:
    """The table's rows (:func:`_table`); its end, when rows follow, is told as a warning."""
    rows = list(zip(numbers, records))
    table = list(_table(iter(rows), plan.header_row))
    if len(table) < len(rows):
        number, record = rows[len(table)]
        text = next(cell for cell in record if cell)
        rest = len(rows) - len(table)
        plan.file_problems.append(Problem(
            f"fin du tableau : texte libre {quote(text)} non importé"
            + (f", ni les {rest - 1} lignes suivantes." if rest > 1 else "."),
            row=number, severity=Severity.WARNING))
    return table


def count_partner_rows(rows: Rows) -> int:
    """The directory import's :data:`~reading.RowCounter`: the rows of its table, from
    under its header (:func:`_find_header`) to its end (:func:`_table`), as
    ``PartnerPlan.rows_read`` counts them; none without a header."""
    head = list(islice(rows, HEADER_SEARCH_ROWS))
    header = _find_header([record for _, record in head])
    if header is None:
        return 0
    return sum(1 for _ in _table(chain(head[header + 1:], rows), head[header][0]))


class _Existing:
    """The partners and contacts the base holds, by UUID and by normalised name."""

    def __init__(self, con: sqlite3.Connection):
        self.partners = partner_repo.all_partners(con)
        self.by_uuid = {p.uuid: p for p in self.partners}
        self.by_name = {normalise_label(p.name): p for p in self.partners}
        self.contacts = mapper.select(con, Contact, order="id")
        self.contact_by_uuid = {c.uuid: c for c in self.contacts}
        self.contact_by_name = {(c.partner_id, normalise_label(c.full_name)): c
                                for c in self.contacts}


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12}$")


def _plan_rows(plan: PartnerPlan, data, where: dict[Field, PlannedColumn],
               existing: _Existing) -> None:
    contact_file = any(f in where for f in (Field.CONTACT, Field.FIRST_NAME))
    groups: dict[str, PlannedPartner] = {}
    current: PlannedPartner | None = None
    section_category: str | None = None
    unmatched: dict[str, None] = {}

    for number, record in data:
        problems: list[Problem] = []

        def cell(f: Field) -> str:
            column = where.get(f)
            if column is None or column.index >= len(record):
                return ""
            return _exported_text(plan, record[column.index]).strip()

        def error(f: Field, message: str, severity: Severity = Severity.ERROR) -> None:
            problems.append(Problem(message, number, where[f].name if f in where else None,
                                    severity))

        filled = [c for c in record if c]
        # A section row: one cell naming a category (« BAILLEURS SOCIAUX »).
        if len(filled) == 1 and not cell(Field.CONTACT) and not cell(Field.EMAIL):
            category = parse_category(filled[0])
            if isinstance(category, CategoryValue) and category.warning is None:
                section_category = category.code
                plan.row_numbers.append(number)
                plan.row_status.append(RowStatus.IGNORED)
                plan.row_problems.append([Problem(
                    f"intertitre {quote(filled[0])} : catégorie « "
                    f"{CATEGORY_LABELS[category.code]} » pour les structures qui suivent "
                    "sans catégorie.", number, severity=Severity.WARNING)])
                current = None
                continue

        name = _clean(cell(Field.ORGANISATION))
        contact_cells = {f: cell(f) for f in CONTACT_FIELDS}
        if not name:
            if current is not None and any(contact_cells.values()):
                name = current.name  # the structure written once above its contacts
            else:
                error(Field.ORGANISATION, "le nom de la structure est obligatoire.")
        partner = None
        if name:
            if len(name) > SHORT_TEXT:
                error(Field.ORGANISATION, f"{quote(name)} dépasse {SHORT_TEXT} caractères.")
            key = normalise_label(name) or name
            partner = groups.get(key)
            if partner is None:
                partner = PlannedPartner(key, name, number)
                groups[key] = partner
                plan.partners.append(partner)
                if section_category:
                    partner.category_code = section_category
            partner.rows.append(number)
            current = partner

        partner_problems_before = len(problems)
        if partner is not None:
            _partner_cells(plan, partner, cell, error, number, contact_file, unmatched)
        partner_error = any(p.is_error for p in problems[partner_problems_before:])
        contact = _contact_cells(partner, cell, error, number, contact_file, contact_cells,
                                 plan.pexdesk_export)
        if partner is not None and partner_error:
            partner.invalid = True
        if contact is not None and partner is not None:
            _add_contact(partner, contact, problems, where)
        plan.row_numbers.append(number)
        plan.row_problems.append(problems)
        plan.row_status.append(RowStatus.INVALID if any(p.is_error for p in problems)
                               else RowStatus.VALID)

    plan.unmatched_categories = list(unmatched)
    for partner in plan.partners:
        _resolve(plan, partner, where, existing)


def _partner_cells(plan, partner: PlannedPartner, cell, error, number: int,
                   contact_file: bool, unmatched: dict) -> None:
    code_text = cell(Field.CATEGORY_CODE)
    label_text = cell(Field.CATEGORY)
    code = None
    if code_text:
        if code_text.upper() in CATEGORY_LABELS:
            code = code_text.upper()
        else:
            error(Field.CATEGORY_CODE,
                  f"{quote(code_text)} n'est pas un code de catégorie de partenaire.")
    elif label_text:
        category = parse_category(label_text)
        if isinstance(category, Invalid):
            error(Field.CATEGORY, category.message)
            unmatched.setdefault(_clean(label_text), None)
        elif category is not None:
            code = category.code
            if category.warning:
                error(Field.CATEGORY, category.warning, Severity.WARNING)
    if code:
        if partner.category_row is not None and partner.category_code != code:
            error(Field.CATEGORY_CODE if code_text else Field.CATEGORY,
                  f"« {CATEGORY_LABELS[code]} » contredit la catégorie « "
                  f"{CATEGORY_LABELS[partner.category_code]} » donnée ligne "
                  f"{partner.category_row} pour la même structure.")
        elif partner.category_row is None:
            partner.category_code, partner.category_row = code, number

    territory = _clean(cell(Field.TERRITORY))
    if territory:
        if len(territory) > SHORT_TEXT:
            error(Field.TERRITORY, f"{quote(territory)} dépasse {SHORT_TEXT} caractères.")
        elif not partner.territory:
            partner.territory, partner.territory_row = territory, number
        elif spelling_key(partner.territory) != spelling_key(territory):
            error(Field.TERRITORY, f"{quote(territory)} diffère du territoire "
                                   f"{quote(partner.territory)} donné plus haut pour la même "
                                   "structure : le premier est gardé.", Severity.WARNING)
    for f, attribute in ((Field.CHARTER, "charter_signatory"), (Field.ACTIVE, "active")):
        text = cell(f)
        if not text:
            continue
        value = parse_yes_no(text)
        if isinstance(value, Invalid):
            error(f, value.message)
        elif value is not None and getattr(partner, attribute) is None:
            setattr(partner, attribute, value)
    text = cell(Field.CHARTER_DATE)
    if text:
        day = parse_date(text)
        if isinstance(day, Invalid):
            error(Field.CHARTER_DATE, day.message)
        elif day is not None and partner.charter_signed_on is None:
            partner.charter_signed_on = day
    notes = cell(Field.NOTES).replace("\r\n", "\n").strip()
    if notes and notes not in partner.notes:
        partner.notes = f"{partner.notes}\n{notes}".strip()
    tags = cell(Field.TAGS)
    known = {partner_repo.tag_key(t) for t in partner.tags}
    for tag in (t.strip() for t in tags.split(",")):
        if tag and partner_repo.tag_key(tag) not in known:
            if len(tag) > 60:
                error(Field.TAGS, f"l'étiquette {quote(tag)} dépasse 60 caractères.")
            else:
                partner.tags.append(tag)
                known.add(partner_repo.tag_key(tag))
    marker = cell(Field.UUID)
    if marker and not contact_file:
        if _UUID.match(marker):
            partner.uuid = partner.uuid or marker.lower()
        else:
            error(Field.UUID, f"{quote(marker)} n'est pas un identifiant pexdesk : ignoré.",
                  Severity.WARNING)


def _contact_cells(partner, cell, error, number: int, contact_file: bool,
                   cells: dict[Field, str], pexdesk_export: bool) -> PlannedContact | None:
    name = _clean(" ".join(t for t in (cells[Field.FIRST_NAME], cells[Field.CONTACT]) if t))
    role = _clean(cells[Field.ROLE])
    email_text, phone_text = cells[Field.EMAIL], cells[Field.PHONE]
    if not (name or role or email_text or phone_text):
        return None
    contact = PlannedContact(number, name, role)
    if not name:
        error(Field.CONTACT,
              "le nom du contact est obligatoire (fonction, e-mail ou téléphone donnés "
              "sans nom).")
    for label, value in ((Field.CONTACT, name), (Field.ROLE, role)):
        if len(value) > SHORT_TEXT:
            error(label, f"{quote(value)} dépasse {SHORT_TEXT} caractères.")
    if email_text:
        email = normalise_email(email_text)
        if isinstance(email, Invalid):
            error(Field.EMAIL, email.message)
        else:
            contact.email = email
    if phone_text:
        phone = normalise_phone(phone_text)
        if isinstance(phone, Invalid):
            error(Field.PHONE, phone.message)
        else:
            contact.phone = phone
    marker = cell(Field.UUID)
    if marker and contact_file:
        if _UUID.match(marker):
            contact.uuid = marker.lower()
        else:
            error(Field.UUID, f"{quote(marker)} n'est pas un identifiant pexdesk : ignoré.",
                  Severity.WARNING)
    return contact


def _add_contact(partner: PlannedPartner, contact: PlannedContact, problems: list[Problem],
                 where) -> None:
    """Add the row's contact to its structure; the same person twice is one contact."""
    key = normalise_label(contact.full_name)
    if key:
        for other in partner.contacts:
            if normalise_label(other.full_name) == key:
                for attribute in ("role", "email", "phone"):
                    mine, theirs = getattr(contact, attribute), getattr(other, attribute)
                    if mine and theirs and mine != theirs:
                        column = {"role": Field.ROLE, "email": Field.EMAIL,
                                  "phone": Field.PHONE}[attribute]
                        problems.append(Problem(
                            f"{quote(contact.full_name)} figure déjà ligne {other.row} avec "
                            f"{quote(theirs)} : la première valeur est gardée.", contact.row,
                            where[column].name if column in where else None, Severity.WARNING))
                    elif mine and not theirs:
                        setattr(other, attribute, mine)
                return
    partner.contacts.append(contact)


def _resolve(plan: PartnerPlan, partner: PlannedPartner, where, existing: _Existing) -> None:
    """Tie the structure to the stored partner it names, and check the merged records."""
    stored = existing.by_uuid.get(partner.uuid) if partner.uuid else None
    stored = stored or existing.by_name.get(partner.key)
    index = plan.row_numbers.index(partner.first_row)
    problems = plan.row_problems[index]

    def error(f: Field | None, message: str) -> None:
        problems.append(Problem(message, partner.first_row,
                                where[f].name if f in where else None))

    if stored is not None:
        partner.existing_id = stored.id
        partner.uuid = stored.uuid
        if not partner.category_code:
            partner.category_code = stored.category_code
    elif not partner.category_code and not partner.invalid:
        field_ = Field.CATEGORY if Field.CATEGORY in where or Field.CATEGORY_CODE not in where \
            else Field.CATEGORY_CODE
        error(field_, f"la catégorie de « {partner.name} » est obligatoire (par exemple "
                      "« Caf », « Mairie », « Bailleur social »).")
    if stored is not None and normalise_label(stored.name) != partner.key:
        namesake = existing.by_name.get(partner.key)
        if namesake is not None and namesake.id != stored.id:
            error(Field.ORGANISATION, f"« {partner.name} » est déjà le nom d'un autre partenaire "
                                      "de la base.")
    record = build_partner(partner, stored)
    for problem in record.problems():
        error(_PARTNER_FIELDS.get(problem.field), problem.message)
    for contact in partner.contacts:
        stored_contact = None
        if contact.uuid:
            stored_contact = existing.contact_by_uuid.get(contact.uuid)
        if stored_contact is None and stored is not None:
            stored_contact = existing.contact_by_name.get(
                (stored.id, normalise_label(contact.full_name)))
        if stored_contact is not None:
            contact.existing_id = stored_contact.id
            contact.uuid = stored_contact.uuid
    if any(p.is_error for p in problems) or partner.invalid:
        partner.invalid = True
        for number in partner.rows:
            i = plan.row_numbers.index(number)
            if plan.row_status[i] == RowStatus.VALID:
                plan.row_status[i] = RowStatus.INVALID
                if number != partner.first_row:
                    plan.row_problems[i].append(Problem(
                        f"structure « {partner.name} » rejetée (voir ligne "
                        f"{partner.first_row}).", number))
            if number == partner.first_row:
                plan.row_status[i] = RowStatus.INVALID


_PARTNER_FIELDS = {"name": Field.ORGANISATION, "category_code": Field.CATEGORY,
                   "territory": Field.TERRITORY, "charter_signatory": Field.CHARTER,
                   "charter_signed_on": Field.CHARTER_DATE, "notes": Field.NOTES}


def build_partner(planned: PlannedPartner, stored: Partner | None) -> Partner:
    """The partner as it will be saved: the stored one with the file's non-empty cells."""
    if stored is None:
        record = Partner(name=planned.name, category_code=planned.category_code or "AUTRE",
                         uuid=planned.uuid)
    else:
        record = Partner(**vars(stored))
        if normalise_label(stored.name) != planned.key:  # renamed in a pexdesk export
            record.name = planned.name
    record.category_code = planned.category_code or record.category_code
    record.territory = planned.territory or record.territory
    if planned.charter_signatory is not None:
        record.charter_signatory = planned.charter_signatory
    if planned.charter_signed_on is not None:
        record.charter_signed_on = planned.charter_signed_on
        record.charter_signatory = True if planned.charter_signatory is None \
            else record.charter_signatory
    if planned.active is not None:
        record.active = planned.active
    if planned.notes and planned.notes not in record.notes:
        record.notes = f"{record.notes}\n{planned.notes}".strip()
    return record


# --- commit ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PartnerImportResult:
    commit: CommitResult
    created: int = 0
    updated: int = 0
    contacts_added: int = 0
    contacts_updated: int = 0
    warnings: list[Problem] = field(default_factory=list)
    respelled: list[Respelling] = field(default_factory=list)

    def lines(self) -> list[str]:
        """« 9 lignes lues : 4 partenaires créés, 1 mis à jour, 7 contacts ajoutés, … »."""
        result = self.commit
        written = _written_text(self.created, self.updated, self.contacts_added,
                                self.contacts_updated)
        lines = result.summary_lines(
            f" : {written}, {plural(result.rejected_rows, 'ligne rejetée', 'lignes rejetées')}")
        if result.previous is not None:
            return lines
        if self.respelled:
            lines.append(respelled_text(self.respelled))
        lines.extend(problem_block(self.warnings))
        return lines


def _written_text(created: int, updated: int, added: int, contacts_updated: int) -> str:
    """What an import wrote, for its summary and its line in the journal."""
    return (f"{plural(created, 'partenaire créé', 'partenaires créés')}, "
            f"{plural(updated, 'mis à jour', 'mis à jour')}, "
            f"{plural(added, 'contact ajouté', 'contacts ajoutés')}, "
            f"{plural(contacts_updated, 'contact mis à jour', 'contacts mis à jour')}")


def _same(a: object, b: object, attributes: tuple[str, ...]) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in attributes)


_PARTNER_ATTRIBUTES = ("name", "category_code", "territory", "charter_signatory",
                       "charter_signed_on", "notes", "active")
_CONTACT_ATTRIBUTES = ("partner_id", "full_name", "role", "email", "phone")


def commit_partners(con: sqlite3.Connection, plan: PartnerPlan, *,
                    skip_invalid: bool = False) -> PartnerImportResult:
    """Write the plan's valid partners and contacts in ONE transaction, or nothing."""
    counts = {"created": 0, "updated": 0, "added": 0, "contacts_updated": 0}

    def write(con: sqlite3.Connection) -> tuple[int | None, int, str]:
        for planned in plan.valid_partners:
            stored = None
            if planned.existing_id is not None:
                try:
                    stored = mapper.get(con, Partner, planned.existing_id)
                except NotFoundError as exc:
                    raise ImportRefusedError(f"Le partenaire « {planned.name} » a changé depuis "
                                             "l'aperçu : relancez l'aperçu de l'import.") from exc
            record = build_partner(planned, stored)
            contacts = partner_repo.contacts_of(con, stored.id) if stored else []
            by_id = {c.id: c for c in contacts}
            moved = []
            changed = stored is None or not _same(record, stored, _PARTNER_ATTRIBUTES)
            for item in plan.valid_contacts(planned):
                if item.existing_id is not None and item.existing_id not in by_id:
                    found = mapper.select(con, Contact, "id = ?", (item.existing_id,))
                    if not found:
                        raise ImportRefusedError(f"Le contact « {item.full_name} » a changé "
                                                 "depuis l'aperçu : relancez l'aperçu.")
                    moved.append(found[0])
                    by_id[found[0].id] = found[0]
                    contacts.append(found[0])
                if item.existing_id is None:
                    contacts.append(Contact(full_name=item.full_name, role=item.role,
                                            email=item.email, phone=item.phone,
                                            uuid=item.uuid))
                    counts["added"] += 1
                    changed = True
                    continue
                contact = by_id[item.existing_id]
                before = Contact(**vars(contact))
                contact.full_name = item.full_name or contact.full_name
                contact.role = item.role or contact.role
                contact.email = item.email or contact.email
                contact.phone = item.phone or contact.phone
                if not _same(before, contact, _CONTACT_ATTRIBUTES) or contact in moved:
                    counts["contacts_updated"] += 1
                    changed = True
            tags = partner_repo.tags_of(con, stored.id) if stored else []
            stored_tags = {partner_repo.tag_key(t) for t in tags}
            new_tags = [t for t in planned.tags if partner_repo.tag_key(t) not in stored_tags]
            changed = changed or bool(new_tags)
            if stored is not None and not changed:
                continue
            partner_repo.save(con, record, contacts, [*tags, *new_tags])
            counts["created" if stored is None else "updated"] += 1
        return None, plan.valid_count, _written_text(**counts)

    result = commit_batch(con, plan, write, skip_invalid=skip_invalid)
    warnings = [] if result.previous else [
        *(p for p in plan.file_problems if not p.is_error),
        *(p for status, row in zip(plan.row_status, plan.row_problems)
          if status != RowStatus.INVALID for p in row if not p.is_error)]
    if result.previous:
        counts = dict.fromkeys(counts, 0)
    return PartnerImportResult(result, counts["created"], counts["updated"], counts["added"],
                               counts["contacts_updated"], warnings,
                               [] if result.previous else plan.respelled)

