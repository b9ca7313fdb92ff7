"""Importing partner-survey responses from a survey tool's export (or any table with one
row per respondent).

1. :func:`plan_responses` decides each column's :class:`Role` — by the tool's layout
   (:mod:`survey_formats`), by the header's wording (« Type de structure »,
   « Département », « Globalement… », « Commentaires »), then by the cells themselves
   (a column of 1–5 scores is a questionnaire item) — and parses every row. Roles the
   user chose (wizard, ``--category`` …) are passed in :class:`ResponseImportOptions`
   and win. The plan lists every problem by row and column; nothing is written.
2. :func:`commit_responses` writes the valid rows in one transaction, or nothing.

Survey tools are downloaded again and again as responses come in: each imported response
keeps its row's digest (:func:`row_digest`), and a row whose digest is already in the base
is skipped (« déjà importée »), wherever the new file comes from. A file whose rows were
imported before into one campaign goes into that campaign when none is named. Responses
imported before the digest existed (schema 3) are recognised by their file row and content
(date, category, département, overall score, comment) within the target campaign.

Into a new campaign, every item column becomes a campaign item (a statement nobody
answered too: n = 0). Into an existing campaign, columns are matched to its items by
normalised label (or code); the others are listed as unmatched and not imported.
Names and e-mails are never stored: a response is a partner category, a département,
a date, scores and a comment (shared/domain.md §9).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import PurePath

from pexdesk.core.domain.kinds import NOT_CONCERNED, Origin
from pexdesk.core.domain.models import Campaign, CampaignItem, Response, Score
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import ImportRefusedError
from pexdesk.core.formatting import plural
from pexdesk.core.reference.categories import CATEGORY_LABELS
from pexdesk.core.reference.departments import department_label, departments
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import feedback, mapper
from pexdesk.core.services.exchange.cells import MARKER_HEADER
from pexdesk.core.services.importing.commit import CommitResult, commit_batch, find_previous
from pexdesk.core.services.importing.plan import (ImportPlan, Problem, RowStatus, Severity,
                                                  find_column, problem_block)
from pexdesk.core.services.importing.reading import Sheet, column_letter
from pexdesk.core.services.importing.survey_formats import (KIND_NOTES, ColumnKind, Layout,
                                                            SourceColumn, Tool, detect_layout)
from pexdesk.core.services.importing.vanished import Vanished, find_vanished, numbers_text
from pexdesk.core.services.importing.values import (LABEL_SCORES, NO_ANSWER,
                                                    TOP_OF_ALTERNATE_SCALE, CategoryValue,
                                                    Invalid, LabelScore, label_score_text,
                                                    normalise_label, parse_category,
                                                    parse_date, parse_department, parse_score,
                                                    quote, score_label_key, translatable_key,
                                                    usual_score)
from pexdesk.core.text import fold_label

KIND = "REPONSES"
DEFAULT_CATEGORY = "AUTRE"
MAX_ITEM_LABEL = 500
MAX_CAMPAIGN_NAME = 200
CONTENT_SHARE = 0.6
"""Share of a column's filled cells that must be départements (or categories) for the
column to be taken as such when its header says nothing."""
NUMBERS_NOTE = "nombres, pas des notes de 1 à 5"
SHORT_CELL = 40
"""Longest cell of a column read as attempted scores (« quatre », « 4,5 »): longer ones are
sentences, and a column of sentences is free text whatever its header says."""


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
    replace: bool = False
    """Import again the rows imported before (after a wrong choice of columns): their
    earlier responses are deleted and written anew from this file, in the same transaction.
    Without it they are skipped as « déjà importées »."""
    category_hint: str = ""
    """Where the user designates the category column (the CLI's option, the wizard's
    « Rôle » column), in parentheses after the advice: the core knows neither."""
    score_labels: Mapping[str, LabelScore] = field(default_factory=dict)
    """The user's translation of score labels (as written → 1–5, NOT_CONCERNED or
    NO_ANSWER), for every score column (a form uses one scale). A cell is matched after
    the same normalisation as the known labels, and a translated known label takes the
    user's meaning (« Bon » on a … / Bon / Très bon / Excellent scale)."""
    score_label_hint: str = ""
    """Where the user translates labels (the CLI's option), after the preview's list."""
    drop_vanished: bool = False
    """Delete the responses imported from an earlier download of this file that it no
    longer holds (``plan.vanished``), in the import's transaction, so that the campaign
    matches the file. Without it they are named and kept."""

    def with_role(self, column: int | str, role: Role) -> ResponseImportOptions:
        return replace(self, roles={**self.roles, column: role})

    def with_replace(self, replace_rows: bool) -> ResponseImportOptions:
        return replace(self, replace=replace_rows)

    def with_drop_vanished(self, drop: bool) -> ResponseImportOptions:
        return replace(self, drop_vanished=drop)

    def with_item(self, column: int | str, item_id: int) -> ResponseImportOptions:
        return replace(self, items={**self.items, column: item_id},
                       roles={**self.roles, column: Role.ITEM})

    def with_label_score(self, label: str, score: LabelScore | None) -> ResponseImportOptions:
        """``label`` (and every label written the same after normalisation) translated
        into ``score``; None forgets its translation."""
        key = translatable_key(label)
        kept = {written: value for written, value in self.score_labels.items()
                if key is None or translatable_key(written) != key}
        if score is not None:
            kept[label] = score
        return replace(self, score_labels=kept)


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


