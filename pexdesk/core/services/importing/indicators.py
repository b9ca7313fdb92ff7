"""Importing a table of monthly indicator values (CSV, XLSX): the DDETS's monthly template,
an EXPLOC extraction of counts, the préfecture's, the CAF's or a DSF operator's figures,
instead of typing them again in the Indicateurs grid.

Two layouts, told apart by the header (looked for among the first rows, under a title):

* **wide**: one row per indicator, one column per month. The indicator is named by its
  code or its whole label (:func:`values.match_heading`: case, accents, punctuation and a
  bracketed remark aside, the catalogue's synonyms too, never a piece of a label) in one
  of the columns before the months (a column of themes, merged cells left blank under
  their first row, may stand beside it). Months are written « janv. 2026 », « janvier
  2026 », « 2026-01 », « 01/2026 », or are date cells; months written without their year
  take it from the row of years above (a merged « 2026 » over its twelve months) or from
  the title. A « Source » column gives the source of the row's values; « Total »,
  « Cumul » or « Moyenne » columns and rows are computed, not imported (a warning says
  so); a row naming no indicator and holding no value is a heading, passed over.
* **long**: one row per value, with columns indicator (code or label) / month (or period
  start) / value, and optionally source, commentaire, département, fin de période (a
  period longer than a month is refused). pexdesk's own export of the indicators is read
  back this way.

A cell is read as the grid reads what is typed (:func:`pexdesk.core.figures.parse_figure`):
a French number, « nd » (not available: stored NULL, which is not 0), or nothing (empty:
nothing to import, never 0). A figure computed by a formula is rounded to the three
decimals the grid shows, with a warning; a workbook's percentage cell (0,455 for 45,5 %)
is refused rather than stored as 0,455 %. A value is refused as the grid refuses it (negative, a percentage
over 100, decimals in a count, a month to come), and so is one of another département: the
row is then invalid, its reason naming the cell, and nothing is imported. Months before the
mission's start are welcome, as in the grid: a DDETS table often carries the year before for
comparison, which the bilans' « période précédente » and « un an plus tôt » read. Columns naming personal data (« Nom »,
« Adresse », « N° dossier »…) refuse the whole file: pexdesk holds aggregates only
(shared/domain.md §4, §9), never the records of an EXPLOC extraction.

The plan compares each value with the base: new, unchanged, or different (kept unless
``replace``). :func:`commit_indicators` writes the new ones (and the different ones when
replacing) through :func:`commit.commit_batch`: one transaction, one IMPORT line in the
journal; the same file imported twice writes nothing the second time.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from itertools import islice

from pexdesk.core.domain import rules
from pexdesk.core.domain.models import Indicator, IndicatorValue
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import ImportRefusedError
from pexdesk.core.figures import NOT_AVAILABLE, parse_figure
from pexdesk.core.formatting import format_date, format_figure, format_month, plural
from pexdesk.core.reference.departments import department_label
from pexdesk.core.reference.indicators import INDICATORS
from pexdesk.core.repositories import indicators as indicator_repo
from pexdesk.core.repositories import mapper
from pexdesk.core.services.exchange.cells import MARKER_HEADER, is_pexdesk_export, restore_text
from pexdesk.core.services.importing.commit import CommitResult, commit_batch
from pexdesk.core.services.importing.plan import (ImportPlan, Problem, RowStatus, Severity,
                                                  problem_block)
from pexdesk.core.services.importing.reading import Rows, Sheet, sheet_year
from pexdesk.core.services.importing.values import (Invalid, MonthName, Vocabulary,
                                                    match_heading, normalise_label, parse_date,
                                                    parse_department, parse_month, quote)

KIND = "INDICATEURS"
HEADER_SEARCH_ROWS = 20
"""The header is looked for among the file's first non-blank rows (titles above it)."""
DECIMALS = 3
"""The decimals the grid shows (:func:`format_figure`): a value computed by a formula
(45,678901 %) is rounded to them, so that the grid shows what is stored."""
NOT_AVAILABLE_SHOWN = "n.d."


class Layout(StrEnum):
    WIDE = "WIDE"
    LONG = "LONG"


class Field(StrEnum):
    CODE = "CODE"
    INDICATOR = "INDICATOR"
    MONTH = "MONTH"
    END = "END"
    VALUE = "VALUE"
    SOURCE = "SOURCE"
    COMMENT = "COMMENT"
    DEPARTMENT = "DEPARTMENT"
    UNIT = "UNIT"
    TOTAL = "TOTAL"
    MARKER = "MARKER"


