"""Partial dates: a story says "January 2019" and we must not pretend it said more.

A date keeps the precision it was written with. It sorts by the earliest
instant it could mean, so "2019-04" sorts before "2019-04-30", and it displays
at its own precision ("Apr 2019", never "1 Apr 2019").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from enum import IntEnum

_PATTERN = re.compile(
    r"(?P<year>\d{4})"
    r"(?:-(?P<month>\d{1,2})"
    r"(?:-(?P<day>\d{1,2})"
    r"(?:[Tt ]\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?"
    r")?)?)?",
    re.ASCII,  # \d would otherwise take any script's digits: "٢٠١٩" is not a year we write
)
_TIME_ONLY = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?", re.ASCII)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Precision(IntEnum):
    """How much of a date was actually written down."""

    YEAR = 1
    MONTH = 2
    DAY = 3
    MINUTE = 4
    SECOND = 5


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date or moment known only to the precision it was written with."""

    year: int
    month: int | None
    day: int | None
    hour: int | None
    minute: int | None
    second: int | None
    precision: Precision
    offset: timedelta | None
    """The UTC offset written with the time, or None when the story's zone applies."""
    start: datetime
    """The earliest instant this date can mean: the sort key.

    In UTC, except where UTC cannot represent it (a few hours at either end
    of the calendar), where it keeps the date's own offset.
    """

    @property
    def iso(self) -> str:
        """The normalised text form, as the story format writes it."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.hour is not None and self.minute is not None:
            text += f"T{self.hour:02d}:{self.minute:02d}"
            if self.second is not None:
                text += f":{self.second:02d}"
            text += _format_offset(self.offset, iso=True)
        return text

    def display(self) -> str:
        """A short human form at the date's own precision, e.g. ``Jan 2019``."""
        if self.month is None:
            return f"{self.year}"
        month = _MONTHS[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        text = f"{self.day} {month} {self.year}"
        if self.hour is not None and self.minute is not None:
            text += f" {self.hour:02d}:{self.minute:02d}"
            if self.second is not None:
                text += f":{self.second:02d}"
            text += _format_offset(self.offset, iso=False)
        return text

    def day_key(self) -> str:
        """The heading a timeline groups this date under (its day, or coarser)."""
        if self.month is None:
            return f"{self.year}"
        if self.day is None:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"

    def __str__(self) -> str:
        return self.iso


def parse_partial_date(text: str, zone: tzinfo = UTC) -> PartialDate:
    """Parse ``YYYY[-MM[-DD[THH:MM[:SS][Z|±HH:MM]]]]``.

    ``zone`` interprets a time written without an offset, and the start of a
    bare date. Raises ValueError with a message fit to show a story's author.
    """
    match = _PATTERN.fullmatch(text.strip())
    if match is None:
        if any(character.isdigit() and not character.isascii() for character in text):
            raise ValueError(f"'{text}' is not a date: write its digits as 0-9")
        if _TIME_ONLY.fullmatch(text.strip()):
            raise ValueError(
                f"'{text}' is a time without a date: write both, e.g. \"2019-04-30T{text.strip()}\""
            )
        raise ValueError(
            f"'{text}' is not a date: write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        )
    parts = match.groupdict()
    year = int(parts["year"])
    month = _optional_int(parts["month"])
    day = _optional_int(parts["day"])
    hour = _optional_int(parts["hour"])
    minute = _optional_int(parts["minute"])
    second = _optional_int(parts["second"])
    offset = _parse_offset(parts["zone"]) if parts["zone"] else None
    if year < 1:
        raise ValueError(f"'{text}' has year 0, which is not on the calendar")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{text}' has month {month}: months run from 1 to 12")
    try:
        local = datetime(year, month or 1, day or 1, hour or 0, minute or 0, second or 0)
    except ValueError as error:
        raise ValueError(f"'{text}' is not a date on the calendar ({error})") from None
    applied: tzinfo = timezone(offset) if offset is not None else zone
    precision = (
        Precision.SECOND
        if second is not None
        else Precision.MINUTE
        if minute is not None
        else Precision.DAY
        if day is not None
        else Precision.MONTH
        if month is not None
        else Precision.YEAR
    )
    moment = local.replace(tzinfo=applied)
    try:
        start = moment.astimezone(UTC)
    except OverflowError:
        # At the calendar's ends the instant has no UTC datetime (0001-01-01T00:00+14:00
        # is in year 0). Aware datetimes compare by instant whatever their zone, so the
        # moment in its own offset still sorts exactly where it belongs.
        start = moment
    return PartialDate(year, month, day, hour, minute, second, precision, offset, start)


def _optional_int(text: str | None) -> int | None:
    return None if text is None else int(text)


def _parse_offset(text: str) -> timedelta:
    if text in ("Z", "z"):
        return timedelta(0)
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"'{text}' is not a UTC offset")
    return sign * timedelta(hours=hours, minutes=minutes)


def _format_offset(offset: timedelta | None, *, iso: bool) -> str:
    if offset is None:
        return ""
    if not offset:
        return "Z" if iso else " UTC"
    total = int(offset.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"{'' if iso else ' '}{sign}{hours:02d}:{minutes:02d}"
