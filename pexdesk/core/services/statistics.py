"""Statistics of the partner survey (shared/survey.md §3–§4), computed in SQL; no Qt here.

What is counted, and why:

* **n is the base of valid answers** (scores 1 to 5). « Non concerné » (NC) and
  « sans réponse » (no ``answer`` row) never enter a denominator, as in LimeSurvey's
  own 4+5 aggregation and the Home Office "valid percent" convention (§4.2, §4.5);
  both are counted in their own columns, because a high NC share is itself a finding.
* **The headline is the top-2-box share** (answers of 4 or 5), as in ANIL's note
  (« 70 % attribuent 4 ou 5 sur 5 »), with a **Wilson 95 % interval**, which keeps its
  coverage at the small n this survey has (2 to 28 respondents on some items, §4.3).
  The mean comes second (ANIL compared missions by their means); the median is given
  because the scale is ordinal.
* **Small n** (§4.4): below 5 valid answers no percentage and no mean are shown
  (``ScoreSummary.shows_percentage``); below 10 (configurable) a result is flagged
  (``low_n``). The raw figures stay available, for the JSON export and the tests.
* **Partner categories with fewer than 3 respondents** in the scope are pooled under
  « Autres catégories (moins de 3 répondants chacune) » (INSEE's frequency rule, §4.6),
  in the category breakdown (``pooled_categories``) and in comment attributions
  (``comments``). The label names the rule so that the pool is never mistaken for the
  real category « Autre partenaire », which is a category like the others.

Everything is aggregated by SQLite (GROUP BY over indexes) and only a few hundred
counts reach Python: ``tests/bench/bench_statistics.py`` times it on 100,000
responses (target: under 0.5 s).
"""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from pexdesk.core.domain.kinds import NOT_CONCERNED
from pexdesk.core.errors import NotFoundError
from pexdesk.core.reference.departments import department_label, departments
from pexdesk.core.text import fold_label

Z95 = 1.959964
"""Two-sided 95 % normal quantile, to six decimals: the value scipy's Wilson interval uses."""

MIN_N_FOR_PERCENT = 5
"""Below this many valid answers, counts only: no percentage, no mean, no bar (§4.4)."""

UNDATED_CAMPAIGNS = "(SELECT id FROM campaign WHERE period_end IS NULL AND period_start IS NULL)"
"""Campaigns without collection dates: their undated responses are placed on the day they
were recorded."""
LOW_N = 10
"""Default threshold of the « à interpréter avec prudence » flag (§4.4)."""

SMALL_N = 30
"""Below this, a discreet « n < 30 » marker (§4.4)."""

MIN_RESPONDENTS_PER_CATEGORY = 3
"""A partner category with fewer respondents in the scope is pooled with the other rare
ones (INSEE: no cell built from strictly fewer than 3 units, §4.6)."""

POOLED_LABEL = "Autres catégories (moins de 3 répondants chacune)"
"""How the pool of rare categories is shown, in tables, charts and comment attributions
alike: it says why they are pooled, and cannot be read as the real category « Autre
partenaire » (code ``AUTRE``)."""
POOLED_CODE = "AUTRES_CATEGORIES"
"""The pool's code (its key in ``pexdesk stats --json``): no partner category has it."""

