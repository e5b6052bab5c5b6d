"""Load a ``crisis-story/1`` YAML file into the model, or say exactly what is wrong.

All validation lives here; the model trusts what it is given.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
from pathlib import Path
from typing import NamedTuple

from crisis_tui.collector import collector_paused
from crisis_tui.loader.diagnostics import Diagnostic, Severity, StoryError
from crisis_tui.loader.storyfile import MAX_BYTES, read_text
from crisis_tui.model import Story

__all__ = [
    "MAX_BYTES",
    "Diagnostic",
    "LoadedStory",
    "Severity",
    "StoryError",
    "bundled_story_path",
    "code_sources",
    "load_story",
    "load_story_text",
    "text_digest",
]


# A named tuple, not a dataclass: a tenth of the cost to define, and it is
# defined before the explorer's first frame.
class LoadedStory(NamedTuple):
    """A valid story and the warnings its file still deserves."""

    story: Story
    warnings: tuple[Diagnostic, ...]
    digest: str | None = None
    """Identifies the text the story was built from: the same text, the same digest.

    What lets work derived from the story (its search index) be kept between
    runs; None for a story built some other way, which nothing is kept for.
    """


def load_story(path: Path, max_bytes: int = MAX_BYTES) -> LoadedStory:
    """Read, check and build a story file; raises StoryError, never anything else."""
    return load_story_text(read_text(path, max_bytes), str(path))


def load_story_text(text: str, name: str = "<story>") -> LoadedStory:
    """Check and build a story from its YAML text; ``name`` labels the diagnostics."""
    # Imported here: a story read back from the cache needs none of them (nor
    # PyYAML), and the explorer's first frame waits for every import.
    from crisis_tui.loader.builder import build_story
    from crisis_tui.loader.checker import Checker
    from crisis_tui.loader.yamlsource import Document

    with collector_paused():
        digest = text_digest(text)
        document = Document(text, name)
        try:
            checked = Checker(name).check(document)
        finally:
            document.close()
        return LoadedStory(build_story(checked), tuple(checked.warnings), digest)


def text_digest(text: str) -> str:
    """A short digest of ``text``; any string, even one with lone surrogates, has one."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def bundled_story_path() -> Path:
    """The story shipped with the package (in a checkout, the repository's data/)."""
    packaged = Path(__file__).resolve().parent.parent / "data" / "venezuela-2019-04-30.yaml"
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / "venezuela-2019-04-30.yaml"


def code_sources() -> tuple[Path, ...]:
    """The code that decides what a story's text loads as; raises OSError.

    The model and loader packages, and PyYAML's ``__init__.py``, which names
    its version: found on ``sys.path``, not imported, so that checking
    whether a file made from a loaded story is still current costs no parser
    (nor ``importlib.util``). What a cache keys its files by, with
    :func:`crisis_tui.cache_files.fingerprint`.
    """
    parser = importlib.machinery.PathFinder.find_spec("yaml")
    if parser is None or parser.origin is None:
        raise OSError("PyYAML is not installed")
    here = Path(__file__).parent
    return (here.parent / "model", here, Path(parser.origin))
