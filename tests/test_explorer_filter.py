"""``f`` keeps what links to the selection, reaching through who took part in what."""

from __future__ import annotations

import pytest
from test_explorer_support import bundled_app, screen_text

from crisis_tui.model import Actor, Event, Place, Quote


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
async def test_a_place_filters_actors_and_quotes_through_its_events(size: tuple[int, int]) -> None:
    app = bundled_app()
    async with app.run_test(size=size) as pilot:
        screen = app.main_screen
        la_carlota = app.story.get("la-carlota")
        assert isinstance(la_carlota, Place)
        events = [event for event in app.story.events if event.place is la_carlota]
        assert events
        screen.open_entity(la_carlota)
        await pilot.press("f")
        await pilot.press("2")
        await pilot.pause()
        actors = set(screen.pane("actors").entities())
        assert actors == {actor for event in events for actor in event.actors}
        assert "No actors linked to the filter" not in screen_text(app)
        quotes = set(screen.pane("quotes").entities())
        assert quotes == {quote for quote in app.story.quotes if quote.event in events}
        assert set(screen.pane("timeline").entities()) == set(events)


async def test_an_event_filters_actors_to_its_own_and_quotes_to_its_own() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        firefight = app.story.get("la-carlota-firefight")
        assert isinstance(firefight, Event)
        screen.open_entity(firefight)
        await pilot.press("f", "2")
        await pilot.pause()
        listed = set(screen.pane("actors").entities())
        assert set(firefight.actors) <= listed
        assert all(isinstance(actor, Actor) for actor in listed)
        assert set(screen.pane("quotes").entities()) == {
            quote for quote in app.story.quotes if quote.event is firefight
        }


async def test_a_side_reaches_its_actors_events_and_quotes() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        side = app.story.sides[1]
        screen.open_entity(side)
        await pilot.press("f")
        await pilot.pause()
        members = {actor for actor in app.story.actors if actor.side is side}
        assert set(screen.pane("actors").entities()) == members
        quotes = set(screen.pane("quotes").entities())
        assert quotes
        assert all(isinstance(q, Quote) and q.speaker in members for q in quotes)
        events = set(screen.pane("timeline").entities())
        assert events
        assert all(isinstance(event, Event) and set(event.actors) & members for event in events)
