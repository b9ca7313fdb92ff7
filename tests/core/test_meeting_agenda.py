"""A meeting's dossiers inscrits à l'ordre du jour and ajournés: optional counts (« non
saisi » is not 0), the examined and the postponed among those on the agenda, summed for a
period over the meetings that give them."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import Meeting
from pexdesk.core.errors import ValidationError
from pexdesk.core.repositories import meetings
from pexdesk.core.safety import journal
from tests.core.test_followups import last_entry

HELD_ON = date(2026, 10, 5)


def technical(**counts) -> Meeting:
    return Meeting(held_on=HELD_ON, kind=MeetingKind.TECHNIQUE, **counts)


def test_the_agenda_is_read_back_as_saved_and_none_is_not_nought(con):
    given = meetings.save(con, technical(dossiers_registered=14, dossiers_examined=11,
                                         dossiers_adjourned=3))
    none = meetings.save(con, technical(dossiers_examined=8))
    nought = meetings.save(con, technical(dossiers_registered=0, dossiers_adjourned=0))
    stored = {m.id: (m.dossiers_registered, m.dossiers_adjourned)
              for m in meetings.all_meetings(con)}
    assert stored == {given.id: (14, 3), none.id: (None, None), nought.id: (0, 0)}


@pytest.mark.parametrize("counts", [
    {"dossiers_registered": 14, "dossiers_examined": 11, "dossiers_adjourned": 3},
    {"dossiers_registered": 14, "dossiers_examined": 11},  # ajournés non saisis
    {"dossiers_adjourned": 30, "dossiers_examined": 11},  # inscrits non saisis: no bound
    {"dossiers_registered": 20, "dossiers_examined": 11, "dossiers_adjourned": 3},  # retirés
])
def test_an_agenda_that_holds_its_dossiers_is_accepted(con, counts):
    assert meetings.save(con, technical(**counts)).id is not None


@pytest.mark.parametrize("counts, field, message", [
    ({"dossiers_registered": 14, "dossiers_examined": 12, "dossiers_adjourned": 3},
     "dossiers_registered",
     "« Dossiers inscrits à l'ordre du jour » (14) : moins que les dossiers examinés (12) et "
     "ajournés (3), 15 en tout ; les dossiers examinés ou ajournés sont des dossiers inscrits."),
    ({"dossiers_registered": 10, "dossiers_examined": 12},
     "dossiers_registered",
     "« Dossiers inscrits à l'ordre du jour » (10) : moins que les dossiers examinés (12) ; "
     "les dossiers examinés sont des dossiers inscrits."),
    ({"dossiers_registered": 3, "dossiers_adjourned": 5},
     "dossiers_adjourned",
     "« Dossiers ajournés » (5) : plus que les dossiers inscrits à l'ordre du jour (3)."),
    ({"dossiers_registered": -1},
     "dossiers_registered", "« Dossiers inscrits à l'ordre du jour » doit être compris entre 0 "
                            "et 10000."),
    ({"dossiers_adjourned": 2.5}, "dossiers_adjourned",
     "« Dossiers ajournés » doit être un nombre entier."),
])
def test_an_agenda_that_cannot_be_is_refused_on_its_field(con, counts, field, message):
    with pytest.raises(ValidationError) as refused:
        meetings.save(con, technical(**counts))
    assert [(e.field, e.message) for e in refused.value.errors] == [(field, message)]
    assert meetings.all_meetings(con) == []


def test_lowering_the_agenda_below_what_was_examined_is_refused(con):
    meeting = meetings.save(con, technical(dossiers_registered=12, dossiers_examined=12))
    meeting.dossiers_registered = 11
    with pytest.raises(ValidationError, match=r"\(11\) : moins que les dossiers examinés \(12\)"):
        meetings.save(con, meeting)
    assert meetings.all_meetings(con)[0].dossiers_registered == 12


def test_the_base_refuses_an_agenda_that_cannot_be(con):
    meeting = meetings.save(con, technical(dossiers_registered=12, dossiers_examined=10))
    for sql in ("UPDATE meeting SET dossiers_adjourned = 3",
                "UPDATE meeting SET dossiers_registered = 9",
                "UPDATE meeting SET dossiers_adjourned = -1, dossiers_registered = NULL",
                "UPDATE meeting SET dossiers_registered = 'douze'"):
        with pytest.raises(sqlite3.IntegrityError):
            con.execute(sql + " WHERE id = ?", (meeting.id,))


def test_the_journal_names_the_agenda_in_french(con):
    meeting = meetings.save(con, technical(dossiers_examined=10))
    before = last_entry(con)
    meeting.dossiers_registered, meeting.dossiers_adjourned = 12, 2
    meetings.save(con, meeting)
    assert [(e.table_name, e.detail) for e in journal.entries(con) if e.id > before] == [
        ("meeting", "dossiers inscrits, dossiers ajournés")]


def test_a_period_s_agenda_sums_the_meetings_that_give_it(con):
    """Inscrits are compared with the dossiers examined and ajournés at the same meetings:
    never with every meeting's."""
    def meeting(day: int, **counts) -> None:
        meetings.save(con, Meeting(held_on=date(2026, 3, day), kind=MeetingKind.TECHNIQUE,
                                   **counts))

    meeting(3, dossiers_registered=20, dossiers_examined=16, dossiers_adjourned=3)
    meeting(10, dossiers_registered=10, dossiers_examined=9)  # ajournés non saisis
    meeting(17, dossiers_examined=12, dossiers_adjourned=2)  # inscrits non saisis
    meeting(24, dossiers_examined=7)  # neither
    meeting(26)  # a meeting that examined nothing and gave nothing: not counted
    meetings.save(con, Meeting(held_on=date(2026, 4, 2), kind=MeetingKind.TECHNIQUE,
                               dossiers_registered=5, dossiers_examined=5))  # after the period
    agenda = meetings.agenda(con, date(2026, 3, 1), date(2026, 3, 31))
    assert agenda == meetings.Agenda(meetings=4, registered_meetings=2, registered=30,
                                     examined=25, adjourned=3, adjourned_missing=1,
                                     adjourned_elsewhere=2, adjourned_elsewhere_meetings=1)
    assert (agenda.all_adjourned, agenda.adjourned_meetings) == (5, 2)
    queried = tuple(con.execute(
        "SELECT count(*), sum(dossiers_registered), sum(dossiers_adjourned) FROM meeting "
        "WHERE held_on LIKE '2026-03-%' AND dossiers_examined + coalesce(dossiers_registered, "
        "dossiers_adjourned, 0) > 0").fetchone())
    assert queried == (agenda.meetings, agenda.registered, agenda.all_adjourned)


def test_an_empty_period_has_an_agenda_of_noughts(con):
    assert meetings.agenda(con, date(2026, 1, 1), date(2026, 12, 31)) == meetings.Agenda(
        0, 0, 0, 0, 0, 0, 0, 0)
