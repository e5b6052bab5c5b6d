"""Files crisis-tui keeps in the user's cache directory: named by key, read warily, written whole.

A cache file is an optimisation and never an obstacle: anything in the
cache directory may be missing, truncated, replaced by a directory, a FIFO
or a symlink to a device, or written by two processes at once. Reading
(:func:`crisis_tui.files.read_regular_file`) refuses all of those without
blocking, and the caller then does the work as if there were no cache;
writing goes to a private temporary file renamed into place, so a reader
sees the old file or the new one, never half of either.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

PARTIAL_SUFFIX = ".partial"
ABANDONED_AFTER = 3600
"""Seconds after which a half-written file is taken to be left by a process that died."""


def fingerprint(versions: Iterable[str], sources: Iterable[Path]) -> str:
    """A digest of version strings and of every ``*.py`` file in the ``sources`` packages.

    Changes whenever the code that produced a cached file may have, even
    uncommitted in a checkout, with no number to remember to bump.
    """
    digest = hashlib.blake2b(" ".join(versions).encode(), digest_size=16)
    for package in sources:
        for source in sorted(package.glob("*.py")):
            digest.update(source.read_bytes())
    return digest.hexdigest()


def file_for(directory: Path, key: str, suffix: str) -> Path:
    """The file that holds what was stored under ``key``."""
    name = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
    return directory / f"{name}{suffix}"


def write_atomically(path: Path, parts: Iterable[bytes]) -> None:
    """Write ``parts`` to ``path`` through a temporary file renamed into place; raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial_name = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=PARTIAL_SUFFIX)
    partial = Path(partial_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            for part in parts:
                stream.write(part)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def touch(path: Path) -> None:
    """Mark ``path`` as just used: the last to be pruned."""
    with suppress(OSError):
        os.utime(path, follow_symlinks=False)


def prune(directory: Path, suffix: str, keep: int) -> None:
    """Drop all but the ``keep`` most recently used files, and abandoned partial writes."""
    files = []
    for path in directory.glob(f"*{suffix}"):
        with suppress(OSError):
            files.append((path.lstat().st_mtime, path))
    files.sort(reverse=True)
    doomed = [path for _, path in files[keep:]]
    for path in directory.glob(f".*{PARTIAL_SUFFIX}"):
        with suppress(OSError):
            if path.lstat().st_mtime < time.time() - ABANDONED_AFTER:
                doomed.append(path)
    for path in doomed:
        with suppress(OSError):
            path.unlink()
