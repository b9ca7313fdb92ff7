"""The « Bilan d'activité » of any period, not only one ending today: what the base dates
is read at the period's end, what it does not (roadmap statuses) is said to be today's,
one rule for charte signatories, warnings before the mission's start, honest « Aucun… »
messages, changes of percentages in points, a table that splits under its chart rather
than leave a blank half page, and a glossary holding every acronym used."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Group, String
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table
from reporting_helpers import normalise, page_texts, pdf_text

from pexdesk.core.db.base import Base
from pexdesk.core.formatting import (MONTHS_SHORT, format_date, format_date_unbroken,
                                     format_month, format_points)
from pexdesk.core.services.reporting import charts
from pexdesk.core.services.reporting.activity import ACTIVITY, GLOSSARY
from pexdesk.core.services.reporting.blocks import Context, TableWithTail, data_table, note
from pexdesk.core.services.reporting.build import build_report, gather_report
from pexdesk.core.services.reporting.document import Heading
from pexdesk.core.services.reporting.fonts import register_fonts
from pexdesk.core.services.reporting.periods import Period
from pexdesk.core.services.reporting.text import escape
from tests.core.exchange_helpers import DEMO_TODAY

YEAR = (date(2024, 1, 1), date(2024, 12, 31))
"""A past year, wholly within the demo's mission (begun 1 July 2023), whose previous
year is not."""
HALF = (date(2024, 1, 1), date(2024, 6, 30))
"""Half a year ending after the demo's charte was signed by most, before the others."""
BEFORE = (date(2001, 1, 1), date(2001, 12, 31))
"""A year long before the mission."""


def _bilan(demo: Path, tmp_path_factory, first: date | None, last: date | None) -> str:
    out = tmp_path_factory.mktemp("bilan") / "bilan.pdf"
    build_report(demo, "activite", first, last, None, out, today=DEMO_TODAY)
    return pdf_text(out)


def _data(demo: Path, first: date | None = None, last: date | None = None):
    with Base.open(demo, read_only=True) as base:
        return gather_report(base.con, first, last, today=DEMO_TODAY)


@pytest.fixture(scope="module")
def year_text(demo, tmp_path_factory) -> str:
    return _bilan(demo, tmp_path_factory, *YEAR)


@pytest.fixture(scope="module")
def before_text(demo, tmp_path_factory) -> str:
    return _bilan(demo, tmp_path_factory, *BEFORE)


@pytest.fixture(scope="module")
def default_text(demo, tmp_path_factory) -> str:
    return _bilan(demo, tmp_path_factory, None, None)


# --- Roadmap ---------------------------------------------------------------------------

def test_past_roadmap_says_its_statuses_are_todays(demo, year_text):
    today = format_date(DEMO_TODAY)
    assert f"État de la feuille de route au {today}, date du bilan" in year_text
    assert "au 31 décembre 2024 :" not in year_text
    assert (f"statuts et avancement sont ceux du {today}, et non du 31 décembre 2024"
            in year_text)


def test_past_roadmap_leaves_out_actions_starting_after_the_period(demo, year_text):
    data = _data(demo, *YEAR)
    listed = [a for axis in data.roadmap.axes for a in axis.actions]
    with Base.open(demo, read_only=True) as base:
        later = base.con.execute("SELECT count(*) FROM action WHERE start_on > ?",
                                 (YEAR[1].isoformat(),)).fetchone()[0]
    assert later and data.roadmap.started_after == later
    assert all(a.start_on is None or a.start_on <= YEAR[1] for a in listed)
    assert f"{later} actions commençant après la période n'y figurent pas" in year_text
    assert f"{len(listed)} actions suivies sur la période" in year_text