FIELD_LABELS = {
    Field.CODE: "code de l'indicateur", Field.INDICATOR: "indicateur", Field.MONTH: "mois",
    Field.END: "fin de période", Field.VALUE: "valeur", Field.SOURCE: "source",
    Field.COMMENT: "commentaire", Field.DEPARTMENT: "département",
}

HEADERS = Vocabulary({
    Field.CODE: ("Code", "Code de l'indicateur", "Code indicateur"),
    Field.INDICATOR: ("Indicateur", "Libellé", "Intitulé", "Libellé de l'indicateur",
                      "Intitulé de l'indicateur", "Nom de l'indicateur"),
    Field.MONTH: ("Mois", "Période", "Début de période", "Date de début", "Mois de référence",
                  "Période de référence", "Date"),
    Field.END: ("Fin de période", "Date de fin"),
    Field.VALUE: ("Valeur", "Nombre", "Effectif", "Chiffre", "Donnée", "Valeur du mois",
                  "Résultat"),
    Field.SOURCE: ("Source", "Source de la donnée", "Origine de la donnée"),
    Field.COMMENT: ("Commentaire", "Commentaires", "Observations", "Remarques", "Note",
                    "Notes"),
    Field.DEPARTMENT: ("Département", "Code département", "Dépt"),
    Field.UNIT: ("Unité",),
    Field.TOTAL: ("Total", "Total général", "Sous-total", "Cumul", "Cumul annuel", "Moyenne",
                  "Moyenne mensuelle", "Ensemble"),
    Field.MARKER: (MARKER_HEADER,),
})
_TOTAL_WORDS = frozenset({"total", "cumul", "moyenne", "sous total", "ensemble"})

PERSONAL_DATA = Vocabulary({"PERSONAL": (
    "Nom", "Prénom", "Nom et prénom", "Nom prénom", "Prénom nom", "Nom du locataire",
    "Nom de l'occupant", "Nom du ménage", "Locataire", "Occupant", "Adresse",
    "Adresse du logement", "Adresse du locataire", "N° dossier", "N° de dossier", "No dossier",
    "Numéro de dossier", "Dossier", "Référence du dossier", "Réf dossier", "N° EXPLOC",
    "Numéro EXPLOC", "Identifiant EXPLOC", "N° RG", "Numéro RG", "N° allocataire",
    "Numéro allocataire", "Matricule CAF", "NIR", "N° de sécurité sociale",
    "Date de naissance", "Téléphone", "Courriel", "E-mail", "Mail")})
"""Column headings of case-level data (shared/domain.md §4, §9): a file holding one is an
extraction of households or dossiers, which pexdesk never imports."""


class State(StrEnum):
    NEW = "NOUVELLE"
    UNCHANGED = "INCHANGEE"
    DIFFERENT = "DIFFERENTE"


@dataclass
class PlannedValue:
    """One value of the file, and the base's value for the same indicator and month."""

    row: int
    column: str
    indicator: Indicator
    month: date
    value: float | None
    source: str
    comment: str = ""
    stored: IndicatorValue | None = None

    @property
    def state(self) -> State:
        if self.stored is None:
            return State.NEW
        return State.UNCHANGED if self.stored.value == self.value else State.DIFFERENT

    def record(self, department_code: str) -> IndicatorValue:
        """The value as it will be saved: a stored one keeps its comment unless the file
        gives one."""
        if self.stored is None:
            return IndicatorValue(indicator_id=self.indicator.id, department_code=department_code,
                                  month=self.month, value=self.value, source=self.source,
                                  comment=self.comment)
        return replace(self.stored, value=self.value, source=self.source,
                       comment=self.comment or self.stored.comment)

    def where(self) -> str:
        """« Assignations aux fins d'expulsion, mars 2026 »."""
        return f"{self.indicator.label_text}, {format_month(self.month)}"


def figure_text(value: float | None) -> str:
    """A value as the grid shows it: « 1 234 », « 45,5 », « n.d. »."""
    return NOT_AVAILABLE_SHOWN if value is None else format_figure(value)


@dataclass(frozen=True)
class IndicatorImportOptions:
    replace: bool = False
    """Values different from the base's replace them; otherwise they are kept, and listed."""
    source: str = ""
    """The source of values the file gives none for; empty: the indicator's usual source."""
    today: date | None = None
    """The day months to come are judged from (tests pin it); None: today."""


