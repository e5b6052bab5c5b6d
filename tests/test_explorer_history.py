"""Back and forward put the reader back where they were; a filter always says how to clear it."""

from __future__ import annotations

import pytest
from test_explorer_support import bundled_app, current, screen_lines
from textual.pilot import Pilot

from crisis_tui.app import CrisisApp
from crisis_tui.model import Event, Quote
from crisis_tui.screens.search import SearchScreen


async def _search_and_open(app: CrisisApp, pilot: Pilot[None], query: str) -> None:
    """Type ``query`` in the search as a reader would, wait for its answer, press enter."""
    await app.workers.wait_for_complete()
    await pilot.press("slash", *query)
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, SearchScreen) and screen.answered:
            break
    await pilot.press("enter")
    await pilot.pause()


def _above_the_footer(app: CrisisApp) -> list[str]:
    """The screen but its footer, which offers ] once there is somewhere to go forward to."""
    return screen_lines(app)[:-1]


async def test_back_returns_to_the_quote_row_it_was_opened_from() -> None:
    """``3 j j enter backspace``: the Quotes pane again, on the third quote, not its first row."""
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        await pilot.press("3", "j", "j")
        await pilot.pause()
        third = screen.pane("quotes").cursor_entity
        assert third is app.story.quotes[2]
        before = _above_the_footer(app)
        await pilot.press("enter", "backspace")
        await pilot.pause()
        assert screen.active_view == "quotes"
        assert app.screen.focused is screen.pane("quotes")
        assert screen.pane("quotes").cursor_entity is third
        assert current(app) is third
        assert _above_the_footer(app) == before


async def test_back_puts_the_detail_cursor_on_the_link_just_followed() -> None:
    """``/maduro steel enter enter j j j enter backspace``: Maduro, on the event followed."""
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        await _search_and_open(app, pilot, "maduro steel")
        assert isinstance(current(app), Quote)
        await pilot.press("enter")
        await pilot.pause()
        maduro = current(app)
        assert maduro is not None
        assert maduro.id == "nicolas-maduro"
        await pilot.press("j", "j", "j")
        followed = screen.detail.cursor_entity
        assert isinstance(followed, Event)
        await pilot.press("enter")
        await pilot.pause()
        assert current(app) is followed

        await pilot.press("backspace")
        await pilot.pause()
        assert current(app) is maduro
        assert screen.detail.cursor_entity is followed
        assert screen.detail.link_position == 3

        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert current(app) is followed, "forward goes to the event again"


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
async def test_back_restores_the_scroll_of_the_list_it_left(size: tuple[int, int]) -> None:
    app = bundled_app()
    async with app.run_test(size=size) as pilot:
        screen = app.main_screen
        timeline = screen.pane("timeline")
        await pilot.press("pagedown", "pagedown", "k")
        await pilot.pause()
        selected, scrolled = timeline.cursor_entity, timeline.scroll_position
        assert scrolled > 0
        before = _above_the_footer(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("home", "3", "G", "enter")  # move elsewhere before going back
        await pilot.pause()
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert timeline.cursor_entity is selected
        assert timeline.scroll_position == scrolled
        assert screen.active_view == "timeline"
        assert _above_the_footer(app) == before


async def test_escape_clears_a_filter_and_otherwise_does_nothing() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        await pilot.press("escape")
        await pilot.pause()
        assert screen.filter_entity is None
        await pilot.press("2", "j", "f")
        await pilot.pause()
        assert screen.filter_entity is not None
        assert "esc Unfilter" in screen_lines(app)[-1]
        await pilot.press("escape")
        await pilot.pause()
        assert screen.filter_entity is None
        assert "f Filter" in screen_lines(app)[-1]


@pytest.mark.parametrize("size", [(80, 24), (30, 10)], ids=["80x24", "30x10"])
async def test_the_header_shows_a_long_filter_and_how_to_clear_it(size: tuple[int, int]) -> None:
    app = bundled_app()
    async with app.run_test(size=size) as pilot:
        screen = app.main_screen
        longest = max(app.story.quotes, key=lambda quote: len(quote.text))
        screen.open_entity(longest)
        await pilot.press("f")
        await pilot.pause()
        header = screen_lines(app)[0]
        assert "Filter" in header
        assert header.rstrip().endswith("esc or f clears")
        assert longest.text[:3] in header or size[0] < 40
