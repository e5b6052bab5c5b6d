"""One table of kinds, read everywhere: a reader types the same word in every place.

The story format's sections, the story's records, search hits, the ``kind:``
filter and the ``--kind`` options of ``search`` and ``export`` all name a
kind by its word for one or for many.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result
from loader_helpers import MINIMAL

from crisis_tui.cli import main
from crisis_tui.loader import load_story
from crisis_tui.loader.spec import SECTIONS
from crisis_tui.model import KINDS, SEARCHABLE_KINDS, Kind, kind_named, kind_of
from crisis_tui.search import SearchIndex, parse_query
from crisis_tui.search.documents import SEARCHABLE_KINDS as SEARCHED_WORDS


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), prog_name="crisis-tui")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def test_the_story_format_has_a_section_per_kind_in_the_tables_order() -> None:
    assert [(section.key, section.singular) for section in SECTIONS.values()] == [
        (kind.plural, kind.singular) for kind in KINDS
    ]


def test_every_record_has_its_kind_and_the_story_lists_them_kind_by_kind() -> None:
    story = load_story(MINIMAL).story
    order = [kind_of(entity) for entity in story.records]
    assert order == sorted(order, key=KINDS.index)
    for kind in KINDS:
        assert all(kind_of(entity) is kind for entity in getattr(story, kind.plural))


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.singular)
def test_a_kind_is_named_by_its_word_for_one_or_many_in_any_case(kind: Kind) -> None:
    for word in (*kind.names, kind.plural.upper(), f" {kind.singular.title()} "):
        assert kind_named(word) is kind


def test_search_shows_the_searchable_kinds_and_names_hits_by_their_word() -> None:
    assert tuple(kind.singular for kind in SEARCHABLE_KINDS) == SEARCHED_WORDS
    index = SearchIndex.build(load_story(MINIMAL).story)
    for kind in SEARCHABLE_KINDS:
        for word in kind.names:
            assert parse_query(f"kind:{word}").kinds == frozenset({kind.singular})
            hits = index.search(f"kind:{word}", limit=100)
            assert {hit.kind for hit in hits} <= {kind.singular}


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.singular)
def test_export_kind_takes_the_word_for_one_or_many(kind: Kind) -> None:
    outputs = {
        word: run("export", "--story", str(MINIMAL), "--format", "csv", "--kind", word)
        for word in kind.names
    }
    assert all(result.exit_code == 0 for result in outputs.values())
    assert len({result.stdout for result in outputs.values()}) == 1
    header = next(iter(outputs.values())).stdout.splitlines()[0]
    assert header == ",".join(spec.key for spec in SECTIONS[kind.plural].fields)


@pytest.mark.parametrize("kind", SEARCHABLE_KINDS, ids=lambda kind: kind.singular)
def test_search_kind_takes_the_word_for_one_or_many(kind: Kind) -> None:
    outputs = {
        run("search", "a", "--story", str(MINIMAL), "--json", "--kind", word).stdout
        for word in kind.names
    }
    assert len(outputs) == 1


def test_search_refuses_a_kind_it_does_not_show_and_says_which_it_does() -> None:
    result = run("search", "a", "--story", str(MINIMAL), "--kind", "links")
    assert result.exit_code == 2
    assert "'links' cannot be chosen here" in result.stderr
    assert "quote, quotes" in result.stderr
