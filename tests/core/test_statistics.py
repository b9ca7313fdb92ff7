"""Survey statistics (shared/survey.md §3–§4): exact figures on bases with known responses."""

from __future__ import annotations

import random
from dataclasses import replace
from statistics import NormalDist

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pexdesk.core.db.connection import transaction
from pexdesk.core.errors import NotFoundError
from pexdesk.core.formatting import format_percent
from pexdesk.core.services.statistics import (POOLED_CODE, POOLED_LABEL, Comment, Scope,
                                              ScoreSummary, comments, resolve_scope, statistics,
                                              summarize, wilson_interval)
from tests.survey_data import (ANIL_DEPARTMENTS, CHARTE_RESPONDENTS, NC,
                               SOUS_CCAPEX_RESPONDENTS, add, anil_like_survey, new_campaign)

TWO_ITEMS = (("A", "Question A"), ("B", "Question B"))


# --- Wilson interval --------------------------------------------------------------------------

@pytest.mark.parametrize("k, n, share, low, high", [
    (2, 2, 1.00, 0.34, 1.00),
    (4, 5, 0.80, 0.38, 0.96),
    (7, 10, 0.70, 0.40, 0.89),
    (14, 20, 0.70, 0.48, 0.85),
    (20, 28, 0.71, 0.53, 0.85),
    (70, 100, 0.70, 0.60, 0.78),
], ids=lambda v: str(v))
def test_wilson_matches_the_reference_table_of_survey_md(k, n, share, low, high):
    summary = ScoreSummary("x", (n - k, 0, 0, k, 0))

    assert summary.top2_share == pytest.approx(share, abs=0.005)
    assert summary.top2_ci == pytest.approx((low, high), abs=0.005)


@pytest.mark.parametrize("k, n, low, high", [
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718)])
def test_wilson_matches_newcombe_1998_to_four_decimals(k, n, low, high):
    """Newcombe, Statistics in Medicine 17 (1998), method 3: a check finer than the table
    above, which would not notice z = 1.96 instead of 1.959964 or a slip in a term."""
    assert wilson_interval(k, n) == pytest.approx((low, high), abs=0.00005)


@pytest.mark.parametrize("k, n", [(2, 2), (4, 5), (7, 10), (14, 20), (20, 28), (70, 100),
                                  (0, 7), (114, 163)])
def test_wilson_bounds_invert_the_score_test_at_the_exact_95_percent_quantile(k, n):
    """Wilson's bounds are the proportions p at which the score statistic
    |k/n − p| / sqrt(p(1 − p)/n) equals z: checked with z from the standard library, to a
    precision that tells z = 1.959964 (scipy's) from the rounded 1.96."""
    z = NormalDist().inv_cdf(0.975)
    for p in wilson_interval(k, n):
        if 0 < p < 1:
            assert (k / n - p) ** 2 == pytest.approx(z * z * p * (1 - p) / n, rel=1e-6)


def test_wilson_bounds_at_the_ends_and_without_answers():
    assert wilson_interval(0, 3)[0] == 0.0
    assert wilson_interval(3, 3)[1] == 1.0
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        wilson_interval(4, 3)


# --- one scope, exact figures -----------------------------------------------------------------

A_SCORES = [1, 2, 2, 3, 4, 5, 5, NC, NC, None]
B_SCORES = [NC, NC, NC, NC, NC, 3, 4, None, None, None]
OVERALL = [5, 4, 4, 3, None, 2, 5, 1, None, 4]


@pytest.fixture
def ten(con):
    """Ten CAF responses from the 35 on two items."""
    campaign, items = new_campaign(con, items=TWO_ITEMS)
    with transaction(con):
        for a, b, overall in zip(A_SCORES, B_SCORES, OVERALL):
            add(con, campaign, items, overall=overall, scores=(a, b))
    return campaign


def test_item_counts_exclude_not_concerned_and_no_answer(con, ten):
    result = statistics(con)
    a, b = result.items

    assert result.responses == 10
    assert (a.label, a.code) == ("Question A", "A")
    assert a.distribution == (1, 2, 1, 1, 2)
    assert (a.n, a.not_concerned, a.no_answer) == (7, 2, 1)
    assert a.mean == pytest.approx(22 / 7)
    assert a.median == 3
    assert a.top2 == 3 and a.top2_share == pytest.approx(3 / 7)
    assert a.top2_ci == pytest.approx(wilson_interval(3, 7))
    assert b.distribution == (0, 0, 1, 1, 0)
    assert (b.n, b.not_concerned, b.no_answer) == (2, 5, 3)
    assert (b.mean, b.median, b.top2_share) == (3.5, 3.5, 0.5)


