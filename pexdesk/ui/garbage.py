"""Python's cycle collector, run on the UI thread only."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_INTERVAL_MS = 300


class UiThreadCollector(QObject):
    """Python collects reference cycles in whichever thread crosses an allocation threshold,
    a background job's thread too. A cycle holding a deleted screen's widgets, collected
    there, destroys Qt widgets outside the UI thread: a segmentation fault (seen while a
    job read 10,000 partners). Automatic collection is turned off; a timer on the UI thread
    collects each generation when its threshold says so, as the interpreter would have."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due_generations)
        self._timer.start(CHECK_INTERVAL_MS)

    def collect_due_generations(self) -> None:
        counts = gc.get_count()
        due = [generation for generation in range(3)
               if counts[generation] > self._thresholds[generation]]
        if due:
            gc.collect(max(due))
