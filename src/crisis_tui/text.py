"""Story text is data: it must never move a cursor, ring a bell, colour a terminal or hide.

Every string that came from outside (a story, a file name, a query) and is
shown passes through :func:`visible`; what is put on the clipboard passes
through :func:`copyable`; JSON output is written by :func:`json_text`. The
three share one definition of the characters that are not text:

- controls (C0, DEL, C1): a terminal obeys them (ESC starts a sequence that
  can set the clipboard, the window title, or clear the screen);
- line and paragraph separators (U+2028, U+2029): a line break in disguise;
- invisible format characters: the bidirectional controls (U+202A–U+202E,
  U+2066–U+2069, U+200E, U+200F, U+061C) reorder the text around them, and
  zero-width characters (U+200B, U+2060, U+FEFF, the soft hyphen, the tag
  characters U+E0000–U+E007F, ...) hide text or split a word unseen;
- lone surrogates: no terminal or file can encode them.

On screen each becomes exactly one visible character: a C0 control or DEL
its Unicode control picture (ESC shows as ␛, BEL as ␇), a line or paragraph
separator ␤, anything else �. One character for one keeps columns, widths
and search-match offsets exact, and the reader sees that something is there
and where; ``export --format json`` names each one exactly (``\\u200b``).

Two kinds of format character are text and stay: the zero-width joiner and
non-joiner (U+200D, U+200C), which Persian, Indic scripts and emoji sequences
need and which cannot reorder or hide anything; and the prepended
concatenation marks (U+0600–U+0605, U+06DD, U+070F, U+0890, U+0891, U+08E2,
U+110BD, U+110CD), which are drawn. Variation selectors are combining marks,
not format characters, and stay too.
"""

from __future__ import annotations

import json
import re

_INVISIBLE_FORMAT = (
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
"""Format characters (category Cf) that draw nothing, as of Unicode 15.1."""

_DRAWN_FORMAT = "\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u200c\u200d\U000110bd\U000110cd"
"""Format characters that are text: the joiners and the concatenation marks."""

_SEPARATORS = "\u2028\u2029"
_SURROGATES = "\ud800-\udfff"

_NOT_TEXT = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_SEPARATORS}{_INVISIBLE_FORMAT}{_SURROGATES}]"
)
"""What :func:`visible` replaces; tab and newline are handled on their own."""

_INVISIBLE = re.compile(f"[{_INVISIBLE_FORMAT}]")

_LINE_BREAKS = re.compile(f"\r\n|[\n\r\t\x85{_SEPARATORS}]")

_ESCAPED_IN_JSON = re.compile(
    f"[\x7f-\x9f{_SEPARATORS}{_INVISIBLE_FORMAT}{_DRAWN_FORMAT}{_SURROGATES}\ufffe\uffff]"
)
"""Beyond what ``json.dumps`` escapes (C0, quote, backslash): every other control,
separator and format character, lone surrogates, and the two noncharacters YAML
would not read back."""

NEWLINE_PICTURE = "\u2424"
"""␤, shown for NEL, U+2028 and U+2029."""

UNSHOWN = "\ufffd"
"""�, shown for a format character, a C1 control or a lone surrogate."""


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if code == 0x85 or match.group() in _SEPARATORS:
        return NEWLINE_PICTURE
    return UNSHOWN


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with every character that is not text replaced by one visible one.

    Tab and newline are kept unless ``keep_newlines`` is false, in which case
    they become spaces (and a CRLF one space), for one-line displays.
    """
    if not keep_newlines:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _NOT_TEXT.sub(_picture, text)


def visible_in_place(text: str) -> str:
    """``text`` made visible on one line, one character for each of the original's.

    Offsets into ``text``, such as where a search matched, still fall on the
    same characters; ``visible(text, keep_newlines=False)`` cannot promise
    that, as it joins a CRLF into one space.
    """
    return visible(text).replace("\n", " ").replace("\t", " ")


def copyable(text: str) -> str:
    """``text`` for the clipboard: one line, no control, separator or invisible character.

    Invisible format characters are dropped rather than shown: they carry
    nothing a reader sees, and a pasted quote should read as its words
    ("Gua\\u200bidó" pastes as "Guaidó"). Line breaks become spaces; any
    other control becomes its picture, as on screen.
    """
    return visible(_LINE_BREAKS.sub(" ", _INVISIBLE.sub("", text)))


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON spells a character beyond U+FFFF as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(data: object, *, indent: int | None = 2) -> str:
    """``data`` as JSON that is safe to print to a terminal and loses nothing.

    Every control, separator and format character in a string is written as
    a ``\\u`` escape, never raw; every other character is written as itself.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _ESCAPED_IN_JSON.sub(_json_escape, text)
