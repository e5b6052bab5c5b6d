"""How long ``crisis-tui validate`` takes on a story full of references to nothing.

    .venv/bin/python benchmarks/unknown_references.py --sizes 2000 4000 8000

Each story has 100 actors and N quotes, each quote naming a speaker no actor
has (``ghost-1``, ``ghost-2``…), so every one is an error with a
did-you-mean to look for among the actors.
Beside it, the same story with every speaker known (a valid file of the
same size) shows what loading costs without any error. The command is run
as a user runs it, in a fresh process, and timed from start to exit;
``load_story`` is also timed in this process, without the interpreter's
start. Medians of the runs; CPU time is quoted beside wall time because it
stays put when other work shares the machine.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crisis_tui.loader import StoryError, load_story

COMMAND = Path(sys.executable).with_name("crisis-tui")
ACTORS = 100
"""Real actors in each story: the candidates every did-you-mean is looked for among."""


def story_text(quotes: int, *, known: bool = False, actors: int = ACTORS) -> str:
    """A story whose ``quotes`` quotes each name an unknown speaker (or, ``known``, a real one).

    The actors all take part in one event, so none draws a warning.
    """
    names = [f"actor-{n}" for n in range(actors)]
    lines = [
        "format: crisis-story/1",
        "story: {title: Unknown speakers}",
        "sources: [{id: report}]",
        "actors:",
        *(f"  - {{id: {name}, name: Person {name}}}" for name in names),
        "events:",
        f"  - {{id: meeting, title: A meeting, when: 2019, actors: [{', '.join(names)}],"
        " sources: [report]}",
        "quotes:",
    ]
    lines += [
        f"  - {{id: q-{n}, text: Words number {n}, speaker: "
        f"{names[n % actors] if known else f'ghost-{n}'}, sources: [report]}}"
        for n in range(quotes)
    ]
    return "\n".join(lines) + "\n"


def time_validate(path: Path, runs: int, status: int) -> tuple[float, float, int]:
    """``crisis-tui validate path``: median wall and CPU seconds, and lines written to stderr.

    CPU time (user and system, of the child) is quoted beside wall time
    because it hardly moves when other work shares the machine.
    """
    walls, cpus = [], []
    lines = 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(
            [str(COMMAND), "validate", str(path)], capture_output=True, text=True, check=False
        )
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        assert result.returncode == status, result.stderr[-500:]
        lines = result.stderr.count("\n")
    return statistics.median(walls), statistics.median(cpus), lines


def time_load(path: Path, runs: int) -> float:
    """Median CPU seconds of ``load_story`` on a file it refuses."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        try:
            load_story(path)
        except StoryError:
            times.append(time.process_time() - started)
    assert len(times) == runs
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000, 8000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(
        "| unknown references | file | validate (wall) | validate (CPU) |"
        " validate, all known (CPU) | load_story (CPU) | lines printed |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as directory:
        for size in args.sizes:
            unknown = Path(directory) / f"unknown-{size}.yaml"
            unknown.write_text(story_text(size), encoding="utf-8")
            known = Path(directory) / f"known-{size}.yaml"
            known.write_text(story_text(size, known=True), encoding="utf-8")
            wall, cpu, lines = time_validate(unknown, args.runs, status=1)
            _, baseline, _ = time_validate(known, args.runs, status=0)
            in_process = time_load(unknown, args.runs)
            kilobytes = unknown.stat().st_size / 1024
            print(
                f"| {size:,} | {kilobytes:,.0f} KB | {wall:.2f} s | {cpu:.2f} s |"
                f" {baseline:.2f} s | {in_process:.2f} s | {lines:,} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