@dataclass(frozen=True)
class PlannedLabel:
    """A label written in words in the file's score columns that needs the user's
    translation: unknown (« Très bien »), or known but on another scale (« Bon » beside
    « Très bon » and « Excellent »), or translated by the user."""

    label: str
    """As first written in the file."""
    key: str
    """Normalised: every cell with this key takes the same translation."""
    cells: int
    columns: tuple[str, ...]
    score: LabelScore | None
    """The user's translation (1–5, NOT_CONCERNED, NO_ANSWER); None: still to choose."""
    usual: int | None = None
    """Its meaning on the default scale, for a known label; None for an unknown one."""

    def text(self) -> str:
        """« « Très bien » (4 cellules ; colonnes « Diagnostic », « Animation ») → 5 »."""
        columns = ", ".join(f"« {name} »" for name in self.columns)
        return (f"{quote(self.label)} ({plural(self.cells, 'cellule', 'cellules')} ; "
                f"{'colonne' if len(self.columns) == 1 else 'colonnes'} {columns}) → "
                f"{label_score_text(self.score)}")


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
    digest: str = ""
    """The row's :func:`row_digest`, stored with the response."""


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
    already_in: Counter = field(default_factory=Counter)
    """Campaign name → rows of this file already imported into it (skipped, or replaced)."""
    replaced: list[int] = field(default_factory=list)
    """With ``options.replace``: the earlier responses the commit deletes."""
    score_labels: list[PlannedLabel] = field(default_factory=list)
    """Labels of the score columns to translate into scores, in the file's order."""
    translations: dict[str, LabelScore] = field(default_factory=dict)
    """``options.score_labels`` by normalised label."""
    vanished: Vanished | None = None
    """Responses of the campaign imported from an earlier download of this file that it
    no longer holds (edited or deleted in the survey tool): said, and deleted only with
    ``options.drop_vanished``."""

    @property
    def dropped(self) -> tuple[int, ...]:
        """The earlier responses the commit deletes: the vanished ones, when asked."""
        return self.vanished.numbers if self.vanished and self.options.drop_vanished else ()

    @property
    def writes(self) -> bool:
        """Valid rows to write, or earlier responses to delete."""
        return bool(self.valid_count or self.dropped)

    def vanished_line(self) -> str:
        """What the preview says of the vanished responses (empty when there are none)."""
        return self.vanished.text(dropping=bool(self.dropped)) if self.vanished else ""

    @property
    def untranslated(self) -> list[PlannedLabel]:
        return [label for label in self.score_labels if label.score is None]

    def label_lines(self) -> list[str]:
        """The labels to translate, as the preview lists them (empty when there are none)."""
        if not self.score_labels:
            return []
        hint = self.options.score_label_hint
        return ([f"Libellés à traduire en notes{f' ({hint})' if hint else ''} :"]
                + [f"  {label.text()}" for label in self.score_labels])

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

    def preview_lines(self, skip_invalid: bool = False, skip_hint: str = "") -> list[str]:
        """The preview as text (the CLI's ``--dry-run``; a wizard shows the same facts);
        ``skip_hint`` as for :meth:`refusal`."""
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
        lines.extend(self.label_lines())
        lines.extend(problem_block(self.problems))
        lines.append(f"{plural(self.rows_read, 'ligne lue', 'lignes lues')} : "
                     f"{plural(self.valid_count, 'valide', 'valides')}, "
                     f"{plural(self.invalid_count, 'invalide', 'invalides')}"
                     + (f", {plural(self.ignored_count, 'ignorée', 'ignorées')} "
                        "(réponses incomplètes)" if self.ignored_count else "") + ".")
        if self.already_count or self.replaced:
            lines.append(self.already_line())
        if self.purged_count:
            lines.append(self.purged_line())
        if self.vanished:
            lines.append(self.vanished_line())
        others = self.other_departments()
        if others:
            order = list(departments())
            listed = ", ".join(f"{department_label(code)} : {count}" for code, count
                               in sorted(others.items(), key=lambda pair: order.index(pair[0])))
            lines.append(f"Réponses d'autres départements que celui de la base (importées) : "
                         f"{listed}.")
        refusal = self.refusal(skip_invalid, skip_hint)
        if self.previous:
            lines.append("Rien ne sera importé.")
        elif refusal:
            lines.append(refusal)
        elif self.dropped and not self.valid_count:
            lines.append("Import possible : aucune nouvelle réponse ; " + plural(
                len(self.dropped), "réponse antérieure sera supprimée",
                "réponses antérieures seront supprimées") + ".")
        elif not self.valid_count:
            lines.append("Rien de nouveau à importer.")
        else:
            count = self.valid_count
            lines.append(f"Import possible : {plural(count, 'réponse', 'réponses')} "
                         f"{'sera importée' if count <= 1 else 'seront importées'}.")
        return lines

    def already_line(self, done: bool = False) -> str:
        """« 5 lignes déjà importées (campagne « Enquête 2024 »), ignorées ; 1 nouvelle
        réponse. », or what replacing them means (``done``: after the commit)."""
        names = ", ".join(f"« {name} »" for name in sorted(self.already_in))
        where = f" ({'campagne' if len(self.already_in) == 1 else 'campagnes'} {names})" \
            if names else ""
        if self.replaced:
            count = len(self.replaced)
            replaced = ("remplacée" if count <= 1 else "remplacées") if done else \
                ("sera remplacée" if count <= 1 else "seront remplacées")
            return (f"{plural(count, 'réponse importée', 'réponses importées')} auparavant de "
                    f"ces lignes{where} : {replaced} par celles de ce fichier (les "
                    f"modifications faites depuis dans l'application {'sont' if done else 'seront'}"
                    " perdues).")
        count = self.already_count
        new = (plural(self.valid_count, "nouvelle réponse", "nouvelles réponses")
               if self.valid_count else "aucune nouvelle réponse")
        return (f"{plural(count, 'ligne déjà importée', 'lignes déjà importées')}{where}, "
                f"{'ignorée' if count <= 1 else 'ignorées'} ; {new}.")

    def purged_line(self) -> str:
        """Rows skipped because a retention purge deleted their response."""
        count = self.purged_count
        if count <= 1:
            return (f"{count} ligne dont la réponse a été supprimée par une purge des données "
                    "anciennes : ignorée, elle ne sera pas importée à nouveau.")
        return (f"{count} lignes dont les réponses ont été supprimées par une "
                "purge des données anciennes : ignorées, elles ne seront pas importées à "
                "nouveau.")

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
    numbers: int = 0
    long: int = 0
    binary: bool = False

    @property
    def looks_like_scores(self) -> bool:
        if self.binary:
            return False
        if self.scores:
            return self.scores >= self.invalid
        return self.invalid == 0 and self.not_concerned > 0

    @property
    def mostly_numbers(self) -> bool:
        """Most filled cells are numbers (« 0 », « 6 », « 4,5 », « -1 »): meant as scores,
        perhaps on another scale, never free text."""
        return not self.binary and self.numbers * 2 > self.filled

    @property
    def attempted_scores(self) -> bool:
        """What a column titled like a scored question holds when its values are wrong:
        numbers or short labels, not sentences."""
        return bool(self.filled) and (self.looks_like_scores or self.mostly_numbers
                                      or self.long == 0)


