"""What the explorer remembers between runs (for now, the theme).

Settings live in ``$XDG_CONFIG_HOME/crisis-tui/settings.json`` (``~/.config``
when the variable is unset or not absolute, as the XDG spec says). A missing
or damaged file means defaults: a settings file must never stop the
explorer from starting.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from crisis_tui.xdg import config_directory

SETTINGS_FILE = "settings.json"


@dataclass(frozen=True, slots=True)
class Settings:
    """The remembered choices; every field has a default."""

    theme: str | None = None


def settings_path() -> Path:
    """Where the settings file lives, by the XDG spec; OSError if there is no home for it."""
    return config_directory() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings, falling back to defaults for anything unreadable."""
    try:
        data = json.loads((path or settings_path()).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    theme = data.get("theme")
    return Settings(theme=theme if isinstance(theme, str) else None)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically; raises OSError if the directory is unwritable."""
    target = path or settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.tmp")
    partial.write_text(json.dumps(asdict(settings), indent=2) + "\n", encoding="utf-8")
    partial.replace(target)
