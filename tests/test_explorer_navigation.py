"""Keys and navigation paths through the explorer, driven with Textual's pilot."""

from __future__ import annotations

import pytest
from test_explorer_support import (
    bundled_app,
    current,
    is_padrino_quote,
    notifications,
    on_main_screen,
    press_until,
    screen_lines,
    screen_text,
)
from textual import events

from crisis_tui.app import CrisisApp
from crisis_tui.model import Actor, Event, Quote
from crisis_tui.screens.help import HelpScreen
from crisis_tui.screens.search import SearchScreen


def _actor(app: CrisisApp, name: str) -> Actor:
    return next(actor for actor in app.story.actors if actor.name == name)


async def test_starts_on_the_timeline_with_the_first_event_shown() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        assert screen.active_view == "timeline"
        assert app.screen.focused is screen.pane("timeline")
        assert isinstance(screen.current, Event)
        assert screen.current is app.story.events[0]
        assert screen.detail.shown is screen.current
        assert "Venezuela" in screen_text(app)


async def test_number_keys_focus_each_pane_and_show_its_selection() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.main_screen
        for key, view, kind in [("2", "actors", Actor), ("3", "quotes", Quote)]:
            await pilot.press(key)
            await pilot.pause()
            assert screen.active_view == view
            assert app.screen.focused is screen.pane(view)
            assert isinstance(screen.current, kind)
        await pilot.press("4")
        await pilot.pause()
        assert screen.detail.has_focus
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.focused is screen.pane("timeline")
        assert isinstance(screen.current, Event)


@pytest.mark.parametrize("size", [(160, 45), (80, 24)])
async def test_tab_and_shift_tab_cycle_panes_and_detail(size: tuple[int, int]) -> None:
    app = bundled_app()
    async with app.run_test(size=size) as pilot:
        screen = app.main_screen
        order = []
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
            order.append(screen.active_view)
            assert app.screen.focused is not None
            assert app.screen.focused.id == screen.active_view
        assert order == ["actors", "quotes", "detail", "timeline"]
        await pilot.press("shift+tab")
        await pilot.pause()
        assert screen.active_view == "detail"


async def test_list_keys_move_the_cursor_over_items_only() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        timeline = app.main_screen.pane("timeline")
        events = list(app.story.events)
        assert timeline.cursor_entity is events[0]
        await pilot.press("j")
        assert timeline.cursor_entity is events[1]
        await pilot.press("down", "down")
        assert timeline.cursor_entity is events[3]
        await pilot.press("k", "up")
        assert timeline.cursor_entity is events[1]
        await pilot.press("G")
        assert timeline.cursor_entity is events[-1]
        await pilot.press("g")
        assert timeline.cursor_entity is events[0]
        await pilot.press("end")
        assert timeline.cursor_entity is events[-1]
        await pilot.press("home")
        assert timeline.cursor_entity is events[0]
        await pilot.press("pagedown")
        paged = events.index(timeline.cursor_entity)
        assert paged > 5
        await pilot.press("pageup")
        assert events.index(timeline.cursor_entity) < paged
        await pilot.press("k")
        assert timeline.cursor_entity is events[0], "up at the top stays on the first item"
        assert timeline.scroll_y == 0, "and shows the heading above it"


async def test_enter_opens_the_selection_in_the_detail() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.main_screen
        await pilot.press("2", "j", "j")
        actor = screen.pane("actors").cursor_entity
        await pilot.press("enter")
        await pilot.pause()
        assert screen.active_view == "detail"
        assert screen.current is actor
        assert app.screen.focused is screen.detail
        assert screen.history is not None
        assert len(screen.history) == 2


