"""How long until the reader sees the first screen, measured in a real terminal.

    python benchmarks/startup.py [--runs 9] [--big-runs 3] [--quotes 100000] [--write]

Every app is started in its own tmux window of 80x24 and the window is read
every few milliseconds until the first screen shows; the time from launch to
then is the first frame. crisis-tui and the anchor (a bare Textual app
showing one Static, ``bare_apps.py static``) take turns, so a busy machine
slows both alike; medians and their ratio are reported. The bundled story is
timed as a reader usually meets it, opened before (its caches written by an
earlier start), and with its cache empty, as on a first start.

On a generated story of ``--quotes`` quotes the script also times the first
frame on the very first open (an empty cache directory each run) and when
the story was opened before (the caches that first open left), next to
PyYAML's C loader reading the same file, and measures memory: the explorer's
resident size once it has settled (index built, caches written) and the peak
of ``crisis-tui validate``.

``--write`` puts the tables into README.md with the date and machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from generate_story import generate_story_yaml
from installed import compile_bytecode
from readme_tables import publish

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
CRISIS_TUI = str(Path(PYTHON).parent / "crisis-tui")
SOCKET = f"crisis-startup-{os.getpid()}"
"""A tmux server of our own, so other tmux users neither slow nor see the runs."""
POLL = 0.005
TIMEOUT = 180.0
CRISIS_READY = "1 Timeline ─"
"""The Timeline pane's border: drawn only with the main screen."""
BARE_READY = "bare app ready"
_names = count()


@dataclass(frozen=True, slots=True)
class Started:
    """One launch: seconds to the first frame, and the resident size once settled."""

    seconds: float
    rss_mb: float | None


def _tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True
    ).stdout


def first_frame(
    command: Sequence[str], ready: str, env: dict[str, str], *, settle: bool
) -> Started:
    """Launch ``command`` in a fresh 80x24 window; time until ``ready`` shows on screen.

    With ``settle``, wait until the process has stopped using CPU (the index
    built, the caches written) and read its resident size.
    """
    name = f"run-{next(_names)}"
    wrapped = ["env", *(f"{key}={value}" for key, value in env.items()), *command]
    started = time.perf_counter()
    pid = int(
        _tmux(
            "new-session",
            "-d",
            "-P",
            "-F",
            "#{pane_pid}",
            "-s",
            name,
            "-x",
            "80",
            "-y",
            "24",
            *wrapped,
        )
    )
    try:
        while ready not in _tmux("capture-pane", "-p", "-t", name):
            if time.perf_counter() - started > TIMEOUT:
                raise TimeoutError(f"{command} showed no {ready!r} in {TIMEOUT:.0f} s")
            time.sleep(POLL)
        seconds = time.perf_counter() - started
        rss = _settled_rss_mb(pid) if settle else None
    finally:
        _tmux("kill-session", "-t", name)
        _wait_gone(pid)
    return Started(seconds, rss)


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _settled_rss_mb(pid: int, limit: float = 120.0) -> float:
    """Resident size once a second passes without the process using CPU."""
    end = time.monotonic() + limit
    before = _cpu_ticks(pid)
    while time.monotonic() < end:
        time.sleep(1.0)
        now = _cpu_ticks(pid)
        if now - before <= 2:
            break
        before = now
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise OSError("no VmRSS")


def _wait_gone(pid: int, limit: float = 60.0) -> None:
    """Let the previous app finish exiting before the next starts, so it slows none."""
    end = time.monotonic() + limit
    while Path(f"/proc/{pid}").exists() and time.monotonic() < end:
        time.sleep(0.02)


