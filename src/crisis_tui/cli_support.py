"""What every command does with a story argument: find it, load it, or explain why not."""

from __future__ import annotations

from pathlib import Path

import click

from crisis_tui.loader import LoadedStory, StoryError, bundled_story_path, load_story
from crisis_tui.loader.diagnostics import shown_lines
from crisis_tui.model import Story

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


def load_or_exit(path: Path | None) -> Story:
    """The story alone, for commands that have no use for warnings."""
    return load_checked(path).story
