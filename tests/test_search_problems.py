"""A query that cannot mean anything says what is wrong, and what would do.

A filter's value is checked against what it can be (the media, the kinds,
the story's sides and actors, the calendar); a query with nothing to look
for says so. The explorer and ``crisis-tui search`` show the same words.
"""

from __future__ import annotations

import pytest
from search_helpers import bundled_index

from crisis_tui.loader import bundled_story_path, load_story
from crisis_tui.search import QueryProblem, parse_query
from crisis_tui.search.query import MAX_PROBLEMS, MAX_TERMS

STORY = load_story(bundled_story_path()).story


def _problem(query: str) -> QueryProblem:
    problems = bundled_index().problems(query)
    assert len(problems) == 1, (query, problems)
    assert bundled_index().search(query) == [], "a query with a problem finds nothing"
    return problems[0]


@pytest.mark.parametrize(
    ("query", "suggestion", "listed"),
    [
        ("medium:twitter", "medium:tweet", "tweet, speech, statement, interview, broadcast, other"),
        ("medium:speach ", "medium:speech", "tweet, speech"),
        ("side:maduro", "side:pro-maduro", ", ".join(sorted(side.id for side in STORY.sides))),
        ("side:guaido ", "side:pro-guaido", "pro-guaido"),
        ("kind:quotz", "kind:quote", "source, actor, place, event, quote"),
    ],
)
def test_an_unknown_filter_value_says_so_with_a_did_you_mean_and_the_valid_values(
    query: str, suggestion: str, listed: str
) -> None:
    problem = _problem(query)
    assert problem.suggestion == suggestion
    message = str(problem)
    assert message.startswith(query.strip())
    assert f"did you mean {suggestion}?" in message
    assert listed in message


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("date:2019-13", "there is no month 13"),
        ("date:2019-02-30", "2019-02 has no day 30"),
        ("date:2019-4 ", "a month has two digits, 2019-04"),
        ("date:19 ", "a year has four digits"),
        ("date:april", "write a date as YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_an_impossible_date_says_why_and_how_to_write_one(query: str, reason: str) -> None:
    message = str(_problem(query))
    assert reason in message
    assert "e.g. 2019-04-30" in message


@pytest.mark.parametrize("query", ["by:", "by: maduro", 'by:""'])
def test_an_empty_by_asks_for_a_name(query: str) -> None:
    assert "name an actor, e.g. by:maduro" in str(_problem(query))


def test_a_by_naming_no_actor_lists_the_nearest() -> None:
    problem = _problem("by:sandres-hq")
    assert problem.reason == "no actor of that name"
    assert problem.choices


@pytest.mark.parametrize(("query", "plural"), [("kind:links", "links"), ("kind:side", "sides")])
def test_a_kind_search_does_not_show_says_so(query: str, plural: str) -> None:
    assert f"{plural} are not searched" in str(_problem(query))


@pytest.mark.parametrize(
    "query", ["kind:quotes", "kind:Quotes", "kind:quote", "kind:events,quotes"]
)
def test_kind_takes_the_word_for_one_or_for_many(query: str) -> None:
    index = bundled_index()
    assert index.problems(query) == ()
    hits = index.search(query, limit=100)
    assert hits
    assert {hit.kind for hit in hits} <= {"quote", "event"}
    assert "quote" in {hit.kind for hit in hits}


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("", "the query is empty"),
        ("   ", "the query is empty"),
        ("...", "no words to find in '...', only punctuation"),
        ("?!-", "only punctuation"),
        ("!venezuela", "only words to leave out"),
    ],
)
def test_a_query_with_nothing_to_look_for_says_so(query: str, reason: str) -> None:
    assert reason in str(_problem(query))


@pytest.mark.parametrize(
    "query", ["by:mad", "kind:q", "kind:ev", "medium:tw", "date:2019-0", "date:201", "side:pro"]
)
def test_a_filter_still_being_typed_is_no_problem(query: str) -> None:
    assert bundled_index().problems(query) == ()


def test_valid_queries_have_no_problems() -> None:
    for query in ("guaido", "by:maduro", "medium:tweet date:2019-04-30", "side:pro-maduro"):
        assert parse_query(query).problems == ()
        assert bundled_index().problems(query) == ()


@pytest.mark.parametrize(
    "query",
    ["medium:" + "x" * 10_000, "." * 10_000, "by:" + "z" * 10_000, "date:" + "9" * 10_000],
    ids=["medium", "punctuation", "by", "date"],
)
def test_a_pasted_page_makes_a_short_message(query: str) -> None:
    problems = bundled_index().problems(query)
    assert problems
    assert all(len(str(problem)) < 400 for problem in problems)


@pytest.mark.parametrize(
    "query",
    ["medium:x " * 5000, "side:x " * 5000, "kind:" + ",".join(["x"] * 5000), "by:zz " * 5000],
    ids=["media", "sides", "kinds", "actors"],
)
def test_a_pasted_page_of_filters_is_bounded_and_tells_the_first_problems(query: str) -> None:
    parsed = parse_query(query)
    assert len(parsed.sides) + len(parsed.media) + len(parsed.speakers) <= MAX_TERMS
    problems = bundled_index().problems(query)
    assert 1 <= len(problems) <= MAX_PROBLEMS
