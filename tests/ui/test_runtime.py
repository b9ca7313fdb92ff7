"""The Qt binding itself: guards against a PySide6 release that breaks a long session.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on each call of a Qt
method returning nothing; after some thousands of calls the interpreter aborts
(« none_dealloc »), i.e. after about 80 questionnaires keyed in. pyproject pins
below 6.12; this test fails if a release with that defect comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel

CALLS = 3_000


def test_qt_calls_do_not_leak_references_to_none(qapp):
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("x")
        QApplication.processEvents()
    assert before - sys.getrefcount(None) < CALLS // 10
