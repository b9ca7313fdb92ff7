"""Small numbers in the documents that leave the ADIL (domain reference §9).

In a territory below the département (a sous-CCAPEX, a commune) a handful of dossiers can
point to a household its neighbours know: the bilan d'activité and the point mensuel print
a count of 1 to 4 dossiers or avis of such a territory « < 5 ». 0 stays 0 (no household to
recognise), and the département's own figures (plénière, commission technique, the
département's totals and breakdowns) stay exact: they cover too many households to point
to one.

Masking a cell is not enough when the document prints a sum it is part of: the sum less
the other cells gives it back. :func:`protect` therefore hides other cells (« masqué »,
secondary suppression) until no cell printed « < 5 » can be worked out from the sums the
document prints by a reader who knows this rule: « < 5 » is 1 to 4, a territory's
« masqué » is at least 5 (it would read « < 5 » otherwise), another « masqué » at least 1.
Each cell's possible range is narrowed by every sum in turn, and by the combinations of
sums a row reduction yields (a month's total less a territory's line less another month's…),
until none narrows further; a cell is protected while its range holds two values or more.
(Solving all the sums at once as a linear programme can, in rare layouts, narrow a range
further; so can guessing which cell the rule hid first. Neither is attempted here.)

The cell hidden is the smallest that protects, to lose the least, a territory's before a
departmental one's: the département's own figures stay exact whenever a territory's can
protect the cell. When none can (a commission technique alone with one sous-CCAPEX in its
month, whose total the bilan prints), a departmental meeting's figure is hidden in the list
of meetings; the département's totals themselves always stay exact. Why hide another cell
rather than the total, as some tables do: the totals these documents print are the
département's (a month's dossiers, those of all the sous-CCAPEX) and stand exact elsewhere
in the same document; hiding them in one table would protect nothing.

Not masked, on purpose: the relevé de décisions (sent to the meeting's members, bound by
the secret professionnel of art. 7-2 loi 90-449), the exports and the screens (the
chargé(e)'s own data, under the ADIL's control).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from pexdesk.core.formatting import NBSP, format_number

SMALLEST_SHOWN = 5
"""A territory's count below this (and above 0) is printed « < 5 »."""
SMALL_TEXT = f"<{NBSP}{SMALLEST_SHOWN}"
HIDDEN_TEXT = "masqué"
MAX_PASSES = 100
"""Narrowing stops after this many passes over the sums (a layout of the bilans settles in
a few); the cells whose ranges were still narrowing then count as read, so that stopping
errs on the household's side."""
TRIED = 6
"""Candidates tried one by one to protect a cell; past them, the smallest is hidden and the
next round adds another (the cells hidden in vain shown again at the end)."""


class Shown(Enum):
    EXACT = "exact"
    SMALL = "small"
    """1 to 4, printed « < 5 »."""
    HIDDEN = "hidden"
    """Printed « masqué » so that a « < 5 » cannot be worked out from a sum."""


@dataclass(frozen=True)
class Count:
    value: int
    local: bool
    """A territory's figure below the département: printed « < 5 » from 1 to 4."""


@dataclass(frozen=True)
class Sum:
    """A sum the document prints: its ``parts`` (indices of counts) add up to the count
    at index ``total``, or, without one, to a departmental figure printed exact."""

    parts: tuple[int, ...]
    total: int | None = None

    @property
    def cells(self) -> tuple[int, ...]:
        return self.parts if self.total is None else (*self.parts, self.total)


def format_count(value: int, shown: Shown) -> str:
    """« 12 », « < 5 » or « masqué »."""
    if shown is Shown.SMALL:
        return SMALL_TEXT
    if shown is Shown.HIDDEN:
        return HIDDEN_TEXT
    return format_number(value)


def protect(counts: Sequence[Count], sums: Sequence[Sum] = ()) -> tuple[Shown, ...]:
    """How to print each of ``counts`` so that none of 1 to 4 of a territory can be read,
    nor worked out from ``sums``. A cell no hiding can protect (the département's month
    is that one territory's) is left « < 5 »: its figure is the département's."""
    shown = [Shown.SMALL if c.local and 0 < c.value < SMALLEST_SHOWN else Shown.EXACT
             for c in counts]
    reader = _Reader(counts, sums)
    given_up: set[int] = set()
    hidden: list[int] = []
    while (exposed := reader.exposed(shown, given_up)) is not None:
        cell = reader.protecting(shown, exposed)
        if cell is None:
            given_up.add(exposed)
        else:
            shown[cell] = Shown.HIDDEN
            hidden.append(cell)
    for cell in reversed(hidden):  # shown again when the later ones protect without it
        shown[cell] = Shown.EXACT
        if reader.exposed(shown, given_up) is not None:
            shown[cell] = Shown.HIDDEN
    return tuple(shown)


