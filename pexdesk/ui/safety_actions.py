"""Keeping the open base safe, from the main window: opening with the integrity and lock
checks, the banners (read-only, risky location), automatic backups at opening and closing,
and the Fichier menu's « Sauvegarder une copie… », « Restaurer… », « Journal des
modifications… » and « Purger les données anciennes… ».

Everything here calls :mod:`pexdesk.core.safety`; the main window only delegates.

- A base another pexdesk holds (or a read-only file) opens read-only: a banner says why,
  naming the holder, the Édition write actions are disabled, and :meth:`Session.write`
  refuses any save with a French message (so the screens' own buttons cannot write either).
- A damaged base is never written to: the user is offered the latest sound backup, and
  only that explicit choice restores it (the damaged file is kept in « sauvegardes »).
  Damage SQLite meets when opening is reported at once; the full quick check reads the
  whole file (0.8 s for 90 MB), so it runs in the background right after the base opens,
  saves waiting for it (:meth:`Session.write`), and damage found there closes the base
  before the same offer.
- The opening backup follows that check in the background, once the first screen shows
  its data (it would otherwise compete with it); the closing one runs on the spot (the
  window is going away) and never raises: a failure goes to the status bar and the log.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QApplication, QFileDialog, QLabel, QMessageBox, QVBoxLayout,
                               QWidget)

from pexdesk.core.db.base import Base, verify_integrity
from pexdesk.core.errors import DamagedBaseError, PexdeskError
from pexdesk.core.formatting import plural
from pexdesk.core.safety.location import location_warnings
from pexdesk.ui.confirm import confirm
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import WARNING_COLOURS
from pexdesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from pexdesk.core.safety.backup import BackupResult

log = logging.getLogger(__name__)

DB_FILTER = "Copie vérifiée (*.db)"
PEXB_FILTER = "Copie chiffrée avec un mot de passe (*.pexb)"
CLOSING_BACKUP_WAIT_S = 120
FIRST_SCREEN_WAIT_S = 5
"""The opening backup waits at most this long for the first screen to show its data."""

READ_ONLY_STYLE = (f"{WARNING_COLOURS} border-bottom: 1px solid #e0c36c; "
                   "padding: 6px 10px; font-weight: bold;")
LOCATION_STYLE = ("background: #fde2e1; color: #842029; border-bottom: 1px solid #e9a6a3; "
                  "padding: 6px 10px;")


class Banners(QWidget):
    """The bars above the workspace: read-only, where the base lives, and automatic backups
    that failed (a status-bar line went by unseen: one could work for weeks unprotected)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.read_only = QLabel()
        self.read_only.setObjectName("readOnlyBanner")
        self.read_only.setStyleSheet(READ_ONLY_STYLE)
        self.location = QLabel()
        self.location.setObjectName("locationBanner")
        self.location.setStyleSheet(LOCATION_STYLE)
        self.backup = QLabel()
        self.backup.setObjectName("backupBanner")
        self.backup.setStyleSheet(READ_ONLY_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for label in (self.read_only, self.location, self.backup):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.hide()
            layout.addWidget(label)

    def show_read_only(self, text: str) -> None:
        self._show(self.read_only, text)

    def show_location(self, messages: list[str]) -> None:
        self._show(self.location,
                   "\n".join(self.tr("Attention : {0}").format(m) for m in messages))

    def show_backup_failure(self, text: str) -> None:
        self._show(self.backup, text)

    @staticmethod
    def _show(banner: QLabel, text: str) -> None:
        """``text`` in ``banner``, typeset: it carries the core's (who holds the base, why
        a folder is risky, why a backup failed); hidden when empty."""
        banner.setText(typeset(text))
        banner.setVisible(bool(text))

    def clear(self) -> None:
        self.show_read_only("")
        self.show_location([])
        self.show_backup_failure("")


class SafetyActions(QObject):
    backup_finished = Signal(object)
    """The opening check and backup are over: the :class:`BackupResult`, None (nothing
    changed, or a read-only base) or the error."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.banners = Banners()
        self.automatic_backups = True
        """Off for ``pexdesk smoke``, which must leave the base's folder as it found it."""
        self._opening_job = threading.Event()
        self._opening_job.set()
        self._first_screen_shown = threading.Event()
        self.actions: dict[str, QAction] = {}
        self.dialog = None
        """The journal or purge dialog last shown."""

    @property
    def backup_pending(self) -> bool:
        """The opening check or backup is still running."""
        return not self._opening_job.is_set()

    # ---- Menu

    def add_menu_actions(self, menu) -> None:
        for key, text, slot in (
                ("save_copy", self.tr("&Sauvegarder une copie…"), self.save_copy),
                ("restore", self.tr("&Restaurer…"), self.restore_backup),
                ("journal", self.tr("&Journal des modifications…"), self.show_journal),
                ("purge", self.tr("&Purger les données anciennes…"), self.show_purge)):
            action = QAction(text, self.window)
            action.triggered.connect(lambda checked=False, s=slot: s())
            menu.addAction(action)
            self.actions[key] = action

    def update_actions(self) -> None:
        session = self.window.session
        for key, action in self.actions.items():
            # Restoring needs no open base: a damaged one is closed, and must be restorable.
            action.setEnabled(key == "restore" or session is not None
                              and (key != "purge" or not session.base.read_only))

    # ---- Opening

    def open_base_file(self, path: Path) -> Base | None:
        """The base at ``path``, read-only if another pexdesk has it; None (after saying why
        in French) when it cannot be opened."""
        try:
            return Base.open(path, fallback_read_only=True, quick_check=False)
        except DamagedBaseError as exc:
            return self._offer_backup(Path(path), exc)
        except PexdeskError as exc:
            QMessageBox.warning(self.window, self.tr("Impossible d'ouvrir la base"), typeset(exc))
            return None

    def _offer_backup(self, path: Path, error: DamagedBaseError) -> Base | None:
        if not self._restored(path, error):
            return None
        try:
            return Base.open(path, fallback_read_only=True, quick_check=False)
        except PexdeskError as exc:
            QMessageBox.warning(self.window, self.tr("Impossible d'ouvrir la base"), typeset(exc))
            return None

    def _restored(self, path: Path, error: DamagedBaseError) -> bool:
        """Offer the latest sound backup of the damaged base at ``path``; True once the user
        chose it and it is restored."""
        backup = getattr(error, "backup", None)
        if backup is None:
            QMessageBox.warning(self.window, self.tr("Base endommagée"), typeset(error))
            return False
        details = self.tr("Si vous restaurez, la base endommagée est gardée telle quelle dans le "
                          "dossier « sauvegardes » ; les modifications faites depuis cette "
                          "sauvegarde seront à refaire.")
        restore = self.tr("Restaurer la dernière sauvegarde ({0})").format(
            f"{backup.created:%d/%m/%Y %H:%M}")
        if not confirm(self.window, QMessageBox.Icon.Critical, self.tr("Base endommagée"),
                       str(error), details, restore, self.tr("Annuler")):
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            _restore().restore(backup.path, path)
            return True
        except PexdeskError as exc:
            QMessageBox.warning(self.window, self.tr("Restauration impossible"), typeset(exc))
            return False
        finally:
            QApplication.restoreOverrideCursor()

    def session_opened(self) -> None:
        """Banners, location warnings, then the integrity check and opening backup of the
        new session."""
        session = self.window.session
        base = session.base
        if base.read_only:
            if base.locked_by is not None:
                reason = self.tr("la base est ouverte par {0}. Fermez-la là-bas, puis rouvrez-la "
                                 "ici pour la modifier.").format(base.locked_by.describe())
            else:
                reason = (base.read_only_reason
                          or self.tr("la base a été ouverte en lecture seule."))
                reason = reason[:1].lower() + reason[1:]  # it follows « Lecture seule : »
            self.banners.show_read_only(self.tr(
                "Lecture seule : {0} Rien de ce que vous saisirez ne sera enregistré.")
                .format(reason))
        else:
            self.banners.show_read_only("")
        self.banners.show_location([w.message for w in location_warnings(base.path)])
        self.update_actions()
        self._start_opening_job(session)

    def _start_opening_job(self, session) -> None:
        path, event = session.base.path, threading.Event()
        backed_up = self.automatic_backups and not session.base.read_only
        self._opening_job = event
        shown = self._first_screen_shown = threading.Event()
        screen = self.window.current_screen()
        if screen is None or screen.shown_data:
            shown.set()
        else:
            screen.loaded.connect(shown.set, Qt.ConnectionType.SingleShotConnection)

        def work(progress):
            try:
                _verify(session)
                if not backed_up:  # a read-only base is backed up by the pexdesk writing it
                    return None
                shown.wait(FIRST_SCREEN_WAIT_S)
                return _backup().auto_backup(path)
            finally:
                event.set()

        def done(result: BackupResult | None) -> None:
            if result is not None:
                self._record(session, result)
                self._status(self.tr("Sauvegarde automatique faite : {0}").format(
                    result.path.name))
            self.backup_finished.emit(result)

        def failed(error: Exception) -> None:
            if isinstance(error, DamagedBaseError):
                self.damaged_while_open(session, error)
            else:
                log.warning("opening backup of %s failed: %s", path, error)
                self._status(self.tr("Sauvegarde automatique impossible : {0}").format(error))
                self.banners.show_backup_failure(self.tr(
                    "Sauvegarde automatique impossible dans le dossier {0} : {1} Vos saisies "
                    "sont bien enregistrées dans la base, mais sans copie de secours : "
                    "faites-en une (Fichier → Sauvegarder une copie…) et vérifiez ce "
                    "dossier.").format(_backup().backup_folder(path), error))
            self.backup_finished.emit(error)

        run_in_background(work, done, failed, owner=self)

    def damaged_while_open(self, session, error: DamagedBaseError) -> None:
        """Close the base a check found damaged, then offer its backup."""
        if session is not self.window.session:
            return
        path = session.base.path
        self.window.leave_session(backup=False)
        if self._restored(path, error):
            self.window.open_base(path)

    def _record(self, session, result: BackupResult) -> None:
        """Journal a backup made while this window holds the base (the core could not)."""
        if result.recorded or session is None or not session.is_open or session.base.read_only:
            return
        try:
            _journal().record(session.con, "BACKUP", result.summary)
        except (PexdeskError, sqlite3.Error) as exc:
            log.warning("could not journal the backup: %s", exc)

    def _status(self, text: str) -> None:
        """``text`` in the status bar for ten seconds, typeset: it may carry an error's."""
        self.window.statusBar().showMessage(typeset(text), 10000)

    # ---- Closing

    def close_session(self, session, backup: bool = True) -> None:
        """Close ``session``, then back the base up if it changed. Never raises."""
        path, writable = session.base.path, not session.base.read_only
        self._first_screen_shown.set()  # the opening backup need not wait any longer
        if not self._opening_job.wait(CLOSING_BACKUP_WAIT_S):
            log.warning("the opening backup of %s is still running", path)
        session.close()
        self.banners.clear()
        if not (backup and writable and self.automatic_backups):
            return
        try:
            result = _backup().auto_backup(path)
        except Exception as exc:  # the window may be going away: report, never raise
            log.warning("closing backup of %s failed: %s", path, exc)
            self._status(self.tr("Sauvegarde à la fermeture impossible : {0}").format(exc))
            return
        if result is not None:
            self._status(self.tr("Sauvegarde faite à la fermeture : {0}").format(
                result.path.name))

    # ---- Fichier → Sauvegarder une copie…

    def save_copy(self) -> None:
        session = self.window.session
        if session is None:
            return
        path = session.base.path
        start = self.window.settings.folder("copies") or path.parent
        suggested = Path(start) / f"{path.stem}-copie-{datetime.now():%Y%m%d}.db"
        name, chosen = QFileDialog.getSaveFileName(
            self.window, self.tr("Sauvegarder une copie de la base"), str(suggested),
            ";;".join((self.tr(DB_FILTER), self.tr(PEXB_FILTER))))
        if not name:
            return
        out = Path(name)
        encrypt = out.suffix.lower() == _archive().ARCHIVE_SUFFIX or chosen == self.tr(PEXB_FILTER)
        password = None
        if encrypt:
            if out.suffix.lower() != _archive().ARCHIVE_SUFFIX:
                out = out.with_suffix(_archive().ARCHIVE_SUFFIX)
            password = _ask_password()(self.window, confirm=True)
            if password is None:
                return
        elif out.suffix.lower() != ".db":
            # « copie.txt », « copie 27.11.2026 »: a base must say what it is, or no one
            # will think of opening it with pexdesk (nor restoring it).
            out = out.with_name(out.name + ".db")
        self.window.settings.set_folder("copies", out.parent)
        self._status(self.tr("Copie en cours…"))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

        def done(result: BackupResult) -> None:
            QApplication.restoreOverrideCursor()
            self._record(session, result)
            self._status(self.tr("Copie écrite : {0}").format(result.path))
            kind = (self.tr("Copie chiffrée écrite") if result.encrypted
                    else self.tr("Copie vérifiée écrite"))
            QMessageBox.information(self.window, self.tr("Sauvegarder une copie"), self.tr(
                "{0} : {1}\n{2}, vérifiée après écriture.").format(
                kind, result.path, plural(result.records, self.tr("enregistrement"))))

        def failed(error: Exception) -> None:
            QApplication.restoreOverrideCursor()
            self._status("")
            QMessageBox.warning(self.window, self.tr("Copie impossible"), typeset(error))

        run_in_background(lambda progress: _backup().make_backup(path, out=out, password=password),
                          done, failed, owner=self)

    # ---- Fichier → Restaurer…

    def restore_backup(self) -> None:
        window = self.window
        session = window.session
        path = session.base.path if session is not None else self._base_to_restore()
        if path is None:
            return
        folder = _backup().backup_folder(path)
        name, _ = QFileDialog.getOpenFileName(
            window, self.tr("Restaurer une sauvegarde"),
            str(folder if folder.is_dir() else path.parent),
            self.tr("Sauvegardes pexdesk (*.db *.pexb);;Tous les fichiers (*)"))
        if not name:
            return
        source = Path(name)
        password = None
        try:
            with open(source, "rb") as handle:
                encrypted = _archive().is_archive(handle.read(_archive().HEADER_SIZE))
        except OSError:
            encrypted = False  # read_backup says what is wrong with it
        if encrypted:
            password = _ask_password()(window, confirm=False)
            if password is None:
                return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            _restore().read_backup(source, password)  # wrong password, foreign file: nothing changes
        except PexdeskError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(window, self.tr("Restauration impossible"), typeset(exc))
            return
        QApplication.restoreOverrideCursor()
        question = self.tr("Remplacer la base {0} par la sauvegarde {1} ?").format(
            path.name, source.name)
        details = self.tr("La base actuelle est gardée comme sauvegarde dans le dossier "
                          "« sauvegardes » (…-avant-restauration) : vous pourrez y revenir.")
        if not confirm(window, QMessageBox.Icon.Question, self.tr("Restaurer une sauvegarde"),
                       question, details, self.tr("Restaurer"), self.tr("Annuler")):
            return
        # Asked last: a form's changes are saved or thrown away only once the restore is
        # sure to happen, not for a file dialog the user then cancels.
        if session is not None:
            if not window._screens_allow_leaving():
                return
            window.leave_session(backup=False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = _restore().restore(source, path, password=password)
        except PexdeskError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(window, self.tr("Restauration impossible"), typeset(exc))
            window.open_base(path)  # the base as it was
            return
        QApplication.restoreOverrideCursor()
        if window.open_base(path):
            kept = self.tr("\nLa base remplacée est gardée dans : {0}").format(
                result.kept[0]) if result.kept else ""
            QMessageBox.information(window, self.tr("Base restaurée"), self.tr(
                "Base restaurée depuis {0} ({1}).").format(
                source.name, plural(result.records, self.tr("enregistrement"))) + kept)

    def _base_to_restore(self) -> Path | None:
        """With no base open (a damaged one was closed): the last base used, else the base
        file the user points at."""
        last = self.window.settings.last_base
        if last is not None and last.exists():
            return last
        name, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Base à remplacer par la sauvegarde"), str(Path.home()),
            self.tr("Bases pexdesk (*.db);;Tous les fichiers (*)"))
        return Path(name) if name else None

    # ---- Journal and purge

    def show_journal(self) -> None:
        from pexdesk.ui.journal_dialog import JournalDialog

        if self.window.session is not None:
            self.dialog = JournalDialog(self.window.session, self.window)
            self._show(self.dialog)

    def show_purge(self) -> None:
        from pexdesk.ui.purge_dialog import PurgeDialog

        session = self.window.session
        if session is not None and not session.base.read_only:
            self.dialog = PurgeDialog(session, self.window)
            self._show(self.dialog)

    @staticmethod
    def _show(dialog) -> None:
        """Window-modal, without a nested event loop (the window keeps repainting)."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()


# The backup, restore and archive machinery (and cryptography behind it) is imported when
# first used, not on the way to the first screen.

def _backup():
    from pexdesk.core.safety import backup
    return backup


def _restore():
    from pexdesk.core.safety import restore
    return restore


def _archive():
    from pexdesk.core.safety import archive
    return archive


def _journal():
    from pexdesk.core.safety import journal
    return journal


def _ask_password():
    from pexdesk.ui.password_dialog import ask_password
    return ask_password


def _verify(session) -> None:
    """The quick check of the session's base; the session learns the verdict whatever
    happens, so that saves never wait for nothing."""
    damage = None
    try:
        verify_integrity(session.base.path)
    except DamagedBaseError as exc:
        damage = exc
        raise
    finally:
        session.integrity_checked(damage)
