"""Who chaired a meeting, who held its secretariat, its hours, and the voice each
organisation present had: rules with French messages, saved and read back, journaled in
French, put back by an undo; schema step 10 on a version-9 base with data, and such a base
read as it is."""

from __future__ import annotations

import sqlite3
from datetime import date, time

import pytest
from reporting_helpers import pdf_text

from pexdesk.core.db.base import Base
from pexdesk.core.db.migrate import SCHEMA_VERSION, schema_version
from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import Meeting, Partner
from pexdesk.core.domain.rules import parse_time
from pexdesk.core.errors import ValidationError
from pexdesk.core.formatting import format_time
from pexdesk.core.reference.categories import CATEGORIES
from pexdesk.core.reference.membership import CATEGORY_VOICES, Voice, usual_voice
from pexdesk.core.repositories import mapper, meetings, partners
from pexdesk.core.safety import journal
from pexdesk.core.services.snapshots import capture, restore
from pexdesk.core.services.exchange.tables import build_table
from pexdesk.core.services.reporting.build import gather_report
from pexdesk.core.services.reporting.releve import gather_releve, render_releve
from tests.core.older_bases import as_before, base_at_version, tables_of
from tests.core.test_followups import journal_since, last_entry

HELD_ON = date(2026, 10, 5)


def partner(con, name: str, category: str) -> Partner:
    return partners.save(con, Partner(name=name, category_code=category))


def technical(**fields) -> Meeting:
    return Meeting(held_on=HELD_ON, kind=MeetingKind.TECHNIQUE, **fields)


@pytest.fixture
def members(con) -> dict[str, int]:
    return {p.category_code: p.id for p in (
        partner(con, "DDETS du Gers", "DDETS"), partner(con, "CAF du Gers", "CAF"),
        partner(con, "ADIL du Gers", "ADIL"), partner(con, "Mairie d'Auch", "COMMUNE"))}


def test_hours_chair_secretariat_and_voices_are_read_back_as_saved(con, members):
    saved = meetings.save(con, technical(
        start_time=time(9, 30), end_time=time(12), chair_state="PRESENT",
        chair_department="REPRESENTE", chair_metropolis="ABSENT",
        secretariat_partner_id=members["DDETS"]),
        [members["CAF"], members["ADIL"], members["COMMUNE"]],
        voices={members["CAF"]: Voice.DELIBERATIVE, members["ADIL"]: Voice.CONSULTATIVE,
                members["COMMUNE"]: Voice.INVITE})
    stored = mapper.get(con, Meeting, saved.id)
    assert (stored.start_time, stored.end_time) == (time(9, 30), time(12))
    assert (stored.chair_state, stored.chair_department, stored.chair_metropolis) == (
        "PRESENT", "REPRESENTE", "ABSENT")
    assert stored.secretariat_partner_id == members["DDETS"]
    assert [(a.name, a.category, a.voice) for a in meetings.attendees(con, saved.id)] == [
        ("ADIL du Gers", "ADIL", "CONSULTATIVE"), ("CAF du Gers", "CAF", "DELIBERATIVE"),
        ("Mairie d'Auch", "Commune / maire", "INVITE")]
    assert meetings.partner_name(con, stored.secretariat_partner_id) == "DDETS du Gers"
    assert tuple(con.execute("SELECT start_time, end_time FROM meeting").fetchone()) == (
        "09:30", "12:00")


def test_nothing_entered_is_none_not_a_guess(con, members):
    saved = meetings.save(con, technical(), [members["CAF"]])
    stored = mapper.get(con, Meeting, saved.id)
    assert (stored.start_time, stored.end_time, stored.chair_state, stored.chair_department,
            stored.chair_metropolis, stored.secretariat_partner_id) == (None,) * 6
    assert meetings.attendee_voices(con, saved.id) == {members["CAF"]: None}


def test_an_attendee_keeps_its_voice_unless_told_and_a_newcomer_has_none(con, members):
    caf, adil, commune = members["CAF"], members["ADIL"], members["COMMUNE"]
    meeting = meetings.save(con, technical(), [caf, adil],
                            voices={caf: Voice.DELIBERATIVE, adil: Voice.CONSULTATIVE})
    meetings.save(con, meeting, [caf, commune])
    assert meetings.attendee_voices(con, meeting.id) == {caf: "DELIBERATIVE", commune: None}
    meetings.save(con, meeting, voices={commune: Voice.INVITE, caf: None, adil: Voice.INVITE})
    assert meetings.attendee_voices(con, meeting.id) == {caf: None, commune: "INVITE"}


