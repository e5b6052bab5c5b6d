"""Stories made to hurt search, and what they cost it: highlighting, index memory, reading a cache.

The stories are one quote each, of the kinds a hostile story file holds: a
word repeated a hundred thousand times (every word a match to highlight), a
quote of megabytes, a quote of U+FDFA (one character that folds to eighteen,
four words), millions of distinct words. Tests build the same stories from
here rather than keep megabytes of fixtures.

    python benchmarks/hostile_search.py [--quotes 1000000]

prints three tables: the time to search and highlight the 100,000-match
quote (the explorer's line, the palette's, the command's), the index's peak
memory on each hostile quote against the file's size, and the time to read
a cached index of ``--quotes`` quotes with and without the checks of every
array, side by side (medians of three).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from unittest import mock

from generate_story import generate_story

from crisis_tui.cache_files import Seal
from crisis_tui.loader import load_story_text
from crisis_tui.model import Story
from crisis_tui.search import SearchIndex
from crisis_tui.search import index_file as index_file_module
from crisis_tui.search.index import InvertedIndex
from crisis_tui.search.index_file import read_index, write_index

REPEATED_WORD = "guaido " * 100_000
"""100,000 matches for ``guaido`` in one quote (700 KB)."""


def ten_megabytes() -> str:
    """A 10 MB quote, every word of it a match for ``guaido``."""
    return "guaido " * (10_000_000 // 7)


def ligatures(characters: int = 1_000_000) -> str:
    """U+FDFA repeated: 3 bytes of UTF-8 each, 18 characters and four words once folded."""
    return "\ufdfa" * characters


def distinct_words(count: int = 2_000_000) -> str:
    """``count`` different six-letter words, about 7 bytes each."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    found = []
    for number in range(count):
        word = []
        for _ in range(6):
            number, letter = divmod(number, 26)
            word.append(letters[letter])
        found.append("".join(word))
    return " ".join(found)


def one_quote_story(text: str) -> str:
    """A valid story of one actor and one quote of ``text``, as YAML."""
    return f"""format: crisis-story/1
story:
  title: One quote
  timezone: America/Caracas
actors:
  - id: speaker
    name: Zyx Qwv
    kind: person
sources:
  - id: report
    kind: article
quotes:
  - id: the-quote
    text: {json.dumps(text, ensure_ascii=False)}
    speaker: speaker
    sources: [report]
"""


def _median_seconds(action: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def highlight_table() -> str:
    """Search and highlight of the 100,000-match quote, as each display does it."""
    from crisis_tui.screens.search import RESULT_LIMIT, around_first_match, hit_line
    from crisis_tui.search_command import hit_lines

    story = load_story_text(one_quote_story(REPEATED_WORD)).story
    index = SearchIndex.build(story)
    (hit,) = index.search("guaido", limit=RESULT_LIMIT, kinds=("quote",))
    fresh = [SearchIndex.build(story) for _ in range(5)]

    def first_search_and_line() -> None:
        """What ``/guaido`` costs the explorer: a search no cache has seen, and its line."""
        for found in fresh.pop().search("guaido", limit=RESULT_LIMIT):
            hit_line(found, 80)

    rows = [
        ("first search and its result line (fresh index)", first_search_and_line),
        ("search (hits and their spans)", lambda: index.search("guaido", limit=RESULT_LIMIT)),
        ("explorer result line, 80 columns", lambda: hit_line(hit, 80)),
        ("palette label, 80 columns", lambda: around_first_match(hit.text, hit.spans, 60)),
        ("`crisis-tui search` lines", lambda: hit_lines(hit)),
    ]
    lines = [
        "| step, 100,000-match quote | median of 5 | spans |",
        "| --- | ---: | ---: |",
    ]
    for label, action in rows:
        lines.append(f"| {label} | {_median_seconds(action) * 1e3:.1f} ms | {len(hit.spans)} |")
    return "\n".join(lines)


def memory_table() -> str:
    """Peak memory (tracemalloc) of building the index of each hostile quote."""
    cases = [
        ("3 MB of U+FDFA", ligatures()),
        ("2,000,000 distinct words", distinct_words()),
        ("10 MB, 1.4 M matches", ten_megabytes()),
        ("30 MB of one word", "word " * 6_000_000),
    ]
    lines = [
        "| quote | file | index build | peak memory | peak / file |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, text in cases:
        yaml_text = one_quote_story(text)
        size = len(yaml_text.encode())
        story = load_story_text(yaml_text).story
        del yaml_text, text
        tracemalloc.start()
        start = time.perf_counter()
        SearchIndex.build(story)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        lines.append(
            f"| {label} | {size / 1e6:.1f} MB | {seconds:.2f} s | {peak / 1e6:.1f} MB "
            f"| {peak / size:.2f}× |"
        )
    return "\n".join(lines)


@contextmanager
def _unchecked() -> Iterator[None]:
    """Reading without the checks of every array, as the reader did before them."""
    names = ("_check_places", "_check_in_range", "_check_frequencies", "_check_kinds")
    with ExitStack() as stack:
        for name in names:
            stack.enter_context(mock.patch.object(index_file_module, name, return_value=b""))
        yield


def validation_table(quotes: int) -> str:
    """Reading a cached index back, with and without checking every array."""
    story: Story = generate_story(quotes)
    start = time.perf_counter()
    built = InvertedIndex.build(story)
    build = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "story.index"
        seal = Seal(bytes(32))
        write_index(built, story, "key", path, seal)
        size = path.stat().st_size
        del built
        unchecked_times, checked_times = [], []
        for _ in range(3):  # alternated, so a busy moment of the machine hits both
            with _unchecked():
                unchecked_times.append(
                    _median_seconds(lambda: read_index(path, story, "key", seal), 1)
                )
            checked_times.append(_median_seconds(lambda: read_index(path, story, "key", seal), 1))
        unchecked = statistics.median(unchecked_times)
        checked = statistics.median(checked_times)
    return "\n".join(
        [
            "| quotes | cache file | build | read, unchecked | read, every array checked "
            "| checks alone | read / build |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| {quotes:,} | {size / 1e6:.1f} MB | {build:.2f} s | {unchecked:.3f} s "
            f"| {checked:.3f} s | {checked - unchecked:.3f} s | {checked / build:.3f}× |",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="What hostile stories cost search.")
    parser.add_argument("--quotes", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    print(highlight_table(), end="\n\n")
    print(memory_table(), end="\n\n")
    print(validation_table(args.quotes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
