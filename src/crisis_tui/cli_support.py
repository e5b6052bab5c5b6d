"""What every command does with a story argument: find it, load it, or explain why not."""

from __future__ import annotations

from pathlib import Path

import click

from crisis_tui.loader import LoadedStory, StoryError, bundled_story_path, load_story
from crisis_tui.loader.diagnostics import shown_lines
from crisis_tui.story_service import StoryService

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


def load_checked(path: Path | None) -> LoadedStory:
    """Load the story or print its diagnostics to stderr and exit with status 1."""
    try:
        return load_story(path or bundled_story_path())
    except StoryError as error:
        for line in shown_lines(error.diagnostics):
            click.echo(line, err=True)
        raise SystemExit(1) from None


def story_service(path: Path | None) -> StoryService:
    """The story a command works on: the one its caller already holds, else the file.

    A caller that holds the story (the server, answering a command sent over
    SSH) passes its :class:`StoryService` as the click context's ``obj``;
    then no file is read. Otherwise the story is loaded as by
    :func:`load_checked`.
    """
    held = click.get_current_context().find_object(StoryService)
    if held is not None:
        return held
    chosen = path or bundled_story_path()
    return StoryService(chosen, load_checked(chosen))
