"""Which survey tool wrote a file, and what each of its columns is (shared/survey.md §1).

The tool is recognised by its header signature (§1.7). Its bookkeeping columns are
then found by POSITION where the tool fixes them (Microsoft Forms' first five,
Google Forms' timestamp) and by name otherwise (LimeSurvey, KoboToolbox): a
Microsoft Forms question may itself be titled « Email », and header texts change
with the interface language. Names, e-mails, IP addresses and invitation tokens
are marked PERSONAL: the planner never stores them (responses are anonymous).

Grouped questions are split into their question and sub-question: ``Question [Row]``
(Google Forms grids, LimeSurvey arrays, SurveyMonkey's second header row) and
``Question.Statement`` (Microsoft Forms Likert, recognised when consecutive columns
share the question). The sub-question becomes the item label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import islice

from pexdesk.core.services.exchange.cells import MARKER_HEADER, is_pexdesk_export
from pexdesk.core.services.importing.reading import (HEADER_SCAN_ROWS, Rows, Sheet,
                                                     find_header_row)
from pexdesk.core.text import fold_label


class Tool(StrEnum):
    LIMESURVEY = "LIMESURVEY"
    GOOGLE_FORMS = "GOOGLE_FORMS"
    MICROSOFT_FORMS = "MICROSOFT_FORMS"
    KOBOTOOLBOX = "KOBOTOOLBOX"
    SURVEYMONKEY = "SURVEYMONKEY"
    PEXDESK = "PEXDESK"
    """pexdesk's own responses export (its « Identifiant pexdesk » column)."""
    GENERIC = "GENERIC"


TOOL_LABELS = {
    Tool.LIMESURVEY: "LimeSurvey",
    Tool.GOOGLE_FORMS: "Google Forms",
    Tool.MICROSOFT_FORMS: "Microsoft Forms",
    Tool.KOBOTOOLBOX: "KoboToolbox",
    Tool.SURVEYMONKEY: "SurveyMonkey",
    Tool.PEXDESK: "export des réponses de pexdesk",
    Tool.GENERIC: "tableau simple (une ligne par répondant)",
}


class ColumnKind(StrEnum):
    QUESTION = "QUESTION"
    """An answer: the planner decides whether it is a score, a category, a comment…"""
    DATE = "DATE"
    """When the response was sent, as the tool records it."""
    COMPLETION = "COMPLETION"
    """LimeSurvey's submission date: empty for an unfinished response (also the date)."""
    METADATA = "METADATA"
    """The tool's bookkeeping: response id, language, timings…"""
    PERSONAL = "PERSONAL"
    """Identifies the respondent (name, e-mail, IP, token): never stored."""


KIND_NOTES = {
    ColumnKind.METADATA: "métadonnée de l'outil d'enquête",
    ColumnKind.PERSONAL: "donnée nominative : jamais enregistrée",
}


@dataclass(frozen=True)
class SourceColumn:
    index: int
    name: str
    """Unique name shown in messages: the header, « Colonne 7 » if blank, « X (2) » if repeated."""
    header: str
    kind: ColumnKind
    question: str = ""
    sub: str = ""

    @property
    def label(self) -> str:
        """What an item made from this column is called: the sub-question if any, else
        the header; an untitled column (the empty cell beside a merged header) is called
        by its name, « Colonne 4 », as the preview shows it: an item needs a label."""
        return self.sub or self.header or self.name


@dataclass(frozen=True)
class Layout:
    tool: Tool
    header_rows: int
    columns: tuple[SourceColumn, ...]
    code_headings: bool = False
    """LimeSurvey « question code » headings (``M1``, ``Q3[SQ001]``) rather than texts."""
    title_rows: int = 0
    """Records above the header (a title line): neither header nor data."""

    @property
    def data_start(self) -> int:
        """The index, in the sheet's records, of the first data row."""
        return self.title_rows + self.header_rows

    @property
    def tool_label(self) -> str:
        return TOOL_LABELS[self.tool]


def _key(text: str) -> str:
    return fold_label(text)


def _keys(*texts: str) -> frozenset[str]:
    return frozenset(_key(t) for t in texts)


# --- names of bookkeeping columns --------------------------------------------------------------

