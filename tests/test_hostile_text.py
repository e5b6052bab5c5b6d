"""Story text and file names never reach a terminal, clipboard or export as anything but text.

Each test replays one of the hostile files in ``fixtures/hostile`` (or a file
name made at test time) as a reader would meet it: on screen, copied with
``y``, in ``validate``'s messages, in ``search --json`` and in each export.
"""

from __future__ import annotations

import csv
import io
import json
import os
import unicodedata
from pathlib import Path

import pytest
from hostile_text_helpers import DRAWN_FORMAT, HOSTILE, not_text
from loader_helpers import MINIMAL, replace_once
from loader_helpers import run_cli as run
from markdown_it import MarkdownIt
from test_explorer_support import notifications, screen_text

from crisis_tui.app import make_app
from crisis_tui.loader import load_story
from crisis_tui.loader.spec import SECTIONS
from crisis_tui.text import copyable, json_text, visible, visible_in_place

# -- the one function ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]52;c;eA==\x1b\\", "␛]52;c;eA==␛\\"),
        ("\x1b]0;title\x07\x1b[2J", "␛]0;title␇␛[2J"),
        ("csi\x9b2J osc\x9d0", "csi�2J osc�0"),
        ("del\x7f", "del␡"),
        ("gua\u200bido\u2060\ufeff", "gua�ido��"),
        ("soft\u00adhyphen", "soft�hyphen"),
        ("tag\U000e0041\U000e007f", "tag��"),
        ("\u202eevil\u202c \u2067iso\u2069 \u200f\u200e\u061c", "�evil� �iso� ���"),
        ("line\u2028para\u2029nel\x85", "line␤para␤nel␤"),
        ("lone\ud800", "lone�"),
    ],
    ids=[
        "osc52",
        "title-clear",
        "c1",
        "del",
        "zero-width",
        "soft-hyphen",
        "tags",
        "bidi",
        "separators",
        "surrogate",
    ],
)
def test_visible_shows_one_stand_in_for_each_character_that_is_not_text(
    raw: str, shown: str
) -> None:
    assert visible(raw) == shown
    assert visible_in_place(raw) == shown
    assert len(visible_in_place(raw)) == len(raw), "search offsets stay on their characters"


def test_visible_keeps_what_scripts_and_emoji_need() -> None:
    persian = "می\u200cخواهم"  # the non-joiner is part of the spelling
    family = "👩\u200d👩\u200d👧"
    dove = "🕊\ufe0f"  # a variation selector is a combining mark, not a format character
    assert visible(f"{persian} {family} {dove}") == f"{persian} {family} {dove}"


def _characters_of(categories: tuple[str, ...]) -> list[str]:
    return [char for char in map(chr, range(0x110000)) if unicodedata.category(char) in categories]


def test_every_control_separator_and_invisible_format_character_is_covered() -> None:
    """Checked against this Python's Unicode data, so a newer Unicode cannot slip one past."""
    characters = _characters_of(("Cc", "Cf", "Zl", "Zp", "Cs"))
    missed = [
        f"U+{ord(char):04X}"
        for char in characters
        if char not in DRAWN_FORMAT and visible(char, keep_newlines=False) == char
    ]
    assert missed == []
    escaped = json_text("".join(characters))
    assert not_text(escaped, allowed="") == []
    assert not (set(escaped) & DRAWN_FORMAT), "JSON escapes even the drawn format characters"


def test_copied_text_is_one_line_without_invisible_characters() -> None:
    assert copyable("Gua\u200bidó said\n\u202ehi\u202c\tthere\x1b[2J") == "Guaidó said hi there␛[2J"


def test_json_text_loses_nothing() -> None:
    value = "\x1b \x9b \u202e \u2028 \u200d \U000e0041 \ufeff"
    written = json_text({"text": value})
    assert not_text(written) == []
    assert "\\udb40\\udc41" in written, "beyond U+FFFF, a surrogate pair as JSON spells it"
    assert json.loads(written) == {"text": value}


# -- on screen and on the clipboard ----------------------------------------


