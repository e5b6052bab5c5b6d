"""``crisis-tui search QUERY``: the search engine from the command line.

Hits are printed best first with the matched words highlighted, or as JSON
for scripts. Story text is data: it is shown through ``visible`` and styled
by offsets, never parsed as markup; JSON escapes every control and format
character.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.text import Span, Text

from crisis_tui.cli_support import KindChoice, story_option, story_service
from crisis_tui.model import SEARCHABLE_KINDS, Kind
from crisis_tui.search import Hit, parse_query
from crisis_tui.search.highlight import window
from crisis_tui.text import json_text, visible, visible_in_place

MATCH_STYLE = "bold reverse"
KIND_STYLE = "dim"
SHOWN_CHARACTERS = 1_000
"""Characters of a hit's text printed, from a little before its first match; ``--json``
gives the whole text."""
LEAD = 40
"""Characters kept before the first match when the start of a text is left out."""


@click.command("search", params=[story_option()])
@click.argument("query")
@click.option(
    "--kind",
    type=KindChoice(SEARCHABLE_KINDS, everything="all"),
    default="all",
    show_default=True,
    help="Only this kind of entity, by its word for one or for many.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="At most this many hits.",
)
@click.option("--json", "as_json", is_flag=True, help="Print hits as a JSON list.")
def search_command(
    query: str, story_path: Path | None, kind: Kind | None, limit: int, as_json: bool
) -> None:
    """Search the story; exit 0 with hits, 1 with none, 2 if the query or story is wrong.

    QUERY is words in any order (typo-tolerant, accents optional, each may
    be unfinished), "an exact phrase", 'word (no typos), !word (leave out),
    by:ACTOR, kind:quote, side:ID, medium:tweet, date:2019-04.
    """
    index = story_service(story_path, failure_status=2).build_index()
    parsed = parse_query(query)
    problems = index.problems(parsed)
    for problem in problems:
        click.echo(f"error: {visible(str(problem), keep_newlines=False)}", err=True)
    if problems:
        raise SystemExit(2)
    hits = index.search(parsed, limit=limit, kinds=None if kind is None else (kind.singular,))
    if as_json:
        click.echo(json_text([hit_json(hit) for hit in hits]))
    elif hits:
        console = Console(highlight=False, soft_wrap=True)
        for hit in hits:
            console.print(hit_lines(hit))
    else:
        click.echo(f"no matches for {visible(query, keep_newlines=False)!r}", err=True)
    raise SystemExit(0 if hits else 1)


def hit_json(hit: Hit) -> dict[str, object]:
    """A hit as plain data; ``spans`` index ``text`` and ``title_spans`` index ``title``."""
    return {
        "kind": hit.kind,
        "id": hit.entity.id,
        "score": hit.score,
        "title": hit.title,
        "text": hit.text,
        "spans": [list(span) for span in hit.spans],
        "title_spans": [list(span) for span in hit.title_spans],
    }


def hit_lines(hit: Hit) -> Text:
    """Kind, highlighted title and id on one line; the highlighted text indented below."""
    line = Text()
    line.append(f"{hit.kind:<7}", style=KIND_STYLE)
    line.append_text(_highlighted(hit.title, hit.title_spans))
    line.append(f"  {visible(hit.entity.id or '', keep_newlines=False)}", style=KIND_STYLE)
    if hit.text:
        line.append("\n       ")
        line.append_text(_highlighted(hit.text, hit.spans))
    return line


def _highlighted(story_text: str, spans: tuple[tuple[int, int], ...]) -> Text:
    """Story text made safe to print, matched spans styled by offset, in one pass.

    Control characters become one visible stand-in each and line breaks one
    space each, so the spans still fall on the same characters. A long text
    is cut to ``SHOWN_CHARACTERS`` around its first match, with ellipses
    where it was cut.
    """
    start = 0
    if spans and spans[0][1] > SHOWN_CHARACTERS:
        start = spans[0][0] - LEAD
    shown, moved = window(story_text, spans, start, start + SHOWN_CHARACTERS)
    before = "…" if start > 0 else ""
    after = "…" if start + SHOWN_CHARACTERS < len(story_text) else ""
    offset = len(before)
    return Text(
        f"{before}{visible_in_place(shown)}{after}",
        spans=[Span(offset + begin, offset + end, MATCH_STYLE) for begin, end in moved],
    )
