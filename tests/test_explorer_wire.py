"""What the explorer sends a remote terminal: nothing while idle, one frame per overlay.

Over SSH every redraw costs the reader bytes and latency. These tests pin
the causes of redraws nobody sees: a blinking cursor, a footer rebuilt with
the keys it already shows, an overlay drawn at every step of being built.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from test_explorer_support import bundled_app, on_main_screen
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.app import App
from textual.command import CommandPalette
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Input

from crisis_tui import frames
from crisis_tui.frames import OneFramePerTurn
from crisis_tui.screens.help import HelpScreen
from crisis_tui.screens.search import SearchScreen
from crisis_tui.widgets.footer import KeysFooter


@pytest.mark.parametrize("key", ["slash", "ctrl+p"], ids=["search", "palette"])
async def test_an_overlay_cursor_stands_still_so_an_idle_overlay_sends_nothing(key: str) -> None:
    app = bundled_app()
    async with app.run_test() as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert not on_main_screen(app)
        query = app.screen.query_one(Input)
        assert query.has_focus
        assert not query.cursor_blink


async def test_opening_and_closing_the_search_does_not_repaint_the_footer() -> None:
    """The keys are the same before and after: the footer's line is not sent again."""
    app = bundled_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.main_screen.query_one(KeysFooter)
        assert footer.shown, "the footer shows keys"
        repaints: list[object] = []
        refresh = footer.refresh

        def counting_refresh(*args: Any, **kwargs: Any) -> Any:
            repaints.append(args)
            return refresh(*args, **kwargs)

        footer.refresh = counting_refresh  # type: ignore[method-assign]
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert on_main_screen(app)
        assert repaints == []


async def test_the_footer_still_follows_the_focus() -> None:
    app = bundled_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.main_screen.query_one(KeysFooter)
        before = footer.shown
        await pilot.press("4")  # the detail panel: its enter follows a link, not opens a row
        await pilot.pause()
        assert footer.shown != before


async def test_an_overlay_is_drawn_once_it_is_built() -> None:
    """Nothing is drawn while the search is being composed; it is drawn once, whole, after."""
    app = bundled_app()
    drawn_while_building: list[bool] = []
    async with app.run_test() as pilot:
        await pilot.pause()
        original = app.push_screen

        def watching_push(*args: Any, **kwargs: Any) -> Any:
            drawn_while_building.append(app._batch_count == 0)
            return original(*args, **kwargs)

        app.push_screen = watching_push  # type: ignore[method-assign]
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert drawn_while_building == [False]
        assert app._batch_count == 0, "drawing resumes once the overlay is built"


async def test_closing_an_overlay_holds_the_display_until_the_main_screen_has_settled() -> None:
    app = bundled_app()
    async with app.run_test() as pilot:
        await pilot.press("slash")
        await pilot.pause()
        app.screen.dismiss(None)
        assert app._batch_count == 1, "nothing is drawn while the main screen comes back"
        await pilot.pause(0.3)
        assert on_main_screen(app)
        assert app._batch_count == 0, "drawing resumes once it has settled"


@pytest.mark.parametrize(
    ("key", "overlay"),
    [("slash", SearchScreen), ("question_mark", HelpScreen), ("ctrl+p", CommandPalette)],
)
async def test_an_overlay_opened_by_any_key_is_drawn_once_settled_not_when_the_hold_gives_up(
    monkeypatch: pytest.MonkeyPatch, key: str, overlay: type[Screen[Any]]
) -> None:
    """The app's own keys (help, palette) once waited on the app itself until the hold gave up,
    and the terminal got the overlay in two frames."""
    settled: list[bool] = []
    until_settled = frames._until_settled

    async def recording(app: App[Any]) -> bool:
        settled.append(await until_settled(app))
        return settled[-1]

    monkeypatch.setattr(frames, "_until_settled", recording)
    app = bundled_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, overlay)
        assert settled == [True]


async def test_a_whole_frame_makes_the_updates_before_it_in_the_same_turn_redundant() -> None:
    written: list[object] = []
    frames = OneFramePerTurn(lambda screen, update: written.append(update))
    screen = Screen[None]()
    part, whole = ChopsUpdate([], [], []), LayoutUpdate([], Region())
    later = ChopsUpdate([], [], [])
    frames.add(screen, part)
    frames.add(screen, whole)
    frames.add(screen, None)
    await asyncio.sleep(0)
    assert written == [whole]
    frames.add(screen, later)
    await asyncio.sleep(0)
    assert written == [whole, later], "a later turn's update is its own frame"


async def test_an_update_made_before_a_hold_is_still_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Held for a turn, an update must not be dropped because a hold began meanwhile."""
    written: list[object] = []

    def write(app: App[Any], screen: Screen[Any], update: object) -> None:
        if not app._batch_count:
            written.append(update)

    app = bundled_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        monkeypatch.setattr(App, "_display", write)
        before, during = ChopsUpdate([], [], []), ChopsUpdate([], [], [])
        app._display(app.screen, before)
        with app.batch_update():
            await asyncio.sleep(0)
            assert before in written
            app._display(app.screen, during)
            await asyncio.sleep(0)
        assert during not in written, "what is made while held is dropped, as Textual does"
