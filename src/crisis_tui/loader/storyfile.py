"""Read a story file's text: only a regular file, only so much of it, only UTF-8.

Apart from the parser (``yamlsource``), so that a story read back from the
cache, which needs its text only for the digest, never imports PyYAML.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from crisis_tui.files import FileTooLarge, NotRegularFile, read_regular_file
from crisis_tui.loader.diagnostics import Diagnostic, Severity, StoryError, file_error

MAX_BYTES = 128 * 1024 * 1024
"""Files above this are refused before parsing: no story needs more."""


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or a StoryError with one line saying why not.

    Only a regular file is read (a FIFO or device is refused without
    waiting on it), and never more than ``max_bytes`` of it.
    """
    name = str(path)
    try:
        data = read_regular_file(path, max_bytes)
    except FileNotFoundError:
        raise file_error(name, "no such file") from None
    except PermissionError:
        raise file_error(name, "permission denied") from None
    except NotRegularFile as error:
        raise file_error(name, f"is {error.what}, not a story file") from None
    except FileTooLarge as error:
        message = (
            f"is larger than the {max_bytes:,}-byte limit for stories"
            if error.size is None
            else f"is {error.size:,} bytes; stories are limited to {max_bytes:,}"
        )
        raise file_error(name, message) from None
    except OSError as error:
        raise file_error(name, f"cannot be read ({error.strerror or error})") from None
    # A byte-order mark (some editors write one) is dropped here rather than by
    # the "utf-8-sig" codec: that one is a module to import, and the positions
    # in its errors leave the mark out.
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise StoryError([Diagnostic(name, line, 1, Severity.ERROR, "is not UTF-8 text")]) from None
    if not text.strip():
        raise file_error(name, "is empty")
    return text
