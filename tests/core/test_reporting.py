"""The « Bilan d'activité » built from the demo base: its figures are the core queries'
figures, its pages are numbered « Page X / N », it carries metadata and an outline,
sections can be left out, and the build reports progress and can be cancelled."""

from __future__ import annotations

import gc
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from reporting_helpers import normalise, page_texts, pdf_text

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import ActionStatus, MeetingKind
from pexdesk.core.formatting import format_month_short, format_number
from pexdesk.core.repositories import meetings, partners, roadmap
from pexdesk.core.services import dashboard
from pexdesk.core.services.reporting import catalog
from pexdesk.core.services.reporting.blocks import ReportKind
from pexdesk.core.services.reporting.build import (LAID_OUT, build_report, gather_report,
                                                   render_report)
from pexdesk.core.services.reporting.catalog import ReportCancelled, ReportError
from pexdesk.core.services.reporting.periods import Period, default_period

TODAY = date.today()


@pytest.fixture(scope="module")
def demo(demo_as_of_today):
    with Base.open(demo_as_of_today, read_only=True) as base:
        yield base


@pytest.fixture(scope="module")
def bilan(demo_as_of_today, tmp_path_factory) -> Path:
    """The default bilan of the demo base (the mission's last twelve months)."""
    out = tmp_path_factory.mktemp("bilan") / "bilan.pdf"
    assert build_report(demo_as_of_today, "activite", None, None, None, out, today=TODAY) == out
    return out


@pytest.fixture(scope="module")
def text(bilan) -> str:
    return pdf_text(bilan)


@pytest.fixture(scope="module")
def whole_mission(demo, demo_as_of_today, tmp_path_factory):
    """The bilan of the whole mission (every action of the demo concerned), with its data."""
    start = demo.profile().mission_start
    out = tmp_path_factory.mktemp("mission") / "mission.pdf"
    build_report(demo_as_of_today, "activite", start, TODAY, None, out, today=TODAY)
    return gather_report(demo.con, start, TODAY, today=TODAY), pdf_text(out)


def test_default_period_is_the_last_twelve_months(demo, text):
    data = gather_report(demo.con, today=TODAY)
    assert data.period.last == TODAY
    assert data.period.first == default_period(demo.profile(), TODAY).first
    assert len(data.period.months) == 12 and data.period.first.day == 1
    assert normalise(data.period.text) in text


@pytest.mark.parametrize("first, last, previous", [
    # up to twelve months: the same dates a year before (the seasons compare alike)
    (date(2025, 1, 1), date(2025, 3, 31), (date(2024, 1, 1), date(2024, 3, 31))),
    (date(2024, 1, 1), date(2024, 2, 29), (date(2023, 1, 1), date(2023, 2, 28))),
    (date(2025, 1, 1), date(2025, 12, 31), (date(2024, 1, 1), date(2024, 12, 31))),
    (date(2025, 12, 1), date(2026, 11, 27), (date(2024, 12, 1), date(2025, 11, 27))),
    (date(2025, 12, 15), date(2026, 1, 14), (date(2024, 12, 15), date(2025, 1, 14))),
    (date(2026, 2, 28), date(2026, 2, 28), (date(2025, 2, 28), date(2025, 2, 28))),
    # longer, whole months: as many whole months just before
    (date(2022, 1, 1), date(2024, 12, 31), (date(2019, 1, 1), date(2021, 12, 31))),
    # longer, anything else: as many days, ending the day before
    (date(2025, 3, 15), date(2026, 6, 14), (date(2023, 12, 14), date(2025, 3, 14))),
])
def test_previous_period_is_a_year_before_or_the_adjacent_one(first, last, previous):
    shifted = Period(first, last).previous()
    assert (shifted.first, shifted.last) == previous


@given(st.dates(date(2000, 1, 1), date(2100, 12, 31)), st.integers(0, 1500))
def test_previous_period_lasts_as_long(first, days):
    period = Period(first, first + timedelta(days=days))
    previous = period.previous()
    if period.year_on_year:
        assert len(previous.months) == len(period.months)
        assert previous.last.year == period.last.year - 1
    else:
        assert previous.last == period.first - timedelta(days=1)
        if period.whole_months():
            assert len(previous.months) == len(period.months) and previous.whole_months()
        else:
            assert previous.last - previous.first == period.last - period.first