def wall_seconds(command: Sequence[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def interleaved(actions: dict[str, Callable[[], float]], runs: int) -> dict[str, list[float]]:
    """Each action ``runs`` times, taking turns."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            times[name].append(action())
    return times


def peak_rss_mb(command: Sequence[str]) -> float:
    """The peak resident size of ``command``, as the kernel counted it."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [PYTHON, "-c", probe, *command], check=True, capture_output=True, text=True
    )
    return int(out.stdout) / 1024


def yaml_load_seconds(path: Path) -> float:
    """PyYAML's C loader on the file, in a fresh interpreter, as a plain caller uses it."""
    probe = (
        "import sys, time, yaml; text = open(sys.argv[1], encoding='utf-8').read(); "
        "t = time.perf_counter(); yaml.load(text, Loader=yaml.CSafeLoader); "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [PYTHON, "-c", probe, str(path)], check=True, capture_output=True, text=True
    )
    return float(out.stdout)


def _median(values: Sequence[float]) -> float:
    return statistics.median(values)


def bundled_rows(env: dict[str, str], runs: int, directory: Path) -> list[str]:
    ours = [CRISIS_TUI]
    bare = [PYTHON, str(HERE / "bare_apps.py"), "static"]
    # Settled runs first: they measure memory, and leave the story's caches
    # written, as a reader's earlier start would have (a timed run is ended
    # at its first frame, before anything is written).
    memory = {
        "ours": first_frame(ours, CRISIS_READY, env, settle=True).rss_mb or 0.0,
        "bare": first_frame(bare, BARE_READY, env, settle=True).rss_mb or 0.0,
    }
    frames: dict[str, list[float]] = {"ours": [], "first": [], "bare": []}
    for run in range(runs):
        frames["ours"].append(first_frame(ours, CRISIS_READY, env, settle=False).seconds)
        nothing_cached = {**env, "XDG_CACHE_HOME": str(directory / f"empty-{run}")}
        frames["first"].append(
            first_frame(ours, CRISIS_READY, nothing_cached, settle=False).seconds
        )
        frames["bare"].append(first_frame(bare, BARE_READY, env, settle=False).seconds)
    imports = interleaved(
        {
            "ours": lambda: wall_seconds([PYTHON, "-c", "import crisis_tui.app"]),
            "bare": lambda: wall_seconds([PYTHON, "-c", "import textual.app"]),
        },
        runs,
    )
    ours_s, first_s, bare_s = (_median(frames[name]) for name in ("ours", "first", "bare"))
    ours_i, bare_i = _median(imports["ours"]), _median(imports["bare"])
    anchor = f"bare Textual app, one Static: {bare_s:.3f} s"
    return [
        _row(
            "first frame, bundled story (opened before)", f"{ours_s:.3f} s", anchor, ours_s / bare_s
        ),
        _row(
            "first frame, bundled story, its cache empty (as on a first start)",
            f"{first_s:.3f} s",
            anchor,
            first_s / bare_s,
        ),
        _row(
            "importing the app module (a fresh interpreter)",
            f"{ours_i:.3f} s",
            f"`import textual.app`: {bare_i:.3f} s",
            ours_i / bare_i,
        ),
        _row(
            "resident memory, settled, bundled story",
            f"{memory['ours']:.0f} MB",
            f"bare Textual app: {memory['bare']:.0f} MB",
            memory["ours"] / memory["bare"],
        ),
    ]


def _row(what: str, ours: str, anchor: str, ratio: float | None = None) -> str:
    shown = "" if ratio is None else f"{ratio:.2f}×"
    return f"| {what} | {ours} | {anchor} | {shown} |"


def big_story_rows(
    env: dict[str, str], quotes: int, runs: int, yaml_runs: int, directory: Path
) -> list[str]:
    path = directory / f"story-{quotes}.yaml"
    path.write_text(generate_story_yaml(quotes), encoding="utf-8")
    megabytes = path.stat().st_size / 1e6
    command = [CRISIS_TUI, str(path)]
    cold: list[float] = []
    for run in range(runs):
        cache = directory / f"cold-{run}"
        cold.append(
            first_frame(
                command, CRISIS_READY, {**env, "XDG_CACHE_HOME": str(cache)}, settle=False
            ).seconds
        )
        shutil.rmtree(cache, ignore_errors=True)
    warm_env = {**env, "XDG_CACHE_HOME": str(directory / "warm")}
    first = first_frame(command, CRISIS_READY, warm_env, settle=True)  # fills the cache
    reopened = [
        first_frame(command, CRISIS_READY, warm_env, settle=False).seconds for _ in range(runs)
    ]
    settled = first_frame(command, CRISIS_READY, warm_env, settle=True)
    yaml_s = _median([yaml_load_seconds(path) for _ in range(yaml_runs)])
    validate = peak_rss_mb([CRISIS_TUI, "validate", str(path)])
    cold_s, warm_s = _median(cold), _median(reopened)
    cache_mb = sum(f.stat().st_size for f in (directory / "warm").rglob("*") if f.is_file()) / 1e6
    label = f"{quotes:,}-quote story ({megabytes:.0f} MB YAML)"
    return [
        _row(
            f"first frame, {label}, first open",
            f"{cold_s:.2f} s",
            f"PyYAML C loader, `yaml.load` of the file: {yaml_s:.2f} s",
            cold_s / yaml_s,
        ),
        _row(f"first frame, {label}, opened before", f"{warm_s:.2f} s", "goal 1.5 s"),
        _row(
            "resident memory of the explorer on it, settled (first open / opened before)",
            f"{first.rss_mb:.0f} MB / {settled.rss_mb:.0f} MB",
            "goal 300 MB",
        ),
        _row("peak memory, `crisis-tui validate` of it", f"{validate:.0f} MB", "goal 350 MB"),
        _row("cache kept for it", f"{cache_mb:.1f} MB", ""),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="interleaved runs on the bundled story")
    parser.add_argument("--big-runs", type=int, default=3, help="runs of each big-story open")
    parser.add_argument("--yaml-runs", type=int, default=1, help="runs of PyYAML on the big story")
    parser.add_argument("--quotes", type=int, default=100_000, help="0: skip the big story")
    parser.add_argument("--write", action="store_true", help="put the table into README.md")
    args = parser.parse_args(argv)
    compile_bytecode()
    with tempfile.TemporaryDirectory() as home:
        env = {
            "TERM": "xterm-256color",
            "XDG_CONFIG_HOME": f"{home}/config",
            "XDG_CACHE_HOME": f"{home}/cache",
            "XDG_DATA_HOME": f"{home}/data",  # the caches' key, kept out of the real home
        }
        _tmux("new-session", "-d", "-s", "keep", "sleep", "3600")  # keeps the server warm
        try:
            rows = bundled_rows(env, args.runs, Path(home))
            if args.quotes:
                rows += big_story_rows(env, args.quotes, args.big_runs, args.yaml_runs, Path(home))
        finally:
            subprocess.run(["tmux", "-L", SOCKET, "kill-server"], check=False)
    result = "\n".join(
        [
            "| what | crisis-tui | anchor | ratio |",
            "| --- | ---: | --- | ---: |",
            *rows,
        ]
    )
    how = (
        f"tmux 80x24, medians of {args.runs} interleaved runs "
        f"({args.big_runs} of each big-story open)."
    )
    publish("startup", how, result, write=args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
