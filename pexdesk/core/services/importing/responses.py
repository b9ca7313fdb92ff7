"""Importing partner-survey responses from a survey tool's export (or any table with one
row per respondent).

1. :func:`plan_responses` decides each column's :class:`Role` — by the tool's layout
   (:mod:`survey_formats`), by the header's wording (« Type de structure »,
   « Département », « Globalement… », « Commentaires »), then by the cells themselves
   (a column of 1–5 scores is a questionnaire item) — and parses every row. Roles the
   user chose (wizard, ``--category`` …) are passed in :class:`ResponseImportOptions`
   and win. The plan lists every problem by row and column; nothing is written.
2. :func:`commit_responses` writes the valid rows in one transaction, or nothing.

Into a new campaign, every item column becomes a campaign item (a statement nobody
answered too: n = 0). Into an existing campaign, columns are matched to its items by
normalised label (or code); the others are listed as unmatched and not imported.
Names and e-mails are never stored: a response is a partner category, a département,
a date, scores and a comment (shared/domain.md §9).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import PurePath

from pexdesk.core.domain.models import (NOT_CONCERNED, Campaign, CampaignItem, Origin, Profile,
                                        Response, Score)
from pexdesk.core.errors import ImportRefusedError
from pexdesk.core.reference.categories import CATEGORY_LABELS
from pexdesk.core.reference.departments import department_label, departments
from pexdesk.core.repositories import feedback, mapper
from pexdesk.core.services.importing.commit import CommitResult, commit_batch, find_previous
from pexdesk.core.services.importing.plan import (ImportPlan, Problem, RowStatus, Severity,
                                                  find_column, plural, problem_block)
from pexdesk.core.services.importing.reading import Sheet
from pexdesk.core.services.importing.survey_formats import (KIND_NOTES, ColumnKind, Layout,
                                                            SourceColumn, Tool, detect_layout)
from pexdesk.core.services.importing.values import (TOP_OF_ALTERNATE_SCALE, CategoryValue,
                                                    Invalid, normalise_label, parse_category,
                                                    parse_date, parse_department, parse_score,
                                                    score_label_key)
from pexdesk.core.text import fold_label

KIND = "REPONSES"
DEFAULT_CATEGORY = "AUTRE"
MAX_ITEM_LABEL = 500
MAX_CAMPAIGN_NAME = 200
CONTENT_SHARE = 0.6
"""Share of a column's filled cells that must be départements (or categories) for the
column to be taken as such when its header says nothing."""


class Role(StrEnum):
    ITEM = "ITEM"
    OVERALL = "OVERALL"
    CATEGORY = "CATEGORY"
    DEPARTMENT = "DEPARTMENT"
    COMMENT = "COMMENT"
    DATE = "DATE"
    IGNORED = "IGNORED"


ROLE_LABELS = {
    Role.ITEM: "Question notée (1 à 5)",
    Role.OVERALL: "Appréciation globale",
    Role.CATEGORY: "Catégorie de partenaire",
    Role.DEPARTMENT: "Département",
    Role.COMMENT: "Commentaire",
    Role.DATE: "Date de réponse",
    Role.IGNORED: "Non importée",
}
SINGLE_ROLES = (Role.CATEGORY, Role.DEPARTMENT, Role.OVERALL, Role.DATE)
"""Roles one column at most can hold (several comment or item columns are fine)."""

_WORDING = {
    Role.DEPARTMENT: re.compile(r"\b(?:departement|dept|dpt)\b|^dep$"),
    Role.CATEGORY: re.compile(
        r"\b(?:type d(?:e|u|es)? ?(?:structure|partenaire|organisme|acteur|organisation|"
        r"institution)|vous representez|vous etes|categorie|famille d acteurs?|"
        r"structure d appartenance|organisme d appartenance)\b"
        r"|^(?:structure|organisme|type|partenaire|institution|profil)$"),
    Role.OVERALL: re.compile(
        r"\b(?:globalement|dans son ensemble|dans l ensemble|appreciation globale|"
        r"satisfaction globale|note globale|evaluation globale|avis global|"
        r"d une maniere generale|de maniere generale|global|globale)\b"),
    Role.COMMENT: re.compile(
        r"\b(?:commentaires?|remarques?|suggestions?|observations?|expression libre|"
        r"verbatim|avez vous (?:d autres|des) (?:remarques|commentaires|suggestions|"
        r"observations|propositions)|souhaitez vous (?:ajouter|nous faire part))\b"
        r"|^comments?$"),
}


@dataclass(frozen=True)
class ResponseImportOptions:
    """The user's choices. ``campaign``: a name — the campaign of that name if it exists,
    else a new one (without it, a new campaign named after the file). ``campaign_id``:
    an existing campaign picked in a list. ``roles``: columns (index or name) whose role
    the user chose; they override what the file's wording suggests."""

    campaign: str | None = None
    campaign_id: int | None = None
    roles: Mapping[int | str, Role] = field(default_factory=dict)
    items: Mapping[int | str, int] = field(default_factory=dict)
    """Into an existing campaign: columns (index or name) the user tied to one of its items
    (campaign item id), whatever their labels."""
    today: date | None = None

    def with_role(self, column: int | str, role: Role) -> ResponseImportOptions:
        return replace(self, roles={**self.roles, column: role})

    def with_item(self, column: int | str, item_id: int) -> ResponseImportOptions:
        return replace(self, items={**self.items, column: item_id},
                       roles={**self.roles, column: Role.ITEM})


