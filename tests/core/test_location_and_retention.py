"""Warnings for bases on network shares or in synced folders; the retention purge."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pexdesk.core.domain.models import Contact, Meeting, Partner
from pexdesk.core.errors import ValidationError
from pexdesk.core.repositories import meetings, partners
from pexdesk.core.safety import journal, location, retention
from tests.survey_data import add, new_campaign

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
//nas/adil /mnt/partage cifs rw,vers=3.0 0 0
nas:/export /home/camille/nfs nfs4 rw 0 0
camille@srv: /home/camille/distant fuse.sshfs rw 0 0
/dev/sdb1 /media/camille/CLE\\040USB vfat rw 0 0
"""


@pytest.mark.parametrize("path, expected", [
    ("/home/camille/pexdesk.db", "ext4"),
    ("/mnt/partage/pexdesk.db", "cifs"),
    ("/mnt/partagex/pexdesk.db", "ext4"),
    ("/home/camille/nfs/sous/dossier/pexdesk.db", "nfs4"),
    ("/home/camille/distant/pexdesk.db", "fuse.sshfs"),
    ("/media/camille/CLE USB/pexdesk.db", "vfat"),
])
def test_mount_type_of_a_path(path, expected):
    assert location.mount_type(Path(path), MOUNTS) == expected


def test_network_file_systems_are_flagged(monkeypatch):
    monkeypatch.setattr(location.sys, "platform", "linux")
    monkeypatch.setattr(location, "mount_type", lambda path: "cifs")
    warnings = location.location_warnings("/mnt/partage/pexdesk.db")
    assert [w.kind for w in warnings] == ["reseau"]
    assert "lecteur réseau (système de fichiers cifs)" in warnings[0].message
    monkeypatch.setattr(location, "mount_type", lambda path: "ext4")
    assert location.location_warnings("/home/camille/pexdesk.db") == []


def test_unc_paths_are_network_paths():
    assert location.network_location(Path("//serveur/partage/pexdesk.db"))
    assert location.network_location(Path("\\\\serveur\\partage\\pexdesk.db"))


@pytest.mark.parametrize("path", [
    "/home/camille/OneDrive/pexdesk.db",
    "/home/camille/OneDrive - ADIL 35/Documents/pexdesk.db",
    "/home/camille/Dropbox/travail/pexdesk.db",
    "/home/camille/Google Drive/pexdesk.db",
    "/home/camille/Nextcloud/pexdesk.db",
])
def test_sync_client_folders_by_name(path):
    assert location.synced_location(Path(path), environment={})


def test_sync_folders_by_environment_and_marker(tmp_path):
    inside = tmp_path / "Documents ADIL" / "pexdesk.db"
    assert location.synced_location(inside, environment={}) is None
    assert location.synced_location(
        inside, environment={"OneDriveCommercial": str(tmp_path)}) == str(tmp_path)
    (tmp_path / ".dropbox").mkdir()
    assert location.synced_location(inside, environment={}) == str(tmp_path)


def test_local_data_folder_gets_no_warning(tmp_path, monkeypatch):
    for variable in location.SYNC_ENVIRONMENT:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(location, "mount_type", lambda path: "ext4")
    assert location.location_warnings(tmp_path / "pexdesk.db") == []


def test_synced_warning_is_french(monkeypatch):
    monkeypatch.setattr(location, "mount_type", lambda path: "ext4")
    [warning] = location.location_warnings("/home/camille/OneDrive/pexdesk.db")
    assert warning.kind == "synchronise" and "dossier synchronisé" in warning.message


# --- retention ------------------------------------------------------------------------------

def _age(con, table: str, record_id: int, day: str) -> None:
    con.execute(f"UPDATE {table} SET created_at = ?, updated_at = ? WHERE id = ?",
                (f"{day}T10:00:00.000Z", f"{day}T10:00:00.000Z", record_id))