async def test_open_an_actor_from_a_quote_then_back_and_forward() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.main_screen
        quotes = screen.pane("quotes")
        await pilot.press("3")
        await press_until(pilot, "j", lambda: is_padrino_quote(quotes.cursor_entity))
        quote = quotes.cursor_entity
        await pilot.press("enter", "enter")
        await pilot.pause()
        padrino = screen.current
        assert isinstance(padrino, Actor)
        assert padrino.name == "Vladimir Padrino"
        assert screen.pane("actors").cursor_entity is padrino

        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.current is quote
        assert screen.active_view == "detail"
        assert quotes.cursor_entity is quote, "the selection at the time is restored"

        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.current is padrino

        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert screen.active_view == "quotes", "back to the pane the quote was opened from"
        assert quotes.cursor_entity is quote
        assert current(app) is quote

        assert screen.history is not None
        assert not screen.history.can_go_back, "switching panes is not an open"


async def test_going_back_past_the_start_only_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        before = app.main_screen.snapshot()
        warnings: list[str] = []
        monkeypatch.setattr(app, "notify", lambda message, **_: warnings.append(message))
        await pilot.press("backspace", "right_square_bracket")
        await pilot.pause()
        assert app.main_screen.snapshot() == before
        assert warnings == ["Nothing to go back to"], "forward is not offered at all"


async def test_following_a_link_selects_it_in_its_pane() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.main_screen
        padrino = _actor(app, "Vladimir Padrino")
        screen.open_entity(padrino)
        await pilot.pause()
        await press_until(pilot, "j", lambda: isinstance(screen.detail.cursor_entity, Event))
        event = screen.detail.cursor_entity
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current is event
        assert screen.detail.shown is event
        assert screen.pane("timeline").cursor_entity is event
        assert screen.active_view == "detail"


async def test_selecting_an_actor_marks_its_quotes_and_events() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.main_screen
        padrino = _actor(app, "Vladimir Padrino")
        await pilot.press("2")
        actors = screen.pane("actors")
        await press_until(pilot, "j", lambda: actors.cursor_entity is padrino)
        await pilot.pause()
        timeline, quotes = screen.pane("timeline"), screen.pane("quotes")
        his_quotes = [quote for quote in app.story.quotes if quote.speaker is padrino]
        his_events = [event for event in app.story.events if padrino in event.actors]
        assert his_quotes
        assert his_events
        assert all(quotes.is_marked(quote) for quote in his_quotes)
        assert all(timeline.is_marked(event) for event in his_events)
        others = [quote for quote in app.story.quotes if quote not in his_quotes]
        assert not any(quotes.is_marked(quote) for quote in others)
        assert not any(actors.is_marked(actor) for actor in app.story.actors)


async def test_f_filters_the_other_panes_and_f_again_restores_them() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.main_screen
        padrino = _actor(app, "Vladimir Padrino")
        await pilot.press("2")
        actors = screen.pane("actors")
        await press_until(pilot, "j", lambda: actors.cursor_entity is padrino)
        await pilot.press("f")
        await pilot.pause()
        assert screen.filter_entity is padrino
        timeline, quotes = screen.pane("timeline"), screen.pane("quotes")
        assert set(quotes.entities()) == {q for q in app.story.quotes if q.speaker is padrino}
        assert set(timeline.entities()) == {e for e in app.story.events if padrino in e.actors}
        assert len(list(actors.entities())) == len(app.story.actors), "own pane stays whole"
        shown = screen_text(app)
        assert "Filter" in shown
        assert "f clears" in shown

        await pilot.press("f")
        await pilot.pause()
        assert screen.filter_entity is None
        assert len(list(quotes.entities())) == len(app.story.quotes)
        assert len(list(timeline.entities())) == len(app.story.events)
        assert f"{len(app.story.quotes)} quotes" in screen_text(app)


async def test_following_a_link_hidden_by_the_filter_lifts_the_filter() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.main_screen
        padrino = _actor(app, "Vladimir Padrino")
        screen.open_entity(padrino)
        await pilot.press("f")
        unrelated = next(q for q in app.story.quotes if q.speaker is not padrino)
        screen.open_entity(unrelated)
        await pilot.pause()
        assert screen.filter_entity is None
        assert screen.pane("quotes").cursor_entity is unrelated


