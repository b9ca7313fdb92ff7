"""Rows shown as groups: the runs of rows sharing a value, while the list is sorted by it.

A group is no row of the model: it is drawn as a band above its first row
(:mod:`pexdesk.ui.group_bands`). The arrows, the selection, Suppr and the count of
rows never meet a row that is not a record, and sorting by another column simply
leaves the bands out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from itertools import groupby
from typing import Any, NamedTuple


class Group(NamedTuple):
    """What the band above a group's first row says."""

    title: str
    summary: str
    """How many rows it holds, and what stands out among them."""
    brief: str
    """The summary where the title leaves too little room for it: the count alone."""
    full: str
    """Title and summary whole, for the tooltip and screen readers: the band may be cut."""


class Grouping(NamedTuple):
    """How a list groups its rows while sorted by ``column``, the column showing the value
    they share."""

    column: int
    key: Callable[[Any], Hashable]
    describe: Callable[[list[Any], int], Group]
    """The group of the run of rows given, shown together, which holds that many rows in
    all (more when the search or filters hide some)."""

    def starts(self, shown: Sequence[Any], rows: Sequence[Any]) -> dict[int, Group]:
        """The group starting at each place in ``shown`` where the key changes; ``rows``
        are all the rows, counted for each group's total."""
        totals = Counter(map(self.key, rows))
        starts, place = {}, 0
        for key, run in groupby(map(self.key, shown)):
            size = sum(1 for _ in run)
            starts[place] = self.describe(list(shown[place:place + size]), totals[key])
            place += size
        return starts
