"""Run slow reads and builds off the UI thread.

A :class:`QRunnable` is not a QObject, so its signals live on a companion
QObject, and a relay QObject created on the UI thread receives them: Qt then
queues each result to the UI thread. Jobs are kept referenced until their
result is delivered, or Python would collect them mid-flight. Jobs never touch
widgets: they return a value that ``done`` receives on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from pexdesk.core.errors import PexdeskError


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, str)


class _Relay(QObject):
    """Lives on the UI thread; calls the callbacks there. As a child of the widget that
    asked for the job, it dies with it, and Qt then drops a result arriving too late."""

    def __init__(self, job: Job, done, failed, progress, owner: QObject | None):
        super().__init__(owner)
        self.job, self._done, self._failed, self._progress = job, done, failed, progress

    @Slot(object)
    def deliver(self, result: Any) -> None:
        Job.running.discard(self.job)
        self._done(result)

    @Slot(object)
    def fail(self, error: Exception) -> None:
        Job.running.discard(self.job)
        self._failed(error)

    @Slot(int, str)
    def report(self, percent: int, text: str) -> None:
        if self._progress is not None:
            self._progress(percent, text)


class Job(QRunnable):
    running: set[Job] = set()

    def __init__(self, work: Callable[[Callable[[int, str], None]], Any]):
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.signals = _Signals()
        self.cancelled = False

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit)
        except Exception as exc:  # reported to the UI thread, which shows it in French
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def finish_background_jobs(timeout_ms: int = 60_000) -> None:
    """Let the jobs still running end before the process does: Python tears its Qt objects
    down at exit, and a job then reporting to them fails with a traceback (a bilan being
    written is also better finished than left as a temporary file)."""
    QThreadPool.globalInstance().waitForDone(timeout_ms)


def run_in_background(work: Callable[[Callable[[int, str], None]], Any],
                      done: Callable[[Any], None], failed: Callable[[Exception], None],
                      progress: Callable[[int, str], None] | None = None,
                      owner: QObject | None = None) -> Job:
    """Start ``work(report_progress)`` on the thread pool; callbacks run on the UI thread,
    and not at all once ``owner`` (the screen that asked) has been deleted."""
    job = Job(work)
    job.relay = _Relay(job, done, failed, progress, owner)
    job.signals.done.connect(job.relay.deliver)
    job.signals.failed.connect(job.relay.fail)
    job.signals.progress.connect(job.relay.report)
    Job.running.add(job)
    QThreadPool.globalInstance().start(job)
    return job


class LatestOnly:
    """Background loads of one screen where only the newest request's answer counts.

    Jobs run on several threads and may finish out of order: an earlier, slower
    load (before a save, or for the previous period) must not overwrite the newer one.
    """

    def __init__(self, owner: QObject | None = None,
                 alive: Callable[[], bool] = lambda: True):
        """``alive`` says whether answers still make sense (the base is still open)."""
        self._latest = 0
        self._answered = 0
        self._owner = owner
        self._alive = alive

    @property
    def pending(self) -> bool:
        return self._answered < self._latest

    def run(self, work: Callable[[Callable[[int, str], None]], Any],
            done: Callable[[Any], None], failed: Callable[[Exception], None]) -> None:
        self._latest += 1
        request = self._latest

        def if_latest(callback):
            def deliver(value):
                if request == self._latest and self._alive():
                    self._answered = request
                    callback(value)
            return deliver

        run_in_background(work, if_latest(done), if_latest(failed), owner=self._owner)


def error_text(error: Exception) -> str:
    """What to tell the user of a job that failed: a pexdesk error's French message; for an
    unexpected one, its kind too, for whoever reads it back to a support person."""
    if isinstance(error, PexdeskError):
        return str(error)
    return f"{type(error).__name__} : {error}"
