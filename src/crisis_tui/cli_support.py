"""What every command does with a story argument: find it, load it, or explain why not."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from crisis_tui.loader import LoadedStory, StoryError, bundled_story_path, load_story
from crisis_tui.model import Story

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


def load_checked(path: Path | None, cache: StoryCache | None = None) -> LoadedStory:
    """Load the story (through ``cache`` if given) or print its diagnostics and exit with 1."""
    chosen = path or bundled_story_path()
    try:
        return cache.load(chosen) if cache is not None else load_story(chosen)
    except StoryError as error:
        for diagnostic in error.diagnostics:
            click.echo(str(diagnostic), err=True)
        raise SystemExit(1) from None


def load_or_exit(path: Path | None) -> Story:
    """The story alone, for commands that have no use for warnings."""
    return load_checked(path).story
