"""What "no control sequence" means in a test: one checker shared by the hostile-text tests."""

from __future__ import annotations

import unicodedata
from pathlib import Path

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"

DRAWN_FORMAT = frozenset(
    "\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\u200c\u200d"
    "\U000110bd\U000110cd"
)
"""Format characters that are text (joiners, concatenation marks): allowed anywhere."""


def not_text(value: str, *, allowed: str = "\n") -> list[str]:
    """Every character of ``value`` a terminal would obey or a reader could not see.

    That is controls (Cc), format characters (Cf) but the drawn ones, line and
    paragraph separators (Zl, Zp) and lone surrogates (Cs); ``allowed`` are
    exempt (a newline between lines of output).
    """
    return [
        f"U+{ord(char):04X}"
        for char in value
        if char not in allowed
        and char not in DRAWN_FORMAT
        and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs")
    ]
