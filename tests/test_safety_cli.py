"""backup, restore, purge, journal on the command line: exit codes (0 done, 1 damaged,
2 unusable input), French messages, passwords from PEXDESK_PASSWORD or the terminal."""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.safety import backup
from pexdesk.core.safety.files import TEMP_SUFFIX
from tests.cli_helpers import run
from tests.safety_helpers import awkward_base, dump, last_journal_id

PASSWORD = "phrase de passe de test"


@pytest.fixture
def db(tmp_path) -> Path:
    return awkward_base(tmp_path / "pexdesk.db")


def test_backup_into_the_backup_folder(db, capsys):
    code, out, err = run(["backup", "--db", db], capsys)
    assert code == 0, err
    [made] = backup.list_backups(db)
    assert out.startswith(f"Sauvegarde vérifiée écrite : {made.path}\n")
    assert re.search(r"^\d[\d\u202f]* enregistrements, en \d+,\d s\.$", out, re.MULTILINE)


def test_backup_out_and_restore_plain(db, tmp_path, capsys):
    out_file = tmp_path / "copie.db"
    assert run(["backup", "--db", db, "--out", out_file], capsys)[0] == 0
    upto = last_journal_id(db) - 1
    expected = dump(db, journal_upto=upto)
    with Base.open(db) as base:
        base.con.execute("DELETE FROM contact")
    code, out, err = run(["restore", out_file, "--db", db], capsys)
    assert code == 0, err
    assert out.startswith(f"Base restaurée : {db}")
    assert "La base remplacée est gardée dans" in out
    assert dump(db, journal_upto=upto)["contact"] == expected["contact"]