def test_overall_comes_from_the_overall_score(con, ten):
    overall = statistics(con).overall

    assert overall.distribution == (1, 1, 1, 3, 2)
    assert (overall.n, overall.not_concerned, overall.no_answer) == (8, 0, 2)
    assert overall.mean == 3.5
    assert overall.median == 4
    assert overall.top2_share == 5 / 8


def test_small_n_rules_on_stored_items(con, ten):
    a, b = statistics(con).items

    assert a.shows_percentage and a.low_n
    assert not b.shows_percentage and b.low_n
    assert b.counts_text() == "1×3, 1×4"
    assert b.caution == "effectif trop faible pour un pourcentage"


@pytest.mark.parametrize("scores, median", [
    ([3, 4], 3.5), ([2, 2, 4, 5], 3.0), ([1, 1, 1, 5, 5, 5], 3.0), ([4, 4, 5, 5], 4.5),
    ([5], 5.0), ([1, 2, 3], 2.0), ([1, 5, 5, 5, 5], 5.0)])
def test_median_with_odd_and_even_n(scores, median):
    assert summarize(scores).median == median


def test_nothing_to_average_without_valid_answers():
    summary = summarize([NC, None, NC])

    assert (summary.n, summary.not_concerned, summary.no_answer) == (0, 2, 1)
    assert summary.mean is summary.median is summary.top2_share is summary.top2_ci is None
    assert summary.caution == "aucune réponse"


def test_low_n_flag_between_9_and_10_valid_answers(con):
    campaign, items = new_campaign(con, items=TWO_ITEMS)
    with transaction(con):
        for index in range(12):
            add(con, campaign, items,
                scores=(4 if index < 9 else NC, 4 if index < 10 else None))
    nine, ten_ = statistics(con).items

    assert (nine.n, ten_.n) == (9, 10)
    assert nine.low_n and not ten_.low_n
    assert nine.caution == "à interpréter avec prudence (n < 10)"
    assert ten_.caution == "n < 30"
    relaxed = statistics(con, low_n_threshold=9).items
    assert not relaxed[0].low_n


@pytest.mark.parametrize("n, shows, low, caution", [
    (0, False, True, "aucune réponse"),
    (4, False, True, "effectif trop faible pour un pourcentage"),
    (5, True, True, "à interpréter avec prudence (n < 10)"),
    (9, True, True, "à interpréter avec prudence (n < 10)"),
    (10, True, False, "n < 30"),
    (29, True, False, "n < 30"),
    (30, True, False, None)])
def test_thresholds_of_survey_md_4_4(n, shows, low, caution):
    summary = summarize([3] * n)

    assert (summary.shows_percentage, summary.low_n, summary.caution) == (shows, low, caution)


# --- scope: départements, categories, campaigns -----------------------------------------------

def test_regional_survey_pools_every_departement_without_a_filter(con):
    """A base for the 35 that received a regional file: the other départements'
    responses are part of the survey unless a département is asked for."""
    campaign, items = new_campaign(con, items=TWO_ITEMS)
    plan = [("35", 5, 4), ("35", 4, 5), ("35", 2, 1), ("56", 5, 5), ("56", 1, NC), ("29", 3, 2)]
    with transaction(con):
        for department, overall, a in plan:
            add(con, campaign, items, department=department, overall=overall, scores=(a,))
    everyone = statistics(con)

    assert everyone.responses == 6
    assert everyone.departments == 3
    assert [(g.code, g.responses) for g in everyone.by_department] == [
        ("29", 1), ("35", 3), ("56", 2)]
    assert everyone.overall.distribution == (1, 1, 1, 1, 2)
    assert everyone.items[0].distribution == (1, 1, 0, 1, 2)
    assert everyone.items[0].not_concerned == 1
    assert everyone.items[1].no_answer == 6

    morbihan = statistics(con, resolve_scope(con, department="56"))
    assert morbihan.responses == 2 and morbihan.departments == 1
    assert morbihan.overall.distribution == (1, 0, 0, 0, 1)
    assert morbihan.items[0].distribution == (0, 0, 0, 0, 1)
    assert (morbihan.items[0].not_concerned, morbihan.items[0].no_answer) == (1, 0)
    home = statistics(con, resolve_scope(con, department="35"))
    assert home.responses == 3
    assert home.overall.distribution == (0, 1, 0, 1, 1)
    assert home.items[0].distribution == (1, 0, 0, 1, 1)


