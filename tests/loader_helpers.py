"""Shared helpers for the model, loader, export and command-line tests.

Plain functions and constants rather than pytest fixtures, so every test file
can import them explicitly (``from loader_helpers import ...``) and mypy sees
their types.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
from click.testing import CliRunner, Result

from crisis_tui.cli import main
from crisis_tui.loader import Diagnostic, LoadedStory, Severity, StoryError, load_story_text

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
MINIMAL = VALID / "minimal.yaml"
DATES = VALID / "dates.yaml"
WARNINGS = VALID / "warnings.yaml"
BUNDLED = REPO / "data" / "venezuela-2019-04-30.yaml"
BUNDLED_PARAGRAPHS = 39
"""The bundled story's report has 39 paragraphs; every citation of it falls inside."""

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def run_cli(*args: str) -> Result:
    """``crisis-tui ARGS`` in this process; it may fail, but never with a traceback."""
    result = CliRunner().invoke(main, list(args), prog_name="crisis-tui")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


def bundled_path() -> Path:
    """The repository's bundled story (the test is skipped where a checkout lacks it)."""
    if not BUNDLED.is_file():
        pytest.skip("data/venezuela-2019-04-30.yaml is not written yet")
    return BUNDLED


def minimal_text() -> str:
    """The minimal valid story every invalid fixture derives from."""
    return MINIMAL.read_text(encoding="utf-8")


def replace_once(text: str, old: str, new: str) -> str:
    """``text`` with the single occurrence of ``old`` replaced; fails loudly otherwise."""
    assert text.count(old) == 1, f"expected exactly one {old!r} in the story text"
    return text.replace(old, new)


def load_text(text: str, name: str = "story.yaml") -> LoadedStory:
    return load_story_text(text, name)


def diagnostics_of(text: str, name: str = "story.yaml") -> list[Diagnostic]:
    """Every diagnostic the loader raises for ``text`` (it must refuse it)."""
    with pytest.raises(StoryError) as raised:
        load_story_text(text, name)
    return list(raised.value.diagnostics)


def errors_of(text: str, name: str = "story.yaml") -> list[Diagnostic]:
    return [d for d in diagnostics_of(text, name) if d.severity is Severity.ERROR]


def messages(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.message for d in diagnostics]


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail (rather than hang) if the body runs longer than ``seconds``.

    Uses SIGALRM, so it only guards the main thread on Unix; elsewhere it is a
    no-op and the test still checks the result.
    """
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