def test_encrypted_round_trip_with_the_environment_password(db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PEXDESK_PASSWORD", PASSWORD)
    archive_path = tmp_path / "cle.pexb"
    code, out, err = run(["backup", "--db", db, "--out", archive_path, "--encrypt"], capsys)
    assert code == 0, err
    assert out.startswith("Archive chiffrée écrite")
    upto = last_journal_id(db) - 1
    expected = dump(db, journal_upto=upto)
    target = tmp_path / "ailleurs" / "pexdesk.db"
    target.parent.mkdir()
    assert run(["restore", archive_path, "--db", target], capsys)[0] == 0
    restored = dump(target, journal_upto=upto)
    assert {t: r for t, r in restored.items() if t != "sqlite_sequence"} == \
        {t: r for t, r in expected.items() if t != "sqlite_sequence"}
    monkeypatch.setenv("PEXDESK_PASSWORD", "pas le bon mot de passe")
    before = target.read_bytes()
    code, _, err = run(["restore", archive_path, "--db", target], capsys)
    assert code == 2 and "Mot de passe incorrect" in err
    assert target.read_bytes() == before


def test_password_needed_without_terminal_or_variable(db, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PEXDESK_PASSWORD", raising=False)
    code, _, err = run(["backup", "--db", db, "--out", tmp_path / "x.pexb", "--encrypt"], capsys)
    assert code == 2 and "PEXDESK_PASSWORD" in err
    assert not (tmp_path / "x.pexb").exists()
    monkeypatch.setenv("PEXDESK_PASSWORD", "court")
    code, _, err = run(["backup", "--db", db, "--out", tmp_path / "x.pexb", "--encrypt"], capsys)
    assert code == 2 and "trop court" in err


def test_password_prompt_twice_when_encrypting(db, tmp_path, capsys, monkeypatch):
    import getpass

    from pexdesk.commands import safety

    monkeypatch.delenv("PEXDESK_PASSWORD", raising=False)
    monkeypatch.setattr(safety.sys.stdin, "isatty", lambda: True, raising=False)
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(answers))
    code, _, err = run(["backup", "--db", db, "--out", tmp_path / "x.pexb", "--encrypt"], capsys)
    assert code == 2 and "diffèrent" in err and not (tmp_path / "x.pexb").exists()


@pytest.mark.parametrize("make, code, message", [
    (lambda tmp: tmp / "absent.db", 2, "n'existe pas"),
    (lambda tmp: (tmp / "texte.txt", (tmp / "texte.txt").write_text("x"))[0], 2,
     "n'est pas une sauvegarde pexdesk"),
], ids=["missing", "not-a-backup"])
def test_restore_unusable_input_exits_2(db, tmp_path, capsys, make, code, message):
    before = db.read_bytes()
    got, _, err = run(["restore", make(tmp_path), "--db", db], capsys)
    assert got == code and message in err
    assert db.read_bytes() == before


def test_restore_of_a_damaged_backup_exits_1(db, tmp_path, capsys):
    copy = backup.make_backup(db, out=tmp_path / "copie.db").path
    data = bytearray(copy.read_bytes())
    data[4096:12288] = b"\xff" * 8192
    copy.write_bytes(bytes(data))
    before = db.read_bytes()
    code, _, err = run(["restore", copy, "--db", db], capsys)
    assert code == 1 and "endommagée" in err
    assert db.read_bytes() == before


def test_restore_of_a_truncated_archive_says_so(db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PEXDESK_PASSWORD", PASSWORD)
    code, out, _ = run(["backup", "--db", db, "--encrypt", "--out", tmp_path / "a.pexb"], capsys)
    assert code == 0
    cut = tmp_path / "coupee.pexb"
    cut.write_bytes((tmp_path / "a.pexb").read_bytes()[:100])
    before = db.read_bytes()
    code, _, err = run(["restore", cut, "--db", db], capsys)
    assert code == 1 and "Archive pexdesk endommagée ou incomplète" in err
    assert "Mot de passe" not in err and db.read_bytes() == before


def test_backup_of_damaged_or_missing_bases(db, tmp_path, capsys):
    code, _, err = run(["backup", "--db", tmp_path / "absent.db"], capsys)
    assert code == 2 and "n'existe pas" in err
    with open(db, "r+b") as handle:
        handle.seek(16384)
        handle.write(b"\xff" * 16384)
    code, _, err = run(["backup", "--db", db], capsys)
    assert code == 1 and "aucune sauvegarde" in err


def test_backup_of_a_base_with_a_broken_reference_exits_1_and_writes_nothing(db, tmp_path,
                                                                           capsys):
    with closing(sqlite3.connect(db)) as raw:  # foreign keys are off by default
        raw.execute("UPDATE contact SET partner_id = 99999 WHERE id = (SELECT min(id) "
                    "FROM contact)")
        raw.commit()
    assert run(["check", "--db", db], capsys)[0] == 1
    for where in ([], ["--out", tmp_path / "copie.db"]):
        code, out, err = run(["backup", "--db", db, *where], capsys)
        assert (code, out) == (1, "")
        assert err.startswith(f"Erreur : La base {db} est endommagée (1 référence "
                              "cassée). Aucune sauvegarde n'en a été faite")
    assert not (tmp_path / "copie.db").exists()
    assert list(backup.backup_folder(db).glob("*.db")) == []


def test_backup_while_open_elsewhere_and_restore_refused(db, tmp_path, capsys):
    with Base.open(db):
        assert run(["backup", "--db", db, "--out", tmp_path / "c.db"], capsys)[0] == 0
        code, _, err = run(["restore", tmp_path / "c.db", "--db", db], capsys)
        assert code == 2 and "La base est ouverte par pexdesk" in err


def test_purge_preview_then_yes(db, capsys):
    with Base.open(db) as base:
        base.con.execute("UPDATE contact SET created_at = '2015-01-01T00:00:00.000Z', "
                         "updated_at = '2015-01-01T00:00:00.000Z' WHERE full_name LIKE 'Second%'")
        base.con.execute("UPDATE meeting SET held_on = '2015-01-01'")
        count = base.con.execute("SELECT count(*) FROM contact WHERE full_name LIKE 'Second%'"
                                 ).fetchone()[0]
    before = db.read_bytes()
    code, out, _ = run(["purge", "--db", db, "--years", 3], capsys)
    assert code == 0 and f"{count} contacts" in out and "Relancez avec --yes" in out
    assert db.read_bytes() == before
    code, out, err = run(["purge", "--db", db, "--years", 3, "--yes"], capsys)
    assert code == 0, err
    assert f"Purge faite : {count} contacts" in out
    assert "Sauvegarde faite avant" in out and "avant-purge" in out
    code, out, _ = run(["purge", "--db", db, "--years", 3, "--yes"], capsys)
    assert code == 0 and "Rien à supprimer" in out


def test_purge_bad_years(db, capsys):
    code, _, err = run(["purge", "--db", db, "--years", 0], capsys)
    assert code == 2 and "Durée de conservation invalide" in err
    code, _, err = run(["purge", "--db", db], capsys)
    assert code == 2 and "--years" in err


def test_journal_print_and_csv(db, tmp_path, capsys):
    code, out, _ = run(["journal", "--db", db, "--limit", 3], capsys)
    assert code == 0 and len(out.splitlines()) == 3
    assert "création – réponse de partenaire" in out
    out_file = tmp_path / "journal.csv"
    code, out, _ = run(["journal", "--db", db, "--out", out_file], capsys)
    assert code == 0 and out.startswith(f"Journal exporté : {out_file}")
    rows = list(csv.reader(io.StringIO(out_file.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Date et heure" and len(rows) > 20
    code, out, _ = run(["journal", "--db", db, "--limit", 1], capsys)
    assert "export – journal des modifications" in out
    code, _, err = run(["journal", "--db", db, "--out", tmp_path / "absent" / "j.csv"], capsys)
    assert code == 2 and "n'existe pas" in err


def test_journal_out_must_be_csv_in_a_folder(db, tmp_path, capsys):
    code, out, err = run(["journal", "--db", db, "--out", tmp_path / "jn.xlsx"], capsys)
    assert (code, out) == (2, "")
    assert err == ("Erreur : Nom de fichier « .xlsx » refusé : le journal (CSV) s'écrit dans un "
                   "fichier « .csv » (par exemple jn.csv). Rien n'a été écrit.\n")
    code, _, err = run(["journal", "--db", db, "--out", db / "j.csv"], capsys)
    assert code == 2 and err == f"Erreur : {db} est un fichier, pas un dossier : rien n'a été écrit.\n"
    assert not (tmp_path / "jn.xlsx").exists()


def test_backup_out_extension_tells_whether_it_is_encrypted(db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PEXDESK_PASSWORD", PASSWORD)
    code, _, err = run(["backup", "--db", db, "--encrypt", "--out", tmp_path / "enc.db"], capsys)
    assert code == 2 and "une archive chiffrée s'écrit dans un fichier « .pexb » (par exemple " \
                         "enc.pexb)" in err
    code, _, err = run(["backup", "--db", db, "--out", tmp_path / "copie.pexb"], capsys)
    assert code == 2 and "une copie non chiffrée s'écrit dans un fichier « .db »" in err
    assert not (tmp_path / "enc.db").exists() and not (tmp_path / "copie.pexb").exists()


def test_journal_of_an_unwritable_folder_in_french(db, tmp_path, capsys, monkeypatch):
    creating = os.open

    def refused(path, *args, **kwargs):
        if str(path).endswith(TEMP_SUFFIX):  # the temporary file beside the destination
            raise OSError(errno.EROFS, "Read-only file system")
        return creating(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refused)
    code, _, err = run(["journal", "--db", db, "--out", tmp_path / "j.csv"], capsys)
    assert code == 2 and err.startswith("Erreur : Écriture refusée") and "Read-only" not in err


def test_real_processes(db, tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PEXDESK_PASSWORD": PASSWORD}

    def pexdesk(*args):
        return subprocess.run([sys.executable, "-m", "pexdesk", *map(str, args)], env=env,
                              capture_output=True, text=True, encoding="utf-8", timeout=120)

    made = pexdesk("backup", "--db", db, "--encrypt", "--out", tmp_path)
    assert made.returncode == 0, made.stderr
    archive_path = Path(made.stdout.split(" : ", 1)[1].splitlines()[0])
    assert archive_path.suffix == ".pexb"
    restored = pexdesk("restore", archive_path, "--db", db)
    assert restored.returncode == 0, restored.stderr
    help_text = pexdesk("--help").stdout
    for command in ("backup", "restore", "purge", "journal"):
        assert command in help_text
    usage = pexdesk("restore", "--db", db)
    assert usage.returncode == 2 and "SAUVEGARDE" in usage.stderr
