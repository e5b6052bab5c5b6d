"""``crisis-tui serve`` measured: session start, memory per session, and twenty readers at once.

    .venv/bin/python benchmarks/serve.py [--load-seconds 30] [--runs 5]

Session start is ``ssh -tt`` from launch to the first frame (the tab bar
drawn), against ``crisis-tui STORY`` started locally on a terminal of the
same size, on the bundled story and on a generated 100,000-quote story.
Memory is each session process's private memory (USS: Private_Clean +
Private_Dirty of ``/proc/PID/smaps_rollup``). The load test drives sessions
with asyncssh's client on a pty, each pressing a navigation key every
200 ms, and times each key to the first byte of the screen's answer.
Everything binds 127.0.0.1 on a free port and is stopped and reaped after.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
from generate_story import generate_story_yaml
from installed import compile_bytecode

from crisis_tui.loader import bundled_story_path

MARKER = b"1 Timeline"
"""Drawn in the first frame at 80x24, whatever the story."""
SIZE = (80, 24)
KEYS = b"jk"
"""Alternating down and up: every key moves the cursor, so every key redraws."""


def _command() -> str:
    found = shutil.which("crisis-tui", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit("install the package first: the crisis-tui command is missing")
    return found


def _ssh_options(port: int) -> list[str]:
    return [
        "-F",
        "/dev/null",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "BatchMode=yes",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "IdentityAgent=none",
        "-p",
        str(port),
    ]


def first_frame_seconds(argv: Sequence[str], environment: dict[str, str]) -> float:
    """Seconds from launch until the first frame shows on a fresh 80x24 terminal."""
    ours, theirs = os.openpty()
    fcntl.ioctl(theirs, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=theirs, stdout=theirs, stderr=theirs, env=environment, start_new_session=True
    )
    os.close(theirs)
    seen = b""
    try:
        while MARKER not in seen:
            if not select.select([ours], [], [], 120)[0]:
                raise RuntimeError(f"no first frame from {argv[0]}")
            seen += os.read(ours, 65536)
        elapsed = time.perf_counter() - started
        os.write(ours, b"q")
        deadline = time.monotonic() + 20
        while process.poll() is None and time.monotonic() < deadline:
            if select.select([ours], [], [], 0.1)[0]:
                with suppress(OSError):
                    os.read(ours, 65536)
        return elapsed
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(ours)


def uss_mb(pid: int) -> float:
    """Private memory of a process, in MB."""
    private = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith(("Private_Clean:", "Private_Dirty:")):
            private += int(line.split()[1])
    return private / 1024


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def descendants(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    found = []
    for child in map(int, children):
        found += [child, *descendants(child)]
    return found


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    log: Path
    port: int = 0

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def session_pids(self) -> list[int]:
        return [int(pid) for pid in re.findall(r"session started .*?pid=(\d+)", self.text())]


@contextmanager
def server(story: Path, directory: Path, *options: str) -> Iterator[Server]:
    log = directory / f"serve-{time.monotonic_ns()}.log"
    environment = {**os.environ, "XDG_DATA_HOME": str(directory / "data")}
    with log.open("wb") as output:
        process = subprocess.Popen(
            [_command(), "serve", str(story), "--port", "0", *options],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=environment,
        )
    running = Server(process, log)
    try:
        deadline = time.monotonic() + 300
        while not (found := re.search(r"listening address=127\.0\.0\.1:(\d+)", running.text())):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{running.text()}")
            time.sleep(0.05)
        running.port = int(found[1])
        yield running
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class StartRow:
    story: str
    local: float
    served: float
    uss: list[float] = field(default_factory=list)


def measure_start(name: str, story: Path, runs: int, directory: Path) -> StartRow:
    """Local and served first frames, side by side, and the USS of a few sessions."""
    environment = {
        **os.environ,
        "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": str(directory / "config"),
    }
    local = [first_frame_seconds([_command(), str(story)], environment) for _ in range(runs)]
    with server(story, directory, "--max-per-address", "20", "--max-sessions", "40") as running:
        ssh = [shutil.which("ssh") or "ssh", "-tt", *_ssh_options(running.port), "127.0.0.1"]
        served = [first_frame_seconds(ssh, environment) for _ in range(runs)]
        uss = asyncio.run(_session_memory(running, count=4))
    return StartRow(
        name,
        statistics.median(local),
        statistics.median(served),
        uss,
    )


async def _connect(port: int) -> asyncssh.SSHClientConnection:
    return await asyncssh.connect(
        "127.0.0.1",
        port,
        known_hosts=None,
        username="reader",
        client_keys=None,
        agent_path=None,
        password=None,
    )


async def _open_session(
    port: int,
) -> tuple[asyncssh.SSHClientConnection, asyncssh.SSHClientProcess[bytes]]:
    connection = await _connect(port)
    process = await connection.create_process(
        term_type="xterm-256color", term_size=SIZE, encoding=None
    )
    seen = b""
    while MARKER not in seen:
        seen += await asyncio.wait_for(process.stdout.read(65536), 60)
    return connection, process


async def _session_memory(running: Server, count: int) -> list[float]:
    """USS of ``count`` sessions open at once, after each showed its first frame."""
    before = len(running.session_pids())
    sessions = [await _open_session(running.port) for _ in range(count)]
    await asyncio.sleep(1.0)
    pids = running.session_pids()[before:]
    sizes = [uss_mb(pid) for pid in pids]
    for connection, process in sessions:
        process.stdin.write(b"q")
        await process.wait_closed()
        connection.close()
    return sizes


@dataclass
class LoadResult:
    latencies: list[float]
    failed: int
    keys: int
    bytes_received: int
    rss_start: float
    rss_first: float
    rss_end: float
    zygote_rss: float
    children_left: int


async def _reader(port: int, seconds: float, latencies: list[float], totals: list[int]) -> None:
    connection, process = await _open_session(port)
    try:
        ends = time.monotonic() + seconds
        index = 0
        while time.monotonic() < ends:
            key = KEYS[index % len(KEYS) : index % len(KEYS) + 1]
            index += 1
            sent = time.perf_counter()
            process.stdin.write(key)
            answer = await asyncio.wait_for(process.stdout.read(65536), 10)
            latencies.append(time.perf_counter() - sent)
            totals[0] += 1
            totals[1] += len(answer)
            await asyncio.sleep(max(0.0, 0.2 - (time.perf_counter() - sent)))
            while True:  # the rest of that frame, if it came in pieces
                try:
                    more = await asyncio.wait_for(process.stdout.read(65536), 0.001)
                except TimeoutError:
                    break
                totals[1] += len(more)
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait_closed(), 10)
    finally:
        connection.close()


async def _load(running: Server, readers: int, seconds: float) -> LoadResult:
    latencies: list[float] = []
    totals = [0, 0]
    server_pid = running.process.pid
    rss_start = rss_mb(server_pid)
    tasks = [
        asyncio.create_task(_reader(running.port, seconds, latencies, totals))
        for _ in range(readers)
    ]
    await asyncio.sleep(min(seconds / 3, 20))
    rss_first = rss_mb(server_pid)
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    rss_end = rss_mb(server_pid)
    zygote = descendants(server_pid)
    return LoadResult(
        latencies,
        sum(isinstance(outcome, BaseException) for outcome in outcomes),
        totals[0],
        totals[1],
        rss_start,
        rss_first,
        rss_end,
        rss_mb(zygote[0]) if zygote else 0.0,
        0,
    )


def measure_load(story: Path, readers: int, seconds: float, directory: Path) -> LoadResult:
    with server(
        story,
        directory,
        "--max-per-address",
        "40",
        "--max-sessions",
        "40",
        "--connections-per-minute",
        "200",
    ) as running:
        result = asyncio.run(_load(running, readers, seconds))
        before_stop = descendants(running.process.pid)
    time.sleep(0.5)
    result.children_left = sum(Path(f"/proc/{pid}").exists() for pid in before_stop)
    return result


def local_bytes_per_key(story: Path, keys: int, directory: Path) -> float:
    """Bytes a local explorer writes per navigation key, on the same 80x24 terminal."""
    environment = {
        **os.environ,
        "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": str(directory / "config"),
    }
    ours, theirs = os.openpty()
    fcntl.ioctl(theirs, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    process = subprocess.Popen(
        [_command(), str(story)],
        stdin=theirs,
        stdout=theirs,
        stderr=theirs,
        env=environment,
        start_new_session=True,
    )
    os.close(theirs)
    seen = b""
    try:
        while MARKER not in seen:
            select.select([ours], [], [], 60)
            seen += os.read(ours, 65536)
        time.sleep(1.0)
        while select.select([ours], [], [], 0.2)[0]:
            os.read(ours, 65536)
        total = 0
        for index in range(keys):
            os.write(ours, KEYS[index % 2 : index % 2 + 1])
            deadline = time.monotonic() + 0.2
            while (left := deadline - time.monotonic()) > 0:
                if select.select([ours], [], [], left)[0]:
                    total += len(os.read(ours, 65536))
        return total / keys
    finally:
        process.kill()
        process.wait()
        os.close(ours)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--load-seconds", type=float, default=30.0)
    parser.add_argument("--quotes", type=int, default=100_000)
    options = parser.parse_args(argv)
    compile_bytecode()
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        large = directory / f"story-{options.quotes}.yaml"
        large.write_text(generate_story_yaml(options.quotes), encoding="utf-8")
        rows = [
            measure_start("bundled", bundled_story_path(), options.runs, directory),
            measure_start(
                f"{options.quotes:,} quotes", large, max(2, options.runs // 2), directory
            ),
        ]
        load = measure_load(bundled_story_path(), options.readers, options.load_seconds, directory)
        local_per_key = local_bytes_per_key(bundled_story_path(), 40, directory)
    print("#### Session start and memory\n")
    print(
        "| story | local first frame | served first frame (ssh -tt) | served / local "
        "| USS per session |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(
            f"| {row.story} | {row.local:.3f} s | {row.served:.3f} s | {row.served / row.local:.2f}× "
            f"| {statistics.median(row.uss):.1f} MB (of {', '.join(f'{u:.1f}' for u in row.uss)}) |"
        )
    latencies = sorted(load.latencies)
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else float("nan")
    growth = (load.rss_end - load.rss_first) / load.rss_first * 100 if load.rss_first else 0.0
    print(
        f"\n#### {options.readers} readers at once, a key every 200 ms for {options.load_seconds:.0f} s\n"
    )
    print(
        "| keys | p50 key → first byte | p95 | sessions failed "
        "| server RSS start, after a third, end | growth | pre-loaded process RSS "
        "| children left | bytes per key served, local |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {load.keys:,} | {p50:.1f} ms | {p95:.1f} ms | {load.failed} "
        f"| {load.rss_start:.0f}, {load.rss_first:.0f}, {load.rss_end:.0f} MB | {growth:+.1f}% "
        f"| {load.zygote_rss:.0f} MB | {load.children_left} "
        f"| {load.bytes_received / max(load.keys, 1):.0f}, {local_per_key:.0f} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