def test_category_filter_and_breakdown(con):
    campaign, items = new_campaign(con, items=TWO_ITEMS)
    plan = [("CAF", 5, 5), ("CAF", 4, 4), ("CAF", 1, 2), ("CAF", None, NC),
            ("CD", 3, 3), ("CD", 4, None), ("JUSTICE", 2, 1)]
    with transaction(con):
        for category, overall, a in plan:
            add(con, campaign, items, category=category, overall=overall, scores=(a,))

    caf = statistics(con, resolve_scope(con, category="caf"))
    assert caf.responses == 4
    assert caf.overall.distribution == (1, 0, 0, 1, 1)
    assert caf.overall.no_answer == 1
    assert caf.items[0].distribution == (0, 1, 0, 1, 1)
    assert (caf.items[0].not_concerned, caf.items[0].no_answer) == (1, 0)
    assert [(g.code, g.responses) for g in caf.by_category] == [("CAF", 4)]

    everyone = statistics(con)
    assert [(g.code, g.responses, g.overall.n) for g in everyone.by_category] == [
        ("CD", 2, 2), ("CAF", 4, 3), ("JUSTICE", 1, 1)]
    assert everyone.by_category[1].overall.mean == pytest.approx(10 / 3)
    pooled = everyone.pooled_categories()
    assert [(g.code, g.label, g.responses) for g in pooled] == [
        ("CAF", "CAF", 4), (POOLED_CODE, POOLED_LABEL, 3)]
    assert pooled[1].overall.distribution == (0, 1, 1, 1, 0)


def test_department_and_category_together(con):
    campaign, items = new_campaign(con, items=TWO_ITEMS)
    plan = [("35", "CAF", 5), ("35", "CD", 1), ("56", "CAF", 2), ("35", "CAF", 4)]
    with transaction(con):
        for department, category, a in plan:
            add(con, campaign, items, department=department, category=category, overall=a,
                scores=(a,))
    both = statistics(con, resolve_scope(con, department="35", category="CAF"))

    assert both.responses == 2
    assert both.items[0].distribution == (0, 0, 0, 1, 1)
    assert both.items[1].no_answer == 2


@pytest.mark.parametrize("department, category", [
    (None, None), ("35", None), ("56", None), (None, "CAF"), (None, "CD"), ("35", "CAF"),
    ("56", "CD")])
def test_every_way_of_counting_answers_agrees_with_a_recount(con, department, category):
    """Answers are counted three ways depending on the share of the responses a filter
    keeps (all, a small subset, or all minus the rest): each must give the recount."""
    rng = random.Random(7)
    campaign, items = new_campaign(con, items=TWO_ITEMS)
    other, other_items = new_campaign(con, "Autre campagne", items=TWO_ITEMS)
    rows = []
    with transaction(con):
        for index in range(40):
            row = (rng.choice(["35"] * 4 + ["56"]), rng.choice(["CAF", "CAF", "CD"]),
                   rng.choice([None, 1, 2, 3, 4, 5]),
                   [rng.choice([None, NC, 1, 2, 3, 4, 5]) for _ in items])
            rows.append(row)
            target, its = (campaign, items) if index % 4 else (other, other_items)
            add(con, target, its, department=row[0], category=row[1], overall=row[2],
                scores=row[3])
    scope = resolve_scope(con, department=department, category=category)
    kept = [row for row in rows if department in (None, row[0]) and category in (None, row[1])]
    if department == "35" or category == "CAF":  # the "all minus the rest" way…
        assert 2 * len(kept) > len(rows)
    if department == "56" or category == "CD":  # …and the subset way are both taken
        assert 2 * len(kept) < len(rows)
    statements = []
    con.set_trace_callback(statements.append)
    try:
        result = statistics(con, scope)
    finally:
        con.set_trace_callback(None)
    subtracted = any("AND NOT (" in sql for sql in statements)
    assert subtracted == (department == "35" or category == "CAF")

    assert result.responses == len(kept)
    overall = summarize([row[2] for row in kept])
    assert (result.overall.distribution, result.overall.no_answer) == (
        overall.distribution, overall.no_answer)
    for position, item in enumerate(result.items):
        expected = summarize([row[3][position] for row in kept])
        assert (item.distribution, item.not_concerned, item.no_answer) == (
            expected.distribution, expected.not_concerned, expected.no_answer)