async def test_y_copies_the_selected_quote_with_its_attribution() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        quotes = app.main_screen.pane("quotes")
        await pilot.press("3")
        await press_until(pilot, "j", lambda: is_padrino_quote(quotes.cursor_entity))
        await pilot.press("y")
        await pilot.pause()
        copied = app.clipboard
        assert copied.startswith("“The armed forces are firmly in defence")
        assert "— Vladimir Padrino, tweet, 30 Apr 2019" in copied
        assert "report ¶" in copied
        assert "Business Insider" in copied
        assert any("Copied" in str(n.message) for n in notifications(app))


async def test_y_copies_a_fragment_with_ellipses_and_a_paraphrase_without_quotes() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.main_screen
        fragment = next(q for q in app.story.quotes if q.text == "nerves of steel,")
        screen.open_entity(fragment)
        await pilot.press("y")
        assert app.clipboard.startswith("“…nerves of steel,” — Nicolás Maduro")
        paraphrase = next(q for q in app.story.quotes if q.kind == "paraphrase")
        screen.open_entity(paraphrase)
        await pilot.press("y")
        assert app.clipboard.startswith(paraphrase.text)
        assert "(paraphrased)" in app.clipboard
        assert "“" not in app.clipboard.split(" — ")[0]


async def test_y_without_a_quote_is_not_offered_and_copies_nothing() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert "y Copy" not in screen_lines(app)[-1]
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == ""
        await pilot.press("3")
        await pilot.pause()
        assert "y Copy" in screen_lines(app)[-1], "offered once a quote is selected"


async def test_actors_can_be_grouped_by_kind_and_back() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        actors = app.main_screen.pane("actors")
        await pilot.press("2", "j", "j")
        selected = actors.cursor_entity
        await pilot.press("s")
        headings = [row.label.plain for row in actors.rows if row.label is not None]
        assert any(heading.startswith("Person") for heading in headings)
        assert actors.cursor_entity is selected
        await pilot.press("s")
        headings = [row.label.plain for row in actors.rows if row.label is not None]
        assert any("Pro-Maduro" in heading for heading in headings)


async def test_search_closes_with_escape_or_ctrl_g() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for close in ("escape", "ctrl+g"):
            await pilot.press("slash")
            await pilot.pause()
            assert isinstance(app.screen, SearchScreen)
            await pilot.press(close)
            await pilot.pause()
            assert on_main_screen(app)


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_every_key(key: str) -> None:
    app = bundled_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        for words in ("Timeline", "Back", "Forward", "Search", "Filter", "Copy", "Reload", "Quit"):
            assert words in shown
        await pilot.press(key)
        await pilot.pause()
        assert on_main_screen(app)


async def test_q_quits() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        # Pilot.press waits for animations to end, forever if the app quits during one
        # (the tab underline's, at start-up), so let them end first.
        await pilot.wait_for_scheduled_animations()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_clicking_a_row_selects_it_and_clicking_again_opens_it() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.main_screen
        actors = screen.pane("actors")
        await pilot.click(actors, offset=(5, 5))
        await pilot.pause()
        clicked = actors.cursor_entity
        assert isinstance(clicked, Actor)
        assert screen.active_view == "actors"
        await pilot.click(actors, offset=(5, 5))
        await pilot.pause()
        assert screen.active_view == "detail"
        assert screen.current is clicked


async def test_keys_typed_straight_after_a_pane_key_go_to_that_pane() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.main_screen
        app.post_message(events.Key("3", "3"))
        app.post_message(events.Key("j", "j"))
        app.post_message(events.Key("j", "j"))
        await pilot.pause()
        assert screen.pane("quotes").cursor_entity is app.story.quotes[2]
        assert screen.pane("timeline").cursor_entity is app.story.events[0]


async def test_focusing_a_pane_scrolled_to_its_marks_shows_its_cursor_again() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 30)) as pilot:
        screen = app.main_screen
        timeline = screen.pane("timeline")
        screen.open_entity(_actor(app, "Sarah Sanders"))
        await pilot.pause()
        assert timeline.scroll_y > 0, "the timeline scrolled to Sanders's events"
        await pilot.press("1")
        await pilot.pause()
        assert timeline.cursor_entity is app.story.events[0]
        assert timeline.scroll_y == 0, "the cursor is back in view"
