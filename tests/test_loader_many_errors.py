"""A file with thousands of mistakes costs what reading it costs, and prints what helps.

Every unknown reference used to rebuild the list of ids and fuzzy-match it
again, and a chain of places was walked once per place: work that grows
with the square (or cube) of the file. The stories here are generated,
not committed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from loader_helpers import diagnostics_of, load_text, time_limit

from crisis_tui.cli import main
from crisis_tui.export import export_story
from crisis_tui.loader import diagnostics as diagnostics_module
from crisis_tui.loader.diagnostics import MAX_SHOWN

UNKNOWN = 8_000


def _unknown_speakers(quotes: int) -> str:
    lines = [
        "format: crisis-story/1",
        "story: {title: Unknown speakers}",
        "sources: [{id: report, publisher: alice}]",
        "actors: [{id: alice, name: Alice, sources: [report]}]",
        "quotes:",
    ]
    lines += [
        f"  - {{id: q-{n}, text: Words, speaker: alize-{n}, sources: [report]}}"
        for n in range(quotes)
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def unknown_speakers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "file-unknown-speakers.yaml"
    path.write_text(_unknown_speakers(UNKNOWN), encoding="utf-8")
    return path


def test_validate_prints_the_first_errors_then_how_many_more(unknown_speakers: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(unknown_speakers)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == MAX_SHOWN + 2
    assert lines[0] == (
        f"{unknown_speakers}:6:37: error: 'speaker' names unknown actor 'alize-0'; "
        "did you mean 'alice'?"
    )
    assert all(": error: 'speaker' names unknown actor" in line for line in lines[:MAX_SHOWN])
    assert lines[-2] == f"… and {UNKNOWN - MAX_SHOWN:,} more errors"
    assert lines[-1] == f"{unknown_speakers}: invalid: {UNKNOWN} errors"


def test_did_you_mean_work_is_bounded_and_its_choices_gathered_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[int] = []
    looked_up: list[str] = []
    original_init = diagnostics_module.NearMatches.__init__
    original_hint = diagnostics_module.NearMatches.hint

    def counting_init(self: diagnostics_module.NearMatches, choices: list[str]) -> None:
        built.append(1)
        original_init(self, choices)

    def counting_hint(self: diagnostics_module.NearMatches, word: str) -> str:
        looked_up.append(word)
        return original_hint(self, word)

    monkeypatch.setattr(diagnostics_module.NearMatches, "__init__", counting_init)
    monkeypatch.setattr(diagnostics_module.NearMatches, "hint", counting_hint)
    errors = diagnostics_of(_unknown_speakers(2_000))
    assert len(errors) == 2_000
    assert len(built) == 1, "one list of actor ids, not one per unknown speaker"
    assert len(looked_up) == MAX_SHOWN
    assert "did you mean 'alice'?" in errors[0].message
    assert not any("did you mean" in e.message for e in errors[MAX_SHOWN:])


def test_the_problems_counted_at_the_end_say_which_kind(tmp_path: Path) -> None:
    text = _unknown_speakers(MAX_SHOWN + 1) + "places: [{id: nowhere, name: Nowhere}]\n"
    path = tmp_path / "file-mixed.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.stderr.splitlines()[-2] == "… and 2 more (1 error, 1 warning)"


def _chain(places: int, *, outermost_last: bool, closed: bool = False) -> str:
    lines = ["format: crisis-story/1", "story: {title: Chain}", "places:"]
    for n in range(places):
        outer = n + 1 if outermost_last else n - 1
        within = f", within: p-{outer % places}" if 0 <= outer < places or closed else ""
        lines.append(f"  - {{id: p-{n}, name: Place {n}{within}}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("outermost_last", [True, False])
def test_a_long_chain_of_places_loads_without_recursion_or_repeated_walks(
    outermost_last: bool,
) -> None:
    with time_limit(60):
        story = load_text(_chain(20_000, outermost_last=outermost_last)).story
    innermost = story.get("p-0")
    assert innermost is not None
    assert len(story.places) == 20_000


def test_a_cycle_through_a_long_chain_is_reported_once_at_its_first_place() -> None:
    with time_limit(60):
        errors = diagnostics_of(_chain(5_000, outermost_last=True, closed=True))
    cycles = [e for e in errors if "cycle" in e.message]
    assert len(cycles) == 1
    assert cycles[0].line == 4
    assert cycles[0].message == (
        "places are within each other in a cycle: "
        "p-0 → p-1 → p-2 → p-3 → p-4 → p-5 → … 4,993 more … → p-4999 → p-0"
    )


def test_the_markdown_of_a_long_chain_of_places_grows_with_the_chain() -> None:
    story = load_text(_chain(5_000, outermost_last=False)).story
    markdown = export_story(story, "markdown", ("places",))
    lines = [line for line in markdown.splitlines() if line.startswith("- **Place ")]
    assert len(lines) == 5_000
    assert (
        lines[-1]
        == "- **Place 4999** (other), in Place 4998, Place 4997, Place 4996, Place 4995, …"
    )
    assert len(markdown) < 100 * 5_000