def test_meeting_figures_equal_the_core_queries(demo, text):
    data = gather_report(demo.con, today=TODAY)
    first, last = data.period.first, data.period.last
    activity = dashboard.meeting_activity(demo.con, first, last)
    previous = dashboard.meeting_activity(demo.con, data.previous.first, data.previous.last)
    assert activity.total > 0 and activity.dossiers_examined > 0
    kinds = " ".join(format_number(activity.by_kind[k]) for k in MeetingKind)
    assert (f"Total {kinds} {activity.total} {format_number(activity.dossiers_examined)} "
            f"{format_number(activity.opinions_issued)}") in text
    assert f"Réunions tenues {activity.total} {previous.total}" in text
    assert (f"Dossiers examinés {format_number(activity.dossiers_examined)} "
            f"{format_number(previous.dossiers_examined)}") in text
    assert (f"Avis et recommandations émis {format_number(activity.opinions_issued)} "
            f"{format_number(previous.opinions_issued)}") in text


def test_monthly_rows_equal_the_monthly_overview(demo, text):
    data = gather_report(demo.con, today=TODAY)
    overview = Counter()
    dossiers = Counter()
    for year in {m.year for m in data.period.months}:
        for row in meetings.monthly_overview(demo.con, year):
            overview[row.month] += row.meetings
            dossiers[row.month] += row.dossiers
    for month in data.period.months[1:-1]:  # whole months (the ends may be cut)
        key = month.isoformat()[:7]
        row = next(m for m in data.ccapex.months if m.month == month)
        assert (row.meetings, row.dossiers) == (overview[key], dossiers[key])
        cells = " ".join(format_number(row.by_kind[k]) if row.by_kind[k] else "·"
                         for k in MeetingKind)
        assert (f"{format_month_short(month)} {cells} {row.meetings} {row.dossiers} "
                f"{row.opinions}") in text


def test_sous_ccapex_by_territory(demo, text):
    data = gather_report(demo.con, today=TODAY)
    held = Counter(row.territory for row in meetings.meeting_rows(demo.con)
                   if row.kind == MeetingKind.SOUS_CCAPEX and row.held_on in data.period)
    assert held and {c.territory: c.meetings for c in data.ccapex.local} == dict(held)
    for territory, count in held.items():
        assert f"{territory} {count}" in text


def test_partners_by_category_equal_the_partner_rows(demo, text):
    rows = [row for row in partners.partner_rows(demo.con) if row.active]
    by_category = Counter(row.category_label for row in rows)
    signatories = Counter(row.category_label for row in rows if row.charter_signatory)
    data = gather_report(demo.con, today=TODAY)
    assert {c.label: c.partners for c in data.partnership.categories} == dict(by_category)
    for category in data.partnership.categories:
        assert (f"{category.label} {by_category[category.label]} {category.mobilised} "
                f"{signatories[category.label]}") in text
    assert f"compte {len(rows)} partenaires actifs" in text
    for row in rows:
        assert normalise(row.name) in text  # the annex lists every active partner


def test_actions_by_status_equal_the_roadmap_progress(demo, whole_mission):
    data, text = whole_mission
    progress = dashboard.roadmap_progress(demo.con, TODAY)
    assert data.roadmap.by_status == progress.by_status
    assert data.roadmap.late == progress.late > 0
    counts = " ".join(str(progress.by_status[s]) for s in ActionStatus)
    assert f"Ensemble {counts} {progress.total} {progress.late}" in text
    late = [row for row in roadmap.action_rows(demo.con, TODAY) if row.late]
    for row in late:
        assert normalise(row.title) in text
    # The same marker flags the CCAPEX section's late follow-ups.
    assert text.count("EN RETARD") == len(late) + data.ccapex.followups.late


def test_journal_highlights_of_the_period(demo, text):
    data = gather_report(demo.con, today=TODAY)
    entries = demo.con.execute("SELECT text FROM action_journal WHERE entry_on BETWEEN ? AND ?",
                               (data.period.first.isoformat(), TODAY.isoformat())).fetchall()
    assert entries and data.roadmap.journal_entries == len(entries)
    for (entry,) in entries:
        assert normalise(entry) in text


def test_indicators_table_and_sources(demo, text):
    data = gather_report(demo.con, today=TODAY)
    shown = data.indicators.with_values
    assert shown
    for series in shown:
        assert normalise(series.label) in text
        assert normalise(series.source) in text
    missing = [s for s in data.indicators.series if not s.known]
    assert missing and "Sans valeur sur la période" in text


