"""What the operator chose on the command line, checked, in one value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

LOGIN_GRACE = 30.0
"""Seconds a client has to authenticate before it is disconnected."""

SHUTDOWN_GRACE = 4.0
"""Seconds sessions get to close on shutdown before their processes are killed."""

_DURATION = re.compile(r"(?P<number>\d+(?:\.\d+)?)(?P<unit>[smhd]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float | None:
    """``90``, ``90s``, ``15m``, ``8h`` or ``1d`` in seconds; ``0`` or ``off`` means no limit.

    Raises ValueError with a message fit for the user.
    """
    cleaned = text.strip().lower()
    if cleaned in ("0", "off", "none"):
        return None
    match = _DURATION.fullmatch(cleaned)
    if match is None:
        raise ValueError(f"{text!r} is not a duration such as 90s, 15m or 8h (0 for none)")
    seconds = float(match["number"]) * _UNITS[match["unit"]]
    return seconds if seconds > 0 else None


def describe_duration(seconds: float) -> str:
    """A duration as a reader would say it: "15 minutes", "8 hours", "40 seconds"."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    count = round(seconds)
    return f"{count} second{'s' if count != 1 else ''}"


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """Everything ``crisis-tui serve`` was told, with defaults applied."""

    story_path: Path
    host: str = "127.0.0.1"
    port: int = 2222
    host_key: Path | None = None
    authorized_keys: Path | None = None
    open_access: bool = False
    max_sessions: int = 50
    max_per_address: int = 5
    idle_timeout: float | None = 15 * 60
    max_time: float | None = 8 * 3600
    connections_per_minute: int = 30
    log_json: bool = False
    login_grace: float = LOGIN_GRACE
    shutdown_grace: float = SHUTDOWN_GRACE