SCORES = (1, 2, 3, 4, 5)


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval of the proportion successes/n (shared/survey.md §4.3).

    Chosen over the textbook (Wald) interval because it stays inside [0, 1] and keeps a
    reasonable coverage at small n and near 0 % or 100 %, where this survey's items
    live. None when n is 0: there is no proportion to bound.
    """
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be within 0..{n}, got {successes}")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    # Floating-point rounding may push a bound a hair past p or past [0, 1] at k = 0 or n.
    return max(0.0, min(p, centre - half_width)), min(1.0, max(p, centre + half_width))


@dataclass(frozen=True)
class ScoreSummary:
    """One 1–5 question (or the overall appreciation) over a scope: the counts, and what
    is derived from them.

    Only counts are stored; every statistic is derived from the distribution, so the
    figures can never disagree with one another (n is the sum of the distribution)."""

    label: str
    distribution: tuple[int, int, int, int, int]
    """Number of answers 1, 2, 3, 4 and 5."""
    not_concerned: int = 0
    """« Non concerné »: outside the base (always 0 for the overall appreciation, which
    has no such answer)."""
    no_answer: int = 0
    """Respondents in the scope who left the question blank: outside the base too."""
    code: str = ""
    low_n_threshold: int = LOW_N
    campaigns: tuple[str, ...] = ()
    """The campaigns whose items this question counts (newest first): two questions of
    several campaigns that could not be matched are told apart by it."""

    @property
    def n(self) -> int:
        """Valid answers (1 to 5): the base of every percentage and of the mean."""
        return sum(self.distribution)

    @property
    def top2(self) -> int:
        """Answers of 4 or 5."""
        return self.distribution[3] + self.distribution[4]

    @property
    def top2_share(self) -> float | None:
        """top2 / n in 0..1; None when n is 0."""
        return self.top2 / self.n if self.n else None

    @property
    def top2_ci(self) -> tuple[float, float] | None:
        """Wilson 95 % interval of ``top2_share``; None when n is 0."""
        return wilson_interval(self.top2, self.n)

    @property
    def mean(self) -> float | None:
        """Mean score, None when n is 0. Secondary figure: it treats an ordinal scale as
        if its steps were equal (Jamieson 2004), but ANIL compared missions by it."""
        if not self.n:
            return None
        return sum(score * count for score, count in zip(SCORES, self.distribution)) / self.n

    @property
    def median(self) -> float | None:
        """Median score; with an even n, the midpoint of the two middle answers (3.5 for
        a 3 and a 4). None when n is 0."""
        n = self.n
        if not n:
            return None
        return (self._score_at(math.ceil(n / 2)) + self._score_at(n // 2 + 1)) / 2

    def _score_at(self, rank: int) -> int:
        """The score of the rank-th answer (1-based) in increasing order."""
        seen = 0
        for score, count in zip(SCORES, self.distribution):
            seen += count
            if seen >= rank:
                return score
        raise ValueError(f"rank {rank} beyond n = {self.n}")

    @property
    def low_n(self) -> bool:
        """Fewer valid answers than ``low_n_threshold`` (10 by default): « à interpréter
        avec prudence »; one person moves the result by 10 points or more."""
        return self.n < self.low_n_threshold

    @property
    def shows_percentage(self) -> bool:
        """Whether a percentage, a mean and a bar may be shown (n ≥ 5); below that only
        counts (« 2 répondants : 1×4, 1×5 »). The raw figures stay available for the JSON
        export: this rule is about display."""
        return self.n >= MIN_N_FOR_PERCENT

    @property
    def caution(self) -> str | None:
        """The French marker of §4.4 for this n, or None when the result needs none."""
        if self.n == 0:
            return "aucune réponse"
        if not self.shows_percentage:
            return "effectif trop faible pour un pourcentage"
        if self.low_n:
            return f"à interpréter avec prudence (n < {self.low_n_threshold})"
        if self.n < SMALL_N:
            return f"n < {SMALL_N}"
        return None

    def counts_text(self) -> str:
        """« 1×4, 1×5 »: the answers given, for a result too small for a percentage."""
        return ", ".join(f"{count}×{score}" for score, count in zip(SCORES, self.distribution)
                         if count)

    def plus(self, other: ScoreSummary) -> ScoreSummary:
        """The two summaries pooled (used for the pool of rare categories); label and code are
        this one's."""
        return ScoreSummary(
            label=self.label,
            distribution=tuple(a + b for a, b in zip(self.distribution, other.distribution)),
            not_concerned=self.not_concerned + other.not_concerned,
            no_answer=self.no_answer + other.no_answer, code=self.code,
            low_n_threshold=self.low_n_threshold,
            campaigns=tuple(dict.fromkeys(self.campaigns + other.campaigns)))


