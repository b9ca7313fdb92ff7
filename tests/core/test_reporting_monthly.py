"""The « Point mensuel »: one calendar month, its figures those of the core queries beside
the month before and the same month a year earlier (« — » for a month the base knows
nothing of, never 0), actions that moved (their journal, their status and progress
changes as the journal of changes traces them), late actions, indicators « non saisi »,
the month's meetings and open follow-ups, what falls due next month; the default month,
the months refused, a month before the mission and an empty base."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from reporting_helpers import page_texts, pdf_text

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import MEETING_KIND_LABELS, ActionStatus, MeetingKind
from pexdesk.core.domain.models import Action, FollowUp, JournalEntry, Meeting
from pexdesk.core.domain.profile import Profile
from pexdesk.core.formatting import format_date, format_number
from pexdesk.core.repositories import indicators, meetings, roadmap
from pexdesk.core.services.dashboard import meeting_activity
from pexdesk.core.services.reporting import catalog
from pexdesk.core.services.reporting.activity_blocks import (indicator_value, value_decimals,
                                                             with_unit)
from pexdesk.core.services.reporting.build import bilan_warning, build_report, gather_report
from pexdesk.core.services.reporting.catalog import ReportError
from pexdesk.core.services.reporting.periods import (Period, PeriodError, check_month,
                                                     default_month, month_of, months_offered)
from tests.core.exchange_helpers import DEMO_TODAY

MAY = month_of(date(2025, 5, 1))
"""A whole month of the demo (as of 16 June 2025), its month before and a year earlier
within the mission (begun 1 July 2023)."""
AUGUST_2023 = month_of(date(2023, 8, 1))
"""The demo mission's second month: the same month a year earlier precedes it."""


def _point(base_path, tmp_path_factory, month: Period | None, today: date = DEMO_TODAY,
           sections=None) -> str:
    out = tmp_path_factory.mktemp("point") / "point.pdf"
    first = month.first if month is not None else None
    assert build_report(base_path, "mensuel", first, None, sections, out, today=today) == out
    return pdf_text(out)


@pytest.fixture(scope="module")
def may_text(demo, tmp_path_factory) -> str:
    return _point(demo, tmp_path_factory, MAY)


def _figures_row(label: str, *values) -> str:
    return " ".join([label, *(v if isinstance(v, str) else format_number(v) for v in values)])


# --- The month -----------------------------------------------------------------------------------

@pytest.mark.parametrize("today, month", [
    (date(2026, 12, 3), date(2026, 11, 1)),   # the note due on the month just ended
    (date(2026, 11, 27), date(2026, 11, 1)),  # the note written for the month's end
    (date(2026, 11, 15), date(2026, 10, 1)),  # half of thirty days: the month ended
    (date(2026, 11, 16), date(2026, 11, 1)),
    (date(2027, 2, 15), date(2027, 2, 1)),    # half of February is the 14th
    (date(2027, 1, 1), date(2026, 12, 1)),
])
def test_the_default_month_is_the_one_whose_end_is_nearest(today, month):
    profile = Profile(department_code="32", adil_name="ADIL du Gers",
                      mission_start=date(2024, 1, 1))
    assert default_month(profile, today) == month_of(month)


def test_the_default_month_never_precedes_a_started_mission_and_ends_with_it():
    starting = Profile(department_code="32", adil_name="A", mission_start=date(2026, 11, 10))
    assert default_month(starting, date(2026, 11, 12)) == month_of(date(2026, 11, 1))
    over = Profile(department_code="32", adil_name="A", mission_start=date(2024, 1, 1),
                   mission_end=date(2026, 3, 10))
    assert default_month(over, date(2026, 11, 27)) == month_of(date(2026, 3, 1))
    assert months_offered(over, date(2026, 11, 27))[0] == month_of(date(2026, 3, 1))


