"""Layouts: side by side from 120 columns (the pane being read the widest), one view at a time
below, no crash down to 20x6."""

from __future__ import annotations

import pytest
from test_explorer_support import (
    bundled_app,
    on_main_screen,
    screen_lines,
    screen_text,
)

from crisis_tui.app import CrisisApp
from crisis_tui.screens.main import VIEWS
from crisis_tui.widgets.view_tabs import ViewTabs


def _visible_views(app: CrisisApp) -> list[str]:
    screen = app.main_screen
    return [view for view in VIEWS if screen.query_one(f"#{view}").region.width > 0]


async def test_wide_terminals_show_all_panes_and_the_detail() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert app.main_screen.has_class("-wide")
        assert _visible_views(app) == list(VIEWS)
        assert not app.main_screen.query_one("#view-tabs").display
        legend = screen_text(app)
        for side in ("Pro-Guaidó", "Pro-Maduro", "Pro-Guaidó abroad", "Pro-Maduro abroad"):
            assert side in legend


async def test_80_columns_show_one_view_at_a_time_with_tabs() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        assert screen.has_class("-narrow")
        assert _visible_views(app) == ["timeline"]
        tabs = screen.query_one("#view-tabs")
        assert tabs.region.height == 1
        shown = screen_text(app)
        assert "1 Timeline" in shown
        assert "4 Detail" in shown
        await pilot.press("3")
        await pilot.pause()
        assert _visible_views(app) == ["quotes"]
        await pilot.press("enter")
        await pilot.pause()
        assert _visible_views(app) == ["detail"], "the detail is reachable with enter"
        await pilot.press("backspace")
        await pilot.pause()
        assert _visible_views(app) == ["quotes"], "back to the pane the quote was opened from"


async def test_clicking_a_tab_switches_the_view() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        tabs = app.main_screen.query_one(ViewTabs)
        await pilot.click(tabs, offset=(screen_lines(app)[tabs.region.y].index("2 Actors"), 0))
        await pilot.pause()
        assert app.main_screen.active_view == "actors"
        assert _visible_views(app) == ["actors"]


async def test_resizing_down_to_20x6_and_back_restores_the_layout() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.main_screen
        await pilot.press("2", "j", "j")
        for size in [(80, 24), (20, 6), (79, 23), (20, 6)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert screen.has_class("-narrow")
            assert _visible_views(app) == ["actors"]
        assert screen.has_class("-short")
        await pilot.press("j", "k", "tab", "enter", "backspace", "pagedown", "G", "slash")
        await pilot.pause()
        await pilot.press("escape", "2", "j")
        selected = screen.pane("actors").cursor_entity
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        assert screen.has_class("-wide")
        assert not screen.has_class("-short")
        assert _visible_views(app) == list(VIEWS)
        assert screen.pane("actors").cursor_entity is selected


async def test_no_size_from_20x6_upwards_crashes() -> None:
    app = bundled_app()
    async with app.run_test(size=(20, 6)) as pilot:
        for width in (20, 27, 40, 63, 80, 99, 119, 120, 121, 140, 200):
            for height in (6, 7, 9, 13, 14, 24, 45):
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                assert len(screen_text(app).splitlines()) == height
        await pilot.press("question_mark")
        await pilot.resize_terminal(20, 6)
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert on_main_screen(app)


async def test_medium_widths_show_one_pane_beside_the_detail() -> None:
    app = bundled_app()
    async with app.run_test(size=(110, 35)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        assert screen.has_class("-medium")
        assert _visible_views(app) == ["timeline", "detail"]
        await pilot.press("2")
        await pilot.pause()
        assert _visible_views(app) == ["actors", "detail"]
        await pilot.press("enter")
        await pilot.pause()
        assert screen.active_view == "detail"
        assert _visible_views(app) == ["actors", "detail"], "the pane stays beside the detail"


async def test_fast_keys_are_not_undone_by_late_tab_messages() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "2", "3", "2", "4", "3")
        await pilot.pause()
        assert app.main_screen.active_view == "quotes"
        assert _visible_views(app) == ["quotes"]


DETAIL_MIN_WIDTH = 36
"""Columns the detail keeps beside the panes: a card's labels and a readable line."""


@pytest.mark.parametrize("size", [(120, 40), (140, 40), (160, 45), (220, 50)])
async def test_wide_terminals_give_the_pane_being_read_the_room(size: tuple[int, int]) -> None:
    """Its rows show their text rather than thirty characters; the detail stays readable."""
    app = bundled_app()
    async with app.run_test(size=size) as pilot:
        screen = app.main_screen
        for key, read in (("2", "actors"), ("3", "quotes"), ("1", "timeline")):
            await pilot.press(key)
            await pilot.pause()
            widths = {view: screen.query_one(f"#{view}").region.width for view in VIEWS}
            detail = widths.pop("detail")
            assert detail >= DETAIL_MIN_WIDTH, widths
            assert widths[read] == max(widths.values())
            assert widths[read] >= 2 * min(widths.values()), widths
            assert sum(widths.values()) + detail == size[0], "the panes fill the width"
        await pilot.press("4")
        await pilot.pause()
        assert screen.query_one("#timeline").region.width == widths["timeline"], (
            "reading the detail keeps the pane it belongs to wide"
        )


async def test_at_140_columns_unselected_rows_show_their_whole_text() -> None:
    app = bundled_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        shown = screen_text(app)
        assert "▲ Jorge Rodríguez  Vice President of Communications" in shown
        assert "▲ Vladimir Padrino  Defence minister of Venezuela" in shown
        await pilot.press("3")
        await pilot.pause()
        shown = screen_text(app)
        assert "● He has won the backing of the military." in shown
        assert "● Soldiers on Guaidó's side released him." in shown
        assert "≈ Leopoldo López, paraphrased · tweet" in shown


async def test_at_80_columns_the_view_shown_takes_the_whole_width() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for key, view in (("1", "timeline"), ("2", "actors"), ("3", "quotes"), ("4", "detail")):
            await pilot.press(key)
            await pilot.pause()
            assert app.main_screen.query_one(f"#{view}").region.width == 80


async def test_the_tabs_offer_the_detail_only_where_it_takes_turns_with_the_panes() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "4 Detail" in screen_lines(app)[1]
        await pilot.resize_terminal(110, 30)
        await pilot.pause()
        assert app.main_screen.has_class("-medium")
        tabs = screen_lines(app)[1]
        assert "3 Quotes" in tabs
        assert "4 Detail" not in tabs, "from medium widths the detail is always beside"


async def test_the_active_tab_follows_the_number_keys() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        tabs = app.main_screen.query_one(ViewTabs)
        assert tabs.active == "quotes"
        active = tabs.get_component_rich_style("view-tabs--active")
        line = tabs.render_line(0)
        x = screen_lines(app)[tabs.region.y].index("3 Quotes")
        styles = {segment.style for segment in line.crop(x, x + len("3 Quotes"))}
        assert {style.color if style else None for style in styles} == {active.color}
