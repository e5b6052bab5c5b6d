"""What the explorer does before its first frame: only what that frame needs.

Everything imported or collected before the first screen is time the reader
spends looking at an empty terminal; the search engine, the overlays and the
exports can come later, and the garbage collector has nothing to find yet.
"""

from __future__ import annotations

import gc
import subprocess
import sys

from test_explorer_support import bundled_app

from crisis_tui.loader import bundled_story_path
from crisis_tui.story_cache import StoryCache

NEVER_FOR_VALIDATE = (
    "rapidfuzz",
    "crisis_tui.search",
    "crisis_tui.screens.search",
    "crisis_tui.screens.help",
)
LATER = (
    *NEVER_FOR_VALIDATE,
    "crisis_tui.loader.checker",  # a story opened before is read back from the cache
    "crisis_tui.loader.builder",
)
NOT_FOR_A_CACHED_STORY = (
    "yaml",
    "_yaml",
    "crisis_tui.loader.yamlsource",
    "crisis_tui.loader.nodes",
    "crisis_tui.loader.spec",  # the declarations of every field, which the checker walks
    "encodings.utf_8_sig",  # a byte-order mark is dropped without this codec
)
"""What parsing and checking a story's text needs: a story read back from the cache, none of it."""


def test_the_explorer_starts_without_importing_search_or_overlays() -> None:
    probe = (
        "import sys, crisis_tui.cli, crisis_tui.app\n"
        f"early = sorted(m for m in sys.modules if m.startswith({LATER!r}))\n"
        "print(' '.join(early))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == []


def test_a_story_opened_before_starts_the_explorer_without_the_yaml_parser_or_click() -> None:
    """The usual start, ``crisis-tui`` alone: the bundled story, read back from the cache its
    last opening wrote, and no command-line parser, as there is nothing to parse."""
    cache = StoryCache.default()  # the test's own XDG homes, which the probe inherits
    cache.load(bundled_story_path())
    assert cache.saving is not None
    cache.saving.join()
    probe = (
        "import sys\n"
        "from textual.app import App\n"
        "shown = []\n"
        "App.run = lambda app, *args, **kwargs: shown.append(app.service.story.info.title)\n"
        "from crisis_tui.launch import main\n"
        "main([])\n"
        "print(shown)\n"
        f"unneeded = {NOT_FOR_A_CACHED_STORY + LATER + ('click',)!r}\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(unneeded))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    shown, imported = result.stdout.splitlines()
    assert "Venezuela" in shown
    assert imported == ""


def test_validate_imports_no_exporter_schema_or_search_for_a_valid_story() -> None:
    """``validate`` runs in a fresh process each time: every import is paid on every run."""
    probe = (
        "import sys\n"
        "from crisis_tui.cli import main\n"
        "try:\n"
        "    main(['validate'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "unneeded = ('crisis_tui.export', 'crisis_tui.schema', *" + repr(NEVER_FOR_VALIDATE) + ")\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(unneeded))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    *_, imported = result.stdout.splitlines()
    assert imported == ""


async def test_the_collector_runs_again_once_the_first_frame_is_drawn() -> None:
    """The command starts the explorer with the collector off; the app turns it back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        app = bundled_app()
        async with app.run_test() as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0, "what start-up built is frozen, not collected"
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()
        else:
            gc.disable()


def test_interrupting_a_bare_start_says_aborted_without_a_traceback() -> None:
    probe = (
        "from crisis_tui import launch\n"
        "def interrupted(story, theme=None):\n"
        "    raise KeyboardInterrupt\n"
        "launch.explore = interrupted\n"
        "launch.main([])\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == "\nAborted!\n", "as click says it, on a line of its own"
