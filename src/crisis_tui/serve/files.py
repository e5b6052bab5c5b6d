"""Reading the server's own small files (host key, authorized keys) without surprises.

A path that names a FIFO, a device or a directory is refused without
blocking on it, and a file is read only up to a bound.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_KEY_FILE_BYTES = 1024 * 1024
"""An authorized-keys file of a thousand keys is well under this."""


class ServerFileError(Exception):
    """A file the server needs cannot be used; the message says why, for the operator."""


def read_small_file(path: Path, *, private: bool = False) -> bytes:
    """The bytes of a regular file; ``private`` also refuses one that others may read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        raise ServerFileError(f"{path}: no such file") from None
    except OSError as error:
        raise ServerFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ServerFileError(f"{path}: not a regular file")
        if private and info.st_mode & 0o077:
            raise ServerFileError(
                f"{path}: readable by other users (mode {stat.S_IMODE(info.st_mode):04o}); "
                f"a private key must be mode 0600: chmod 600 {path}"
            )
        if private and info.st_uid != os.getuid():
            raise ServerFileError(f"{path}: owned by another user; a private key must be yours")
        if info.st_size > MAX_KEY_FILE_BYTES:
            raise ServerFileError(f"{path}: larger than {MAX_KEY_FILE_BYTES:,} bytes")
        chunks = []
        remaining = MAX_KEY_FILE_BYTES + 1
        while remaining > 0 and (chunk := os.read(fd, remaining)):
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as error:
        raise ServerFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_KEY_FILE_BYTES:
        raise ServerFileError(f"{path}: larger than {MAX_KEY_FILE_BYTES:,} bytes")
    return data
