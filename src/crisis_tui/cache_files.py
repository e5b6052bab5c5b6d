"""Files crisis-tui keeps in the user's cache directory: named by key, read warily, written whole.

A cache file is an optimisation and never an obstacle: anything in the
cache directory may be missing, truncated, replaced by a directory, a FIFO
or a symlink to a device, or written by two processes at once. Reading
(:func:`crisis_tui.files.read_regular_file`) refuses all of those without
blocking, and the caller then does the work as if there were no cache;
writing goes to a private temporary file renamed into place, so a reader
sees the old file or the new one, never half of either.

A cache file is also sealed (:class:`Seal`) with a key that never lives in
the cache directory, so a file this user's crisis-tui did not write is
refused before a byte of it is decoded.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
import time
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import NamedTuple

from crisis_tui.files import FileTooLarge, read_regular_file
from crisis_tui.xdg import data_directory

PARTIAL_SUFFIX = ".partial"
ABANDONED_AFTER = 3600
"""Seconds after which a half-written file is taken to be left by a process that died."""
SEAL_BYTES = 16
KEY_BYTES = 32
KEY_FILE = "cache.key"


# A named tuple, not a dataclass: a tenth of the cost to define, and it is
# defined before the explorer's first frame.
class Seal(NamedTuple):
    """A keyed digest (BLAKE2b's MAC mode) that proves a cache file came from this user's crisis-tui.

    A plain digest only detects damage: anyone who can put a file in the
    cache directory (a cache restored from a backup or another machine, a
    synced or shared home, another program) could write a well-formed file
    with a matching digest, and the checks of every field cannot tell a
    forged record from a true one. The key is random, per user, and kept
    under ``$XDG_DATA_HOME`` with mode 0600, never beside the files it seals.
    """

    key: bytes

    @classmethod
    def of_user(cls) -> Seal:
        """The user's key, made on first use; raises OSError when there is none to be had."""
        path = data_directory() / KEY_FILE
        try:
            key = read_regular_file(path, KEY_BYTES)
        except FileNotFoundError:
            return cls(_make_key(path, replace=False))
        except FileTooLarge:
            key = b""
        if len(key) != KEY_BYTES:
            key = _make_key(path, replace=True)
        return cls(key)

    def of(self, parts: Iterable[bytes | memoryview]) -> bytes:
        """The seal of ``parts``, written in order."""
        digest = hashlib.blake2b(key=self.key, digest_size=SEAL_BYTES)
        for part in parts:
            digest.update(part)
        return digest.digest()

    def matches(self, seal: bytes | memoryview, parts: Iterable[bytes | memoryview]) -> bool:
        """Whether ``seal`` is what this key gives ``parts`` (in constant time)."""
        return hmac.compare_digest(bytes(seal), self.of(parts))


def _make_key(path: Path, *, replace: bool) -> bytes:
    """A new key at ``path``: linked into place if none is there (the first writer wins), or
    replacing a damaged one; raises OSError."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    handle, partial_name = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=PARTIAL_SUFFIX)
    partial = Path(partial_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(key)
            stream.flush()
            os.fsync(stream.fileno())
        if replace:
            partial.replace(path)
            return key
        try:
            os.link(partial, path)
        except FileExistsError:
            key = read_regular_file(path, KEY_BYTES)
            if len(key) != KEY_BYTES:
                raise OSError(f"{path}: not a key of {KEY_BYTES} bytes") from None
        return key
    finally:
        partial.unlink(missing_ok=True)


def fingerprint(versions: Iterable[str], sources: Iterable[Path]) -> str:
    """A digest of version strings and of the code in ``sources``; raises OSError.

    Each source is a package directory (every ``*.py`` file in it counts)
    or one file. Changes whenever the code that produced a cached file may
    have, even uncommitted in a checkout, with no number to remember to bump.
    """
    digest = hashlib.blake2b(" ".join(versions).encode(), digest_size=16)
    for source in sources:
        for file in sorted(source.glob("*.py")) if source.is_dir() else (source,):
            digest.update(file.read_bytes())
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