@dataclass
class IndicatorPlan(ImportPlan):
    KIND = KIND

    options: IndicatorImportOptions = field(default_factory=IndicatorImportOptions)
    layout: Layout | None = None
    header_row: int | None = None
    title_rows: list[int] = field(default_factory=list)
    read_columns: list[tuple[str, Field]] = field(default_factory=list)
    """Long layout: each column read (its name) and what it gives."""
    months: list[date] = field(default_factory=list)
    """Wide layout: the months of its columns, in order."""
    department_code: str = ""
    values: list[PlannedValue] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Each import compares its values with the base's: an earlier import of the same
        # file is no reason to stop (the base may have changed since), so its record in
        # import_batch is replaced rather than consulted.
        self.replacing = True

    def in_state(self, state: State) -> list[PlannedValue]:
        return [value for value in self.values if value.state == state]

    def to_write(self) -> list[PlannedValue]:
        """The new values, and the different ones when replacing."""
        kept = (State.NEW, State.DIFFERENT) if self.options.replace else (State.NEW,)
        return [value for value in self.values if value.state in kept]

    @property
    def writes(self) -> bool:
        return bool(self.to_write())

    def refusal(self, skip_invalid: bool = False, skip_hint: str = "") -> str | None:
        """Why nothing can be imported, in French; None when something can (or nothing is
        new). Invalid rows always refuse the file: there is no « valid rows only » here."""
        if self.importable():
            return None
        if self.fatal:
            return super().refusal()
        if self.invalid_count:
            return (f"Import impossible : "
                    f"{plural(self.invalid_count, 'ligne invalide', 'lignes invalides')} sur "
                    f"{self.rows_read}. Rien n'a été importé : corrigez le fichier, puis "
                    "importez-le à nouveau.")
        return (f"Import impossible : aucune valeur à importer dans {self.sheet.file_name} "
                f"({plural(self.rows_read, 'ligne lue', 'lignes lues')} : cellules vides, "
                "intertitres ou totaux).")

    def count_lines(self, replace_hint: str = "") -> list[str]:
        """« Valeurs : 25 nouvelles, 30 inchangées, 2 différentes de la base. », the verdict,
        then each different value, base → file: the list may run long, the verdict stays
        in view above it."""
        different = self.in_state(State.DIFFERENT)
        lines = [f"Valeurs : {plural(len(self.in_state(State.NEW)), 'nouvelle', 'nouvelles')}, "
                 f"{plural(len(self.in_state(State.UNCHANGED)), 'inchangée', 'inchangées')}, "
                 f"{plural(len(different), 'différente', 'différentes')} de la base.",
                 self.verdict(replace_hint)]
        if different:
            lines.append("Valeurs différentes (base → fichier) :")
            lines.extend(f"  {value.where()} : {figure_text(value.stored.value)} → "
                         f"{figure_text(value.value)}" for value in different)
        return lines

    def preview_lines(self, replace_hint: str = "") -> list[str]:
        """The preview: the file and its layout, the problems row by row, the counts of
        rows and of values, the verdict, and the differences. ``replace_hint`` says where
        the user asks to replace the different values (an option, a check box)."""
        sheet = self.sheet
        lines = [f"Fichier : {sheet.file_name} ({sheet.describe()})"]
        if self.layout is not None:
            title = (f" ; titre au-dessus : {_rows_text(self.title_rows)}"
                     if self.title_rows else "")
            shape = ("une ligne par indicateur, une colonne par mois"
                     if self.layout == Layout.WIDE else "une ligne par valeur")
            lines.append(f"Tableau : {shape} (en-tête ligne {self.header_row}{title}).")
            if self.months:
                lines.append(f"Mois : {format_month(self.months[0])} à "
                             f"{format_month(self.months[-1])} "
                             f"({plural(len(self.months), 'colonne')}).")
            if self.read_columns:
                lines.append("Colonnes lues : " + ", ".join(
                    f"« {name} » → {FIELD_LABELS[what]}" for name, what in self.read_columns)
                    + ".")
        lines.extend(problem_block(self.problems))
        if self.layout is not None:
            lines.append(f"{plural(self.rows_read, 'ligne lue', 'lignes lues')} : "
                         f"{plural(self.valid_count, 'valide', 'valides')}, "
                         f"{plural(self.invalid_count, 'invalide', 'invalides')}"
                         + (f", {plural(self.ignored_count, 'ignorée', 'ignorées')} "
                            "(intertitres, totaux, sans valeur)" if self.ignored_count else "")
                         + ".")
        refusal = self.refusal()
        if refusal:
            lines.append(refusal)
            return lines
        return lines + self.count_lines(replace_hint)

    def verdict(self, replace_hint: str = "") -> str:
        new, different = self.in_state(State.NEW), self.in_state(State.DIFFERENT)
        if not self.writes:
            kept = (f" ; {_kept_text(len(different), replace_hint)}" if different else "")
            return f"Rien de nouveau à importer{kept}."
        written = plural(len(new), "valeur ajoutée", "valeurs ajoutées")
        if self.options.replace:
            replaced = plural(len(different), "remplacée", "remplacées")
            return f"Import possible : {written}, {replaced}."
        kept = f" ; {_kept_text(len(different), replace_hint)}" if different else ""
        return f"Import possible : {written}{kept}."