def test_the_months_offered_run_from_now_back_to_the_mission_start():
    profile = Profile(department_code="32", adil_name="A", mission_start=date(2025, 10, 20))
    offered = months_offered(profile, date(2026, 1, 5))
    assert [m.first for m in offered] == [date(2026, 1, 1), date(2025, 12, 1),
                                          date(2025, 11, 1), date(2025, 10, 1)]
    assert offered[-1].last == date(2025, 10, 31)
    unknown = Profile(department_code="32", adil_name="A")
    assert len(months_offered(unknown, date(2026, 1, 5))) == 24


@pytest.mark.parametrize("first, last, month", [
    (date(2026, 2, 17), None, date(2026, 2, 1)),
    (None, date(2026, 2, 3), date(2026, 2, 1)),
    (date(2028, 2, 1), date(2028, 2, 29), date(2028, 2, 1)),
])
def test_a_month_is_named_by_any_of_its_days_or_by_its_bounds(first, last, month):
    assert check_month(first, last) == month_of(month)
    assert check_month(None, None) is None


@pytest.mark.parametrize("first, last", [
    (date(2026, 11, 5), date(2026, 11, 20)),
    (date(2026, 10, 1), date(2026, 11, 30)),
    (date(2026, 11, 1), date(2026, 11, 29)),
])
def test_a_period_that_is_not_one_calendar_month_is_refused(first, last):
    with pytest.raises(PeriodError, match="Le point mensuel porte sur un mois civil entier"):
        check_month(first, last)


def test_a_campaign_has_no_part_in_a_point_mensuel(demo, tmp_path):
    with pytest.raises(ReportError, match="ne porte sur aucune campagne"):
        build_report(demo, "mensuel", None, None, None, tmp_path / "p.pdf", campaign="x",
                     today=DEMO_TODAY)
    assert list(tmp_path.iterdir()) == []


# --- A note -----------------------------------------------------------------------------------

def test_a_note_of_two_to_four_pages_without_cover_headed_by_its_catalog_sections(
        demo, tmp_path):
    out = tmp_path / "point.pdf"
    build_report(demo, "mensuel", MAY.first, MAY.last, None, out, today=DEMO_TODAY)
    reader = PdfReader(out)
    assert 2 <= len(reader.pages) <= 4
    first = page_texts(out)[0]
    assert "Point mensuel · mai 2025" in first  # the running header from the first page
    assert "Point mensuel — mai 2025" in first
    assert "Rédigée par Camille Soubiran, chargé(e) de mission PEX" in first
    assert "Note du 16" in first and "Département : Gers (32)" in first
    assert [item["/Title"] for item in reader.outline] == [
        f"{number}. {section.title}"
        for number, section in enumerate(catalog.MONTHLY.sections, start=1)]
    assert reader.metadata.title == "Point mensuel – mission de prévention des expulsions – " \
                                    "Gers (32)"


def test_sections_can_be_left_out(demo, tmp_path_factory):
    text = _point(demo, tmp_path_factory, MAY, sections=("indicateurs",))
    assert "1 Indicateurs" in text
    assert "Le mois en chiffres" not in text and "À venir" not in text


# --- 1. Le mois en chiffres ---------------------------------------------------------------------

def test_the_month_in_figures_equals_the_core_queries(demo, demo_con, may_text):
    months = (MAY, month_of(date(2025, 4, 1)), month_of(date(2024, 5, 1)))
    followups = meetings.followup_rows(demo_con, DEMO_TODAY)
    activity = [meeting_activity(demo_con, m.first, m.last) for m in months]
    decided = [[row for row in followups if row.held_on in m] for m in months]

    def count(sql: str, month: Period, *more) -> int:
        return demo_con.execute(sql, (*more, month.first.isoformat(),
                                      month.last.isoformat())).fetchone()[0]

    journal = [count("SELECT count(*) FROM action_journal WHERE entry_on BETWEEN ? AND ?", m)
               for m in months]
    values = [sum(v.value is not None for v in indicators.values_between(
        demo_con, "32", m.first, m.first)) for m in months]
    assert "Mai 2025 Mois précédent avril 2025 Un an plus tôt mai 2024" in may_text
    expected = [
        _figures_row("Réunions tenues", *(a.total for a in activity)),
        _figures_row("Dossiers examinés", *(a.dossiers_examined for a in activity)),
        _figures_row("Avis et recommandations émis", *(a.opinions_issued for a in activity)),
        _figures_row("Suites à donner décidées en réunion", *map(len, decided)),
        _figures_row("dont réalisées au 16 juin 2025",
                     *(sum(r.done for r in rows) for rows in decided)),
        _figures_row("Étapes consignées au journal de la feuille de route", *journal),
        _figures_row("Valeurs d'indicateurs saisies", *values),
    ]
    for kind in MeetingKind:
        held = [a.by_kind[kind] for a in activity]
        label = {MeetingKind.TECHNIQUE: "dont commissions techniques",
                 MeetingKind.SOUS_CCAPEX: "dont séances de sous-CCAPEX"}.get(kind)
        if label:
            expected.append(_figures_row(label, *held))
    for row in expected:
        assert row in may_text
    assert sum(journal) and sum(values) and activity[0].total  # figures that can be wrong