_PERSONAL_EXACT = _keys(
    "Nom", "Prénom", "Nom Prénom", "Prénom Nom", "Nom et prénom", "Prénom et nom",
    "Nom du répondant", "Votre nom", "Vos nom et prénom", "Name", "Full name", "First name",
    "Last name", "firstname", "lastname", "Téléphone", "Tél", "Portable",
    "Numéro de téléphone", "Votre téléphone", "IP", "Adresse IP", "IP address", "ipaddr",
    "token", "Jeton", "Code d'accès", "Code d'invitation", "username", "deviceid", "imei",
    "simserial", "subscriberid", "phonenumber", "_submitted_by")
_PERSONAL_WORDS = re.compile(
    r"\b(e ?mail|courriel|adresse de messagerie|adresse electronique|adresse mail)\b")

_DATE_NAMES = _keys("Date", "Horodateur", "Horodatage", "Timestamp", "Date de réponse",
                    "Date de la réponse", "Date de soumission", "Date d'envoi",
                    "Date submitted", "Submission date")

_LIME_CODE = {
    **dict.fromkeys(_keys("id", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
                          "refurl", "interviewtime"), ColumnKind.METADATA),
    _key("submitdate"): ColumnKind.COMPLETION,
    **dict.fromkeys(_keys("token", "ipaddr", "firstname", "lastname", "email"),
                    ColumnKind.PERSONAL),
}
_LIME_TIMING = re.compile(r"^(?:groupTime\d+|[A-Za-z][A-Za-z0-9_]*(?:\[[^\]]*\])?Time)$")
_LIME_FULL_IDS = _keys("Response ID", "ID de la réponse", "ID réponse")
_LIME_FULL = {
    **dict.fromkeys(_LIME_FULL_IDS | _keys(
        "Last page", "Dernière page", "Start language", "Langue de départ", "Seed",
        "Tête de série", "Graine", "Date started", "Date de début", "Date de lancement",
        "Date last action", "Date de la dernière action", "Dernière action", "Referrer URL",
        "URL référente", "URL de provenance", "Total time", "Temps total"), ColumnKind.METADATA),
    **dict.fromkeys(_keys("Date submitted", "Date de soumission", "Date d'envoi"),
                    ColumnKind.COMPLETION),
    **dict.fromkeys(_keys("IP address", "Adresse IP", "Token", "Jeton", "Code d'accès",
                          "First name", "Prénom", "Last name", "Nom", "Email", "Courriel",
                          "Adresse courriel"), ColumnKind.PERSONAL),
}
_LIME_FULL_TIMING = re.compile(r"^(?:group time|question time|temps (?:pour|du|de la|de|des)\b)")

_PEXDESK_BOOKKEEPING = _keys("Campagne", "Code catégorie", "Origine", "Fichier d'origine",
                             "Ligne du fichier d'origine", MARKER_HEADER)
"""Columns of pexdesk's responses export that are not answers: the category's label
column gives the category, its code would be a second one."""

_GOOGLE_FIRST = _keys("Timestamp", "Horodateur", "Horodatage")

_MS_FIRST = (_keys("ID"), _keys("Start time", "Heure de début"),
             _keys("Completion time", "Heure de fin", "Heure d'achèvement"))
_MS_LAST_MODIFIED = _keys("Last modified time", "Heure de la dernière modification")
_MS_QUIZ = _keys("Total points", "Points totaux", "Quiz feedback",
                 "Commentaires sur le questionnaire")
_MS_QUIZ_PREFIX = re.compile(r"^(?:points|feedback) ")

_KOBO_NAMED = {
    **dict.fromkeys(_keys("start", "today", "audit", "__version__", "instanceID",
                          "meta/instanceID"), ColumnKind.METADATA),
    _key("end"): ColumnKind.DATE,
}

_MONKEY_FIRST = _keys("Respondent ID", "ID du répondant", "ID de répondant",
                      "Identifiant du répondant")
_MONKEY_META = {
    **dict.fromkeys(_MONKEY_FIRST | _keys("Collector ID", "ID du collecteur", "Start Date",
                                          "Date de début"), ColumnKind.METADATA),
    **dict.fromkeys(_keys("End Date", "Date de fin"), ColumnKind.DATE),
    **dict.fromkeys(_keys("IP Address", "Adresse IP", "Email Address", "Adresse e-mail",
                          "First Name", "Prénom", "Last Name", "Nom"), ColumnKind.PERSONAL),
}
_MONKEY_CUSTOM = re.compile(r"^(?:custom data|donnees personnalisees) \d+$")
_MONKEY_PLAIN_SUB = _keys("Response", "Réponse", "Open-Ended Response", "Réponse ouverte")


