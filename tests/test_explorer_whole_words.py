"""Every word on screen whole: nothing cut by a scrollbar, the selected item shown in full,
footers that fit, help that keeps its columns, sides that differ in 16 colours."""

from __future__ import annotations

from itertools import pairwise

import pytest
from rich.color import ColorSystem
from test_explorer_support import bundled_app, press_until, screen_lines, screen_text
from textual.pilot import Pilot

from crisis_tui.app import CrisisApp
from crisis_tui.loader import bundled_story_path, load_story
from crisis_tui.model import Event, Quote
from crisis_tui.screens.help import KEY_COLUMN, HelpScreen
from crisis_tui.widgets.footer import KeysFooter
from crisis_tui.widgets.story_text import side_style


async def test_no_word_is_cut_when_the_detail_grows_a_scrollbar() -> None:
    """``/la carlota enter j j enter``: the About line keeps "according"."""
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        la_carlota = app.story.get("la-carlota")
        assert la_carlota is not None
        screen.open_entity(la_carlota)
        await pilot.pause()
        detail = screen.detail
        assert detail.max_scroll_y == 0, "a short card: no scrollbar yet"
        firefight = app.story.get("la-carlota-firefight")
        await pilot.press("j", "j")
        assert detail.cursor_entity is firefight
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(screen.current, Event)
        assert detail.max_scroll_y > 0, "the event's card is longer than the view"
        card = screen_lines(app)[3:16]
        shown = " ".join(line.strip("│ ▁▂▃▄▅▆▇█") for line in card)
        assert isinstance(firefight, Event)
        assert firefight.summary
        for word in firefight.summary.split():
            assert word in shown, word
        assert not any(line.rstrip(" │▁▂▃▄▅▆▇█").endswith("…") for line in card)


async def test_wrapped_help_lines_keep_their_indent() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body").content_region
        shown = [line[body.x : body.right] for line in screen_lines(app)[body.y : body.bottom]]
        key_lines = [line for line in shown if line.startswith("  ") and line.strip()]
        continued = [line for line in key_lines if not line[: KEY_COLUMN + 2].strip()]
        assert continued, "some description wraps at 80 columns"
        for line in continued:
            assert line.startswith(" " * (KEY_COLUMN + 3)), repr(line)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
async def test_the_selected_quote_is_shown_whole_with_its_date_and_paragraph(
    size: tuple[int, int],
) -> None:
    app = bundled_app()
    async with app.run_test(size=size) as pilot:
        quotes = app.main_screen.pane("quotes")
        longest = max(app.story.quotes, key=lambda quote: len(quote.text))
        await pilot.press("3")
        await press_until(pilot, "j", lambda: quotes.cursor_entity is longest)
        await pilot.pause()
        width = quotes.scrollable_content_region.width
        lines = [line.plain for line in quotes.render_whole(longest, width - 1) or ()]
        shown = screen_text(app)
        for line in lines:
            assert line.strip() in shown
        words = " ".join(line.strip() for line in lines)
        for word in longest.text.split():
            assert word in words
        assert "30 Apr 2019" in words
        assert "¶" in words
        assert not any(line.rstrip().endswith("…") for line in lines if "“" in line)


def _pane_lines(app: CrisisApp, pane: str) -> list[str]:
    """What a pane shows inside its border, one string per line."""
    region = app.main_screen.pane(pane).content_region
    return [line[region.x : region.right] for line in screen_lines(app)[region.y : region.bottom]]


def _line_of(lines: list[str], words: str) -> int:
    return next(number for number, line in enumerate(lines) if words in line)


@pytest.mark.parametrize("size", [(80, 24), (140, 40)], ids=["80x24", "140x40"])
async def test_moving_at_the_top_of_a_list_leaves_the_rows_below_in_place(
    size: tuple[int, int],
) -> None:
    """The selected quote grows to show itself whole; the quotes further down do not jump."""
    app = bundled_app()
    async with app.run_test(size=size) as pilot:
        quotes = app.main_screen.pane("quotes")
        await pilot.press("3")
        await pilot.pause()
        below = "He has won the backing of the military."
        lines = _pane_lines(app, "quotes")
        where = _line_of(lines, below)
        first = lines[0]
        for key in ("j", "j", "j", "j", "k", "k", "k", "k", "j", "j", "k"):
            await pilot.press(key)
            await pilot.pause()
            lines = _pane_lines(app, "quotes")
            assert _line_of(lines, below) == where, f"the quote further down moved after {key}"
            assert lines[0] == first, "the list did not scroll"
            selected = quotes.cursor_entity
            assert selected is not None
            width = quotes.scrollable_content_region.width - 1
            shown = "\n".join(lines)
            for line in quotes.render_whole(selected, width) or ():
                assert line.plain.strip() in shown, "the selected quote is on screen whole"