def _kept_text(count: int, replace_hint: str) -> str:
    text = plural(count, "valeur différente gardée", "valeurs différentes gardées")
    return text + " telle" + ("s quelles" if count > 1 else " quelle") + " dans la base" + (
        f" (pour les remplacer : {replace_hint})" if replace_hint else "")


def _rows_text(rows: list[int]) -> str:
    return f"ligne {rows[0]}" if len(rows) == 1 else "lignes " + ", ".join(map(str, rows))


# --- the catalogue ------------------------------------------------------------------------------

@dataclass
class _Catalogue:
    """The base's indicators, known by code, label and the reference's synonyms; a label
    two of them share names neither (matching must never depend on order)."""

    indicators: dict[str, Indicator]
    vocabulary: Vocabulary

    @classmethod
    def of(cls, con: sqlite3.Connection) -> _Catalogue:
        found = indicator_repo.catalogue(con, active_only=False)
        synonyms = {spec.code: spec.synonyms for spec in INDICATORS}
        return cls({item.code: item for item in found}, Vocabulary(
            {item.code: (item.label_text, *synonyms.get(item.code, ())) for item in found},
            drop_shared=True))

    def match(self, text: str) -> Indicator | None:
        code = match_heading(text, self.vocabulary)
        return self.indicators[code] if code else None


_DAY = re.compile(r"[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}")
"""A day in a title (« mis à jour le 05/02/2026 »): its year is not the table's."""


def _is_total(text: str) -> bool:
    key = normalise_label(text)
    return key in _TOTAL_WORDS or any(key.startswith(word + " ") for word in _TOTAL_WORDS)


# --- the header ---------------------------------------------------------------------------------

def _long_fields(record: tuple[str, ...]) -> dict[Field, int] | None:
    """The columns of a long header (indicator, month, value), or None."""
    found: dict[Field, int] = {}
    for index, cell in enumerate(record):
        name = match_heading(cell, HEADERS) if cell else None
        if name is not None:
            found.setdefault(Field(name), index)
    has_indicator = Field.CODE in found or Field.INDICATOR in found
    if has_indicator and Field.MONTH in found and Field.VALUE in found:
        return found
    return None


def _is_wide_header(record: tuple[str, ...]) -> bool:
    """A row naming a month (with its year) after its first column, or two without."""
    months = [parse_month(cell) for cell in record[1:] if cell]
    dated = sum(1 for month in months if isinstance(month, date))
    bare = sum(1 for month in months if isinstance(month, MonthName))
    return dated >= 1 or bare >= 2


def _find_header(records) -> tuple[int, Layout] | None:
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        if _long_fields(record) is not None:
            return index, Layout.LONG
        if _is_wide_header(record):
            return index, Layout.WIDE
    return None


def count_indicator_rows(rows: Rows) -> int:
    """The indicator import's :data:`~reading.RowCounter`: the rows under its header, as
    ``IndicatorPlan.rows_read`` counts them; none without a header."""
    head = list(islice(rows, HEADER_SEARCH_ROWS))
    found = _find_header([record for _, record in head])
    if found is None:
        return 0
    return len(head) - found[0] - 1 + sum(1 for _ in rows)


def _personal_columns(records) -> list[str]:
    """The cells of the first rows naming personal data, each once."""
    named: dict[str, None] = {}
    for record in records:
        for cell in record:
            if cell and match_heading(cell, PERSONAL_DATA):
                named.setdefault(cell, None)
    return list(named)


# --- planning -----------------------------------------------------------------------------------

