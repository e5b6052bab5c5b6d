"""The one way the benchmarks time an action: the median of several runs, each from a clean heap."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """The median wall time of ``runs`` calls of ``action``.

    A full collection before each run keeps garbage left by the previous
    run from being collected on the next run's clock.
    """
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
