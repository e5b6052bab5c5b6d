"""Back and forward through what the reader opened, the way a browser does.

The explorer records one location per "open" (a list row, a followed link, a
search hit). Going back and then opening something new forgets the forward
entries, exactly like a browser, so the reader never lands somewhere they
did not come from. Kept free of any UI import so it can be tested alone.
"""

from __future__ import annotations

from typing import Generic, TypeVar

Location = TypeVar("Location")

DEFAULT_LIMIT = 500
"""Entries kept; enough for a long session without growing forever."""


class History(Generic[Location]):
    """A cursor over visited locations, with back and forward."""

    def __init__(self, start: Location, *, limit: int = DEFAULT_LIMIT) -> None:
        if limit < 1:
            raise ValueError("a history must be able to hold at least one location")
        self._locations: list[Location] = [start]
        self._position = 0
        self._limit = limit

    @property
    def current(self) -> Location:
        """Where the reader is now."""
        return self._locations[self._position]

    @property
    def can_go_back(self) -> bool:
        return self._position > 0

    @property
    def can_go_forward(self) -> bool:
        return self._position < len(self._locations) - 1

    def __len__(self) -> int:
        return len(self._locations)

    def visit(self, location: Location) -> None:
        """Record a new location, dropping anything forward of the current one.

        Visiting the current location again records nothing, so pressing
        enter twice on the same row needs only one step back.
        """
        if location == self.current:
            return
        del self._locations[self._position + 1 :]
        self._locations.append(location)
        if len(self._locations) > self._limit:
            del self._locations[0]
        self._position = len(self._locations) - 1

    def replace(self, location: Location) -> None:
        """Update the current location to what the reader has made of it since.

        Called just before leaving (opening something, back, forward), so that
        coming back returns to the cursor and scroll the reader left, not to
        those of the moment the location was first opened.
        """
        self._locations[self._position] = location

    def back(self) -> Location | None:
        """Step back and return the location, or None at the oldest entry."""
        if not self.can_go_back:
            return None
        self._position -= 1
        return self.current

    def forward(self) -> Location | None:
        """Step forward and return the location, or None at the newest entry."""
        if not self.can_go_forward:
            return None
        self._position += 1
        return self.current
