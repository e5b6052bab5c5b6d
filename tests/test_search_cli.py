"""``crisis-tui search``: exit codes, JSON on stdout, story text never read as markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from generate_story import generate_story_yaml
from hostile_search import one_quote_story, ten_megabytes
from search_helpers import forbid_building

from crisis_tui.search.cache import MIN_ENTITIES
from crisis_tui.search_command import SHOWN_CHARACTERS, search_command


def run(*args: str) -> Result:
    result = CliRunner().invoke(search_command, list(args), prog_name="crisis-tui search")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


def test_traitors_misspelt_lists_the_quotes_about_traitors() -> None:
    result = run("tratiors", "--kind", "quote")
    assert result.exit_code == 0
    assert "q-government-traitors" in result.stdout
    assert "q-rodriguez-traitors" in result.stdout
    assert "a small group of traitors" in result.stdout
    assert "q-guaido-usurpation" not in result.stdout


def test_no_hits_exits_one_and_says_so_on_stderr() -> None:
    result = run("zzqqxxvv")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no matches" in result.stderr


def test_json_lists_hits_best_first_with_spans_into_text() -> None:
    result = run("guaido usurp", "--json")
    assert result.exit_code == 0
    hits = json.loads(result.stdout)
    assert hits[0]["id"] == "q-guaido-usurpation"
    for hit in hits:
        assert set(hit) == {"kind", "id", "score", "title", "text", "spans", "title_spans"}
        for start, end in hit["spans"]:
            assert 0 <= start < end <= len(hit["text"])
        for start, end in hit["title_spans"]:
            assert 0 <= start < end <= len(hit["title"])
    first = hits[0]
    assert [first["text"][s:e] for s, e in first["spans"]] == ["usurpation"]
    assert [first["title"][s:e] for s, e in first["title_spans"]] == ["Guaidó"]
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)


def test_json_with_no_hits_is_an_empty_list_and_exit_one() -> None:
    result = run("zzqqxxvv", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_limit_and_kind() -> None:
    hits = json.loads(run("guaido", "--json", "--limit", "3", "--kind", "event").stdout)
    assert len(hits) == 3
    assert {hit["kind"] for hit in hits} == {"event"}


def test_an_invalid_story_exits_two_with_diagnostics_on_stderr(tmp_path: Path) -> None:
    """Not 1, which says the story has no hits."""
    story = tmp_path / "broken.yaml"
    story.write_text("format: crisis-story/1\nstory: [unclosed\n", encoding="utf-8")
    result = run("guaido", "--story", str(story))
    assert result.exit_code == 2
    assert "broken.yaml" in result.stderr
    assert result.stdout == ""


def test_story_text_is_never_markup_or_control_codes(tmp_path: Path) -> None:
    story = tmp_path / "hostile.yaml"
    story.write_text(
        "format: crisis-story/1\n"
        "story: {title: Hostile}\n"
        "sources: [{id: s, kind: tweet}]\n"
        "actors: [{id: a, name: '[bold]Ann[/bold]'}]\n"
        'quotes: [{id: q, text: "\\e[31mred alert [link=x]steel[/link]", '
        "speaker: a, sources: [s]}]\n",
        encoding="utf-8",
    )
    result = run("steel", "--story", str(story))
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "␛[31mred alert [link=x]steel[/link]" in result.stdout
    assert "[bold]Ann[/bold]" in result.stdout


def test_a_large_storys_index_is_kept_for_the_next_search(
    tmp_path: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = tmp_path / "large.yaml"
    story.write_text(generate_story_yaml(MIN_ENTITIES), encoding="utf-8")
    first = run("maudro nerves steel", "--story", str(story), "--json")
    assert first.exit_code == 0
    assert len(list(isolated_cache.rglob("*.index"))) == 1

    forbid_building(monkeypatch)
    second = run("maudro nerves steel", "--story", str(story), "--json")
    assert second.stdout == first.stdout
    assert json.loads(second.stdout)[0]["id"] == "q-maduro-nerves-of-steel"


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("medium:twitter", "did you mean medium:tweet?"),
        ("side:maduro", "did you mean side:pro-maduro?"),
        ("date:2019-13", "there is no month 13"),
        ("by:", "name an actor, e.g. by:maduro"),
        ("kind:links guaido", "links are not searched"),
        ("", "the query is empty"),
        ("...", "only punctuation"),
    ],
)
def test_a_malformed_query_exits_two_and_says_what_is_wrong(query: str, said: str) -> None:
    for extra in ([], ["--json"]):
        result = run(query, *extra)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.startswith("error: ")
        assert said in result.stderr


def test_a_missing_story_exits_two(tmp_path: Path) -> None:
    result = run("guaido", "--story", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert "missing.yaml" in result.stderr


@pytest.mark.parametrize("kind", ["quote", "quotes", "Quotes"])
def test_kind_takes_the_word_for_one_or_for_many(kind: str) -> None:
    result = run("tratiors", "--kind", kind, "--json")
    assert result.exit_code == 0
    assert {hit["kind"] for hit in json.loads(result.stdout)} == {"quote"}
    assert run("kind:" + kind + " tratiors", "--json").stdout == result.stdout


def test_an_unknown_kind_option_lists_the_kinds_with_a_did_you_mean() -> None:
    result = run("guaido", "--kind", "quotz")
    assert result.exit_code == 2
    assert "did you mean 'quote'?" in result.stderr
    assert "quote, quotes" in result.stderr


def test_the_journalists_questions_answer_with_exit_zero() -> None:
    for question in (
        "what did the defence minister say",
        "every quote posted on Twitter",
        "who relayed Sanders' statement",
        "what happened at La Carlota",
    ):
        assert run(question).exit_code == 0, question


def test_a_quote_of_ten_megabytes_prints_a_bounded_excerpt_around_its_match(
    tmp_path: Path,
) -> None:
    story = tmp_path / "hostile.yaml"
    story.write_text(one_quote_story("word " * 2_000 + ten_megabytes()), encoding="utf-8")
    result = run("guaido", "--story", str(story))
    assert result.exit_code == 0
    (_, excerpt) = result.stdout.splitlines()
    assert excerpt.strip().startswith("…")
    assert excerpt.rstrip().endswith("…")
    assert "guaido" in excerpt
    assert len(excerpt) <= SHOWN_CHARACTERS + 20
