"""UK working-day calendars from the ``holidays`` package, plus administrator overrides.

FOIA s.10(6) and EIR reg 2 count a bank holiday "in any part of the United Kingdom" (``uk-any``);
FOISA s.73 counts Scottish ones only (``scotland``). A newly proclaimed one-off holiday reaches
the package only with a release, so overrides add or remove days; the calendar ``version``
changes with them, and every deadline stores the version it was computed with.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import Literal

import holidays
from holidays.version import __version__ as holidays_version

from domain.clocks import Calendar, weekend_reason
from domain.clocks.calendar import weekdays_between

UK_ANY = "uk-any"
# England and Wales share one list; both subdivisions are read so neither can be missed.
_NATIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"england-and-wales": ("ENG", "WLS"), "scotland": ("SCT",), "northern-ireland": ("NIR",)}
)
CALENDAR_NAMES: tuple[str, ...] = (*_NATIONS, UK_ANY)
PACKAGE_VERSION = f"holidays-{holidays_version}"


@dataclass(frozen=True, slots=True)
class CalendarOverride:
    """An administrator's correction: ``add`` makes ``day`` a bank holiday, ``remove`` undoes one.

    An override of a nation's calendar also applies to ``uk-any``, which is their union.
    """

    day: date
    action: Literal["add", "remove"]
    reason: str
    calendar: str

    def __post_init__(self) -> None:
        if self.action not in ("add", "remove"):
            raise ValueError(f"override action must be 'add' or 'remove', not {self.action!r}")
        _check_name(self.calendar)


def _check_name(name: str) -> None:
    if name not in CALENDAR_NAMES:
        raise ValueError(f"unknown calendar {name!r}; expected one of {', '.join(CALENDAR_NAMES)}")


@lru_cache(maxsize=256)
def _package_holidays(subdivision: str, year: int) -> Mapping[date, str]:
    return MappingProxyType(dict(holidays.country_holidays("GB", subdiv=subdivision, years=year)))


@lru_cache(maxsize=65_536)
def _nation_package_holiday(nation: str, day: date) -> str | None:
    # Asked for every day a clock spans, on every request: worth remembering process-wide.
    names = {_package_holidays(s, day.year).get(day, "") for s in _NATIONS[nation]}
    return "; ".join(sorted(names - {""})) or None


def _version(overrides: tuple[CalendarOverride, ...]) -> str:
    if not overrides:
        return PACKAGE_VERSION
    rows = sorted((o.calendar, o.day.isoformat(), o.action, o.reason) for o in overrides)
    digest = hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:12]
    return f"{PACKAGE_VERSION}+{digest}"


class HolidaysCalendar:
    """A ``Calendar`` for one UK nation, or the union of all (``uk-any``), with overrides."""

    def __init__(self, name: str, overrides: Iterable[CalendarOverride] = ()) -> None:
        _check_name(name)
        self.name = name
        self._nations = tuple(_NATIONS) if name == UK_ANY else (name,)
        relevant = tuple(o for o in overrides if o.calendar in (*self._nations, name))
        self.version = _version(relevant)
        # Later overrides of the same day win, as an administrator's latest correction should.
        self._overrides = {(o.calendar, o.day): o for o in relevant}
        self._holidays_by_year: dict[int, list[date]] = {}

    def is_working_day(self, day: date) -> bool:
        """True unless ``day`` is a Saturday, a Sunday or a bank holiday in this calendar."""
        return self.non_working_reason(day) is None

    def non_working_reason(self, day: date) -> str | None:
        """``Saturday``, ``Sunday``, ``bank holiday: <name> (<nations>)`` or None."""
        weekend = weekend_reason(day)
        if weekend is not None:
            return weekend
        holiday = self.holiday(day)
        return None if holiday is None else f"bank holiday: {holiday}"

    def count_working_days(self, first: date, last: date) -> int:
        """Working days from ``first`` to ``last`` inclusive: the span's weekdays less the bank
        holidays on weekdays among them, counted by bisection in each year's sorted list of
        those (worked out once per year from the few days that can be one: the package's
        holidays of the year and the overrides), rather than by asking about every day."""
        if last < first:
            return 0
        off = 0
        for year in range(first.year, last.year + 1):
            days = self._weekday_holidays(year)
            off += bisect_right(days, last) - bisect_left(days, first)
        return weekdays_between(first, last) - off

    def _weekday_holidays(self, year: int) -> list[date]:
        # The calendar never changes (overrides are fixed when it is made), so each year's list
        # is kept; two threads computing the same year store equal lists.
        found = self._holidays_by_year.get(year)
        if found is None:
            maybe = {day for _, day in self._overrides if day.year == year}
            for nation in self._nations:
                for subdivision in _NATIONS[nation]:
                    maybe.update(_package_holidays(subdivision, year))
            found = sorted(d for d in maybe if d.weekday() < 5 and self.holiday(d))
            self._holidays_by_year[year] = found
        return found

    def holiday(self, day: date) -> str | None:
        """The bank holiday on ``day`` with the calendars that keep it, or None."""
        override = self._overrides.get((self.name, day)) if self.name == UK_ANY else None
        if override is not None:
            return _override_text(override)
        by_name: dict[str, list[str]] = {}
        for nation in self._nations:
            holiday = self._nation_holiday(nation, day)
            if holiday is not None:
                by_name.setdefault(holiday, []).append(nation)
        parts = [f"{holiday} ({', '.join(nations)})" for holiday, nations in by_name.items()]
        return "; ".join(parts) or None

    def _nation_holiday(self, nation: str, day: date) -> str | None:
        override = self._overrides.get((nation, day))
        if override is not None:
            return None if override.action == "remove" else f"{override.reason} [override]"
        return _nation_package_holiday(nation, day)


def _override_text(override: CalendarOverride) -> str | None:
    if override.action == "remove":
        return None
    return f"{override.reason} [override] ({override.calendar})"


def calendar_for(name: str, overrides: Iterable[CalendarOverride] = ()) -> Calendar:
    """The named calendar (one of ``CALENDAR_NAMES``) with the overrides that apply to it.

    Raises ``ValueError`` for an unknown name. The same name and overrides give the same
    calendar object (calendars are immutable), so what it works out once, each year's bank
    holidays, serves every later request until the overrides change.
    """
    return _calendar(name, tuple(overrides))


@lru_cache(maxsize=64)
def _calendar(name: str, overrides: tuple[CalendarOverride, ...]) -> HolidaysCalendar:
    return HolidaysCalendar(name, overrides)
