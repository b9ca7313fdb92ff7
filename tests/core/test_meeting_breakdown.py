"""A meeting's dossiers by origin and stage, its avis by type: stored as counts, never beyond
the meeting's totals, journaled as a change of the meeting."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.db.migrate import SCHEMA_VERSION, schema_version
from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import Meeting
from pexdesk.core.errors import ValidationError
from pexdesk.core.reference.breakdowns import DIMENSIONS, OPINION, ORIGIN, STAGE
from pexdesk.core.repositories import meetings
from tests.core.older_bases import as_before, base_at_version
from tests.core.test_followups import journal_since, last_entry

HELD_ON = date(2026, 10, 5)


def technical(**counts) -> Meeting:
    return Meeting(held_on=HELD_ON, kind=MeetingKind.TECHNIQUE, **counts)


def test_a_breakdown_is_read_back_as_saved_without_its_noughts(con):
    meeting = meetings.save(con, technical(dossiers_examined=10, opinions_issued=7), breakdown={
        "ORIGIN": {"SIGNALEMENT_CP": 6, "SAISINE_BAILLEUR_PM": 4, "MENAGE": 0},
        "STAGE": {"CP": 3, "ASSIGNATION": 5},
        "OPINION": {"FSL": 4, "PLAN_APUREMENT": 3}})
    assert meetings.breakdown_of(con, meeting.id) == {
        "ORIGIN": {"SIGNALEMENT_CP": 6, "SAISINE_BAILLEUR_PM": 4},
        "STAGE": {"CP": 3, "ASSIGNATION": 5},
        "OPINION": {"FSL": 4, "PLAN_APUREMENT": 3}}


def test_a_new_breakdown_replaces_the_stored_one_and_none_keeps_it(con):
    meeting = meetings.save(con, technical(dossiers_examined=10),
                            breakdown={"ORIGIN": {"SIGNALEMENT_CP": 6, "MENAGE": 2}})
    meetings.save(con, meeting, breakdown={"ORIGIN": {"SIGNALEMENT_CP": 5, "AUTRE": 1}})
    assert meetings.breakdown_of(con, meeting.id) == {"ORIGIN": {"SIGNALEMENT_CP": 5, "AUTRE": 1}}
    meeting.place = "Préfecture"
    meetings.save(con, meeting)
    assert meetings.breakdown_of(con, meeting.id) == {"ORIGIN": {"SIGNALEMENT_CP": 5, "AUTRE": 1}}
    meetings.save(con, meeting, breakdown={})
    assert meetings.breakdown_of(con, meeting.id) == {}


def test_a_breakdown_beyond_its_total_is_refused_and_nothing_is_written(con):
    meeting = meetings.save(con, technical(dossiers_examined=10, opinions_issued=2))
    with pytest.raises(ValidationError) as refused:
        meetings.save(con, technical(id=meeting.id, uuid=meeting.uuid, dossiers_examined=10,
                                     opinions_issued=2, place="Auch"),
                      breakdown={"ORIGIN": {"SIGNALEMENT_CP": 8, "MENAGE": 4},
                                 "OPINION": {"FSL": 3}})
    messages = {e.field: e.message for e in refused.value.errors}
    assert messages == {
        "breakdown.ORIGIN": "« Dossiers examinés par origine de la saisine » : la ventilation "
                            "compte 12, plus que le total de la réunion (10).",
        "breakdown.OPINION": "« Avis et recommandations émis par type » : la ventilation "
                             "compte 3, plus que le total de la réunion (2)."}
    assert meetings.breakdown_of(con, meeting.id) == {}
    assert meetings.all_meetings(con)[0].place == ""


def test_lowering_a_total_below_its_stored_breakdown_is_refused(con):
    meeting = meetings.save(con, technical(dossiers_examined=10),
                            breakdown={"STAGE": {"CQL": 9}})
    meeting.dossiers_examined = 8
    with pytest.raises(ValidationError, match="compte 9, plus que le total de la réunion "
                                              r"\(8\)"):
        meetings.save(con, meeting)


@pytest.mark.parametrize("counts, message", [
    ({"ORIGIN": {"VOISIN": 1}},
     "« Dossiers examinés par origine de la saisine » : catégorie inconnue « VOISIN »."),
    ({"STAGE": {"CP": -1}},
     "« Dossiers examinés par stade de la procédure : Commandement de payer » doit être compris "
     "entre 0 et 10000."),
    ({"OPINION": {"DALO": 1.5}},
     "« Avis et recommandations émis par type : Recours DALO » doit être un nombre entier."),
    ({"HOUSEHOLD": {"X": 1}}, "Ventilation inconnue « HOUSEHOLD »."),
])
def test_unknown_categories_and_non_counts_get_a_french_message(con, counts, message):
    with pytest.raises(ValidationError) as refused:
        meetings.save(con, technical(dossiers_examined=5, opinions_issued=5), breakdown=counts)
    assert [e.message for e in refused.value.errors] == [message]
    assert meetings.all_meetings(con) == []


def test_the_base_refuses_a_category_outside_the_reference_list(con):
    meeting = meetings.save(con, technical(dossiers_examined=5))
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO meeting_breakdown VALUES (?, 'ORIGIN', 'FSL', 1)", (meeting.id,))
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO meeting_breakdown VALUES (?, 'STAGE', 'CP', 0)", (meeting.id,))


def test_a_breakdown_goes_with_its_deleted_meeting(con):
    meeting = meetings.save(con, technical(dossiers_examined=5),
                            breakdown={"ORIGIN": {"MENAGE": 5}})
    meetings.delete(con, meeting.id)
    assert con.execute("SELECT count(*) FROM meeting_breakdown").fetchone()[0] == 0


def test_the_journal_names_the_breakdown_only_when_it_changed(con):
    meeting = meetings.save(con, technical(dossiers_examined=10),
                            breakdown={"ORIGIN": {"MENAGE": 2}})
    con.execute("UPDATE change_log SET created_at = '2000-01-01T00:00:00Z'")  # an older save
    before = last_entry(con)
    meetings.save(con, meeting, breakdown={"ORIGIN": {"MENAGE": 2}})
    assert journal_since(con, before) == []
    meetings.save(con, meeting, breakdown={"ORIGIN": {"MENAGE": 3}})
    assert journal_since(con, before) == [("UPDATE", "meeting", str(meeting.id), "ventilation")]


def test_every_category_label_is_french_and_every_code_unique():
    assert [d.code for d in DIMENSIONS] == ["ORIGIN", "STAGE", "OPINION"]
    for dimension in DIMENSIONS:
        codes = [code for code, _ in dimension.categories]
        assert len(set(codes)) == len(codes)
        assert all(label and label[0].isupper() for _, label in dimension.categories)
    assert (ORIGIN.total, STAGE.total, OPINION.total) == (
        "dossiers_examined", "dossiers_examined", "opinions_issued")
    assert STAGE.category_label("CQL") == "Commandement de quitter les lieux"


def test_a_version_7_base_upgrades_keeping_its_data_and_takes_breakdowns(tmp_path, fill_data):
    path = tmp_path / "version7.db"
    before = base_at_version(path, fill_data, 7)
    with Base.open(path) as opened:
        con = opened.con
        assert schema_version(con) == SCHEMA_VERSION
        assert as_before(con, before) == before
        [meeting] = meetings.all_meetings(con)
        meeting.dossiers_examined = 4
        meetings.save(con, meeting, breakdown={"STAGE": {"CQL": 4}})
        assert meetings.breakdown_of(con, meeting.id) == {"STAGE": {"CQL": 4}}


def test_a_version_7_base_read_as_it_is_has_no_breakdown(tmp_path, fill_data):
    path = tmp_path / "version7.db"
    base_at_version(path, fill_data, 7)
    with Base.open(path, read_only=True) as opened:
        assert schema_version(opened.con) == 7
        [meeting] = meetings.all_meetings(opened.con)
        assert not meetings.breakdowns_stored(opened.con)
        assert meetings.breakdown_of(opened.con, meeting.id) == {}
