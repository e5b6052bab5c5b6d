"""Search finds what people type: their words, in their order, for what the story calls otherwise.

Written from a journalist's questions about the bundled story, typed as
they would be asked, with no query syntax.
"""

from __future__ import annotations

import pytest
from search_helpers import bundled_index, ids

from crisis_tui.loader import bundled_story_path, load_story
from crisis_tui.loader.values import MEDIA
from crisis_tui.model import Actor, Event, Quote, Story, StoryInfo
from crisis_tui.search import SearchIndex
from crisis_tui.search.synonyms import FILLER_WORDS, SYNONYMS

STORY = load_story(bundled_story_path()).story


def _entity(entity_id: str) -> object:
    found = STORY.get(entity_id)
    assert found is not None, entity_id
    return found


# ---------------------------------------------------------------- the four tasks


def test_what_did_the_defence_minister_say() -> None:
    """The event of his tweet first (its detail shows the quote), then the quote itself."""
    found = ids(bundled_index().search("what did the defence minister say", limit=5))
    assert found[:2] == ["padrino-tweet", "q-padrino-constitution"]


def test_defence_minister_finds_padrinos_quote_by_his_role() -> None:
    assert "q-padrino-constitution" in ids(bundled_index().search("defence minister"))
    assert "q-padrino-constitution" in ids(bundled_index().search("minister", limit=50))


def test_every_quote_posted_on_twitter() -> None:
    hits = bundled_index().search("every quote posted on Twitter", limit=50)
    tweets = {quote.id for quote in STORY.quotes if quote.medium == "tweet"}
    assert set(ids(hits)) == tweets


def test_who_relayed_sanders_statement() -> None:
    """Her own words first (relayed by BBC News), then the paraphrase of what else she said."""
    hits = bundled_index().search("who relayed Sanders' statement", limit=5)
    assert ids(hits) == ["q-sanders-monitoring", "q-sanders-trump-briefed"]
    relayed = [actor.name for actor in getattr(hits[0].entity, "reported_by", ())]
    assert relayed == ["BBC News"]


def test_what_happened_at_la_carlota() -> None:
    hits = bundled_index().search("what happened at La Carlota", limit=5)
    at_la_carlota = {
        event.id for event in STORY.events if event.place and event.place.id == "la-carlota"
    }
    assert set(ids(hits)[: len(at_la_carlota)]) == at_la_carlota


# ------------------------------------------------------------------ word order


@pytest.mark.parametrize(
    ("typed", "reordered"),
    [
        ("usurp guaido", "guaido usurp"),
        ("steel maduro", "maduro steel"),
        ("carlota gunfire", "gunfire carlota"),
        ("minister defence", "defence minister"),
    ],
)
def test_words_in_any_order_find_the_same(typed: str, reordered: str) -> None:
    index = bundled_index()
    assert ids(index.search(typed))[0] == ids(index.search(reordered))[0]
    assert set(ids(index.search(typed))) == set(ids(index.search(reordered)))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("usurp guaido", "q-guaido-usurpation"),
        ("nerv steel", "q-maduro-nerves-of-steel"),
        ("gunf carlota", "la-carlota-firefight"),
        ("deactiv tratiors ", "q-rodriguez-traitors"),
    ],
)
def test_every_word_may_be_unfinished(typed: str, meant: str) -> None:
    assert ids(bundled_index().search(typed))[0] == meant


# ------------------------------------------------------------------ synonyms


def _story_of_every_medium() -> Story:
    """A quote said each way, in words that say nothing of how, and one event."""
    speaker = Actor("speaker", "Zyx Qwv")
    quotes = [
        Quote(f"q-{medium}", "Words of no account.", speaker, medium=medium, index=number)
        for number, medium in enumerate(MEDIA)
    ]
    return Story(StoryInfo("test"), actors=[speaker], quotes=quotes)


_EVERY_MEDIUM = SearchIndex.build(_story_of_every_medium())


@pytest.mark.parametrize(
    ("medium", "typed"),
    [
        (medium, word)
        for medium, typed in SYNONYMS.items()
        if medium in MEDIA
        for word in (medium, *typed)
    ],
)
def test_the_words_people_use_for_a_medium_find_quotes_said_that_way(
    medium: str, typed: str
) -> None:
    for query in (typed, f"{typed} ", typed.upper()):
        assert ids(_EVERY_MEDIUM.search(query))[0] == f"q-{medium}", query