def plan_indicators(con: sqlite3.Connection, sheet: Sheet,
                    options: IndicatorImportOptions | None = None) -> IndicatorPlan:
    """What importing ``sheet`` would do; reads the base, writes nothing."""
    plan = IndicatorPlan(sheet, options=options or IndicatorImportOptions())
    profile = mapper.get(con, Profile, 1)
    plan.department_code = profile.department_code
    records = list(sheet.records)
    if sheet.kind == "CSV" and any(map(is_pexdesk_export, records[:HEADER_SEARCH_ROWS])):
        # pexdesk's own export neutralised formula-like texts with an apostrophe
        records = [tuple(restore_text(cell) for cell in record) for record in records]
    found = _find_header(records)
    header_index = found[0] if found else min(len(records), HEADER_SEARCH_ROWS) - 1
    personal = _personal_columns(records[:header_index + 1])
    if personal:
        plan.file_problems.append(Problem(
            f"{sheet.file_name} contient des données individuelles "
            f"({'colonne' if len(personal) == 1 else 'colonnes'} "
            f"{', '.join(quote(cell) for cell in personal[:5])}) : pexdesk ne conserve que des "
            "chiffres agrégés (des nombres de ménages ou de procédures par mois), jamais de "
            "données sur un ménage ni de numéro de dossier EXPLOC. Importez le tableau de "
            "synthèse mensuel, pas une extraction des dossiers."))
        return plan
    if found is None:
        plan.file_problems.append(Problem(
            f"aucune ligne d'en-tête reconnue dans les {HEADER_SEARCH_ROWS} premières lignes. "
            "Il faut soit une colonne par mois (« janv. 2026 », « 2026-01 », « 01/2026 »…) et "
            "une ligne par indicateur, nommé par son code ou son intitulé ; soit des colonnes "
            "« Indicateur » (ou « Code »), « Mois » et « Valeur »."))
        return plan
    plan.layout = found[1]
    plan.header_row = sheet.numbers[header_index]
    plan.title_rows = list(sheet.numbers[:header_index])
    planner = _Planner(con, plan, records, header_index)
    if plan.layout == Layout.WIDE:
        planner.plan_wide()
    else:
        planner.plan_long()
    planner.compare_with_base()
    return plan