async def test_at_140_columns_titles_wrap_and_the_date_precision_is_said_once() -> None:
    app = bundled_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        timeline = app.main_screen.pane("timeline")
        width = timeline.scrollable_content_region.width - 1
        lines = [
            line.plain
            for entity in timeline.entities()
            for line in timeline.render_item(entity, width)
        ]
        implied = sum("day implied by the report" in line for line in lines)
        assert implied <= 1
        launch = app.story.get("guaido-launches-operation-liberty")
        assert isinstance(launch, Event)
        text = " ".join(line.plain.strip() for line in timeline.render_item(launch, width))
        assert launch.title.split()[-1] in text, "the end of the title is on the second line"


async def test_group_headings_keep_a_space_before_their_count() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        third = app.story.sides[2]
        await press_until(pilot, "pagedown", lambda: third.label in screen_text(app))
        members = sum(1 for actor in app.story.actors if actor.side is third)
        assert f"{third.label} {members} ─" in screen_text(app)


async def test_the_count_of_a_long_heading_is_never_cut() -> None:
    story = load_story(bundled_story_path()).story
    side = story.sides[0]
    members = sum(1 for actor in story.actors if actor.side is side)
    badge = 2 + len(side.label)  # "● " and the label
    # Two columns short of the whole heading: borders, the scrollbar's column, " ", " N", " ".
    width = 3 + badge + len(f" {members}") + 2 - 2
    app = bundled_app()
    async with app.run_test(size=(width, 10)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        heading = screen_lines(app)[2]
        assert f"… {members} " in heading, heading


async def _settle(app: CrisisApp, pilot: Pilot[None]) -> None:
    """Wait for the footer to follow the keys of the new focus."""
    await app.workers.wait_for_complete()
    for _ in range(4):
        await pilot.pause()


def _footer_spans(app: CrisisApp) -> list[tuple[int, int]]:
    """Where each entry the footer offers is drawn on the bottom line, left to right."""
    line = screen_lines(app)[-1]
    spans = []
    start = 0
    for entry in app.screen.query_one(KeysFooter).shown:
        x = line.find(entry.label, start)
        assert x >= 0, f"{entry.label!r} is not drawn whole in {line!r}"
        spans.append((x, x + len(entry.label)))
        start = x + len(entry.label)
    return spans


@pytest.mark.parametrize("size", [(30, 10), (20, 6), (80, 24)], ids=["30x10", "20x6", "80x24"])
async def test_footer_entries_never_overlap(size: tuple[int, int]) -> None:
    app = bundled_app()
    async with app.run_test(size=size) as pilot:
        for keys in ((), ("2",), ("3", "enter"), ("f",)):
            await pilot.press(*keys)
            await _settle(app, pilot)
            spans = _footer_spans(app)
            assert spans
            for (_, right), (x, _) in pairwise(spans):
                assert right < x, f"entries touch at {size}: {screen_lines(app)[-1]!r}"


async def test_footer_shows_the_keys_that_apply_where_the_focus_is() -> None:
    app = bundled_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await _settle(app, pilot)
        footer = screen_lines(app)[-1]
        assert "r Reload" in footer
        assert "] Forward" not in footer
        await pilot.press("2")
        await _settle(app, pilot)
        assert "s Group" in screen_lines(app)[-1]
        await pilot.press("enter", "backspace")
        await _settle(app, pilot)
        assert "] Forward" in screen_lines(app)[-1]
        await pilot.press("f")
        await _settle(app, pilot)
        assert "esc Unfilter" in screen_lines(app)[-1]
        assert "f Filter" not in screen_lines(app)[-1]


async def test_the_palette_keys_command_opens_this_apps_help() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        (keys,) = [c for c in app.get_system_commands(app.screen) if c.title == "Keys"]
        app.call_later(keys.callback)  # as the palette runs a chosen command
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("term", ["xterm", "linux"])
async def test_each_side_has_its_own_colour_in_16_colours(
    term: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", term)
    monkeypatch.delenv("COLORTERM", raising=False)
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.has_class("-few-colours")
        screen = app.main_screen
        colours = [
            screen.get_component_rich_style(side_style(side)[1:]).color for side in app.story.sides
        ]
        downgraded = {colour.downgrade(ColorSystem.STANDARD) for colour in colours if colour}
        assert len(downgraded) == len(app.story.sides)


async def test_unfocused_pane_borders_stand_out_from_the_background() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        actors = screen.pane("actors")
        assert not actors.has_focus
        _, border = actors.styles.border_top
        background = screen.styles.background
        assert abs(border.brightness - background.brightness) > 0.15


async def test_copied_fragment_never_doubles_its_marks() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        fragments = [quote for quote in app.story.quotes if quote.kind == "fragment"]
        assert fragments
        for fragment in fragments:
            app.main_screen.open_entity(fragment)
            await pilot.press("y")
            await pilot.pause()
            copied = app.clipboard
            for doubled in (",…", ".…", "…,", "…."):
                assert doubled not in copied
            assert isinstance(app.main_screen.current, Quote)