def test_deliverables_count_as_delivered_only_in_the_period(demo, year_text):
    data = _data(demo, *YEAR)
    listed = [a for axis in data.roadmap.axes for a in axis.actions]
    with Base.open(demo, read_only=True) as base:
        after = base.con.execute(
            "SELECT d.label, d.delivered_on FROM deliverable d JOIN action a "
            "ON a.id = d.action_id WHERE d.delivered_on > ? AND a.start_on <= ?",
            (YEAR[1].isoformat(), YEAR[1].isoformat())).fetchall()
    assert after
    for label, delivered_on in after:
        shown = f"Livrable remis le {format_date(date.fromisoformat(delivered_on))}"
        assert shown not in year_text
    assert all(d.delivered_on in data.period for a in listed for d in a.delivered)
    delivered = data.roadmap.deliverables
    assert delivered == year_text.count("Livrable remis le ") > 0
    assert f"Livrables remis {delivered} " in year_text


# --- Partners --------------------------------------------------------------------------

def test_signatories_are_those_signed_by_the_period_end_everywhere(demo, tmp_path_factory):
    text = _bilan(demo, tmp_path_factory, *HALF)
    data = _data(demo, *HALF)
    pt = data.partnership
    assert all(p.charter_signed_on is None or p.charter_signed_on <= HALF[1]
               for p in pt.signatories)
    assert sum(c.signatories for c in pt.categories) == pt.signatories_at_end \
        == len(pt.signatories)
    with Base.open(demo, read_only=True) as base:
        later = base.con.execute("SELECT count(*) FROM partner WHERE charter_signed_on > ?",
                                 (HALF[1].isoformat(),)).fetchone()[0]
    total = sum(c.partners for c in pt.categories)
    assert later and pt.signatories_at_end, "the demo signs the charte within the period"
    assert f"Ensemble {total} {pt.mobilised} {pt.signatories_at_end} " in text
    assert f"{pt.signatories_at_end} signataires de la charte départementale" in text
    assert f"Signataires de la charte en fin de période {pt.signatories_at_end} " in text


def test_a_period_before_the_mission_warns_and_says_aucun(demo, before_text):
    start = format_date(_data(demo).mission.mission_start)
    assert f"La période précède entièrement le début de la mission, le {start}" in before_text
    for text in ("Aucun partenaire n'a été présent", "Aucun nouveau partenaire sur la période",
                 "Aucun partenaire présent en réunion sur la période",
                 "Aucun signataire de la charte à la fin de la période",
                 "Aucune action suivie sur la période"):
        assert text in before_text
    assert not re.search(r"\b0 (partenaire|signataire)", before_text)


def test_no_relative_change_against_a_previous_period_before_the_mission(demo, year_text,
                                                                         default_text):
    data = _data(demo, *YEAR)
    assert not data.previous_within_mission
    row = re.search(r"Réunions tenues (\d+) (\d+) (\S+)", year_text)
    assert row and row.group(3) == "\u2014"
    assert "évolution non calculée, la période précédente n'étant pas entièrement comprise " \
           "dans la mission (commencée le 1er juillet 2023)" in year_text
    assert _data(demo).previous_within_mission
    assert "évolution non calculée" not in default_text


def test_a_period_straddling_the_mission_start_warns(demo, tmp_path_factory):
    text = _bilan(demo, tmp_path_factory, date(2023, 1, 1), date(2023, 12, 31))
    assert "La période commence avant le début de la mission, le 1er juillet 2023" in text


def test_a_single_day_reads_le_not_du_au(demo, tmp_path_factory):
    with Base.open(demo, read_only=True) as base:  # a day with responses: the method shows it
        day = date.fromisoformat(base.con.execute("SELECT min(responded_on) FROM response "
                                                  "WHERE responded_on IS NOT NULL").fetchone()[0])
    folder = tmp_path_factory.mktemp("jour")
    activity = build_report(demo, "activite", day, day, None, folder / "activite.pdf",
                            today=DEMO_TODAY)
    satisfaction = build_report(demo, "satisfaction", day, day, None,
                                folder / "satisfaction.pdf", today=DEMO_TODAY)
    text, survey = pdf_text(activity), pdf_text(satisfaction)
    shown, before = format_date(day), format_date(Period(day, day).previous().first)
    for bilan in (text, survey):
        assert f"{shown} au {shown}" not in bilan and f"{shown} – {shown}" not in bilan
    assert f"Mission de prévention des expulsions locatives Le {shown} " in text
    assert f"PÉRIODE COUVERTE le {shown} " in text
    assert f"dans le {_data(demo).mission.department_in_text}, le {shown}. " in text
    assert (f"Période : le {shown}. Période précédente : la même un an plus tôt, le {before} "
            in text)
    assert f"Bilan d'activité · {shown} " in text
    assert PdfReader(activity).metadata.subject.endswith(f", le {shown}")
    assert f"Réponses du {shown} " in survey and f"réponses datées du {shown}," in survey
    assert f"Bilan de satisfaction · {shown} " in survey


