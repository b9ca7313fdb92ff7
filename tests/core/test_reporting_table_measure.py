"""A bilan's table measures its rows once per width: whatever it is asked, in whatever
order, it answers as reportlab's own table measuring again each time."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Table

from pexdesk.core.services.reporting.blocks import CarryingTable, Markup, TableLayout
from pexdesk.core.services.reporting.fonts import register_fonts

_cells = st.sampled_from(["", "12", "Bailleur social", "Association d'insertion / logement",
                          Markup("<b>Sous-CCAPEX</b> de la commission de coordination des "
                                 "actions de prévention des expulsions locatives"),
                          "ligne\nsur deux"])
_requests = st.lists(st.tuples(st.sampled_from(["wrap", "split"]),
                               st.sampled_from([300.0, 470.0]),
                               st.sampled_from([15.0, 60.0, 700.0, 0xfffffff])),
                     min_size=1, max_size=5)


def _measure(table, requests) -> list:
    answers = []
    for kind, width, height in requests:
        if kind == "wrap":
            answers.append((table.wrap(width, height), list(table._rowHeights),
                            list(table._rowpositions), list(table._colpositions)))
        else:
            table.wrap(width, height)
            answers.append([part.wrap(width, 0xfffffff) for part in table.split(width, height)
                            if isinstance(part, Table)])
    return answers


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(_cells, min_size=3, max_size=3), min_size=1, max_size=12),
       requests=_requests)
def test_a_table_answers_as_reportlab_measuring_it_again(rows, requests):
    register_fonts()
    layout = TableLayout.of([90, 40, 120], "LRL", 8)
    ours = layout.table([layout.row(["Catégorie", "n", "Remarque"], header=True)]
                        + [layout.row(row) for row in rows], 1)
    assert type(ours) is CarryingTable
    theirs = copy.deepcopy(ours)
    theirs.__class__ = type("Remeasured", (CarryingTable,),
                            {"_calc": Table._calc})  # reportlab's measure, each time
    assert _measure(ours, requests) == _measure(theirs, requests)


def test_a_table_with_spanning_cells_is_measured_each_time(monkeypatch):
    register_fonts()
    layout = TableLayout.of([90, 40, 120], "LRL", 8)
    table = layout.table([layout.row(["Catégorie", "n", "Remarque"], header=True),
                          layout.row(["a", "1", "b"])], 1)
    table.setStyle([("SPAN", (0, 1), (1, 1))])
    measured = []
    original = Table._calc
    monkeypatch.setattr(Table, "_calc", lambda self, *a: measured.append(a) or original(self, *a))
    table.wrap(470, 700)
    table.wrap(470, 700)
    assert len(measured) == 2
