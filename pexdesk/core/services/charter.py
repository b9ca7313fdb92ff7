"""The yearly evaluation of a charte's objectives (décret n° 2016-393: before the comité
responsable du PDALHPD and the CCAPEX, every year).

An objective tied to an indicator is measured on that indicator's monthly values of its
calendar year, in the base's département, made into one figure as the indicator calls for
(:class:`~pexdesk.core.reference.indicators.YearFigure`: a count summed, a stock at its
last month known, a rate or a delay averaged). A year not wholly entered is said so
(« 9 mois sur 12 saisis »), and its verdict is « à ce jour » unless the months to come
cannot change it (a sum already past a ceiling, or already at a floor); once the year is
over, a verdict its missing months could change says on how many months it stands.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pexdesk.core.domain.models import CharterObjective, Direction
from pexdesk.core.formatting import (NARROW_NBSP, NBSP, agree, format_month, format_number,
                                     format_points, format_signed, plural)
from pexdesk.core.reference.indicators import YearFigure
from pexdesk.core.services.indicator_series import IndicatorSeries

MONTHS = 12


class Verdict(StrEnum):
    ATTEINT = "ATTEINT"
    NON_ATTEINT = "NON_ATTEINT"
    NON_EVALUABLE = "NON_EVALUABLE"


FIGURE_WORDS = {YearFigure.SUM: "cumul de l'année", YearFigure.LAST: "dernier mois connu",
                YearFigure.MEAN: "moyenne des mois saisis"}
"""How the achieved value is made, said beside it."""


@dataclass(frozen=True)
class Evaluation:
    objective: CharterObjective
    series: IndicatorSeries | None
    """The indicator's twelve months of the objective's year; None for a qualitative
    objective."""
    months: tuple[date, ...]
    today: date
    """The day of the evaluation: « à ce jour » is for a year still running."""

    @property
    def qualitative(self) -> bool:
        return self.series is None

    @property
    def months_entered(self) -> int:
        return len(self.series.known) if self.series is not None else 0

    @property
    def whole_year(self) -> bool:
        return self.months_entered == MONTHS

    @property
    def achieved(self) -> float | None:
        return self.series.figure if self.series is not None else None

    @property
    def gap(self) -> float | None:
        """Achieved less target: negative below it."""
        if self.achieved is None or self.objective.target is None:
            return None
        return self.achieved - self.objective.target

    @property
    def last_month(self) -> date | None:
        return self.series.last_known_month(self.months) if self.series is not None else None

    @property
    def met_below(self) -> bool:
        """Whether the objective is met at or below its target (a baisse), rather than at or
        above it (a hausse, or a maintien: « au moins… »)."""
        return self.objective.direction == Direction.BAISSE

    @property
    def verdict(self) -> Verdict:
        gap = self.gap
        if gap is None:
            return Verdict.NON_EVALUABLE
        met = gap <= 0 if self.met_below else gap >= 0
        return Verdict.ATTEINT if met else Verdict.NON_ATTEINT

    @property
    def settled(self) -> bool:
        """Whether the months not entered yet cannot change the verdict: a whole year, or
        a sum (values are never negative) already above a baisse's target or already at a
        hausse's."""
        if self.whole_year or self.verdict == Verdict.NON_EVALUABLE:
            return True
        if self.series.figure_kind != YearFigure.SUM:
            return False
        return self.verdict == (Verdict.NON_ATTEINT if self.met_below else Verdict.ATTEINT)

    @property
    def verdict_text(self) -> str:
        """« atteint », « non atteint à ce jour » (the year running), « atteint sur les 11
        mois saisis » (a year over, not wholly entered), « non évaluable (objectif
        qualitatif) »."""
        verdict = self.verdict
        if verdict == Verdict.NON_EVALUABLE:
            return f"non évaluable ({self.why_not_evaluable})"
        text = "atteint" if verdict == Verdict.ATTEINT else "non atteint"
        if self.settled:
            return text
        if self.objective.year < self.today.year:
            return f"{text} sur les {plural(self.months_entered, 'mois', 'mois')} saisis"
        return f"{text} à ce jour"

    @property
    def why_not_evaluable(self) -> str:
        if self.qualitative:
            return "objectif qualitatif"
        if self.objective.target is None:
            return "pas de cible"
        return f"aucune valeur saisie pour {self.objective.year}"

    @property
    def months_text(self) -> str:
        """« 9 mois sur 12 saisis », « 12 mois sur 12 saisis », « aucun mois saisi »; "" for a
        qualitative objective."""
        if self.qualitative:
            return ""
        if not self.months_entered:
            return "aucun mois saisi"
        entered = self.months_entered
        return f"{plural(entered, 'mois', 'mois')} sur {MONTHS} {agree(entered, 'saisi', 'saisis')}"

    @property
    def unit(self) -> str:
        return self.series.unit if self.series is not None else ""

    @property
    def decimals(self) -> int:
        """One decimal for a rate, or when a figure of the row has one; none for a count,
        so that a row never mixes « 12 » and « 12,5 »."""
        figures = (self.achieved, self.objective.baseline, self.objective.target)
        fractional = any(f is not None and not float(f).is_integer() for f in figures)
        return 1 if self.unit == "%" or fractional else 0

    def text_of(self, value: float | None) -> str:
        """A figure of the row (its reference, target or achieved value) with its unit:
        « 45,0 % », « 1 200 € », « 118 »; « – » for none."""
        if value is None:
            return "–"
        suffix = {"%": f"{NARROW_NBSP}%", "€": f"{NARROW_NBSP}€"}.get(self.unit, "")
        return format_number(value, self.decimals) + suffix

    @property
    def target_text(self) -> str:
        """The target with the side of it that meets the objective, which says what
        « atteint » means: « ≤ 48 » for a baisse, « ≥ 45,0 % » for a hausse or a maintien;
        « – » for none, and for a qualitative objective, which no figure meets."""
        if self.qualitative or self.objective.target is None:
            return "–"
        return f"{'≤' if self.met_below else '≥'}{NBSP}{self.text_of(self.objective.target)}"

    @property
    def gap_text(self) -> str:
        """« −3 », « +2,2 pts » for a rate; « – » when it cannot be measured."""
        if self.gap is None:
            return "–"
        if self.unit == "%":
            return format_points(self.achieved, self.objective.target)
        return format_signed(self.gap, self.decimals)

    @property
    def months_detail(self) -> str:
        """:attr:`months_text`, and for a stock known up to a month before December, the
        month its value is of."""
        last = self.last_month
        if self.series is not None and self.series.figure_kind == YearFigure.LAST \
                and last is not None and last.month != MONTHS:
            return f"{self.months_text} ; valeur de {format_month(last)}"
        return self.months_text

    @property
    def figure_text(self) -> str:
        """How the achieved value was made: « cumul de l'année », « dernier mois connu »…"""
        return FIGURE_WORDS[self.series.figure_kind] if self.series is not None else ""