def _stats(values: list[str], read=parse_score) -> _ColumnStats:
    stats = _ColumnStats()
    distinct = set()
    for value in values:
        if not value:
            continue
        stats.filled += 1
        distinct.add(value)
        stats.numbers += bool(_NUMBER.match(value))
        stats.long += len(value) > SHORT_CELL
        parsed = read(value)
        if isinstance(parsed, Invalid):
            stats.invalid += 1
        elif parsed == NOT_CONCERNED:
            stats.not_concerned += 1
        elif parsed is not None:
            stats.scores += 1
    stats.binary = bool(distinct) and distinct <= {"0", "1"} and "0" in distinct
    return stats


_NUMBER = re.compile(r"^[-+]?[0-9]+(?:[.,][0-9]+)?$")


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
    data = sheet.records[layout.data_start:]
    numbers = list(sheet.numbers[layout.data_start:])
    width = len(layout.columns)
    values = [[row[i] if i < len(row) else "" for row in data] for i in range(width)]
    profile = mapper.get(con, Profile, 1)
    plan = ResponsePlan(sheet=sheet, layout=layout, options=options,
                        base_department=profile.department_code,
                        translations=_translations(options))
    digests = [row_digest(layout.columns, values, position) for position in range(len(data))]
    imported_into = _imported_into(con, digests)
    in_base = _in_base(con, layout, values)
    _choose_campaign(con, plan, options,
                     Counter(match[1] for match in imported_into + in_base if match),
                     _exported_campaigns(layout, values, in_base))
    plan.columns = _assign_roles(layout, values, options, plan.file_problems,
                                 _known_questions(con, plan.campaign))
    _check_scales(plan, values)
    _check_repeated_headers(plan)
    _warn_title_rows(plan)
    _warn_untitled_columns(plan)
    _plan_items(con, plan)
    _list_score_labels(plan, values)
    _check_file(plan, data)
    _plan_rows(plan, data, numbers, values, options.today, digests)
    _skip_rows_in_base(con, plan, in_base)
    _match_imported_rows(con, plan, imported_into)
    _skip_purged_rows(con, plan, digests, imported_into)
    _warn_other_campaigns(plan)
    plan.replacing = options.replace
    plan.previous = None if options.replace else find_previous(con, KIND, sheet.sha256)
    if plan.campaign is not None and plan.previous is None and _has_row_digests(con):
        plan.vanished = find_vanished(con, plan.campaign.id, digests)
    return plan


def row_digest(columns: tuple[SourceColumn, ...], values: list[list[str]], position: int) -> str:
    """What recognises a row imported before: the SHA-256 of its non-empty cells, each with
    its column's name. A survey tool's export keeps a response's cells (its timestamp or
    id among them) as it grows, so the digest holds when rows are added, when a question
    is added to the form (an empty cell changes nothing) or when columns move. Names and
    e-mails are left out: a stored digest must not be a way to test who answered.
    Each text is prefixed with its length (no separator can be faked by a cell) and line
    ends are made ``\n`` as in :func:`reading.content_digest`; one hash call per row (not
    one per cell) keeps planning 100,000 rows fast."""
    parts = []
    for column in columns:
        cell = values[column.index][position]
        if cell and column.kind != ColumnKind.PERSONAL:
            if "\r" in cell:
                cell = cell.replace("\r\n", "\n").replace("\r", "\n")
            parts.append(f"{len(column.name)}:{column.name}{len(cell)}:{cell}")
    parts.sort()  # the file's column order must not matter
    return hashlib.sha256("".join(parts).encode("utf-8", "replace")).hexdigest()


