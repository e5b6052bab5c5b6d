"""Stories built from hostile strings: nothing raises, and no output carries a control sequence.

The strings mix terminal escapes, C1 controls, BiDi controls, invisible
format characters, separators, Rich markup (``[@click=app.quit]`` would quit
the app if parsed), HTML, spreadsheet formulas and long runs. Every field a
reader sees is filled from them; the screen, the clipboard, every export and
``search --json`` are then checked character by character.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import tempfile
from pathlib import Path

import yaml
from click.testing import CliRunner
from hostile_text_helpers import not_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_explorer_support import screen_text
from textual.pilot import Pilot
from textual.widgets import Input

from crisis_tui.app import make_app
from crisis_tui.cli import main
from crisis_tui.export import export_story
from crisis_tui.loader import load_story_text
from crisis_tui.loader.spec import SECTIONS
from crisis_tui.model import Entity, Story
from crisis_tui.widgets.story_text import plain_quote_citation

PIECES = (
    "\x1b]52;c;cm0gLXJmIH4K\x1b\\",
    "\x1b]0;title\x07\x1b[2J",
    "\x1b[31m",
    "\x9b2J",
    "\x9d0;x\x9c",
    "\x00\x07\x08\x7f",
    "\r",
    "\t",
    "\n",
    "\x85",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2067",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\U000e0001\U000e0041",
    "\u200d",
    "[bold]",
    "[/]",
    "[@click=app.quit]",
    "[link=https://evil.invalid]",
    "<img src=x onerror=alert(1)>",
    "&#x202e;",
    "=1+1",
    "@SUM(A1)",
    "-",
    "+",
    "guaido ",
    "Guaidó",
    "王",
    "🕊️",
)

hostile = st.one_of(
    st.lists(st.sampled_from(PIECES) | st.text(max_size=3), min_size=1, max_size=8).map("".join),
    st.tuples(st.sampled_from(PIECES), st.integers(100, 400)).map(lambda run: run[0] * run[1]),
)
"""A hostile string: a mix of pieces and random characters, or one piece repeated."""


def _quoted(value: str) -> str:
    return yaml.safe_dump(value, default_style='"', width=1_000_000).strip().removesuffix("...")


def _story_text(values: list[str]) -> str:
    """A valid story whose every shown field is hostile; ``guaido`` makes search find it."""
    title, side, name, role, place, event, summary, words, source, url = map(_quoted, values)
    return f"""format: crisis-story/1
story:
  title: {title}
  summary: {summary}
  timezone: UTC
sides:
  - id: side
    label: {side}
sources:
  - id: report
    kind: article
    title: {source}
    url: {url}
actors:
  - id: speaker
    name: {name}
    kind: person
    role: {role}
    side: side
places:
  - id: place
    name: {place}
    kind: city
events:
  - id: event
    title: {event}
    summary: {summary}
    when: "2019-04-30"
    place: place
    actors: [speaker]
    sources: [report]
quotes:
  - id: quote
    text: {words}
    speaker: speaker
    event: event
    sources: [report]
"""


stories = st.lists(hostile, min_size=10, max_size=10).map(
    lambda values: _story_text(
        [f"x{value}" for value in values[:7]] + [f"guaido {values[7]}"] + values[8:]
    )
)

QUICK = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _load(text: str) -> Story:
    return load_story_text(text, "hostile.yaml").story


@QUICK
@given(stories)
def test_exports_search_json_and_copied_text_hold_no_control_sequence(text: str) -> None:
    story = _load(text)
    exported_json = export_story(story, "json")
    assert not_text(exported_json) == []
    json.loads(exported_json)
    assert not_text(export_story(story, "markdown")) == []
    for section in SECTIONS:
        table = export_story(story, "csv", (section,))
        assert not_text(table, allowed="\n\t") == [], section  # a cell may keep a tab
        for row in csv.reader(io.StringIO(table)):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    assert not_text(plain_quote_citation(story.quotes[0]), allowed="") == []
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "hostile.yaml"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["search", "guaido", "--json", "--story", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not_text(result.stdout) == []
    assert any(hit["id"] == "quote" for hit in json.loads(result.stdout))


async def _type(pilot: Pilot[None], words: str) -> None:
    """Fill the focused input at once, then wait until its search has answered and been drawn."""
    await pilot.pause()
    pilot.app.screen.query_one(Input).value = words
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _explore(path: Path) -> list[str]:
    """Every screen a reader passes through: each record's card, the copy, search, palette."""
    seen: list[str] = []
    app = make_app(path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        story = app.story
        records: list[Entity] = [*story.quotes, *story.actors, *story.events, *story.places]
        for entity in [*records, *story.sources]:
            app.main_screen.open_entity(entity)
            await pilot.pause()
            seen.append(screen_text(app))
        app.main_screen.open_entity(story.quotes[0])
        await pilot.press("y")
        await pilot.pause()
        seen += [screen_text(app), app.clipboard]
        await pilot.press("slash")
        await _type(pilot, "guaido")
        seen.append(screen_text(app))
        assert "Quote" in seen[-1]
        await pilot.press("escape", "ctrl+p")
        await _type(pilot, "guaido")
        seen.append(screen_text(app))
        assert "Quote:" in seen[-1]
        assert app.is_running, "markup in the story must never run an action"
    return seen


@settings(QUICK, max_examples=3)
@given(stories)
def test_the_screen_and_the_clipboard_hold_no_control_sequence(text: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "hostile.yaml"
        path.write_text(text, encoding="utf-8")
        for shown in asyncio.run(_explore(path)):
            assert not_text(shown) == []
