"""The agenda and the roadmap actions in the « Bilan d'activité »: the dossiers inscrits,
examined and ajournés are compared over the meetings whose relevé gives the inscrits, and
the bilan says over how many; each action of the feuille de route says at which meetings of
the period it was dealt with. Figures equal queries of the test's own."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from reporting_helpers import normalise, pdf_text

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import Action, Meeting
from pexdesk.core.domain.profile import Profile
from pexdesk.core.formatting import format_date_unbroken, format_number, format_percent
from pexdesk.core.repositories import meetings, roadmap
from pexdesk.core.services.reporting.activity_blocks import meeting_name
from pexdesk.core.services.exchange.tables import build_table
from pexdesk.core.services.reporting.build import build_report, gather_report
from pexdesk.core.services.reporting.releve import gather_releve
from tests.core.older_bases import base_at_version

TODAY = date.today()
HELD = TODAY - timedelta(days=20)


@pytest.fixture(scope="module")
def demo(demo_as_of_today):
    with Base.open(demo_as_of_today, read_only=True) as base:
        yield base


@pytest.fixture(scope="module")
def sections(demo_as_of_today, tmp_path_factory) -> str:
    """The roadmap and CCAPEX sections of the default bilan."""
    out = tmp_path_factory.mktemp("bilan") / "bilan.pdf"
    return pdf_text(build_report(demo_as_of_today, "activite", None, None,
                                 ("feuille_de_route", "ccapex"), out, today=TODAY))


def _share(count: int, total: int) -> str:
    return normalise(format_percent(count / total, 1))


def test_the_demo_s_agenda_equals_the_sums_of_its_relevés(demo, sections):
    period = gather_report(demo.con, today=TODAY).period
    meetings_, registered, examined, adjourned = demo.con.execute(
        "SELECT count(*), sum(dossiers_registered), sum(dossiers_examined), "
        "sum(dossiers_adjourned) FROM meeting WHERE held_on BETWEEN ? AND ? "
        "AND dossiers_registered IS NOT NULL",
        (period.first.isoformat(), period.last.isoformat())).fetchone()
    assert meetings_ and registered == examined + adjourned  # the demo's commissions
    assert (f"Ordre du jour : {format_number(registered)} dossiers inscrits aux "
            f"{meetings_} réunions de la période consacrées à l'examen de dossiers, dont "
            f"{format_number(examined)} examinés ({_share(examined, registered)}) et "
            f"{adjourned} ajournés ({_share(adjourned, registered)}).") in sections


def test_each_action_names_the_meetings_of_the_period_that_dealt_with_it(demo, sections):
    period = gather_report(demo.con, today=TODAY).period
    rows = demo.con.execute(
        "SELECT a.title, m.kind, m.territory, m.held_on FROM meeting_action l "
        "JOIN action a ON a.id = l.action_id JOIN meeting m ON m.id = l.meeting_id "
        "WHERE m.held_on BETWEEN ? AND ? ORDER BY a.id, m.held_on, m.id",
        (period.first.isoformat(), period.last.isoformat())).fetchall()
    dealt: dict[str, list[str]] = {}
    for title, kind, territory, held_on in rows:
        dealt.setdefault(title, []).append(meeting_name(kind, territory,
                                                        date.fromisoformat(held_on)))
    assert len(dealt) >= 5
    for title, names in dealt.items():
        count = f"{len(names)} réunion{'s' if len(names) > 1 else ''}"
        assert normalise(f"{title} • Traitée en réunion : {count} ({', '.join(names)})") \
            in sections, title
    assert sections.count("Traitée en réunion") == len(dealt)


# --- bases of the test's own -------------------------------------------------------------------

def _base(folder: Path) -> Base:
    return Base.create(folder / "base.db", Profile(
        department_code="32", adil_name="ADIL du Gers", officer_name="Camille Martin",
        mission_start=TODAY - timedelta(days=800)))


def _text(folder: Path, sections: tuple[str, ...] = ("ccapex",)) -> str:
    return pdf_text(build_report(folder / "base.db", "activite", None, None, sections,
                                 folder / "bilan.pdf", today=TODAY))


def _technical(con, day: date, territory: str = "", **counts) -> Meeting:
    kind = MeetingKind.SOUS_CCAPEX if territory else MeetingKind.TECHNIQUE
    return meetings.save(con, Meeting(held_on=day, kind=kind, territory=territory, **counts))


def test_inscrits_given_for_some_meetings_only_are_compared_with_those_only(tmp_path):
    with _base(tmp_path) as base:
        _technical(base.con, HELD, dossiers_registered=20, dossiers_examined=15,
                   dossiers_adjourned=3)
        _technical(base.con, HELD + timedelta(days=1), "Nord", dossiers_examined=9,
                   dossiers_adjourned=2)
        _technical(base.con, HELD + timedelta(days=2), "Sud", dossiers_examined=6)
    text = _text(tmp_path)
    assert ("Ordre du jour : le nombre de dossiers inscrits n'est saisi que pour 1 des 3 "
            "réunions de la période consacrées à l'examen de dossiers. Cette réunion comptait "
            "20 dossiers inscrits, dont 15 examinés (75,0 %) et 3 ajournés (15,0 %) ; 2 ni "
            "examinés ni ajournés selon les relevés. Les dossiers examinés aux autres réunions "
            "(15) ne sont rapportés à aucun ordre du jour. En outre, 2 dossiers ajournés sont "
            "saisis pour 1 réunion sans nombre d'inscrits.") in text


def test_ajournés_not_given_with_the_inscrits_are_said_so(tmp_path):
    with _base(tmp_path) as base:
        _technical(base.con, HELD, dossiers_registered=20, dossiers_examined=15,
                   dossiers_adjourned=3)
        _technical(base.con, HELD + timedelta(days=1), dossiers_registered=10,
                   dossiers_examined=8)
    assert ("Ordre du jour : 30 dossiers inscrits aux 2 réunions de la période consacrées à "
            "l'examen de dossiers, dont 23 examinés (76,7 %) et 3 ajournés (10,0 %) (ajournés "
            "non saisis pour 1 de ces réunions).") in _text(tmp_path)


def test_a_period_without_any_inscrits_says_so_in_a_sentence(tmp_path):
    with _base(tmp_path) as base:
        _technical(base.con, HELD, dossiers_examined=15)
        _technical(base.con, HELD + timedelta(days=1), dossiers_examined=8)
        meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.PLENIERE))
    text = _text(tmp_path)
    assert ("Ordre du jour : le nombre de dossiers inscrits n'est saisi pour aucune des "
            "réunions de la période consacrées à l'examen de dossiers (2).") in text
    assert "ajourné" not in text


def test_a_period_without_dossiers_has_no_agenda_sentence(tmp_path):
    with _base(tmp_path) as base:
        meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.PLENIERE))
    assert "Ordre du jour" not in _text(tmp_path)


def test_an_action_closed_before_the_period_is_listed_once_a_meeting_of_it_deals_with_it(
        tmp_path):
    """Done before the period and without a step since, an action is left out; dealt
    with at a meeting of the period, it is news, listed with that meeting."""
    with _base(tmp_path) as base:
        axis = roadmap.axes(base.con)[0].id
        closed = [roadmap.save_action(base.con, Action(
            axis_id=axis, title=title, status="REALISEE", progress=100,
            due_on=TODAY - timedelta(days=500))) for title in ("Charte signée", "Diagnostic")]
        meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.COPIL_CHARTE),
                      action_ids=[closed[0].id])
    text = _text(tmp_path, ("feuille_de_route",))
    assert ("Charte signée • Traitée en réunion : 1 réunion (comité de pilotage de la charte "
            f"du {normalise(format_date_unbroken(HELD))})") in text
    assert "1 action achevée avant la période, sans nouvelle étape depuis n'y figure pas." \
        in text and "Diagnostic" not in text


def test_a_base_read_before_step_9_has_no_agenda_and_no_meetings_for_actions(tmp_path,
                                                                           fill_data):
    """The command line reads a base without upgrading it: the bilan, the relevé and the
    meetings export of a base of schema 8 read neither."""
    path = tmp_path / "version8.db"
    base_at_version(path, fill_data, 8)
    with Base.open(path, read_only=True) as base:
        data = gather_report(base.con, today=date(2024, 12, 31))
        [meeting] = meetings.all_meetings(base.con)
        releve = gather_releve(base.con, meeting.id, TODAY)
        sheet = build_table(base.con, "meetings").sheet
    assert data.ccapex.agenda == meetings.Agenda(1, 0, 0, 0, 0, 0, 0, 0)
    assert all(not action.meetings for axis in data.roadmap.axes for action in axis.actions)
    assert releve.actions == () and releve.meeting.dossiers_registered is None
    values = dict(zip(sheet.headers, next(sheet.values())))
    assert (values["Dossiers examinés"], values["Dossiers inscrits à l'ordre du jour"],
            values["Dossiers ajournés"], values["Actions de la feuille de route abordées"]) \
        == (42, None, None, "")
