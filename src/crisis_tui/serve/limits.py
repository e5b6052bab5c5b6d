"""How much any one client may take: connections per minute, sessions at once.

The tables are bounded: an attacker cycling through addresses can only
push the oldest entries out, never grow memory without end.
"""

from __future__ import annotations

import time
from collections import Counter, OrderedDict, deque

RATE_WINDOW = 60.0
"""Seconds over which connections from one address are counted."""

MAX_TRACKED_ADDRESSES = 10_000


class ConnectionRate:
    """At most ``per_minute`` new connections from one address in any 60 seconds."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._clock = time.monotonic
        self._recent: OrderedDict[str, deque[float]] = OrderedDict()

    def admit(self, address: str) -> bool:
        """Count a connection from ``address``; False if it is one too many."""
        now = self._clock()
        times = self._recent.pop(address, None) or deque()
        while times and now - times[0] > RATE_WINDOW:
            times.popleft()
        allowed = len(times) < self.per_minute
        if allowed:
            times.append(now)
        self._recent[address] = times
        while len(self._recent) > MAX_TRACKED_ADDRESSES:
            self._recent.popitem(last=False)
        return allowed


class SessionCount:
    """Open sessions, in total and per client address."""

    def __init__(self, total: int, per_address: int) -> None:
        self.total = total
        self.per_address = per_address
        self._open: Counter[str] = Counter()

    def take(self, address: str) -> str | None:
        """Take a slot for ``address``; None if taken, else why there is none."""
        if sum(self._open.values()) >= self.total:
            return f"the server is busy ({self.total} sessions open); try again in a minute"
        if self._open[address] >= self.per_address:
            return (
                f"busy: {self.per_address} sessions are already open from your address; "
                "close one or try again later"
            )
        self._open[address] += 1
        return None

    def give_back(self, address: str) -> None:
        self._open[address] -= 1
        if self._open[address] <= 0:
            del self._open[address]

    @property
    def open(self) -> int:
        return sum(self._open.values())