@pytest.mark.parametrize("fixture", ["osc52-speaker.yaml", "title-clear-speaker.yaml"])
async def test_copying_a_hostile_speakers_quote_drives_neither_terminal_nor_clipboard(
    fixture: str,
) -> None:
    app = make_app(HOSTILE / fixture)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.main_screen.open_entity(app.story.quotes[0])
        await pilot.press("y")
        await pilot.pause()
        shown = screen_text(app)
        assert "Copied the quote by Mallory␛]" in shown
        assert not_text(shown) == []
        notices = [str(notification.message) for notification in notifications(app)]
        assert notices
        assert all(not_text(notice) == [] for notice in notices)
        assert app.clipboard.startswith("“")
        assert "␛]" in app.clipboard, "the escape is shown, not obeyed, when pasted"
        assert not_text(app.clipboard, allowed="") == []


@pytest.mark.parametrize("fixture", ["invisible-format.yaml", "bidi.yaml"])
async def test_invisible_and_bidi_characters_show_on_screen_and_leave_the_clipboard(
    fixture: str,
) -> None:
    app = make_app(HOSTILE / fixture)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        quote = app.story.quotes[0]
        app.main_screen.open_entity(quote)
        await pilot.press("y")
        await pilot.pause()
        shown = screen_text(app)
        assert not_text(shown) == []
        assert visible(quote.speaker.name) in shown
        assert "�" in visible(quote.speaker.name)
        assert not_text(app.clipboard, allowed="") == []
        words = app.clipboard.split(" — ")[0]
        assert (
            words
            == {
                "invisible-format.yaml": "“Free and fair”",
                "bidi.yaml": "“Transfer 0001 dollars”",
            }[fixture]
        )


# -- messages that name a file ---------------------------------------------

OSC_NAME = "story\x1b]0;pwned\x07.yaml"


def test_validate_shows_a_file_name_holding_an_osc_sequence_inertly(tmp_path: Path) -> None:
    valid = tmp_path / OSC_NAME
    valid.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    invalid = tmp_path / f"bad-{OSC_NAME}"
    invalid.write_text(
        replace_once(MINIMAL.read_text(encoding="utf-8"), "kind: city", "kind: planet"),
        encoding="utf-8",
    )
    result = run("validate", str(valid), str(invalid))
    assert result.exit_code == 1
    assert not_text(result.stdout) == []
    assert not_text(result.stderr) == []
    assert f"{tmp_path}/story␛]0;pwned␇.yaml: valid" in result.stdout
    assert f"{tmp_path}/bad-story␛]0;pwned␇.yaml:26:11: error: " in result.stderr
    missing = run("validate", str(tmp_path / f"missing-{OSC_NAME}"))
    assert "missing-story␛]0;pwned␇.yaml: error: no such file" in missing.stderr