def summarize(scores: Iterable[int | None | str], label: str = "",
              low_n_threshold: int = LOW_N) -> ScoreSummary:
    """A summary from individual answers: 1..5, NOT_CONCERNED ("NC") or None (no answer).

    For small in-memory lists (a preview, the tests); stored responses go through
    ``statistics``, which counts in SQL."""
    distribution = [0] * 5
    not_concerned = no_answer = 0
    for score in scores:
        if score is None:
            no_answer += 1
        elif score in SCORES and not isinstance(score, bool):
            distribution[score - 1] += 1
        elif score == NOT_CONCERNED:
            not_concerned += 1
        else:
            raise ValueError(f"not a 1–5 score, 'NC' or None: {score!r}")
    return ScoreSummary(label, tuple(distribution), not_concerned, no_answer,
                        low_n_threshold=low_n_threshold)


# --- scope ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """Which responses count: one campaign or all, optionally one département, one
    partner category and a range of response dates. All campaigns and all départements
    by default: a base that received a regional survey file holds other départements'
    responses, and they are part of the survey."""

    campaign_id: int | None = None
    department_code: str | None = None
    category_code: str | None = None
    campaign_name: str = ""
    """For titles only."""
    first: date | None = None
    last: date | None = None
    """Response dates kept (inclusive; None: open). A response without a date takes its
    campaign's collection end (or start), as on the dashboard; with neither it cannot be
    placed in a period and is left out of a dated scope."""

    @property
    def dated(self) -> bool:
        return self.first is not None or self.last is not None

    @property
    def filtered(self) -> bool:
        """Whether responses are selected by their own columns (not only by campaign)."""
        return (self.department_code is not None or self.category_code is not None
                or self.dated)

    def response_filter(self, alias: str = "r") -> tuple[str, list[object]]:
        """SQL condition on the response table (``alias``) and its parameters. A response
        without a date takes its campaign's collection end (or start), and in a campaign
        without dates the day it was recorded: questionnaires keyed in on paper often have
        no date, and the dashboard and the bilans must count them all the same."""
        clauses, params = ["1"], []
        for column, value in (("campaign_id", self.campaign_id),
                              ("department_code", self.department_code),
                              ("category_code", self.category_code)):
            if value is not None:
                clauses.append(f"{alias}.{column} = ?")
                params.append(value)
        if self.dated:  # the undated: their campaigns are listed once, not looked up per row
            bounds = [(self.first or date.min).isoformat(), (self.last or date.max).isoformat()]
            clauses.append(
                f"({alias}.responded_on BETWEEN ? AND ? OR ({alias}.responded_on IS NULL AND "
                f"({alias}.campaign_id IN (SELECT id FROM campaign "
                "WHERE coalesce(period_end, period_start) BETWEEN ? AND ?) "
                f"OR ({alias}.campaign_id IN {UNDATED_CAMPAIGNS} "
                f"AND substr({alias}.created_at, 1, 10) BETWEEN ? AND ?))))")
            params += bounds * 3
        return " AND ".join(clauses), params

    def matches(self, department_code: str, category_code: str) -> bool:
        """Whether a (département, category) cell of ``_response_cells`` is in the scope
        (the date range, if any, is applied by the cells' query itself)."""
        return ((self.department_code is None or department_code == self.department_code)
                and (self.category_code is None or category_code == self.category_code))


def normalize_department(code: str) -> str:
    """What people type for an INSEE code: « 2a » → « 2A », « 6 » → « 06 »."""
    code = code.strip().upper()
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code


def resolve_scope(con: sqlite3.Connection, campaign_name: str | None = None,
                  department: str | None = None, category: str | None = None) -> Scope:
    """The scope for names and codes a user typed; NotFoundError (French) for an unknown
    campaign, département or partner category, so that a typo is never read as « no
    response »."""
    campaign_id = None
    if campaign_name is not None:
        row = con.execute("SELECT id, name FROM campaign WHERE name = ? COLLATE NOCASE",
                          (campaign_name.strip(),)).fetchone()
        if row is None:
            known = [name for name, in con.execute("SELECT name FROM campaign ORDER BY name")]
            hint = ("Campagnes de la base : " + ", ".join(f"« {n} »" for n in known) + "."
                    if known else "La base ne contient aucune campagne.")
            raise NotFoundError(f"Aucune campagne nommée « {campaign_name.strip()} ». {hint}")
        campaign_id, campaign_name = row[0], row[1]
    department_code = None
    if department is not None:
        department_code = normalize_department(department)
        known = con.execute("SELECT 1 FROM department WHERE code = ?",
                            (department_code,)).fetchone()
        if known is None:
            raise NotFoundError(f"Département inconnu : « {department.strip()} » (code INSEE "
                                "attendu, par exemple 35, 2A ou 974).")
    category_code = None
    if category is not None:
        category_code = category.strip().upper()
        known = con.execute("SELECT 1 FROM partner_category WHERE code = ?",
                            (category_code,)).fetchone()
        if known is None:
            codes = [code for code, in con.execute(
                "SELECT code FROM partner_category ORDER BY sort_order")]
            raise NotFoundError(f"Catégorie de partenaire inconnue : « {category.strip()} ». "
                                f"Codes possibles : {', '.join(codes)}.")
    return Scope(campaign_id, department_code, category_code, campaign_name or "")


# --- the statistics ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupSummary:
    """One partner category or one département: its respondents and their overall
    appreciation."""

    code: str
    label: str
    responses: int
    """Respondents in the scope, with or without an overall score."""
    overall: ScoreSummary


@dataclass(frozen=True)
class SurveyStatistics:
    """Everything the survey screens, the bilan and ``pexdesk stats`` show for a scope."""

    scope: Scope
    responses: int
    """Responses in the scope (respondents), whatever they answered."""
    overall: ScoreSummary
    """The overall appreciation (``Response.overall_score``): the ANIL headline."""
    items: tuple[ScoreSummary, ...]
    """One per question, in questionnaire order. Over several campaigns, a question is
    the same when its code is (else its label, ignoring case and accents), so the ANIL
    items of successive campaigns pool."""
    by_category: tuple[GroupSummary, ...] = ()
    """Every partner category with respondents in the scope, in reference order, not
    pooled: see ``pooled_categories`` before showing it."""
    by_department: tuple[GroupSummary, ...] = ()
    """Every département with respondents in the scope, in INSEE order."""

    @property
    def departments(self) -> int:
        """Distinct départements among the respondents (ANIL: « 20 départements »)."""
        return len(self.by_department)

    def pooled_categories(self) -> tuple[GroupSummary, ...]:
        """``by_category`` as it may be shown: categories with fewer than 3 respondents
        pooled in one last row (``POOLED_CODE``)."""
        return pool_categories(self.by_category)

    def rare_categories(self) -> tuple[GroupSummary, ...]:
        """The categories hidden in the pool (fewer than 3 respondents each)."""
        return tuple(group for group in self.by_category if _is_rare(group))


def _is_rare(group: GroupSummary) -> bool:
    return group.responses < MIN_RESPONDENTS_PER_CATEGORY


def pool_categories(groups: Iterable[GroupSummary]) -> tuple[GroupSummary, ...]:
    """Categories with at least 3 respondents kept, in their order; the others pooled in
    one last row labelled ``POOLED_LABEL``."""
    kept, pooled = [], []
    for group in groups:
        (pooled if _is_rare(group) else kept).append(group)
    if not pooled:
        return tuple(kept)
    overall = pooled[0].overall
    for group in pooled[1:]:
        overall = overall.plus(group.overall)
    overall = replace(overall, label=POOLED_LABEL, code=POOLED_CODE)
    return (*kept, GroupSummary(POOLED_CODE, POOLED_LABEL,
                                sum(group.responses for group in pooled), overall))


def statistics(con: sqlite3.Connection, scope: Scope = Scope(),
               low_n_threshold: int = LOW_N) -> SurveyStatistics:
    """The survey's figures over ``scope`` (all campaigns and départements by default)."""
    cells = _response_cells(con, scope)
    total = sum(count for _, _, _, count in cells)
    per_campaign: dict[int, int] = defaultdict(int)
    for campaign_id, department, category, count in cells:
        if scope.matches(department, category):
            per_campaign[campaign_id] += count
    responses = sum(per_campaign.values())

    distribution, by_category, by_department = _overall(
        con, scope, whole_table=scope.campaign_id is None and 2 * responses > total)
    return SurveyStatistics(
        scope, responses,
        ScoreSummary("Appréciation globale", distribution, 0, responses - sum(distribution),
                     "GLOBAL", low_n_threshold),
        _items(con, scope, per_campaign, responses, total, low_n_threshold),
        _category_groups(con, by_category, low_n_threshold),
        _department_groups(by_department, low_n_threshold))


def _response_cells(con: sqlite3.Connection, scope: Scope) -> list[tuple[int, str, str, int]]:
    """Responses counted by (campaign, département, category) over the campaign(s),
    *before* the département and category filters: the covering index on these three
    columns gives them in order, without a sort, and the unfiltered total tells
    ``_answer_counts`` which way to count answers. A date range is applied here."""
    where, params = Scope(scope.campaign_id, first=scope.first,
                          last=scope.last).response_filter("response")
    # No index holds the date: walking the campaign index would fetch every row out of
    # order to read it (about 120 against 35 ms on 100,000 responses).
    hint = "NOT INDEXED" if scope.dated else ""
    return con.execute(
        f"""SELECT campaign_id, department_code, category_code, count(*) FROM response {hint}
            WHERE {where} GROUP BY campaign_id, department_code, category_code""",
        params).fetchall()


def _overall(con: sqlite3.Connection, scope: Scope, whole_table: bool):
    """Overall scores counted by (category, département, score) in one statement; the
    distribution of the scope and of each category and département are sums of it.
    Returns (distribution, {category: [responses, d1..d5]}, {département: [...]}).

    No index holds both the category and the score: when most of the table is in the
    scope (``whole_table``), reading it in storage order beats the planner's choice of
    walking the category index and fetching each row out of order (about 110 against
    180 ms on 100,000 responses)."""
    where, params = scope.response_filter("r")
    hint = "NOT INDEXED" if whole_table else ""
    total = [0] * 5
    by_category: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    by_department: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    for category, department, score, count in con.execute(
            f"""SELECT r.category_code, r.department_code, r.overall_score, count(*)
                FROM response r {hint} WHERE {where}
                GROUP BY r.category_code, r.department_code, r.overall_score""", params):
        for bucket in (by_category[category], by_department[department]):
            bucket[0] += count
            if score is not None:
                bucket[score] += count
        if score is not None:
            total[score - 1] += count
    return tuple(total), by_category, by_department


def _group(code: str, label: str, counts: list[int], low_n_threshold: int) -> GroupSummary:
    """``counts`` = [responses, d1..d5]."""
    distribution = tuple(counts[1:])
    return GroupSummary(code, label, counts[0],
                        ScoreSummary(label, distribution, 0, counts[0] - sum(distribution), code,
                                     low_n_threshold))


def _category_groups(con: sqlite3.Connection, counts: dict[str, list[int]],
                     low_n_threshold: int) -> tuple[GroupSummary, ...]:
    labels = con.execute("SELECT code, label FROM partner_category "
                         "ORDER BY sort_order, code").fetchall()
    return tuple(_group(code, label, counts[code], low_n_threshold)
                 for code, label in labels if code in counts)


def _department_groups(counts: dict[str, list[int]],
                       low_n_threshold: int) -> tuple[GroupSummary, ...]:
    order = {code: index for index, code in enumerate(departments())}
    return tuple(_group(code, department_label(code), counts[code], low_n_threshold)
                 for code in sorted(counts, key=lambda c: (order.get(c, len(order)), c)))


@dataclass
class _Question:
    """Items of one or more campaigns counted as one question."""

    label: str
    code: str
    position: int
    item_ids: list[int] = field(default_factory=list)


def _questions(con: sqlite3.Connection, scope: Scope) -> tuple[list[_Question], dict[int, int]]:
    """The questions in questionnaire order, and each item's campaign.

    Over several campaigns, items are matched by code when their campaign gives each a
    distinct one, else by label (ignoring case, accents and punctuation). The newest
    campaign's wording and order win; questions only older campaigns asked follow in
    their own order."""
    where, params = ("WHERE campaign_id = ?", [scope.campaign_id]) \
        if scope.campaign_id is not None else ("", [])
    rows = con.execute(f"""SELECT id, campaign_id, code, label, position FROM campaign_item {where}
                           ORDER BY campaign_id DESC, position, id""", params).fetchall()
    codes_per_campaign: dict[int, list[str]] = defaultdict(list)
    for _, campaign_id, code, _, _ in rows:
        codes_per_campaign[campaign_id].append(code.strip().upper())
    questions: dict[str, _Question] = {}
    campaign_of: dict[int, int] = {}
    for item_id, campaign_id, code, label, position in rows:
        code = code.strip().upper()
        if code and codes_per_campaign[campaign_id].count(code) == 1:
            key = "code:" + code
        else:
            key = "label:" + fold_label(label)
        question = questions.setdefault(key, _Question(label, code, position))
        question.item_ids.append(item_id)
        campaign_of[item_id] = campaign_id
    ordered = sorted(enumerate(questions.values()), key=lambda pair: (pair[1].position, pair[0]))
    return [question for _, question in ordered], campaign_of


def _items(con: sqlite3.Connection, scope: Scope, per_campaign: dict[int, int], in_scope: int,
           total: int, low_n_threshold: int) -> tuple[ScoreSummary, ...]:
    questions, campaign_of = _questions(con, scope)
    if scope.dated:  # the questions of campaigns with responses in the period only
        questions = [q for q in questions
                     if any(per_campaign.get(campaign_of[i]) for i in q.item_ids)]
    counts = _answer_counts(con, scope, in_scope, total)
    names = dict(con.execute("SELECT id, name FROM campaign"))
    summaries = []
    for question in questions:
        campaigns = tuple(dict.fromkeys(names[campaign_of[i]] for i in question.item_ids))
        distribution, not_concerned, no_answer = [0] * 5, 0, 0
        for item_id in question.item_ids:
            item = counts.get(item_id, [0] * 6)
            not_concerned += item[0]
            for score in SCORES:
                distribution[score - 1] += item[score]
            no_answer += per_campaign.get(campaign_of[item_id], 0) - sum(item)
        summaries.append(ScoreSummary(question.label, tuple(distribution), not_concerned,
                                      no_answer, question.code, low_n_threshold, campaigns))
    return tuple(summaries)


def _answer_counts(con: sqlite3.Connection, scope: Scope, in_scope: int,
                   total: int) -> dict[int, list[int]]:
    """Answers counted by item: {item_id: [NC, n1, n2, n3, n4, n5]}.

    Three ways, by cost: SQLite has no hash aggregation, so a GROUP BY costs a sort of
    its input unless an index already gives the rows in group order.

    * No département or category filter: the (item, score) index is read in order,
      no sort, no join (NC is the NULL score: the schema ties the two).
    * A filter keeping at most half the responses, or a date range (answers have no
      date): from those responses to their answers (answers are stored by response),
      then a sort of those answers only.
    * A filter keeping more (the base's own département in a regional file): every
      answer as in the first case, minus the answers of the responses left out, which
      are the smaller side: no sort of hundreds of thousands of rows.
    """
    campaign_items = ("WHERE item_id IN (SELECT id FROM campaign_item WHERE campaign_id = ?)",
                      [scope.campaign_id]) if scope.campaign_id is not None else ("", [])

    def every_answer() -> dict[int, list[int]]:
        where, params = campaign_items
        return _tally(con.execute(f"SELECT item_id, score, count(*) FROM answer {where} "
                                  "GROUP BY item_id, score", params))

    def answers_of(condition: str, params: list[object]) -> dict[int, list[int]]:
        return _tally(con.execute(
            f"""SELECT a.item_id, a.score, count(*)
                FROM response r CROSS JOIN answer a ON a.response_id = r.id
                WHERE {condition} GROUP BY a.item_id, a.score""", params))

    if not scope.filtered:
        return every_answer()
    where, params = scope.response_filter("r")
    if scope.dated or 2 * in_scope <= total:  # answers carry no date: from the responses
        return answers_of(where, params)
    left_out = Scope(None, scope.department_code, scope.category_code).response_filter("r")
    outside = Scope(scope.campaign_id).response_filter("r")
    counts = every_answer()
    for item_id, item in answers_of(f"{outside[0]} AND NOT ({left_out[0]})",
                                    outside[1] + left_out[1]).items():
        counts[item_id] = [all_ - out for all_, out in zip(counts[item_id], item)]
    return counts


def _tally(rows: Iterable[tuple[int, int | None, int]]) -> dict[int, list[int]]:
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * 6)
    for item_id, score, count in rows:
        counts[item_id][score or 0] += count
    return dict(counts)