def _known_questions(con: sqlite3.Connection, campaign: Campaign | None) -> frozenset[str]:
    """Normalised labels and codes of the questions a column may be titled after: the ANIL
    questionnaire's, and the target campaign's."""
    items = [(item.code, item.label) for item in ANIL_ITEMS]
    if campaign is not None:
        items += [(item.code, item.label_text) for item in feedback.items_of(con, campaign.id)]
    return frozenset(normalise_label(text) for pair in items for text in pair
                     if normalise_label(text))


def _has_row_digests(con: sqlite3.Connection) -> bool:
    """False on a base opened read-only before its upgrade to schema 4."""
    return any(row[1] == "row_digest" for row in con.execute("PRAGMA table_info(response)"))


StoredResponse = tuple[int, int]
"""(response id, campaign id) of a response imported before."""


def _imported_into(con: sqlite3.Connection, digests: list[str]) -> list[StoredResponse | None]:
    """Per data row, the stored response imported from that same row, or None. Two
    identical rows in the file (a table without timestamps) match two stored responses,
    not one."""
    stored: dict[str, deque[StoredResponse]] = defaultdict(deque)
    if _has_row_digests(con):
        for digest, response_id, campaign_id in mapper.where_in(
                con, "SELECT row_digest, id, campaign_id FROM response WHERE row_digest IN ({}) "
                     "ORDER BY id", sorted(set(digests))):
            stored[digest].append((response_id, campaign_id))
    return [stored[digest].popleft() if stored.get(digest) else None for digest in digests]


def _legacy_responses(con: sqlite3.Connection, campaign_id: int) -> dict[tuple, deque[int]]:
    """The campaign's responses imported before row digests existed, by file row and
    content (what :func:`_legacy_key` gives for the planned row they came from)."""
    unmarked = " AND row_digest IS NULL" if _has_row_digests(con) else ""
    found: dict[tuple, deque[int]] = defaultdict(deque)
    for response_id, *key in con.execute(
            "SELECT id, origin_row, responded_on, category_code, department_code, "
            "overall_score, comment FROM response WHERE campaign_id = ? "
            f"AND origin = 'FICHIER'{unmarked} ORDER BY id", (campaign_id,)):
        found[tuple(key)].append(response_id)
    return found


def _legacy_key(response: PlannedResponse) -> tuple:
    return (response.row, response.responded_on.isoformat() if response.responded_on else None,
            response.category_code, response.department_code, response.overall_score,
            response.comment)


def _match_imported_rows(con: sqlite3.Connection, plan: ResponsePlan,
                         imported_into: list[StoredResponse | None]) -> None:
    """Find the rows imported before (by digest anywhere in the base, or as a response of
    the target campaign imported before digests existed). Normally they are marked
    ALREADY_IMPORTED: neither written again nor reported as errors. With
    ``options.replace``, the earlier responses of the valid rows are to be replaced."""
    names = {}
    legacy = (_legacy_responses(con, plan.campaign.id) if plan.campaign is not None
              else defaultdict(deque))
    for index, (response, status) in enumerate(zip(plan.responses, plan.row_status)):
        if status in (RowStatus.IGNORED, RowStatus.ALREADY_IMPORTED):
            continue
        match = imported_into[index]
        if match is None and status == RowStatus.VALID and legacy.get(_legacy_key(response)):
            match = (legacy[_legacy_key(response)].popleft(), plan.campaign.id)
        if match is None or (plan.options.replace and status != RowStatus.VALID):
            continue
        response_id, campaign_id = match
        if campaign_id not in names:
            names[campaign_id] = mapper.get(con, Campaign, campaign_id).name
        plan.already_in[names[campaign_id]] += 1
        if plan.options.replace:
            plan.replaced.append(response_id)
        else:
            plan.row_status[index] = RowStatus.ALREADY_IMPORTED
            plan.row_problems[index] = []


def _exported_column(layout: Layout, header: str) -> int | None:
    """In pexdesk's own responses export, the index of its column ``header``."""
    if layout.tool != Tool.PEXDESK:
        return None
    return next((c.index for c in layout.columns if c.header == header), None)


def _in_base(con: sqlite3.Connection, layout: Layout,
             values: list[list[str]]) -> list[StoredResponse | None]:
    """Per data row of pexdesk's own export, the response of the base it was exported
    from (same « Identifiant pexdesk »), or None: a new response, or not such an export."""
    marker = _exported_column(layout, MARKER_HEADER)
    if marker is None:
        return [None] * (len(values[0]) if values else 0)
    uuids = values[marker]
    stored: dict[str, StoredResponse] = {}
    for uuid, response_id, campaign_id in mapper.where_in(
            con, "SELECT uuid, id, campaign_id FROM response WHERE uuid IN ({})",
            sorted({uuid for uuid in uuids if uuid})):
        stored[uuid] = (response_id, campaign_id)
    return [stored.get(uuid) for uuid in uuids]


