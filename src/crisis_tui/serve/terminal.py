"""What a client says about its terminal, made safe to act on.

A client names its terminal type, window size and colour wishes; all of it
is untrusted. Sizes are bounded (a window of 65535 x 65535 cells would make
the explorer allocate gigabytes), and names are kept only when they look
like what terminals actually send.
"""

from __future__ import annotations

import fcntl
import re
import struct
import termios
from collections.abc import Mapping

MAX_COLUMNS = 1000
MAX_ROWS = 400
DEFAULT_SIZE = (80, 24)
DEFAULT_TERM = "xterm-256color"
COLORTERMS = ("truecolor", "24bit")

_TERM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")

RESET = (
    b"\x1b[?1049l"  # leave the alternate screen
    b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"  # no mouse reports
    b"\x1b[?2004l\x1b[?1004l"  # no bracketed paste, no focus reports
    b"\x1b[<u"  # pop the enhanced keyboard mode
    b"\x1b[0m\x1b[?25h\r\n"  # plain text, cursor shown
)
"""Puts a client's terminal back after an explorer that could not do so itself."""


def window_size(columns: int, rows: int) -> tuple[int, int]:
    """The size to give the session: the client's, within bounds; 80x24 when it sent none."""
    if columns <= 0 or rows <= 0:
        return DEFAULT_SIZE
    return min(columns, MAX_COLUMNS), min(rows, MAX_ROWS)


def set_window_size(fd: int, columns: int, rows: int) -> None:
    """Resize the terminal at ``fd``; its processes get SIGWINCH from the kernel."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def terminal_name(term: str | None) -> str:
    """The client's TERM if it looks like a terminal name, else a common default."""
    if term and _TERM_NAME.fullmatch(term):
        return term
    return DEFAULT_TERM


def colour_wishes(environment: Mapping[str, str]) -> tuple[str | None, bool]:
    """COLORTERM (only the values that mean 24-bit colour) and whether NO_COLOR was sent."""
    colorterm = environment.get("COLORTERM")
    no_color = bool(environment.get("NO_COLOR"))
    return (colorterm if colorterm in COLORTERMS else None), no_color
