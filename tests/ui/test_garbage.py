"""Reference cycles are collected on the UI thread, never in a background job's thread."""

from __future__ import annotations

import gc
import threading
import weakref

from pexdesk.app import make_application


class Node:
    pass


def test_cycles_are_collected_by_the_ui_thread_only(qtbot):
    make_application()
    assert not gc.isenabled()  # a job's allocations never trigger a collection in its thread
    collected_in = []
    node = Node()
    node.self = node  # a cycle: only the collector frees it
    weakref.finalize(node, lambda: collected_in.append(threading.current_thread()))
    del node
    rows = []  # what a job reads and keeps (a list's rows), past the collection threshold
    many = gc.get_threshold()[0] * 3
    job = threading.Thread(target=lambda: rows.extend([] for _ in range(many)))
    job.start()
    job.join()
    assert collected_in == []
    qtbot.waitUntil(lambda: bool(collected_in), timeout=3000)
    assert collected_in == [threading.main_thread()]
