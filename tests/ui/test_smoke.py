"""`pexdesk smoke`: the packaging check visits every screen and reports its times."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from pexdesk.core.safety import backup
from pexdesk.ui.screens import SCREENS
from tests.safety_helpers import base_with_many_partners, damage_a_page_in_place


def smoke(db_path):
    return subprocess.run([sys.executable, "-m", "pexdesk", "smoke", "--db", str(db_path)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def test_smoke_visits_every_screen_of_the_demo_and_leaves_its_folder_as_it_was(tmp_path,
                                                                             demo_base):
    folder = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = smoke(demo_base)
    assert (result.returncode, result.stderr) == (0, ""), result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(" : ")[0] for line in lines[:len(SCREENS)]] == [s.title for s in SCREENS]
    assert all(re.fullmatch(r".+ : \d+ ms", line) for line in lines[:len(SCREENS)])
    assert re.fullmatch(r"Premier écran affiché \d+ ms après le lancement du processus",
                        lines[len(SCREENS)])
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == folder  # no backup, no -wal


def test_smoke_fails_on_a_file_that_is_not_a_base(tmp_path):
    foreign = tmp_path / "notes.db"
    foreign.write_text("pas une base")
    result = smoke(foreign)
    assert result.returncode == 1
    assert "Erreur : Impossible d'ouvrir la base — Le fichier" in result.stderr
    assert "Premier écran" not in result.stdout


def test_smoke_of_a_missing_base_shows_no_screen_and_creates_nothing(tmp_path):
    result = smoke(tmp_path / "absente.db")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"Erreur : Impossible d'ouvrir la base — Le fichier "
                             f"{tmp_path / 'absente.db'} n'existe pas.\n")
    assert list(tmp_path.iterdir()) == []


def test_building_a_screen_leaves_the_window_active(window, qtbot):
    for spec in SCREENS:
        window.show_screen(spec.key)
        qtbot.wait(10)
        assert window.isActiveWindow(), f"building « {spec.title} » stole the activation"


def test_process_age_from_the_launcher_s_clock_when_given(monkeypatch):
    import time

    from pexdesk.ui.smoke import LAUNCHED_AT_VARIABLE, process_age_ms

    monkeypatch.setenv(LAUNCHED_AT_VARIABLE, repr(time.time() - 2.5))
    assert 2500 <= process_age_ms() < 3500
    monkeypatch.setenv(LAUNCHED_AT_VARIABLE, "pas une date")
    unreadable = process_age_ms()
    monkeypatch.delenv(LAUNCHED_AT_VARIABLE)
    assert abs(unreadable - process_age_ms()) < 50  # the process's own start time


def test_smoke_fails_on_a_base_the_integrity_check_finds_damaged(base_path):
    base_with_many_partners(base_path)
    backup.make_backup(base_path)
    damaged = damage_a_page_in_place(base_path)
    result = smoke(base_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"Erreur : Base endommagée — La base {base_path} est endommagée" in result.stderr
    assert "Traceback" not in result.stderr
    assert base_path.read_bytes() == damaged
