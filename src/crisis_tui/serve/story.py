"""The story as a served session holds it: ``r`` shows the server's current story.

A session process is a copy of the pre-loaded process made when the session
began. When the server later reloads its story (SIGHUP), it counts up a
generation number kept in memory shared with every session; a session's
``r`` reads the story file only when that number has moved, so pressing
``r`` costs nothing until there is something new, and shows what the
server shows.
"""

from __future__ import annotations

import mmap
import struct
from pathlib import Path

from crisis_tui.loader import LoadedStory
from crisis_tui.search import SearchIndex
from crisis_tui.search.cache import IndexCache
from crisis_tui.story_service import StoryService

_COUNTER = struct.Struct("Q")


class SharedGeneration:
    """A counter in anonymous shared memory: written by the server's process, read by sessions."""

    def __init__(self) -> None:
        self._memory = mmap.mmap(-1, _COUNTER.size)

    @property
    def value(self) -> int:
        return int(_COUNTER.unpack_from(self._memory)[0])

    def advance(self) -> None:
        _COUNTER.pack_into(self._memory, 0, self.value + 1)


class ServedStory(StoryService):
    """A story service that reloads only when the server has, and writes no index files."""

    def __init__(
        self,
        path: Path,
        loaded: LoadedStory,
        index: SearchIndex | None,
        generation: SharedGeneration,
    ) -> None:
        super().__init__(path, loaded, index, index_cache=IndexCache.off())
        self._generation = generation
        self._seen = generation.value

    def read_again(self) -> LoadedStory | None:
        current = self._generation.value
        if current == self._seen:
            return None
        loaded = super().read_again()
        self._seen = current
        return loaded