@pytest.mark.parametrize("fields, voices, expected", [
    ({"start_time": time(14), "end_time": time(11, 30)}, {},
     [("end_time", "« Heure de fin » (11\u00a0h\u00a030) doit être après « Heure de début » "
                   "(14\u00a0h).")]),
    ({"start_time": time(14), "end_time": time(14)}, {},
     [("end_time", "« Heure de fin » (14\u00a0h) doit être après « Heure de début » "
                   "(14\u00a0h).")]),
    ({"start_time": time(9, 30, 15)}, {},
     [("start_time", "« Heure de début » doit être une heure de la journée (hh:mm).")]),
    ({"chair_department": "PRESIDENT"}, {},
     [("chair_department", "« Présidence – Conseil départemental » : valeur inconnue "
                           "« PRESIDENT ».")]),
    ({}, {"CAF": "VOTANT"}, [("attendees", "« Voix » : valeur inconnue « VOTANT ».")]),
])
def test_what_cannot_be_is_refused_on_its_field_and_nothing_is_saved(con, members, row_counts,
                                                                    fields, voices, expected):
    before = row_counts(con)
    with pytest.raises(ValidationError) as refused:
        meetings.save(con, technical(**fields), [members["CAF"]],
                      voices={members[code]: voice for code, voice in voices.items()})
    assert [(e.field, e.message) for e in refused.value.errors] == expected
    assert row_counts(con) == before


def test_an_end_without_a_start_or_a_start_without_an_end_is_accepted(con):
    assert meetings.save(con, technical(end_time=time(12))).id
    assert meetings.save(con, technical(start_time=time(9))).id


def test_the_base_refuses_what_cannot_be(con, members):
    meeting = meetings.save(con, technical(start_time=time(9), end_time=time(12)),
                            [members["CAF"]])
    for sql in ("UPDATE meeting SET start_time = '9:30'", "UPDATE meeting SET end_time = '24:00'",
                "UPDATE meeting SET end_time = '08:59'", "UPDATE meeting SET start_time = 930",
                "UPDATE meeting SET chair_state = 'present'",
                "UPDATE meeting SET secretariat_partner_id = 9999"):
        with pytest.raises(sqlite3.IntegrityError):
            con.execute(sql + " WHERE id = ?", (meeting.id,))
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("UPDATE meeting_attendance SET voice = 'DELIBERANTE'")


def test_the_secretariat_is_cleared_with_its_partner_and_put_back_by_undo(con, members):
    meeting = meetings.save(con, technical(secretariat_partner_id=members["DDETS"]))
    kept = capture(con, "partner", members["DDETS"])
    partners.delete(con, members["DDETS"])
    assert mapper.get(con, Meeting, meeting.id).secretariat_partner_id is None
    restore(con, kept)
    assert mapper.get(con, Meeting, meeting.id).secretariat_partner_id == members["DDETS"]


def test_undo_s_snapshot_puts_the_voices_back(con, members):
    meeting = meetings.save(con, technical(), [members["CAF"]],
                            voices={members["CAF"]: Voice.DELIBERATIVE})
    before = capture(con, "meeting", meeting.id)
    meetings.save(con, meeting, voices={members["CAF"]: Voice.INVITE})
    restore(con, before)
    assert meetings.attendee_voices(con, meeting.id) == {members["CAF"]: "DELIBERATIVE"}


def test_the_journal_names_the_new_fields_in_french_and_voices_as_participants(con, members):
    meeting = meetings.save(con, technical(), [members["CAF"]])
    con.execute("UPDATE change_log SET created_at = '2000-01-01T00:00:00Z'")  # an older save
    before = last_entry(con)
    meetings.save(con, meeting, [members["CAF"]])
    assert journal_since(con, before) == []  # nothing changed, nothing written
    meeting.start_time, meeting.end_time = time(9), time(11)
    meeting.chair_state, meeting.secretariat_partner_id = "PRESENT", members["DDETS"]
    meetings.save(con, meeting, voices={members["CAF"]: Voice.DELIBERATIVE})
    assert [e.detail for e in journal.entries(con) if e.id > before] == [
        "heure de début, heure de fin, présidence (État), secrétariat, participants"]