def test_the_agenda_rows_equal_the_sums_of_the_relevés(demo_con, may_text):
    months = (MAY, month_of(date(2025, 4, 1)), month_of(date(2024, 5, 1)))
    sums = [demo_con.execute(
        "SELECT sum(dossiers_registered), sum(dossiers_adjourned) FROM meeting "
        "WHERE held_on BETWEEN ? AND ?", (m.first.isoformat(), m.last.isoformat())).fetchone()
        for m in months]
    assert all(registered for registered, _ in sums)  # every demo commission gives them
    assert _figures_row("Dossiers inscrits à l'ordre du jour", *(r for r, _ in sums)) in may_text
    assert _figures_row("Dossiers ajournés", *(a for _, a in sums)) in may_text
    assert "(partiel)" not in may_text and "« (partiel) »" not in may_text


def test_an_agenda_given_for_some_meetings_reads_partial_and_for_none_non_saisi(
        base, tmp_path_factory):
    """November: one commission of two gives its inscrits, none its ajournés; October:
    a commission gives neither; November 2025 has no meeting examining dossiers."""
    def technical(day: date, territory: str = "", **counts) -> None:
        kind = MeetingKind.SOUS_CCAPEX if territory else MeetingKind.TECHNIQUE
        meetings.save(base.con, Meeting(held_on=day, kind=kind, territory=territory,
                                        **counts))

    technical(date(2026, 11, 3), dossiers_registered=20, dossiers_examined=18)
    technical(date(2026, 11, 10), "Nord", dossiers_examined=6)
    technical(date(2026, 10, 6), dossiers_examined=12)
    meetings.save(base.con, Meeting(held_on=date(2025, 11, 4), kind=MeetingKind.PLENIERE))
    text = _point(base.path, tmp_path_factory, month_of(date(2026, 11, 1)),
                  today=date(2026, 12, 3))
    assert ("Dossiers inscrits à l'ordre du jour 20 (partiel) non saisi 0 Dossiers examinés "
            "24 12 0 Dossiers ajournés non saisi non saisi 0 Avis") in text
    assert ("Dossiers inscrits et ajournés : sommes des relevés qui les donnent ; « (partiel) » "
            ": donnés pour une partie seulement des réunions du mois ayant examiné des "
            "dossiers, « non saisi » : pour aucune.") in text


def test_a_base_whose_relevés_never_give_their_agenda_shows_no_row_of_it(base,
                                                                          tmp_path_factory):
    meetings.save(base.con, Meeting(held_on=date(2026, 11, 3), kind=MeetingKind.TECHNIQUE,
                                    dossiers_examined=18))
    text = _point(base.path, tmp_path_factory, month_of(date(2026, 11, 1)),
                  today=date(2026, 12, 3))
    assert "Dossiers examinés 18" in text
    assert "inscrits" not in text and "ajournés" not in text