def year_months(year: int) -> tuple[date, ...]:
    return tuple(date(year, month, 1) for month in range(1, MONTHS + 1))


class YearSeries:
    """The indicators' twelve months of a year in the base's département, read when first
    asked for and kept: the charte's screen evaluates each row as it is typed."""

    def __init__(self, con: sqlite3.Connection, today: date | None = None):
        self.con = con
        self.today = today or date.today()
        row = con.execute("SELECT department_code FROM profile").fetchone()
        self.department = row[0] if row else ""
        self._indicators = {r[0]: r[1:] for r in con.execute(
            "SELECT id, code, label, unit, source FROM indicator")}
        self._read: dict[tuple[int, int], IndicatorSeries | None] = {}

    def read(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Read the (indicator id, year) pairs not read yet, in one query."""
        wanted = {pair for pair in pairs if pair not in self._read}
        if not wanted:
            return
        indicator_ids = sorted({indicator for indicator, _ in wanted})
        years = sorted({year for _, year in wanted})
        values: dict[tuple[int, int], list[float | None]] = defaultdict(lambda: [None] * MONTHS)
        marks = ", ".join("?" for _ in indicator_ids)
        for indicator_id, month, value in self.con.execute(
                f"SELECT indicator_id, month, value FROM indicator_value WHERE department_code = ? "
                f"AND month BETWEEN ? AND ? AND indicator_id IN ({marks})",
                (self.department, f"{years[0]:04d}-01-01", f"{years[-1]:04d}-12-01",
                 *indicator_ids)):
            day = date.fromisoformat(month)
            values[(indicator_id, day.year)][day.month - 1] = value
        for indicator_id, year in wanted:
            spec = self._indicators.get(indicator_id)
            self._read[(indicator_id, year)] = None if spec is None else IndicatorSeries(
                *spec, values=tuple(values[(indicator_id, year)]), previous_mean=None)

    def evaluate(self, objective: CharterObjective) -> Evaluation:
        series = None
        if objective.indicator_id is not None and objective.year is not None:
            pair = (objective.indicator_id, objective.year)
            self.read([pair])
            series = self._read[pair]
        return Evaluation(objective, series, year_months(objective.year or 0)
                          if objective.year else (), self.today)


def evaluate_all(con: sqlite3.Connection, objectives: list[CharterObjective],
                 today: date | None = None) -> list[Evaluation]:
    """Each objective's evaluation, the values read in one query."""
    reader = YearSeries(con, today)
    reader.read((o.indicator_id, o.year) for o in objectives
                if o.indicator_id is not None and o.year is not None)
    return [reader.evaluate(objective) for objective in objectives]