@pytest.mark.parametrize("typed, read", [
    ("9h30", time(9, 30)), ("9 h 30", time(9, 30)), ("09:30", time(9, 30)), ("14h", time(14)),
    ("14 H", time(14)), ("14", time(14)), ("0930", time(9, 30)), ("9.30", time(9, 30)),
    ("9\u00a0h\u00a030", time(9, 30)), ("  ", None)])
def test_a_time_is_read_as_the_french_type_it(typed, read):
    assert parse_time(typed) == read


@pytest.mark.parametrize("typed", ["24h", "9h60", "9:5", "midi", "9h30m"])
def test_a_time_that_is_none_says_so_in_french(typed):
    with pytest.raises(ValueError, match=rf"« {typed} » n'est pas une heure valide \(hh:mm"):
        parse_time(typed)


def test_a_time_is_written_the_french_way():
    assert (format_time(time(9, 30)), format_time(time(14)), format_time(time(0, 5))) == (
        "9\u00a0h\u00a030", "14\u00a0h", "0\u00a0h\u00a005")


def test_every_category_has_a_usual_voice_as_the_texts_give_it():
    codes = {category.code for category in CATEGORIES}
    assert set(CATEGORY_VOICES) <= codes
    assert {code for code in codes if usual_voice(code) == Voice.DELIBERATIVE} == {
        "PREF", "DDETS", "DDT", "REG", "CD", "METRO", "EPCI", "CAF", "MSA"}
    assert {usual_voice(code) for code in ("BAILSOC", "ADIL", "BDF", "UDAF", "CCAS", "AL",
                                           "ASSO_INS", "ASSO_LOC")} == {Voice.CONSULTATIVE}
    assert usual_voice("COMMUNE") == usual_voice("JUSTICE") == Voice.INVITE


# --- schema step 10 -----------------------------------------------------------------------------

def test_a_version_9_base_upgrades_keeping_its_data_and_takes_the_new_fields(tmp_path,
                                                                             fill_data):
    path = tmp_path / "version9.db"
    before = base_at_version(path, fill_data, 9)
    with Base.open(path) as opened:
        con = opened.con
        assert schema_version(con) == SCHEMA_VERSION
        assert as_before(con, before) == before
        assert [row[-6:] for row in tables_of(con)["meeting"]] == [(None,) * 6]
        assert {row[-1] for row in tables_of(con)["meeting_attendance"]} == {None}
        [plenary] = meetings.all_meetings(con)
        attendees = meetings.attendees_of(con, plenary.id)
        plenary.start_time, plenary.chair_state = time(14), "REPRESENTE"
        plenary.secretariat_partner_id = attendees[0]
        meetings.save(con, plenary, voices={attendees[0]: Voice.CONSULTATIVE})
        [stored] = meetings.all_meetings(con)
        assert (stored.start_time, stored.chair_state, stored.secretariat_partner_id) == (
            time(14), "REPRESENTE", attendees[0])
        assert meetings.attendee_voices(con, plenary.id)[attendees[0]] == "CONSULTATIVE"


def test_a_version_9_base_read_as_it_is_has_none_of_them(tmp_path, fill_data):
    """The command line reads a base without upgrading it: the relevé, the bilan and the
    export of a base of schema 9 read none of them, and say so where they would show."""
    path = tmp_path / "version9.db"
    base_at_version(path, fill_data, 9)
    with Base.open(path, read_only=True) as opened:
        con = opened.con
        assert schema_version(con) == 9 and not meetings.voices_stored(con)
        [plenary] = meetings.all_meetings(con)
        assert (plenary.dossiers_examined, plenary.start_time, plenary.chair_state,
                plenary.secretariat_partner_id) == (42, None, None, None)
        assert set(meetings.attendee_voices(con, plenary.id).values()) == {None}
        releve = gather_releve(con, plenary.id, date(2024, 12, 31))
        bilan = gather_report(con, today=date(2024, 12, 31))
        sheet = build_table(con, "meetings").sheet
    assert releve.secretariat == "" and {a.voice for a in releve.attendees} == {None}
    assert bilan.ccapex.participation.voiced == 0
    values = dict(zip(sheet.headers, next(sheet.values())))
    assert (values["Heure de début"], values["Présidence – État (préfet)"],
            values["Secrétariat"], values["Membres à voix délibérative"]) == (None, None, "", "")
    assert values["Voix non précisée"] == values["Partenaires présents"] != ""
    text = pdf_text(render_releve(releve, tmp_path / "releve.pdf"))
    assert "Horaires" not in text and "Présidence" not in text and "Secrétariat" not in text
    assert "20 structures représentées. Structure Catégorie" in text
