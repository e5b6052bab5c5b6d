"""Indexes of large stories kept between runs, so a story is indexed once, not at every start.

Files live in ``$XDG_CACHE_HOME/crisis-tui/index/`` rather than beside the
story: a story's directory may be read-only or shared, and a served story
is read by many processes. A file is named by the digest of the story's
text and a fingerprint of the code that builds indexes, so an edited story
or an upgraded crisis-tui simply misses; only the few most recently used
files are kept. The cache is an optimisation and never an obstacle: a
file that cannot be read, is damaged, or cannot be written means building
the index as if there were no cache.
"""

from __future__ import annotations

import os
import sys
import tempfile
import unicodedata
from contextlib import suppress
from functools import cache
from pathlib import Path

import crisis_tui
from crisis_tui.cache_files import PARTIAL_SUFFIX, Seal, file_for, fingerprint, prune
from crisis_tui.loader import code_sources
from crisis_tui.model import Story
from crisis_tui.search.engine import SearchIndex
from crisis_tui.search.index_file import DamagedIndexFile, read_index, write_index
from crisis_tui.xdg import cache_directory

MIN_ENTITIES = 20_000
"""Stories with fewer searchable entities index in well under a second: not worth a file."""
KEEP = 5
"""How many index files to keep; the least recently used go first."""
SUFFIX = ".index"


class IndexCache:
    """A directory of built indexes, one per story text and code version."""

    def __init__(
        self,
        directory: Path | None,
        seal: Seal,
        *,
        min_entities: int = MIN_ENTITIES,
        keep: int = KEEP,
    ) -> None:
        """``directory`` None means no cache: every index is built (and ``seal`` is unused)."""
        self.directory = directory
        self.seal = seal
        self.min_entities = min_entities
        self.keep = keep

    @classmethod
    def default(cls) -> IndexCache:
        """The user's cache directory, by the XDG spec; no cache without a home for it and a key."""
        try:
            return cls(cache_directory() / "index", Seal.of_user())
        except OSError:
            return cls.off()

    @classmethod
    def off(cls) -> IndexCache:
        """No cache: every index is built."""
        return cls(None, Seal(b""))

    def index(self, story: Story, digest: str | None) -> SearchIndex:
        """The index of ``story``, whose text has ``digest``: read from the cache, or built.

        A built index of a large story is saved for next time. A story
        without a digest (not read from text) is always built.
        """
        cached = self.read(story, digest)
        if cached is not None:
            return cached
        index = SearchIndex.build(story)
        if digest is not None and len(index.inverted.entities) >= self.min_entities:
            with suppress(OSError):
                self._save(index, story, digest)
        return index

    def read(self, story: Story, digest: str | None) -> SearchIndex | None:
        """The saved index of ``story``, or None if there is none that can be trusted."""
        if digest is None or self.directory is None or len(story.records) < self.min_entities:
            return None  # a story this small is never saved: no need to look
        try:
            key, path = self._key_and_path(digest)
            index = SearchIndex(read_index(path, story, key, self.seal))
        except (OSError, DamagedIndexFile):
            return None
        with suppress(OSError):
            os.utime(path)  # recently used: the last to be pruned
        return index

    def _key_and_path(self, digest: str) -> tuple[str, Path]:
        if self.directory is None:
            raise OSError("no cache directory")
        key = f"{digest}/{code_fingerprint()}"
        return key, file_for(self.directory, key, SUFFIX)

    def _save(self, index: SearchIndex, story: Story, digest: str) -> None:
        """Write atomically (readers see the old file or the new, never half), then prune."""
        key, path = self._key_and_path(digest)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial_name = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=PARTIAL_SUFFIX)
        os.close(handle)
        partial = Path(partial_name)
        try:
            write_index(index.inverted, story, key, partial, self.seal)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        prune(path.parent, SUFFIX, self.keep)


@cache
def code_fingerprint() -> str:
    """Changes whenever what turns story text into an index may have; raises OSError.

    Covers crisis-tui's version and the source of its model, loader and
    search (so a change to any of them, even uncommitted in a checkout,
    invalidates every cached index with no number to remember to bump),
    and what they rely on: PyYAML (parsing), the Python version, its
    Unicode data (folding), and the byte order the arrays are stored in.
    """
    versions = (crisis_tui.__version__, sys.version, unicodedata.unidata_version, sys.byteorder)
    return fingerprint(versions, (*code_sources(), Path(__file__).parent))