class _Planner:
    """Plans the rows of one sheet into ``plan``: values, row statuses and problems."""

    def __init__(self, con: sqlite3.Connection, plan: IndicatorPlan, records,
                 header_index: int):
        self.con = con
        self.plan = plan
        self.header = records[header_index]
        self.rows = list(zip(plan.sheet.numbers[header_index + 1:], records[header_index + 1:]))
        self.titles = records[:header_index]
        self.catalogue = _Catalogue.of(con)
        self.today = plan.options.today or date.today()
        self.seen: dict[tuple[int, date], PlannedValue] = {}

    def column_name(self, index: int) -> str:
        name = self.header[index] if index < len(self.header) else ""
        return " ".join(name.split()) or f"colonne {index + 1}"

    def warn(self, message: str, index: int) -> None:
        self.plan.file_problems.append(Problem(message, column=self.column_name(index),
                                               severity=Severity.WARNING))

    def fail(self, message: str) -> None:
        self.plan.file_problems.append(Problem(message))

    # --- wide: one row per indicator ---------------------------------------------------------

    def plan_wide(self) -> None:
        months: dict[int, date] = {}
        bare: dict[int, MonthName] = {}
        roles: dict[Field, int] = {}
        labels: list[int] = []
        first = next(index for index, cell in enumerate(self.header)
                     if index > 0 and isinstance(parse_month(cell), (date, MonthName)))
        for index, cell in enumerate(self.header):
            month = parse_month(cell) if cell else None
            name = match_heading(cell, HEADERS) if cell else None
            if isinstance(month, date):
                months[index] = month
            elif isinstance(month, MonthName):
                bare[index] = month
            elif name in (Field.SOURCE, Field.DEPARTMENT) and Field(name) not in roles:
                roles[Field(name)] = index
            elif name in (Field.UNIT, Field.MARKER):
                continue
            elif index < first:
                labels.append(index)
            elif isinstance(month, Invalid):
                self.fail(f"colonne {quote(cell)} : {month.message}")
            elif name == Field.TOTAL or _is_total(cell):
                self.warn("colonne calculée, non importée.", index)
            elif cell:
                self.warn("colonne non importée (ni un mois, ni « Source »).", index)
            elif any(index < len(record) and record[index] for _, record in self.rows):
                self.warn("colonne sans intitulé, non importée.", index)
        months.update(self._dated(bare))
        by_month: dict[date, int] = {}
        for index, month in sorted(months.items()):
            if month in by_month:
                self.fail(f"deux colonnes pour {format_month(month)} : "
                          f"« {self.column_name(by_month[month])} » et "
                          f"« {self.column_name(index)} ».")
            by_month.setdefault(month, index)
        if self.plan.fatal:
            return
        self.plan.months = sorted(by_month)
        for number, record in self.rows:
            self._wide_row(number, record, labels, months, roles)

    def _dated(self, bare: dict[int, MonthName]) -> dict[int, date]:
        """Months written without their year, dated by the nearest year at their left in
        the closest row above the header that names years (a merged « 2026 » over its
        months, or a title), else by the sheet's name; a file problem when none says it."""
        if not bare:
            return {}
        years: dict[int, int] = {}
        for record in reversed(self.titles):
            years = {index: year for index, cell in enumerate(record)
                     if cell and not _DAY.search(cell) and (year := sheet_year(cell))}
            if years:
                break
        else:
            year = sheet_year(self.plan.sheet.sheet_name or "")
            years = {0: year} if year is not None else {}
        dated = {}
        for index, month in bare.items():
            left = [column for column in years if column <= index]
            if left:
                dated[index] = date(years[max(left)], month.month, 1)
        missing = [index for index in bare if index not in dated]
        if missing:
            listed = ", ".join(f"« {self.column_name(index)} »" for index in missing[:4])
            self.fail(f"mois sans année (colonne{'s' if len(missing) > 1 else ''} {listed}"
                      f"{' …' if len(missing) > 4 else ''}) : écrivez l'année dans l'en-tête "
                      "(« janv. 2026 ») ou dans une ligne au-dessus des mois.")
        return dated

    def _wide_row(self, number: int, record: tuple[str, ...], labels: list[int],
                  months: dict[int, date], roles: dict[Field, int]) -> None:
        def cell(index: int | None) -> str:
            return record[index] if index is not None and index < len(record) else ""

        problems: list[Problem] = []
        cells = {index: cell(index) for index in months if cell(index)}
        named = [(index, cell(index)) for index in labels if cell(index)]
        matched = {found.code: (index, found) for index, text in named
                   if (found := self.catalogue.match(text)) is not None}
        if not cells:  # a heading, or an indicator without a figure: nothing to import
            self._status(number, problems, [])
            return
        if len(matched) > 1:
            (first, _), (second, _) = sorted(matched.values(), key=lambda pair: pair[0])[:2]
            problems.append(Problem(f"{quote(cell(first))} et {quote(cell(second))} désignent "
                                    "deux indicateurs différents.", number,
                                    self.column_name(second)))
            self._status(number, problems, [])
            return
        if not matched:
            index, label = named[-1] if named else (None, "")
            if _is_total(label):
                problems.append(Problem(f"{quote(label)} : total calculé, non importé.", number,
                                        severity=Severity.WARNING))
            elif label:
                problems.append(self._unknown(label, number, index))
            else:
                problems.append(Problem("aucun indicateur nommé sur cette ligne, qui porte "
                                        "pourtant des valeurs.", number))
            self._status(number, problems, [])
            return
        indicator = next(iter(matched.values()))[1]
        department = cell(roles.get(Field.DEPARTMENT))
        if department:
            self._department(problems, number, department, roles[Field.DEPARTMENT])
        values = [self._value(problems, number, self.column_name(index), indicator,
                              months[index], text, cell(roles.get(Field.SOURCE)), "")
                  for index, text in cells.items()]
        self._status(number, problems, values)

    # --- long: one row per value -------------------------------------------------------------

    def plan_long(self) -> None:
        where = _long_fields(self.header) or {}
        for index, cell in enumerate(self.header):
            name = match_heading(cell, HEADERS) if cell else None
            what = Field(name) if name else None
            if not cell or what in (Field.UNIT, Field.MARKER):
                continue
            if what is None:
                self.warn("colonne non importée (intitulé non reconnu).", index)
            elif what == Field.TOTAL:
                self.warn("colonne calculée, non importée.", index)
            elif where[what] != index:
                self.warn(f"colonne non importée (« {self.column_name(where[what])} » donne "
                          f"déjà {FIELD_LABELS[what]}).", index)
            else:
                self.plan.read_columns.append((self.column_name(index), what))
        for number, record in self.rows:
            self._long_row(number, record, where)

    def _long_row(self, number: int, record: tuple[str, ...], where: dict[Field, int]) -> None:
        def cell(what: Field) -> str:
            index = where.get(what)
            return record[index] if index is not None and index < len(record) else ""

        problems: list[Problem] = []
        text = cell(Field.VALUE)
        code, label = cell(Field.CODE), cell(Field.INDICATOR)
        if not text:  # empty: nothing to import, never 0
            self._status(number, problems, [])
            return
        by_code = self.catalogue.match(code) if code else None
        by_label = self.catalogue.match(label) if label else None
        indicator = by_code or by_label
        if by_code and by_label and by_code.id != by_label.id:
            indicator = None
            problems.append(Problem(f"le code {quote(code)} et l'intitulé {quote(label)} "
                                    "désignent deux indicateurs différents.", number,
                                    self.column_name(where[Field.INDICATOR])))
        elif indicator is None and _is_total(label or code):
            problems.append(Problem(f"{quote(label or code)} : total calculé, non importé.",
                                    number, severity=Severity.WARNING))
            self._status(number, problems, [])
            return
        elif indicator is None and (code or label):
            named = Field.CODE if code and not label else Field.INDICATOR
            problems.append(self._unknown(cell(named), number, where[named]))
        elif indicator is None:
            problems.append(Problem("aucun indicateur nommé sur cette ligne.", number))
        month = self._long_month(problems, number, cell(Field.MONTH), where[Field.MONTH],
                                 cell(Field.END), where.get(Field.END))
        if cell(Field.DEPARTMENT):
            self._department(problems, number, cell(Field.DEPARTMENT), where[Field.DEPARTMENT])
        values = []
        if indicator is not None and month is not None:
            values.append(self._value(problems, number, self.column_name(where[Field.VALUE]),
                                      indicator, month, text, cell(Field.SOURCE),
                                      cell(Field.COMMENT)))
        self._status(number, problems, values)

    def _long_month(self, problems: list[Problem], number: int, text: str, index: int,
                    end_text: str, end_index: int | None) -> date | None:
        column = self.column_name(index)
        month = parse_month(text) if text else None
        if not text:
            problems.append(Problem("le mois est obligatoire.", number, column))
        elif isinstance(month, Invalid):
            problems.append(Problem(month.message, number, column))
        elif not isinstance(month, date):
            what = "mois sans année" if isinstance(month, MonthName) else "pas un mois reconnu"
            problems.append(Problem(f"{quote(text)} : {what} (« janv. 2026 », « 2026-01 » ou "
                                    "« 01/2026 » attendu).", number, column))
        else:
            end = parse_date(end_text) if end_text else None
            if isinstance(end, Invalid) or (
                    end is not None and (end.year, end.month) != (month.year, month.month)):
                problems.append(Problem(
                    f"{quote(end_text)} : la période doit tenir dans le mois qui commence le "
                    f"{format_date(month)} (pexdesk tient des valeurs mensuelles).", number,
                    self.column_name(end_index)))
            return month
        return None

    def _department(self, problems: list[Problem], number: int, text: str, index: int) -> None:
        found = parse_department(text)
        own = self.plan.department_code
        if isinstance(found, Invalid):
            problems.append(Problem(found.message, number, self.column_name(index)))
        elif found is not None and found != own:
            problems.append(Problem(
                f"{quote(text)} n'est pas le département de la base "
                f"({department_label(own)}) : pexdesk ne tient que les indicateurs de son "
                "département.", number, self.column_name(index)))

    # --- one value ---------------------------------------------------------------------------

    def _unknown(self, text: str, number: int, index: int | None) -> Problem:
        if self.catalogue.vocabulary.is_shared(text):
            message = (f"{quote(text)} désigne plusieurs indicateurs du catalogue : nommez-le "
                       "par son code.")
        else:
            message = (f"{quote(text)} n'est pas un indicateur du catalogue (code ou intitulé "
                       "entier attendu, comme dans l'écran Indicateurs).")
        return Problem(message, number, self.column_name(index) if index is not None else None)

    def _value(self, problems: list[Problem], number: int, column: str, indicator: Indicator,
               month: date, text: str, source: str, comment: str) -> PlannedValue | None:
        """The cell's value, checked as the grid checks what is typed; None (and its
        problem) when refused."""
        def refuse(message: str) -> None:
            problems.append(Problem(message, number, column))

        if not indicator.active:
            refuse(f"l'indicateur « {indicator.label_text} » n'est plus suivi (désactivé dans "
                   "le catalogue).")
            return None
        figure = parse_figure(text, indicator.unit, indicator.label_text)
        if isinstance(figure, Invalid):
            refuse(figure.message)
            return None
        value = None if figure == NOT_AVAILABLE else figure
        if value is not None and indicator.unit == "%" and self.plan.sheet.kind == "XLSX" \
                and 0 < value < 1 and not text.endswith("%"):
            refuse(f"{quote(text)} pour un pourcentage : une cellule au format « pourcentage » "
                   f"d'Excel vaut {figure_text(value)} pour {figure_text(value * 100)} %. "
                   f"Écrivez {figure_text(round(value * 100, DECIMALS))} dans le fichier (ou "
                   f"« {figure_text(value)} % » s'il s'agit bien de moins de 1 %).")
            return None
        if value is not None and round(value, DECIMALS) != value:
            problems.append(Problem(f"{quote(text)} arrondi à "
                                    f"{figure_text(round(value, DECIMALS))} (trois décimales "
                                    "au plus, comme dans la grille).", number, column,
                                    Severity.WARNING))
            value = round(value, DECIMALS)
        planned = PlannedValue(number, column, indicator, month, value,
                               " ".join(source.split()) or self.plan.options.source.strip()
                               or indicator.source, comment.strip())
        record = planned.record(self.plan.department_code)
        messages = [problem.message for problem in record.problems(today=self.today)]
        messages.append(rules.within_unit(record.label("value"), value, indicator.unit))
        earlier = self.seen.get((indicator.id, month))
        if earlier is not None and earlier.value != value:
            messages.append(f"{planned.where()} vaut déjà {figure_text(earlier.value)} ligne "
                            f"{earlier.row} (colonne « {earlier.column} ») : deux valeurs pour "
                            "le même mois.")
        messages = [message for message in messages if message]
        for message in messages:
            refuse(message)
        return None if messages or earlier is not None else planned

    def _status(self, number: int, problems: list[Problem],
                values: list[PlannedValue | None]) -> None:
        """Record the row: invalid with an error, else valid with values to import, else
        ignored (nothing to import); its values count only when it is valid."""
        kept = [value for value in values if value is not None]
        if any(problem.is_error for problem in problems):
            status = RowStatus.INVALID
        elif kept or values:
            status = RowStatus.VALID
        else:
            status = RowStatus.IGNORED
        if status == RowStatus.VALID:
            for value in kept:
                self.seen[(value.indicator.id, value.month)] = value
            self.plan.values.extend(kept)
        self.plan.row_numbers.append(number)
        self.plan.row_status.append(status)
        self.plan.row_problems.append(problems)

    def compare_with_base(self) -> None:
        """Tie each value to the base's for the same indicator and month."""
        if not self.plan.values:
            return
        stored = _stored(self.con, self.plan.department_code, self.plan.values)
        for value in self.plan.values:
            value.stored = stored.get((value.indicator.id, value.month))


