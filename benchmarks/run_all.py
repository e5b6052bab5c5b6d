"""Run every benchmark of the search and loading work and put the tables in README.md.

    .venv/bin/python benchmarks/run_all.py

The tables replace what stands between the result markers of
``benchmarks/README.md``; they are printed too.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"


def run(script: str, *args: str) -> str:
    """A benchmark script's table, run in a fresh interpreter so none warms another."""
    command = [sys.executable, str(HERE / script), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"Python {platform.python_version()}, {cpu}"


def main() -> int:
    started = time.strftime("%Y-%m-%d")
    search = run("search.py", "--sizes", "1000", "100000", "1000000")
    load = run("load.py", "--sizes", "1000", "10000", "100000", "--runs", "3")
    index_cache = run("index_cache.py", "--sizes", "1000", "100000", "1000000", "--runs", "3")
    stalls = run("index_stalls.py", "--sizes", "100000", "1000000")
    unknown = run("unknown_references.py", "--sizes", "2000", "4000", "8000")
    hostile = run("hostile_search.py", "--quotes", "1000000")
    results = "\n".join(
        [
            START,
            f"Measured {started} on {machine()}, one process.",
            "",
            "### Search, per keystroke",
            "",
            search,
            "",
            "### Loading a story",
            "",
            load,
            "",
            "### Search index: built, or read from the cache",
            "",
            index_cache,
            "",
            "### Indexing in the background: the longest waits it causes",
            "",
            stalls,
            "",
            "### Validating a file full of unknown references",
            "",
            unknown,
            "",
            "### Hostile stories: highlighting, index memory, checking a cache file",
            "",
            hostile,
            END,
        ]
    )
    text = README.read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    README.write_text(before + results + after, encoding="utf-8")
    print(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
