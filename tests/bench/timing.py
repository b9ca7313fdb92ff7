"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable

REPEATS = 5


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def first_and_best(action: Callable[[], object]) -> tuple[float, float]:
    """The first run (cold page cache of a fresh connection, cold caches of the code) and the
    best of the next REPEATS: the two a user meets, the first opening and every later one."""
    first = seconds(action)
    return first, min(seconds(action) for _ in range(REPEATS))
