"""Keeping the base safe from the window: read-only when another pexdesk has it, a damaged
base offers its backup, copies (plain and encrypted), restore, journal, purge, and the
automatic backup at closing."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QPushButton

from pexdesk.core.db.base import Base
from pexdesk.core.errors import DamagedBaseError, StorageError
from pexdesk.core.domain.models import Contact, Partner
from pexdesk.core.repositories import partners
from pexdesk.core.safety import backup, journal
from pexdesk.core.safety.lock import BaseLock
from pexdesk.ui.main_window import MainWindow
from pexdesk.ui.password_dialog import PasswordDialog
from pexdesk.ui import session as session_module
from pexdesk.ui.safety_actions import DB_FILTER, PEXB_FILTER
from pexdesk.ui.session import Session
from tests.safety_helpers import base_with_many_partners, damage_a_page_in_place
from tests.ui.conftest import discard_unsaved_edits, shown_window
from tests.ui.helpers import open_section, read, type_text, wait_for_opening_backup

PASSWORD = "une phrase de passe solide"


def backups_of(base_path):
    folder = base_path.parent / "sauvegardes"
    return sorted(folder.glob("*.db")) if folder.is_dir() else []


def partner_count(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM partner").fetchone()[0]
    finally:
        con.close()


def answer_messages(monkeypatch, answer=QMessageBox.StandardButton.Yes):
    """QMessageBox boxes built by hand answer ``answer``; their texts are kept, as read."""
    asked = []

    def exec_(box):
        asked.append((read(box.text()), read(box.informativeText()),
                      [b.text() for b in box.buttons()]))
        return answer
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def record_messages(monkeypatch, *kinds):
    """Message boxes of these kinds (« warning »…) are not shown; (kind, title, text as
    read) are kept."""
    shown = []
    for kind in kinds:
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda parent, title, text, *rest, k=kind: shown.append((k, title, read(text)))))
    return shown


def fake_password(monkeypatch, password: str):
    def exec_(dialog):
        type_text(dialog.first, password)
        type_text(dialog.second, password)
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(PasswordDialog, "exec", exec_)


# --- one writer -----------------------------------------------------------------------------

def test_base_held_elsewhere_opens_read_only_and_refuses_saves(qtbot, ui_settings, base_path,
                                                                monkeypatch):
    lock = BaseLock.acquire(base_path)  # « another pexdesk »
    try:
        window = MainWindow(ui_settings)
        qtbot.addWidget(window)
        window.show()
        assert window.open_base(base_path)
        assert window.session.base.read_only
        banner = window.safety.banners.read_only
        assert banner.isVisible()
        assert read(banner.text()).startswith("Lecture seule : la base est ouverte par pexdesk sur "
                                        f"{lock.holder.host} (processus {lock.holder.pid})")
        assert "(lecture seule)" in window.windowTitle()
        assert not window.record_actions["save"].isEnabled()
        assert not window.record_actions["new_record"].isEnabled()
        assert not window.safety.actions["purge"].isEnabled()

        screen = window.show_screen("partners")
        qtbot.waitUntil(lambda: not screen.loading)
        # The buttons that would write are off (they used to ask, then refuse).
        assert not any(button.isEnabled() for button in (
            screen.new_button, screen.duplicate_button, screen.delete_button,
            screen.save_button))
        shown = record_messages(monkeypatch, "warning")
        screen.new_record()  # whatever gets through is still refused by the session
        type_text(screen.editor.name, "CAF du Gers")
        screen.editor.category.setCurrentIndex(screen.editor.category.findData("CAF"))
        screen.save()
        kind, title, text = shown[0]
        assert title == "Enregistrement impossible"
        assert text == "La base est ouverte en lecture seule : rien n'a été enregistré."
        assert partner_count(base_path) == 0
        discard_unsaved_edits(window)
        window.close()
        assert backups_of(base_path) == []  # the holder backs its base up, not a reader
    finally:
        lock.release()


# --- integrity at open ----------------------------------------------------------------------

def _damage(path) -> bytes:
    """Overwrite the last pages of the schema, which every opening reads: the damage is seen
    at once. (Overwriting the middle of the file hit them only as long as the schema had
    the size it had then.)"""
    with sqlite3.connect(path) as con:
        page = con.execute("SELECT max(pageno) FROM dbstat WHERE name = 'sqlite_schema'"
                           ).fetchone()[0]
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * page_size)
        handle.write(b"\x00\xff" * page_size)
    return path.read_bytes()


def test_damaged_base_offers_the_latest_backup_and_restores_it(qtbot, ui_settings, base_path,
                                                                monkeypatch):
    with Base.open(base_path) as base:
        partners.save(base.con, Partner(name="UDAF du Gers", category_code="UDAF"))
    good = backup.make_backup(base_path).path
    _damage(base_path)
    asked = answer_messages(monkeypatch, QMessageBox.StandardButton.Yes)
    window = MainWindow(ui_settings)
    qtbot.addWidget(window)
    assert window.open_base(base_path)
    text, informative, buttons = asked[0]
    assert text.startswith(f"La base {base_path} est endommagée")
    assert f"Dernière sauvegarde saine : {good}" in text
    assert any(b.startswith("Restaurer la dernière sauvegarde (") for b in buttons)
    assert "Annuler" in buttons
    assert partners.find_by_name(window.session.con, "UDAF du Gers") is not None
    assert [p.name for p in (base_path.parent / "sauvegardes").iterdir()
            if "avant-restauration" in p.name]  # the damaged file is kept
    wait_for_opening_backup(window, qtbot)
    window.close()


def test_damaged_base_is_left_alone_when_the_user_cancels(qtbot, ui_settings, base_path,
                                                           monkeypatch):
    backup.make_backup(base_path)
    damaged = _damage(base_path)
    answer_messages(monkeypatch, QMessageBox.StandardButton.Cancel)
    window = MainWindow(ui_settings)
    qtbot.addWidget(window)
    assert not window.open_base(base_path)
    assert window.session is None
    assert base_path.read_bytes() == damaged


def test_damage_found_after_opening_closes_the_base_and_offers_the_backup(
        qtbot, ui_settings, base_path, monkeypatch):
    base_with_many_partners(base_path)
    good = backup.make_backup(base_path).path
    damage_a_page_in_place(base_path)
    asked = answer_messages(monkeypatch, QMessageBox.StandardButton.Yes)
    window = MainWindow(ui_settings)
    qtbot.addWidget(window)
    assert window.open_base(base_path)  # opens at once: the quick check runs behind
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    text, informative, buttons = asked[0]
    assert text.startswith(f"La base {base_path} est endommagée. pexdesk ne l'a pas modifiée.")
    assert " Détail technique : Page " in text  # SQLite's verdict, last
    assert "***" not in text and "\n" not in text  # and tidied
    assert f"Dernière sauvegarde saine : {good}" in text
    qtbot.waitUntil(lambda: window.session is not None and not window.safety.backup_pending)
    assert partners.find_by_name(window.session.con, "CCAS 150") is not None
    assert window.session.base.path == base_path
    wait_for_opening_backup(window, qtbot)
    window.close()


def test_damage_found_after_opening_leaves_the_file_alone_when_the_user_cancels(
        qtbot, ui_settings, base_path, monkeypatch):
    base_with_many_partners(base_path)
    backup.make_backup(base_path)
    damaged = damage_a_page_in_place(base_path)
    asked = answer_messages(monkeypatch, QMessageBox.StandardButton.Cancel)
    window = MainWindow(ui_settings)
    qtbot.addWidget(window)
    assert window.open_base(base_path)
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert window.session is None
    assert window.pages.currentWidget() is window.welcome
    assert base_path.read_bytes() == damaged
    assert [p.name for p in (base_path.parent / "sauvegardes").iterdir()
            if p.suffix == ".db"] == [backups_of(base_path)[0].name]  # no backup of the damage


def test_saves_wait_for_the_opening_check_and_are_refused_once_it_finds_damage(
        qtbot, base_path, monkeypatch):
    monkeypatch.setattr(session_module, "INTEGRITY_WAIT_S", 0.05)
    with Base.open(base_path, quick_check=False) as base:
        session = Session(base)
        add = lambda con: partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
        with pytest.raises(StorageError, match="^La vérification de la base, lancée à son "
                                               "ouverture, n'est pas terminée : rien n'a été "
                                               "enregistré. Réessayez dans un instant.$"):
            session.write("partner", add)
        session.integrity_checked(DamagedBaseError("La base gers.db est endommagée."))
        with pytest.raises(StorageError, match="^La base gers.db est endommagée. Rien n'a été "
                                               "enregistré.$"):
            session.write("partner", add)
        assert partner_count(base_path) == 0
        checked = Session(base)
        checked.integrity_checked(None)
        checked.write("partner", add)
        assert partner_count(base_path) == 1


# --- copies and restore ---------------------------------------------------------------------

def test_save_a_verified_copy(window, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "copies" / "gers-copie.db"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), DB_FILTER))
    shown = record_messages(monkeypatch, "information")
    window.safety.actions["save_copy"].trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert read(shown[0][2]).startswith(f"Copie vérifiée écrite : {out}")
    assert backup.verify_backup(out) == "saine"
    assert any(e.action == "BACKUP" and str(out) in e.summary
               for e in journal.entries(window.session.con))
    wait_for_opening_backup(window, qtbot)


def test_a_copy_named_like_another_kind_of_file_is_written_as_a_base(window, qtbot, tmp_path,
                                                                   monkeypatch):
    typed = tmp_path / "copie du 27.11.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(typed), DB_FILTER))
    shown = record_messages(monkeypatch, "information")
    window.safety.actions["save_copy"].trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    written = tmp_path / "copie du 27.11.txt.db"
    assert read(shown[0][2]).startswith(f"Copie vérifiée écrite : {written}")
    assert backup.verify_backup(written) == "saine" and not typed.exists()
    wait_for_opening_backup(window, qtbot)


def test_restore_asks_about_unsaved_changes_only_once_it_is_sure_to_happen(window, qtbot,
                                                                           monkeypatch):
    screen = open_section(window, qtbot, "partners")
    window.record_actions["new_record"].trigger()
    type_text(screen.editor.name, "Mairie de Lectoure")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, *rest: asked.append(title) or QMessageBox.StandardButton.Discard))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    window.safety.actions["restore"].trigger()  # the user cancels the file dialog
    assert asked == []
    assert screen.editor.dirty and screen.editor.name.text() == "Mairie de Lectoure"
    wait_for_opening_backup(window, qtbot)


def test_encrypted_copy_then_restore_with_wrong_and_right_password(window, qtbot, tmp_path,
                                                                    monkeypatch, base_path):
    out = tmp_path / "gers-copie"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), PEXB_FILTER))
    fake_password(monkeypatch, PASSWORD)
    shown = record_messages(monkeypatch, "information", "warning")
    window.safety.actions["save_copy"].trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    sealed = out.with_suffix(".pexb")
    assert read(shown.pop()[2]).startswith(f"Copie chiffrée écrite : {sealed}")
    wait_for_opening_backup(window, qtbot)
    window.session.write("partner", lambda con: partners.save(
        con, Partner(name="Ajouté après la copie", category_code="CAF")))

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sealed), ""))
    fake_password(monkeypatch, "pas le bon mot de passe")
    session = window.session
    window.safety.actions["restore"].trigger()
    assert shown == [("warning", "Restauration impossible",
                      "Mot de passe incorrect, ou archive incomplète (copie interrompue) ou "
                      "modifiée depuis sa création : rien n'a été restauré.")]
    assert window.session is session  # nothing closed, nothing replaced
    assert partners.find_by_name(session.con, "Ajouté après la copie") is not None

    shown.clear()
    fake_password(monkeypatch, PASSWORD)
    asked = answer_messages(monkeypatch, QMessageBox.StandardButton.Yes)
    window.safety.actions["restore"].trigger()
    assert "gardée comme sauvegarde" in asked[0][1]
    assert shown[0][1] == "Base restaurée"
    assert window.session is not session and window.session.is_open
    assert partners.find_by_name(window.session.con, "Ajouté après la copie") is None
    assert [p for p in backups_of(base_path) if "avant-restauration" in p.name]
    assert journal.entries(window.session.con, newest_first=True)[0].action in (
        "RESTORE", "BACKUP")
    wait_for_opening_backup(window, qtbot)


def test_password_dialog_wants_the_same_password_twice(qtbot):
    dialog = PasswordDialog(confirm=True)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    type_text(dialog.first, PASSWORD)
    type_text(dialog.second, PASSWORD[:-1])
    assert not ok.isEnabled()
    assert dialog.errors.text() == "Les deux mots de passe diffèrent."
    type_text(dialog.second, PASSWORD[-1])
    assert ok.isEnabled()
    assert dialog.first.echoMode() == dialog.first.EchoMode.Password


# --- journal --------------------------------------------------------------------------------

def test_journal_lists_a_change_made_on_screen_and_exports_it(window, qtbot, tmp_path,
                                                              monkeypatch):
    screen = window.show_screen("partners")
    qtbot.waitUntil(lambda: not screen.loading)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    type_text(screen.editor.name, "Mairie d'Éauze")
    screen.editor.category.setCurrentIndex(screen.editor.category.findData("COMMUNE"))
    with qtbot.waitSignal(screen.loaded):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    wait_for_opening_backup(window, qtbot)

    window.safety.actions["journal"].trigger()
    dialog = window.safety.dialog
    qtbot.waitExposed(dialog)
    model = dialog.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]
    assert ["création", "partenaire"] in [row[1:3] for row in rows]
    times = [entry.id for entry in model.entries]
    assert times == sorted(times, reverse=True)  # newest first
    assert dialog.count_label.text() == f"{len(rows)} lignes."

    out = tmp_path / "journal.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    text = out.read_text(encoding="utf-8-sig")
    assert text.startswith("Date et heure;Action;Table;Enregistrement;UUID;Détail")
    assert ";création;partenaire;" in text
    assert "Mairie d'Éauze" not in text  # names of columns, never values
    assert read(dialog.count_label.text()).startswith(f"Journal exporté : {out}")
    assert model.entries[0].action == "EXPORT"
    assert sorted(b.text() for b in dialog.findChildren(QPushButton)) == [
        "Exporter en CSV…", "Fermer"]
    qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# --- retention ------------------------------------------------------------------------------

def test_purge_previews_then_deletes_old_contacts(window, qtbot, base_path, monkeypatch):
    con = window.session.con
    old = partners.save(con, Partner(name="Ancien partenaire", category_code="CAF",
                                     active=False),
                        [Contact(full_name="Jeanne Ancienne"), Contact(full_name="Paul Ancien")])
    partners.save(con, Partner(name="Partenaire récent", category_code="CAF"),
                  [Contact(full_name="Luc Récent")])
    con.execute("UPDATE contact SET created_at = '2015-05-01T10:00:00.000Z', "
                "updated_at = '2015-05-01T10:00:00.000Z' WHERE partner_id = ?", (old.id,))
    wait_for_opening_backup(window, qtbot)

    window.safety.actions["purge"].trigger()
    dialog = window.safety.dialog
    qtbot.waitExposed(dialog)
    assert read(dialog.counts.text()).startswith("Seraient supprimés : 2 contacts et 0 réponse")
    items = dialog.preview.lines()
    assert any("Jeanne Ancienne" in item for item in items)
    assert not any("Luc Récent" in item for item in items)
    dialog.years.setValue(20)
    assert read(dialog.counts.text()).startswith(
        "Rien à supprimer : aucun contact ni aucune réponse antérieurs au ")
    assert dialog.preview.lines() == []
    assert dialog.years.text() == "20 ans"
    assert not dialog.purge_button.isEnabled()
    dialog.years.setValue(3)
    qtbot.keyClick(dialog.years, Qt.Key.Key_Return)  # Enter confirms the number, closes nothing
    assert dialog.isVisible()

    asked = answer_messages(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.purge_button, Qt.MouseButton.LeftButton)
    assert read(asked[0][0]) == "Supprimer définitivement 2 contacts et 0 réponse ?"
    assert [c.full_name for c in partners.contacts_of(con, old.id)] == []
    assert con.execute("SELECT count(*) FROM contact").fetchone()[0] == 1
    assert read(dialog.result_label.text()).startswith("Purge faite : 2 contacts et 0 réponse supprimés")
    assert [p for p in backups_of(base_path) if "avant-purge" in p.name]
    assert journal.entries(con, newest_first=True)[0].action == "PURGE"
    dialog.close()


# --- automatic backups ----------------------------------------------------------------------

def test_opening_and_closing_make_automatic_backups(window, qtbot, base_path):
    wait_for_opening_backup(window, qtbot)
    opened = backups_of(base_path)
    assert len(opened) == 1  # a base never backed up gets one at opening
    assert any(e.action == "BACKUP" for e in journal.entries(window.session.con))
    window.session.write("partner", lambda con: partners.save(
        con, Partner(name="CCAS d'Auch", category_code="CCAS")))
    window.close()
    closed = [p for p in backups_of(base_path) if p not in opened]
    assert len(closed) == 1
    assert backup.verify_backup(closed[0]) == "saine"
    assert partner_count(closed[0]) == 1
    assert window.session is None


def test_closing_an_unchanged_base_makes_no_new_backup(window, qtbot, base_path):
    wait_for_opening_backup(window, qtbot)
    before = backups_of(base_path)
    window.close()
    assert backups_of(base_path) == before


@pytest.mark.parametrize("action", ["journal", "purge"])
def test_the_journal_and_purge_dialogs_fit_a_laptop_at_150_percent(window, qtbot, monkeypatch,
                                                                  action):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    laptop = QRect(0, 0, 910, 512)  # 1366 × 768 at 150 %
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: laptop)
    window.safety.actions[action].trigger()
    dialog = window.safety.dialog
    qtbot.waitExposed(dialog)
    assert dialog.height() <= laptop.height() and dialog.width() <= laptop.width()
    dialog.close()


def test_a_failed_opening_backup_stays_on_screen(qtbot, ui_settings, base_path, monkeypatch):
    from pexdesk.core.errors import BackupError
    from pexdesk.core.safety import backup

    def refuse(path, *args, **kwargs):
        raise BackupError("Écriture refusée : dossier en lecture seule.")

    monkeypatch.setattr(backup, "auto_backup", refuse)
    with shown_window(qtbot, ui_settings, base_path) as window:
        wait_for_opening_backup(window, qtbot)
        banner = window.safety.banners.backup
        assert banner.isVisibleTo(window)
        assert read(banner.text()).startswith(
            f"Sauvegarde automatique impossible dans le dossier {backup.backup_folder(base_path)}"
            " : Écriture refusée : dossier en lecture seule. Vos saisies sont bien "
            "enregistrées dans la base, mais sans copie de secours")


def test_damage_found_by_the_check_closes_the_base_and_offers_its_backup(
        qtbot, ui_settings, base_path, monkeypatch):
    base_with_many_partners(base_path)
    good = backup.make_backup(base_path).path
    with shown_window(qtbot, ui_settings, base_path) as window:
        wait_for_opening_backup(window, qtbot)
        con = window.session.con  # damage a page of partners while the base is open
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with open(base_path, "r+b") as handle:
            handle.seek((base_path.stat().st_size // page_size - 3) * page_size)
            handle.write(b"\x0d\xff" * (page_size // 2))
        asked = answer_messages(monkeypatch, QMessageBox.StandardButton.No)
        window.check_action.trigger()
        text = read(asked[0][0])
        assert text.startswith(f"La base {base_path} est endommagée. pexdesk l'a fermée : rien "
                               "n'y sera plus écrit.")
        assert f"Dernière sauvegarde saine : {good}" in text
        assert window.session is None  # no more saves into a damaged file


def test_a_backup_can_be_restored_with_no_base_open(window, qtbot, base_path, monkeypatch):
    """A damaged base is closed: « Restaurer… » must still be there, for the last base."""
    wait_for_opening_backup(window, qtbot)
    made = backup.make_backup(base_path).path
    window.session.write("partner", lambda con: partners.save(
        con, Partner(name="Après la sauvegarde", category_code="CAF")))
    window.close_base()
    assert window.session is None and window.safety.actions["restore"].isEnabled()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(made), ""))
    answer_messages(monkeypatch, QMessageBox.StandardButton.Yes)
    shown = record_messages(monkeypatch, "information", "warning")
    window.safety.actions["restore"].trigger()
    assert shown[0][1] == "Base restaurée"
    assert window.session is not None and window.session.base.path == base_path
    assert partners.find_by_name(window.session.con, "Après la sauvegarde") is None
    wait_for_opening_backup(window, qtbot)