def test_campaigns_pool_their_questions_by_code(con):
    old, old_items = new_campaign(con, "Enquête 2022", [("M_ANIM", "Animation des partenariats"),
                                                       ("M_DIAG", "Diagnostic")])
    new, new_items = new_campaign(con, "Enquête 2023", [("M_DIAG", "Diagnostic de la PEX"),
                                                       ("M_ANIM", "Animation partenariale"),
                                                       ("", "Nouvelle question")])
    with transaction(con):
        add(con, old, old_items, scores=(5, 1))
        add(con, old, old_items, scores=(4, None))
        add(con, new, new_items, scores=(2, 3, 4))

    pooled = statistics(con).items
    assert [(q.label, q.code) for q in pooled] == [
        ("Diagnostic de la PEX", "M_DIAG"), ("Animation partenariale", "M_ANIM"),
        ("Nouvelle question", "")]
    assert [q.distribution for q in pooled] == [(1, 1, 0, 0, 0), (0, 0, 1, 1, 1),
                                                (0, 0, 0, 1, 0)]
    assert [q.no_answer for q in pooled] == [1, 0, 0]  # 2022 never asked the new question

    only_old = statistics(con, resolve_scope(con, "enquête 2022"))
    assert only_old.scope.campaign_name == "Enquête 2022"
    assert only_old.responses == 2
    assert [(q.label, q.distribution) for q in only_old.items] == [
        ("Animation des partenariats", (0, 0, 0, 1, 1)), ("Diagnostic", (1, 0, 0, 0, 0))]


def test_empty_base(con):
    result = statistics(con)

    assert (result.responses, result.departments, result.items) == (0, 0, ())
    assert result.overall.n == 0 and result.overall.mean is None
    assert result.by_category == result.by_department == ()
    assert comments(con) == ()


def test_unknown_campaign_departement_or_category_is_an_error(con, ten):
    with pytest.raises(NotFoundError, match="Aucune campagne nommée « Enquête 1999 ».*"
                                            "« Enquête 2023 »"):
        resolve_scope(con, "Enquête 1999")
    with pytest.raises(NotFoundError, match="Département inconnu : « 99 »"):
        resolve_scope(con, department="99")
    with pytest.raises(NotFoundError, match="Catégorie de partenaire inconnue : « XYZ »"):
        resolve_scope(con, category="XYZ")


def test_departement_codes_as_people_type_them(con):
    assert resolve_scope(con, department=" 2a ").department_code == "2A"
    assert resolve_scope(con, department="6").department_code == "06"
    assert resolve_scope(con, department="974").department_code == "974"


# --- comments ---------------------------------------------------------------------------------

def _comment_base(con):
    campaign, items = new_campaign(con, items=TWO_ITEMS)
    plan = [("CAF", "35", "Très bonne animation"), ("JUSTICE", "35", "Réactivité de l'ADIL"),
            ("CAF", "35", "   \n\t "), ("DDETS", "35", "Plus-value réelle"),
            ("CAF", "56", "Bilan attendu"), ("JUSTICE", "35", ""),
            ("BAILSOC", "35", "  Échanges constructifs  ")]
    with transaction(con):
        for category, department, text in plan:
            add(con, campaign, items, category=category, department=department, comment=text)


def test_comments_name_categories_of_three_or_more_respondents_only(con):
    _comment_base(con)

    assert comments(con) == (
        Comment("CAF", "Très bonne animation"),
        Comment("CAF", "Bilan attendu"),
        Comment(POOLED_LABEL, "Réactivité de l'ADIL"),   # 2 magistrats
        Comment(POOLED_LABEL, "Plus-value réelle"),       # 1 DDETS
        Comment(POOLED_LABEL, "Échanges constructifs"),   # 1 bailleur social
    )


def test_the_three_respondent_rule_counts_within_the_scope(con):
    """The CAF has 3 respondents in all, 2 in the 35: there it becomes « autre partenaire »."""
    _comment_base(con)

    assert comments(con, resolve_scope(con, department="35")) == (
        Comment(POOLED_LABEL, "Très bonne animation"),
        Comment(POOLED_LABEL, "Réactivité de l'ADIL"),
        Comment(POOLED_LABEL, "Plus-value réelle"),
        Comment(POOLED_LABEL, "Échanges constructifs"),
    )
    assert [(g.code, g.responses) for g in
            statistics(con, resolve_scope(con, department="35")).pooled_categories()] == [
        (POOLED_CODE, 6)]