def test_feedback_share_with_n(demo, text):
    data = gather_report(demo.con, today=TODAY)
    satisfaction = dashboard.satisfaction(demo.con, data.period.first, data.period.last)
    assert satisfaction.scored >= 10
    share = round(100 * satisfaction.positive / satisfaction.scored)
    assert f"{share} % ({satisfaction.positive}/{satisfaction.scored})" in text


def test_pages_are_numbered_page_x_of_n(bilan):
    pages = page_texts(bilan)
    total = len(pages)
    assert total > 10
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} / {total}" in page


def test_metadata_outline_and_contents(bilan, demo, text):
    reader = PdfReader(bilan)
    meta = reader.metadata
    assert meta.title.startswith("Bilan d'activité") and "Gers (32)" in meta.title
    assert meta.author == demo.profile().officer_name
    assert "ADIL" in meta.subject and "du " in meta.subject
    titles = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    assert titles[:3] == ["Sommaire", "1. Synthèse", "2. Contexte de la mission"]
    assert "8. Annexes" in titles
    sub = [i["/Title"] for block in reader.outline if isinstance(block, list) for i in block]
    assert "4.1. Réunions par type et par mois" in sub
    assert sub[sub.index("4.3. Dossiers et avis par catégorie") + 1] == "4.4. Sous-CCAPEX"
    contents = normalise(page_texts(bilan)[1])
    assert "Sommaire" in contents and "1. Synthèse" in contents
    assert "A. Liste des partenaires" in contents and "4.1. Réunions par type et par mois" in contents


def test_the_contents_give_the_page_each_heading_is_on(bilan):
    """The contents' numbers are written once the layout is over, beside titles laid out
    before it: each must be the page the outline sends its heading to."""
    reader = PdfReader(bilan)
    contents = page_texts(bilan)[1]

    def entries(outline):
        for item in outline:
            if isinstance(item, list):
                yield from entries(item)
            else:
                yield item["/Title"], reader.get_destination_page_number(item) + 1

    listed = [(title, page) for title, page in entries(reader.outline) if title != "Sommaire"]
    assert len(listed) > 20
    for title, page in listed:
        assert f"{title}\n{page}\n" in contents


def test_the_headings_are_the_catalog_titles(bilan):
    """The « Bilans » screen lists a kind's sections from the catalog: the bilan's headings
    must say the same."""
    titles = [item["/Title"] for item in PdfReader(bilan).outline if not isinstance(item, list)]
    assert titles == ["Sommaire", *(f"{number}. {section.title}" for number, section
                                    in enumerate(catalog.ACTIVITY.sections, start=1))]


def test_every_kind_of_the_catalog_is_laid_out_with_a_builder_per_section():
    assert list(LAID_OUT) == list(catalog.KINDS)
    for key, kind in catalog.KINDS.items():
        assert LAID_OUT[key].section_keys == kind.section_keys
        assert LAID_OUT[key].takes_campaign == kind.takes_campaign
        assert (LAID_OUT[key].one_month, LAID_OUT[key].cover) == (kind.one_month, kind.cover)
    builders = dict.fromkeys(catalog.ACTIVITY.section_keys[:-1], lambda ctx, heading: [])
    with pytest.raises(ValueError, match="annexe"):
        ReportKind.of(catalog.ACTIVITY, builders)


def test_the_header_carries_the_adil_and_the_period(bilan, demo):
    pages = page_texts(bilan)
    adil = demo.profile().adil_name
    assert all(adil in page for page in pages[1:])
    assert all("Bilan d'activité ·" in page for page in pages[1:])


