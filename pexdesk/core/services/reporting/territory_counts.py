"""The dossiers and avis the bilan d'activité and the point mensuel print for a territory
below the département — a sous-CCAPEX's line, a meeting held for a territory —, as
:mod:`pexdesk.core.small_counts` prints them: 1 to 4 « < 5 », and « masqué » what would
give one back through the sums the same document prints.

What each document prints, and so what its reader can add up:

* the point mensuel lists the month's meetings over the month's total;
* the bilan lists the period's meetings in its annex, over the month totals of its table
  of meetings by month, the sous-CCAPEX's lines (each the sum of its meetings) over their
  ensemble, and that ensemble beside the département's total (the département's own
  meetings making the difference).

The counts are worked out for the whole bilan at once, so that its annex and its table of
sous-CCAPEX hide the same cells. Two documents on overlapping months (two bilans, a bilan
and a point mensuel) are protected each on its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.small_counts import Count, Shown, Sum, format_count, protect
from pexdesk.core.services.reporting.blocks import Context
from pexdesk.core.services.reporting.data import CcapexData

NOTE = ("Effectifs de 1 à 4 notés « < 5 » pour un territoire infra-départemental "
        "(sous-CCAPEX) : il ne doit pas permettre de reconnaître un ménage.")
HIDDEN_NOTE = ("« masqué » : effectif non publié pour qu'un « < 5 » ne puisse se déduire "
               "des totaux.")


def is_local(kind: str, territory: str) -> bool:
    """Whether a meeting's counts are a territory's below the département: a sous-CCAPEX's,
    or any meeting held for a territory (which its line names)."""
    return kind == MeetingKind.SOUS_CCAPEX or bool(territory.strip())


@dataclass(frozen=True)
class Printed:
    """One table's counts as printed: a column per measure (dossiers, then avis)."""

    texts: tuple[tuple[str, ...], ...]
    """By row, the dossiers' and the avis' text."""
    shown: tuple[tuple[Shown, ...], ...]
    """By measure, each row's way of printing."""

    @property
    def note(self) -> str:
        """The note under the table: the rule, and what « masqué » means when one is."""
        hidden = any(how is Shown.HIDDEN for column in self.shown for how in column)
        return f"{NOTE} {HIDDEN_NOTE}" if hidden else NOTE


def _printed(values: Sequence[tuple[int, int]], shown: Sequence[Sequence[Shown]]) -> Printed:
    return Printed(tuple(tuple(format_count(value, column[row])
                               for value, column in zip(pair, shown))
                         for row, pair in enumerate(values)),
                   tuple(tuple(column) for column in shown))


def month_meetings(meetings: Sequence) -> Printed:
    """The point mensuel's meetings of the month (repository rows), over the month's total
    the table ends with and the note's figures repeat."""
    values = [(m.dossiers_examined, m.opinions_issued) for m in meetings]
    local = [is_local(m.kind, m.territory) for m in meetings]
    everything = [Sum(tuple(range(len(meetings))))]
    return _printed(values, [protect([Count(v[k], l) for v, l in zip(values, local)],
                                     everything) for k in range(2)])


@dataclass(frozen=True)
class BilanCounts:
    meetings: Printed
    """The annex's meetings, in ``CcapexData.meetings``' order."""
    territories: Printed
    """The sous-CCAPEX table's lines, in ``CcapexData.local``'s order, then « Ensemble »."""


def bilan_counts(ctx: Context) -> BilanCounts:
    """The bilan's annex's and sous-CCAPEX table's counts, worked out together once for
    both (a bilan of three years of a busy département holds a thousand meetings)."""
    if "territory_counts" not in ctx.derived:
        ctx.derived["territory_counts"] = _worked_out(ctx.data.ccapex)
    return ctx.derived["territory_counts"]


def _worked_out(cc: CcapexData) -> BilanCounts:
    """The cells: the meetings, then the sous-CCAPEX's lines, then their « Ensemble ». The
    sums the bilan prints: each month's meetings (its table by month), each sous-CCAPEX's
    meetings (its line), the lines (« Ensemble »), and « Ensemble » with the other
    meetings (the département's total)."""
    meetings, lines = cc.meetings, cc.local
    first_line, ensemble = len(meetings), len(meetings) + len(lines)
    index = {m.id: i for i, m in enumerate(meetings)}
    by_month: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, m in enumerate(meetings):
        by_month[m.held_on.year, m.held_on.month].append(i)
    sums = [Sum(tuple(cells)) for cells in by_month.values()]
    sums += [Sum(tuple(sorted(index[i] for i in line.meeting_ids)), total=first_line + row)
             for row, line in enumerate(lines)]
    sums.append(Sum(tuple(range(first_line, ensemble)), total=ensemble))
    sums.append(Sum((ensemble, *(i for i, m in enumerate(meetings)
                                  if m.kind != MeetingKind.SOUS_CCAPEX))))
    local = ([is_local(m.kind, m.territory) for m in meetings] + [True] * len(lines)
             + [False])
    values = ([(m.dossiers, m.opinions) for m in meetings]
              + [(line.dossiers, line.opinions) for line in lines]
              + [(sum(line.dossiers for line in lines), sum(line.opinions for line in lines))])
    shown = [protect([Count(v[k], l) for v, l in zip(values, local)], sums) for k in range(2)]
    return BilanCounts(_printed(values[:first_line], [c[:first_line] for c in shown]),
                       _printed(values[first_line:], [c[first_line:] for c in shown]))