@pytest.fixture
def aged(con):
    """Contacts and responses of several ages; today is 2026-06-15 in these tests."""
    old = partners.save(con, Partner(name="Ancien partenaire", category_code="CAF", active=False),
                        [Contact(full_name="Jeanne Ancienne"), Contact(full_name="Paul Ancien")])
    met = partners.save(con, Partner(name="Partenaire vu en réunion", category_code="CAF"),
                        [Contact(full_name="Marie Réunion")])
    recent = partners.save(con, Partner(name="Partenaire récent", category_code="CAF"),
                           [Contact(full_name="Luc Récent")])
    for partner, day in ((old, "2021-05-01"), (met, "2020-01-10"), (recent, "2025-12-01")):
        for contact in partners.contacts_of(con, partner.id):
            _age(con, "contact", contact.id, day)
    meetings.save(con, Meeting(held_on=date(2024, 9, 3), kind="PLENIERE"), attendee_ids=[met.id])
    campaign, items = new_campaign(con, items=[("Q1", "Question 1")])
    responses = [add(con, campaign, items, overall=3, scores=[4], comment=f"avis {i}")
                 for i in range(3)]
    con.execute("UPDATE response SET responded_on = '2022-03-01' WHERE id = ?",
                (responses[0].id,))
    _age(con, "response", responses[1].id, "2019-11-30")  # no date: its recording counts
    con.execute("UPDATE response SET responded_on = NULL WHERE id = ?", (responses[1].id,))
    return con


TODAY = date(2026, 6, 15)


def test_preview_lists_and_changes_nothing(aged, row_counts):
    before = row_counts(aged)
    plan = retention.plan_purge(aged, 3, today=TODAY)
    assert plan.cutoff == date(2023, 6, 15)
    assert [c.full_name for c in plan.contacts] == ["Jeanne Ancienne", "Paul Ancien"]
    assert not plan.contacts[0].partner_active
    assert [r.day for r in plan.responses] == ["2019-11-30", "2022-03-01"]
    text = "\n".join(plan.lines())
    assert "2 contacts dont" in text and "Jeanne Ancienne (Ancien partenaire)" in text
    assert "dernier contact le 01/05/2021" in text
    assert row_counts(aged) == before


def test_meeting_attendance_counts_as_contact(aged):
    names = {c.full_name for c in retention.plan_purge(aged, 1, today=TODAY).contacts}
    assert "Marie Réunion" in names  # last meeting 2024-09-03, more than a year ago
    names = {c.full_name for c in retention.plan_purge(aged, 2, today=TODAY).contacts}
    assert "Marie Réunion" not in names


def test_purge_deletes_what_was_listed_journals_it_and_wipes_the_text(aged, base_path):
    plan = retention.plan_purge(aged, 3, today=TODAY)
    answers_before = aged.execute("SELECT count(*) FROM answer").fetchone()[0]
    result = retention.purge(aged, plan)
    assert (result.contacts, result.responses) == (2, 2)
    names = [r[0] for r in aged.execute("SELECT full_name FROM contact ORDER BY full_name")]
    assert names == ["Luc Récent", "Marie Réunion"]
    assert aged.execute("SELECT count(*) FROM response").fetchone()[0] == 1
    assert aged.execute("SELECT count(*) FROM answer").fetchone()[0] == answers_before - 2
    entry = journal.entries(aged, limit=1)[0]
    assert entry.action == "PURGE" and "2 contacts et 2 réponses supprimés (plus de 3 ans" in entry.summary
    deletions = {(e.table_name, e.action) for e in journal.entries(aged, limit=10)}
    assert ("contact", "DELETE") in deletions and ("response", "DELETE") in deletions
    # secure_delete + checkpoint: the names are gone from the file and its WAL.
    wal = base_path.with_name(base_path.name + "-wal")
    on_disk = base_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert b"Jeanne Ancienne" not in on_disk and b"Paul Ancien" not in on_disk
    assert b"Luc R" in on_disk
    assert retention.plan_purge(aged, 3, today=TODAY).empty


def test_a_contact_saved_after_the_preview_is_kept(aged):
    plan = retention.plan_purge(aged, 3, today=TODAY)
    old = partners.find_by_name(aged, "Ancien partenaire")
    partners.save(aged, old, partners.contacts_of(aged, old.id))  # touched: contact again
    result = retention.purge(aged, plan)
    assert result.contacts == 0 and result.responses == 2


@pytest.mark.parametrize("years", [0, -1, 101, 2.5, True, "3"])
def test_invalid_years(con, years):
    with pytest.raises(ValidationError, match="Durée de conservation invalide"):
        retention.plan_purge(con, years)


def test_leap_day_cutoff():
    assert retention.cutoff_for(3, date(2028, 2, 29)) == date(2025, 2, 28)
