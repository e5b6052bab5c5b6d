"""How much does checking a story cost over parsing its YAML?

Times ``load_story`` (parse, check every field, build the model) on generated
stories next to PyYAML's C loader on the same text, both building Python
objects (``yaml.load``) and only composing nodes (``yaml.compose``, which is
what the loader starts from). Medians of several runs; the machine is noisy.

    python benchmarks/load.py [--sizes 1000 10000 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from generate_story import generate_story_yaml
from timing import median_seconds

from crisis_tui.loader import load_story


@dataclass(frozen=True, slots=True)
class LoadTiming:
    """Median seconds for each way of reading one story."""

    quotes: int
    megabytes: float
    load_story: float
    yaml_load: float
    yaml_compose: float


def time_loading(quotes: int, runs: int, directory: Path) -> LoadTiming:
    text = generate_story_yaml(quotes)
    path = directory / f"story-{quotes}.yaml"
    path.write_text(text, encoding="utf-8")
    return LoadTiming(
        quotes=quotes,
        megabytes=len(text.encode()) / 1e6,
        load_story=median_seconds(lambda: load_story(path), runs),
        yaml_load=median_seconds(lambda: yaml.load(text, Loader=yaml.CSafeLoader), runs),
        yaml_compose=median_seconds(lambda: yaml.compose(text, Loader=yaml.CSafeLoader), runs),
    )


def table(timings: Sequence[LoadTiming]) -> str:
    """A Markdown table of the timings with load_story's ratio to each baseline."""
    rows = [
        "| quotes | MB | load_story | yaml.load (C) | yaml.compose (C) | "
        "load_story / yaml.load | load_story / yaml.compose |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for t in timings:
        rows.append(
            f"| {t.quotes:,} | {t.megabytes:.1f} | {t.load_story:.3f} s | {t.yaml_load:.3f} s "
            f"| {t.yaml_compose:.3f} s | {t.load_story / t.yaml_load:.2f}× "
            f"| {t.load_story / t.yaml_compose:.2f}× |"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time load_story against PyYAML's C loader.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        timings = [time_loading(size, args.runs, Path(directory)) for size in args.sizes]
    print(table(timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
