"""The key footer: every key it shows can be clicked, and the palette's key keeps its place."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from test_explorer_support import bundled_app, on_main_screen, screen_lines
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.pilot import Pilot

import crisis_tui
from crisis_tui.app import CrisisApp
from crisis_tui.screens.help import HelpScreen
from crisis_tui.screens.search import SearchScreen
from crisis_tui.widgets.footer import (
    PALETTE_EDGE,
    FooterEntry,
    FooterKey,
    FooterKeys,
    KeysFooter,
    _fitted,
)


def _footer(app: CrisisApp) -> KeysFooter:
    return app.main_screen.query_one(KeysFooter)


def _at(app: CrisisApp, text: str, column: int = 0) -> tuple[int, int]:
    """Where, in the footer, ``column`` of ``text`` is drawn on the bottom line."""
    return (screen_lines(app)[-1].index(text) + column - _footer(app).region.x, 0)


async def _click_label(app: CrisisApp, pilot: Pilot[None], label: str) -> None:
    """Click the middle of ``label`` where the bottom line shows it."""
    await pilot.click(_footer(app), offset=_at(app, label, len(label) // 2))
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
        await pilot.click(_footer(app), offset=_at(app, "1234 Panes", 2))  # the 3
        await pilot.pause()
        assert app.main_screen.active_view == "quotes"


async def test_pointing_at_a_key_shows_what_it_does() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = _footer(app)
        await pilot.hover(footer, offset=_at(app, "r Reload"))
        await pilot.pause()
        assert footer.tooltip == "Reload the story file, keeping the selection"


async def test_clicking_between_keys_does_nothing() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click(_footer(app), offset=_at(app, " 1234"))  # the space before the group
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


class _OneDisabledKey(App[None]):
    """A screen offering one key that applies and one that does not apply now."""

    CSS_PATH = Path(crisis_tui.__file__).parent / CrisisApp.CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "count", "Count", tooltip="Count one more"),
        Binding("b", "never", "Never"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.counted = 0
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield KeysFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "never" else True

    def action_count(self) -> None:
        self.counted += 1

    def bell(self) -> None:
        self.bells += 1


async def test_a_key_that_does_not_apply_now_is_dimmed_and_clicking_it_rings() -> None:
    app = _OneDisabledKey()
    async with app.run_test(size=(60, 3)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        line = footer.render_line(0)
        text = line.text
        never = text.index("b Never")
        count = text.index("a Count")
        drawn = {x: [segment.style for segment in line.crop(x, x + 7)] for x in (never, count)}
        assert all(style and style.dim for style in drawn[never]), "what does not apply is dim"
        assert not any(style and style.dim for style in drawn[count])
        never_key, count_key = drawn[never][0], drawn[count][0]
        assert never_key is not None
        assert count_key is not None
        assert never_key.color == count_key.color, "its key is still drawn as a key"
        await pilot.click(footer, offset=(never, 0))
        await pilot.click(footer, offset=(count, 0))
        await pilot.pause()
        assert (app.bells, app.counted) == (1, 1)


def test_the_palette_key_never_takes_the_place_of_a_key_left_out() -> None:
    """Below 100 columns the palette's key is given up before any other key."""
    key = FooterEntry((FooterKey("a", "a", True, ""),), "A")
    long_key = FooterEntry((FooterKey("esc", "esc", True, ""),), "Unfilter")  # 12 columns
    palette = FooterEntry((FooterKey("ctrl+p", "^p", True, ""),), "palette")  # 11 with its edge
    offered = FooterKeys((key, long_key), palette)
    width = key.width + 1 + 11  # the long key does not fit; the palette's key would
    assert _fitted(offered, width) == (key,)
    assert _fitted(offered, 100) == (key, long_key, palette), "from 100 columns it stays"


async def test_new_keys_drop_a_highlight_and_tooltip_the_old_keys_had() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = _footer(app)
        await pilot.hover(footer, offset=_at(app, "f Filter"))
        await pilot.pause()
        assert footer.hovered is not None
        await pilot.press("f")  # a filter: the footer now offers esc Unfilter there
        await pilot.pause()
        assert footer.hovered is None
        assert footer.tooltip is None