def _exported_campaigns(layout: Layout, values: list[list[str]],
                        in_base: list[StoredResponse | None]) -> set[str]:
    """The campaigns pexdesk's own export names for its responses not in the base."""
    column = _exported_column(layout, "Campagne")
    if column is None:
        return set()
    return {name for name, match in zip(values[column], in_base) if name and match is None}


def _skip_rows_in_base(con: sqlite3.Connection, plan: ResponsePlan,
                       in_base: list[StoredResponse | None]) -> None:
    """Rows of pexdesk's own export whose response is still in the base are that same
    response, whatever was edited since: never imported again (``--replace`` too, which
    replaces what an import wrote, not the base's own records), and said."""
    names: dict[int, str] = {}
    for index, match in enumerate(in_base):
        if match is None or plan.row_status[index] == RowStatus.IGNORED:
            continue
        campaign_id = match[1]
        if campaign_id not in names:
            names[campaign_id] = mapper.get(con, Campaign, campaign_id).name
        plan.already_in[names[campaign_id]] += 1
        plan.row_status[index] = RowStatus.ALREADY_IMPORTED
        plan.row_problems[index] = []
    count = sum(1 for match in in_base if match is not None)
    if count:
        plan.file_problems.append(Problem(
            f"ce fichier est un export de pexdesk : {plural(count, 'réponse', 'réponses')} "
            f"{'est déjà dans la base' if count == 1 else 'sont déjà dans la base'} (même "
            f"« {MARKER_HEADER} ») et {'ne sera pas importée' if count == 1 else 'ne seront pas importées'}"
            " à nouveau.", severity=Severity.WARNING))


def _skip_purged_rows(con: sqlite3.Connection, plan: ResponsePlan, digests: list[str],
                      imported_into: list[StoredResponse | None]) -> None:
    """Rows whose response a retention purge deleted are never imported again, whatever
    the options (``--replace`` too): the export they come from outlives the purge."""
    purged = _purged_digests(con, [d for d, match in zip(digests, imported_into) if not match])
    if not purged:
        return
    for index, digest in enumerate(digests):
        if (digest in purged and imported_into[index] is None
                and plan.row_status[index] != RowStatus.IGNORED):
            plan.row_status[index] = RowStatus.PURGED
            plan.row_problems[index] = []


def _purged_digests(con: sqlite3.Connection, digests: list[str]) -> set[str]:
    """Those of ``digests`` whose response a retention purge deleted."""
    if not digests or con.execute("SELECT 1 FROM sqlite_schema WHERE type = 'table' "
                                  "AND name = 'purged_response'").fetchone() is None:
        return set()  # a base opened read-only before its upgrade to schema 5
    return {row[0] for row in mapper.where_in(
        con, "SELECT row_digest FROM purged_response WHERE row_digest IN ({})",
        sorted(set(digests)))}


def _warn_other_campaigns(plan: ResponsePlan) -> None:
    """New rows going into another campaign than the one holding the file's earlier rows
    (a campaign named after a renamed download): imported, but said, since the export's
    responses would then be split across two campaigns."""
    others = sorted(name for name in plan.already_in if name != plan.campaign_name)
    if others and plan.valid_count and not plan.options.replace:
        listed = ", ".join(f"« {name} »" for name in others)
        plan.file_problems.append(Problem(
            f"les lignes de ce fichier déjà importées sont dans {listed} ; les nouvelles "
            f"réponses iront dans « {plan.campaign_name} ». Pour compléter la campagne de "
            "départ, choisissez-la comme campagne de destination.", severity=Severity.WARNING))