@dataclass
class PlannedColumn:
    source: SourceColumn
    role: Role
    note: str = ""
    """Why the column has its role, in French (« reconnue par son intitulé »…)."""
    forced: bool = False
    item: int | None = None
    """Index in ``plan.items`` for an item column matched or created; None if unmatched."""
    samples: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def index(self) -> int:
        return self.source.index

    def describe(self) -> str:
        role = ROLE_LABELS[self.role]
        return f"{role} ({self.note})" if self.note else role


@dataclass
class PlannedItem:
    label: str
    code: str
    column: int
    item_id: int | None = None
    """The existing campaign item it feeds; None: created at commit."""


@dataclass(slots=True)
class PlannedResponse:
    row: int
    responded_on: date | None
    category_code: str
    department_code: str
    overall_score: int | None
    comment: str
    answers: dict[int, Score]
    """Planned item index → 1–5 or NOT_CONCERNED; an item without an entry was not answered."""


@dataclass
class ResponsePlan(ImportPlan):
    KIND = KIND

    layout: Layout | None = None
    columns: list[PlannedColumn] = field(default_factory=list)
    items: list[PlannedItem] = field(default_factory=list)
    responses: list[PlannedResponse | None] = field(default_factory=list)
    """One per data row (None for an ignored row), aligned with ``row_numbers``."""
    campaign: Campaign | None = None
    """The existing campaign the file goes into; None: a new one named ``campaign_name``."""
    campaign_name: str = ""
    base_department: str = ""
    options: ResponseImportOptions = field(default_factory=ResponseImportOptions)

    def column(self, role: Role) -> PlannedColumn | None:
        return next((c for c in self.columns if c.role == role), None)

    @property
    def unmatched(self) -> list[PlannedColumn]:
        """Item columns of the file with no question of the existing campaign."""
        return [c for c in self.columns if c.role == Role.ITEM and c.item is None]

    @property
    def valid_responses(self) -> list[PlannedResponse]:
        return [r for r, status in zip(self.responses, self.row_status)
                if r is not None and status == RowStatus.VALID]

    def other_departments(self) -> Counter:
        """Valid responses from another département than the base's (imported all the same)."""
        return Counter(r.department_code for r in self.valid_responses
                       if r.department_code != self.base_department)

    def preview_lines(self, skip_invalid: bool = False) -> list[str]:
        """The preview as text (the CLI's ``--dry-run``; a wizard shows the same facts)."""
        sheet = self.sheet
        lines = [f"Fichier : {sheet.file_name} ({self.layout.tool_label if self.layout else '?'}"
                 f" ; {sheet.describe()})"]
        if self.previous:
            lines.append(self.previous.text())
        lines.append(self._campaign_line(created=False))
        lines.append("Colonnes :")
        for column in self.columns:
            target = column.describe()
            if column.role == Role.ITEM:
                target = (f"question « {self.items[column.item].label} »" if column.item is not None
                          else "aucune question correspondante dans la campagne : non importée")
            lines.append(f"  « {column.name} » → {target}")
        lines.extend(problem_block(self.problems))
        lines.append(f"{plural(self.rows_read, 'ligne lue', 'lignes lues')} : "
                     f"{plural(self.valid_count, 'valide', 'valides')}, "
                     f"{plural(self.invalid_count, 'invalide', 'invalides')}"
                     + (f", {plural(self.ignored_count, 'ignorée', 'ignorées')} "
                        "(réponses incomplètes)" if self.ignored_count else "") + ".")
        others = self.other_departments()
        if others:
            order = list(departments())
            listed = ", ".join(f"{department_label(code)} : {count}" for code, count
                               in sorted(others.items(), key=lambda pair: order.index(pair[0])))
            lines.append(f"Réponses d'autres départements que celui de la base (importées) : "
                         f"{listed}.")
        refusal = self.refusal(skip_invalid)
        if self.previous:
            lines.append("Rien ne sera importé.")
        elif refusal:
            lines.append(refusal)
        else:
            count = self.valid_count
            lines.append(f"Import possible : {plural(count, 'réponse', 'réponses')} "
                         f"{'sera importée' if count <= 1 else 'seront importées'}.")
        return lines

    def _campaign_line(self, created: bool) -> str:
        if self.campaign is not None:
            matched = sum(1 for item in self.items if item.item_id is not None)
            return (f"Campagne existante « {self.campaign.name} » : "
                    f"{plural(matched, 'question reconnue', 'questions reconnues')}.")
        verb = "créée" if created else "nouvelle"
        return (f"Campagne « {self.campaign_name} » ({verb}, "
                f"{plural(len(self.items), 'question', 'questions')}).")