Equation = tuple[dict[int, int], int]
"""Whole coefficients by masked cell, and the constant they make: Σ a·x = c."""
Ranges = dict[int, tuple[float, float]]
"""By masked cell, its lowest and highest possible value."""


class _Reader:
    """A reader of the document who knows the rule: what the printed cells and sums let
    them work out."""

    def __init__(self, counts: Sequence[Count], sums: Sequence[Sum]):
        self.counts, self.sums = counts, sums
        self.sums_of: dict[int, list[int]] = defaultdict(list)
        for index, one in enumerate(sums):
            for cell in one.cells:
                self.sums_of[cell].append(index)

    def exposed(self, shown: list[Shown], given_up: set[int]) -> int | None:
        """The first « < 5 » whose value the sums give away; the sums alone are read first,
        their combinations only if those give none away (they can only give more)."""
        for combined in (False, True):
            ranges = self.ranges(shown, combined)
            found = next((i for i, (low, high) in sorted(ranges.items())
                          if shown[i] is Shown.SMALL and i not in given_up and low == high),
                         None)
            if found is not None:
                return found
        return None

    def protecting(self, shown: list[Shown], exposed: int) -> int | None:
        """The cell to hide for ``exposed``: among the shown non-zero cells of the sums it
        is part of, a territory's first, the smallest first, the first of the
        :data:`TRIED` first that protects it alone; else the first of them, or of any
        sum, the next round hiding more. None when hiding them all would not protect it."""
        near = {i for k in self.sums_of[exposed] for i in self.sums[k].cells}

        def candidates(cells) -> list[int]:
            return sorted((i for i in cells
                           if shown[i] is Shown.EXACT and self.counts[i].value),
                          key=lambda i: (not self.counts[i].local, self.counts[i].value, i))

        first = candidates(near)
        ordered = first + candidates(set(self.sums_of) - near)
        if not ordered or not self.protected_by(shown, exposed, ordered, thorough=False):
            return None
        return next((cell for cell in first[:TRIED]
                     if self.protected_by(shown, exposed, [cell])), ordered[0])

    def protected_by(self, shown: list[Shown], exposed: int, hidden: list[int],
                     thorough: bool = True) -> bool:
        """Whether hiding ``hidden`` too leaves ``exposed`` two values or more (the sums
        alone read first, as in :meth:`exposed`, then their combinations if ``thorough``:
        hiding every candidate at once makes a row reduction of hundreds of cells, and a
        cell it would still give away is given up later all the same, when no candidate
        is left)."""
        trial = list(shown)
        for cell in hidden:
            trial[cell] = Shown.HIDDEN
        for combined in (False, True)[:2 if thorough else 1]:
            low, high = self.ranges(trial, combined)[exposed]
            if low == high:
                return False
        return True

    def ranges(self, shown: list[Shown], combined: bool) -> Ranges:
        """Each masked cell's possible values: its own bounds (:func:`_bounds`), narrowed
        by each printed sum and, if ``combined``, each combination of them that the row
        reduction of their equations yields, in turn, until none narrows further."""
        masked = [i for i, how in enumerate(shown) if how is not Shown.EXACT]
        ranges = {i: _bounds(self.counts[i], shown[i]) for i in masked}
        involved = sorted({k for i in masked for k in self.sums_of[i]})
        equations = [_equation(self.counts, shown, self.sums[k]) for k in involved]
        if combined:
            equations += _reduced(equations)
        for _ in range(MAX_PASSES):
            narrowed = [_narrow(e, ranges) for e in equations]  # every equation, each pass
            if not any(narrowed):
                break
        else:
            for (coefficients, _), moved in zip(equations, narrowed):
                for cell in coefficients if moved else ():
                    ranges[cell] = ranges[cell][0], ranges[cell][0]
        return ranges


