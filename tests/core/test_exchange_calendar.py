"""Meetings as an iCalendar file, parsed back with ``icalendar``: one event per meeting,
stable UIDs, at the meeting's hours in local time or over its whole day, French summaries,
period filter, updates seen by clients."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from pexdesk.core.domain.models import Meeting
from pexdesk.core.repositories import mapper, meetings
from pexdesk.core.services import exchange
from pexdesk.core.services.exchange import calendar


def events(path: Path):
    parsed = Calendar.from_ical(path.read_bytes())
    return parsed, [c for c in parsed.walk("VEVENT")]


def day_of(event) -> date:
    start = event.decoded("DTSTART")
    return start.date() if isinstance(start, datetime) else start


def test_one_event_per_meeting_with_stable_uids(demo_con, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    result = exchange.export(demo_con, "meetings", first, record=False)
    exchange.export(demo_con, "meetings", second, record=False)
    parsed, found = events(first)
    stored = {uuid: (date.fromisoformat(held_on), start, end) for uuid, held_on, start, end in
              demo_con.execute("SELECT uuid, held_on, start_time, end_time FROM meeting")}
    assert result.count == len(found) == len(stored) > 50
    assert result.format == "iCalendar"
    assert {str(e["UID"]) for e in found} == {f"{uuid}@pexdesk" for uuid in stored}
    assert first.read_bytes() == second.read_bytes()  # same base, same file: no duplicates
    assert str(parsed["VERSION"]) == "2.0" and "pexdesk" in str(parsed["PRODID"])
    assert str(parsed["METHOD"]) == "PUBLISH"
    assert str(parsed["X-WR-CALNAME"]) == "Réunions CCAPEX et PEX – Gers (32)"
    for event in found:
        held_on, start, end = stored[str(event["UID"]).removesuffix("@pexdesk")]
        assert event.decoded("DTSTART") == datetime.fromisoformat(f"{held_on} {start}")
        assert event.decoded("DTEND") == datetime.fromisoformat(f"{held_on} {end}")
        assert event.decoded("DTSTART").tzinfo is None  # the local time it was typed in
        assert str(event["TRANSP"]) == "OPAQUE"


def test_a_meeting_without_its_start_lasts_the_whole_day_and_one_without_its_end_ends_there(
        base, tmp_path):
    con = base.con
    undated = meetings.save(con, Meeting(held_on=date(2025, 3, 11), kind="TECHNIQUE",
                                         end_time=time(12)))
    open_ended = meetings.save(con, Meeting(held_on=date(2025, 3, 12), kind="PLENIERE",
                                            start_time=time(14, 30)))
    out = tmp_path / "r.ics"
    exchange.export_meetings_calendar(con, [undated.id, open_ended.id], out)
    whole_day, at_hours = sorted(events(out)[1], key=day_of)
    assert whole_day.decoded("DTSTART") == date(2025, 3, 11)
    assert whole_day["DTSTART"].params["VALUE"] == "DATE"
    assert whole_day.decoded("DTEND") == date(2025, 3, 12)
    assert str(whole_day["TRANSP"]) == "TRANSPARENT"
    assert at_hours.decoded("DTSTART") == datetime(2025, 3, 12, 14, 30)
    assert "DTEND" not in at_hours and str(at_hours["TRANSP"]) == "OPAQUE"


def test_summaries_locations_and_descriptions_in_french(demo_con, tmp_path):
    out = tmp_path / "r.ics"
    exchange.export(demo_con, "meetings", out, record=False)
    _, found = events(out)
    by_uid = {str(e["UID"]).removesuffix("@pexdesk"): e for e in found}
    rows = demo_con.execute("SELECT uuid, kind, territory, place, dossiers_examined, "
                            "opinions_issued, notes FROM meeting").fetchall()
    summaries = {str(e["SUMMARY"]) for e in found}
    assert {"CCAPEX – commission technique", "CCAPEX – plénière", "Sous-CCAPEX Nord – Montbrézac",
            "Comité de pilotage de la charte", "Groupe de travail"} <= summaries
    for uuid, kind, territory, place, dossiers, opinions, notes in rows:
        event = by_uid[uuid]
        text = str(event["DESCRIPTION"])
        if kind == "TECHNIQUE":
            assert str(event["SUMMARY"]) == "CCAPEX – commission technique"
            assert f"Dossiers examinés : {dossiers}\nAvis et recommandations émis : {opinions}" in text
        if kind == "SOUS_CCAPEX":
            assert str(event["SUMMARY"]) == f"Sous-CCAPEX {territory}"
        assert text.endswith(notes)
        assert str(event.get("LOCATION", "")) == place


def test_period_filter_is_inclusive(demo_con, tmp_path):
    first_day, last_day = demo_con.execute(
        "SELECT min(held_on), max(held_on) FROM meeting WHERE held_on >= '2024-01-01'").fetchone()
    options = exchange.Options(first=date.fromisoformat(first_day), last=date(2024, 6, 30))
    out = tmp_path / "p.ics"
    result = exchange.export(demo_con, "meetings", out, options, record=False)
    _, found = events(out)
    expected = demo_con.execute("SELECT count(*) FROM meeting WHERE held_on BETWEEN ? AND ?",
                                (first_day, "2024-06-30")).fetchone()[0]
    assert result.count == len(found) == expected > 0
    assert min(day_of(e) for e in found) == date.fromisoformat(first_day)
    assert all(day_of(e) <= date(2024, 6, 30) for e in found)
    empty = exchange.export(demo_con, "meetings", tmp_path / "none.ics",
                            exchange.Options(first=date(2030, 1, 1)), record=False)
    assert empty.count == 0 and events(tmp_path / "none.ics")[1] == []


def test_a_changed_meeting_keeps_its_uid_and_gets_a_higher_sequence(base, tmp_path):
    con = base.con
    meeting = meetings.save(con, Meeting(held_on=date(2025, 3, 11), kind="TECHNIQUE",
                                         place="Préfecture ; salle 2, aile B",
                                         notes="Relevé diffusé.\r\nSecond\x07 paragraphe."))
    before = tmp_path / "before.ics"
    exchange.export_meetings_calendar(con, [meeting.id], before)
    # Pretend the change happens an hour later.
    later = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat(timespec="milliseconds")
    meeting.dossiers_examined = 12
    meetings.save(con, meeting)
    con.execute("UPDATE meeting SET updated_at = ? WHERE id = ?",
                (later.replace("+00:00", "Z"), meeting.id))
    after = tmp_path / "after.ics"
    exchange.export_meetings_calendar(con, [meeting.id], after)
    (old,), (new,) = events(before)[1], events(after)[1]
    assert str(old["UID"]) == str(new["UID"]) == f"{meeting.uuid}@pexdesk"
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"]) >= 0
    assert new.decoded("LAST-MODIFIED") > old.decoded("LAST-MODIFIED")
    assert new.decoded("DTSTAMP") == new.decoded("LAST-MODIFIED")
    assert str(new["LOCATION"]) == "Préfecture ; salle 2, aile B"  # escaped, then unescaped
    assert str(new["DESCRIPTION"]).endswith("Relevé diffusé.\nSecond paragraphe.")
    assert "Dossiers examinés : 12" in str(new["DESCRIPTION"])
    stored = mapper.get(con, Meeting, meeting.id)
    assert calendar.sequence(stored) >= 3599


def test_one_meeting_export(base, tmp_path):
    con = base.con
    kept = meetings.save(con, Meeting(held_on=date(2025, 1, 14), kind="SOUS_CCAPEX",
                                      territory="Sud – Vic-Aurèle"))
    meetings.save(con, Meeting(held_on=date(2025, 1, 15), kind="PLENIERE"))
    out = tmp_path / "one.ics"
    result = exchange.export_meetings_calendar(con, [kept.id], out)
    (event,) = events(out)[1]
    assert result.count == 1 and result.recorded
    assert str(event["SUMMARY"]) == "Sous-CCAPEX Sud – Vic-Aurèle"
    assert "LOCATION" not in event
    with pytest.raises(exchange.ExportError, match="fichier .ics"):
        exchange.export_meetings_calendar(con, [kept.id], tmp_path / "one.csv")