# --- planning -------------------------------------------------------------------------------------

@dataclass
class _ColumnStats:
    scores: int = 0
    not_concerned: int = 0
    invalid: int = 0
    filled: int = 0
    binary: bool = False

    @property
    def looks_like_scores(self) -> bool:
        if self.binary:
            return False
        if self.scores:
            return self.scores >= self.invalid
        return self.invalid == 0 and self.not_concerned > 0


def _stats(values: list[str]) -> _ColumnStats:
    stats = _ColumnStats()
    distinct = set()
    for value in values:
        if not value:
            continue
        stats.filled += 1
        distinct.add(value)
        parsed = parse_score(value)
        if isinstance(parsed, Invalid):
            stats.invalid += 1
        elif parsed == NOT_CONCERNED:
            stats.not_concerned += 1
        elif parsed is not None:
            stats.scores += 1
    stats.binary = bool(distinct) and distinct <= {"0", "1"} and "0" in distinct
    return stats


def _content_share(values: list[str], parse, wanted) -> float:
    filled = [v for v in values if v]
    if not filled:
        return 0.0
    sample = filled[:500]
    return sum(1 for v in sample if isinstance(parse(v), wanted)) / len(sample)


def _samples(values: list[str], limit: int = 3) -> tuple[str, ...]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
            if len(seen) == limit:
                break
    return tuple(seen)