def test_a_comparison_month_before_the_mission_reads_a_dash_not_zero(demo, demo_con,
                                                                     tmp_path_factory):
    text = _point(demo, tmp_path_factory, AUGUST_2023)
    august, july = (meeting_activity(demo_con, m.first, m.last)
                    for m in (AUGUST_2023, month_of(date(2023, 7, 1))))
    assert _figures_row("Réunions tenues", august.total, july.total, "—") in text
    assert _figures_row("Valeurs d'indicateurs saisies", 0, 0, "—") not in text
    assert "« — » : mois antérieur au début de la mission (1er juillet 2023)" in text


def test_a_month_before_the_mission_warns_and_shows_no_figure(demo, tmp_path_factory):
    before = month_of(date(2020, 3, 1))
    text = _point(demo, tmp_path_factory, before)
    assert ("Attention : Mars 2020 précède le début de la mission, le 1er juillet 2023") in text
    assert "1 Le mois en chiffres Aucune donnée sur la période. 2 Feuille de route" in text
    assert "Réunions tenues" not in text
    with Base.open(demo, read_only=True) as base:
        data = gather_report(base.con, before.first, None, today=DEMO_TODAY, kind="mensuel")
        whole = gather_report(base.con, MAY.first, None, today=DEMO_TODAY, kind="mensuel")
    assert bilan_warning(data) == ("Attention : le mois choisi (mars 2020) est antérieur au "
                                   "début de la mission (1er juillet 2023) : le point mensuel "
                                   "ne contient presque aucune donnée.")
    assert bilan_warning(whole) is None


def test_an_empty_base_says_so_in_every_section(base, tmp_path_factory):
    today = date(2026, 11, 3)
    text = _point(base.path, tmp_path_factory, None, today=today)
    assert "Point mensuel — octobre 2026" in text
    assert "1 Le mois en chiffres Aucune donnée sur la période." in text
    assert "Aucune action n'a évolué en octobre 2026." in text
    assert "Aucune action n'est en retard sur son échéance au 31 octobre 2026." in text
    assert "Aucun indicateur renseigné pour octobre 2026, sur 20 attendus chaque mois." in text
    assert text.count("non saisi — —") == 20
    assert "Aucune réunion enregistrée en octobre 2026." in text
    assert "Aucune suite à donner décidée en réunion n'est ouverte au 3 novembre 2026." in text
    assert "Aucune action à lancer ou en cours n'arrive à échéance en novembre 2026." in text
    assert "Aucune suite à donner ouverte n'arrive à échéance en novembre 2026." in text
    assert " 0 " not in text.split("2 Feuille de route")[0]


def test_the_month_in_progress_says_so(demo, tmp_path_factory):
    text = _point(demo, tmp_path_factory, None)  # 16 June 2025: June, not over
    assert "Point mensuel — juin 2025" in text
    assert "Attention : Juin 2025 n'est pas achevé : ce point en donne la situation au " \
           "16 juin 2025." in text
    assert "Juin 2025 (en cours) Mois précédent mai 2025" in text


# --- 2. Feuille de route ---------------------------------------------------------------------

def test_the_actions_that_moved_their_steps_and_the_late_ones(demo, demo_con, may_text):
    steps = demo_con.execute(
        "SELECT a.title, j.entry_on, j.text FROM action_journal j JOIN action a "
        "ON a.id = j.action_id WHERE j.entry_on BETWEEN ? AND ? ORDER BY j.entry_on",
        (MAY.first.isoformat(), MAY.last.isoformat())).fetchall()
    moved = {title for title, _, _ in steps}
    assert f"{len(moved)} actions ont évolué en mai 2025." in may_text
    journal = may_text.split("Étapes consignées au journal")[-1]  # the heading, after the row
    for title, entry_on, text in steps:
        assert f"{title} • {format_date(date.fromisoformat(entry_on))} — {text}" in journal
    late = [row for row in roadmap.action_rows(demo_con, MAY.last) if row.late]
    assert late
    part = may_text.split("Actions en retard au 31 mai 2025")[1].split("3 Indicateurs")[0]
    assert f"{len(late)} actions en retard" in part
    for row in late:
        assert row.title in part