def _stored(con: sqlite3.Connection, department_code: str,
            values: list[PlannedValue]) -> dict[tuple[int, date], IndicatorValue]:
    months = [value.month for value in values]
    return {(stored.indicator_id, stored.month): stored for stored in
            indicator_repo.values_between(con, department_code, min(months), max(months))}


# --- commit -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorImportResult:
    commit: CommitResult
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    kept: int = 0
    """Different values left as the base had them (no ``replace``)."""
    written: list[IndicatorValue] = field(default_factory=list)
    """The values saved, with their ids: the application's undo takes them back."""
    warnings: list[Problem] = field(default_factory=list)

    def lines(self, replace_hint: str = "") -> list[str]:
        """« 12 lignes lues : 25 valeurs ajoutées, 2 remplacées, 30 inchangées. »"""
        counts = (f" : {_written_text(self.added, self.replaced)}, "
                  f"{plural(self.unchanged, 'inchangée', 'inchangées')}")
        lines = self.commit.summary_lines(counts)
        if self.kept:
            lines.append(_kept_text(self.kept, replace_hint)[:1].upper()
                         + _kept_text(self.kept, replace_hint)[1:] + ".")
        lines.extend(problem_block(self.warnings))
        return lines


def _written_text(added: int, replaced: int) -> str:
    """What an import wrote, for its summary and its line in the journal."""
    return (f"{plural(added, 'valeur ajoutée', 'valeurs ajoutées')}, "
            f"{plural(replaced, 'remplacée', 'remplacées')}")