def _assign_roles(layout: Layout, values: list[list[str]], options: ResponseImportOptions,
                  problems: list[Problem], known: frozenset[str]) -> list[PlannedColumn]:
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

    read = _score_reader(_translations(options))
    stats = {c.index: _stats(values[c.index], read) for c in columns
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
                if layout.tool in (Tool.GENERIC, Tool.PEXDESK):
                    column.note = "reconnue par son intitulé"
                taken.add(Role.DATE)
                break
    # A column titled like a question, or like the overall score, is one even when its
    # values are wrong: they are then errors row by row, never a column silently dropped.
    titled = {c.index for c in free if stats[c.index].attempted_scores
              and not _WORDING[Role.COMMENT].search(fold_label(c.source.header))
              and (_WORDING[Role.OVERALL].search(fold_label(c.source.label))
                   or {normalise_label(c.source.label), normalise_label(c.source.header)} & known)}
    # Wording first, then content, for the respondent's département and category.
    for role, parse, wanted in ((Role.DEPARTMENT, parse_department, str),
                                (Role.CATEGORY, parse_category, CategoryValue)):
        if role in taken:
            continue
        candidates = [c for c in free
                      if not stats[c.index].looks_like_scores and c.index not in titled]
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
            if (stats[column.index].looks_like_scores or column.index in titled) and \
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
        elif column.index in titled:
            claim(Role.ITEM, column, "reconnue par son intitulé")
    # A statement nobody answered is still an item when its question's other statements are.
    item_questions = {c.source.question for c in columns if c.role == Role.ITEM and c.source.question}
    for column in list(free):
        if not stats[column.index].filled and column.source.question in item_questions:
            claim(Role.ITEM, column, "")
    for column in free:
        column_stats = stats[column.index]
        column.note = ("colonne vide" if not column_stats.filled
                       else "cases à cocher 0/1" if column_stats.binary
                       else NUMBERS_NOTE if column_stats.mostly_numbers
                       else "texte libre : ni note de 1 à 5, ni catégorie, ni département")
        if column_stats.mostly_numbers:
            samples = ", ".join(map(quote, column.samples))
            problems.append(Problem(
                f"des nombres qui ne sont pas des notes de 1 à 5 ({samples}) : colonne non "
                "importée. Si c'est une question notée, ramenez ses valeurs à des notes "
                "entières de 1 à 5 ; sinon, ignorez cet avertissement.",
                column=column.name, severity=Severity.WARNING))
    for column in columns:
        if column.role == Role.IGNORED and not column.note:
            column.note = KIND_NOTES.get(column.source.kind, "métadonnée de l'outil d'enquête")
    return columns


def _on_other_scale(values: list[str]) -> bool:
    """Both « Très bon » and « Excellent » in a column: its scale is … / Bon / Très bon /
    Excellent, where the known labels do not mean what they mean on the default scale."""
    return TOP_OF_ALTERNATE_SCALE <= {score_label_key(v) for v in set(values) if v}


def _check_scales(plan: ResponsePlan, values: list[list[str]]) -> None:
    """A column on another scale is refused until the user has translated every one of its
    known labels (« Bon », « Très bon », « Excellent »…): never guessed."""
    for column in plan.columns:
        if column.role not in (Role.ITEM, Role.OVERALL) or not _on_other_scale(
                values[column.index]):
            continue
        known: dict[str, str] = {}
        for value in dict.fromkeys(values[column.index]):
            if value and usual_score(value) is not None:
                known.setdefault(translatable_key(value), value)
        left = [written for key, written in known.items() if key not in plan.translations]
        if len(left) == len(known):
            plan.file_problems.append(Problem(
                "la colonne emploie à la fois « Très bon » et « Excellent » : ce n'est pas "
                "l'échelle « Très insatisfait … Très satisfait ». Remplacez ses libellés par "
                "des notes de 1 à 5 avant l'import.", column=column.name))
        elif left:
            plan.file_problems.append(Problem(
                "la colonne emploie à la fois « Très bon » et « Excellent », une autre échelle "
                "que « Très insatisfait … Très satisfait » : traduisez aussi "
                + ", ".join(map(quote, left)) + f" en {'note' if len(left) == 1 else 'notes'}.",
                column=column.name))


def _translations(options: ResponseImportOptions) -> dict[str, LabelScore]:
    """``options.score_labels`` by normalised label; ImportRefusedError for a translation
    that cannot be honoured."""
    by_key: dict[str, LabelScore] = {}
    written: dict[str, str] = {}
    for label, score in options.score_labels.items():
        key = translatable_key(label)
        if key is None:
            raise ImportRefusedError(
                f"{quote(label)} ne peut pas être traduit en note : seuls les libellés écrits "
                "en lettres se traduisent (un nombre est lu comme une note, une cellule vide "
                "est sans réponse).")
        if isinstance(score, bool) or score not in LABEL_SCORES:
            raise ImportRefusedError(
                f"Traduction de {quote(label)} : {quote(str(score))} n'est ni une note de 1 à 5, "
                "ni « non concerné », ni « sans réponse ».")
        if key in by_key and by_key[key] != score:
            raise ImportRefusedError(
                f"{quote(written[key])} et {quote(label)} sont le même libellé, traduit deux "
                f"fois ({label_score_text(by_key[key])} et {label_score_text(score)}) : "
                "gardez une seule traduction.")
        by_key[key] = score
        written.setdefault(key, label)
    return by_key


def _score_reader(translations: Mapping[str, LabelScore]):
    """:func:`parse_score` with the user's translations first (by normalised label)."""
    if not translations:
        return parse_score

    def read(text: str):
        key = translatable_key(text)
        score = translations.get(key) if key is not None else None
        if score is None:
            return parse_score(text)
        return None if score == NO_ANSWER else score

    return read


def _list_score_labels(plan: ResponsePlan, values: list[list[str]]) -> None:
    """The labels of the score columns the user is asked to translate: unknown ones, known
    ones of a column on another scale, and those the user translated. A translation whose
    label no score column holds is said (a typing mistake on the command line)."""
    columns = [c for c in plan.columns
               if c.role == Role.OVERALL or (c.role == Role.ITEM and (
                   c.item is not None or _on_other_scale(values[c.index])))]
    written: dict[str, str] = {}
    cells: Counter = Counter()
    names: dict[str, list[str]] = defaultdict(list)
    asked: set[str] = set(plan.translations)
    for column in columns:
        other_scale = _on_other_scale(values[column.index])
        for value, count in Counter(values[column.index]).items():  # in the file's order
            key = translatable_key(value) if value else None
            if key is None:
                continue
            written.setdefault(key, value)
            cells[key] += count
            if column.name not in names[key]:
                names[key].append(column.name)
            if isinstance(parse_score(value), Invalid) or (
                    other_scale and usual_score(value) is not None):
                asked.add(key)
    plan.score_labels = [PlannedLabel(label, key, cells[key], tuple(names[key]),
                                      plan.translations.get(key), usual_score(label))
                         for key, label in written.items() if key in asked]
    for label in plan.options.score_labels:
        if translatable_key(label) not in written:
            plan.file_problems.append(Problem(
                f"le libellé {quote(label)}, traduit en note, n'apparaît dans aucune colonne "
                "notée : traduction sans effet.", severity=Severity.WARNING))


def _check_repeated_headers(plan: ResponsePlan) -> None:
    """Two columns with the same header, one of them read as a score, a category, a
    département or a date: which one counts cannot be guessed, so the file is refused.
    Repeated comment or left-aside columns (« Commentaire » after each section) are fine."""
    by_header: dict[str, list[PlannedColumn]] = defaultdict(list)
    for column in plan.columns:
        if column.source.header:
            by_header[column.source.header.casefold()].append(column)
    for same in by_header.values():
        if len(same) > 1 and any(c.role not in (Role.COMMENT, Role.IGNORED) for c in same):
            places = ", ".join(f"{column_letter(c.index)} (n° {c.index + 1})" for c in same)
            plan.file_problems.append(Problem(
                f"les colonnes {places} portent le même intitulé « {same[0].source.header} » : "
                "renommez ou supprimez l'une d'elles (impossible de deviner laquelle compte)."))


def _warn_title_rows(plan: ResponsePlan) -> None:
    """Rows above the header (a title) are left out: said, with the header's row."""
    skipped = plan.sheet.numbers[:plan.layout.title_rows]
    if skipped:
        rows = ", ".join(map(str, skipped))
        plan.file_problems.append(Problem(
            f"{'la ligne' if len(skipped) == 1 else 'les lignes'} {rows}, au-dessus de "
            f"l'en-tête (ligne {plan.sheet.numbers[len(skipped)]}), "
            f"{'est un titre : ignorée' if len(skipped) == 1 else 'sont un titre : ignorées'}.",
            severity=Severity.WARNING))


def _warn_untitled_columns(plan: ResponsePlan) -> None:
    """An imported column whose header cell is empty (beside a merged header cell) takes
    its name, « Colonne 4 », as its label: said, so that the user can title it in the
    file, or rename the question afterwards."""
    for column in plan.columns:
        if not column.source.header and column.role != Role.IGNORED:
            plan.file_problems.append(Problem(
                "cette colonne n'a pas d'intitulé (cellule d'en-tête vide, souvent à côté "
                f"d'une cellule fusionnée) : elle est importée sous le nom « {column.name} ».",
                column=column.name, severity=Severity.WARNING))


def _default_campaign_name(con: sqlite3.Connection, file_name: str) -> str:
    stem = (PurePath(file_name).stem.strip() or "Import")[:MAX_CAMPAIGN_NAME - 6]
    name, number = stem, 1
    while feedback.find_campaign(con, name) is not None:
        number += 1
        name = f"{stem} ({number})"
    return name


def _choose_campaign(con: sqlite3.Connection, plan: ResponsePlan,
                     options: ResponseImportOptions, imported_into: Counter,
                     exported: set[str]) -> None:
    """The campaign chosen; without a choice, the one pexdesk's own export names for its
    new responses, else the one that already holds most rows of this file (the export
    downloaded again), else a new one named after the file. An export of several
    campaigns' new responses is refused: one file per campaign."""
    named = options.campaign.strip() if options.campaign else ""
    if options.campaign_id is None and not named and len(exported) > 1:
        listed = ", ".join(f"« {name} »" for name in sorted(exported))
        plan.file_problems.append(Problem(
            f"ce fichier est un export de pexdesk qui mêle des réponses nouvelles de "
            f"plusieurs campagnes ({listed}) : exportez les réponses campagne par campagne, "
            "puis importez chaque fichier."))
    elif options.campaign_id is None and not named and exported:
        named = next(iter(exported))
    if options.campaign_id is not None:
        plan.campaign = mapper.get(con, Campaign, options.campaign_id)
    elif named:
        plan.campaign = feedback.find_campaign(con, named)
        plan.campaign_name = named
    elif imported_into:
        plan.campaign = mapper.get(con, Campaign, imported_into.most_common(1)[0][0])
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
            "structure » ou « Vous représentez ») : désignez-la"
            + (f" ({plan.options.category_hint})" if plan.options.category_hint else "") + "."))
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
               today: date | None, digests: list[str]) -> None:
    by_role = {role: plan.column(role) for role in SINGLE_ROLES}
    read_score = _score_reader(plan.translations)
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
            error(None, f"la ligne compte {plural(len(record), 'cellule', 'cellules')} pour "
                        f"{plural(width, 'colonne', 'colonnes')} (séparateur ou guillemet en "
                        "trop ?).")
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
            parsed = read_score(values[overall.index][position])
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
            parsed = read_score(values[column.index][position])
            if isinstance(parsed, Invalid):
                error(column, parsed.message)
            elif parsed is not None:
                answers[item] = parsed
        texts = [(c, _clean_text(values[c.index][position])) for c in comments]
        texts = [(c, t) for c, t in texts if t]
        comment = (texts[0][1] if len(texts) == 1
                   else "\n\n".join(f"{c.name} : {t}" for c, t in texts))
        response = PlannedResponse(number, responded_on, category_code, department_code,
                                   overall_score, comment, answers, digests[position])
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
    skipped_lines: list[str] = field(default_factory=list)
    """What became of the rows imported before (:meth:`ResponsePlan.already_line`), of
    those purged since (:meth:`ResponsePlan.purged_line`), and of the earlier responses
    this file no longer holds (:attr:`ResponsePlan.vanished`)."""
    translated: list[str] = field(default_factory=list)
    """The labels translated into scores, « « Très bien » → 5 »."""
    dropped: tuple[int, ...] = ()
    """The earlier responses absent from the file that the import deleted (their ids)."""

    @property
    def imported(self) -> int:
        return self.commit.written

    @property
    def changed(self) -> bool:
        """Responses were written or deleted: the lists showing them are out of date."""
        return bool(self.imported or self.dropped)

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
        lines.extend(self.skipped_lines)
        if self.campaign is not None:
            how = (f"créée, {plural(self.item_count, 'question', 'questions')}"
                   if self.created_campaign else "existante")
            lines.append(f"Campagne « {self.campaign.name} » ({how}) ; origine des réponses : "
                         f"{result.file_name}, numéro de ligne conservé.")
        if self.translated:
            lines.append(f"Libellés traduits en notes : {', '.join(self.translated)}.")
        lines.extend(problem_block(self.warnings))
        return lines