def _clean_text(text: str) -> str:
    """A comment as stored: Windows and old Mac line ends made ``\n``, control characters
    dropped (no-break spaces and the rest of the text kept as typed)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text
                   if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


def plan_responses(con: sqlite3.Connection, sheet: Sheet,
                   options: ResponseImportOptions | None = None) -> ResponsePlan:
    """Everything the import would do, without writing: roles, items, rows, problems.

    Raises ImportRefusedError only for a choice that cannot be honoured (a column
    that does not exist, one column given two roles, an unknown campaign id)."""
    options = options or ResponseImportOptions()
    layout = detect_layout(sheet)
    data = sheet.records[layout.header_rows:]
    numbers = list(sheet.numbers[layout.header_rows:])
    width = len(layout.columns)
    values = [[row[i] if i < len(row) else "" for row in data] for i in range(width)]
    profile = mapper.get(con, Profile, 1)
    plan = ResponsePlan(sheet=sheet, layout=layout, options=options,
                        base_department=profile.department_code)
    plan.columns = _assign_roles(layout, values, options, plan.file_problems)
    _check_scales(plan, values)
    _choose_campaign(con, plan, options)
    _plan_items(con, plan)
    _check_file(plan, data)
    _plan_rows(plan, data, numbers, values, options.today)
    plan.previous = find_previous(con, KIND, sheet.sha256)
    return plan


def _assign_roles(layout: Layout, values: list[list[str]], options: ResponseImportOptions,
                  problems: list[Problem]) -> list[PlannedColumn]:
    names = [c.name for c in layout.columns]
    columns = [PlannedColumn(c, Role.IGNORED, samples=() if c.kind == ColumnKind.PERSONAL
                             else _samples(values[c.index])) for c in layout.columns]
    forced: dict[int, Role] = {}
    for key, role in options.roles.items():
        index = key if isinstance(key, int) else find_column(names, key)
        if not 0 <= index < len(columns):
            raise ImportRefusedError(f"Le fichier n'a pas de colonne n° {index + 1}.")
        role = Role(role)
        if index in forced and forced[index] != role:
            raise ImportRefusedError(f"La colonne « {names[index]} » ne peut pas être à la fois "
                                     f"« {ROLE_LABELS[forced[index]]} » et "
                                     f"« {ROLE_LABELS[role]} ».")
        forced[index] = role
    for role in SINGLE_ROLES:
        chosen = [names[i] for i, r in forced.items() if r == role]
        if len(chosen) > 1:
            raise ImportRefusedError(f"Une seule colonne peut être « {ROLE_LABELS[role]} » : "
                                     + ", ".join(f"« {n} »" for n in chosen) + ".")
    for index, role in forced.items():
        column = columns[index]
        if column.source.kind == ColumnKind.PERSONAL and role != Role.IGNORED:
            problems.append(Problem(
                "cette colonne contient des données nominatives (nom, e-mail…) : elle n'est "
                "jamais importée.", column=column.name))
            column.note = KIND_NOTES[ColumnKind.PERSONAL]
            continue
        column.role, column.forced, column.note = role, True, "choisie"

    stats = {c.index: _stats(values[c.index]) for c in columns
             if c.source.kind == ColumnKind.QUESTION and not c.forced}
    free = [c for c in columns if c.index in stats]
    taken = {c.role for c in columns if c.forced}

    def claim(role: Role, column: PlannedColumn, note: str) -> None:
        column.role, column.note = role, note
        free.remove(column)
        taken.add(role)

    # The tool's own date column.
    if Role.DATE not in taken:
        for column in columns:
            if not column.forced and column.source.kind in (ColumnKind.DATE, ColumnKind.COMPLETION):
                column.role, column.note = Role.DATE, "date d'envoi de la réponse"
                if layout.tool == Tool.GENERIC:
                    column.note = "reconnue par son intitulé"
                taken.add(Role.DATE)
                break
    # Wording first, then content, for the respondent's département and category.
    for role, parse, wanted in ((Role.DEPARTMENT, parse_department, str),
                                (Role.CATEGORY, parse_category, CategoryValue)):
        if role in taken:
            continue
        candidates = [c for c in free if not stats[c.index].looks_like_scores]
        by_wording = [c for c in candidates if _WORDING[role].search(fold_label(c.source.header))]
        if by_wording:
            claim(role, by_wording[0], "reconnue par son intitulé")
            continue
        for column in candidates:
            if stats[column.index].filled and \
                    _content_share(values[column.index], parse, wanted) >= CONTENT_SHARE:
                claim(role, column, "reconnue par son contenu")
                break
    if Role.OVERALL not in taken:
        for column in free:
            if stats[column.index].looks_like_scores and \
                    _WORDING[Role.OVERALL].search(fold_label(column.source.label)):
                claim(Role.OVERALL, column, "reconnue par son intitulé")
                break
    if Role.COMMENT not in taken:
        for column in list(free):
            if not stats[column.index].looks_like_scores and \
                    _WORDING[Role.COMMENT].search(fold_label(column.source.header)):
                claim(Role.COMMENT, column, "reconnue par son intitulé")
    for column in list(free):
        if stats[column.index].looks_like_scores:
            claim(Role.ITEM, column, "")
    # A statement nobody answered is still an item when its question's other statements are.
    item_questions = {c.source.question for c in columns if c.role == Role.ITEM and c.source.question}
    for column in list(free):
        if not stats[column.index].filled and column.source.question in item_questions:
            claim(Role.ITEM, column, "")
    for column in free:
        column_stats = stats[column.index]
        column.note = ("colonne vide" if not column_stats.filled
                       else "cases à cocher 0/1" if column_stats.binary
                       else "texte libre : ni note de 1 à 5, ni catégorie, ni département")
    for column in columns:
        if column.role == Role.IGNORED and not column.note:
            column.note = KIND_NOTES.get(column.source.kind, "métadonnée de l'outil d'enquête")
    return columns


def _check_scales(plan: ResponsePlan, values: list[list[str]]) -> None:
    for column in plan.columns:
        if column.role not in (Role.ITEM, Role.OVERALL):
            continue
        labels = {score_label_key(v) for v in set(values[column.index]) if v}
        if TOP_OF_ALTERNATE_SCALE <= labels:
            plan.file_problems.append(Problem(
                "la colonne emploie à la fois « Très bon » et « Excellent » : ce n'est pas "
                "l'échelle « Très insatisfait … Très satisfait ». Remplacez ses libellés par "
                "des notes de 1 à 5 avant l'import.", column=column.name))


def _default_campaign_name(con: sqlite3.Connection, file_name: str) -> str:
    stem = (PurePath(file_name).stem.strip() or "Import")[:MAX_CAMPAIGN_NAME - 6]
    name, number = stem, 1
    while feedback.find_campaign(con, name) is not None:
        number += 1
        name = f"{stem} ({number})"
    return name


def _choose_campaign(con: sqlite3.Connection, plan: ResponsePlan,
                     options: ResponseImportOptions) -> None:
    if options.campaign_id is not None:
        plan.campaign = mapper.get(con, Campaign, options.campaign_id)
    elif options.campaign and options.campaign.strip():
        plan.campaign = feedback.find_campaign(con, options.campaign)
        plan.campaign_name = options.campaign.strip()
    else:
        plan.campaign_name = _default_campaign_name(con, plan.sheet.file_name)
    if plan.campaign is not None:
        plan.campaign_name = plan.campaign.name
    elif len(plan.campaign_name) > MAX_CAMPAIGN_NAME:
        plan.file_problems.append(Problem(
            f"le nom de campagne ne doit pas dépasser {MAX_CAMPAIGN_NAME} caractères."))


def _item_label(text: str) -> str:
    return " ".join(text.split())[:MAX_ITEM_LABEL]


def _plan_items(con: sqlite3.Connection, plan: ResponsePlan) -> None:
    item_columns = [c for c in plan.columns if c.role == Role.ITEM]
    if plan.campaign is None:
        labels = [_item_label(c.source.label) for c in item_columns]
        keys = Counter(normalise_label(label) for label in labels)
        used: set[str] = set()
        for column, label in zip(item_columns, labels):
            if keys[normalise_label(label)] > 1:  # two grids with the same rows
                label = _item_label(column.source.header)
            base, number = label, 1
            while normalise_label(label) in used:
                number += 1
                label = f"{base[:MAX_ITEM_LABEL - 6]} ({number})"
            if label != base:
                plan.file_problems.append(Problem(
                    f"intitulé déjà pris par une autre colonne : question nommée « {label} ».",
                    column=column.name, severity=Severity.WARNING))
            used.add(normalise_label(label))
            code = column.source.header[:40] if plan.layout.code_headings else ""
            column.item = len(plan.items)
            plan.items.append(PlannedItem(label, code, column.index))
        return
    existing: dict[str, CampaignItem] = {}
    campaign_items = feedback.items_of(con, plan.campaign.id)
    by_id = {item.id: item for item in campaign_items}
    for item in campaign_items:
        for key in (item.label_text, item.code):
            if key and normalise_label(key):
                existing.setdefault(normalise_label(key), item)
    names = [c.name for c in plan.columns]
    chosen: dict[int, CampaignItem] = {}
    for key, item_id in plan.options.items.items():
        index = key if isinstance(key, int) else find_column(names, key)
        if item_id not in by_id:
            raise ImportRefusedError(f"La campagne « {plan.campaign.name} » n'a pas de question "
                                     f"n° {item_id}.")
        if index in chosen or any(item.id == item_id for item in chosen.values()):
            raise ImportRefusedError("Chaque question de la campagne ne peut être remplie que "
                                     "par une colonne, et chaque colonne n'en remplit qu'une.")
        chosen[index] = by_id[item_id]
    # Columns the user tied to an item first, so that a label match cannot take their item.
    claimed = {item.id: names[index] for index, item in chosen.items()}
    matches: dict[int, CampaignItem] = {}
    for column in item_columns:
        if column.index in chosen:
            matches[column.index] = chosen[column.index]
            continue
        keys = [column.source.label, column.source.header]
        match = next((existing[normalise_label(k)] for k in keys
                      if normalise_label(k) in existing), None)
        if match is None:
            plan.file_problems.append(Problem(
                f"aucune question de la campagne « {plan.campaign.name} » ne correspond : "
                "colonne non importée.", column=column.name, severity=Severity.WARNING))
        elif match.id in claimed:
            plan.file_problems.append(Problem(
                f"la question « {match.label_text} » est déjà remplie par la colonne "
                f"« {claimed[match.id]} » : colonne non importée.", column=column.name,
                severity=Severity.WARNING))
        else:
            claimed[match.id] = column.name
            matches[column.index] = match
    for column in item_columns:
        match = matches.get(column.index)
        if match is not None:
            column.item = len(plan.items)
            plan.items.append(PlannedItem(match.label_text, match.code, column.index, match.id))


def _check_file(plan: ResponsePlan, data) -> None:
    problems = plan.file_problems
    if not data:
        problems.append(Problem(f"{plan.sheet.file_name} ne contient aucune réponse "
                                "(seulement la ligne d'en-tête)."))
    if plan.column(Role.CATEGORY) is None:
        problems.append(Problem(
            "Aucune colonne ne donne la catégorie de partenaire (par exemple « Type de "
            "structure » ou « Vous représentez ») : désignez-la (option --category COLONNE)."))
    if plan.column(Role.DEPARTMENT) is None:
        problems.append(Problem(
            "Aucune colonne « Département » : toutes les réponses sont rattachées au "
            f"département de la base, {department_label(plan.base_department)}.",
            severity=Severity.WARNING))
    scored = [c for c in plan.columns if c.role == Role.OVERALL or c.item is not None]
    if not scored:
        if plan.campaign is not None and plan.unmatched:
            problems.append(Problem(
                f"Aucune colonne ne correspond aux questions de la campagne "
                f"« {plan.campaign.name} » : rien à importer."))
        else:
            problems.append(Problem("Aucune colonne de notes de 1 à 5 reconnue : rien à importer."))


def _plan_rows(plan: ResponsePlan, data, numbers: list[int], values: list[list[str]],
               today: date | None) -> None:
    by_role = {role: plan.column(role) for role in SINGLE_ROLES}
    completion = next((c.index for c in plan.columns
                       if c.source.kind == ColumnKind.COMPLETION), None)
    comments = [c for c in plan.columns if c.role == Role.COMMENT]
    scored = [(c.item, c) for c in plan.columns if c.item is not None]
    width = len(plan.columns)
    category, department = by_role[Role.CATEGORY], by_role[Role.DEPARTMENT]
    overall, responded = by_role[Role.OVERALL], by_role[Role.DATE]
    base_name = department_label(plan.base_department)
    field_columns = {"responded_on": responded, "comment": comments[0] if comments else None,
                     "overall_score": overall, "category_code": category,
                     "department_code": department}

    for position, (record, number) in enumerate(zip(data, numbers)):
        plan.row_numbers.append(number)
        if completion is not None and not values[completion][position]:
            plan.row_status.append(RowStatus.IGNORED)
            plan.row_problems.append([])
            plan.responses.append(None)
            continue
        problems: list[Problem] = []

        def error(column: PlannedColumn | None, message: str,
                  severity: Severity = Severity.ERROR) -> None:
            problems.append(Problem(message, number, column.name if column else None, severity))

        if len(record) > width:
            error(None, f"la ligne compte {len(record)} cellules pour {width} colonnes "
                        "(séparateur ou guillemet en trop ?).")
        category_code = DEFAULT_CATEGORY
        if category is not None:
            parsed = parse_category(values[category.index][position])
            if isinstance(parsed, Invalid):
                error(category, parsed.message)
            elif parsed is None:
                error(category, "catégorie non renseignée : réponse classée « "
                                f"{CATEGORY_LABELS[DEFAULT_CATEGORY]} ».", Severity.WARNING)
            else:
                category_code = parsed.code
                if parsed.warning:
                    error(category, parsed.warning, Severity.WARNING)
        department_code = plan.base_department
        if department is not None:
            parsed = parse_department(values[department.index][position])
            if isinstance(parsed, Invalid):
                error(department, parsed.message)
            elif parsed is None:
                error(department, "département non renseigné : réponse rattachée au "
                                  f"département de la base, {base_name}.", Severity.WARNING)
            else:
                department_code = parsed
        overall_score = None
        if overall is not None:
            parsed = parse_score(values[overall.index][position])
            if isinstance(parsed, Invalid):
                error(overall, parsed.message)
            elif parsed != NOT_CONCERNED:
                overall_score = parsed
        responded_on = None
        if responded is not None:
            parsed = parse_date(values[responded.index][position])
            if isinstance(parsed, Invalid):
                error(responded, parsed.message)
            else:
                responded_on = parsed
        answers: dict[int, Score] = {}
        for item, column in scored:
            parsed = parse_score(values[column.index][position])
            if isinstance(parsed, Invalid):
                error(column, parsed.message)
            elif parsed is not None:
                answers[item] = parsed
        texts = [(c, _clean_text(values[c.index][position])) for c in comments]
        texts = [(c, t) for c, t in texts if t]
        comment = (texts[0][1] if len(texts) == 1
                   else "\n\n".join(f"{c.name} : {t}" for c, t in texts))
        response = PlannedResponse(number, responded_on, category_code, department_code,
                                   overall_score, comment, answers)
        record_check = Response(campaign_id=0, responded_on=responded_on,
                                category_code=category_code, department_code=department_code,
                                overall_score=overall_score, comment=comment,
                                origin=Origin.FICHIER, origin_file=plan.sheet.file_name,
                                origin_row=number)
        for broken in record_check.problems(today):
            if broken.field in field_columns:
                error(field_columns[broken.field], broken.message)
            else:
                error(None, broken.message)
        plan.row_status.append(RowStatus.INVALID if any(p.is_error for p in problems)
                               else RowStatus.VALID)
        plan.row_problems.append(problems)
        plan.responses.append(response)


# --- commit ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ResponseImportResult:
    commit: CommitResult
    campaign: Campaign | None
    created_campaign: bool
    item_count: int
    warnings: list[Problem] = field(default_factory=list)
    """The file's warnings and those of the imported rows (unmatched columns, defaults)."""

    @property
    def imported(self) -> int:
        return self.commit.written

    def lines(self) -> list[str]:
        """The French summary: « 42 lignes lues, 40 réponses importées, 2 rejetées : … »."""
        result = self.commit
        counts = (f", {plural(result.written, 'réponse importée', 'réponses importées')}, "
                  f"{plural(result.rejected_rows, 'rejetée', 'rejetées')}")
        if result.ignored_rows:
            counts += (f", {plural(result.ignored_rows, 'ignorée', 'ignorées')} "
                       "(réponses incomplètes)")
        lines = result.summary_lines(counts)
        if result.previous is not None:
            return lines
        if self.campaign is not None:
            how = (f"créée, {plural(self.item_count, 'question', 'questions')}"
                   if self.created_campaign else "existante")
            lines.append(f"Campagne « {self.campaign.name} » ({how}) ; origine des réponses : "
                         f"{result.file_name}, numéro de ligne conservé.")
        lines.extend(problem_block(self.warnings))
        return lines


