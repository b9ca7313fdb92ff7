"""The meetings' follow-ups in the « Bilan d'activité »: the figures of the period are those
of the « Suites à donner » tab's query, the open ones are listed in its order, late ones
flagged, user text shown literally, a period without any says so, a long list repeats its
header on every page, and a past period's bilan says the state is the bilan date's."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from reporting_helpers import normalise, page_texts, pdf_text

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import FollowUp, Meeting, Partner
from pexdesk.core.domain.profile import Profile
from pexdesk.core.formatting import format_date, format_percent
from pexdesk.core.repositories import meetings, partners
from pexdesk.core.services.reporting.build import build_report, gather_report

TODAY = date.today()
HEADER = "Échéance Suite Responsable Réunion"
NONE_DECIDED = "Aucune suite à donner n'a été enregistrée pour les réunions de la période."


def _rows_held_in(con, period):
    return [row for row in meetings.followup_rows(con, TODAY) if row.held_on in period]


@pytest.fixture(scope="module")
def demo(demo_as_of_today):
    with Base.open(demo_as_of_today, read_only=True) as base:
        yield base


@pytest.fixture(scope="module")
def whole(demo_as_of_today, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("bilan") / "bilan.pdf"
    return pdf_text(build_report(demo_as_of_today, "activite", None, None, None, out,
                                 today=TODAY))


@pytest.fixture(scope="module")
def ccapex(demo_as_of_today, tmp_path_factory) -> str:
    """The CCAPEX section alone: « EN RETARD » counted there is the follow-ups' only."""
    out = tmp_path_factory.mktemp("ccapex") / "ccapex.pdf"
    return pdf_text(build_report(demo_as_of_today, "activite", None, None, ("ccapex",), out,
                                 today=TODAY))


def test_figures_of_the_period_equal_the_followups_tab_query(demo, whole):
    data = gather_report(demo.con, today=TODAY)
    rows = _rows_held_in(demo.con, data.period)
    done = sum(row.done for row in rows)
    still_open = [row for row in rows if not row.done]
    late = sum(row.late for row in still_open)
    assert len(rows) > done > 0 and len(still_open) > late > 0
    assert (f"Les réunions de la période ont décidé {len(rows)} suites à donner. État au "
            f"{format_date(TODAY)} : {done} réalisées "
            f"({normalise(format_percent(done / len(rows)))}), {len(still_open)} encore "
            f"ouvertes, dont {late} en retard (échéance dépassée).") in whole


def test_the_synthesis_sets_them_beside_the_previous_period_counted_alike(demo, whole):
    data = gather_report(demo.con, today=TODAY)
    rows, before = _rows_held_in(demo.con, data.period), _rows_held_in(demo.con, data.previous)
    assert before
    assert f"Suites à donner décidées en réunion {len(rows)} {len(before)} " in whole
    assert (f"dont réalisées à la date du bilan {sum(r.done for r in rows)} "
            f"{sum(r.done for r in before)} ") in whole


def test_open_followups_are_listed_in_the_tabs_order_late_ones_flagged(demo, ccapex):
    data = gather_report(demo.con, today=TODAY)
    still_open = [row for row in _rows_held_in(demo.con, data.period) if not row.done]
    listed = ccapex[ccapex.index(HEADER):]
    position = 0
    for row in still_open:
        due = f"{row.due_on:%d/%m/%Y}" + (" EN RETARD" if row.late else "")
        position = listed.index(f"{due} {normalise(row.description)}", position) + 1
    assert ccapex.count("EN RETARD") == sum(row.late for row in still_open) > 0
    assert f"{still_open[0].held_on:%d/%m/%Y} – " in listed


def _base(folder: Path) -> Base:
    return Base.create(folder / "base.db", Profile(
        department_code="35", adil_name="ADIL d'Ille-et-Vilaine", officer_name="Camille Martin",
        mission_start=TODAY - timedelta(days=800)))


def _bilan(folder: Path, first: date | None = None, last: date | None = None,
           sections: tuple[str, ...] | None = ("ccapex",)) -> Path:
    return build_report(folder / "base.db", "activite", first, last, sections,
                        folder / "bilan.pdf", today=TODAY)


