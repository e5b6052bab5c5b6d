"""What a reader over SSH pays for each action: the bytes a terminal receives, counted from a pty.

    python benchmarks/wire_bytes.py [--runs 3] [--idle 5] [--write]

Each app runs in its own pseudo-terminal (80x24, ``TERM=xterm-256color``)
that answers Textual's query for synchronized output as a modern terminal
does, so every frame arrives between a begin and an end marker and frames
can be counted, not guessed. After each action the script reads until the
app has been quiet for a while and reports the bytes and frames received:

- first screen: from launch until the first screen is drawn and settled;
- ``/``: opening the search (crisis-tui only);
- idle: with the search still open, bytes per second over ``--idle`` seconds;
- ``?`` and ``ctrl+p``: opening the help and the command palette (crisis-tui only);
- resize to 100x30, and back to 80x24 (after closing the search);
- ``j``: moving the list's cursor one row.

The anchor is a bare Textual OptionList app (``bare_apps.py option-list``).
Medians of ``--runs`` runs; ``--write`` puts the table into README.md.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from installed import compile_bytecode
from readme_tables import publish

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
SYNC_START = b"\x1b[?2026h"
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_SUPPORTED = b"\x1b[?2026;2$y"
QUIET = 0.5
"""Seconds without a byte after which an action's output is taken to be complete."""
FIRST_QUIET = 1.5
"""Start-up may pause longer between frames (loading the story, indexing)."""


@dataclass(frozen=True, slots=True)
class Received:
    """Bytes and frames the terminal received for one action."""

    size: int
    frames: int


class Terminal:
    """A pseudo-terminal with one app running in it, read from the master side."""

    def __init__(self, command: Sequence[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        self._set_size(slave, 80, 24)
        self.process = subprocess.Popen(
            command,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(slave)

    @staticmethod
    def _set_size(fd: int, columns: int, rows: int) -> None:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def resize(self, columns: int, rows: int) -> None:
        """Change the window size; the kernel tells the app with SIGWINCH."""
        self._set_size(self.master, columns, rows)

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def read_until_quiet(
        self, quiet: float = QUIET, limit: float = 30.0, first_wait: float | None = None
    ) -> Received:
        """Everything the app writes until it has been quiet for ``quiet`` seconds.

        ``first_wait`` gives the app longer to write its first byte (start-up).
        """
        data = bytearray()
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            wait = first_wait if first_wait is not None and not data else quiet
            ready, _, _ = select.select([self.master], [], [], wait)
            if not ready:
                break
            data += self._read()
        return self._received(data)

    def read_for(self, seconds: float) -> Received:
        """Everything the app writes in the next ``seconds``, however steadily it writes."""
        data = bytearray()
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                data += self._read()
        return self._received(data)

    def _read(self) -> bytes:
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return b""
        if SYNC_QUERY in chunk:
            os.write(self.master, SYNC_SUPPORTED)
        return chunk

    @staticmethod
    def _received(data: bytes | bytearray) -> Received:
        return Received(len(data), data.count(SYNC_START))

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.master)


ACTIONS = (
    "first screen",
    "/ (open search)",
    "idle, search open",
    "? (open help)",
    "ctrl+p (open palette)",
    "resize to 100x30",
    "resize back to 80x24",
    "j",
)


def measure(
    command: Sequence[str], env: dict[str, str], idle: float, search: bool
) -> dict[str, Received]:
    """One run of every action, in order, for one app."""
    terminal = Terminal(command, env)
    results: dict[str, Received] = {}
    try:
        results["first screen"] = terminal.read_until_quiet(
            FIRST_QUIET, limit=120.0, first_wait=60.0
        )
        if search:
            terminal.send(b"/")
            results["/ (open search)"] = terminal.read_until_quiet()
            idle_bytes = terminal.read_for(idle)
            results["idle, search open"] = Received(
                round(idle_bytes.size / idle), idle_bytes.frames
            )
            terminal.send(b"\x1b")
            terminal.read_until_quiet()
            for action, key in (("? (open help)", b"?"), ("ctrl+p (open palette)", b"\x10")):
                terminal.send(key)
                results[action] = terminal.read_until_quiet()
                terminal.send(b"\x1b")
                terminal.read_until_quiet()
        terminal.resize(100, 30)
        results["resize to 100x30"] = terminal.read_until_quiet()
        terminal.resize(80, 24)
        results["resize back to 80x24"] = terminal.read_until_quiet()
        terminal.send(b"j")
        results["j"] = terminal.read_until_quiet()
    finally:
        terminal.close()
    return results


def medians(runs: list[dict[str, Received]]) -> dict[str, Received]:
    return {
        action: Received(
            round(statistics.median(run[action].size for run in runs)),
            round(statistics.median(run[action].frames for run in runs)),
        )
        for action in runs[0]
    }


def _size(received: Received | None, unit: str = "") -> str:
    if received is None:
        return "–"
    amount = f"{received.size / 1000:.1f} KB" if received.size >= 1000 else f"{received.size} B"
    return f"{amount}{unit} ({received.frames} frame{'s' if received.frames != 1 else ''})"


def table(ours: dict[str, Received], bare: dict[str, Received]) -> str:
    rows = [
        "| action | crisis-tui | bare Textual OptionList | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for action in ACTIONS:
        mine, anchor = ours.get(action), bare.get(action)
        unit = "/s" if action.startswith("idle") else ""
        ratio = f"{mine.size / anchor.size:.2f}×" if mine and anchor and anchor.size else "–"
        rows.append(f"| {action} | {_size(mine, unit)} | {_size(anchor, unit)} | {ratio} |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--idle", type=float, default=5.0, help="seconds idle with search open")
    parser.add_argument("--write", action="store_true", help="put the table into README.md")
    args = parser.parse_args(argv)
    compile_bytecode()
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "XDG_CONFIG_HOME": f"{home}/config",
            "XDG_CACHE_HOME": f"{home}/cache",
            "XDG_DATA_HOME": f"{home}/data",
        }
        env.pop("TMUX", None)
        ours_command = [str(VENV_BIN / "crisis-tui")]
        bare_command = [sys.executable, str(HERE / "bare_apps.py"), "option-list"]
        ours_runs, bare_runs = [], []
        for _ in range(args.runs):  # interleaved, so load on the machine hits both alike
            ours_runs.append(measure(ours_command, env, args.idle, search=True))
            bare_runs.append(measure(bare_command, env, args.idle, search=False))
    result = table(medians(ours_runs), medians(bare_runs))
    how = f"medians of {args.runs} interleaved runs, idle over {args.idle:g} s."
    publish("wire", how, result, write=args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
