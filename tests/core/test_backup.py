"""Verified backups: the copy is checked before it gets its name, unchanged bases are not
backed up twice, thinning keeps the latest ten and one a day, failures leave no file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import Partner
from pexdesk.core.errors import BackupError, DamagedBaseError, NotABaseError, StorageError
from pexdesk.core.repositories import partners
from pexdesk.core.safety import archive, backup
from pexdesk.core.safety.backup import BackupInfo, BackupPolicy, plan_rotation
from tests.safety_helpers import dump, last_journal_id

FAST = archive.KdfParams(archive.SCRYPT, 10, 8, 1)


def test_backup_is_a_verified_single_file_copy(filled_base_path):
    result = backup.make_backup(filled_base_path, now=datetime(2026, 3, 14, 14, 32, 5))
    assert result.path == filled_base_path.parent / "sauvegardes" / "pexdesk-20260314-143205.db"
    assert result.records > 150 * 3 and not result.encrypted
    assert result.recorded  # nobody had the base open: the backup is in its journal
    source, copy = dump(filled_base_path), dump(result.path)
    journaled = ("change_log", "sqlite_sequence")  # the backup's own entry came after it
    assert {t: r for t, r in copy.items() if t not in journaled} == \
        {t: r for t, r in source.items() if t not in journaled}
    last = last_journal_id(filled_base_path)
    assert copy["change_log"] == dump(filled_base_path, journal_upto=last - 1)["change_log"]
    assert max(source["change_log"])[2] == "BACKUP"
    header = result.path.read_bytes()[:100]
    assert header[18:20] == b"\x01\x01"  # rollback journal: one file, no -wal to forget
    assert backup.verify_backup(result.path) == "saine"
    assert [p.name for p in result.path.parent.iterdir()] == [result.path.name]


def test_backup_while_the_base_is_open_and_written(base, base_path):
    partners.save(base.con, Partner(name="Avant", category_code="CAF"))
    result = backup.make_backup(base_path)
    assert not result.recorded  # the writer records it itself
    assert "copie vérifiée vers" in result.summary
    with closing(sqlite3.connect(result.path)) as copy:
        assert copy.execute("SELECT name FROM partner").fetchall() == [("Avant",)]


def test_unchanged_base_is_not_backed_up_again(base, base_path):
    first = backup.auto_backup(base_path, now=datetime(2026, 1, 1, 10))
    assert first is not None
    assert backup.auto_backup(base_path, now=datetime(2026, 1, 1, 11)) is None
    partners.save(base.con, Partner(name="Nouveau", category_code="CAF"))
    second = backup.auto_backup(base_path, now=datetime(2026, 1, 1, 12))
    assert second is not None and second.path != first.path
    assert backup.auto_backup(base_path, now=datetime(2026, 1, 1, 13)) is None


def test_encrypted_backup_anywhere_plain_copy_never_leaves_the_base_folder(filled_base_path,
                                                                           tmp_path):
    key = tmp_path / "cle-usb"
    key.mkdir()
    result = backup.make_backup(filled_base_path, out=key, password="phrase secrète",
                                kdf=FAST, now=datetime(2026, 3, 14, 9))
    assert result.path == key / "pexdesk-20260314-090000.pexb" and result.encrypted
    assert [p.name for p in key.iterdir()] == [result.path.name]
    content = archive.open_sealed(result.path.read_bytes(), "phrase secrète")
    assert content.startswith(b"SQLite format 3\x00")
    assert b"Partenaire 001" not in result.path.read_bytes()
    assert backup.verify_backup(result.path) == "chiffrée"
    assert not list((filled_base_path.parent / "sauvegardes").glob("*.tmp"))


def test_out_file_must_not_exist_and_its_folder_must(filled_base_path, tmp_path):
    existing = tmp_path / "existe.db"
    existing.write_bytes(b"garde-moi")
    with pytest.raises(BackupError, match="existe déjà"):
        backup.make_backup(filled_base_path, out=existing)
    assert existing.read_bytes() == b"garde-moi"
    with pytest.raises(BackupError, match="n'existe pas"):
        backup.make_backup(filled_base_path, out=tmp_path / "absent" / "x.db")
    written = backup.make_backup(filled_base_path, out=tmp_path / "copie.db")
    assert written.path == tmp_path / "copie.db" and written.path.is_file()


def test_not_a_base_or_missing(tmp_path):
    with pytest.raises(NotABaseError, match="n'existe pas"):
        backup.make_backup(tmp_path / "absent.db")
    foreign = tmp_path / "autre.db"
    with closing(sqlite3.connect(foreign)) as con:
        con.execute("CREATE TABLE t(x)")
    with pytest.raises(NotABaseError, match="pas une base pexdesk"):
        backup.make_backup(foreign)
    assert not (tmp_path / "sauvegardes").exists() or not any((tmp_path / "sauvegardes").iterdir())


def test_damaged_base_gives_no_backup(filled_base_path):
    with open(filled_base_path, "r+b") as handle:
        handle.seek(40960)
        handle.write(b"\xff" * 8192)
    with pytest.raises((DamagedBaseError, BackupError)) as failed:
        backup.make_backup(filled_base_path)
    assert "aucune sauvegarde" in str(failed.value)
    assert not list((filled_base_path.parent / "sauvegardes").iterdir())


def test_a_copy_failing_verification_never_gets_a_final_name(filled_base_path, monkeypatch):
    monkeypatch.setattr(backup, "table_counts", lambda con, _real=backup.table_counts: {
        **_real(con), "partner": -1} if "sauvegardes" in str(
        con.execute("PRAGMA database_list").fetchone()[2]) else _real(con))
    with pytest.raises(BackupError, match="même nombre de lignes"):
        backup.make_backup(filled_base_path)
    assert not list((filled_base_path.parent / "sauvegardes").iterdir())


def test_backup_folder_that_cannot_be_created(filled_base_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission non accordée")

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(StorageError, match="aucune sauvegarde n'a été faite"):
        backup.make_backup(filled_base_path)


def test_stale_temporary_files_are_removed(filled_base_path):
    folder = filled_base_path.parent / "sauvegardes"
    folder.mkdir()
    stale, fresh = folder / ".pexdesk-x.db.abc.tmp", folder / ".pexdesk-y.db.def.tmp"
    stale.write_bytes(b"partial")
    fresh.write_bytes(b"being written")
    import os
    os.utime(stale, (0, 0))
    backup.make_backup(filled_base_path)
    assert not stale.exists() and fresh.exists()


def test_names_from_an_awkward_base_name(tmp_path, filled_base_path):
    awkward = tmp_path / "Base d'Ille-et-Vilaine (copie) é.db"
    filled_base_path.rename(awkward)
    result = backup.make_backup(awkward, now=datetime(2026, 1, 2, 3, 4, 5))
    assert result.path.name == "Base d_Ille-et-Vilaine _copie_ e-20260102-030405.db"
    assert backup.list_backups(awkward)[0].path == result.path
    again = backup.make_backup(awkward, now=datetime(2026, 1, 2, 3, 4, 5))
    assert again.path.name.endswith("-030405-2.db")


def test_latest_sound_backup_skips_damaged_ones(filled_base_path):
    good = backup.make_backup(filled_base_path, now=datetime(2026, 1, 1, 10)).path
    bad = backup.make_backup(filled_base_path, now=datetime(2026, 1, 2, 10)).path
    with open(bad, "r+b") as handle:
        handle.seek(4096)
        handle.write(b"\xff" * 4096)
    assert backup.verify_backup(bad).startswith("endommagée")
    assert backup.latest_sound_backup(filled_base_path).path == good


def test_damaged_base_at_open_names_the_latest_sound_backup(filled_base_path):
    good = backup.make_backup(filled_base_path, now=datetime(2026, 1, 1, 10)).path
    before = filled_base_path.read_bytes()
    with open(filled_base_path, "r+b") as handle:
        handle.seek(len(before) // 2)
        handle.write(b"\x00\xff" * 4096)
    damaged = filled_base_path.read_bytes()
    with pytest.raises(DamagedBaseError) as refused:
        Base.open(filled_base_path)
    assert f"Dernière sauvegarde saine : {good}" in str(refused.value)
    assert refused.value.backup.path == good
    assert filled_base_path.read_bytes() == damaged  # never overwritten


# --- thinning -------------------------------------------------------------------------------------

def _info(when: datetime, tag: str = "") -> BackupInfo:
    return BackupInfo(Path(f"/b/pexdesk-{when:%Y%m%d-%H%M%S}{'-' + tag if tag else ''}.db"),
                      when, tag)


def test_rotation_keeps_last_ten_and_one_a_day_for_thirty_days():
    now = datetime(2026, 3, 31, 18)
    hourly_today = [_info(now - timedelta(hours=h)) for h in range(15)]
    daily = [_info(now - timedelta(days=d, hours=h)) for d in range(1, 45) for h in (0, 3)]
    doomed = {b.path for b in plan_rotation(hourly_today + daily, now, BackupPolicy())}
    kept = [b for b in hourly_today + daily if b.path not in doomed]
    assert all(b in kept for b in hourly_today[:10])
    days = {b.created.date() for b in kept}
    assert len(days) == 30 and min(days) == (now - timedelta(days=29)).date()
    for day in days:  # the newest of the day survives
        assert max((b for b in hourly_today + daily if b.created.date() == day),
                   key=lambda b: b.created) in kept
    assert len(kept) == 10 + 29


def test_rotation_keeps_tagged_backups_thirty_days_and_the_newest_of_each_tag():
    now = datetime(2026, 3, 31, 18)
    old_restore = _info(now - timedelta(days=90), "avant-restauration")
    older_restore = _info(now - timedelta(days=100), "avant-restauration")
    recent_purge = _info(now - timedelta(days=3), "avant-purge")
    doomed = plan_rotation([old_restore, older_restore, recent_purge], now, BackupPolicy())
    assert doomed == [older_restore]


@settings(max_examples=200, deadline=None)
@given(ages=st.lists(st.integers(0, 60 * 24 * 90), min_size=0, max_size=60, unique=True),
       keep_last=st.integers(1, 15), keep_days=st.integers(0, 40))
def test_rotation_properties(ages, keep_last, keep_days):
    now = datetime(2026, 6, 30, 23, 59)
    backups = [_info(now - timedelta(minutes=m)) for m in ages]
    doomed = plan_rotation(backups, now, BackupPolicy(keep_last, keep_days))
    kept = [b for b in backups if b not in doomed]
    newest_first = sorted(backups, key=lambda b: b.created, reverse=True)
    assert set(newest_first[:keep_last]) <= set(kept)
    horizon = (now - timedelta(days=keep_days)).date()
    for day in {b.created.date() for b in backups if b.created.date() > horizon}:
        assert any(b.created.date() == day for b in kept)
    assert len(kept) <= keep_last + keep_days + 1
    assert plan_rotation(kept, now, BackupPolicy(keep_last, keep_days)) == []  # stable


def test_rotate_deletes_files(filled_base_path):
    start = datetime(2026, 1, 1, 8)
    for hour in range(14):
        backup.make_backup(filled_base_path, now=start + timedelta(hours=hour),
                           policy=BackupPolicy(keep_last=10, keep_days=30))
    assert len(backup.list_backups(filled_base_path)) == 10
