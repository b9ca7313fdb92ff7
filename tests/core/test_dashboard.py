"""Dashboard figures on small bases whose exact answers are known by construction."""

from __future__ import annotations

from datetime import date

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import ActionStatus, MeetingKind
from pexdesk.core.domain.models import Action, Campaign, IndicatorValue, Meeting, Response
from pexdesk.core.repositories import feedback, indicators, meetings, roadmap
from pexdesk.core.services.dashboard import (dashboard, indicator_trends, meeting_activity,
                                             roadmap_progress, satisfaction)
from pexdesk.core.services.demo import write_demo_base

MARCH = (date(2024, 3, 1), date(2024, 3, 31))
OTHER_DEPARTMENT = "56"


@pytest.fixture
def home(base) -> str:
    """The base's own département."""
    return base.profile().department_code


def _meeting(con, held_on, kind, dossiers, opinions, territory=""):
    meetings.save(con, Meeting(held_on=held_on, kind=kind, territory=territory,
                               dossiers_examined=dossiers, opinions_issued=opinions))


def test_meetings_of_the_period_only_are_counted(con):
    _meeting(con, date(2024, 3, 1), MeetingKind.TECHNIQUE, 12, 10)
    _meeting(con, date(2024, 3, 31), MeetingKind.SOUS_CCAPEX, 7, 6, territory="Nord")
    _meeting(con, date(2024, 4, 1), MeetingKind.TECHNIQUE, 30, 30)
    _meeting(con, date(2024, 2, 29), MeetingKind.PLENIERE, 0, 0)

    activity = meeting_activity(con, *MARCH)

    assert (activity.total, activity.dossiers_examined, activity.opinions_issued) == (2, 19, 16)
    assert activity.by_kind == {MeetingKind.PLENIERE: 0, MeetingKind.TECHNIQUE: 1,
                                MeetingKind.SOUS_CCAPEX: 1, MeetingKind.COPIL_CHARTE: 0,
                                MeetingKind.GROUPE_TRAVAIL: 0, MeetingKind.AUTRE: 0}


def test_a_period_of_one_day_includes_that_day(con):
    _meeting(con, date(2024, 3, 5), MeetingKind.TECHNIQUE, 12, 10)

    assert meeting_activity(con, date(2024, 3, 5), date(2024, 3, 5)).total == 1
    assert meeting_activity(con, date(2024, 3, 6), date(2024, 3, 31)).total == 0


def _action(con, status, progress, due_on):
    axis_id = roadmap.axes(con)[0].id
    return roadmap.save_action(con, Action(axis_id=axis_id, title=f"{status} {progress} {due_on}",
                                           status=status, progress=progress, due_on=due_on))


def test_roadmap_counts_statuses_mean_progress_and_late_actions(con):
    today = date(2024, 6, 1)
    _action(con, ActionStatus.A_LANCER, 0, date(2024, 1, 10))     # late
    _action(con, ActionStatus.EN_COURS, 50, date(2024, 5, 31))    # late
    _action(con, ActionStatus.EN_COURS, 30, today)                # due today: not late yet
    _action(con, ActionStatus.REALISEE, 100, date(2024, 2, 1))
    _action(con, ActionStatus.ABANDONNEE, 20, date(2024, 1, 1))   # outside the mean
    _action(con, ActionStatus.A_LANCER, 0, None)

    progress = roadmap_progress(con, today)

    assert progress.by_status == {ActionStatus.A_LANCER: 2, ActionStatus.EN_COURS: 2,
                                  ActionStatus.REALISEE: 1, ActionStatus.ABANDONNEE: 1}
    assert progress.total == 6
    assert progress.mean_progress == pytest.approx((0 + 50 + 30 + 100 + 0) / 5)
    assert progress.late == 2 == sum(a.is_late(today) for a in roadmap.actions(con))


def test_an_empty_base_gives_zeros_and_no_ratios(con):
    board = dashboard(con, *MARCH, today=date(2024, 6, 1))

    assert board.meetings.total == 0 and board.meetings.dossiers_examined == 0
    assert board.roadmap.total == 0 and board.roadmap.mean_progress is None
    assert board.roadmap.late == 0
    assert board.satisfaction.scored == 0 and board.satisfaction.share is None
    assert board.indicators and all(t.value is None for t in board.indicators)


def _value(indicator_id, month, value, department):
    return IndicatorValue(indicator_id=indicator_id, department_code=department, month=month,
                          value=value)


