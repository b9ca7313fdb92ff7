"""Reading one cell: scores, départements, partner categories, dates, months.

Every parser takes the cell's text (already stripped by the reader) and returns
the value, ``None`` when the cell says nothing, or an :class:`Invalid` carrying
the French reason — never raises, so a preview can list every bad cell. Parsers
are cached: a survey file repeats the same few labels thousands of times.

Labels are matched WHOLE after normalisation (case, accents, punctuation, spaces,
gender/number marks such as « (e) »): « CD » is the Conseil départemental, never a
piece of « CDAD » (shared/domain.md §6.1). :class:`Vocabulary` and
:func:`match_label` are the generic tool; the partner-directory importer uses them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import NamedTuple

from pexdesk.core.domain.kinds import NOT_CONCERNED
from pexdesk.core.reference.categories import CATEGORIES, CATEGORY_LABELS
from pexdesk.core.reference.departments import departments
from pexdesk.core.text import Invalid, fold_label, quote

_CACHE = 16_384


# --- label normalisation and matching ---------------------------------------------------------

_MARKS = re.compile(r"\((?:e|s|es|x|le|ne|ve|trice)\)|·(?:e|es|s)\b", re.IGNORECASE)


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


@lru_cache(maxsize=_CACHE)
def normalise_label(text: str) -> str:
    """The form two labels are compared in: ligatures spelt out (« œuvre » = « oeuvre »),
    gender/number marks dropped, then :func:`fold_label` (case, accents, apostrophes,
    hyphens, brackets, spaces)."""
    return fold_label(_MARKS.sub("", text.translate(_LIGATURES)))


class Vocabulary:
    """A closed list of codes, each known by several labels, matched on whole labels.

    A label is found under its normalised form, or under that form without spaces
    (« SA HLM » / « S.A. HLM », « DDETS-PP » / « DDETS PP »). Two codes sharing a
    label would make matching depend on order: refused when the vocabulary is built,
    or, with ``drop_shared`` (a list the user edits, such as the base's indicators), that
    label names neither."""

    def __init__(self, entries: Mapping[str, Iterable[str]], drop_shared: bool = False):
        self._index: dict[str, str] = {}
        shared: set[str] = set()
        for code, labels in entries.items():
            for label in (code, *labels):
                key = normalise_label(label)
                for variant in (key, key.replace(" ", "")):
                    if not variant:
                        continue
                    other = self._index.setdefault(variant, code)
                    if other != code and not drop_shared:
                        raise ValueError(f"label {label!r} names both {other} and {code}")
                    if other != code:
                        shared.add(variant)
        for variant in shared:
            del self._index[variant]
        self._shared = frozenset(shared)
        self.codes = tuple(entries)

    def is_shared(self, text: str) -> bool:
        """``text`` names two codes or more (only with ``drop_shared``)."""
        key = normalise_label(text)
        return bool(key) and (key in self._shared or key.replace(" ", "") in self._shared)

    def match(self, text: str) -> str | None:
        key = normalise_label(text)
        if not key:
            return None
        return self._index.get(key) or self._index.get(key.replace(" ", ""))


def match_label(text: str, vocabulary: Vocabulary) -> str | None:
    """The code whose label, normalised, equals the whole of ``text``; None otherwise."""
    return vocabulary.match(text)


_REMARK = re.compile(r"\s*\([^)]*\)\s*")


def match_heading(text: str, vocabulary: Vocabulary) -> str | None:
    """The code a column's heading names, on its whole label, then without a bracketed
    remark (« Téléphone (ligne directe) », « Valeur (nombre) »)."""
    code = match_label(text, vocabulary)
    if code is None:
        bare = _REMARK.sub(" ", text).strip()
        if bare and bare != text:
            code = match_label(bare, vocabulary)
    return code


# --- not-answered values (shared/survey.md §3) -------------------------------------------------

_NOT_CONCERNED_LABELS = (
    "Non concerné", "Pas concerné", "Je ne suis pas concerné", "Non applicable", "N/A",
    "Sans objet", "Sans avis", "Ne sait pas", "Ne sais pas", "Je ne sais pas", "NSP",
    "Ne se prononce pas",
    "NC", "Non concerné(e)")
_NO_ANSWER_LABELS = (
    "Sans réponse", "Pas de réponse", "Aucune réponse", "Non renseigné", "NA", "NaN",
    "#N/A", "None", "Null")

_NOT_CONCERNED_KEYS = frozenset(normalise_label(label) for label in _NOT_CONCERNED_LABELS)
_NO_ANSWER_KEYS = frozenset(normalise_label(label) for label in _NO_ANSWER_LABELS) | {""}


def is_blank(text: str) -> bool:
    """The cell says nothing: empty, a dash, or « Sans réponse », « NA »… (not « non concerné »)."""
    return not text or normalise_label(text) in _NO_ANSWER_KEYS


def is_not_concerned(text: str) -> bool:
    return normalise_label(text) in _NOT_CONCERNED_KEYS


# --- scores (shared/survey.md §3) ---------------------------------------------------------------

_SCORE_LABELS: dict[int, tuple[str, ...]] = {
    1: ("Très insatisfait", "Pas du tout satisfait", "Très mécontent", "Pas du tout d'accord",
        "Très mauvais"),
    2: ("Insatisfait", "Plutôt insatisfait", "Plutôt pas satisfait", "Peu satisfait",
        "Mécontent", "Pas d'accord", "Plutôt pas d'accord", "Mauvais", "Pas satisfait"),
    3: ("Ni satisfait ni insatisfait", "Moyennement satisfait", "Neutre",
        "Ni d'accord ni pas d'accord", "Moyen"),
    4: ("Satisfait", "Plutôt satisfait", "Assez satisfait", "D'accord", "Plutôt d'accord",
        "Bon"),
    5: ("Très satisfait", "Tout à fait satisfait", "Pleinement satisfait",
        "Tout à fait d'accord", "Très bon", "Excellent"),
}

# Feminine and plural forms of the words the labels use: « satisfaite », « bonne »…
_WORD_FORMS = (
    (re.compile(r"\b(satisfait|insatisfait|mecontent|content|excellent|concerne)(?:e|s|es)\b"),
     r"\1"),
    (re.compile(r"\b(?:bonne|bonnes|bons)\b"), "bon"),
    (re.compile(r"\b(?:mauvaise|mauvaises)\b"), "mauvais"),
    (re.compile(r"\b(?:moyenne|moyennes|moyens)\b"), "moyen"),
)


def _score_key(text: str) -> str:
    key = normalise_label(text)
    for pattern, replacement in _WORD_FORMS:
        key = pattern.sub(replacement, key)
    return key


_SCORE_BY_KEY = {_score_key(label): score
                 for score, labels in _SCORE_LABELS.items() for label in labels}
TOP_OF_ALTERNATE_SCALE = frozenset({_score_key("Très bon"), _score_key("Excellent")})
"""Both in one column: the column uses … / Bon / Très bon / Excellent, not the default scale."""

_LEADING_NUMBER = re.compile(r"^([0-9]+)(?:[.,]([0-9]+))?(.*)$", re.DOTALL)
_OUT_OF = re.compile(r"^(?:/|sur\b)\s*([0-9]+)", re.IGNORECASE)

Score = int | str  # 1..5 or NOT_CONCERNED


@lru_cache(maxsize=_CACHE)
def parse_score(text: str) -> Score | None | Invalid:
    """A 1–5 score, NOT_CONCERNED, None (no answer) or Invalid.

    A leading number wins (« 4 », « 4.0 », « 4 - Satisfait », « 4/5 »); otherwise the
    French label is looked up; « non concerné » and its variants give NOT_CONCERNED;
    a blank cell, « Sans réponse » or « NA » give None."""
    text = text.strip()
    if not text:
        return None
    number = _LEADING_NUMBER.match(text)
    if number:
        whole, decimals, rest = number.groups()
        if decimals and int(decimals) != 0:
            return Invalid(f"{quote(text)} n'est pas une note entière de 1 à 5.")
        if rest[:1].isalnum():  # « 4e », « 2A »: not a number followed by a label
            return Invalid(f"{quote(text)} n'est pas une note de 1 à 5 reconnue.")
        rest = rest.strip()
        out_of = _OUT_OF.match(rest)
        if out_of and int(out_of.group(1)) != 5:
            return Invalid(f"{quote(text)} n'est pas une note sur 5.")
        value = int(whole) if len(whole) < 6 else 0
        if not 1 <= value <= 5:
            return Invalid(f"{quote(text)} est hors de l'échelle de 1 à 5.")
        return value
    key = _score_key(text)
    if key in _NO_ANSWER_KEYS:
        return None
    if key in _NOT_CONCERNED_KEYS:
        return NOT_CONCERNED
    score = _SCORE_BY_KEY.get(key)
    if score is None:
        return Invalid(f"{quote(text)} n'est pas une note de 1 à 5 reconnue.")
    return score


@lru_cache(maxsize=_CACHE)
def score_label_key(text: str) -> str | None:
    """The normalised label of a score cell written in words (None for digits or blanks),
    to spot a column on another scale (:data:`TOP_OF_ALTERNATE_SCALE`)."""
    text = text.strip()
    if not text or _LEADING_NUMBER.match(text):
        return None
    return _score_key(text)


# --- the user's translation of score labels (shared/survey.md §3: « ask in the preview ») --------

NO_ANSWER = "SANS_REPONSE"
"""What the user may translate a label into besides 1–5 and NOT_CONCERNED: « sans réponse »
(the cell says nothing, as a blank one)."""
LabelScore = int | str  # 1..5, NOT_CONCERNED or NO_ANSWER
LABEL_SCORES: tuple[LabelScore, ...] = (1, 2, 3, 4, 5, NOT_CONCERNED, NO_ANSWER)

_SIGNED_NUMBER = re.compile(r"^[-+]?\s*[0-9]")


@lru_cache(maxsize=_CACHE)
def translatable_key(text: str) -> str | None:
    """The key under which a score cell written in words meets the user's translation:
    its normalised form, the same as for the known labels (case, accents, punctuation,
    « satisfaite » = « satisfait »…). None for a blank cell and for a number (« 4 »,
    « 4e », « -1 »): a leading digit is read as a score, never translated."""
    text = text.strip()
    if not text or _SIGNED_NUMBER.match(text):
        return None
    return _score_key(text) or None


def usual_score(text: str) -> int | None:
    """The 1–5 score a label written in words has on the default scale (§3), or None."""
    key = translatable_key(text)
    return _SCORE_BY_KEY.get(key) if key is not None else None


def label_score_text(score: LabelScore | None) -> str:
    """A translation as the preview says it: « 4 », « non concerné », « sans réponse »,
    « à choisir » (none yet)."""
    if score is None:
        return "à choisir"
    if score == NOT_CONCERNED:
        return "non concerné"
    if score == NO_ANSWER:
        return "sans réponse"
    return str(score)


def parse_label_score(text: str) -> LabelScore | Invalid:
    """What a translation typed as text means (the command line's « Très bien=5 »): « 1 » to
    « 5 », « NC » or another « non concerné » label, « vide », nothing or another « sans
    réponse » label."""
    text = text.strip()
    if text in ("1", "2", "3", "4", "5"):
        return int(text)
    if is_not_concerned(text):
        return NOT_CONCERNED
    if is_blank(text) or normalise_label(text) == "vide":
        return NO_ANSWER
    return Invalid(f"{quote(text)} n'est ni une note de 1 à 5, ni NC (non concerné), "
                   "ni vide (sans réponse).")


# --- départements --------------------------------------------------------------------------------

_CODE = re.compile(r"^(?:[0-9]{1,3}|2[AaBb])$")
_NAME_AND_CODE = re.compile(r"^(.*?)\s*\(\s*([0-9]{1,3}|2[AaBb])\s*\)$")
_CODE_AND_NAME = re.compile(r"^([0-9]{1,3}|2[AaBb])\s*[-–—:]\s*(.+)$")


@cache
def _department_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for code, name in departments().items():
        key = normalise_label(name)
        names[key] = code
        names[key.replace(" ", "")] = code
        for article in ("la ", "le ", "les "):
            if key.startswith(article):
                names[key.removeprefix(article)] = code
    return names


def _department_code(text: str) -> str | None:
    code = text.strip().upper()
    if not _CODE.match(code):
        return None
    if len(code) == 1:
        code = "0" + code
    return code if code in departments() else None


def _department_by_name(text: str) -> str | None:
    key = normalise_label(text)
    names = _department_names()
    return names.get(key) or names.get(key.replace(" ", ""))


def _not_a_department(text: str) -> Invalid:
    return Invalid(f"{quote(text)} n'est pas un département français "
                   "(code INSEE, nom, ou « Nom (code) » attendu).")


@lru_cache(maxsize=_CACHE)
def parse_department(text: str) -> str | None | Invalid:
    """An INSEE code (« 35 », « 2A », « 974 », « 1 » for « 01 »), a name with or without
    accents, « Nom (code) » or « code - Nom »; None for a blank cell."""
    text = text.strip()
    if is_blank(text) or is_not_concerned(text):
        return None
    if _CODE.match(text):
        code = _department_code(text)
        if code:
            return code
        if text == "20":
            return Invalid("« 20 » : la Corse compte deux départements, 2A et 2B.")
        return _not_a_department(text)
    by_name = _department_by_name(text)
    if by_name:
        return by_name
    both = _NAME_AND_CODE.match(text)
    name, code_text = (both.group(1), both.group(2)) if both else (None, None)
    if not both:
        both = _CODE_AND_NAME.match(text)
        if both:
            code_text, name = both.group(1), both.group(2)
    if both:
        code = _department_code(code_text)
        if code is None:
            return _not_a_department(text)
        if not name.strip() or _department_by_name(name) == code:
            return code
        return Invalid(f"{quote(text)} : le nom et le code ne désignent pas le même "
                       f"département ({code} est {departments()[code]}).")
    return _not_a_department(text)


# --- partner categories ----------------------------------------------------------------------------

CATEGORY_VOCABULARY = Vocabulary({c.code: (c.label, *c.synonyms) for c in CATEGORIES})

GENERIC_CATEGORY_LABELS = frozenset(normalise_label(label) for label in (
    "Association", "Collectivité", "Travailleur social", "État", "Services de l'État"))
"""Labels that get a default category and a warning in the preview (shared/domain.md §6.1)."""


class CategoryValue(NamedTuple):
    code: str
    warning: str | None = None


@lru_cache(maxsize=_CACHE)
def parse_category(text: str) -> CategoryValue | None | Invalid:
    """The partner category of a whole label (code, French label or synonym); None for
    a blank cell; a generic label (« Association ») is classed with a warning."""
    text = text.strip()
    if is_blank(text) or is_not_concerned(text):
        return None
    code = match_label(text, CATEGORY_VOCABULARY)
    if code is None:
        return Invalid(f"{quote(text)} n'est pas une catégorie de partenaire connue.")
    if normalise_label(text) in GENERIC_CATEGORY_LABELS:
        return CategoryValue(code, f"libellé générique {quote(text)} classé en "
                                   f"« {CATEGORY_LABELS[code]} » : à vérifier.")
    return CategoryValue(code)


# --- dates ------------------------------------------------------------------------------------------

_YEAR_FIRST = re.compile(r"^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:$|[ T])")
_DAY_FIRST = re.compile(r"^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})(?:$|[ T,])")
_TWO_DIGIT_YEAR = re.compile(r"^[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?:$|[ T,])")
"""« 23-01-01 »: 23 January 2001, 1 January 2023 or 2001-01-23? No survey tool writes it."""
_SERIAL = re.compile(r"^[0-9]{5}(?:[.,][0-9]+)?$")
_EXCEL_EPOCH = datetime(1899, 12, 30)
_SERIAL_RANGE = (36_526, 73_051)  # 1 January 2000 … 1 January 2100


@lru_cache(maxsize=_CACHE)
def parse_date(text: str) -> date | None | Invalid:
    """The day of a timestamp: ISO (« 2024-03-14 10:22:33 », what the XLSX reader gives
    for a date cell), « 2024/03/14 … » (Google Forms), French « 14/03/2024 10:22 »,
    or an Excel serial number (« 46241.5 », Microsoft Forms). A two-digit year is refused:
    the survey tools write four, and « 23-01-01 » could be read three ways."""
    text = text.strip()
    if not text:
        return None
    try:
        year_first = _YEAR_FIRST.match(text)
        if year_first:
            year, month, day = map(int, year_first.groups())
            return date(year, month, day)
        day_first = _DAY_FIRST.match(text)
        if day_first:
            day, month, year = map(int, day_first.groups())
            return date(year, month, day)
        if _TWO_DIGIT_YEAR.match(text):
            return Invalid(f"{quote(text)} : date ambiguë (année sur deux chiffres) ; écrivez "
                           "l'année en entier, par exemple 14/03/2024 ou 2024-03-14.")
        if _SERIAL.match(text):
            serial = float(text.replace(",", "."))
            if _SERIAL_RANGE[0] <= serial < _SERIAL_RANGE[1]:
                return (_EXCEL_EPOCH + timedelta(days=serial)).date()
    except ValueError:  # 31/02/2024
        pass
    if is_blank(text):
        return None
    return Invalid(f"{quote(text)} n'est pas une date reconnue.")


# --- months ---------------------------------------------------------------------------------------

class MonthName(NamedTuple):
    """A month written without its year (« janvier », « févr. »): the year is given
    elsewhere (a row of years above a table's header, its title)."""

    month: int


_MONTH_WORDS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12}
_NUMBER_TOKEN = re.compile(r"^[0-9]{1,4}$")
_MIDNIGHT = ("00", "00", "00")


def _first_day(text: str, year: str, month: str, day: str = "1") -> date | Invalid:
    try:
        found = date(int(year), int(month), int(day))
    except ValueError:
        return Invalid(f"{quote(text)} n'est pas une date qui existe.")
    if found.day != 1:
        return Invalid(f"{quote(text)} n'est pas un mois : écrivez le mois (« janv. "
                       f"{found.year} », « {found.year}-{found.month:02d} ») ou son premier "
                       "jour.")
    return found


@lru_cache(maxsize=_CACHE)
def parse_month(text: str) -> date | MonthName | None | Invalid:
    """The month a cell names, as its first day: « janv. 2026 », « janvier 2026 »,
    « janv.-26 », « 2026-01 », « 01/2026 », « 01/01/2026 », or a date cell of a workbook
    (« 2026-01-01 00:00:00 », as the reader gives it); a :class:`MonthName` for a month
    without its year (« janvier »); None for a cell that names no month (« Total »,
    « Unité »); Invalid for a date that is no month (« 15/01/2026 », « 2026-13 »)."""
    tokens = normalise_label(text).split()
    if not tokens or len(tokens) > 6:
        return None
    name = _MONTH_WORDS.get(tokens[0])
    if name is not None:
        if len(tokens) == 1:
            return MonthName(name)
        if len(tokens) == 2 and _NUMBER_TOKEN.match(tokens[1]) and len(tokens[1]) in (2, 4):
            year = tokens[1] if len(tokens[1]) == 4 else f"20{tokens[1]}"
            return _first_day(text, year, str(name))
        return None
    if not all(_NUMBER_TOKEN.match(token) for token in tokens):
        return None
    if len(tokens) == 6 and tuple(tokens[3:]) == _MIDNIGHT:
        tokens = tokens[:3]
    if len(tokens) == 2:
        if len(tokens[0]) == 4 and len(tokens[1]) <= 2:
            return _first_day(text, tokens[0], tokens[1])
        if len(tokens[1]) == 4 and len(tokens[0]) <= 2:
            return _first_day(text, tokens[1], tokens[0])
    if len(tokens) == 3:
        if len(tokens[0]) == 4 and max(len(tokens[1]), len(tokens[2])) <= 2:
            return _first_day(text, *tokens)
        if len(tokens[2]) == 4 and max(len(tokens[0]), len(tokens[1])) <= 2:
            return _first_day(text, tokens[2], tokens[1], tokens[0])
    return None