def commit_responses(con: sqlite3.Connection, plan: ResponsePlan, *,
                     skip_invalid: bool = False) -> ResponseImportResult:
    """Write the plan's valid responses in ONE transaction (and the campaign and items it
    needs), or nothing: ImportRefusedError when the plan is not importable (invalid rows
    without ``skip_invalid``), and any failure while writing undoes everything."""
    state: dict = {}

    def write(con: sqlite3.Connection) -> tuple[int | None, int, str]:
        _delete_responses(con, plan.replaced)
        state["dropped"] = _drop_vanished(con, plan)
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
        con.executemany("UPDATE response SET row_digest = ? WHERE id = ?",
                        [(planned.digest, response.id)
                         for planned, response in zip(plan.valid_responses, responses)])
        con.executemany(
            "INSERT INTO answer(response_id, item_id, score, not_concerned) VALUES (?, ?, ?, ?)",
            [(response.id, item_ids[item], None if score == NOT_CONCERNED else score,
              int(score == NOT_CONCERNED))
             for response, planned_answers in zip(responses, answers)
             for item, score in planned_answers.items()])
        written = plural(len(responses), "réponse importée", "réponses importées")
        if plan.replaced:
            written += f" (dont {plural(len(plan.replaced), 'remplacée', 'remplacées')})"
        written += f" dans la campagne « {campaign.name} »"
        dropped = state["dropped"]
        if dropped:
            written += ", " + plural(len(dropped), "réponse antérieure absente du fichier "
                                     "supprimée", "réponses antérieures absentes du fichier "
                                     "supprimées") + f" ({numbers_text(dropped)})"
        elif plan.vanished:
            written += ", " + plural(len(plan.vanished.numbers), "réponse antérieure absente",
                                     "réponses antérieures absentes") + " du fichier"
        return campaign.id, len(responses), written

    result = commit_batch(con, plan, write, skip_invalid=skip_invalid)
    campaign = state.get("campaign")
    dropped = state.get("dropped", ())
    warnings = [] if result.previous else [
        *(p for p in plan.file_problems if not p.is_error),
        *(p for status, row in zip(plan.row_status, plan.row_problems)
          if status == RowStatus.VALID for p in row)]
    return ResponseImportResult(result, campaign, plan.campaign is None and campaign is not None,
                                len(plan.items), warnings,
                                _skipped_lines(plan, dropped),
                                [f"{quote(label.label)} → {label_score_text(label.score)}"
                                 for label in plan.score_labels if label.score is not None],
                                dropped)