# --- comments ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Comment:
    """A free comment, attributed to its author's partner category only (never a name,
    nor the département where that would identify the person, §4.6)."""

    category: str
    """The category's label, or ``POOLED_LABEL`` for a category with fewer than
    3 respondents in the scope."""
    text: str
    overall_score: int | None = field(default=None, compare=False)
    """The author's overall appreciation (None: not given), so that a bilan can set
    what satisfied and dissatisfied partners wrote side by side; not part of equality."""


def comments(con: sqlite3.Connection, scope: Scope = Scope()) -> tuple[Comment, ...]:
    """Non-blank comments of the scope, grouped by shown category (reference order,
    the pool of rare categories last), in entry order within a category.

    The « fewer than 3 » test counts the category's *respondents* in the scope, not its
    comments: one comment among five CAF respondents does not identify its author."""
    where, params = scope.response_filter("r")
    respondents = dict(con.execute(
        f"SELECT r.category_code, count(*) FROM response r WHERE {where} "
        "GROUP BY r.category_code", params).fetchall())
    categories = con.execute("SELECT code, label FROM partner_category "
                             "ORDER BY sort_order, code").fetchall()
    order = {code: index for index, (code, _) in enumerate(categories)}
    labels = {code: label for code, label in categories}

    def shown(code: str) -> str:
        """The category a comment is attributed to: its own, or the pool."""
        if respondents.get(code, 0) < MIN_RESPONDENTS_PER_CATEGORY:
            return POOLED_CODE
        return code

    found = []
    for rid, code, text, score in con.execute(
            f"SELECT r.id, r.category_code, r.comment, r.overall_score FROM response r "
            f"WHERE {where} AND r.comment <> ''", params):
        text = text.strip()
        if text:
            category = shown(code)
            rank = len(order) if category == POOLED_CODE else order.get(category, len(order))
            found.append((rank, rid, category, text, score))
    found.sort(key=lambda entry: entry[:2])
    return tuple(Comment(POOLED_LABEL if category == POOLED_CODE else labels[category], text,
                         score)
                 for _, _, category, text, score in found)
