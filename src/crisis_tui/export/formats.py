"""The three export formats, each a function from a story to text."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

from crisis_tui.export.markdown import markdown_brief
from crisis_tui.export.normal import normalise_story, with_references
from crisis_tui.loader.spec import SECTIONS
from crisis_tui.model import Story
from crisis_tui.text import visible

_UNSAFE_IN_JSON_TEXT = re.compile(r"[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
"""Characters a terminal would obey, or that YAML would not read back as they were."""


def export_json(story: Story, sections: tuple[str, ...]) -> str:
    """The normalised story; loadable again as a story file (JSON is YAML).

    Chosen sections come with the sections they refer to, so that a part of
    a story loads as well as the whole. Control characters are escaped (never
    written raw), so the output is safe to print to a terminal and still
    loses nothing.
    """
    data = normalise_story(story, with_references(sections))
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _UNSAFE_IN_JSON_TEXT.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def export_csv(story: Story, sections: tuple[str, ...]) -> str:
    """One table: a row per record, a column per format key."""
    (section_key,) = sections
    section = SECTIONS[section_key]
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(spec.key for spec in section.fields)
    for record in normalise_story(story, sections)[section_key]:
        writer.writerow(_cell(record.get(spec.key)) for spec in section.fields)
    return output.getvalue()


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
