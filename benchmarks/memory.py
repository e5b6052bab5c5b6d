"""Where the memory of a big story goes: the loaded model part by part, and the search index.

    python benchmarks/memory.py [--quotes 100000] [--write]

Loads a generated story with ``tracemalloc`` tracing, as ``crisis-tui
validate`` does, and reports the peak of traced memory during the load, then
what stays: the memory each source file allocated that is still alive after
the load (records, their strings, dates, the id table, the backlinks), and
what building the search index adds. Traced memory is Python's own
allocations; the process's resident size (``startup.py``) adds the
interpreter, the libraries and allocator slack.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

from generate_story import generate_story_yaml
from readme_tables import publish

from crisis_tui.loader import load_story
from crisis_tui.search import SearchIndex

MB = 1024 * 1024


def by_file(snapshot: tracemalloc.Snapshot) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for stat in snapshot.statistics("filename"):
        name = stat.traceback[0].filename
        part = name.split("/crisis_tui/", 1)[1] if "/crisis_tui/" in name else Path(name).name
        sizes[part] = sizes.get(part, 0) + stat.size
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "story.yaml"
        path.write_text(generate_story_yaml(args.quotes), encoding="utf-8")
        size = path.stat().st_size
        gc.collect()
        tracemalloc.start()
        loaded = load_story(path)
        gc.collect()
        _, load_peak = tracemalloc.get_traced_memory()
        after_load = tracemalloc.take_snapshot()
        tracemalloc.reset_peak()
        index = SearchIndex.build(loaded.story)
        gc.collect()
        after_index = tracemalloc.take_snapshot()
        tracemalloc.stop()
    model = by_file(after_load)
    total_model = sum(model.values())
    total_index = sum(by_file(after_index).values()) - total_model
    rows = [
        "| what | MB | per quote |",
        "| --- | ---: | ---: |",
        f"| story file | {size / MB:.1f} | {size / args.quotes:.0f} B |",
        f"| peak while loading (traced) | {load_peak / MB:.1f} | {load_peak / args.quotes:.0f} B |",
        f"| the loaded model, all of it | {total_model / MB:.1f} | {total_model / args.quotes:.0f} B |",
    ]
    for name, part in sorted(model.items(), key=lambda item: -item[1])[:8]:
        if part < MB / 10:
            break
        rows.append(f"| … allocated in `{name}` | {part / MB:.1f} | {part / args.quotes:.0f} B |")
    rows.append(
        f"| the search index on top | {total_index / MB:.1f} | {total_index / args.quotes:.0f} B |"
    )
    del index
    how = f"a generated story of {args.quotes:,} quotes, traced with tracemalloc."
    publish("memory", how, "\n".join(rows), write=args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
