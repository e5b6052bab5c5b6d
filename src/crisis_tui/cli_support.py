"""What every command does with a story argument: find it, load it, or explain why not."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from crisis_tui.launch import checked_service
from crisis_tui.loader.diagnostics import did_you_mean
from crisis_tui.model import Kind, kind_named
from crisis_tui.model.kinds import kind_words
from crisis_tui.story_service import StoryService
from crisis_tui.text import visible

if TYPE_CHECKING:
    from crisis_tui.story_cache import StoryCache

STORY_HELP = "Story file (YAML, crisis-story/1). Default: the bundled 30 April 2019 story."


def story_option() -> click.Option:
    """``--story STORY``, shared by every subcommand."""
    return click.Option(
        ["--story", "story_path"],
        type=click.Path(path_type=Path, dir_okay=True),
        default=None,
        metavar="STORY",
        help=STORY_HELP,
    )


def story_service(
    path: Path | None, *, failure_status: int = 1, cache: StoryCache | None = None
) -> StoryService:
    """The story a command works on: the one its caller already holds, else the file.

    A caller that holds the story (the server, answering a command sent over
    SSH) passes its :class:`StoryService` as the click context's ``obj``;
    then no file is read. Otherwise the story is loaded as by
    :func:`~crisis_tui.launch.checked_service`, exiting with ``failure_status``
    if it is invalid.
    """
    held = click.get_current_context().find_object(StoryService)
    if held is not None:
        return held
    return checked_service(path, cache=cache, failure_status=failure_status)


class KindChoice(click.ParamType):  # type: ignore[type-arg]  # generic in newer click only
    """``--kind``: a kind of record by its word for one or for many (``quote``, ``quotes``).

    Converts to the :class:`Kind`; anything else is refused with the words
    that would do and the closest of them.
    """

    name = "kind"

    def __init__(self, kinds: tuple[Kind, ...], *, everything: str | None = None) -> None:
        """Accept any of ``kinds``, and ``everything`` (e.g. "all") meaning no one kind."""
        self.kinds = kinds
        self.everything = everything

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        words = [kind.singular for kind in self.kinds]
        if self.everything:
            words.append(self.everything)
        return f"[{'|'.join(words)}]"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> Kind | None:
        if isinstance(value, Kind) or value is None:
            return value
        word = str(value)
        if self.everything is not None and word.strip().lower() == self.everything:
            return None
        kind = kind_named(word)
        if kind in self.kinds:
            return kind
        choices = [*kind_words(self.kinds), *([self.everything] if self.everything else [])]
        what = "is not a kind" if kind is None else "cannot be chosen here"
        self.fail(
            f"{visible(word, keep_newlines=False)!r} {what}: choose one of "
            f"{', '.join(choices)}{did_you_mean(word, choices)}",
            param,
            ctx,
        )
        return None  # not reached: fail() raises
