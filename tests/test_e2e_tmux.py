"""The installed ``crisis-tui`` command in a real terminal (tmux at 80x24), as a person sees it.

Skipped when tmux or the command is not installed. Uses its own tmux socket
so it never touches anyone's sessions, and polls the screen with a timeout
instead of sleeping for fixed times.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_terminal import TMUX, Terminal, private_socket

COMMAND = shutil.which("crisis-tui") or shutil.which(
    "crisis-tui", path=str(Path(sys.executable).parent)
)

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.skipif(COMMAND is None, reason="the crisis-tui command is not installed"),
]


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    assert COMMAND is not None
    term = Terminal(private_socket("crisis-tui-e2e"), "explorer")
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
    terminal.wait_for("╭─ 3 Quotes", "“People of Venezuela, the end of the usurpation has begun,”")

    terminal.keys("q")
    terminal.wait_until(lambda: not terminal.alive(), "the explorer to quit")
