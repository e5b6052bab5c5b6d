"""Where benchmark tables go: marked sections of benchmarks/README.md, rewritten in place."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


def machine() -> str:
    """Python version, CPU model and core count: enough to compare tables between machines."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"Python {platform.python_version()}, {cpu}, {os.cpu_count()} cores"


def publish(section: str, how: str, table: str, *, write: bool) -> None:
    """Print ``table`` under a line saying when, on what and ``how`` it was measured;
    with ``write``, also put both in the README's ``section``."""
    header = f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}; {how}"
    print(header, table, sep="\n\n")
    if write:
        replace_section(section, f"{header}\n\n{table}")


def replace_section(name: str, body: str) -> None:
    """Put ``body`` between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``, appending both if absent."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = README.read_text(encoding="utf-8")
    if start not in text:
        text = text.rstrip("\n") + f"\n\n{start}\n{end}\n"
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    README.write_text(f"{before}{start}\n{body}\n{end}{after}", encoding="utf-8")
