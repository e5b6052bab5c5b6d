"""How long indexing in the background can keep the foreground waiting.

The explorer builds (or reads back) the search index in a worker thread
while the reader goes on typing; any step that holds the interpreter
stops the interface for as long. Here a thread indexes a generated story
while the main thread, standing in for the interface, wakes every
millisecond and allocates a little, as an event loop does. Reported are
the longest gaps between its wake-ups, from the start of indexing to 1.5 s
after it ends (so the garbage collector's passes over the new index count).

    python benchmarks/index_stalls.py [--sizes 100000 1000000]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generate_story import generate_story
from index_cache import read_back

from crisis_tui.cache_files import Seal
from crisis_tui.search import SearchIndex
from crisis_tui.search.cache import IndexCache

AFTERWARDS = 1.5
"""Seconds to keep watching once the index is ready."""
TICK = 0.001


@dataclass(frozen=True, slots=True)
class StallResult:
    quotes: int
    way: str
    longest: list[float]
    """The longest gaps, longest first."""


def longest_gaps(indexing: Callable[[], object], count: int = 3) -> list[float]:
    """The ``count`` longest waits of a ticking main thread while ``indexing`` runs in another."""
    done = threading.Event()

    def index_then_signal() -> None:
        indexing()
        done.set()

    worker = threading.Thread(target=index_then_signal)
    recent: list[list[dict[str, int]]] = []
    gaps = []
    last = time.perf_counter()
    worker.start()
    stop_at = None
    while stop_at is None or last < stop_at:
        recent.append([{} for _ in range(20)])
        del recent[:-200]
        time.sleep(TICK)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
        if stop_at is None and done.is_set():
            stop_at = now + AFTERWARDS
    worker.join()
    return sorted(gaps, reverse=True)[:count]


def measure(quotes: int) -> list[StallResult]:
    story = generate_story(quotes)
    gc.collect()
    gc.freeze()  # as the explorer does once a story is loaded
    with tempfile.TemporaryDirectory() as directory:
        cache = IndexCache(Path(directory), Seal.of_user(), min_entities=0)
        cache.index(story, "stalls")
        return [
            StallResult(quotes, "build", longest_gaps(lambda: SearchIndex.build(story))),
            StallResult(
                quotes, "read from cache", longest_gaps(lambda: read_back(cache, story, "stalls"))
            ),
        ]


def table(results: Sequence[StallResult]) -> str:
    rows = [
        "| quotes | index | longest waits of the foreground |",
        "| ---: | --- | --- |",
    ]
    rows += [
        f"| {result.quotes:,} | {result.way} "
        f"| {', '.join(f'{gap * 1e3:.0f} ms' for gap in result.longest)} |"
        for result in results
    ]
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args(argv)
    results = []
    for size in args.sizes:
        results += measure(size)
        print(f"measured {size:,} quotes", file=sys.stderr, flush=True)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
