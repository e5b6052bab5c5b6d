"""The story being explored and its search index, held together in one place.

Everything that shows or answers questions about a story (the explorer, the
``search`` and ``export`` commands, a server handing the story to each
session) asks this service, so the story and the index built from it are
always of the same version, and reloading replaces both at once.

No Textual here: the command-line tools and the server use it too.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from crisis_tui.loader import LoadedStory, bundled_story_path, load_story
from crisis_tui.model import Story

if TYPE_CHECKING:  # the search engine is imported when first used, not before the first frame
    from crisis_tui.search import SearchIndex
    from crisis_tui.search.cache import IndexCache


class StoryService:
    """One story file, loaded, and its search index once built."""

    def __init__(
        self,
        path: Path,
        loaded: LoadedStory,
        index: SearchIndex | None = None,
        *,
        index_cache: IndexCache | None = None,
    ) -> None:
        """``index`` may be given when already built for ``loaded``; ``index_cache``
        is where built indexes are kept (default: the user's cache directory)."""
        self.path = path
        self._loaded = loaded
        self._index = index
        self._index_cache = index_cache
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | None = None) -> StoryService:
        """Load a story file (``None``: the bundled story); raises StoryError."""
        chosen = path if path is not None else bundled_story_path()
        return cls(chosen, load_story(chosen))

    @property
    def loaded(self) -> LoadedStory:
        return self._loaded

    @property
    def story(self) -> Story:
        return self._loaded.story

    @property
    def index(self) -> SearchIndex | None:
        """The index of the current story, or None until :meth:`build_index` has run."""
        return self._index

    def build_index(self) -> SearchIndex:
        """The current story's index: kept, read from the index cache, or built now.

        Safe to call from a worker thread; the index is kept only if the
        story was not replaced meanwhile.
        """
        from crisis_tui.search.cache import IndexCache

        loaded = self._loaded
        if self._index is not None:
            return self._index
        cache = self._index_cache if self._index_cache is not None else IndexCache.default()
        index = cache.index(loaded.story, loaded.digest)
        with self._lock:
            if self._loaded is loaded:
                self._index = index
        return index

    def read_again(self) -> LoadedStory | None:
        """The story file read afresh, or None when there is nothing newer to show.

        Raises StoryError when the file is now invalid; nothing is replaced
        until :meth:`replace` is called, so a caller keeps the old story.
        """
        return load_story(self.path)

    def replace(self, loaded: LoadedStory) -> None:
        """Make ``loaded`` the current story; its index is built again when next needed."""
        with self._lock:
            self._loaded = loaded
            self._index = None
