"""An indicator's monthly values over some months, and the figures made of them: the
bilan's indicator section reads a period's series, a charte's evaluation a calendar year's.
Kept out of the reporting package, which the charte's screen does not load."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pexdesk.core.reference.indicators import YearFigure, year_figure


@dataclass(frozen=True)
class IndicatorSeries:
    code: str
    label: str
    unit: str
    source: str
    values: tuple[float | None, ...]
    """One per month of the period (None: not available or not entered)."""
    previous_mean: float | None

    @property
    def known(self) -> list[float]:
        return [v for v in self.values if v is not None]

    @property
    def mean(self) -> float | None:
        known = self.known
        return sum(known) / len(known) if known else None

    @property
    def total(self) -> float | None:
        known = self.known
        return sum(known) if known else None

    @property
    def last_known(self) -> float | None:
        known = self.known
        return known[-1] if known else None

    @property
    def figure_kind(self) -> YearFigure:
        return year_figure(self.label, self.unit)

    @property
    def figure(self) -> float | None:
        """The months as one figure, the way :attr:`figure_kind` says: a total, the last
        month known, or the mean."""
        return {YearFigure.SUM: self.total, YearFigure.LAST: self.last_known,
                YearFigure.MEAN: self.mean}[self.figure_kind]

    def last_known_month(self, months: tuple[date, ...]) -> date | None:
        """Of ``months`` (those of :attr:`values`), the last one with a value."""
        return next((month for month, value in zip(reversed(months), reversed(self.values))
                     if value is not None), None)
