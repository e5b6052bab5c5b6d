"""A terminal for end-to-end tests: one tmux session on a private socket, driven by keys.

Shared by the tests of the installed command and of the SSH server; it polls
the screen with a timeout instead of sleeping for fixed times.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable

import pytest

TMUX = shutil.which("tmux")
TIMEOUT = 20.0


def private_socket(prefix: str) -> str:
    """A tmux socket name no one else uses, so no one's sessions are touched."""
    return f"{prefix}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


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