def is_personal_header(header: str) -> bool:
    key = _key(header)
    return key in _PERSONAL_EXACT or bool(_PERSONAL_WORDS.search(key))


# --- detection ------------------------------------------------------------------------------------

def detect_layout(sheet: Sheet) -> Layout:
    """The tool, its header row(s) and the kind of every column of ``sheet``, whose header
    may come after a title line (:func:`find_header_row`)."""
    return _layout_of(sheet.records)


def _layout_of(records: tuple[tuple[str, ...], ...]) -> Layout:
    title_rows = find_header_row(records)
    return replace(_detect(records[title_rows:]), title_rows=title_rows)


def count_response_rows(rows: Rows) -> int:
    """The survey import's :data:`~reading.RowCounter`: every row under the header row(s)
    (two for SurveyMonkey), as ``ResponsePlan.rows_read`` counts them; the first rows
    (:data:`HEADER_SCAN_ROWS`) tell where the header is, the others are only counted."""
    head = tuple(record for _, record in islice(rows, HEADER_SCAN_ROWS))
    if not head:
        return 0
    return max(len(head) - _layout_of(head).data_start, 0) + sum(1 for _ in rows)


def _detect(records: tuple[tuple[str, ...], ...]) -> Layout:
    first = [" ".join(h.split()) for h in records[0]]
    keys = [_key(h) for h in first]
    second = records[1] if len(records) > 1 else ()
    if keys and keys[0] in _MONKEY_FIRST and second and not second[0]:
        return _surveymonkey(first, [" ".join(c.split()) for c in second])
    if "submitdate" in keys and "lastpage" in keys:
        return _layout(Tool.LIMESURVEY, first, _limesurvey_codes, code_headings=True)
    if keys and keys[0] in _LIME_FULL_IDS and any(k in _LIME_FULL for k in keys[1:]):
        return _layout(Tool.LIMESURVEY, first, _limesurvey_full)
    if "uuid" in keys and "submission time" in keys and any(h.startswith("_") for h in first):
        return _layout(Tool.KOBOTOOLBOX, first, _kobo)
    if len(keys) >= 3 and all(keys[i] in _MS_FIRST[i] for i in range(3)):
        return _layout(Tool.MICROSOFT_FORMS, first, _microsoft_forms)
    if is_pexdesk_export(first):
        return _layout(Tool.PEXDESK, first, _pexdesk)
    if keys and keys[0] in _GOOGLE_FIRST:
        return _layout(Tool.GOOGLE_FORMS, first, _google_forms)
    return _layout(Tool.GENERIC, first, _generic)


def _layout(tool: Tool, headers: list[str], kind_of, *, code_headings: bool = False) -> Layout:
    kinds = [kind_of(index, header) for index, header in enumerate(headers)]
    kinds = [ColumnKind.PERSONAL if kind == ColumnKind.QUESTION and is_personal_header(header)
             else kind for kind, header in zip(kinds, headers)]
    if tool == Tool.KOBOTOOLBOX and ColumnKind.DATE in kinds:  # « end » beats _submission_time
        kinds = [ColumnKind.METADATA if _key(h) == "submission time" else k
                 for k, h in zip(kinds, headers)]
    columns = _name_columns(headers, kinds)
    return Layout(tool, 1, _split_questions(columns, tool), code_headings)


def _limesurvey_codes(index: int, header: str) -> ColumnKind:
    if _LIME_TIMING.match(header):
        return ColumnKind.METADATA
    return _LIME_CODE.get(_key(header), ColumnKind.QUESTION)


def _limesurvey_full(index: int, header: str) -> ColumnKind:
    key = _key(header)
    if _LIME_FULL_TIMING.match(key):
        return ColumnKind.METADATA
    return _LIME_FULL.get(key, ColumnKind.QUESTION)


def _google_forms(index: int, header: str) -> ColumnKind:
    return ColumnKind.DATE if index == 0 else _generic(index, header, dates=False)


def _microsoft_forms(index: int, header: str) -> ColumnKind:
    by_position = {0: ColumnKind.METADATA, 1: ColumnKind.METADATA, 2: ColumnKind.DATE,
                   3: ColumnKind.PERSONAL, 4: ColumnKind.PERSONAL}
    if index in by_position:
        return by_position[index]
    key = _key(header)
    if (index == 5 and key in _MS_LAST_MODIFIED) or key in _MS_QUIZ or _MS_QUIZ_PREFIX.match(key):
        return ColumnKind.METADATA
    return ColumnKind.QUESTION