@pytest.mark.parametrize("typed", ["quote", "quotes", *SYNONYMS["quote"]])
def test_the_words_people_use_for_saying_find_quotes(typed: str) -> None:
    found = _EVERY_MEDIUM.search(typed, limit=50)
    assert len(found) == len(MEDIA)
    assert all(isinstance(hit.entity, Quote) for hit in found)


@pytest.mark.parametrize("typed", ["event", "events", *SYNONYMS["event"]])
def test_the_words_people_use_for_happening_find_events(typed: str) -> None:
    found = bundled_index().search(f"{typed} carlota", limit=50)
    assert found
    assert all(isinstance(hit.entity, Event) for hit in found)


def test_every_synonym_entry_names_a_medium_or_a_kind_and_is_tested() -> None:
    kinds = {"quote", "event"}
    assert set(SYNONYMS) <= set(MEDIA) | kinds


def test_said_in_a_speech_finds_the_speech() -> None:
    speeches = [quote.id for quote in STORY.quotes if quote.medium == "speech"]
    assert ids(bundled_index().search("said in a speech")) == speeches


@pytest.mark.parametrize(("typed", "meant"), [("telev", "broadcast"), ("twitt", "tweet")])
def test_a_synonym_being_typed_already_finds(typed: str, meant: str) -> None:
    assert ids(_EVERY_MEDIUM.search(typed)) == [f"q-{meant}"]


def test_a_short_word_being_typed_stands_for_no_synonym() -> None:
    """ "air" (as in air base) is not yet "aired", a broadcast."""
    assert _EVERY_MEDIUM.search("air") == []


# ---------------------------------------------------------------- question words


def test_question_words_are_dropped_unless_there_is_nothing_else() -> None:
    index = bundled_index()
    assert ids(index.search("what did maduro say")) == ids(index.search("maduro say"))
    assert index.search("the", limit=1), "a query of question words alone still searches"


def test_filler_words_are_no_story_words_of_their_own() -> None:
    assert not FILLER_WORDS & {word for typed in SYNONYMS.values() for word in typed}
    assert "us" not in FILLER_WORDS  # the US is an actor


# ------------------------------------------------------------ a person's name


@pytest.mark.parametrize(
    ("query", "person"),
    [
        ("maduro", "nicolas-maduro"),
        ("guaido", "juan-guaido"),
        ("padrino", "vladimir-padrino"),
        ("sanders", "sarah-sanders"),
    ],
)
def test_a_persons_name_finds_them_then_what_they_said_and_did_then_mentions(
    query: str, person: str
) -> None:
    actor = _entity(person)
    own = {quote.id for quote in STORY.quotes if quote.speaker is actor}
    own |= {event.id for event in STORY.events if actor in event.actors}
    found = ids(bundled_index().search(query, limit=100))
    assert found[0] == person
    assert set(found[1 : 1 + len(own)]) == own
    mentions = found[1 + len(own) :]
    assert all(entity_id not in own for entity_id in mentions)


def test_the_mentions_still_follow() -> None:
    found = ids(bundled_index().search("maduro", limit=100))
    assert {"maduro-supporters", "socialist-party", "cabello-palace-rally-call"} <= set(found)


# ----------------------------------------------------------------------- by:


@pytest.mark.parametrize("actor_id", ["nicolas-maduro", "juan-guaido", "vladimir-padrino"])
def test_by_means_said_or_done_by_that_actor_and_nothing_else(actor_id: str) -> None:
    actor = _entity(actor_id)
    assert isinstance(actor, Actor)
    said = {quote.id for quote in STORY.quotes if quote.speaker is actor}
    done = {event.id for event in STORY.events if actor in event.actors}
    alias = actor.aliases[0]
    assert set(ids(bundled_index().search(f"by:{alias}", limit=100))) == said | done


def test_by_with_words_narrows_to_what_that_actor_said() -> None:
    assert ids(bundled_index().search("by:maduro steel")) == ["q-maduro-nerves-of-steel"]


def test_by_an_actor_who_said_and_did_nothing_finds_nothing() -> None:
    index = bundled_index()
    assert index.search("by:bbc") == []
    assert index.problems("by:bbc") == ()
