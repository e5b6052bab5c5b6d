"""Reading the server's own small files (host key, authorized keys) without surprises.

They are read as every file is (:func:`crisis_tui.files.read_regular_file`:
no FIFO or device, bounded); a private key must also be the operator's
alone.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from crisis_tui.files import read_regular_file

MAX_KEY_FILE_BYTES = 1024 * 1024
"""An authorized-keys file of a thousand keys is well under this."""


class ServerFileError(Exception):
    """A file the server needs cannot be used; the message says why, for the operator."""


def read_small_file(path: Path, *, private: bool = False) -> bytes:
    """The bytes of a regular file; ``private`` also refuses one that others may read."""
    try:
        data = read_regular_file(path, MAX_KEY_FILE_BYTES)
        info = os.stat(path)
    except FileNotFoundError:
        raise ServerFileError(f"{path}: no such file") from None
    except OSError as error:
        raise ServerFileError(f"{path}: {error.strerror or error}") from None
    if private and info.st_mode & 0o077:
        raise ServerFileError(
            f"{path}: readable by other users (mode {stat.S_IMODE(info.st_mode):04o}); "
            f"a private key must be mode 0600: chmod 600 {path}"
        )
    if private and info.st_uid != os.getuid():
        raise ServerFileError(f"{path}: owned by another user; a private key must be yours")
    return data