def commit_indicators(con: sqlite3.Connection, plan: IndicatorPlan) -> IndicatorImportResult:
    """Write the plan's new values (and its different ones when replacing) in ONE
    transaction, or nothing; refused when the base changed since the preview."""
    chosen = plan.to_write()
    added = sum(1 for value in chosen if value.state == State.NEW)
    records: list[IndicatorValue] = []

    def write(con: sqlite3.Connection) -> tuple[int | None, int, str]:
        now = _stored(con, plan.department_code, chosen)
        for value in chosen:
            current = now.get((value.indicator.id, value.month))
            before = value.stored
            if (current is None) != (before is None) or (
                    current is not None and before is not None and current.value != before.value):
                raise ImportRefusedError(f"La valeur de {value.where()} a changé depuis "
                                         "l'aperçu : relancez l'aperçu de l'import.")
            records.append(value.record(plan.department_code))
        indicator_repo.set_values(con, records)
        return None, len(records), _written_text(added, len(records) - added)

    result = commit_batch(con, plan, write)
    if not result.written:
        added = 0
    different = len(plan.in_state(State.DIFFERENT))
    return IndicatorImportResult(
        result, added, result.written - added, len(plan.in_state(State.UNCHANGED)),
        0 if plan.options.replace else different, records,
        [problem for problem in plan.problems if not problem.is_error])
