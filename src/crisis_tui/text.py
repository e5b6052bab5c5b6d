"""Story text is data: it must never move a cursor, ring a bell or colour a terminal.

Every place that writes story text to a terminal or a human-readable file
passes it through ``visible`` first.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """Replace control characters with visible stand-ins (ESC becomes ␛).

    Tab and newline are kept unless ``keep_newlines`` is false, in which case
    they become spaces, for one-line displays. Bidirectional overrides are
    replaced too, so a quote cannot reorder the text around it.
    """
    if not keep_newlines:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub(_picture, text)


def visible_in_place(text: str) -> str:
    """``text`` made visible on one line, one character for each of the original's.

    Offsets into ``text``, such as where a search matched, still fall on the
    same characters; ``visible(text, keep_newlines=False)`` cannot promise
    that, as it joins a CRLF into one space.
    """
    return visible(text).replace("\n", " ").replace("\t", " ")
