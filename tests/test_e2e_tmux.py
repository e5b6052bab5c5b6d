"""The installed ``crisis-tui`` command in a real terminal (tmux at 80x24), as a person sees it.

Skipped when tmux or the command is not installed. Uses its own tmux socket
so it never touches anyone's sessions, and polls the screen with a timeout
instead of sleeping for fixed times.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
COMMAND = shutil.which("crisis-tui") or shutil.which(
    "crisis-tui", path=str(Path(sys.executable).parent)
)
TIMEOUT = 20.0

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.skipif(COMMAND is None, reason="the crisis-tui command is not installed"),
]


class Terminal:
    """One tmux session on a private socket, driven by keys and read by capture-pane."""

    def __init__(self, socket: str, session: str) -> None:
        self.socket = socket
        self.session = session

    def tmux(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        assert TMUX is not None
        return subprocess.run(
            [TMUX, "-L", self.socket, *arguments],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session).stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key)

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", self.session).returncode == 0

    def wait_until(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.05)
        pytest.fail(f"timed out waiting for {what}; the screen shows:\n{self.screen()}")

    def wait_for(self, *texts: str) -> str:
        self.wait_until(lambda: all(text in self.screen() for text in texts), repr(texts))
        return self.screen()


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    assert COMMAND is not None
    socket = f"crisis-tui-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    term = Terminal(socket, "explorer")
    environment = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "TERM": "xterm-256color"}
    command = shlex.join(["env", *(f"{k}={v}" for k, v in environment.items()), COMMAND])
    started = term.tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", "explorer", command)
    assert started.returncode == 0, started.stderr
    try:
        yield term
    finally:
        term.tmux("kill-server")


def test_a_person_can_read_the_story_and_reach_an_actor(terminal: Terminal) -> None:
    first = terminal.wait_for("Venezuela: Guaidó", "1 Timeline", "● Pro-Guaidó")
    assert "López held under house arrest" in first

    terminal.keys("3")
    terminal.wait_for("“People of Venezuela, the end of the usurpation has begun,”")

    terminal.keys("j", "j", "j", "j", "Enter")
    detail = terminal.wait_for("Said by", "Speaker (1)")
    assert "4 Detail" in detail

    terminal.keys("Enter")
    actor = terminal.wait_for("Actor · person", "Juan Guaidó", "Role")
    assert "Venezuelan opposition leader" in actor

    terminal.keys("BSpace", "BSpace")
    terminal.wait_for("1 Timeline", "López held under house arrest")

    terminal.keys("q")
    terminal.wait_until(lambda: not terminal.alive(), "the explorer to quit")
