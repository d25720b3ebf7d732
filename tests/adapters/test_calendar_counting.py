"""Counting a span's working days at once gives what asking about every day gives."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.calendars import CALENDAR_NAMES, CalendarOverride, HolidaysCalendar
from domain.clocks import FixedCalendar, working_days_between
from domain.clocks.calendar import CountingCalendar, weekdays_between

days = st.dates(min_value=date(2019, 1, 1), max_value=date(2028, 12, 31))
overrides = st.lists(
    st.builds(
        CalendarOverride,
        day=days,
        action=st.sampled_from(["add", "remove"]),
        reason=st.just("override"),
        calendar=st.sampled_from(CALENDAR_NAMES),
    ),
    max_size=6,
)


def day_by_day(first: date, last: date, is_working_day: Callable[[date], bool]) -> int:
    span = range((last - first).days + 1)
    return sum(1 for n in span if is_working_day(first + timedelta(days=n)))


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(CALENDAR_NAMES), changes=overrides, first=days, last=days)
def test_a_uk_calendar_counts_a_span_as_its_days_add_up(
    name: str, changes: list[CalendarOverride], first: date, last: date
) -> None:
    calendar = HolidaysCalendar(name, changes)
    expected = day_by_day(first, last, calendar.is_working_day) if first <= last else 0
    assert calendar.count_working_days(first, last) == expected


@given(first=days, last=days)
def test_weekdays_are_counted_without_visiting_each_day(first: date, last: date) -> None:
    expected = day_by_day(first, last, lambda d: d.weekday() < 5) if first <= last else 0
    assert weekdays_between(first, last) == expected


@settings(max_examples=50, deadline=None)
@given(first=days, last=days)
def test_working_days_between_is_the_same_with_a_counting_calendar_or_without(
    first: date, last: date
) -> None:
    counting = HolidaysCalendar("england-and-wales")
    plain = FixedCalendar(
        {d: "holiday" for year in range(2018, 2030) for d in counting._weekday_holidays(year)}
    )
    assert isinstance(counting, CountingCalendar)
    assert not isinstance(plain, CountingCalendar)
    assert working_days_between(first, last, counting) == working_days_between(first, last, plain)
