"""Running ``crisis-tui serve`` and the real OpenSSH client in tests (this module holds no tests).

Every server binds 127.0.0.1 on a port the system picks, with its host key
and XDG directories under the test's temporary directory; every client
uses a temporary identity and ignores the user's own SSH configuration.
Whatever a test starts is stopped and reaped by the fixtures.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

SSH = shutil.which("ssh")
SSH_KEYGEN = shutil.which("ssh-keygen")
TIMEOUT = 20.0

needs_ssh = pytest.mark.skipif(
    SSH is None or SSH_KEYGEN is None, reason="the OpenSSH client (openssh-client) is not installed"
)

CRASHING_LAUNCHER = """
import os, sys
from crisis_tui.screens.main import MainScreen
from crisis_tui.cli import main

mount = MainScreen.on_mount

def on_mount(self):
    if os.environ.get("TERM") == "xterm-crash":
        raise RuntimeError("the explorer broke on purpose")
    mount(self)

MainScreen.on_mount = on_mount
sys.argv[0] = "crisis-tui"
main()
"""
"""``crisis-tui`` whose explorer raises when the client's TERM is ``xterm-crash``."""


def wait_until(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def alive(pid: int) -> bool:
    """Is the process there and not a zombie?"""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(word) for word in text.split()]


def descendants(pid: int) -> list[int]:
    found = []
    for child in children(pid):
        found += [child, *descendants(child)]
    return found


class Server:
    """One ``crisis-tui serve`` process, its log, and the port it listens on."""

    def __init__(self, process: subprocess.Popen[bytes], log: Path) -> None:
        self.process = process
        self.log_path = log
        self.port = 0

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, pattern: str, timeout: float = TIMEOUT) -> re.Match[str]:
        found: list[re.Match[str]] = []

        def seen() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"the server exited ({self.process.returncode}):\n{self.log()}")
            match = re.search(pattern, self.log())
            if match:
                found.append(match)
            return bool(match)

        wait_until(seen, f"{pattern!r} in the server log", timeout)
        return found[0]

    def session_pids(self) -> list[int]:
        return [int(pid) for pid in re.findall(r"session started .*?pid=(\d+)", self.log())]


class Client:
    """The OpenSSH client with a temporary identity, pointed at one server."""

    def __init__(self, home: Path, port: int, identity: Path) -> None:
        self.home = home
        self.port = port
        self.identity = identity

    def arguments(self, *extra: str, log_level: str = "ERROR") -> list[str]:
        assert SSH is not None
        return [
            SSH,
            "-F",
            "/dev/null",
            "-i",
            str(self.identity),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "IdentityAgent=none",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            f"LogLevel={log_level}",
            "-p",
            str(self.port),
            *extra,
        ]

    def run(self, *words: str, options: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
        """``ssh [options] 127.0.0.1 words...``, waited for."""
        return subprocess.run(
            [*self.arguments(*options), "127.0.0.1", *words],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )

    def session(self, *options: str, term: str = "xterm-256color") -> subprocess.Popen[bytes]:
        """An explorer session (``ssh -tt``) driven through pipes; the caller ends it."""
        return subprocess.Popen(
            [*self.arguments("-tt", *options), "127.0.0.1"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "TERM": term},
        )


def make_identity(directory: Path, name: str = "id_ed25519") -> Path:
    assert SSH_KEYGEN is not None
    path = directory / name
    subprocess.run(
        [SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)],
        check=True,
        timeout=TIMEOUT,
    )
    return path


@contextmanager
def running_server(
    tmp_path: Path, *options: str, launcher: str | None = None, story: Path | None = None
) -> Iterator[Server]:
    """``crisis-tui serve`` on 127.0.0.1 and a free port; stopped and reaped after."""
    log = tmp_path / f"server-{time.monotonic_ns()}.log"
    environment = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
    }
    program = ["-c", launcher] if launcher else ["-m", "crisis_tui"]
    command = [sys.executable, *program, "serve", "--host", "127.0.0.1", "--port", "0", *options]
    if story is not None:
        command.append(str(story))
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=environment
        )
    server = Server(process, log)
    try:
        server.port = int(server.wait_for_log(r"listening address=127\.0\.0\.1:(\d+)")[1])
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL; reaps the process and kills anything it left."""
    left = descendants(process.pid)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=8)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    for pid in left:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def end_client(process: subprocess.Popen[bytes]) -> tuple[str, str]:
    """Stop an ssh client if still running; its output."""
    if process.poll() is None:
        process.kill()
    out, err = process.communicate(timeout=TIMEOUT)
    return out.decode(errors="replace"), err.decode(errors="replace")
