"""Partial dates keep the precision they were written with and sort by their earliest instant."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisis_tui.model import PartialDate, Precision
from crisis_tui.model.dates import parse_partial_date

CARACAS = ZoneInfo("America/Caracas")


@pytest.mark.parametrize(
    ("text", "precision", "iso", "display", "day_key"),
    [
        ("2019", Precision.YEAR, "2019", "2019", "2019"),
        ("2019-01", Precision.MONTH, "2019-01", "Jan 2019", "Jan 2019"),
        ("2019-4", Precision.MONTH, "2019-04", "Apr 2019", "Apr 2019"),
        ("2019-04-30", Precision.DAY, "2019-04-30", "30 Apr 2019", "30 Apr 2019"),
        (
            "2019-04-30T06:15",
            Precision.MINUTE,
            "2019-04-30T06:15",
            "30 Apr 2019 06:15",
            "30 Apr 2019",
        ),
        (
            "2019-04-30 6:15",
            Precision.MINUTE,
            "2019-04-30T06:15",
            "30 Apr 2019 06:15",
            "30 Apr 2019",
        ),
        (
            "2019-04-30t06:15",
            Precision.MINUTE,
            "2019-04-30T06:15",
            "30 Apr 2019 06:15",
            "30 Apr 2019",
        ),
        (
            "2019-04-30T06:15:07",
            Precision.SECOND,
            "2019-04-30T06:15:07",
            "30 Apr 2019 06:15:07",
            "30 Apr 2019",
        ),
        (
            "2019-04-30T06:15Z",
            Precision.MINUTE,
            "2019-04-30T06:15Z",
            "30 Apr 2019 06:15 UTC",
            "30 Apr 2019",
        ),
        (
            "2019-04-30T06:15-04:00",
            Precision.MINUTE,
            "2019-04-30T06:15-04:00",
            "30 Apr 2019 06:15 -04:00",
            "30 Apr 2019",
        ),
        (
            "2019-04-30T06:15+0530",
            Precision.MINUTE,
            "2019-04-30T06:15+05:30",
            "30 Apr 2019 06:15 +05:30",
            "30 Apr 2019",
        ),
        (
            "2019-04-30T06:15+02",
            Precision.MINUTE,
            "2019-04-30T06:15+02:00",
            "30 Apr 2019 06:15 +02:00",
            "30 Apr 2019",
        ),
        ("  2019-12  ", Precision.MONTH, "2019-12", "Dec 2019", "Dec 2019"),
    ],
)
def test_parse_keeps_precision_and_normalises(
    text: str, precision: Precision, iso: str, display: str, day_key: str
) -> None:
    date = parse_partial_date(text)
    assert date.precision is precision
    assert date.iso == iso
    assert str(date) == iso
    assert date.display() == display
    assert date.day_key() == day_key


def test_parts_are_none_beyond_the_precision() -> None:
    date = parse_partial_date("2019-01")
    assert (date.year, date.month, date.day, date.hour, date.minute, date.second) == (
        2019,
        1,
        None,
        None,
        None,
        None,
    )
    assert date.offset is None


def test_start_is_the_earliest_instant_in_the_story_zone() -> None:
    assert parse_partial_date("2019", CARACAS).start == datetime(2019, 1, 1, 4, tzinfo=UTC)
    assert parse_partial_date("2019-01", CARACAS).start == datetime(2019, 1, 1, 4, tzinfo=UTC)
    assert parse_partial_date("2019-04-30", CARACAS).start == datetime(2019, 4, 30, 4, tzinfo=UTC)
    assert parse_partial_date("2019-04-30T06:15", CARACAS).start == datetime(
        2019, 4, 30, 10, 15, tzinfo=UTC
    )
    assert parse_partial_date("2019-04-30T06:15").start == datetime(2019, 4, 30, 6, 15, tzinfo=UTC)


def test_a_written_offset_overrides_the_story_zone() -> None:
    date = parse_partial_date("2019-04-30T06:15+02:00", CARACAS)
    assert date.offset == timedelta(hours=2)
    assert date.start == datetime(2019, 4, 30, 4, 15, tzinfo=UTC)
    zulu = parse_partial_date("2019-04-30T06:15Z", CARACAS)
    assert zulu.offset == timedelta(0)
    assert zulu.start == datetime(2019, 4, 30, 6, 15, tzinfo=UTC)
    assert parse_partial_date("2019-04-30T06:15-00:00").iso == "2019-04-30T06:15Z"


def test_story_zone_follows_daylight_saving() -> None:
    new_york = ZoneInfo("America/New_York")
    winter = parse_partial_date("2019-01-15T12:00", new_york)
    summer = parse_partial_date("2019-07-15T12:00", new_york)
    assert winter.start.hour == 17
    assert summer.start.hour == 16


def test_coarser_dates_sort_before_the_finer_dates_they_contain() -> None:
    texts = [
        "2019-04-30T06:15",
        "2019-04-30",
        "2019",
        "2019-04",
        "2019-04-30T06:15:01",
        "2018-12-31",
    ]
    ordered = sorted((parse_partial_date(t) for t in texts), key=lambda d: d.start)
    assert [d.iso for d in ordered] == [
        "2018-12-31",
        "2019",
        "2019-04",
        "2019-04-30",
        "2019-04-30T06:15",
        "2019-04-30T06:15:01",
    ]


def test_leap_days() -> None:
    assert parse_partial_date("2020-02-29").display() == "29 Feb 2020"
    assert parse_partial_date("2000-02-29").iso == "2000-02-29"
    with pytest.raises(ValueError, match="not a date on the calendar"):
        parse_partial_date("2019-02-29")
    with pytest.raises(ValueError, match="not a date on the calendar"):
        parse_partial_date("1900-02-29")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("2019-02-30", "'2019-02-30' is not a date on the calendar"),
        ("2019-04-31", "is not a date on the calendar"),
        ("2019-13", "'2019-13' has month 13: months run from 1 to 12"),
        ("2019-00", "has month 0"),
        ("0000", "year 0"),
        ("2019-04-30T24:00", "not a date on the calendar"),
        ("2019-04-30T06:60", "not a date on the calendar"),
        ("2019-04-30T06:15:60", "not a date on the calendar"),
        ("2019-04-30T06:15+24:00", "'+24:00' is not a UTC offset"),
        ("2019-04-30T06:15+05:60", "is not a UTC offset"),
        ("06:15", "'06:15' is a time without a date: write both, e.g. \"2019-04-30T06:15\""),
        ("6:15:30", "is a time without a date"),
        (
            "30/04/2019",
            "'30/04/2019' is not a date: write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM",
        ),
        ("19", "is not a date"),
        ("April 2019", "is not a date"),
        ("2019-04-30T06", "is not a date"),
        ("", "is not a date"),
        ("2019-04-30T06:15:00.5", "is not a date"),
    ],
)
def test_invalid_dates_say_why(text: str, phrase: str) -> None:
    with pytest.raises(ValueError, match=re.escape(phrase)):
        parse_partial_date(text)


def test_extreme_years_do_not_overflow() -> None:
    late = parse_partial_date("9999-12-31T23:59-05:00")
    early = parse_partial_date("0001-01-01T00:00+05:00")
    assert late.iso == "9999-12-31T23:59-05:00"
    assert early.iso == "0001-01-01T00:00+05:00"
    assert early.start < late.start


def test_partial_dates_are_immutable_values() -> None:
    date = parse_partial_date("2019-04")
    assert date == parse_partial_date("2019-04")
    assert hash(date) == hash(parse_partial_date("2019-04"))
    with pytest.raises(AttributeError):
        date.year = 2020  # type: ignore[misc]


# -- properties ----------------------------------------------------------

_moments = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30))
_offsets = st.one_of(
    st.none(),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
        lambda minutes: timedelta(minutes=minutes)
    ),
)


def _write(moment: datetime, precision: Precision, offset: timedelta | None) -> str:
    text = f"{moment.year:04d}"
    if precision >= Precision.MONTH:
        text += f"-{moment.month:02d}"
    if precision >= Precision.DAY:
        text += f"-{moment.day:02d}"
    if precision >= Precision.MINUTE:
        text += f"T{moment.hour:02d}:{moment.minute:02d}"
        if precision is Precision.SECOND:
            text += f":{moment.second:02d}"
        if offset is not None:
            if not offset:
                return text + "Z"
            sign = "-" if offset < timedelta(0) else "+"
            hours, minutes = divmod(abs(int(offset.total_seconds())) // 60, 60)
            text += f"{sign}{hours:02d}:{minutes:02d}"
    return text


@settings(max_examples=300, deadline=1000, derandomize=True, database=None)
@given(_moments, st.sampled_from(list(Precision)), _offsets)
def test_iso_round_trips(moment: datetime, precision: Precision, offset: timedelta | None) -> None:
    text = _write(moment, precision, offset)
    date = parse_partial_date(text, CARACAS)
    assert date.iso == text
    again = parse_partial_date(date.iso, CARACAS)
    assert again == date
    assert date.precision is precision


@settings(max_examples=300, deadline=1000, derandomize=True, database=None)
@given(_moments, st.sampled_from(list(Precision)))
def test_a_date_starts_no_later_than_any_finer_date_inside_it(
    moment: datetime, precision: Precision
) -> None:
    coarse = parse_partial_date(_write(moment, precision, None), CARACAS)
    fine = parse_partial_date(_write(moment, Precision.SECOND, None), CARACAS)
    assert coarse.start <= fine.start
    assert fine.display().startswith(coarse.day_key()) or precision < Precision.DAY


@settings(max_examples=300, deadline=1000, derandomize=True, database=None)
@given(st.text(max_size=40))
def test_parse_raises_only_value_error(text: str) -> None:
    try:
        date = parse_partial_date(text, CARACAS)
    except ValueError as error:
        message = str(error)
    else:
        assert isinstance(date, PartialDate)
        return
    assert message.startswith(f"'{text}'")
