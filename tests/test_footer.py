"""The key footer: every key it shows can be clicked, and the palette's key keeps its place."""

from __future__ import annotations

from test_explorer_support import bundled_app, on_main_screen, screen_lines
from textual.pilot import Pilot

from crisis_tui.app import CrisisApp
from crisis_tui.screens.help import HelpScreen
from crisis_tui.screens.search import SearchScreen
from crisis_tui.widgets.footer import PALETTE_EDGE, KeysFooter


def _footer(app: CrisisApp) -> KeysFooter:
    return app.main_screen.query_one(KeysFooter)


async def _click_label(app: CrisisApp, pilot: Pilot[None], label: str) -> None:
    """Click the middle of ``label`` where the bottom line shows it."""
    line = screen_lines(app)[-1]
    x = line.index(label) + len(label) // 2
    footer = _footer(app)
    await pilot.click(footer, offset=(x - footer.region.x, 0))
    await pilot.pause()


async def test_clicking_a_key_or_its_description_presses_the_key() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _click_label(app, pilot, "Search")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        await pilot.pause()
        await _click_label(app, pilot, "? Help")
        assert isinstance(app.screen, HelpScreen)


async def test_each_key_of_a_group_is_its_own_button() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = screen_lines(app)[-1]
        three = line.index("1234 Panes") + 2
        footer = _footer(app)
        await pilot.click(footer, offset=(three - footer.region.x, 0))
        await pilot.pause()
        assert app.main_screen.active_view == "quotes"


async def test_pointing_at_a_key_shows_what_it_does() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = _footer(app)
        x = screen_lines(app)[-1].index("r Reload")
        await pilot.hover(footer, offset=(x - footer.region.x, 0))
        await pilot.pause()
        assert footer.tooltip == "Reload the story file, keeping the selection"


async def test_clicking_between_keys_does_nothing() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = screen_lines(app)[-1]
        gap = line.index(" 1234")
        footer = _footer(app)
        await pilot.click(footer, offset=(gap - footer.region.x, 0))
        await pilot.pause()
        assert on_main_screen(app)
        assert app.main_screen.active_view == "timeline"


async def test_the_palette_key_sits_at_the_right_end_and_goes_first_when_narrow() -> None:
    app = bundled_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert screen_lines(app)[-1].rstrip().endswith(f"{PALETTE_EDGE}^p palette")
        await pilot.resize_terminal(40, 20)
        await pilot.pause()
        line = screen_lines(app)[-1]
        assert "palette" not in line
        assert line.startswith("⏎ Open")