def test_user_text_is_shown_literally(tmp_path):
    with _base(tmp_path) as base:
        owner = partners.save(base.con, Partner(name="Bailleurs <b>& Co</b>",
                                                category_code="BAILSOC"))
        meetings.save(base.con, Meeting(held_on=TODAY - timedelta(days=10), kind="SOUS_CCAPEX",
                                        territory="Nord"),
                      followups=[FollowUp(description="Relancer <b>tous</b> les bailleurs & "
                                                      "<img src=x> </para>",
                                          owner_partner_id=owner.id,
                                          due_on=TODAY - timedelta(days=1)),
                                 FollowUp(description="Sans responsable", done=True)])
    text = pdf_text(_bilan(tmp_path))
    assert ("Relancer <b>tous</b> les bailleurs & <img src=x> </para> Bailleurs <b>& Co</b> "
            f"{TODAY - timedelta(days=10):%d/%m/%Y} – Sous-CCAPEX") in text
    assert "ont décidé 2 suites à donner" in text
    assert "1 réalisée (50 %), 1 encore ouverte, dont 1 en retard" in text
    assert "Sans responsable" not in text  # done: counted, not listed


def test_an_owner_left_unnamed_reads_a_dash_and_none_late_says_so(tmp_path):
    with _base(tmp_path) as base:
        meetings.save(base.con, Meeting(held_on=TODAY - timedelta(days=10), kind="PLENIERE"),
                      followups=[FollowUp(description="Mettre à jour le règlement",
                                          due_on=TODAY + timedelta(days=20))])
    text = pdf_text(_bilan(tmp_path))
    assert "1 suite à donner. État au" in text
    assert "aucune réalisée, 1 encore ouverte, pas en retard." in text
    assert (f"{TODAY + timedelta(days=20):%d/%m/%Y} Mettre à jour le règlement — "
            f"{TODAY - timedelta(days=10):%d/%m/%Y} – Plénière") in text


def test_a_period_without_followups_says_so(tmp_path):
    """Follow-ups of an earlier meeting are not the period's: the sentence says none was
    recorded, and the synthesis counts them for the previous period only."""
    with _base(tmp_path) as base:
        meetings.save(base.con, Meeting(held_on=TODAY - timedelta(days=10), kind="PLENIERE"))
        meetings.save(base.con, Meeting(held_on=TODAY - timedelta(days=380), kind="PLENIERE"),
                      followups=[FollowUp(description="Suite de l'an passé", done=True)])
    text = pdf_text(_bilan(tmp_path, sections=("synthese", "ccapex")))
    assert NONE_DECIDED in text and "Suite de l'an passé" not in text
    assert "Suites à donner décidées en réunion 0 1 " in text
    assert "dont réalisées à la date du bilan 0 1 " in text


def test_a_past_period_reads_the_state_of_the_bilan_date(tmp_path):
    """Ticked done after the period, a follow-up counts as done: the base keeps no date of
    completion, and the bilan says its state is the bilan date's."""
    held = TODAY - timedelta(days=400)
    with _base(tmp_path) as base:
        meetings.save(base.con, Meeting(held_on=held, kind="TECHNIQUE"),
                      followups=[FollowUp(description="Faite depuis", done=True,
                                          due_on=held + timedelta(days=30)),
                                 FollowUp(description="Toujours ouverte",
                                          due_on=held + timedelta(days=300))])
    last = held + timedelta(days=60)
    text = pdf_text(_bilan(tmp_path, held - timedelta(days=30), last))
    assert (f"État au {format_date(TODAY)}, date du bilan : 1 réalisée (50 %), 1 encore "
            "ouverte, dont 1 en retard") in text
    assert (f"leur état est celui du {format_date(TODAY)}, et non du {format_date(last)}."
            in text)
    assert "Toujours ouverte" in text and "Faite depuis" not in text


def test_a_long_list_repeats_its_header_on_every_page(tmp_path):
    """80 open follow-ups, the soonest due first: every page of the list starts with the
    header, none is lost or repeated, the order is kept, late ones flagged beside their
    date."""
    count = 80
    with _base(tmp_path) as base:
        meetings.save(base.con, Meeting(held_on=TODAY - timedelta(days=60), kind="TECHNIQUE"),
                      followups=[FollowUp(description=f"Suite {i:03d}",
                                          due_on=TODAY + timedelta(days=i - 20))
                                 for i in range(count)])
    pages = [normalise(t) for t in page_texts(_bilan(tmp_path))]
    listing = [t for t in pages if re.search(r"Suite \d{3}", t)]
    assert len(listing) >= 2
    assert all(t.count(HEADER) == 1 for t in listing)
    listed = [int(n) for t in listing for n in re.findall(r"Suite (\d{3})", t)]
    assert listed == list(range(count))
    late = TODAY - timedelta(days=20)
    assert f"{late:%d/%m/%Y} EN RETARD Suite 000" in listing[0]
    assert sum(t.count("EN RETARD") for t in listing) == 20