def test_a_long_list_of_actions_that_moved_is_cut_in_the_roadmap_s_order(base,
                                                                      tmp_path_factory):
    """Every action that moved was listed, however many: a roadmap reviewed in one month
    filled pages of the note, where late actions and follow-ups stop at 20. The steps of
    the journal follow the actions listed."""
    axis = roadmap.axes(base.con)[0].id
    for n in range(1, 24):
        action = roadmap.save_action(base.con, Action(axis_id=axis,
                                                      title=f"Action numéro {n:02d}"))
        roadmap.add_journal_entry(base.con, JournalEntry(
            action_id=action.id, entry_on=date(2026, 10, n), text=f"Étape numéro {n:02d}"))
    text = _point(base.path, tmp_path_factory, Period(date(2026, 10, 1), date(2026, 10, 31)),
                  today=date(2026, 11, 3))
    moved = text.split("2 Feuille de route")[1].split("Actions en retard")[0]
    assert "23 actions ont évolué en octobre 2026." in moved
    table = moved.split("Étapes consignées au journal")[0]
    assert re.findall(r"Action numéro (\d\d)", table) == [f"{n:02d}" for n in range(1, 21)]
    assert ("Les 20 premières dans l'ordre de la feuille de route ; 3 autres dans pexdesk, "
            "écran « Feuille de route ».") in table
    steps = moved.split("Étapes consignées au journal")[1]
    assert re.findall(r"Étape numéro (\d\d)", steps) == [f"{n:02d}" for n in range(1, 21)]


def test_a_change_of_status_or_progress_is_traced_by_the_journal_of_changes(base, tmp_path):
    today = date.today()
    axis = roadmap.axes(base.con)[0].id
    moved = roadmap.save_action(base.con, Action(axis_id=axis, title="Charte révisée",
                                                 status=ActionStatus.A_LANCER))
    renamed = roadmap.save_action(base.con, Action(axis_id=axis, title="Guide des bailleurs"))
    moved.status, moved.progress = ActionStatus.EN_COURS, 20
    roadmap.save_action(base.con, moved)
    renamed.title = "Guide des bailleurs privés"  # not a change of status nor progress
    roadmap.save_action(base.con, renamed)
    data = gather_report(base.con, today, today=today, kind="mensuel")
    [change] = data.roadmap.changed
    assert (change.action.title, change.status_changed, change.progress_changed) == (
        "Charte révisée", (today,), (today,))
    out = tmp_path / "point.pdf"
    build_report(base.con, "mensuel", today, None, ("feuille_de_route",), out, today=today)
    day = "1er" if today.day == 1 else str(today.day)
    assert (f"Statut modifié le {day} {format_date(today).split(' ')[1]} · avancement "
            "modifié le") in pdf_text(out)


def test_a_base_without_a_journal_of_changes_says_what_it_reads(base):
    base.con.execute("DROP TABLE change_log")
    data = gather_report(base.con, MAY.first, today=DEMO_TODAY, kind="mensuel")
    assert not data.roadmap.changes_traced and data.roadmap.changed == ()


# --- 3. Indicateurs --------------------------------------------------------------------------

def test_indicators_of_the_month_beside_the_month_before_and_a_year_earlier(demo, demo_con,
                                                                           may_text):
    catalogue = {i.id: i for i in indicators.catalogue(demo_con)}
    months = (MAY.first, date(2025, 4, 1), date(2024, 5, 1))
    entered = {(v.indicator_id, v.month): v for m in months
               for v in indicators.values_between(demo_con, "32", m, m)}
    checked = 0
    for indicator in catalogue.values():
        found = [entered.get((indicator.id, m)) for m in months]
        series = type("Series", (), {"label": indicator.label_text, "unit": indicator.unit,
                                     "known": [v.value for v in found if v and v.value is not None]})
        decimals = value_decimals(series)
        cells = [("non saisi" if index == 0 else "—") if v is None else
                 "non disponible" if v.value is None else
                 indicator_value(v.value, indicator.unit, decimals, bare=True)
                 for index, v in enumerate(found)]
        source = found[0].source if found[0] and found[0].source else indicator.source
        if len(with_unit(series)) <= 42:  # set on one line of its cell
            assert " ".join([with_unit(series), *cells, source]) in may_text
            checked += 1
    assert checked >= 12
    assert "non saisi" in may_text and "non disponible" in may_text
    assert "15 indicateurs renseignés pour mai 2025, sur 20 attendus chaque mois." in may_text


