"""``r`` reloads the story from disk, keeping the selection; a broken file keeps the old story."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from test_explorer_support import on_main_screen, screen_text
from textual.pilot import Pilot
from textual.widgets import Static

from crisis_tui.app import CrisisApp, make_app
from crisis_tui.loader import bundled_story_path
from crisis_tui.model import Actor
from crisis_tui.screens.errors import ErrorsScreen

ROLE = "role: Defence minister of Venezuela"


def _copy_of_the_bundled_story(tmp_path: Path) -> Path:
    path = tmp_path / "story.yaml"
    shutil.copy(bundled_story_path(), path)
    return path


async def _reload(app: CrisisApp, pilot: Pilot[None]) -> None:
    await pilot.press("r")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def _open_padrino(app: CrisisApp, pilot: Pilot[None]) -> Actor:
    padrino = app.story.get("vladimir-padrino")
    assert isinstance(padrino, Actor)
    app.main_screen.open_entity(padrino)
    await pilot.pause()
    return padrino


async def test_reload_picks_up_changes_and_keeps_the_selection(tmp_path: Path) -> None:
    path = _copy_of_the_bundled_story(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.main_screen
        old = await _open_padrino(app, pilot)
        await pilot.press("j", "j")
        link = screen.detail.link_position
        await pilot.press("f")
        text = path.read_text(encoding="utf-8")
        assert ROLE in text
        path.write_text(text.replace(ROLE, "role: Minister of Defence (edited)"), encoding="utf-8")

        await _reload(app, pilot)
        padrino = screen.current
        assert isinstance(padrino, Actor)
        assert padrino is not old, "the records come from the new file"
        assert padrino.role == "Minister of Defence (edited)"
        assert screen.active_view == "detail"
        assert screen.detail.link_position == link
        assert screen.filter_entity is padrino
        assert screen.pane("actors").cursor_entity is padrino
        assert "Minister of Defence (edited)" in screen_text(app)
        assert any("Reloaded" in str(n.message) for n in app._notifications)

        await pilot.press("backspace")
        await pilot.pause()
        assert screen.current is app.story.events[0], "history survives the reload"


async def test_reload_of_a_broken_file_lists_the_errors_and_keeps_the_old_story(
    tmp_path: Path,
) -> None:
    path = _copy_of_the_bundled_story(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        padrino = await _open_padrino(app, pilot)
        text = path.read_text(encoding="utf-8")
        broken = text.replace("speaker: vladimir-padrino", "speaker: nobody-at-all", 1)
        path.write_text(broken.replace(ROLE, "role: Edited but invalid"), encoding="utf-8")

        await _reload(app, pilot)
        errors = app.screen
        assert isinstance(errors, ErrorsScreen)
        listed = str(errors.query_one("#errors-list", Static).visual)
        assert re.fullmatch(rf"{re.escape(str(path))}:\d+:\d+: error: .*nobody-at-all.*", listed)
        assert "nobody-at-all" in screen_text(app)

        await pilot.press("enter")
        await pilot.pause()
        assert on_main_screen(app)
        assert app.main_screen.current is padrino
        assert padrino.role == "Defence minister of Venezuela"
        assert "Defence minister" in screen_text(app)


async def test_an_errors_screen_closes_with_escape_or_q(tmp_path: Path) -> None:
    path = _copy_of_the_bundled_story(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        path.write_text("format: crisis-story/1\nstory: [", encoding="utf-8")
        for close in ("escape", "q"):
            await _reload(app, pilot)
            assert isinstance(app.screen, ErrorsScreen)
            await pilot.press(close)
            await pilot.pause()
            assert on_main_screen(app)
        assert app.is_running