def commit_responses(con: sqlite3.Connection, plan: ResponsePlan, *,
                     skip_invalid: bool = False) -> ResponseImportResult:
    """Write the plan's valid responses in ONE transaction (and the campaign and items it
    needs), or nothing: ImportRefusedError when the plan is not importable (invalid rows
    without ``skip_invalid``), and any failure while writing undoes everything."""
    state: dict = {}

    def write(con: sqlite3.Connection) -> tuple[int | None, int]:
        campaign, item_ids = _target_campaign(con, plan)
        state["campaign"] = campaign
        responses = []
        answers = []
        for planned in plan.valid_responses:
            responses.append(Response(
                campaign_id=campaign.id, responded_on=planned.responded_on,
                category_code=planned.category_code, department_code=planned.department_code,
                overall_score=planned.overall_score, comment=planned.comment,
                origin=Origin.FICHIER, origin_file=plan.sheet.file_name,
                origin_row=planned.row))
            answers.append(planned.answers)
        mapper.insert_many(con, responses, checked=True)  # plan ran Response.problems()
        con.executemany(
            "INSERT INTO answer(response_id, item_id, score, not_concerned) VALUES (?, ?, ?, ?)",
            [(response.id, item_ids[item], None if score == NOT_CONCERNED else score,
              int(score == NOT_CONCERNED))
             for response, planned_answers in zip(responses, answers)
             for item, score in planned_answers.items()])
        return campaign.id, len(responses)

    result = commit_batch(con, plan, write, skip_invalid=skip_invalid)
    campaign = state.get("campaign")
    warnings = [] if result.previous else [
        *(p for p in plan.file_problems if not p.is_error),
        *(p for status, row in zip(plan.row_status, plan.row_problems)
          if status == RowStatus.VALID for p in row)]
    return ResponseImportResult(result, campaign, plan.campaign is None and campaign is not None,
                                len(plan.items), warnings)


def _target_campaign(con: sqlite3.Connection, plan: ResponsePlan) -> tuple[Campaign, list[int]]:
    """The campaign to write into and, per planned item, its campaign item id."""
    if plan.campaign is not None:
        current = {item.id for item in feedback.items_of(con, plan.campaign.id)}
        if any(item.item_id not in current for item in plan.items):
            raise ImportRefusedError(f"La campagne « {plan.campaign.name} » a changé depuis "
                                     "l'aperçu : relancez l'aperçu de l'import.")
        return mapper.get(con, Campaign, plan.campaign.id), [i.item_id for i in plan.items]
    dates = [r.responded_on for r in plan.valid_responses if r.responded_on is not None]
    campaign = Campaign(name=plan.campaign_name,
                        period_start=min(dates) if dates else None,
                        period_end=max(dates) if dates else None,
                        notes=f"Importée de {plan.sheet.file_name} "
                              f"({plan.layout.tool_label}).")
    feedback.create_campaign(con, campaign, [(i.code, i.label) for i in plan.items])
    ids = [item.id for item in feedback.items_of(con, campaign.id)]
    return campaign, ids