# --- 4. CCAPEX and 5. À venir ----------------------------------------------------------------

def test_the_month_s_meetings_and_the_follow_ups_still_open(demo, demo_con, may_text):
    held = [row for row in meetings.meeting_rows(demo_con) if row.held_on in MAY]
    part = may_text.split("4 Réunions de la CCAPEX")[1]
    assert held
    for row in held:
        assert (f"{format_date(row.held_on)} {MEETING_KIND_LABELS[row.kind]} "
                f"{row.territory or 'département'} {format_number(row.dossiers_examined)} "
                f"{format_number(row.opinions_issued)}") in part
    total = meeting_activity(demo_con, MAY.first, MAY.last)
    assert (f"Total {total.total} réunions {total.dossiers_examined} "
            f"{total.opinions_issued}") in part
    still_open = [row for row in meetings.followup_rows(demo_con, MAY.last)
                  if not row.done and row.held_on <= MAY.last]
    late = sum(row.late for row in still_open)
    assert (f"{len(still_open)} suites à donner décidées en réunion jusqu'au 31 mai 2025 "
            f"restent ouvertes au 16 juin 2025, dont {late} en retard au 31 mai 2025") in part
    assert part.count("EN RETARD") == late


def test_what_falls_due_next_month(base, tmp_path_factory):
    today = date(2026, 11, 3)
    axis = roadmap.axes(base.con)[0].id
    saved = [roadmap.save_action(base.con, Action(axis_id=axis, title=title, status=status,
                                                  due_on=due))
             for title, due, status in (
                 ("Former les agents", date(2026, 11, 20), ActionStatus.EN_COURS),
                 ("Charte signée", date(2026, 11, 25), ActionStatus.REALISEE),
                 ("Guide diffusé", date(2026, 12, 1), ActionStatus.A_LANCER))]
    meetings.save(base.con, Meeting(held_on=date(2026, 10, 14), kind="TECHNIQUE",
                                    dossiers_examined=4, opinions_issued=3), followups=[
        FollowUp(description="Relancer la CAF", due_on=date(2026, 11, 10)),
        FollowUp(description="Écrire au bailleur", due_on=date(2026, 10, 20))])
    roadmap.add_journal_entry(base.con, JournalEntry(action_id=saved[0].id,
                                                     entry_on=date(2026, 10, 2),
                                                     text="Programme arrêté."))
    text = _point(base.path, tmp_path_factory, None, today=today)
    upcoming = text.split("5 À venir")[1]
    assert "Former les agents" in upcoming and "Charte signée" not in upcoming
    assert "Guide diffusé" not in upcoming
    assert "Relancer la CAF" in upcoming and "Écrire au bailleur" not in upcoming
    assert "20/10/2026 EN RETARD Écrire au bailleur" in text
    assert _figures_row("Réunions tenues", 1, "—", "—") in text  # no mission start: no data


def test_a_long_list_of_open_follow_ups_is_cut_and_the_rest_counted(base, tmp_path_factory):
    """A base where follow-ups are seldom ticked done must not turn the note into a list of
    hundreds (22 pages on the benchmark's large base): the 20 due soonest, then a count."""
    meetings.save(base.con, Meeting(held_on=date(2026, 9, 8), kind="TECHNIQUE",
                                    dossiers_examined=4, opinions_issued=3), followups=[
        FollowUp(description=f"Suite numéro {n:02d}", due_on=date(2026, 9, 1) + timedelta(days=n))
        for n in range(1, 24)])
    text = _point(base.path, tmp_path_factory, Period(date(2026, 10, 1), date(2026, 10, 31)),
                  today=date(2026, 11, 3))
    listed = text.split("4 Réunions de la CCAPEX")[1].split("5 À venir")[0]
    assert "23 suites à donner décidées en réunion jusqu'au 31 octobre 2026" in listed
    assert "Suite numéro 20" in listed and "Suite numéro 21" not in listed
    assert ("Les 20 premières par échéance ; 3 autres dans pexdesk, Réunions CCAPEX, onglet "
            "« Suites à donner ».") in listed


