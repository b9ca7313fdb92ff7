"""The trêve hivernale where the bilans' monthly figures are read: the indicator trends
shade its days behind their series and their caption says what the grey band is, the
monthly table greys its months, and the point mensuel says when its month falls in it or
follows its end — each only when a charted month meets a trêve."""

from __future__ import annotations

from datetime import date

import pytest
from reporting_helpers import pdf_text
from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.platypus import Table

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import IndicatorValue
from pexdesk.core.reference.treve import month_in_treve
from pexdesk.core.repositories import indicators
from pexdesk.core.services.reporting import charts, styles
from pexdesk.core.services.reporting.activity import ACTIVITY, story
from pexdesk.core.services.reporting.blocks import Context
from pexdesk.core.services.reporting.build import build_report, gather_report
from tests.conftest import DEPARTMENT
from tests.core.exchange_helpers import DEMO_TODAY

CAPTION = ("Zone grisée : trêve hivernale (aucune expulsion avec le concours de la force "
           "publique du 1er novembre au 31 mars).")
COLUMNS = "Colonnes grisées : mois de trêve hivernale."


def months_of(year: int, first: int = 1, count: int = 12) -> list[date]:
    index = year * 12 + first - 1
    return [date((index + i) // 12, (index + i) % 12 + 1, 1) for i in range(count)]


# --- The trend chart ----------------------------------------------------------------------------

def shaded_spans(drawing: Drawing) -> list[tuple[float, float]]:
    """(left, right) of the grey bands a trend draws."""
    return [(r.x, r.x + r.width) for r in drawing.contents
            if isinstance(r, Rect) and r.fillColor == styles.SHADE]


def month_centres(drawing: Drawing, count: int) -> list[float]:
    """Where each of the ``count`` months stands: evenly along the value axis's zero line,
    which spans the plot."""
    zero = next(s for s in drawing.contents if isinstance(s, Line) and s.strokeColor == styles.RULE)
    step = (zero.x2 - zero.x1) / (count - 1)
    return [zero.x1 + step * i for i in range(count)]


def trend(months: list[date], shaded: bool = True) -> Drawing:
    return charts.trend_line(months, [float(i % 5) for i in range(len(months))], 240, 120,
                             "nb", "Nombre",
                             [month_in_treve(m) for m in months] if shaded else ())


def test_a_year_s_trend_shades_january_to_march_and_november_december():
    drawing = trend(months_of(2025))
    centre = month_centres(drawing, 12)
    step = centre[1] - centre[0]
    assert shaded_spans(drawing) == [
        pytest.approx((centre[0], centre[2] + step / 2)),
        pytest.approx((centre[10] - step / 2, centre[11]))], \
        "each band runs from its first month's slot to its last's, within the plot"


def test_the_bands_are_behind_the_series():
    contents = trend(months_of(2025)).contents
    band = next(i for i, s in enumerate(contents)
                if isinstance(s, Rect) and s.fillColor == styles.SHADE)
    first_marker = next(i for i, s in enumerate(contents)
                        if isinstance(s, Rect) and s.fillColor == styles.WHITE)
    assert band < first_marker
    assert all(s.strokeColor is None for s in contents
               if isinstance(s, Rect) and s.fillColor == styles.SHADE)


def test_an_extended_trêve_is_shaded_to_its_last_day():
    """2020: the trêve ran to 10 July; the next began on 1 November."""
    drawing = trend(months_of(2020))
    centre = month_centres(drawing, 12)
    step = centre[1] - centre[0]
    july = centre[6] - step / 2
    assert shaded_spans(drawing) == [pytest.approx((centre[0], july + step * 10 / 31)),
                                     pytest.approx((centre[10] - step / 2, centre[11]))]


def test_no_band_outside_the_trêve_nor_when_none_is_asked():
    assert shaded_spans(trend(months_of(2025, 4, 7))) == []
    assert shaded_spans(trend(months_of(2025), shaded=False)) == []


# --- The bilan d'activité -----------------------------------------------------------------------

def indicator_flowables(con, first: date, last: date) -> list:
    data = gather_report(con, first, last, today=DEMO_TODAY)
    return story(Context(data), ACTIVITY, ("indicateurs",))


def tables(flowables) -> list[Table]:
    return [f for f in flowables if isinstance(f, Table)]


def trends_of(flowables) -> list[Drawing]:
    return [cell for table in tables(flowables) for row in table._cellvalues for column in row
            for cell in (column if isinstance(column, list) else [column])
            if isinstance(cell, Drawing)]


def shaded_columns(table: Table) -> list[int]:
    return [start[0] for command, start, end, colour, *_ in table._bkgrndcmds
            if command == "BACKGROUND" and colour == styles.SHADE]


@pytest.fixture(scope="module")
def demo_base(demo):
    with Base.open(demo, read_only=True) as base:
        yield base


def test_a_period_across_a_trêve_shades_its_months_and_says_so(demo_base, tmp_path):
    """October 2024 to January 2025: November to January are in the trêve."""
    first, last = date(2024, 10, 1), date(2025, 1, 31)
    flowables = indicator_flowables(demo_base.con, first, last)
    values = tables(flowables)[0]
    assert shaded_columns(values) == [2, 3, 4], "the columns of November to January"
    charted = trends_of(flowables)
    assert charted
    for drawing in charted:
        centre = month_centres(drawing, 4)
        step = centre[1] - centre[0]
        assert shaded_spans(drawing) == [pytest.approx((centre[1] - step / 2, centre[3]))]
    out = build_report(demo_base.con, "activite", first, last, ("indicateurs",),
                       tmp_path / "bilan.pdf", today=DEMO_TODAY)
    text = pdf_text(out)
    assert text.count(CAPTION) == 1
    assert text.count(COLUMNS) == 1


def test_a_period_outside_the_trêve_has_no_grey_and_no_caption(demo_base, tmp_path):
    first, last = date(2024, 4, 1), date(2024, 10, 31)
    flowables = indicator_flowables(demo_base.con, first, last)
    assert shaded_columns(tables(flowables)[0]) == []
    assert trends_of(flowables) and not any(shaded_spans(d) for d in trends_of(flowables))
    out = build_report(demo_base.con, "activite", first, last, ("indicateurs",),
                       tmp_path / "bilan.pdf", today=DEMO_TODAY)
    text = pdf_text(out)
    assert "Zone grisée" not in text and "Colonnes grisées" not in text
    assert "trêve" not in text


def test_the_caption_names_the_covid_extension(base, tmp_path):
    """A bilan of 2021: the trêve then ran to 31 May, which the caption and the table's note
    say; the band covers January to May, then November and December."""
    cfp = next(i for i in indicators.catalogue(base.con) if i.code == "CFP_EXEC")
    indicators.set_values(base.con, [
        IndicatorValue(indicator_id=cfp.id, department_code=DEPARTMENT, month=month,
                       value=float(month.month)) for month in months_of(2021)])
    first, last = date(2021, 1, 1), date(2021, 12, 31)
    flowables = indicator_flowables(base.con, first, last)
    assert shaded_columns(tables(flowables)[0]) == [1, 2, 3, 4, 5, 11, 12]
    (drawing,) = trends_of(flowables)
    centre = month_centres(drawing, 12)
    step = centre[1] - centre[0]
    assert shaded_spans(drawing) == [pytest.approx((centre[0], centre[4] + step / 2)),
                                     pytest.approx((centre[10] - step / 2, centre[11]))]
    out = build_report(base.con, "activite", first, last, ("indicateurs",),
                       tmp_path / "bilan.pdf", today=date(2022, 2, 1))
    assert ("Zone grisée : trêve hivernale (aucune expulsion avec le concours de la force "
            "publique du 1er novembre au 31 mars ; prolongée jusqu'au 31 mai 2021 en raison "
            "de la crise sanitaire).") in pdf_text(out)


# --- The point mensuel --------------------------------------------------------------------------

IN_TREVE = ("aucune expulsion n'a lieu avec le concours de la force publique sauf relogement "
            "assuré ; un faible nombre d'interventions effectives de la force publique tient "
            "alors à la trêve, non à un résultat.")
RESUMED = ("la reprise des expulsions avec le concours de la force publique peut expliquer une "
           "hausse des interventions effectives de la force publique en")


def point(base_path, tmp_path, month: date) -> str:
    out = build_report(base_path, "mensuel", month, None, ("indicateurs",),
                       tmp_path / f"point-{month}.pdf", today=DEMO_TODAY)
    return pdf_text(out)


@pytest.mark.parametrize("month, sentence", [
    (date(2025, 1, 1), "Janvier 2025 tombe pendant la trêve hivernale du 1er novembre 2024 au "
                       f"31 mars 2025 : {IN_TREVE}"),
    (date(2024, 11, 1), "Novembre 2024 tombe pendant la trêve hivernale du 1er novembre 2024 "
                        f"au 31 mars 2025 : {IN_TREVE}"),
    (date(2025, 4, 1), f"La trêve hivernale a pris fin le 31 mars 2025 : {RESUMED} avril 2025."),
    (date(2021, 5, 1), "Mai 2021 tombe pendant la trêve hivernale du 1er novembre 2020 au 31 "
                       "mars 2021, prolongée jusqu'au 31 mai 2021 en raison de la crise "
                       f"sanitaire : {IN_TREVE}"),
    (date(2021, 6, 1), "La trêve hivernale, prolongée en raison de la crise sanitaire, a pris "
                       f"fin le 31 mai 2021 : {RESUMED} juin 2021."),
    (date(2020, 7, 1), "La trêve hivernale, prolongée en raison de la crise sanitaire, a pris "
                       f"fin le 10 juillet 2020 : {RESUMED} juillet 2020."),
])
def test_the_point_mensuel_says_when_its_month_meets_the_trêve(demo, tmp_path, month, sentence):
    text = point(demo, tmp_path, month)
    assert text.count(sentence) == 1
    assert text.count("trêve") == sentence.count("trêve")


@pytest.mark.parametrize("month", [date(2024, 10, 1), date(2025, 5, 1), date(2022, 5, 1)])
def test_the_point_mensuel_of_another_month_says_nothing_of_it(demo, tmp_path, month):
    assert "trêve" not in point(demo, tmp_path, month)