def _bounds(count: Count, how: Shown) -> tuple[float, float]:
    if how is Shown.SMALL:
        return 1, SMALLEST_SHOWN - 1
    return (SMALLEST_SHOWN if count.local else 1), math.inf


def _equation(counts, shown, one: Sum) -> Equation:
    """``one`` over its masked cells: the parts less the total make 0 (or the parts make
    the printed figure), the shown cells moved to the constant."""
    terms = [(i, 1) for i in one.parts] + ([(one.total, -1)] if one.total is not None else [])
    constant = 0 if one.total is not None else sum(counts[i].value for i in one.parts)
    coefficients: dict[int, int] = {}
    for cell, sign in terms:
        if shown[cell] is Shown.EXACT:
            constant -= sign * counts[cell].value
        else:
            coefficients[cell] = coefficients.get(cell, 0) + sign
    return coefficients, constant


def _reduced(equations: list[Equation]) -> list[Equation]:
    """The rows of the reduced echelon form of ``equations`` (in whole numbers): each
    combines them so that a cell they fix between them (1 + a = t, t + u = 4, …) is fixed
    by one row alone."""
    rows = list(equations)
    reduced: list[Equation] = []
    while rows:
        row = rows.pop()
        if not row[0]:
            continue
        pivot = min(row[0])
        rows = [_eliminate(other, row, pivot) for other in rows]
        reduced = [_eliminate(other, row, pivot) for other in reduced]
        reduced.append(row)
    return reduced


def _eliminate(equation: Equation, row: Equation, pivot: int) -> Equation:
    """``equation`` combined with ``row`` so as to clear its ``pivot``, in whole numbers
    divided by their greatest common divisor."""
    coefficients, constant = equation
    factor = coefficients.get(pivot)
    if not factor:
        return equation
    scale = row[0][pivot]
    result = {cell: a * scale for cell, a in coefficients.items()}
    for cell, a in row[0].items():
        value = result.get(cell, 0) - factor * a
        if value:
            result[cell] = value
        else:
            result.pop(cell, None)
    constant = constant * scale - factor * row[1]
    divisor = math.gcd(constant, *result.values())
    if divisor > 1:
        result = {cell: a // divisor for cell, a in result.items()}
        constant //= divisor
    return result, constant


def _narrow(equation: Equation, ranges: Ranges) -> bool:
    """Narrow the ranges of ``equation``'s cells (whole numbers) by what the others leave
    them; whether any range changed."""
    coefficients, constant = equation
    terms = list(coefficients.items())
    least = [a * ranges[i][0 if a > 0 else 1] for i, a in terms]
    most = [a * ranges[i][1 if a > 0 else 0] for i, a in terms]
    least_sum, most_sum = _sum_with_infinities(least), _sum_with_infinities(most)
    changed = False
    for (i, a), own_least, own_most in zip(terms, least, most):
        low, high = ranges[i]
        if low == high:
            continue
        # a·x = constant − the others' sum
        lowest = constant - _without(most_sum, own_most)
        highest = constant - _without(least_sum, own_least)
        if a < 0:
            lowest, highest = highest, lowest
        new_low, new_high = _divided(lowest, a, up=True), _divided(highest, a, up=False)
        if new_low > low or new_high < high:
            ranges[i] = max(low, new_low), min(high, new_high)
            changed = True
    return changed


def _divided(value: float, by: int, up: bool) -> float:
    """``value / by`` rounded up or down to a whole number, exactly; infinite stays so."""
    if math.isinf(value):
        return math.copysign(math.inf, value * by)
    return -(-value // by) if up else value // by


def _sum_with_infinities(values: list[float]) -> tuple[int, int]:
    """The sum of the finite values and how many are infinite (all of one sign), so that
    one term can be taken out again without « inf − inf »."""
    finite = [v for v in values if not math.isinf(v)]
    infinite = [v for v in values if math.isinf(v)]
    return sum(finite), len(infinite) * (1 if not infinite or infinite[0] > 0 else -1)


def _without(total: tuple[int, int], value: float) -> float:
    finite, infinities = total
    if math.isinf(value):
        infinities -= 1 if value > 0 else -1
    else:
        finite -= value
    return finite if infinities == 0 else math.copysign(math.inf, infinities)
