"""Problems found in a story file, each pinned to the line a reader must fix."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from typing import NamedTuple

from crisis_tui.text import visible


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


# A named tuple, not a dataclass: a tenth of the cost to define, and it is
# defined before the explorer's first frame.
class Diagnostic(NamedTuple):
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
    """A story could not be loaded; ``diagnostics`` says every reason why.

    The message is written out only when asked for: a command shows the
    first few hundred lines of a file with many thousand mistakes, and
    should not pay for formatting the rest.
    """

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__()

    def __str__(self) -> str:
        return "\n".join(str(diagnostic) for diagnostic in self.diagnostics)


def file_error(name: str, message: str) -> StoryError:
    """A StoryError about the file as a whole (unreadable, empty, not YAML), at no line."""
    return StoryError([Diagnostic(name, 0, 0, Severity.ERROR, message)])


MAX_SHOWN = 200
"""Diagnostics printed for one file; past this many, more lines help nobody fix it."""


def shown_lines(diagnostics: Sequence[Diagnostic], limit: int = MAX_SHOWN) -> list[str]:
    """The first ``limit`` diagnostics as lines, then one line counting the rest."""
    lines = [str(diagnostic) for diagnostic in diagnostics[:limit]]
    hidden = diagnostics[limit:]
    if hidden:
        errors = sum(d.severity is Severity.ERROR for d in hidden)
        warnings = len(hidden) - errors
        if not warnings:
            lines.append(f"… and {errors:,} more {_plural(errors, 'error')}")
        elif not errors:
            lines.append(f"… and {warnings:,} more {_plural(warnings, 'warning')}")
        else:
            lines.append(
                f"… and {len(hidden):,} more ({errors:,} {_plural(errors, 'error')}, "
                f"{warnings:,} {_plural(warnings, 'warning')})"
            )
    return lines


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"


class NearMatches:
    """Did-you-mean over one list of choices, prepared once and asked many times.

    Each lookup compares the word with every choice, so the choices are
    normalised here once rather than on every call.
    """

    def __init__(self, choices: Iterable[str | None]) -> None:
        from rapidfuzz import utils  # only a file with a mistake pays for importing it

        self._choices = [choice for choice in choices if choice]
        self._normalised = [utils.default_process(choice) for choice in self._choices]

    def hint(self, word: str) -> str:
        """A ' did you mean …?' suffix naming the closest choice, or nothing."""
        best = self.closest(word)
        return f"; did you mean '{best}'?" if best is not None else ""

    def closest(self, word: str) -> str | None:
        """The choice most like ``word``, if any is like it at all."""
        if not word:
            return None
        from rapidfuzz import fuzz, process, utils

        best = process.extractOne(
            utils.default_process(word),
            self._normalised,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=60,
        )
        return self._choices[best[2]] if best else None


def did_you_mean(word: str, choices: Iterable[str | None]) -> str:
    """A ' did you mean …?' suffix naming the closest choice, or nothing."""
    return NearMatches(choices).hint(word)


def closest(word: str, choices: Iterable[str | None]) -> str | None:
    """The choice most like ``word``, if any is like it at all."""
    return NearMatches(choices).closest(word)