def test_a_follow_up_due_next_month_is_listed_once_under_a_venir(base, tmp_path_factory):
    """Open and due next month, it was listed among the open follow-ups and again under
    « À venir »: the open ones now count it and say where it is."""
    meetings.save(base.con, Meeting(held_on=date(2026, 10, 14), kind="TECHNIQUE",
                                    dossiers_examined=4, opinions_issued=3), followups=[
        FollowUp(description="Relancer la CAF", due_on=date(2026, 11, 10)),
        FollowUp(description="Écrire au bailleur", due_on=date(2026, 10, 20))])
    october = Period(date(2026, 10, 1), date(2026, 10, 31))
    text = _point(base.path, tmp_path_factory, october, today=date(2026, 11, 3))
    open_part = text.split("4 Réunions de la CCAPEX")[1].split("5 À venir")[0]
    assert ("2 suites à donner décidées en réunion jusqu'au 31 octobre 2026 restent ouvertes "
            "au 3 novembre 2026, dont 1 en retard au 31 octobre 2026 (échéance dépassée) ; 1 "
            "arrive à échéance en novembre 2026 et est listée plus bas, sous « À venir ».") \
        in open_part
    assert "Écrire au bailleur" in open_part and "Relancer la CAF" not in open_part
    assert text.count("Relancer la CAF") == 1
    assert "Relancer la CAF" in text.split("5 À venir")[1]

    without = _point(base.path, tmp_path_factory, october, today=date(2026, 11, 3),
                     sections=("ccapex",))
    assert "Relancer la CAF" in without and "À venir" not in without


def test_a_note_whose_open_follow_ups_all_fall_due_next_month_lists_none_of_them_twice(
        base, tmp_path_factory):
    meetings.save(base.con, Meeting(held_on=date(2026, 10, 14), kind="TECHNIQUE",
                                    dossiers_examined=4, opinions_issued=3), followups=[
        FollowUp(description="Relancer la CAF", due_on=date(2026, 11, 10))])
    text = _point(base.path, tmp_path_factory, Period(date(2026, 10, 1), date(2026, 10, 31)),
                  today=date(2026, 11, 3))
    assert ("1 suite à donner décidée en réunion jusqu'au 31 octobre 2026 reste ouverte au 3 "
            "novembre 2026, aucune en retard ; elle arrive à échéance en novembre 2026 et est "
            "listée plus bas, sous « À venir ».") in text
    assert text.count("Relancer la CAF") == 1


def test_a_long_list_of_late_actions_is_cut_the_most_late_first(base, tmp_path_factory):
    """139 late actions made 7 pages of the large base's note: the 20 most late, then a
    count saying where to read them all."""
    axis = roadmap.axes(base.con)[0].id
    for n in range(1, 24):  # saved in the roadmap's order, the most late last
        roadmap.save_action(base.con, Action(axis_id=axis, title=f"Action numéro {n:02d}",
                                             status=ActionStatus.EN_COURS,
                                             due_on=date(2026, 9, 30) - timedelta(days=n)))
    text = _point(base.path, tmp_path_factory, Period(date(2026, 10, 1), date(2026, 10, 31)),
                  today=date(2026, 11, 3))
    late = text.split("Actions en retard au 31 octobre 2026")[1].split("3 Indicateurs")[0]
    assert "23 actions en retard" in late
    listed = re.findall(r"Action numéro (\d\d)", late)
    assert listed == [f"{n:02d}" for n in range(23, 3, -1)]
    assert ("Les 20 plus en retard ; 3 autres dans pexdesk, écran « Feuille de route », ou "
            "dans le bilan d'activité.") in late
