"""Restore: every record back exactly (plain and encrypted), the replaced base kept, stale
WAL dropped, foreign or damaged files refused with nothing written."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.db.migrate import SCHEMA_VERSION
from pexdesk.core.domain.models import Partner
from pexdesk.core.errors import (BaseLockedError, DamagedBackupError, NotABackupError,
                                 NotABaseError, WrongPasswordError)
from pexdesk.core.repositories import partners
from pexdesk.core.safety import archive, backup
from pexdesk.core.safety.restore import restore
from pexdesk.core.services.check import Verdict, check_base
from tests.safety_helpers import awkward_base, dump, last_journal_id

FAST = archive.KdfParams(archive.SCRYPT, 10, 8, 1)
PASSWORD = "phrase de passe ADIL"


@pytest.fixture
def awkward(tmp_path) -> Path:
    return awkward_base(tmp_path / "pexdesk.db")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_round_trip_preserves_every_record_exactly(awkward, tmp_path, encrypted):
    made = backup.make_backup(awkward, out=tmp_path / ("copie.pexb" if encrypted else "copie.db"),
                              password=PASSWORD if encrypted else None, kdf=FAST)
    upto = last_journal_id(awkward) - 1  # the backup's own entry is not in the copy
    expected = dump(awkward, journal_upto=upto)
    with Base.open(awkward) as base:  # then the base moves on
        partners.save(base.con, Partner(name="Ajouté après", category_code="CAF"))
        base.con.execute("DELETE FROM response")
    result = restore(made.path, awkward, password=PASSWORD if encrypted else None)
    restored = dump(awkward, journal_upto=upto)
    assert {t: r for t, r in restored.items() if t != "sqlite_sequence"} == \
        {t: r for t, r in expected.items() if t != "sqlite_sequence"}
    assert result.records == made.records
    assert check_base(awkward).verdict == Verdict.SOUND
    with Base.open(awkward) as base:  # the restore is journaled in the restored base
        last = base.con.execute(
            "SELECT action, summary FROM change_log ORDER BY id DESC").fetchone()
        assert last["action"] == "RESTORE" and str(made.path) in last["summary"]


def test_the_replaced_base_is_kept_as_a_verified_backup(awkward, tmp_path):
    made = backup.make_backup(awkward, out=tmp_path / "copie.db")
    with Base.open(awkward) as base:
        partners.save(base.con, Partner(name="Seulement dans l'ancienne", category_code="CAF"))
    before = dump(awkward)
    result = restore(made.path, awkward, now=datetime(2026, 5, 4, 3, 2, 1))
    assert [k.name for k in result.kept] == ["pexdesk-20260504-030201-avant-restauration.db"]
    kept = dump(result.kept[0])
    assert kept["partner"] == before["partner"]
    assert backup.verify_backup(result.kept[0]) == "saine"


def test_stale_wal_and_journal_beside_the_base_are_dropped(awkward, tmp_path):
    """A -wal left beside the base would be replayed into the restored file."""
    made = backup.make_backup(awkward, out=tmp_path / "copie.db")
    expected = dump(made.path)
    # Leave a real WAL of other changes beside the base (a process killed with it open).
    con = sqlite3.connect(awkward, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE partner SET notes = 'NE DOIT PAS REVENIR'")
    wal = awkward.with_name(awkward.name + "-wal")
    assert wal.stat().st_size > 0
    saved_wal = wal.read_bytes()
    con.close()  # (closing checkpoints it; put it back as a crash would leave it)
    wal.write_bytes(saved_wal)
    awkward.with_name(awkward.name + "-journal").write_bytes(b"stale")
    restore(made.path, awkward)
    assert not awkward.with_name(awkward.name + "-journal").exists()
    after = dump(awkward, journal_upto=last_journal_id(made.path))
    assert after["partner"] == expected["partner"]
    assert check_base(awkward).verdict == Verdict.SOUND


def test_restore_onto_a_missing_base_creates_it(awkward, tmp_path):
    made = backup.make_backup(awkward, out=tmp_path / "copie.db")
    target = tmp_path / "nouvel-ordinateur" / "pexdesk.db"
    target.parent.mkdir()
    result = restore(made.path, target)
    assert result.kept == [] and check_base(target).verdict == Verdict.SOUND
    with pytest.raises(NotABaseError, match="n'existe pas"):
        restore(made.path, tmp_path / "absent" / "pexdesk.db")


def test_restore_over_a_damaged_base_keeps_its_raw_files(awkward, tmp_path):
    made = backup.make_backup(awkward, out=tmp_path / "copie.db")
    with open(awkward, "r+b") as handle:
        handle.seek(8192)
        handle.write(b"\xff" * 16384)
    damaged = awkward.read_bytes()
    result = restore(made.path, awkward)
    assert len(result.kept) == 1 and result.kept[0].name.endswith("-avant-restauration-brute.db")
    assert result.kept[0].read_bytes() == damaged
    assert check_base(awkward).verdict == Verdict.SOUND


def _refused(base: Path, source: Path, error, match: str, password: str | None = None) -> None:
    before = files_of(base.parent)
    with pytest.raises(error, match=match):
        restore(source, base, password=password)
    assert files_of(base.parent) == before  # nothing written, nothing left behind


def test_refusals_change_nothing(awkward, tmp_path):
    plain = backup.make_backup(awkward, out=tmp_path / "copie.db").path
    sealed = backup.make_backup(awkward, out=tmp_path / "copie.pexb", password=PASSWORD,
                                kdf=FAST).path
    foreign = tmp_path / "autre.sqlite"
    with closing(sqlite3.connect(foreign)) as con:
        con.execute("CREATE TABLE t(x)")
        con.commit()
    text = tmp_path / "notes.txt"
    text.write_text("bonjour")
    newer = tmp_path / "future.db"
    newer.write_bytes(plain.read_bytes())
    with open(newer, "r+b") as handle:
        handle.seek(60)
        handle.write((SCHEMA_VERSION + 1).to_bytes(4, "big"))
    truncated = tmp_path / "tronquee.db"
    truncated.write_bytes(plain.read_bytes()[: len(plain.read_bytes()) // 2])
    damaged = tmp_path / "abimee.db"
    data = bytearray(plain.read_bytes())
    data[len(data) // 2: len(data) // 2 + 4096] = b"\xff" * 4096
    damaged.write_bytes(bytes(data))
    garbled = tmp_path / "schema-illisible.db"  # SQLite quotes the name, not UTF-8, in its error
    data = bytearray(plain.read_bytes())
    entry = data.find(b"triggerjournal_partner_updatepartnerCREATE TRIGGER")
    assert entry > 0
    data[entry + len("triggerjournal_p")] = 0x92
    data[entry + len("triggerjournal_partner_updatepartnerCREATE TR")] = 0x21
    garbled.write_bytes(bytes(data))

    _refused(awkward, tmp_path / "absent.db", NotABackupError, "n'existe pas")
    _refused(awkward, tmp_path, NotABackupError, "n'est pas un fichier")
    _refused(awkward, foreign, NotABackupError, "pas une base pexdesk")
    _refused(awkward, text, NotABackupError, "n'est pas une sauvegarde pexdesk")
    _refused(awkward, newer, NotABackupError, "plus récente.*Mettez pexdesk à jour")
    _refused(awkward, truncated, DamagedBackupError, "tronqué")
    _refused(awkward, damaged, DamagedBackupError, "endommagée")
    _refused(awkward, garbled, DamagedBackupError, "endommagée")
    _refused(awkward, sealed, WrongPasswordError, "indiquez son mot de passe")
    _refused(awkward, sealed, WrongPasswordError, "Mot de passe incorrect", "mauvais mot")
    _refused(awkward, awkward, NotABackupError, "même fichier")


def test_never_replaces_a_foreign_file(awkward, tmp_path):
    made = backup.make_backup(awkward, out=tmp_path / "copie.db")
    other = tmp_path / "comptes.db"
    other.write_bytes(b"not mine, " * 100)
    _refused(other, made.path, NotABaseError, "ne le remplace pas")


def test_refused_while_another_pexdesk_has_the_base(awkward, tmp_path):
    made = backup.make_backup(awkward, out=tmp_path / "copie.db")
    with Base.open(awkward):
        before = awkward.read_bytes()
        with pytest.raises(BaseLockedError, match="ouverte par pexdesk"):
            restore(made.path, awkward)
        assert awkward.read_bytes() == before


def test_restore_keeps_the_file_permissions(awkward, tmp_path):
    made = backup.make_backup(awkward, out=tmp_path / "copie.db")
    os.chmod(awkward, 0o640)
    restore(made.path, awkward)
    assert awkward.stat().st_mode & 0o777 == 0o640


def test_older_backup_is_restored_then_upgraded_on_open(tmp_path, fill_data):
    from pexdesk.core.db.base import _seed
    from pexdesk.core.db.connection import connect
    from pexdesk.core.db.migrate import bundled_steps, upgrade
    from pexdesk.core.domain.profile import Profile
    from pexdesk.core.repositories import mapper

    old = tmp_path / "ancienne.db"
    with closing(connect(old)) as con:
        upgrade(con, steps=bundled_steps()[:2], after_step=_seed)
        mapper.insert(con, Profile(department_code="35", adil_name="ADIL 35"))
        fill_data(con, partner_count=5)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    made = backup.make_backup(old, out=tmp_path / "v2.db")
    target = tmp_path / "pexdesk.db"
    restore(made.path, target)
    with Base.open(target) as base:
        assert base.con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert base.con.execute("SELECT count(*) FROM partner").fetchone()[0] == 5