def _skipped_lines(plan: ResponsePlan, dropped: tuple[int, ...]) -> list[str]:
    lines = [plan.already_line(done=True)] if plan.already_count or plan.replaced else []
    lines += [plan.purged_line()] if plan.purged_count else []
    if plan.dropped:  # none when all were deleted by hand since the preview
        return lines + ([Vanished(plan.vanished.files, dropped).dropped_text()] if dropped
                        else [])
    return lines + ([plan.vanished.text()] if plan.vanished else [])


def _delete_responses(con: sqlite3.Connection, response_ids: list[int]) -> None:
    """Delete the responses being replaced (their answers go with them)."""
    mapper.where_in(con, "DELETE FROM response WHERE id IN ({})", response_ids)


def _drop_vanished(con: sqlite3.Connection, plan: ResponsePlan) -> tuple[int, ...]:
    """Delete the vanished responses the user chose to drop, those still imported into
    the campaign (one deleted by hand since the preview is left out); their answers go
    with them (``ON DELETE CASCADE``). Their ids, ascending."""
    if not plan.dropped:
        return ()
    return tuple(sorted(row[0] for row in mapper.where_in(
        con, "DELETE FROM response WHERE id IN ({}) AND campaign_id = ? "
             "AND origin = 'FICHIER' RETURNING id",
        list(plan.dropped), (plan.campaign.id,))))


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