async def test_reloading_a_story_with_an_osc_sequence_in_its_name_shows_the_name_inertly(
    tmp_path: Path,
) -> None:
    path = tmp_path / OSC_NAME
    path.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        for expected in ("Reloaded story␛]0;pwned␇.yaml", "story␛]0;pwned␇.yaml has errors"):
            await pilot.press("r")
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = screen_text(app)
            assert expected in shown
            assert not_text(shown) == []
            path.write_text("format: crisis-story/1\nstory: [broken]\n", encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "\x1b]0;pwned\x07"],
        ["export", "--\x1b]0;pwned\x07"],
        ["\x1b]0;pwned\x07"],
        ["search", "x", "--limit", "\x1b[2J"],
    ],
    ids=["bad-choice", "unknown-option", "unknown-command-or-file", "bad-number"],
)
def test_click_errors_quote_what_was_typed_inertly(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code in (1, 2)
    assert "␛" in result.stderr or "\\x1b" in result.stderr, "Click's own repr() is inert too"
    assert not_text(result.stderr) == []


# -- JSON ------------------------------------------------------------------


def test_search_json_escapes_every_control_and_format_character() -> None:
    story = HOSTILE / "json-controls.yaml"
    result = run("search", "guaido", "--kind", "quote", "--json", "--story", str(story))
    assert result.exit_code == 0
    assert not_text(result.stdout) == []
    for escape in ("\\u009b", "\\u009d", "\\u202e", "\\u2067", "\\u2028"):
        assert escape in result.stdout
    (hit,) = json.loads(result.stdout)
    assert hit["text"] == load_story(story).story.quotes[0].text


def test_export_json_escapes_every_control_and_format_character_and_reloads(
    tmp_path: Path,
) -> None:
    story = HOSTILE / "json-controls.yaml"
    result = run("export", "--format", "json", "--story", str(story))
    assert not_text(result.stdout) == []
    for escape in ("\\u009b", "\\u009d", "\\u202e", "\\u2067", "\\u2028"):
        assert escape in result.stdout
    exported = tmp_path / "export.json"
    exported.write_text(result.stdout, encoding="utf-8")
    assert load_story(exported).story.quotes[0].text == load_story(story).story.quotes[0].text


# -- CSV -------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("section", list(SECTIONS))
def test_csv_cells_never_start_like_a_formula(section: str) -> None:
    result = run(
        "export",
        "--format",
        "csv",
        "--kind",
        section,
        "--story",
        str(HOSTILE / "csv-formulas.yaml"),
    )
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    header, body = rows[0], rows[1:]
    for row in body:
        for key, cell in zip(header, row, strict=True):
            if key in ("lat", "lon"):
                continue  # numbers: a minus sign starts a number, not a formula
            assert not cell.startswith(FORMULA_STARTS), (key, cell)


def test_csv_prefixes_formula_cells_and_keeps_numbers() -> None:
    story = str(HOSTILE / "csv-formulas.yaml")
    actors = run("export", "--format", "csv", "--kind", "actors", "--story", story).stdout
    names = [row["name"] for row in csv.DictReader(io.StringIO(actors))]
    assert names == [
        "'+1+cmd|' /C calc'!A0",
        "'-2+3",
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "'\t=1+1",
        "␍=1+1",
    ]
    sources = run("export", "--format", "csv", "--kind", "sources", "--story", story).stdout
    assert next(csv.DictReader(io.StringIO(sources)))["title"].startswith("'=HYPERLINK(")
    places = run("export", "--format", "csv", "--kind", "places", "--story", story).stdout
    place = next(csv.DictReader(io.StringIO(places)))
    assert (place["lat"], place["lon"]) == ("-33.5", "-70.6")


# -- Markdown --------------------------------------------------------------


def test_markdown_brief_holds_no_html_and_links_only_to_http() -> None:
    result = run("export", "--format", "markdown", "--story", str(HOSTILE / "markdown-html.yaml"))
    brief = result.stdout
    assert not_text(brief) == []
    html = MarkdownIt("commonmark").render(brief)
    for tag in ("<img", "<script", "<b>", "<i>"):
        assert tag not in html
    assert "&#x202E;" not in html, "no entity is decoded"
    assert "\u202e" not in html
    hrefs = [part.split('"', 1)[0] for part in html.split('href="')[1:]]
    assert hrefs == ["https://example.com/a%20b%3Cc%3E%22d"]
    assert "img src=x onerror=alert(1)" in MarkdownIt("commonmark").render(brief).replace(
        "&lt;", "<"
    ), "a URL that is not http(s) is still written, as text"


# -- export -o -------------------------------------------------------------


@pytest.mark.parametrize("via", ["itself", "symlink", "hard-link"])
def test_export_refuses_to_overwrite_the_story_it_reads(tmp_path: Path, via: str) -> None:
    story = tmp_path / "story.yaml"
    original = MINIMAL.read_text(encoding="utf-8")
    story.write_text(original, encoding="utf-8")
    output = {"itself": story, "symlink": tmp_path / "link.json", "hard-link": tmp_path / "hard"}[
        via
    ]
    if via == "symlink":
        output.symlink_to(story)
    elif via == "hard-link":
        os.link(story, output)
    result = run("export", "--format", "json", "--story", str(story), "-o", str(output))
    assert result.exit_code == 1
    assert "is the story being exported; choose another output file" in result.stderr
    assert story.read_text(encoding="utf-8") == original


def test_export_writes_beside_the_story(tmp_path: Path) -> None:
    story = tmp_path / "story.yaml"
    story.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    result = run(
        "export", "--format", "json", "--story", str(story), "-o", str(tmp_path / "o.json")
    )
    assert result.exit_code == 0
    assert json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))["format"]
