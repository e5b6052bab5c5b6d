"""Where crisis-tui keeps files between runs, by the XDG base directory spec.

A variable that is unset, empty or relative is ignored, as the spec says,
and the home-directory default is used instead. Where there is no home
directory either (no ``HOME``, no password entry), these raise OSError,
as any other place a file cannot be kept.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_DIRECTORY = "crisis-tui"


def config_directory() -> Path:
    """``$XDG_CONFIG_HOME/crisis-tui``: settings the user chose."""
    return _base("XDG_CONFIG_HOME", ".config") / APP_DIRECTORY


def cache_directory() -> Path:
    """``$XDG_CACHE_HOME/crisis-tui``: files that can be rebuilt at any time."""
    return _base("XDG_CACHE_HOME", ".cache") / APP_DIRECTORY


def data_directory() -> Path:
    """``$XDG_DATA_HOME/crisis-tui``: files to keep, such as a server's host key."""
    return _base("XDG_DATA_HOME", ".local/share") / APP_DIRECTORY


def _base(variable: str, default_under_home: str) -> Path:
    configured = os.environ.get(variable, "")
    if os.path.isabs(configured):
        return Path(configured)
    try:
        return Path.home() / default_under_home
    except RuntimeError as error:
        raise OSError(f"no {variable} and no home directory: {error}") from None
