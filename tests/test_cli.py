"""The command line: exit codes are a public contract (0 sound, 1 damaged, 2 unusable input),
messages are French, and no traceback reaches the user for an expected failure."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from pexdesk import __version__
from pexdesk.cli import COMMANDS, build_parser, modules_needed
from pexdesk.core.db.migrate import SCHEMA_VERSION
from pexdesk.core.errors import NotABaseError
from tests.cli_helpers import run, run_process


def damage(path: Path, size: int = 4096) -> None:
    """Overwrite ``size`` bytes from the page in the middle of the file with (reproducible)
    random bytes. From a page's start, so that the same page is hit whatever the schema's
    size (the half of one page and of the next, from the middle itself, made SQLite find a
    different damage when a schema step added a page)."""
    middle = path.stat().st_size // 2 // 4096 * 4096
    with open(path, "r+b") as handle:
        handle.seek(middle)
        handle.write(random.Random(20_260_101).randbytes(size))


def sidecars(path: Path) -> list[Path]:
    return [p for p in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal"))
            if p.exists() and p.stat().st_size]


# --- version and usage errors -----------------------------------------------------------------

def test_version(capsys):
    code, out, err = run(["--version"], capsys)
    assert code == 0
    assert out.strip() == f"pexdesk {__version__}" == "pexdesk 0.1.0"


@pytest.mark.parametrize("argv, french", [
    (["frobnicate"], "erreur : sous-commande inconnue : « frobnicate » (sous-commandes : demo, "
                     "check, smoke,"),
    (["--frobnicate"], "arguments inconnus"),
    (["check", "--frobnicate"], "arguments inconnus"),
    (["check", "--db"], "argument --db : une valeur est attendue"),
    (["demo", "--db", "x.db", "--seed", "abc"],
     "argument --seed : « abc » n'est pas un nombre entier"),
    (["backup", "--keep-last", "abc"], "argument --keep-last : « abc » n'est pas un nombre entier"),
    (["purge", "--years", "1.5"], "argument --years : « 1.5 » n'est pas un nombre entier"),
    (["journal", "--limit", "abc"], "argument --limit : « abc » n'est pas un nombre entier"),
    (["report", "--out", "b.pdf", "--kind", "nonsense"],
     "argument --kind : choix invalide : « nonsense » (valeurs possibles : activite, "
     "satisfaction, mensuel)"),
    (["backup", "--keep", "3"], "option ambiguë : --keep peut désigner --keep-last, --keep-days"),
], ids=["unknown-subcommand", "unknown-option", "unknown-check-option", "db-without-value",
        "bad-seed", "bad-keep-last", "fractional-years", "bad-limit", "unknown-kind",
        "ambiguous-option"])
def test_usage_errors_exit_2_in_french(capsys, argv, french):
    code, out, err = run(argv, capsys)
    assert code == 2
    assert "erreur :" in err
    assert french in err
    assert "Traceback" not in err and out == ""


def test_help_lists_every_subcommand(capsys):
    code, out, err = run(["--help"], capsys)
    assert code == 0
    listed = out.split("sous-commandes :", 1)[1]
    for command in ("demo", "check", "smoke", "import-responses", "import-partners", "stats",
                    "report", "questionnaire", "releve", "backup", "restore", "purge", "journal",
                    "export"):
        assert f"\n    {command} " in listed


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_subcommand_s_help_is_french_with_a_description(capsys, command):
    code, out, _ = run([command, "--help"], capsys)
    assert code == 0 and out.startswith(f"utilisation : pexdesk {command} ")
    description = out.split("\n\n")[1]
    assert description[:1].isupper() and not description.startswith(("arguments", "options"))
    for english in ("usage", "positional arguments", "options:", "show this help"):
        assert english not in out


def _subcommands(parser) -> set[str]:
    return set(parser._subparsers._group_actions[0].choices)


def test_the_command_table_names_each_module_s_subcommands():
    assert _subcommands(build_parser()) == set(COMMANDS)
    for module in set(COMMANDS.values()):
        assert _subcommands(build_parser((module,))) == {
            command for command, owner in COMMANDS.items() if owner == module}


@pytest.mark.parametrize("argv, needed", [
    ([], ()),
    (["--db", "check"], ()),  # a base file named « check » opens in the application
    (["--db", "base.db", "check"], ("base",)),
    (["report", "--db", "base.db", "--help"], ("report",)),
    (["--help"], None),
    (["frobnicate"], None),
    (["--db=base.db"], ()),
    (["--frobnicate"], None),
    (["--version"], None),
])
def test_a_command_line_builds_only_the_parser_it_needs(argv, needed):
    assert modules_needed(argv) == needed


# --- check ------------------------------------------------------------------------------------

def test_check_sound_base(filled_base_path, capsys):
    before = filled_base_path.read_bytes()
    code, out, err = run(["check", "--db", filled_base_path], capsys)
    assert code == 0
    assert out.startswith(f"Base saine : {filled_base_path}.")
    assert f"schéma version {SCHEMA_VERSION}" in out
    assert "150 partenaires" in out and "300 contacts" in out and "1 réunion\n" in out
    assert err == ""
    assert filled_base_path.read_bytes() == before  # check never writes
    assert sidecars(filled_base_path) == []


@pytest.mark.parametrize("argv", [["check"], ["stats"], ["journal", "--limit", "1"],
                                  ["purge", "--years", "1"]], ids=lambda argv: argv[0])
def test_reading_commands_leave_no_wal_or_shm_beside_the_base(filled_base_path, capsys, argv):
    folder = sorted(p.name for p in filled_base_path.parent.iterdir())
    assert run([*argv, "--db", filled_base_path], capsys)[0] == 0
    assert sorted(p.name for p in filled_base_path.parent.iterdir()) == folder


def test_a_reading_command_reads_what_the_application_has_not_checkpointed(base, fill_data,
                                                                           capsys):
    base.con.execute("PRAGMA wal_autocheckpoint=0")  # every commit stays in the -wal
    fill_data(base.con, partner_count=3)
    code, out, _ = run(["stats", "--db", base.path, "--json"], capsys)
    assert code == 0
    assert base.con.execute("SELECT count(*) FROM partner").fetchone()[0] == 3
    assert base.path.with_name(base.path.name + "-wal").stat().st_size > 0  # still the app's
    code, out, _ = run(["check", "--db", base.path], capsys)
    assert code == 0 and "3 partenaires" in out


def test_check_open_base_sees_committed_data(base, fill_data, capsys):
    fill_data(base.con, partner_count=3)
    code, out, _ = run(["check", "--db", base.path], capsys)
    assert code == 0 and "3 partenaires" in out


def test_check_damaged_base(filled_base_path, capsys):
    damage(filled_base_path)
    code, out, err = run(["check", "--db", filled_base_path], capsys)
    assert code == 1
    assert "Base endommagée" in err and "Restaurez la dernière sauvegarde" in err
    assert "Détail technique :" in err and "(database disk image is malformed)" not in err
    assert "Traceback" not in err
    assert out == ""


@pytest.mark.parametrize("argv", [
    ["journal"], ["journal", "--limit", "1"], ["purge", "--years", "1"], ["stats"],
    ["report", "--out", "{tmp}/bilan.pdf"], ["export", "partners", "--out", "{tmp}/p.csv"],
    ["backup", "--out", "{tmp}"],
], ids=lambda argv: " ".join(argv[:2]))
def test_every_command_exits_1_on_a_damaged_base(filled_base_path, tmp_path, capsys, argv):
    with open(filled_base_path, "r+b") as handle:  # pages that every opening reads
        handle.seek(4096)
        handle.write(b"\xff" * 16384)
    outputs = tmp_path / "sorties"
    outputs.mkdir()
    argv = [word.format(tmp=outputs) for word in argv]
    code, out, err = run([*argv, "--db", filled_base_path], capsys)
    assert (code, out) == (1, "")
    assert err.startswith(f"Erreur : La base {filled_base_path} est endommagée")
    assert list(outputs.iterdir()) == []


def test_check_truncated_base(filled_base_path, capsys):
    data = filled_base_path.read_bytes()
    filled_base_path.write_bytes(data[: len(data) // 3])
    code, _, err = run(["check", "--db", filled_base_path], capsys)
    assert code == 1
    assert "Base endommagée" in err and "Traceback" not in err


def _text(path: Path) -> Path:
    path.write_text("Ceci n'est pas une base.\n" * 50, encoding="utf-8")
    return path


def _foreign(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("CREATE TABLE t(x)")
        raw.commit()
    return path


def _header_destroyed(path: Path, filled: Path) -> Path:
    data = bytearray(filled.read_bytes())
    data[:16] = b"\x00" * 16
    path.write_bytes(bytes(data))
    return path


def _newer(path: Path, filled: Path) -> Path:
    data = bytearray(filled.read_bytes())
    data[60:64] = (99).to_bytes(4, "big")  # user_version: a schema from a future pexdesk
    path.write_bytes(bytes(data))
    return path


UNUSABLE = {
    "text-file": (lambda p, f: _text(p), "n'est pas une base pexdesk"),
    "empty-file": (lambda p, f: (p.write_bytes(b""), p)[1], "n'est pas une base pexdesk"),
    "missing-file": (lambda p, f: p, "n'existe pas"),
    "directory": (lambda p, f: (p.mkdir(), p)[1], "est un dossier, pas une base pexdesk"),
    "other-sqlite": (lambda p, f: _foreign(p), "est une base SQLite, mais pas une base pexdesk"),
    "header-destroyed": (_header_destroyed, "n'est pas une base pexdesk"),
    "newer-schema": (_newer, "créée par une version plus récente de pexdesk (schéma 99, cette "
                             f"version connaît le schéma {SCHEMA_VERSION}). Mettez pexdesk à jour"),
}


@pytest.mark.parametrize("make, french", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_check_unusable_input_exits_2(tmp_path, filled_base_path, capsys, make, french):
    path = make(tmp_path / "cible.db", filled_base_path)
    before = path.read_bytes() if path.is_file() else None
    code, out, err = run(["check", "--db", path], capsys)
    assert code == 2
    assert french in err
    assert "Traceback" not in err and out == ""
    assert (path.read_bytes() if path.is_file() else None) == before
    assert path.exists() == (before is not None or path.is_dir())


def test_check_without_db_uses_the_default_base(monkeypatch, filled_base_path, capsys):
    monkeypatch.setattr("pexdesk.commands.default_base_path", lambda: filled_base_path)
    code, out, _ = run(["check"], capsys)
    assert code == 0 and str(filled_base_path) in out


@pytest.mark.parametrize("where", ["before", "after"])
def test_db_option_before_or_after_the_subcommand(monkeypatch, tmp_path, filled_base_path, capsys,
                                                 where):
    monkeypatch.setattr("pexdesk.commands.default_base_path", lambda: tmp_path / "absente.db")
    argv = (["--db", filled_base_path, "check"] if where == "before"
            else ["check", "--db", filled_base_path])
    code, out, _ = run(argv, capsys)
    assert code == 0 and str(filled_base_path) in out


def test_demo_without_db_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["demo"], capsys)
    assert code == 2
    assert err == "Erreur : Indiquez le fichier à créer avec --db CHEMIN.\n"
    assert list(tmp_path.iterdir()) == []


def test_expected_errors_are_french_without_traceback(monkeypatch, tmp_path, capsys):
    def refuse(path):
        raise NotABaseError("Le fichier est verrouillé par un autre programme.")

    monkeypatch.setattr("pexdesk.core.services.check.check_base", refuse)
    code, out, err = run(["check", "--db", tmp_path / "x.db"], capsys)
    assert code == 2
    assert err == "Erreur : Le fichier est verrouillé par un autre programme.\n"


def test_interrupt_exits_130(monkeypatch, tmp_path, capsys):
    def interrupted(path):
        raise KeyboardInterrupt

    monkeypatch.setattr("pexdesk.core.services.check.check_base", interrupted)
    code, _, err = run(["check", "--db", tmp_path / "x.db"], capsys)
    assert code == 130 and err == "Interrompu.\n"


# --- real exit codes from a separate process --------------------------------------------------

def test_process_version():
    result = run_process("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == "pexdesk 0.1.0"


def test_process_check_exit_codes(tmp_path, filled_base_path):
    sound = run_process("check", "--db", filled_base_path)
    assert sound.returncode == 0, sound.stderr
    assert "Base saine" in sound.stdout

    text = run_process("check", "--db", _text(tmp_path / "notes.txt"))
    assert text.returncode == 2
    assert "n'est pas une base pexdesk" in text.stderr

    missing = run_process("check", "--db", tmp_path / "absente.db")
    assert missing.returncode == 2 and "n'existe pas" in missing.stderr

    damage(filled_base_path)
    damaged = run_process("check", "--db", filled_base_path)
    assert damaged.returncode == 1
    assert "Base endommagée" in damaged.stderr
    assert "Traceback" not in damaged.stderr

    usage = run_process("frobnicate")
    assert usage.returncode == 2
    assert "sous-commande inconnue" in usage.stderr and "Traceback" not in usage.stderr


# --- demo (pexdesk.core.services.demo) --------------------------------------------------------

def test_demo_then_check(tmp_path, capsys):
    path = tmp_path / "demo.db"
    code, out, err = run(["demo", "--db", path], capsys)
    assert code == 0, err
    assert f"Base de démonstration créée : {path}" in out
    code, out, err = run(["check", "--db", path], capsys)
    assert code == 0, err
    assert "Base saine" in out
    counts = {line.split(" ", 1)[1]: int(line.split(" ", 1)[0])
              for line in (raw.strip().removeprefix("– ") for raw in out.splitlines()[1:])
              if line[:1].isdigit()}
    assert counts["partenaires"] > 0 and counts["réunions"] > 0  # a demo base has content


def test_demo_is_reproducible_for_a_seed(tmp_path, capsys):
    summaries = []
    for name in ("a.db", "b.db"):
        code, out, _ = run(["demo", "--db", tmp_path / name, "--seed", "7"], capsys)
        assert code == 0
        summaries.append(out.split("\n", 1)[1])
    assert summaries[0] == summaries[1]


@pytest.mark.parametrize("existing", ["text", "base"])
def test_demo_refuses_an_existing_file_and_leaves_it(tmp_path, filled_base_path, capsys, existing):
    path = _text(tmp_path / "existant.db") if existing == "text" else filled_base_path
    before = path.read_bytes()
    code, out, err = run(["demo", "--db", path], capsys)
    assert code == 2
    assert err.startswith("Erreur : ") and "Traceback" not in err
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", [["check"], ["stats"], ["journal"], ["backup"],
                                     ["purge", "--years", "1"], ["export", "partners", "--out",
                                                                 "p.csv"]])
def test_a_folder_given_as_base_is_called_a_folder(tmp_path, capsys, command):
    code, _, err = run([*command, "--db", tmp_path], capsys)
    assert code == 2 and f"{tmp_path} est un dossier, pas une base pexdesk." in err


def test_demo_says_why_it_cannot_create_the_base_there(tmp_path, capsys, monkeypatch):
    code, _, err = run(["demo", "--db", tmp_path], capsys)
    assert code == 2 and err == (f"Erreur : {tmp_path} est un dossier : indiquez le nom du "
                                 f"fichier de la base à créer (par exemple "
                                 f"{tmp_path / 'pexdesk.db'}).\n")
    (tmp_path / "demo.db").write_bytes(b"")
    code, _, err = run(["demo", "--db", tmp_path / "demo.db" / "x.db"], capsys)
    assert code == 2 and err == (f"Erreur : {tmp_path / 'demo.db'} est un fichier, pas un "
                                 "dossier : la base n'a pas été créée.\n")
    monkeypatch.setattr("pexdesk.core.db.base.os.access", lambda path, mode: False)
    code, _, err = run(["demo", "--db", tmp_path / "neuve.db"], capsys)
    assert code == 2 and err == (f"Erreur : Le dossier {tmp_path} est en lecture seule : la base "
                                 "ne peut pas y être créée. Choisissez un dossier où vous pouvez "
                                 "écrire.\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db"]


def test_a_base_open_elsewhere_tells_what_to_do_on_the_command_line(filled_base_path, capsys):
    from pexdesk.core.db.base import Base

    with Base.open(filled_base_path):
        code, _, err = run(["purge", "--years", "1", "--yes", "--db", filled_base_path], capsys)
    assert code == 2
    assert err.startswith("Erreur : La base est ouverte par pexdesk sur ")
    assert err.endswith(" : fermez-la dans cet autre pexdesk, puis relancez la commande. Rien "
                        "n'a été modifié.\n")


def test_process_demo_then_check(tmp_path):
    path = tmp_path / "demo.db"
    demo = run_process("demo", "--db", path)
    assert demo.returncode == 0, demo.stderr
    check = run_process("check", "--db", path)
    assert check.returncode == 0, check.stderr
    again = run_process("demo", "--db", path)
    assert again.returncode == 2 and "Traceback" not in again.stderr

