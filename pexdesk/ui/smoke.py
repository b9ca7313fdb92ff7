"""``pexdesk smoke``: open the real main window offscreen, visit every screen, time each one.

Packaging checks run it on a frozen build, so it must never wait for a person:
message boxes are answered automatically and counted as errors, and a screen
that does not show its data within the time limit is an error too.

It opens the base as the application does (its timings are the user's), but makes no
automatic backup: the base's folder is left as smoke found it (no copy in ``sauvegardes``;
SQLite removes its -wal and -shm files when the base closes).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pexdesk.core.errors import PexdeskError

SCREEN_TIMEOUT_MS = 60_000


OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints()",)
"""Qt warnings of the offscreen platform plugin that say nothing about pexdesk."""


@dataclass
class SmokeReport:
    first_screen_ms: float | None = None
    """None when no screen was shown (the base could not be opened)."""
    screens: list[tuple[str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The times, for standard output."""
        lines = [f"{title} : {ms:.0f} ms" for title, ms in self.screens]
        if self.first_screen_ms is not None:
            lines.append(f"Premier écran affiché {self.first_screen_ms:.0f} ms après le "
                         "lancement du processus")
        return lines

    def error_lines(self) -> list[str]:
        """The errors, for standard error, worded as every command's."""
        return [f"Erreur : {error}" for error in self.errors]


LAUNCHED_AT_VARIABLE = "PEXDESK_LAUNCHED_AT"
"""Seconds since the epoch at which a launcher (a benchmark) started this process: a finer
clock than /proc's, which counts in 10 ms ticks."""


def process_age_ms() -> float:
    """Milliseconds since this process started: from the launcher's clock when it gave it,
    else from /proc (Linux), else since pexdesk was imported (which leaves out the
    interpreter's own start-up)."""
    launched = os.environ.get(LAUNCHED_AT_VARIABLE)
    if launched:
        try:
            return (time.time() - float(launched)) * 1000
        except ValueError:
            pass
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return (uptime - ticks / os.sysconf("SC_CLK_TCK")) * 1000
    except (OSError, ValueError, IndexError):
        import pexdesk
        return (time.perf_counter() - pexdesk.IMPORTED_AT) * 1000


def run_smoke(db_path: Path) -> SmokeReport:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QMessageBox

    from pexdesk.app import make_application
    from pexdesk.ui.main_window import MainWindow
    from pexdesk.ui.screens import SCREENS
    from pexdesk.ui.settings import UiSettings
    from pexdesk.ui.workers import finish_background_jobs

    app = make_application()
    previous_handler = _drop_offscreen_noise()
    report = SmokeReport()
    _answer_dialogs_automatically(QMessageBox, report)
    previous_hook = sys.excepthook
    sys.excepthook = lambda kind, value, tb: report.errors.append(f"{kind.__name__}: {value}")

    def wait_for(done: Callable[[], bool], *signals) -> bool:
        """Run the event loop until ``done()``, woken by any of ``signals``, for at most
        SCREEN_TIMEOUT_MS."""
        deadline = time.monotonic() + SCREEN_TIMEOUT_MS / 1000
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        for signal in signals:
            signal.connect(loop.quit)
        while not done() and time.monotonic() < deadline:
            timer.start(max(1, int((deadline - time.monotonic()) * 1000)))
            loop.exec()
        for signal in signals:
            try:
                signal.disconnect(loop.quit)
            except RuntimeError:  # its sender is gone: the base closed while we waited
                pass
        return done()

    with tempfile.TemporaryDirectory() as folder:
        settings = UiSettings(QSettings(str(Path(folder) / "smoke.ini"),
                                        QSettings.Format.IniFormat))
        window = MainWindow(settings)
        window.safety.automatic_backups = False
        try:
            _visit_screens(window, db_path, SCREENS, wait_for, report)
            _wait_for_integrity_check(window, wait_for, report)
        except PexdeskError as error:
            report.errors.append(str(error))
        finally:
            sys.excepthook = previous_hook
            window.close()
            app.processEvents()
            finish_background_jobs()
            qInstallMessageHandler(previous_handler)
    return report



def _drop_offscreen_noise():
    """Install a Qt message handler that drops :data:`OFFSCREEN_NOISE` and passes everything
    else on; returns the previous handler, to put back."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode, context, message: str) -> None:
        if message in OFFSCREEN_NOISE:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)
    return previous


def _visit_screens(window, db_path: Path, specs, wait_for, report: SmokeReport) -> None:
    from PySide6.QtWidgets import QApplication

    for index, spec in enumerate(specs):
        started = time.perf_counter()
        if index == 0:
            if not window.open_base(db_path):
                return
            window.show()
        if window.session is None:  # closed: the integrity check found it damaged
            return
        screen = window.show_screen(spec.key)
        # The integrity check may find damage meanwhile: the window then closes the base and
        # deletes its screens, and this one will never show its data.
        shown = wait_for(lambda: screen.shown_data or window.session is None,
                         screen.loaded, screen.destroyed)
        if window.session is None:
            return
        QApplication.processEvents()  # the data painted, as the user sees it
        report.screens.append((spec.title, (time.perf_counter() - started) * 1000))
        if index == 0:
            report.first_screen_ms = process_age_ms()
        if not shown:
            report.errors.append(f"« {spec.title} » n'a pas affiché ses données en "
                                 f"{SCREEN_TIMEOUT_MS // 1000} s")


def _wait_for_integrity_check(window, wait_for, report: SmokeReport) -> None:
    """The verdict of the check run behind the opening is part of the smoke test: a damaged
    base closes (its message, answered automatically, is an error)."""
    if window.session is None:
        return
    safety = window.safety
    if not wait_for(lambda: not safety.backup_pending, safety.backup_finished):
        report.errors.append(f"La vérification de la base n'est pas terminée en "
                             f"{SCREEN_TIMEOUT_MS // 1000} s")


def _answer_dialogs_automatically(message_box, report: SmokeReport) -> None:
    def record(kind: str):
        def answer(parent, title, text, *args, **kwargs):
            report.errors.append(f"{title} — {text}")
            return message_box.StandardButton.Discard if kind == "question" \
                else message_box.StandardButton.Ok
        return answer

    for kind in ("warning", "critical", "information", "question"):
        setattr(message_box, kind, staticmethod(record(kind)))

    def cancel(box) -> int:
        report.errors.append(f"{box.windowTitle()} — {box.text()}")
        return message_box.StandardButton.Cancel

    message_box.exec = cancel
