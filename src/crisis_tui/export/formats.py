"""The three export formats, each a function from a story to text."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from crisis_tui.export.markdown import markdown_brief
from crisis_tui.export.normal import normalise_story
from crisis_tui.loader.spec import SECTIONS
from crisis_tui.model import Story
from crisis_tui.text import json_text, visible

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is read as a formula by spreadsheets."""


def export_json(story: Story, sections: tuple[str, ...]) -> str:
    """The normalised story; loadable again as a story file (JSON is YAML).

    Control and format characters are escaped (never written raw), so the
    output is safe to print to a terminal and still loses nothing.
    """
    return json_text(normalise_story(story, sections)) + "\n"


def export_csv(story: Story, sections: tuple[str, ...]) -> str:
    """One table: a row per record, a column per format key.

    A spreadsheet runs a cell that starts like a formula (``=HYPERLINK(…)``),
    so such a text cell gets a leading ``'`` (OWASP's rule), which the
    spreadsheet shows as text and hides. Numbers stay numbers.
    """
    (section_key,) = sections
    section = SECTIONS[section_key]
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(spec.key for spec in section.fields)
    for record in normalise_story(story, sections)[section_key]:
        writer.writerow(_inert(record.get(spec.key)) for spec in section.fields)
    return output.getvalue()


def _inert(value: object) -> str:
    """The cell's text, never a formula."""
    cell = _cell(value)
    if isinstance(value, (int, float)) or not cell.startswith(FORMULA_STARTS):
        return cell
    return "'" + cell


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return f"{value['source']}:{value['para']}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return visible(str(value))


EXPORT_FORMATS: dict[str, Callable[[Story, tuple[str, ...]], str]] = {
    "json": export_json,
    "csv": export_csv,
    "markdown": markdown_brief,
}


def export_story(
    story: Story, format_name: str, sections: tuple[str, ...] = tuple(SECTIONS)
) -> str:
    """The story as text in the named format; CSV takes exactly one section."""
    return EXPORT_FORMATS[format_name](story, sections)
