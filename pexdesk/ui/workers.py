"""Run slow reads and builds off the UI thread.

A :class:`QRunnable` is not a QObject, so its signals live on a companion
QObject, and a relay QObject created on the UI thread receives them: Qt then
queues each result to the UI thread. Jobs are kept referenced until their
result is delivered, or Python would collect them mid-flight. Jobs never touch
widgets: they return a value that ``done`` receives on the UI thread. A job may
also be a generator: each value it yields reaches ``partial`` as soon as it is
made (a long list shows its first rows while the rest are read), and what it
returns reaches ``done``.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from pexdesk.core.errors import PexdeskError


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, str)
    partial = Signal(object)


class _Relay(QObject):
    """Lives on the UI thread; calls the callbacks there. As a child of the widget that
    asked for the job, it dies with it, and Qt then drops a result arriving too late."""

    def __init__(self, job: Job, done, failed, progress, partial, owner: QObject | None):
        super().__init__(owner)
        self.job, self._done, self._failed = job, done, failed
        self._progress, self._partial = progress, partial

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

    @Slot(object)
    def hand_over(self, part: Any) -> None:
        if self._partial is not None:
            self._partial(part)


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
            if isinstance(result, Generator):
                result = self._stream(result)
        except Exception as exc:  # reported to the UI thread, which shows it in French
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)

    def _stream(self, parts: Generator) -> Any:
        """Hand over each value ``parts`` yields; return what it returns. Once the job is
        :attr:`cancelled`, stop before making the next value (None is then returned)."""
        while not self.cancelled:
            try:
                part = next(parts)
            except StopIteration as end:
                return end.value
            self.signals.partial.emit(part)
        parts.close()
        return None


def finish_background_jobs(timeout_ms: int = 60_000) -> None:
    """Let the jobs still running end before the process does: Python tears its Qt objects
    down at exit, and a job then reporting to them fails with a traceback (a bilan being
    written is also better finished than left as a temporary file)."""
    QThreadPool.globalInstance().waitForDone(timeout_ms)


def run_in_background(work: Callable[[Callable[[int, str], None]], Any],
                      done: Callable[[Any], None], failed: Callable[[Exception], None],
                      progress: Callable[[int, str], None] | None = None,
                      owner: QObject | None = None,
                      partial: Callable[[Any], None] | None = None) -> Job:
    """Start ``work(report_progress)`` on the thread pool; callbacks run on the UI thread,
    and not at all once ``owner`` (the screen that asked) has been deleted. ``partial``
    receives what a generator ``work`` yields."""
    job = Job(work)
    job.relay = _Relay(job, done, failed, progress, partial, owner)
    job.signals.done.connect(job.relay.deliver)
    job.signals.failed.connect(job.relay.fail)
    job.signals.progress.connect(job.relay.report)
    job.signals.partial.connect(job.relay.hand_over)
    Job.running.add(job)
    QThreadPool.globalInstance().start(job)
    return job


class LatestOnly:
    """Background loads of one screen where only the newest request's answer counts.

    Jobs run on several threads and may finish out of order: an earlier, slower
    load (before a save, or for the previous period) must not overwrite the newer one.
    A generator job overtaken by a newer one stops at its next value.
    """

    def __init__(self, owner: QObject | None = None,
                 alive: Callable[[], bool] = lambda: True):
        """``alive`` says whether answers still make sense (the base is still open)."""
        self._latest = 0
        self._answered = 0
        self._owner = owner
        self._alive = alive
        self._job: Job | None = None

    @property
    def pending(self) -> bool:
        return self._answered < self._latest

    def run(self, work: Callable[[Callable[[int, str], None]], Any],
            done: Callable[[Any], None], failed: Callable[[Exception], None],
            partial: Callable[[Any], None] | None = None) -> None:
        self._latest += 1
        request = self._latest

        def if_latest(callback, answers: bool = True):
            def deliver(value):
                if request == self._latest and self._alive():
                    if answers:
                        self._answered = request
                    callback(value)
            return deliver

        if self._job is not None:
            self._job.cancelled = True
        self._job = run_in_background(
            work, if_latest(done), if_latest(failed), owner=self._owner,
            partial=if_latest(partial, answers=False) if partial is not None else None)


def error_text(error: Exception) -> str:
    """What to tell the user of a job that failed: a pexdesk error's French message; for an
    unexpected one, its kind too, for whoever reads it back to a support person."""
    if isinstance(error, PexdeskError):
        return str(error)
    return f"{type(error).__name__} : {error}"