def test_the_real_autre_category_is_never_confused_with_the_pool(con):
    """« Autre partenaire » is a category like the others (kept from 3 respondents); the
    pool of rare categories has its own label, which names the rule."""
    campaign, items = new_campaign(con, items=TWO_ITEMS)
    with transaction(con):
        for _ in range(3):
            add(con, campaign, items, category="AUTRE", overall=4, comment="Travailleur social")
        add(con, campaign, items, category="JUSTICE", overall=2, comment="Magistrat")

    assert comments(con) == (*(Comment("Autre partenaire", "Travailleur social"),) * 3,
                             Comment(POOLED_LABEL, "Magistrat"))
    pooled = statistics(con).pooled_categories()
    assert [(g.code, g.label, g.responses) for g in pooled] == [
        ("AUTRE", "Autre partenaire", 3), (POOLED_CODE, POOLED_LABEL, 1)]
    assert POOLED_LABEL == "Autres catégories (moins de 3 répondants chacune)"
    assert pooled[1].overall.distribution == (0, 1, 0, 0, 0)


# --- a range of response dates ---------------------------------------------------------------

def test_a_date_range_keeps_the_responses_dated_in_it(con):
    """Dated responses by their date; undated ones by their campaign's collection end (or
    start), as on the dashboard; an undated response of an undated campaign by the day it
    was recorded.
    Every figure comes from the kept responses only, and a campaign without a response in
    the range brings no question."""
    from datetime import date

    from pexdesk.core.domain.models import Campaign
    from pexdesk.core.repositories import feedback
    from pexdesk.core.services import dashboard

    spring, items = new_campaign(con, "Printemps", items=TWO_ITEMS)
    autumn = feedback.create_campaign(con, Campaign(name="Automne", period_start=date(2024, 9, 1),
                                                    period_end=date(2024, 10, 31)),
                                      [("C", "Question C")])
    autumn_items = feedback.items_of(con, autumn.id)
    undated, undated_items = new_campaign(con, "Sans dates", items=(("D", "Question D"),))
    rows = [  # (campaign, date, département, overall, scores, comment)
        (spring, date(2024, 3, 1), "35", 5, (5, NC), "Dans la période"),
        (spring, date(2024, 4, 30), "35", 2, (1, 4), ""),
        (spring, date(2024, 4, 30), "56", 4, (4, None), ""),
        (spring, date(2024, 2, 29), "35", 1, (1, 1), "Trop tôt"),
        (spring, date(2024, 5, 1), "35", 1, (1, 1), "Trop tard"),
    ]
    with transaction(con):
        for campaign, day, department, overall, scores, comment in rows:
            response = add(con, campaign, items, department=department, overall=overall,
                           scores=scores, comment=comment)
            con.execute("UPDATE response SET responded_on = ? WHERE id = ?",
                        (day.isoformat(), response.id))
        add(con, autumn, autumn_items, overall=3, scores=(3,))  # undated: 31 October
        recorded = add(con, undated, undated_items, overall=4, scores=(4,))
        con.execute("UPDATE response SET created_at = '2023-06-01T10:00:00.000Z' "
                    "WHERE id = ?", (recorded.id,))  # recorded before the range

    spring_only = statistics(con, Scope(first=date(2024, 3, 1), last=date(2024, 4, 30)))
    assert spring_only.responses == 3 and spring_only.departments == 2
    assert spring_only.overall.distribution == (0, 1, 0, 1, 1)
    assert [(q.code, q.distribution, q.not_concerned, q.no_answer)
            for q in spring_only.items] == [("A", (1, 0, 0, 1, 1), 0, 0),
                                            ("B", (0, 0, 0, 1, 0), 1, 1)]
    assert [c.text for c in comments(con, spring_only.scope)] == ["Dans la période"]
    assert comments(con, spring_only.scope)[0].overall_score == 5

    year = Scope(first=date(2024, 1, 1), last=date(2024, 12, 31))
    whole_year = statistics(con, year)
    assert whole_year.responses == 6  # the five of spring and autumn's undated one
    assert sorted(q.code for q in whole_year.items) == ["A", "B", "C"]
    home = statistics(con, replace(year, department_code="35"))
    counted = dashboard.satisfaction(con, date(2024, 1, 1), date(2024, 12, 31))
    assert (home.responses, home.overall.n, home.overall.top2) == (
        counted.responses, counted.scored, counted.positive)
    assert statistics(con, Scope(first=date(2025, 1, 1))).responses == 0
    assert statistics(con, Scope(first=date(2023, 6, 1), last=date(2023, 6, 1))).responses == 1
    assert statistics(con).responses == 7  # no range: every response


