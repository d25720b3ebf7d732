"""The calendar port the clock engine counts against, and a fixed fake beside it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Protocol, runtime_checkable

_WEEKEND = {5: "Saturday", 6: "Sunday"}


class Calendar(Protocol):
    """Which days are working days, why the others are not, and which data said so."""

    @property
    def name(self) -> str:
        """Calendar name, e.g. ``scotland`` or ``uk-any``."""
        ...

    @property
    def version(self) -> str:
        """Changes whenever the holiday data or its overrides change (stored with each deadline)."""
        ...

    def is_working_day(self, day: date) -> bool:
        """True unless ``day`` is a weekend day or a bank holiday."""
        ...

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day (``"Saturday"``, ``"bank holiday: …"``), else None."""
        ...


@runtime_checkable
class CountingCalendar(Calendar, Protocol):
    """A calendar that counts the working days of a span itself, faster than day by day."""

    def count_working_days(self, first: date, last: date) -> int:
        """Working days from ``first`` to ``last`` inclusive (0 when ``last`` is earlier): the
        same number as asking ``is_working_day`` of every day of the span."""
        ...


def weekdays_between(first: date, last: date) -> int:
    """Days from ``first`` to ``last`` inclusive that are not Saturdays or Sundays."""
    if last < first:
        return 0
    weeks, extra = divmod((last - first).days + 1, 7)
    start = first.weekday()
    return 5 * weeks + sum(1 for n in range(extra) if (start + n) % 7 not in _WEEKEND)


def weekend_reason(day: date) -> str | None:
    """``"Saturday"`` or ``"Sunday"`` for a weekend day, else None."""
    return _WEEKEND.get(day.weekday())


@dataclass(frozen=True)
class FixedCalendar:
    """A calendar with a fixed list of bank holidays: the fake beside the holidays-backed ones."""

    holidays: Mapping[date, str] = field(default_factory=dict, hash=False)
    name: str = "fixed"
    version: str = "fixed-1"

    def __post_init__(self) -> None:
        # A caller's dict must not change a calendar that deadlines already cite by version.
        object.__setattr__(self, "holidays", MappingProxyType(dict(self.holidays)))

    def is_working_day(self, day: date) -> bool:
        """True unless ``day`` is a weekend day or one of the fixed holidays."""
        return self.non_working_reason(day) is None

    def non_working_reason(self, day: date) -> str | None:
        """The weekday name for weekends, ``bank holiday: <name>`` for holidays, else None."""
        weekend = weekend_reason(day)
        if weekend is not None:
            return weekend
        holiday = self.holidays.get(day)
        return None if holiday is None else f"bank holiday: {holiday}"
