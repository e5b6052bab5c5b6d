"""The ``crisis-tui`` command: the explorer at once when run bare, the command line otherwise.

Most readers start the explorer with no arguments, and that needs no
command-line parser. Click alone cost the first frame some 6 ms to import,
so it is loaded only when there are arguments to parse (:mod:`crisis_tui.cli`).
Everything here works without it.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from crisis_tui.loader import StoryError, bundled_story_path, load_story
from crisis_tui.loader.diagnostics import shown_lines
from crisis_tui.story_service import StoryService

if TYPE_CHECKING:
    from crisis_tui.story_cache import StoryCache


def main(arguments: Sequence[str] | None = None) -> None:
    """Run ``crisis-tui`` with ``arguments`` (default: the process's own)."""
    given = list(sys.argv[1:] if arguments is None else arguments)
    if given:
        from crisis_tui.cli import main as command_line

        command_line(given)
    else:
        try:
            explore(None)
        except KeyboardInterrupt:  # ctrl+c while the story loads: as click answers it
            print("\nAborted!", file=sys.stderr)
            raise SystemExit(1) from None


def explore(story: Path | None, *, theme: str | None = None) -> None:
    """Open the explorer on ``story`` (default: the bundled story), or say why it cannot."""
    # Start-up builds long-lived objects and almost no garbage: collecting now
    # only delays the first frame. The app freezes what it built and turns
    # the collector back on once that frame is drawn.
    gc.disable()
    from crisis_tui.story_cache import StoryCache

    cache = StoryCache.default()
    cache.saving_allowed.clear()  # the story is shown first, then its cache is written
    service = checked_service(story, cache=cache)
    from crisis_tui.app import make_app

    make_app(service=service, theme=theme, when_shown=cache.saving_allowed.set).run()


def checked_service(
    path: Path | None, *, cache: StoryCache | None = None, failure_status: int = 1
) -> StoryService:
    """The story file ``path`` (None: the bundled story), read through ``cache`` if given.

    If it has problems, they are printed and the process exits with
    ``failure_status``: a command whose status 1 already means something
    else (``search``: no hits) fails with another.
    """
    chosen = path or bundled_story_path()
    try:
        loaded = cache.load(chosen) if cache is not None else load_story(chosen)
    except StoryError as error:
        for line in shown_lines(error.diagnostics):
            print(line, file=sys.stderr)
        raise SystemExit(failure_status) from None
    return StoryService(chosen, loaded)
