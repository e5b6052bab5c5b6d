"""A journalist's questions, asked from the first screen: one search, one enter, no syntax.

Each question is typed into the search as it would be asked; enter opens
the best hit, and the screen then shows the answer. A query that cannot
mean anything says why in the search itself.
"""

from __future__ import annotations

import pytest
from test_explorer_support import bundled_app, on_main_screen, screen_text
from textual.pilot import Pilot
from textual.widgets import Label

from crisis_tui.app import CrisisApp
from crisis_tui.screens.search import SearchScreen


async def _ask(app: CrisisApp, pilot: Pilot[None], question: str) -> SearchScreen:
    """From the first screen: "/", the question, and the answer listed."""
    await app.workers.wait_for_complete()  # the index
    await pilot.press("slash")
    await pilot.pause()
    overlay = app.screen
    assert isinstance(overlay, SearchScreen)
    await pilot.press(*question)
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if overlay.answered:
            return overlay
    raise AssertionError(f"no answer to {question!r}")


@pytest.mark.parametrize(
    ("question", "opened", "answer"),
    [
        (
            "what did the defence minister say",
            "Defence minister says armed forces stand by the constitution",
            "The armed forces are firmly in defence of the national constitution",
        ),
        (
            "every quote posted on Twitter",
            "the end of the usurpation has begun",
            "tweet",
        ),
        (
            "who relayed Sanders' statement",
            "We are monitoring the ongoing situation",
            "BBC News",
        ),
        (
            "what happened at La Carlota",
            "Guaidó summons supporters to La Carlota air base",
            "La Carlota",
        ),
    ],
)
async def test_a_question_takes_one_search_and_one_enter(
    question: str, opened: str, answer: str
) -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ask(app, pilot, question)
        await pilot.press("enter")
        await pilot.pause()
        assert on_main_screen(app)
        assert app.main_screen.active_view == "detail"
        shown = screen_text(app)
        assert opened in shown
        assert answer in shown


async def test_every_quote_posted_on_twitter_lists_the_tweets() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        overlay = await _ask(app, pilot, "every quote posted on Twitter")
        listed = list(overlay.results.entities())
        assert listed
        assert {getattr(entity, "medium", None) for entity in listed} == {"tweet"}


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("medium:twitter", "did you mean medium:tweet?"),
        ("kind:links", "links are not searched"),
        ("side:maduro", "did you mean side:pro-maduro?"),
        ("date:2019-13", "there is no month 13"),
        ("by: ", "name an actor, e.g. by:maduro"),
        ("...", "only punctuation"),
    ],
)
async def test_a_query_that_cannot_mean_anything_says_why_in_full(query: str, said: str) -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        overlay = await _ask(app, pilot, query)
        assert list(overlay.results.entities()) == []
        status = overlay.query_one("#search-status", Label)
        assert status.has_class("-problem")
        assert said in str(status.render())
        assert said in " ".join(screen_text(app).split()), "the whole message shows, wrapped"


async def test_kind_quotes_is_no_problem_in_the_explorer() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        overlay = await _ask(app, pilot, "kind:quotes maduro")
        assert not overlay.query_one("#search-status", Label).has_class("-problem")
        listed = list(overlay.results.entities())
        assert listed
        assert all(type(entity).__name__ == "Quote" for entity in listed)
