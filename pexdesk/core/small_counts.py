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
sums a row reduction yields (a month's total less a territory's line less another
month's…), until none narrows further. Ranges miss what only whole numbers rule out: in
rare layouts (one the property tests came upon: three sous-CCAPEX over three months, Nord's
1, 0 and 4 dossiers among them) the sums leave a « < 5 » 3 or 4 by ranges, 4 alone in whole
numbers. So each « < 5 » whose range still holds two values is tried with every other value
of its range, the sums solved in whole numbers by a search that narrows the ranges after
each cell it fixes (:func:`_solvable`); it is protected as soon as one other value solves
them. The search stops after :data:`SEARCHED` steps, and a component of more than
:data:`WHOLE_NUMBERS_UP_TO` masked cells is not searched: the ranges' answer then stands.
(A reader guessing which cell the rule hid first could still learn more; that is not
attempted here.)

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
SEARCHED = 2000
"""Equations a component's reading in whole numbers narrows at most (:func:`_solvable`),
some 8 ms: in the property tests' layouts it takes 72 at the median, 350 at the 95th
centile."""
WHOLE_NUMBERS_UP_TO = 16
"""Masked cells of a component read in whole numbers at most (the property tests' layouts
have 15 at most). Up to ten sous-CCAPEX over twelve months make larger ones: searching
them spent its steps without an answer in two readings out of three, and took a table's
protection from 45 ms to 0.7 s at worst."""
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


@dataclass(frozen=True)
class _Component:
    """Masked cells the printed sums tie together, directly or through one another, and
    those sums. A sum's shown cells are constants of its equation, so no equation reaches
    past the masked cells it holds: what the reader works out of a cell depends on its
    component alone, and a hide or a trial elsewhere in the table leaves it as it was."""

    cells: tuple[int, ...]
    sums: dict[int, list[int]]
    """Each sum's masked cells, by sum in order."""


class _Reader:
    """A reader of the document who knows the rule: what the printed cells and sums let
    them work out."""

    def __init__(self, counts: Sequence[Count], sums: Sequence[Sum]):
        self.counts, self.sums = counts, sums
        self.sums_of: dict[int, list[int]] = defaultdict(list)
        for index, one in enumerate(sums):
            for cell in one.cells:
                self.sums_of[cell].append(index)
        self.signs = [_signs(one) for one in sums]
        self.gaps = [sum(a * counts[cell].value for cell, a in signs.items())
                     - (0 if one.total is not None else sum(counts[i].value for i in one.parts))
                     for one, signs in zip(sums, self.signs)]
        """How far each sum's printed figures are from adding up: nothing in a document,
        whose sums do."""
        self.adds_up = not any(self.gaps)
        self.read: dict[tuple, Ranges] = {}
        """Each component's ranges, by what decides them (:meth:`component_ranges`): the
        same components come back as other cells are hidden, tried and shown again."""
        self.searchable: dict[tuple, list[Equation]] = {}
        """The equations of the components read in whole numbers too (the sums adding up,
        :data:`WHOLE_NUMBERS_UP_TO` cells at most), by the key of their reading in ranges:
        built once for both readings."""
        self.protectable_once: dict[int, bool] = {}

    def exposed(self, shown: list[Shown], given_up: set[int]) -> int | None:
        """The first « < 5 » whose value the sums give away; the sums alone are read first,
        their combinations and whole numbers only if those give none away (they can only
        give more). Only the components holding a « < 5 » not given up are read."""
        small = Shown.SMALL
        read = [component for component in self.components(shown)
                if any(shown[i] is small and i not in given_up for i in component.cells)]
        for combined in (False, True):
            given_away = [i for component in read
                          for i, (low, high) in self.component_ranges(
                              shown, component, combined, whole=combined).items()
                          if low == high and shown[i] is small and i not in given_up]
            if given_away:
                return min(given_away)
        return None

    def protecting(self, shown: list[Shown], exposed: int) -> int | None:
        """The cell to hide for ``exposed``: among the shown non-zero cells of the sums it
        is part of, a territory's first, the smallest first, the first of the
        :data:`TRIED` first that protects it alone; else the first of them, or of any
        sum, the next round hiding more. None when hiding them all would not protect it."""
        near = {i for k in self.sums_of[exposed] for i in self.sums[k].cells}
        exact = Shown.EXACT  # looked up once: an enum member's lookup is slow, cells many

        def candidates(cells) -> list[int]:
            return sorted((i for i in cells if shown[i] is exact and self.counts[i].value),
                          key=lambda i: (not self.counts[i].local, self.counts[i].value, i))

        first = candidates(near)
        ordered = first + candidates(set(self.sums_of) - near)
        if not ordered or not self.protectable(shown, exposed, ordered):
            return None
        return next((cell for cell in first[:TRIED]
                     if self.protected_by(shown, exposed, [cell])), ordered[0])

    def protectable(self, shown: list[Shown], exposed: int, candidates: list[int]) -> bool:
        """Whether hiding every one of ``candidates`` (every shown non-zero cell of the
        sums) would protect ``exposed``. Once they are, every non-zero cell of the sums is
        masked whichever were hidden before: the answer, worked out once by cell, holds for
        the rest of :func:`protect`."""
        if exposed not in self.protectable_once:
            self.protectable_once[exposed] = self.protected_by(shown, exposed, candidates,
                                                               thorough=False)
        return self.protectable_once[exposed]

    def protected_by(self, shown: list[Shown], exposed: int, hidden: list[int],
                     thorough: bool = True) -> bool:
        """Whether hiding ``hidden`` too leaves ``exposed`` two values or more (the sums
        alone read first, as in :meth:`exposed`, then their combinations if ``thorough``,
        not whole numbers: a trial is read in ranges, :meth:`exposed` then reading the
        cells hidden in whole numbers, a hide too few showing there as the next exposed;
        hiding every candidate at once makes a row reduction of hundreds of cells, and a
        cell it would still give away is given up later all the same, when no candidate
        is left). Only ``exposed``'s component is read: the rest cannot change it.

        A sum left with ``exposed`` its only masked cell gives it back without reading
        further, when the sums add up: the narrowing then never loses a cell's real value,
        which that sum sets its range to (the trial most candidates fail, in a chain of
        hides)."""
        trial = list(shown)
        for cell in hidden:
            trial[cell] = Shown.HIDDEN
        masked_by_sum = self.masked_by_sum(_masked(trial))
        if self.adds_up and any(masked_by_sum[k] == [exposed] for k in self.sums_of[exposed]):
            return False
        component = self.component(masked_by_sum, exposed)
        for combined in (False, True)[:2 if thorough else 1]:
            low, high = self.component_ranges(trial, component, combined)[exposed]
            if low == high:
                return False
        return True

    def ranges(self, shown: list[Shown], combined: bool) -> Ranges:
        """Each masked cell's possible values: its own bounds (:func:`_bounds`), narrowed
        by each printed sum and, if ``combined``, each combination of them that the row
        reduction of their equations yields, in turn, until none narrows further, and in
        whole numbers (:meth:`_read_in_whole_numbers`); one component at a time
        (:class:`_Component`)."""
        ranges: Ranges = {}
        for component in self.components(shown):
            ranges.update(self.component_ranges(shown, component, combined, whole=combined))
        return ranges

    def components(self, shown: list[Shown]) -> list[_Component]:
        """The masked cells, component by component."""
        masked = _masked(shown)
        masked_by_sum = self.masked_by_sum(masked)
        found: list[_Component] = []
        seen: set[int] = set()
        for cell in masked:
            if cell not in seen:
                found.append(self.component(masked_by_sum, cell))
                seen.update(found[-1].cells)
        return found

    def masked_by_sum(self, masked: list[int]) -> dict[int, list[int]]:
        """Each sum's ``masked`` cells, found from the cells' sums: the département's
        total adds up hundreds of meetings, of which a handful are masked."""
        found: dict[int, list[int]] = defaultdict(list)
        for cell in masked:
            for k in self.sums_of.get(cell, ()):
                found[k].append(cell)
        return found

    def component(self, masked_by_sum: dict[int, list[int]], cell: int) -> _Component:
        """The masked cells the sums tie ``cell`` to, and their sums."""
        cells, sums, todo = {cell}, {}, [cell]
        while todo:
            for k in self.sums_of.get(todo.pop(), ()):
                if k not in sums:
                    sums[k] = masked_by_sum[k]
                    fresh = {i for i in sums[k] if i not in cells}
                    cells |= fresh
                    todo += fresh
        return _Component(tuple(sorted(cells)), {k: sums[k] for k in sorted(sums)})

    def component_ranges(self, shown: list[Shown], component: _Component,
                         combined: bool, whole: bool = False) -> Ranges:
        """``component``'s ranges as :meth:`ranges` works them out, once for each way of
        printing its cells: every other cell of its sums is shown exact (it would belong
        to it otherwise), so its cells' ways decide its equations. Read by itself, its
        equations keep their order (that of the sums, then of the reduction's rows) and
        meet no others' cells: its ranges are those a reading of the whole table gives.
        ``whole`` (with ``combined``) reads them in whole numbers too."""
        small = Shown.SMALL
        key = (combined, whole, component.cells,
               tuple([shown[i] is small for i in component.cells]))
        if key not in self.read:
            if whole:
                settled = self.component_ranges(shown, component, combined)
                equations = self.searchable.get((combined, False, *key[2:]))
                self.read[key] = (settled if equations is None
                                  else self._read_in_whole_numbers(shown, equations, settled))
            else:
                equations = [self.equation(k, cells) for k, cells in component.sums.items()]
                if combined:
                    equations += _reduced(equations)
                if self.adds_up and len(component.cells) <= WHOLE_NUMBERS_UP_TO:
                    self.searchable[key] = equations
                self.read[key] = _settled(equations, {i: _bounds(self.counts[i], shown[i])
                                                      for i in component.cells})
        return self.read[key]

    def _read_in_whole_numbers(self, shown: list[Shown], equations: list[Equation],
                               settled: Ranges) -> Ranges:
        """``settled`` with each « < 5 » whose range holds two values fixed to its own when
        no other value of its range solves the sums in whole numbers (the sums adding up,
        its own does). The component's cells share :data:`SEARCHED` steps; once spent,
        the cells left keep their ranges."""
        ranges = dict(settled)
        steps = _Steps(SEARCHED)
        try:
            for cell, (low, high) in settled.items():
                if shown[cell] is not Shown.SMALL or low == high:
                    continue
                own = self.counts[cell].value
                if not any(_solvable(equations, {**settled, cell: (value, value)}, steps)
                           for value in range(int(low), int(high) + 1) if value != own):
                    ranges[cell] = own, own
        except _OutOfSteps:
            pass
        return ranges

    def equation(self, k: int, masked: list[int]) -> Equation:
        """Sum ``k`` over its ``masked`` cells, the shown ones moved to the constant: the
        masked cells' terms make what their values make, less the sum's gap."""
        signs, counts = self.signs[k], self.counts
        coefficients = {cell: signs[cell] for cell in masked}
        return coefficients, sum([a * counts[cell].value
                                  for cell, a in coefficients.items()]) - self.gaps[k]


def _masked(shown: list[Shown]) -> list[int]:
    """The cells not shown exact, in order."""
    exact = Shown.EXACT  # looked up once: an enum member's lookup is slow, cells many
    return [cell for cell, how in enumerate(shown) if how is not exact]


def _bounds(count: Count, how: Shown) -> tuple[float, float]:
    if how is Shown.SMALL:
        return 1, SMALLEST_SHOWN - 1
    return (SMALLEST_SHOWN if count.local else 1), math.inf


def _settled(equations: list[Equation], ranges: Ranges) -> Ranges:
    """``ranges`` narrowed by each of ``equations`` in turn, pass after pass, until a pass
    narrows none; after :data:`MAX_PASSES`, the cells of the equations that still
    narrowed count as read. An equation none of whose cells moved since it last narrowed
    nothing would narrow nothing again: it is passed over, which changes no range and no
    pass's outcome, while most equations of a large table settle in the first passes."""
    of_cell: dict[int, list[int]] = defaultdict(list)
    for index, (coefficients, _) in enumerate(equations):
        for cell in coefficients:
            of_cell[cell].append(index)
    stale = [True] * len(equations)
    for _ in range(MAX_PASSES):
        moved = []
        for index, equation in enumerate(equations):
            if not stale[index]:
                continue
            stale[index] = False
            if changed := _narrow(equation, ranges):
                moved.append(index)
                for cell in changed:
                    for other in of_cell[cell]:
                        stale[other] = True
        if not moved:
            break
    else:
        for cell in (cell for index in moved for cell in equations[index][0]):
            ranges[cell] = ranges[cell][0], ranges[cell][0]
    return ranges


class _OutOfSteps(Exception):
    """A whole-number reading spent its :data:`SEARCHED` steps."""


class _Steps:
    """The equations a whole-number reading may still narrow (:data:`SEARCHED`)."""

    def __init__(self, left: int):
        self.left = left

    def take(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise _OutOfSteps


def _solvable(equations: list[Equation], ranges: Ranges, steps: _Steps) -> bool:
    """Whether whole numbers within ``ranges`` solve every one of ``equations``: the ranges
    narrowed, then the open cell of the fewest values fixed to each in turn. Cells left
    open without a ceiling are taken to solve them, as the ranges take them."""
    ranges = _propagated(equations, ranges, steps)
    if ranges is None:
        return False
    bounded = [cell for cell, (low, high) in ranges.items() if low < high != math.inf]
    if not bounded:
        return True
    cell = min(bounded, key=lambda c: ranges[c][1] - ranges[c][0])
    low, high = ranges[cell]
    return any(_solvable(equations, {**ranges, cell: (value, value)}, steps)
               for value in range(int(low), int(high) + 1))


def _propagated(equations: list[Equation], ranges: Ranges, steps: _Steps) -> Ranges | None:
    """A copy of ``ranges`` narrowed by ``equations`` until none narrows; None when they
    cannot all hold (a range emptied, or an equation of fixed cells that does not add up)."""
    ranges = dict(ranges)
    for _ in range(MAX_PASSES):
        steps.take(len(equations))
        if not any([_narrow(equation, ranges) for equation in equations]):
            break
    if any(low > high for low, high in ranges.values()):
        return None
    for coefficients, constant in equations:
        if all(ranges[cell][0] == ranges[cell][1] for cell in coefficients) and sum(
                a * ranges[cell][0] for cell, a in coefficients.items()) != constant:
            return None
    return ranges


def _signs(one: Sum) -> dict[int, int]:
    """Each cell's coefficient in ``one``: the parts less the total."""
    signs: dict[int, int] = defaultdict(int)
    for cell in one.parts:
        signs[cell] += 1
    if one.total is not None:
        signs[one.total] -= 1
    return dict(signs)


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


def _narrow(equation: Equation, ranges: Ranges) -> list[int]:
    """Narrow the ranges of ``equation``'s cells (whole numbers) by what the others leave
    them, as they were on entry; the cells whose range changed.

    Only a range's top can be infinite (a « masqué » has no ceiling; bottoms start finite
    and only rise), so the terms add up to −∞ at their least or +∞ at their most: each
    sum is kept as its finite terms' and a count of its infinite ones, so that a cell's
    own term can be taken out again without « inf − inf » (an unbounded cell's own term
    is one of the infinite ones)."""
    coefficients, constant = equation
    inf = math.inf  # looked up once: the reading narrows thousands of times
    least = most = least_infinite = most_infinite = 0
    for cell, a in coefficients.items():
        low, high = ranges[cell]
        if a > 0:
            least += a * low
            if high == inf:
                most_infinite += 1
            else:
                most += a * high
        else:
            most += a * low
            if high == inf:
                least_infinite += 1
            else:
                least += a * high
    changed = []
    for cell, a in coefficients.items():
        low, high = ranges[cell]
        if low == high:
            continue
        # a·x = constant − the others' terms: x's bottom is set by the others' most, its
        # top by their least (the other way round if a < 0); None where one is infinite
        unbounded = high == inf
        own = 0 if unbounded else a * high
        if a > 0:
            bottom_by = None if most_infinite > unbounded else most - own
            top_by = None if least_infinite else least - a * low
        else:
            bottom_by = None if least_infinite > unbounded else least - own
            top_by = None if most_infinite else most - a * low
        new_low = -inf if bottom_by is None else -((bottom_by - constant) // a)
        new_high = inf if top_by is None else (constant - top_by) // a
        if new_low > low or new_high < high:
            ranges[cell] = max(low, new_low), min(high, new_high)
            changed.append(cell)
    return changed