def test_latest_known_value_is_compared_with_the_month_before(con, home):
    ids = {i.code: i.id for i in indicators.catalogue(con)}
    indicators.set_values(con, [
        _value(ids["ASSIGN"], date(2024, 1, 1), 10, home),
        _value(ids["ASSIGN"], date(2024, 2, 1), 12, home),
        _value(ids["ASSIGN"], date(2024, 3, 1), None, home),           # not available
        _value(ids["ASSIGN"], date(2024, 4, 1), 40, home),             # after the period
        _value(ids["ASSIGN"], date(2024, 3, 1), 99, OTHER_DEPARTMENT),
        _value(ids["CQL"], date(2024, 3, 1), 5, home),                 # no February value
        _value(ids["CFP_DEM"], date(2023, 12, 1), 8, home),            # before the period
        _value(ids["DSF_PRESENCE"], date(2024, 2, 1), 41.5, home),
        _value(ids["DSF_PRESENCE"], date(2024, 3, 1), 38.0, home),
    ])

    trends = {t.code: t for t in indicator_trends(con, date(2024, 1, 15), date(2024, 3, 31))}

    assert (trends["ASSIGN"].month, trends["ASSIGN"].value, trends["ASSIGN"].previous,
            trends["ASSIGN"].change) == (date(2024, 2, 1), 12, 10, 2)
    assert (trends["CQL"].value, trends["CQL"].previous, trends["CQL"].change) == (5, None, None)
    assert trends["CFP_DEM"].month is None and trends["CFP_DEM"].value is None
    assert trends["DSF_PRESENCE"].change == pytest.approx(-3.5)
    assert trends["DSF_PRESENCE"].unit == "%"


def test_trends_list_active_indicators_in_catalogue_order(con):
    catalogue = indicators.catalogue(con)
    retired = catalogue[1]
    retired.active = False
    indicators.save_indicator(con, retired)

    codes = [t.code for t in indicator_trends(con, *MARCH)]

    assert codes == [i.code for i in catalogue if i.code != retired.code]


def _campaign(con, name, start=None, end=None):
    return feedback.create_campaign(con, Campaign(name=name, period_start=start, period_end=end),
                                    [("M_ANIM", "Animation des partenariats")]).id


def _response(con, campaign_id, responded_on, score, department):
    feedback.add_response(con, Response(campaign_id=campaign_id, responded_on=responded_on,
                                        category_code="CAF", department_code=department,
                                        overall_score=score))


def test_satisfaction_counts_scored_responses_of_the_period(con, home):
    dated = _campaign(con, "Enquête 2024", date(2024, 1, 1), date(2024, 2, 28))
    for day, score in ((date(2024, 1, 10), 5), (date(2024, 1, 20), 4), (date(2024, 2, 1), 3),
                       (date(2024, 2, 5), None), (date(2024, 4, 1), 5)):
        _response(con, dated, day, score, home)
    _response(con, dated, date(2024, 1, 12), 1, OTHER_DEPARTMENT)
    _response(con, _campaign(con, "Papier", end=date(2024, 2, 15)), None, 2, home)  # undated
    _response(con, _campaign(con, "Sans dates"), None, 5, home)  # cannot be placed: left out

    result = satisfaction(con, date(2024, 1, 1), date(2024, 3, 31))

    assert (result.responses, result.scored, result.positive) == (5, 4, 2)
    assert result.share == 0.5


@pytest.fixture(scope="module")
def demo_base(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    write_demo_base(path, today=date(2026, 1, 3))
    with Base.open(path, read_only=True) as base:
        yield base


def test_demo_dashboard_agrees_with_the_records(demo_base):
    """The SQL figures match what the repositories' records say, on a realistic base."""
    con, today = demo_base.con, date(2026, 1, 3)
    first, last = date(2025, 1, 1), date(2025, 12, 31)
    held = [m for m in meetings.all_meetings(con) if first <= m.held_on <= last]
    pursued = [a for a in roadmap.actions(con) if a.status != ActionStatus.ABANDONNEE]

    board = dashboard(con, first, last, today)

    assert board.meetings.total == len(held)
    assert board.meetings.dossiers_examined == sum(m.dossiers_examined for m in held)
    assert board.roadmap.late == sum(a.is_late(today) for a in roadmap.actions(con)) > 0
    assert board.roadmap.mean_progress == pytest.approx(
        sum(a.progress for a in pursued) / len(pursued))
    assert board.satisfaction.scored > 30


def test_questionnaires_keyed_in_without_date_count_on_the_day_they_were_recorded(con, home):
    """Paper questionnaires often have no date, and a campaign created in a hurry none
    either: the dashboard counts them as the Résultats tab and the bilans do."""
    from pexdesk.core.services.statistics import Scope, statistics

    campaign = feedback.create_campaign(con, Campaign(name="Sans dates"), [("Q1", "Question")])
    for score in (5, 4, 2):
        feedback.add_response(con, Response(campaign_id=campaign.id, category_code="CAF",
                                            department_code=home, overall_score=score))
    today = date.today()
    shown = satisfaction(con, today.replace(day=1), today)
    assert (shown.responses, shown.scored, shown.positive) == (3, 3, 2)
    survey = statistics(con, Scope(department_code=home, first=today.replace(day=1), last=today))
    assert survey.responses == 3
    assert satisfaction(con, *MARCH).responses == 0
