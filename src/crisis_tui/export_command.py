"""``crisis-tui export``: the story as JSON, CSV or a Markdown brief.

A module of its own so the other commands never import the exporters.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from crisis_tui.cli_support import KindChoice, story_option, story_service
from crisis_tui.export import EXPORT_FORMATS, export_story
from crisis_tui.loader import bundled_story_path
from crisis_tui.model import KINDS, Kind

_SECTIONS = tuple(kind.plural for kind in KINDS)


@click.command("export", params=[story_option()])
@click.option(
    "--format",
    "format_name",
    type=click.Choice(tuple(EXPORT_FORMATS)),
    required=True,
    help="Output format.",
)
@click.option(
    "--kind",
    type=KindChoice(KINDS),
    default=None,
    help="Only this kind of record, by its word for one or for many (CSV needs one).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, writable=True),
    default=None,
    help="Write to FILE instead of standard output.",
)
def export(
    story_path: Path | None, format_name: str, kind: Kind | None, output: Path | None
) -> None:
    """Export the story as JSON (loadable again), CSV (one table per kind) or a Markdown brief."""
    if format_name == "csv" and kind is None:
        raise click.UsageError(
            f"CSV holds one table: choose one with --kind ({', '.join(_SECTIONS)})"
        )
    if output is not None:
        _refuse_to_overwrite(story_path or bundled_story_path(), output)
    story = story_service(story_path).story
    text = export_story(story, format_name, (kind.plural,) if kind else _SECTIONS)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise click.FileError(str(output), error.strerror or str(error)) from None


def _refuse_to_overwrite(story_path: Path, output: Path) -> None:
    """Stop ``export -o`` from replacing the story it reads, by any name (a link, a symlink)."""
    try:
        same = os.path.samefile(story_path, output)
    except OSError:
        return  # one of them does not exist: the output cannot be the story
    if same:
        raise click.ClickException(
            f"{output} is the story being exported; choose another output file"
        )
