"""A pane off screen builds its rows when first shown, and then shows what it always would.

At 80 columns one pane shows; the others list nothing until the reader turns
to them (a big story's quotes are a hundred thousand rows). Whatever happened
meanwhile (a filter, a link followed, back and forward) must leave them just
as a pane built all along: each scenario runs at 80x24, where only one pane
is on screen, and at 160x45, where all are, and both must agree.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from test_explorer_support import bundled_app, current, screen_text
from textual.pilot import Pilot

from crisis_tui.app import CrisisApp
from crisis_tui.model import Entity, Quote
from crisis_tui.screens.main import PANE_NAMES

NARROW, WIDE = (80, 24), (160, 45)

Listing = tuple[list[Entity], Entity | None, str]
Steps = Callable[[CrisisApp, Pilot[None]], Awaitable[None]]


def _built(app: CrisisApp, name: str) -> bool:
    """Has the pane laid out any rows? An unbuilt pane has no height to scroll."""
    return app.main_screen.pane(name).virtual_size.height > 0


async def _listings(app: CrisisApp, pilot: Pilot[None]) -> dict[str, Listing]:
    """Each pane as the reader finds it on turning to it: its items, cursor and count."""
    seen: dict[str, Listing] = {}
    for number, name in enumerate(PANE_NAMES, start=1):
        await pilot.press(str(number))
        await pilot.pause()
        pane = app.main_screen.pane(name)
        seen[name] = (list(pane.entities()), pane.cursor_entity, str(pane.border_subtitle))
    return seen


async def _filter_by_an_event(app: CrisisApp, pilot: Pilot[None]) -> None:
    firefight = app.story.get("la-carlota-firefight")
    assert firefight is not None
    app.main_screen.open_entity(firefight)
    await pilot.press("f")


async def _follow_a_link_to_a_quote(app: CrisisApp, pilot: Pilot[None]) -> None:
    maduro = app.story.get("nicolas-maduro")
    assert maduro is not None
    app.main_screen.open_entity(maduro)
    await pilot.pause()
    detail = app.main_screen.detail
    while not isinstance(detail.cursor_entity, Quote):
        await pilot.press("j")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(current(app), Quote)


async def _back_out_of_a_filter(app: CrisisApp, pilot: Pilot[None]) -> None:
    await pilot.press("3", "j", "j")
    await _filter_by_an_event(app, pilot)
    await pilot.pause()
    await pilot.press("backspace")


async def _filter_then_forward_again(app: CrisisApp, pilot: Pilot[None]) -> None:
    await _filter_by_an_event(app, pilot)
    await _follow_a_link_to_a_quote(app, pilot)
    await pilot.press("backspace", "backspace", "right_square_bracket")


SCENARIOS: dict[str, Steps] = {
    "filter": _filter_by_an_event,
    "link": _follow_a_link_to_a_quote,
    "back": _back_out_of_a_filter,
    "forward": _filter_then_forward_again,
}


async def _run(size: tuple[int, int], steps: Steps) -> tuple[dict[str, Listing], Entity | None]:
    app = bundled_app()
    async with app.run_test(size=size) as pilot:
        await steps(app, pilot)
        await pilot.pause()
        shown = current(app)
        return await _listings(app, pilot), shown


async def test_panes_off_screen_build_nothing_until_first_shown() -> None:
    app = bundled_app()
    async with app.run_test(size=NARROW) as pilot:
        assert _built(app, "timeline")
        assert not _built(app, "actors")
        assert not _built(app, "quotes")
        await pilot.press("3")
        await pilot.pause()
        assert _built(app, "quotes")
        first = app.story.quotes[0]
        assert app.main_screen.pane("quotes").cursor_entity is first
        assert first.text[:30] in screen_text(app)


@pytest.mark.parametrize("scenario", SCENARIOS)
async def test_a_pane_first_shown_later_lists_and_selects_as_one_shown_all_along(
    scenario: str,
) -> None:
    steps = SCENARIOS[scenario]
    narrow, narrow_shown = await _run(NARROW, steps)
    wide, wide_shown = await _run(WIDE, steps)
    assert narrow_shown is not None
    assert narrow_shown.id == getattr(wide_shown, "id", None)
    for name in PANE_NAMES:
        entities, cursor, count = narrow[name]
        wide_entities, wide_cursor, wide_count = wide[name]
        assert [entity.id for entity in entities] == [entity.id for entity in wide_entities]
        assert getattr(cursor, "id", None) == getattr(wide_cursor, "id", None), name
        assert count == wide_count


async def test_a_link_followed_off_screen_selects_the_quote_when_its_pane_shows() -> None:
    app = bundled_app()
    async with app.run_test(size=NARROW) as pilot:
        await _follow_a_link_to_a_quote(app, pilot)
        quote = current(app)
        assert not _built(app, "quotes")
        await pilot.press("3")
        await pilot.pause()
        quotes = app.main_screen.pane("quotes")
        assert quotes.cursor_entity is quote
        assert app.screen.focused is quotes
        assert isinstance(quote, Quote)
        assert quote.text[:30] in screen_text(app)


async def test_widening_the_terminal_shows_every_pane_with_its_rows() -> None:
    app = bundled_app()
    async with app.run_test(size=NARROW) as pilot:
        assert not _built(app, "quotes")
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        shown = screen_text(app)
        assert app.story.quotes[0].text[:12] in shown  # the panes beside the one read are narrow
        assert app.story.actors[0].name in shown
        quotes = app.main_screen.pane("quotes")
        assert quotes.cursor_entity is app.story.quotes[0]
        assert str(quotes.border_subtitle) == str(len(app.story.quotes))
