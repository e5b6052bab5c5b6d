"""The acceptance path, at the smallest first-class size and at a wide one.

From the first screen, reach Padrino's quote, follow its speaker link to
Padrino, read his role, side, events and quotes in the detail, and go back
twice to exactly where the session started.
"""

from __future__ import annotations

import pytest
from test_explorer_support import (
    bundled_app,
    is_padrino_quote,
    press_until,
    screen_text,
)

from crisis_tui.model import Actor, Event


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
async def test_quote_to_speaker_and_back_again(size: tuple[int, int]) -> None:
    app = bundled_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.main_screen
        first_screen = screen.snapshot()
        first_text = screen_text(app)

        await pilot.press("3")
        quotes = screen.pane("quotes")
        await press_until(pilot, "j", lambda: is_padrino_quote(quotes.cursor_entity))
        await pilot.press("enter")
        await pilot.pause()
        assert screen.active_view == "detail"
        assert is_padrino_quote(screen.current)
        assert "The armed forces are firmly in defence" in screen_text(app)

        speaker = screen.detail.cursor_entity
        assert isinstance(speaker, Actor)
        assert speaker.name == "Vladimir Padrino"
        await pilot.press("enter")
        await pilot.pause()

        padrino = screen.current
        assert padrino is speaker
        assert screen.pane("actors").cursor_entity is padrino
        shown = screen_text(app)
        assert "Vladimir Padrino" in shown
        assert "Defence minister of Venezuela" in shown
        assert "Pro-Maduro" in shown

        involved = {
            member
            for group in app.story.related(padrino)
            if group.label in ("Events", "Quotes")
            for member in group.entities
        }
        assert involved, "Padrino should have events and quotes in the bundled story"
        listed = set(screen.detail.entities())
        assert involved <= listed
        seen_on_screen = screen_text(app)
        while screen.detail.cursor_entity is not None:
            before = screen.detail.cursor
            await pilot.press("j")
            seen_on_screen += screen_text(app)
            if screen.detail.cursor == before:
                break
        for member in involved:
            words = member.title if isinstance(member, Event) else member.name
            assert words[:25] in seen_on_screen, words

        await pilot.press("backspace")
        await pilot.pause()
        assert is_padrino_quote(screen.current)
        assert screen.active_view == "detail"
        assert is_padrino_quote(screen.pane("quotes").cursor_entity)

        await pilot.press("backspace")
        await pilot.pause()
        assert screen.snapshot() == first_screen
        assert app.screen.focused is screen.pane("timeline")
        assert screen_text(app) == first_text
