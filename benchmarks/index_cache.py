"""Building a story's search index next to reading it back from the index cache.

For each size: build the index (as the first start does), save it to a
fresh cache directory, then read it back as every later start does, and
check that the read index answers the benchmark queries exactly as the
built one. Medians of ``--runs`` runs; nothing here asserts a timing.

    python benchmarks/index_cache.py [--sizes 1000 100000 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generate_story import generate_story
from search import QUERIES
from timing import median_seconds

from crisis_tui.cache_files import Seal
from crisis_tui.model import Story
from crisis_tui.search import SearchIndex
from crisis_tui.search.cache import SUFFIX, IndexCache


@dataclass(frozen=True, slots=True)
class CacheResult:
    quotes: int
    build: float
    """Building the index, no cache involved."""
    first_start: float
    """An empty cache: building the index and saving it."""
    later_start: float
    """The index read back from the cache."""
    file_bytes: int


def measure(quotes: int, runs: int) -> CacheResult:
    story = generate_story(quotes)
    gc.collect()
    gc.freeze()  # the story lives as long as the app, which freezes it the same way
    digest = f"generated-{quotes}"
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        cache = IndexCache(directory, Seal.of_user(), min_entities=0)

        def first_start() -> SearchIndex:
            for file in directory.glob(f"*{SUFFIX}"):
                file.unlink()
            return cache.index(story, digest)

        build = median_seconds(lambda: SearchIndex.build(story), runs)
        first = median_seconds(first_start, runs)
        later = median_seconds(lambda: read_back(cache, story, digest), runs)
        (file,) = directory.glob(f"*{SUFFIX}")
        check_same_answers(SearchIndex.build(story), read_back(cache, story, digest))
        return CacheResult(quotes, build, first, later, file.stat().st_size)


def read_back(cache: IndexCache, story: Story, digest: str) -> SearchIndex:
    """The index from the cache, as a later start reads it; never quietly a build."""
    index = cache.read(story, digest)
    if index is None:
        raise AssertionError("the cache did not give back the index it saved")
    return index


def check_same_answers(built: SearchIndex, cached: SearchIndex) -> None:
    for query in QUERIES:
        expected = [(hit.entity.id, hit.score) for hit in built.search(query.text)]
        if [(hit.entity.id, hit.score) for hit in cached.search(query.text)] != expected:
            raise AssertionError(f"the cached index answers {query.text!r} differently")


def table(results: Sequence[CacheResult]) -> str:
    rows = [
        "| quotes | build, no cache | first start: build + save | later starts: read "
        "| read / build | cache file |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows += [
        f"| {result.quotes:,} | {result.build:.3f} s | {result.first_start:.3f} s "
        f"| {result.later_start:.3f} s | {result.later_start / result.build:.3f}× "
        f"| {result.file_bytes / 1e6:.1f} MB |"
        for result in results
    ]
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    results = []
    for size in args.sizes:
        results.append(measure(size, args.runs))
        print(f"measured {size:,} quotes", file=sys.stderr, flush=True)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