def _kobo(index: int, header: str) -> ColumnKind:
    key = _key(header)
    if key in _PERSONAL_EXACT:
        return ColumnKind.PERSONAL
    if header.startswith("_"):
        return ColumnKind.DATE if key == "submission time" else ColumnKind.METADATA
    return _KOBO_NAMED.get(key, ColumnKind.QUESTION)


def _pexdesk(index: int, header: str) -> ColumnKind:
    if _key(header) in _PEXDESK_BOOKKEEPING:
        return ColumnKind.METADATA
    return _generic(index, header)


def _generic(index: int, header: str, dates: bool = True) -> ColumnKind:
    if dates and _key(header) in _DATE_NAMES:
        return ColumnKind.DATE
    return ColumnKind.QUESTION


def _surveymonkey(first: list[str], second: list[str]) -> Layout:
    width = max(len(first), len(second))
    first = first + [""] * (width - len(first))
    second = second + [""] * (width - len(second))
    headers, kinds, splits = [], [], []
    question = ""
    in_metadata = True
    for index, (top, sub) in enumerate(zip(first, second)):
        key = _key(top)
        if in_metadata and (key in _MONKEY_META or _MONKEY_CUSTOM.match(key)):
            headers.append(top)
            kinds.append(_MONKEY_META.get(key, ColumnKind.METADATA))
            splits.append(("", ""))
            continue
        in_metadata = False
        question = top or question
        if sub and _key(sub) not in _MONKEY_PLAIN_SUB:
            headers.append(f"{question} [{sub}]")
            splits.append((question, sub))
        else:
            headers.append(question)
            splits.append(("", ""))
        kinds.append(ColumnKind.PERSONAL if is_personal_header(question) else ColumnKind.QUESTION)
    columns = [replace(column, question=q, sub=s)
               for column, (q, s) in zip(_name_columns(headers, kinds), splits)]
    return Layout(Tool.SURVEYMONKEY, 2, tuple(columns))


def _name_columns(headers: list[str], kinds: list[ColumnKind]) -> list[SourceColumn]:
    seen: dict[str, int] = {}
    columns = []
    for index, (header, kind) in enumerate(zip(headers, kinds)):
        name = header or f"Colonne {index + 1}"
        folded = name.casefold()
        seen[folded] = seen.get(folded, 0) + 1
        if seen[folded] > 1:
            name = f"{name} ({seen[folded]})"
        columns.append(SourceColumn(index, name, header, kind))
    return columns


# --- grouped questions ----------------------------------------------------------------------------

_BRACKETS = re.compile(r"^(.*\S)\s*\[([^\[\]]*\S[^\[\]]*)\]$", re.DOTALL)


def split_header(header: str) -> tuple[str, str]:
    """``Question [Sub-question]`` → (question, sub-question); ("", "") otherwise."""
    match = _BRACKETS.match(header)
    return (match.group(1).strip(), match.group(2).strip()) if match else ("", "")


def _dot_prefixes(header: str) -> list[str]:
    """Every ``Question`` such that ``header`` is ``Question.Statement`` with a statement
    starting right after the dot (« ?.Diagnostic », not « 3.1 » nor « M. Dupont »)."""
    return [header[:i] for i, ch in enumerate(header)
            if ch == "." and 0 < i < len(header) - 1
            and not header[i + 1].isspace() and not header[i + 1].isdigit()]


def _split_questions(columns: list[SourceColumn], tool: Tool) -> tuple[SourceColumn, ...]:
    result = list(columns)
    for position, column in enumerate(columns):
        if column.kind != ColumnKind.QUESTION or column.question:
            continue
        question, sub = split_header(column.header)
        if not question and tool == Tool.KOBOTOOLBOX and "/" in column.header:
            question, _, sub = column.header.rpartition("/")
        if question:
            result[position] = replace(column, question=question, sub=sub)
    # Question.Statement: a prefix shared with a neighbouring question column.
    prefixes = [set(_dot_prefixes(c.header)) if c.kind == ColumnKind.QUESTION and not c.sub
                else set() for c in result]
    for position, column in enumerate(result):
        if not prefixes[position]:
            continue
        shared = prefixes[position] & (
            (prefixes[position - 1] if position > 0 else set())
            | (prefixes[position + 1] if position + 1 < len(result) else set()))
        if shared:
            question = max(shared, key=len)
            result[position] = replace(column, question=question,
                                       sub=column.header[len(question) + 1:].strip())
    return tuple(result)
