"""Search as you type: our engine next to fzf and a plain rapidfuzz scan, same quotes, same queries.

Each query is typed one key at a time and every prefix is searched, as a
search box would; latencies are per keystroke. A query is "found" when the
quote it was meant for is among the first ten results of the full query.
fzf and rapidfuzz search the quotes as plain lines ("Speaker: text"); fzf is
run as ``fzf --filter`` (a new process reading the lines each time, which is
how it is scripted), rapidfuzz as ``process.extract`` with ``partial_ratio``.
Medians of noisy runs are what to quote; nothing here asserts a timing.

    python benchmarks/search.py [--sizes 1000 100000 1000000] [--write]
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generate_story import generate_story
from rapidfuzz import fuzz, process, utils
from readme_tables import publish

from crisis_tui.model import Story
from crisis_tui.search import SearchIndex


@dataclass(frozen=True, slots=True)
class BenchmarkQuery:
    text: str
    target: str
    """Id of the planted quote the query means."""
    typo: bool


QUERIES = (
    BenchmarkQuery("guaido usurp", "q-guaido-usurpation", typo=False),
    BenchmarkQuery("Guaidó usurpation begun", "q-guaido-usurpation", typo=False),
    BenchmarkQuery("guiado usurpaton", "q-guaido-usurpation", typo=True),
    BenchmarkQuery("maudro nerves steel", "q-maduro-nerves-of-steel", typo=True),
    BenchmarkQuery("nerves of steel", "q-maduro-nerves-of-steel", typo=False),
    BenchmarkQuery("rodirguez tratiors personnel", "q-rodriguez-traitors", typo=True),
    BenchmarkQuery("Rodríguez deactivating traitors", "q-rodriguez-traitors", typo=False),
    BenchmarkQuery("padrino constitucion legitimate", "q-padrino-constitution", typo=True),
    BenchmarkQuery("pompeo freedom democarcy", "q-pompeo-freedom-democracy", typo=True),
    BenchmarkQuery("sanders monitorign situation", "q-sanders-monitoring", typo=True),
    BenchmarkQuery("cabello presidental palace", "q-cabello-palace", typo=True),
    BenchmarkQuery("lopez soldiers set him free", "q-lopez-freed", typo=False),
)
TOP = 10

Searcher = Callable[[str], list[str]]
"""A query to the ids of its first results."""


@dataclass(slots=True)
class ToolResult:
    """One tool on one story size."""

    tool: str
    quotes: int
    latencies: list[float]
    found_typo: int
    found_all: int
    build_seconds: float | None = None
    memory_bytes: int | None = None
    note: str = ""

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.latencies, n=20, method="inclusive")[-1]


def keystrokes(query: str, stride: int) -> list[str]:
    """The prefixes a search box sees while the query is typed (every ``stride``-th, and the last)."""
    prefixes = [query[:end] for end in range(1, len(query) + 1)]
    return [*prefixes[stride - 1 : -1 : stride], prefixes[-1]]


def measure(tool: str, quotes: int, search: Searcher, stride: int) -> ToolResult:
    latencies = []
    found_typo = found_all = 0
    for query in QUERIES:
        for prefix in keystrokes(query.text, stride):
            start = time.perf_counter()
            found = search(prefix)
            latencies.append(time.perf_counter() - start)
        if query.target in found[:TOP]:
            found_all += 1
            found_typo += query.typo
    return ToolResult(tool, quotes, latencies, found_typo, found_all)


def engine_result(story: Story, quotes: int) -> ToolResult:
    rss_before = _resident_bytes()
    start = time.perf_counter()
    index = SearchIndex.build(story)
    build = time.perf_counter() - start
    grown = _resident_bytes() - rss_before
    gc.collect()
    gc.freeze()  # as an app should once its story is loaded: full collections skip it all

    def search(query: str) -> list[str]:
        return [hit.entity.id or "" for hit in index.search(query, limit=TOP)]

    result = measure("crisis-tui search", quotes, search, stride=1)
    result.build_seconds = build
    result.memory_bytes = grown
    postings = sum(
        len(channel.entities) * channel.entities.itemsize + len(channel.positions)
        for channel in index.inverted.postings.values()
    )
    result.note = f"RSS growth; postings arrays alone {postings / 1e6:.1f} MB"
    return result


def quote_lines(story: Story) -> tuple[list[str], list[str]]:
    """Each quote as ``Speaker: text`` (what the baselines search) and its id."""
    return [f"{q.speaker.name}: {q.text}" for q in story.quotes], [q.id for q in story.quotes]


def fzf_result(story: Story, quotes: int, stride: int) -> ToolResult:
    fzf = shutil.which("fzf")
    if fzf is None:
        return ToolResult("fzf --filter", quotes, [0.0], 0, 0, note="skipped: fzf not installed")
    lines, ids = quote_lines(story)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as file:
        file.writelines(f"{number}\t{line}\n" for number, line in enumerate(lines))
    path = Path(file.name)

    def search(query: str) -> list[str]:
        with path.open("rb") as stdin:
            output = subprocess.run(
                [fzf, "--filter", query, "--delimiter", "\t", "--nth", "2.."],
                stdin=stdin,
                capture_output=True,
                check=False,
            ).stdout
        first = output.splitlines()[:TOP]
        return [ids[int(line.split(b"\t", 1)[0])] for line in first]

    try:
        result = measure("fzf --filter", quotes, search, stride)
    finally:
        path.unlink()
    version = subprocess.run([fzf, "--version"], capture_output=True, text=True, check=False)
    result.note = f"fzf {version.stdout.split()[0]}" if version.stdout else ""
    return result


def rapidfuzz_result(story: Story, quotes: int, stride: int) -> ToolResult:
    lines, ids = quote_lines(story)
    processed = [utils.default_process(line) for line in lines]

    def search(query: str) -> list[str]:
        best = process.extract(
            utils.default_process(query), processed, scorer=fuzz.partial_ratio, limit=TOP
        )
        return [ids[index] for _, _, index in best]

    return measure("rapidfuzz partial_ratio scan", quotes, search, stride)


def run_size(quotes: int, baseline_stride: int) -> list[ToolResult]:
    story = generate_story(quotes)
    results = [engine_result(story, quotes)]
    results.append(fzf_result(story, quotes, baseline_stride))
    results.append(rapidfuzz_result(story, quotes, baseline_stride))
    for result in results[1:]:
        if baseline_stride > 1:
            result.note = "; ".join(
                filter(None, [result.note, f"every {baseline_stride}th keystroke and the last"])
            )
    return results


def table(results: Sequence[ToolResult]) -> str:
    """Markdown: latencies, ratios to our engine, build, memory, queries found."""
    typo_total = sum(query.typo for query in QUERIES)
    rows = [
        "| quotes | tool | p50 / key | p95 / key | p50, p95 vs ours | build | index memory "
        f"| typo'd found (of {typo_total}) | all found (of {len(QUERIES)}) | notes |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    ours: dict[int, ToolResult] = {}
    for result in results:
        if result.tool == "crisis-tui search":
            ours[result.quotes] = result
        skipped = result.note.startswith("skipped")
        base = ours.get(result.quotes)
        ratio = (
            f"{result.p50 / base.p50:.0f}×, {result.p95 / base.p95:.0f}×"
            if base is not None and base is not result and not skipped
            else "1×"
            if base is result
            else "–"
        )
        rows.append(
            f"| {result.quotes:,} | {result.tool} "
            f"| {_ms(result.p50) if not skipped else '–'} | {_ms(result.p95) if not skipped else '–'} "
            f"| {ratio} "
            f"| {f'{result.build_seconds:.2f} s' if result.build_seconds is not None else '–'} "
            f"| {f'{result.memory_bytes / 1e6:.0f} MB' if result.memory_bytes is not None else '–'} "
            f"| {result.found_typo if not skipped else '–'} "
            f"| {result.found_all if not skipped else '–'} | {result.note} |"
        )
    return "\n".join(rows)


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.2f} ms" if seconds < 0.1 else f"{seconds * 1e3:.0f} ms"


def _resident_bytes() -> int:
    """Resident memory of this process (Linux), 0 where it cannot be read."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Per-keystroke search latency, side by side.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000, 1_000_000])
    parser.add_argument(
        "--baseline-stride-above",
        type=int,
        default=100_000,
        help="above this many quotes, time the baselines on every 5th keystroke only",
    )
    parser.add_argument(
        "--write", action="store_true", help="also put the table in benchmarks/README.md"
    )
    args = parser.parse_args(argv)
    results: list[ToolResult] = []
    load_before = os.getloadavg()[0]
    for size in args.sizes:
        stride = 5 if size > args.baseline_stride_above else 1
        results += run_size(size, stride)
        print(f"measured {size:,} quotes", file=sys.stderr, flush=True)
    how = (
        "one process, each size's tools one after another; load average "
        f"{load_before:.1f} at the start and {os.getloadavg()[0]:.1f} at the end."
    )
    publish("search", how, table(results), write=args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