# --- Indicators ------------------------------------------------------------------------

def test_a_percentage_indicator_changes_in_points(demo, default_text):
    data = _data(demo)
    shares = [s for s in data.indicators.with_values if s.unit == "%" and s.previous_mean]
    assert shares
    for series in shares:
        points = format_points(series.mean, series.previous_mean)
        assert points.endswith(("pt", "pts", "=")), points
        assert f"{series.label} " in default_text
        assert points.replace("\u202f", " ") in default_text
    assert format_points(41.5, 39.3) == "+2,2\u202fpts"
    assert format_points(39.0, 39.4) == "\u22120,4\u202fpt"


def test_a_one_day_bilan_compares_the_same_day_and_month_a_year_before(demo, tmp_path_factory):
    """Counts compare the same day a year before, the monthly indicators the same month
    (eviction figures follow the seasons), and the bilan says so."""
    day = date(2025, 2, 28)
    data = _data(demo, day, day)
    assert data.previous == Period(date(2024, 2, 28), date(2024, 2, 28))
    assert data.indicators.months == (date(2025, 2, 1),)
    assert data.indicators.previous_months == (date(2024, 2, 1),)
    with Base.open(demo, read_only=True) as base:
        february = dict(base.con.execute(
            "SELECT i.code, avg(v.value) FROM indicator_value v JOIN indicator i "
            "ON i.id = v.indicator_id WHERE v.month = '2024-02-01' AND v.value IS NOT NULL "
            "AND v.department_code = (SELECT department_code FROM profile) GROUP BY i.code"))
    assert february
    assert {s.code: s.previous_mean for s in data.indicators.series
            if s.previous_mean is not None} == pytest.approx(february)
    text = _bilan(demo, tmp_path_factory, day, day)
    assert "Période précédente : la même un an plus tôt, " in text
    assert ("Mois retenus : février 2025 pour la période, février 2024 pour la période "
            "précédente.") in text


def test_trend_axis_labels_quarters_and_the_caption_says_the_last_month_is_empty(
        demo, default_text):
    months = [date(2025, m, 1) for m in range(1, 13)]
    labels = [s.text for s in _strings(charts.trend_line(months, [5.0] * 11 + [None], 200,
                                                          100, "nb", "Nombre"))]
    assert [t for t in labels if t.split()[0] in MONTHS_SHORT] == ["janv. 25", "avr.", "juil.",
                                                                    "oct."]
    current = format_month(DEMO_TODAY.replace(day=1))
    assert f"Aucune valeur saisie à ce jour pour {current}." in default_text


def laid_out(ctx: Context, key: str) -> list:
    """One section of the activity bilan as the build lays it out, under its heading."""
    return next(s for s in ACTIVITY.sections if s.key == key).flowables(ctx)


def test_indicators_without_values_are_one_per_line(demo):
    data = _data(demo)
    ctx = Context(data)
    texts = [p.text for p in laid_out(ctx, "indicateurs") if isinstance(p, Paragraph)]
    missing = [s.label for s in data.indicators.series if not s.known]
    assert missing and all(escape(label) in texts for label in missing)


def _strings(node) -> list[String]:
    found = []
    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            found.append(child)
        elif isinstance(child, Group):
            found += _strings(child)
    return found


# --- Layout and wording ----------------------------------------------------------------

def test_the_sous_ccapex_heading_stays_with_its_table(demo):
    ctx = Context(_data(demo))
    kept = [f for f in laid_out(ctx, "ccapex") if isinstance(f, KeepTogether)
            and any(isinstance(c, Heading) and c.plain.endswith(" Sous-CCAPEX") for c in f._content)]
    assert kept and any(isinstance(c, Table) for c in kept[0]._content)


