"""Read a file only if it is an ordinary file, and only as much as its use can need.

A story, settings or cache path may name a FIFO (opening it waits for a
writer that never comes), a device (``/dev/zero`` never ends), or a
symlink to either. Opening without blocking and checking what was opened
(not what the path named a moment before) refuses all of them at once;
reading at most ``max_bytes`` bounds the memory any file can cost.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

_OPEN_FLAGS = (
    os.O_RDONLY
    | os.O_NONBLOCK  # a FIFO opens at once instead of waiting for a writer
    | getattr(os, "O_NOCTTY", 0)  # a terminal device never becomes ours
    | getattr(os, "O_CLOEXEC", 0)
)


SETTLE_INTERVAL = 0.1
"""Seconds between two looks at a file that must agree before it is taken as written."""
SETTLE_ATTEMPTS = 30
"""Looks before giving up on a file that keeps changing (about three seconds)."""


class NotRegularFile(OSError):
    """The path names something other than a regular file."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(errno.EINVAL, f"is {what}, not a regular file", str(path))
        self.what = what


class FileTooLarge(OSError):
    """The file holds more than the reader will take."""

    def __init__(self, path: Path, size: int | None, limit: int) -> None:
        said = f"is {size:,} bytes" if size is not None else "is larger than that"
        super().__init__(errno.EFBIG, f"{said}; the limit is {limit:,}", str(path))
        self.size = size
        self.limit = limit


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path``, if it is a regular file of at most ``max_bytes``.

    Raises :class:`NotRegularFile` for a directory, FIFO, socket or device
    (a symlink is followed, then judged by what it leads to),
    :class:`FileTooLarge` past the limit, and OSError for anything else
    that stops the read. Never blocks on opening.
    """
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path, _kind(info.st_mode))
        if info.st_size > max_bytes:
            raise FileTooLarge(path, info.st_size, max_bytes)
        os.set_blocking(descriptor, True)
        with open(descriptor, "rb", closefd=False) as stream:
            data = stream.read(max_bytes + 1)
    finally:
        os.close(descriptor)
    if len(data) > max_bytes:  # grew while being read
        raise FileTooLarge(path, None, max_bytes)
    return data


def _kind(mode: int) -> str:
    """What a non-regular file is, in words a user knows."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something else"


def wait_until_settled(
    path: Path,
    *,
    interval: float = SETTLE_INTERVAL,
    attempts: int = SETTLE_ATTEMPTS,
    cancelled: Callable[[], bool] = lambda: False,
) -> bool:
    """Wait until ``path`` stops changing: two looks ``interval`` apart agree.

    An editor may save a file in several writes, and a reader in between
    sees a shorter file that may even be valid. Two looks agree when the
    file's size, modification time and inode (an editor may save by
    renaming a new file over the old) are the same. True once they do;
    False if the file is still changing after ``attempts`` looks, or once
    ``cancelled`` says to stop.
    """
    previous = _signature(path)
    for _ in range(attempts):
        time.sleep(interval)
        if cancelled():
            return False
        current = _signature(path)
        if current == previous:
            return True
        previous = current
    return False


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None  # gone, or unreachable: the read that follows says why
    return (info.st_size, info.st_mtime_ns, info.st_ino)
