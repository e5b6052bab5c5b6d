"""What the explorer remembers between runs (for now, the theme).

Settings live in ``$XDG_CONFIG_HOME/crisis-tui/settings.json`` (``~/.config``
when the variable is unset or not absolute, as the XDG spec says). A missing
or damaged file means defaults: a settings file must never stop the
explorer from starting.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import NamedTuple

from crisis_tui.files import read_regular_file
from crisis_tui.text import visible
from crisis_tui.xdg import config_directory

SETTINGS_FILE = "settings.json"
MAX_BYTES = 64 * 1024
"""Settings are a few hundred bytes; a file past this is not settings."""

_log = logging.getLogger(__name__)


# A named tuple, not a dataclass: a tenth of the cost to define, and it is
# defined before the explorer's first frame.
class Settings(NamedTuple):
    """The remembered choices; every field has a default."""

    theme: str | None = None


def settings_path() -> Path:
    """Where the settings file lives, by the XDG spec; OSError if there is no home for it."""
    return config_directory() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings; anything wrong with the file means defaults and a logged warning.

    Settings are a few hundred bytes: the file is read only if it is a
    regular file of at most ``MAX_BYTES``, so a FIFO, a device or a huge
    file costs nothing, and a deeply nested one cannot exhaust the stack.
    """
    try:
        target = path or settings_path()
    except OSError:  # no home directory: nowhere settings could have been saved
        return Settings()
    try:
        data = json.loads(read_regular_file(target, MAX_BYTES).decode("utf-8"))
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        return _defaults_because(target, error.strerror or str(error))
    except RecursionError:
        return _defaults_because(target, "nested too deeply to be settings")
    except (UnicodeDecodeError, ValueError) as error:
        return _defaults_because(target, f"not JSON text ({error})")
    if not isinstance(data, dict):
        return _defaults_because(target, "not a JSON object")
    theme = data.get("theme")
    return Settings(theme=theme if isinstance(theme, str) else None)


def _defaults_because(path: Path, reason: str) -> Settings:
    _log.warning("%s: %s; using the default settings", visible(str(path)), reason)
    return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically; raises OSError if the directory is unwritable.

    The new text goes to a temporary file of a fresh name (created
    exclusively, readable by the user alone), is flushed to disk, then
    renamed over the old file: a crash leaves the old settings or the new,
    and a link planted in the directory is never written through.
    """
    target = path or settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(settings._asdict(), indent=2) + "\n"
    handle, partial_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    partial = Path(partial_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
