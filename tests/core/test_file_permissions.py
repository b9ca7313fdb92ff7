"""The permissions of the files pexdesk writes, under a set umask: what is meant to be read by
others (bilans, relevé, questionnaire, exports, the journal's CSV) gets those of any file a
program creates (0666 less the umask), never 0600; the base and its backups stay their
owner's. Nothing calls ``os.umask``, which would change the whole process's for a moment."""

from __future__ import annotations

import os
import stat
import sys
from datetime import date
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import Campaign, Meeting
from pexdesk.core.domain.profile import Profile
from pexdesk.core.repositories import feedback, meetings
from pexdesk.core.safety import archive, backup, journal
from pexdesk.core.safety.restore import restore
from pexdesk.core.services import exchange
from pexdesk.core.services.reporting.build import build_report
from pexdesk.core.services.reporting.questionnaire import build_questionnaire
from pexdesk.core.services.reporting.releve import gather_releve, render_releve

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")

FAST = archive.KdfParams(archive.SCRYPT, 10, 8, 1)
HELD = date(2026, 3, 10)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o027, 0o002], ids=["022", "027", "002"])
def umask(request, monkeypatch):
    """The process's umask for the test, set before anything is written and put back after;
    ``os.umask`` is then out of pexdesk's reach."""
    previous = os.umask(request.param)

    def no_umask(_mask):
        raise AssertionError("os.umask changes the umask of every thread of the process")

    monkeypatch.setattr(os, "umask", no_umask)
    yield request.param
    monkeypatch.undo()
    os.umask(previous)


@pytest.fixture
def gers(tmp_path, umask) -> Path:
    """A base with a meeting and a campaign, created under ``umask``."""
    path = tmp_path / "gers.db"
    with Base.create(path, Profile(department_code="32", adil_name="ADIL du Gers")) as base:
        meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.TECHNIQUE,
                                        dossiers_examined=4, opinions_issued=3))
        feedback.create_campaign(base.con, Campaign(name="Enquête 2026"), ["Animation"])
    return path


def test_documents_and_exports_get_the_mode_of_a_file_any_program_creates(gers, tmp_path,
                                                                          umask):
    shared = tmp_path / "dossier partagé"
    shared.mkdir()
    build_report(gers, out_path=shared / "bilan.pdf", first=date(2026, 1, 1),
                 last=date(2026, 3, 31))
    build_questionnaire(gers, shared / "questionnaire.pdf")
    with Base.open(gers) as base:
        render_releve(gather_releve(base.con, meetings.held_on(base.con, HELD)[0].id),
                      shared / "relevé.pdf")
        for name in ("indicateurs.xlsx", "réunions.csv"):
            table = "indicators" if name.endswith(".xlsx") else "meetings"
            exchange.export(base.con, table, shared / name)
        exchange.export_meetings_calendar(base.con, [1], shared / "réunion.ics")
        journal.export_csv(base.con, shared / "journal.csv")
    written = {path.name: mode(path) for path in shared.iterdir()}
    assert written == dict.fromkeys(
        ["bilan.pdf", "questionnaire.pdf", "relevé.pdf", "indicateurs.xlsx", "réunions.csv",
         "réunion.ics", "journal.csv"], 0o666 & ~umask)


def test_the_base_and_its_backups_stay_their_owner_s(gers, tmp_path, umask):
    assert mode(gers) == 0o600
    with Base.open(gers) as base:
        meetings.save(base.con, Meeting(held_on=date(2026, 3, 11), kind=MeetingKind.PLENIERE))
        assert mode(gers.with_name("gers.db-wal")) == 0o600  # SQLite copies the base's
        rescued = backup.rescue(base.con, gers)
    plain = backup.make_backup(gers, record=False).path
    sealed = backup.make_backup(gers, out=tmp_path, password="cheval-batterie-agrafe",
                                kdf=FAST, record=False).path
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    restored = restore(plain, elsewhere / "restaurée.db").base_path
    assert {path.name: mode(path) for path in (plain, sealed, rescued, restored)} == {
        plain.name: 0o600, sealed.name: 0o600, rescued.name: 0o600, "restaurée.db": 0o600}
    assert mode(plain.parent) == 0o700
