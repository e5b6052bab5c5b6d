"""Where crisis-tui keeps files between runs, by the XDG base directory spec.

A variable that is unset, empty or relative is ignored, as the spec says,
and the home-directory default is used instead.
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


def _base(variable: str, default_under_home: str) -> Path:
    configured = os.environ.get(variable, "")
    return Path(configured) if os.path.isabs(configured) else Path.home() / default_under_home