# --- the ANIL headline ------------------------------------------------------------------------

def test_anil_headline_70_percent_of_163_responses_from_20_departements(con):
    anil_like_survey(con)
    result = statistics(con)

    assert result.responses == 163
    assert result.departments == 20
    assert {g.code: g.responses for g in result.by_department} == ANIL_DEPARTMENTS
    assert (result.overall.n, result.overall.top2) == (163, 114)
    assert result.overall.top2_share == pytest.approx(0.699, abs=0.0005)
    assert format_percent(result.overall.top2_share) == "70\u202f%"
    assert result.overall.top2_ci == pytest.approx((0.625, 0.765), abs=0.0005)
    sous_ccapex, charte = result.items[4], result.items[6]
    assert sous_ccapex.n == SOUS_CCAPEX_RESPONDENTS and sous_ccapex.not_concerned == 161
    assert sous_ccapex.distribution == (0, 0, 0, 1, 1)
    assert not sous_ccapex.shows_percentage and sous_ccapex.low_n
    assert charte.n == CHARTE_RESPONDENTS and charte.no_answer == 163 - CHARTE_RESPONDENTS
    assert charte.shows_percentage and not charte.low_n
    assert statistics(con, resolve_scope(con, department="06")).items[4].n == 2


# --- properties -------------------------------------------------------------------------------

ANSWER = st.one_of(st.integers(1, 5), st.just(NC), st.none())


@given(st.lists(ANSWER, max_size=200), st.integers(1, 40))
def test_summary_invariants(answers, threshold):
    summary = summarize(answers, low_n_threshold=threshold)

    assert sum(summary.distribution) == summary.n
    assert summary.n + summary.not_concerned + summary.no_answer == len(answers)
    assert summary.low_n == (summary.n < threshold)
    if summary.n:
        low, high = summary.top2_ci
        assert 0 <= low <= summary.top2_share <= high <= 1
        assert 1 <= summary.median <= 5
        assert 1 <= summary.mean <= 5
        assert summary.mean == pytest.approx(
            sum(a for a in answers if a in (1, 2, 3, 4, 5)) / summary.n)
    else:
        assert summary.top2_ci is summary.mean is None


RESPONSE = st.tuples(st.sampled_from(["35", "56"]), st.sampled_from(["CAF", "CD"]),
                     st.one_of(st.integers(1, 5), st.none()), st.lists(ANSWER, min_size=2,
                                                                       max_size=2))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(RESPONSE, max_size=25), st.sampled_from(
    [(None, None), ("35", None), ("56", None), (None, "CAF"), ("35", "CD")]))
def test_stored_responses_give_the_figures_of_their_answers(con, rows, scope_codes):
    """Whatever is stored, the SQL counts equal the in-memory summary of the same answers,
    and the invariants hold on them."""
    con.execute("DELETE FROM campaign")  # one base for every example: start afresh
    campaign, items = new_campaign(con, items=TWO_ITEMS)
    with transaction(con):
        for department, category, overall, answers in rows:
            add(con, campaign, items, department=department, category=category,
                overall=overall, scores=answers)
    department, category = scope_codes
    kept = [r for r in rows if department in (None, r[0]) and category in (None, r[1])]
    result = statistics(con, Scope(campaign.id, department, category))

    assert result.responses == len(kept)
    assert result.overall.distribution == summarize([r[2] for r in kept]).distribution
    for position, item in enumerate(result.items):
        expected = summarize([r[3][position] for r in kept])
        assert (item.distribution, item.not_concerned, item.no_answer) == (
            expected.distribution, expected.not_concerned, expected.no_answer)
        assert sum(item.distribution) == item.n
        if item.n:
            low, high = item.top2_ci
            assert 0 <= low <= item.top2_share <= high <= 1
            assert 1 <= item.mean <= 5
