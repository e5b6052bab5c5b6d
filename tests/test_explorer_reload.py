"""``r`` reloads the story from disk, keeping the selection; a broken file keeps the old story.

A file is reloaded only once it has stopped changing (an editor may save in
two writes), and the notification says how many items came and went.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from loader_helpers import replace_once, time_limit
from test_explorer_support import notifications, on_main_screen, screen_text
from textual.pilot import Pilot
from textual.widgets import Static

from crisis_tui import files
from crisis_tui.app import CrisisApp, make_app
from crisis_tui.loader import bundled_story_path, load_story_text
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
        assert any("Reloaded" in str(n.message) for n in notifications(app))

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


class _Editor:
    """Stands in for the settle wait's sleep: each look, the editor may write again."""

    def __init__(self, path: Path, writes: list[str]) -> None:
        self.path = path
        self.writes = writes
        self.looks = 0

    def sleep(self, seconds: float) -> None:
        self.looks += 1
        if self.writes:
            self.path.write_text(self.writes.pop(0), encoding="utf-8")


def _messages(app: CrisisApp) -> list[str]:
    return [str(notification.message) for notification in notifications(app)]


async def test_reload_waits_for_a_file_saved_in_two_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy_of_the_bundled_story(tmp_path)
    full = path.read_text(encoding="utf-8")
    first_write = full[: full.index("\nquotes:\n") + 1]
    assert load_story_text(first_write).story.quotes == (), "half a file is a valid story"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        quotes = len(app.story.quotes)
        path.write_text(first_write, encoding="utf-8")
        editor = _Editor(path, [full])
        monkeypatch.setattr(files, "time", editor)
        await _reload(app, pilot)
        assert len(app.story.quotes) == quotes
        assert editor.looks == 2, "one look saw the second write, the next saw it settled"
        assert f"Reloaded {path.name}: 0 added, 0 removed" in _messages(app)


async def test_reload_says_how_many_items_came_and_went(tmp_path: Path) -> None:
    path = _copy_of_the_bundled_story(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        text = path.read_text(encoding="utf-8")
        quote = app.story.quotes[0]
        start = text.index(f"  - id: {quote.id}\n")
        end = text.index("\n  - ", start + 1) + 1
        new_actor = "\nactors:\n  - id: new-person\n    name: New Person\n"
        text = replace_once(text[:start] + text[end:], "\nactors:\n", new_actor)
        path.write_text(text, encoding="utf-8")
        await _reload(app, pilot)
        assert app.story.get(quote.id or "") is None
        assert any(
            message.startswith(f"Reloaded {path.name}: 1 added, 1 removed")
            for message in _messages(app)
        )


async def test_a_file_that_keeps_changing_is_not_reloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy_of_the_bundled_story(tmp_path)
    text = path.read_text(encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        story = app.story
        writes = [text + "#" * n + "\n" for n in range(1, files.SETTLE_ATTEMPTS + 2)]
        monkeypatch.setattr(files, "time", _Editor(path, writes))
        await _reload(app, pilot)
        assert app.story is story
        assert f"{path.name} is still being written; press r again once it is saved" in (
            _messages(app)
        )


async def test_reload_of_a_fifo_refuses_it_and_q_still_quits(tmp_path: Path) -> None:
    path = _copy_of_the_bundled_story(tmp_path)
    app = make_app(path)
    with time_limit(60):
        async with app.run_test(size=(80, 24)) as pilot:
            path.unlink()
            os.mkfifo(path)
            await _reload(app, pilot)
            assert isinstance(app.screen, ErrorsScreen)
            listed = str(app.screen.query_one("#errors-list", Static).visual)
            assert listed == f"{path}: error: is a named pipe (FIFO), not a story file"
            await pilot.press("q")
            await pilot.pause()
            assert on_main_screen(app)
            await pilot.press("q")
            await pilot.pause()
        assert not app.is_running