def test_the_feedback_table_follows_its_chart_without_a_blank_half_page(demo,
                                                                        tmp_path_factory):
    """In the demo, §7.1's table does not fit under its chart: it starts there all the
    same and splits, the closing note going over with its last rows."""
    out = tmp_path_factory.mktemp("retours") / "retours.pdf"
    build_report(demo, "activite", None, None, ("retours",), out, today=DEMO_TODAY)
    pages = [normalise(text) for text in page_texts(out)]
    chart = next(page for page in pages if "Répartition des notes par mission" in page)
    assert "dans le même ordre que le tableau suivant" in chart
    assert "Mission n NC Sans rép." in chart  # the table starts under its chart
    closing = next(page for page in pages if "Le bilan de satisfaction, à produire" in page)
    assert closing != chart and "Mission n NC Sans rép." in closing


def _pages_of_a_table_one_row_short_of_its_page(tail: bool) -> list[str]:
    """Ten rows under a spacer that leaves room for all but the last one, or, with a
    closing note, for all the rows but not the note."""
    register_fonts()
    table = data_table(["Ligne"], [[f"ligne {i}"] for i in range(10)], [200])
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer)
    height = table.wrap(document.width, document.height)[1]
    room = document.height - (12 + height + 1 if tail else height - table._rowHeights[-1] / 2)
    story = [TableWithTail(table, [note(Context(None), "Note finale.")]) if tail else table]
    document.build([Spacer(1, room), *story])
    return [normalise(page.extract_text()) for page in PdfReader(buffer).pages]


def test_a_closing_note_takes_the_last_rows_along_not_the_whole_table():
    first, second = _pages_of_a_table_one_row_short_of_its_page(tail=True)
    assert "ligne 6" in first and "ligne 7" not in first
    assert second.startswith("Ligne ligne 7 ligne 8 ligne 9 Note finale.")


def test_a_table_carries_three_rows_over_at_least_and_ends_its_page_there():
    first, second = _pages_of_a_table_one_row_short_of_its_page(tail=False)
    assert first.count("Ligne") == 1 and "ligne 6" in first and "ligne 7" not in first
    assert second.startswith("Ligne ligne 7 ligne 8 ligne 9")


def test_context_wording(demo, default_text):
    data = _data(demo)
    texts = " ".join(p.text for p in laid_out(Context(data), "contexte")
                     if isinstance(p, Paragraph))
    assert f"depuis le {format_date_unbroken(data.mission.mission_start)}" in texts
    assert "(2021\u20132022)" in default_text
    assert (f"Structure porteuse de la mission dans le département 32 (Gers) : "
            f"{data.mission.adil_name}") in default_text
    assert "dans le département Gers" not in default_text  # « du Gers »: no article table
    assert "portée par ADIL" not in default_text


# --- Glossary --------------------------------------------------------------------------

ACRONYM = re.compile(r"\b[A-ZÀÂÇÉÈÊËÎÏÔÛÙÜ][A-ZÀÂÇÉÈÊËÎÏÔÛÙÜ0-9]+\b")
NOT_ACRONYMS = {
    # The cover's labels and title, set in capitals; a late action's « EN RETARD ».
    "DÉPARTEMENT", "STRUCTURE", "PORTEUSE", "RÉDIGÉ", "PAR", "DESTINATAIRES", "PÉRIODE",
    "COUVERTE", "DOCUMENT", "ÉTABLI", "LE", "PRÉVENTION", "DES", "EXPULSIONS", "LOCATIVES",
    "EN", "RETARD",
}


def test_every_acronym_of_the_bilan_is_in_the_glossary(default_text, year_text):
    known = {token for code, _ in GLOSSARY for token in ACRONYM.findall(code)}
    used = set(ACRONYM.findall(default_text)) | set(ACRONYM.findall(year_text))
    assert used - known - NOT_ACRONYMS == set()
    assert {"APL", "DALO", "UDAF", "CCAS", "CIAS", "DREETS", "DREAL", "DIHAL", "DDT", "JCP",
            "CDAD", "ESH", "SEM", "FNAIM", "UNIS", "UNPI", "IC"} <= known