def test_sections_can_be_left_out(demo_as_of_today, tmp_path):
    out = build_report(demo_as_of_today, "activite", None, None, ("ccapex", "retours"),
                       tmp_path / "court.pdf", today=TODAY)
    text = pdf_text(out)
    assert "1. Activité de la CCAPEX" in text and "2. Retours des partenaires" in text
    assert "Feuille de route" not in text and "Liste des partenaires" not in text
    with pytest.raises(ReportError, match="Section inconnue"):
        build_report(demo_as_of_today, "activite", None, None, ("budget",), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_progress_rises_to_one_and_the_snapshot_builds_alone(demo, tmp_path):
    data = gather_report(demo.con, today=TODAY)
    seen: list[float] = []
    out = render_report(data, "activite", tmp_path / "suivi.pdf",
                        progress=lambda fraction, message: seen.append(fraction))
    assert out.is_file() and len(seen) > 10
    assert seen == sorted(seen) and seen[-1] == 1.0 and seen[0] < 0.2


def test_cancelling_stops_the_build_and_writes_nothing(demo, tmp_path):
    data = gather_report(demo.con, today=TODAY)
    out = tmp_path / "annule.pdf"
    out.write_bytes(b"ancien bilan")
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 25

    with pytest.raises(ReportCancelled, match="annulée"):
        render_report(data, "activite", out, cancelled=cancelled)
    assert out.read_bytes() == b"ancien bilan"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annule.pdf"]


def test_the_cycle_collector_is_paused_during_the_layout_only(demo, tmp_path):
    """The layout runs without Python's cycle collector, which resumes after it, a
    cancelled one included; a collector already paused stays paused."""
    data = gather_report(demo.con, today=TODAY)
    collecting = []
    render_report(data, "activite", tmp_path / "a.pdf",
                  progress=lambda fraction, message: collecting.append(gc.isenabled()))
    assert gc.isenabled() and collecting and not any(collecting[:-1])
    with pytest.raises(ReportCancelled):
        render_report(data, "activite", tmp_path / "b.pdf", cancelled=lambda: True)
    assert gc.isenabled()
    gc.disable()
    try:
        render_report(data, "activite", tmp_path / "c.pdf")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_connection_is_accepted_and_left_open(demo, tmp_path):
    out = build_report(demo.con, "activite", date(TODAY.year - 1, 1, 1),
                       date(TODAY.year - 1, 12, 31), None, tmp_path / "annee.pdf", today=TODAY)
    assert out.is_file()
    assert demo.con.execute("SELECT count(*) FROM partner").fetchone()[0] > 0
    assert f"du 1er janvier {TODAY.year - 1} au 31 décembre {TODAY.year - 1}" in pdf_text(out)


def test_a_long_partner_annex_is_laid_out_page_by_page_with_its_header(base, base_path, tmp_path):
    """Beyond PAGE_BY_PAGE_ROWS the annex is one table per page: every page starts with the
    header, no partner is lost, repeated or cut between pages, and the order is kept."""
    from pexdesk.core.domain.models import Partner
    from pexdesk.core.services.reporting.blocks import PAGE_BY_PAGE_ROWS

    count = PAGE_BY_PAGE_ROWS + 260
    for i in range(count):
        # Every seventh name wraps over two or three lines: rows are not all alike.
        long = " établissement public intercommunal de coopération" * (i % 3) if i % 7 == 0 else ""
        partners.save(base.con, Partner(name=f"Partenaire {i:04d}{long}", category_code="CAF"))
    base.close()
    out = build_report(base_path, "activite", None, None, ("annexe",), tmp_path / "annexe.pdf",
                       today=TODAY)
    pages = [normalise(t) for t in page_texts(out)]
    annex = [t for t in pages if "Partenaire 0" in t]
    assert len(annex) > 5
    header = "Partenaire Catégorie Territoire Signature de la charte"
    assert all(t.count(header) == 1 for t in annex)
    listed = [int(n) for t in annex for n in re.findall(r"Partenaire (\d{4})", t)]
    assert listed == list(range(count))


def test_a_page_of_a_long_list_takes_the_most_rows_its_table_fits():
    """A page's rows come from the sum of their heights; whatever room the page has left,
    a sum falling exactly on it included, they are the most rows whose table, measured by
    reportlab, fits."""
    from pexdesk.core.services.reporting.blocks import PageByPageTable, TableLayout
    from pexdesk.core.services.reporting.fonts import register_fonts

    register_fonts()
    layout = TableLayout.of([120, 200], "LL")
    header = layout.row(["Partenaire", "Catégorie"], header=True)
    rows = [layout.row([f"Partenaire {i}", "catégorie au nom long " * (i % 4 * 2)])
            for i in range(30)]
    width = 320

    def fitting(room: float) -> int:
        count = 0
        while count < len(rows) and layout.table([header, *rows[:count + 1]], 1).wrap(
                width, room)[1] <= room:
            count += 1
        return count

    tops = [layout.table([header, *rows[:count]], 1).wrap(width, 10 ** 6)[1]
            for count in range(1, len(rows) + 1)]
    assert len(set(tops)) == len(rows)  # rows of several heights
    for room in [r + delta for r in tops for delta in (-0.01, 0, 0.01)]:
        pieces = PageByPageTable(layout, header, rows).split(width, room)
        taken = 0 if not pieces else len(rows) - (len(pieces[1].rows) if len(pieces) > 1 else 0)
        assert taken == fitting(room), room
