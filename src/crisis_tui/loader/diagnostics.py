"""Problems found in a story file, each pinned to the line a reader must fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from rapidfuzz import fuzz, process, utils

from crisis_tui.text import visible


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, printed the way compilers do so editors can jump to it.

    The file name and the message may both hold text from outside (a name
    given on the command line, a value quoted from the story), so the whole
    line is made visible.
    """

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        return visible(f"{location}: {self.severity.value}: {self.message}", keep_newlines=False)


class StoryError(Exception):
    """A story could not be loaded; ``diagnostics`` says every reason why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(diagnostic) for diagnostic in diagnostics))


def did_you_mean(word: str, choices: Iterable[str | None]) -> str:
    """A ' did you mean …?' suffix naming the closest choice, or nothing."""
    if not word:
        return ""
    best = process.extractOne(
        word, choices, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=60
    )
    return f"; did you mean '{best[0]}'?" if best else ""
