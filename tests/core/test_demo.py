"""The demo base: sound, realistic in size and shape, fictional, reproducible, never overwriting."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import ActionStatus, MeetingKind
from pexdesk.core.errors import ValidationError
from pexdesk.core.reference.categories import CATEGORIES
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import roadmap
from pexdesk.core.services import demo
from pexdesk.core.services.check import Verdict, check_base
from pexdesk.core.services.demo import write_demo_base

TODAY = date.today()

# The real day, and days where calendar edges bite: early in a month (this month's
# commission technique not held yet), a leap day, a year's first days.
DAYS = [TODAY, date(2026, 1, 3), date(2024, 2, 29)]


def _demo(path: Path, seed: int = 2026, today: date = TODAY) -> Path:
    write_demo_base(path, seed=seed, today=today)
    return path


@pytest.fixture(scope="module", params=DAYS, ids=str)
def written(request, tmp_path_factory) -> tuple[Path, date]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    return _demo(path, today=request.param), request.param


@pytest.fixture
def con(written) -> Iterator[sqlite3.Connection]:
    with Base.open(written[0], read_only=True) as base:
        yield base.con


def _scalar(con: sqlite3.Connection, sql: str, params: tuple = ()):
    return con.execute(sql, params).fetchone()[0]


def _month_start(day: date, offset: int) -> date:
    index = day.year * 12 + day.month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)


def test_demo_base_passes_the_integrity_check(written):
    report = check_base(written[0])

    assert report.verdict == Verdict.SOUND, report.text()


def test_partners_cover_every_category_and_all_have_a_contact(con):
    assert 55 <= _scalar(con, "SELECT count(*) FROM partner") <= 65
    present = {row[0] for row in con.execute("SELECT DISTINCT category_code FROM partner")}
    assert present == {category.code for category in CATEGORIES}
    assert _scalar(con, "SELECT count(*) FROM partner WHERE id NOT IN "
                        "(SELECT partner_id FROM contact)") == 0
    assert _scalar(con, "SELECT max(n) FROM (SELECT count(*) AS n FROM contact "
                        "GROUP BY partner_id)") <= 3
    assert _scalar(con, "SELECT count(DISTINCT tag_id) FROM partner_tag") >= 5


def test_contacts_are_professional_and_unreachable(con):
    emails = [row[0] for row in con.execute("SELECT email FROM contact")]
    phones = [row[0] for row in con.execute("SELECT phone FROM contact WHERE phone <> ''")]

    assert all(re.fullmatch(r"[a-z-]+\.[a-z-]+@[a-z-]+\.demo\.invalid", email) for email in emails)
    assert phones and all(re.fullmatch(r"05 (62|81)( \d\d){3}", phone) for phone in phones)
    assert _scalar(con, "SELECT count(DISTINCT full_name) FROM contact") == len(emails)


def test_some_partners_signed_the_charter_in_the_past(con, written):
    signed = [date.fromisoformat(row[0]) for row in con.execute(
        "SELECT charter_signed_on FROM partner WHERE charter_signatory = 1")]

    assert 15 <= len(signed) <= 40
    assert all(day < written[1] for day in signed)
    assert len(set(signed)) > 1, "some partners joined the charter later"


def test_meetings_cover_two_years_up_to_today(con, written):
    today = written[1]
    days = [date.fromisoformat(row[0]) for row in con.execute("SELECT held_on FROM meeting")]
    kinds = dict(con.execute("SELECT kind, count(*) FROM meeting GROUP BY kind").fetchall())
    monthly = {row[0] for row in con.execute(
        "SELECT substr(held_on, 1, 7) FROM meeting WHERE kind = 'TECHNIQUE'")}

    assert min(days) >= _month_start(today, -23) and max(days) <= today
    assert len(monthly) >= 23, "a commission technique every month"
    assert set(kinds) == set(MeetingKind)
    assert 2 <= kinds[MeetingKind.PLENIERE] <= 6 and kinds[MeetingKind.SOUS_CCAPEX] >= 10


def test_sous_ccapex_have_territories_and_examine_dossiers(con):
    territories = {row[0] for row in con.execute(
        "SELECT territory FROM meeting WHERE kind = 'SOUS_CCAPEX'")}

    assert len(territories) == 3 and "" not in territories
    assert _scalar(con, "SELECT min(dossiers_examined) FROM meeting "
                        "WHERE kind IN ('TECHNIQUE', 'SOUS_CCAPEX')") > 0
    assert _scalar(con, "SELECT count(*) FROM meeting "
                        "WHERE opinions_issued > dossiers_examined") == 0


def test_commissions_give_their_agenda_and_other_meetings_none(con):
    """Inscrits = examinés + ajournés, the ajournés being the dossiers examined without an
    avis; a meeting that examines no dossier leaves its agenda « non saisi »."""
    rows = con.execute("SELECT kind, dossiers_registered, dossiers_examined, "
                       "dossiers_adjourned, opinions_issued FROM meeting").fetchall()
    for kind, registered, examined, adjourned, opinions in rows:
        if kind in ("TECHNIQUE", "SOUS_CCAPEX"):
            assert (registered, adjourned) == (examined + adjourned, examined - opinions)
        else:
            assert (registered, adjourned) == (None, None)
    assert _scalar(con, "SELECT sum(dossiers_adjourned) FROM meeting") > 0


def test_meetings_deal_with_the_actions_under_way_that_concern_them(con):
    dealt = con.execute(
        "SELECT m.kind, m.territory, m.held_on, a.title, a.start_on, a.due_on "
        "FROM meeting_action l JOIN meeting m ON m.id = l.meeting_id "
        "JOIN action a ON a.id = l.action_id").fetchall()
    assert {kind for kind, *_ in dealt} == {"PLENIERE", "COPIL_CHARTE", "TECHNIQUE",
                                            "SOUS_CCAPEX", "GROUPE_TRAVAIL"}
    assert all(start <= held <= due for *_, held, _, start, due in dealt)
    for _, territory, _, title, *_ in dealt:
        if territory:
            assert title == f"Déploiement de la sous-CCAPEX {territory.split(' ')[0]}"


def test_the_agenda_and_the_actions_leave_the_rest_of_the_demo_as_it_was(tmp_path):
    """Neither draws from the demo's generator: the figures a seed gave before them stay
    (sums of the meetings' counts, the follow-ups, the indicator values)."""
    with Base.open(_demo(tmp_path / "demo.db", today=date(2025, 6, 16)),
                   read_only=True) as base:
        assert tuple(base.con.execute(
            "SELECT sum(dossiers_examined), sum(opinions_issued), "
            "(SELECT count(*) FROM meeting_followup), "
            "(SELECT round(sum(value)) FROM indicator_value) FROM meeting").fetchone()) == (
            718, 659, 57, 12485)


def test_a_sous_ccapex_first_seance_in_the_journal_is_its_first_meeting(con):
    """« Première séance tenue » of « Déploiement de la sous-CCAPEX Sud » is dated on the
    first meeting of the sous-CCAPEX Sud, never after its last one."""
    first_meetings = dict(con.execute(
        "SELECT territory, min(held_on) FROM meeting WHERE kind = 'SOUS_CCAPEX' "
        "GROUP BY territory"))
    steps = con.execute(
        "SELECT a.title, j.entry_on FROM action_journal j JOIN action a ON a.id = j.action_id "
        "WHERE a.title LIKE 'Déploiement de la sous-CCAPEX %' "
        "AND j.text = 'Première séance tenue.'").fetchall()
    assert len(steps) == 3
    for title, entry_on in steps:
        territory = next(t for t in first_meetings if t.startswith(title.split()[-1] + " "))
        assert entry_on == first_meetings[territory], title


def test_every_meeting_has_attendees_and_some_have_followups(con):
    assert _scalar(con, "SELECT count(*) FROM meeting WHERE id NOT IN "
                        "(SELECT meeting_id FROM meeting_attendance)") == 0
    assert _scalar(con, "SELECT count(*) FROM meeting_followup") >= 20
    assert _scalar(con, "SELECT count(*) FROM meeting_followup WHERE done = 0") >= 1


def test_roadmap_has_actions_on_every_axis_with_late_ones(con, written):
    today = written[1]
    actions = roadmap.actions(con)
    per_axis = [len(roadmap.actions(con, axis.id)) for axis in roadmap.axes(con)]

    assert len(per_axis) == 5 and min(per_axis) >= 3
    assert 18 <= len(actions) <= 24
    assert {a.status for a in actions} == set(ActionStatus)
    assert sum(a.is_late(today) for a in actions) >= 3
    assert all(roadmap.leads_of(con, a.id) for a in actions)
    assert sum(bool(roadmap.journal_of(con, a.id)) for a in actions) >= 15
    assert sum(bool(roadmap.deliverables_of(con, a.id)) for a in actions) >= 10


def test_indicators_have_24_past_months_for_most_series(con, written):
    months = sorted(row[0] for row in con.execute("SELECT DISTINCT month FROM indicator_value"))
    series = _scalar(con, "SELECT count(DISTINCT indicator_id) FROM indicator_value")
    catalogue = _scalar(con, "SELECT count(*) FROM indicator")

    assert len(months) == 24 and months[-1] == _month_start(written[1], -1).isoformat()
    assert catalogue - 5 <= series < catalogue
    assert _scalar(con, "SELECT count(*) FROM indicator_value WHERE value IS NULL") >= 3
    assert _scalar(con, "SELECT count(*) FROM indicator_value WHERE department_code <> "
                        "(SELECT department_code FROM profile)") == 0


def test_one_anil_campaign_with_about_forty_responses(con):
    codes = [row[0] for row in con.execute("SELECT code FROM campaign_item ORDER BY position")]
    responses, scored, positive = con.execute(
        "SELECT count(*), count(overall_score), sum(overall_score >= 4) FROM response").fetchone()

    assert _scalar(con, "SELECT count(*) FROM campaign") == 1
    assert codes == [item.code for item in ANIL_ITEMS]
    assert 35 <= responses <= 45
    assert 0.65 <= positive / scored <= 0.8
    assert _scalar(con, "SELECT count(DISTINCT category_code) FROM response") >= 8
    assert _scalar(con, "SELECT count(*) FROM response WHERE department_code <> "
                        "(SELECT department_code FROM profile)") == 0


def test_responses_hold_not_concerned_blank_items_and_quoted_comments(con):
    comments = [row[0] for row in con.execute("SELECT comment FROM response WHERE comment <> ''")]

    assert _scalar(con, "SELECT count(*) FROM answer WHERE not_concerned = 1") >= 10
    assert _scalar(con, "SELECT count(*) FROM response WHERE "
                        "(SELECT count(*) FROM answer WHERE response_id = response.id) < "
                        "(SELECT count(*) FROM campaign_item)") >= 3
    assert any("," in c for c in comments) and any('"' in c or "«" in c for c in comments)


def test_no_text_names_a_person(con):
    """Notes, journals and comments are about the mission, never about a household."""
    texts = [row[0] for table, column in (("meeting", "notes"), ("meeting_followup", "description"),
                                          ("action_journal", "text"), ("response", "comment"),
                                          ("partner", "notes"))
             for row in con.execute(f"SELECT {column} FROM {table}")]
    civility = re.compile(r"\b(M\.|Mme|Mlle|Monsieur|Madame)\s+[A-ZÉ]")

    assert texts and not [text for text in texts if civility.search(text)]


def test_summary_reports_what_was_written(tmp_path):
    summary = write_demo_base(tmp_path / "demo.db")
    text = summary.text()

    with Base.open(tmp_path / "demo.db", read_only=True) as base:
        assert summary.partners == _scalar(base.con, "SELECT count(*) FROM partner")
        assert summary.responses == _scalar(base.con, "SELECT count(*) FROM response")
    assert f"{summary.partners} partenaires, {summary.contacts} contacts" in text
    assert "Gers (32)" in text and f"{summary.responses} réponses" in text


def test_an_existing_file_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "precious.db"
    path.write_bytes(b"les notes de quelqu'un\x00" * 100)
    before = path.read_bytes()

    with pytest.raises(ValidationError, match="existe déjà"):
        write_demo_base(path)

    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious.db"]


def test_a_failure_leaves_no_file(tmp_path, monkeypatch):
    def broken(self):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(demo._DemoWriter, "write_feedback", broken)

    with pytest.raises(RuntimeError):
        write_demo_base(tmp_path / "demo.db")

    assert list(tmp_path.iterdir()) == []


def _content(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows without what is unique to one writing (UUIDs, timestamps)."""
    with Base.open(path, read_only=True) as base:
        tables = [row[0] for row in base.con.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        content = {}
        for table in tables:
            cursor = base.con.execute(f"SELECT * FROM {table}")
            kept = [i for i, column in enumerate(cursor.description)
                    if column[0] not in ("uuid", "created_at", "updated_at", "record_uuid")]
            content[table] = sorted((tuple(row[i] for i in kept) for row in cursor), key=repr)
    return content


def test_same_seed_gives_same_content_and_another_seed_differs(tmp_path):
    day = date(2026, 1, 3)
    first = _content(_demo(tmp_path / "a.db", seed=7, today=day))
    again = _content(_demo(tmp_path / "b.db", seed=7, today=day))
    other = _content(_demo(tmp_path / "c.db", seed=8, today=day))

    assert first == again
    assert first["contact"] != other["contact"] and first["answer"] != other["answer"]
