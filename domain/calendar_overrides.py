"""The CalendarOverrides aggregate: an administrator's corrections to one working-day calendar.

The ``holidays`` package learns of a newly proclaimed bank holiday (a state funeral, a
coronation) only with a release, so administrators add or remove days here. There is one
aggregate per calendar name; its id is derived from the name, so every writer finds the same
history without a lookup table. Bank holidays are national facts, so overrides are shared by
every partnership; ``meta`` records who made each change and why.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainError
from domain.meta import Meta

# Changing this namespace would orphan every stored calendar's history: never change it.
NAMESPACE = UUID("6f1c3c52-95c1-4b8e-9a52-0d1f0a7e3c41")
REASON_MAX = 200
Action = Literal["add", "remove"]


def _topic(name: str) -> str:
    # Pinned topics: renaming a module or class must never break the stored history.
    return f"reviewtrail.CalendarOverrides.{name}"


def overrides_id(calendar: str) -> UUID:
    """The id of ``calendar``'s overrides aggregate (the same for every caller)."""
    return uuid5(NAMESPACE, calendar)


class CalendarOverrides(Aggregate):
    """Days added to or removed from one calendar's bank holidays; the latest word on a day wins."""

    TOPIC = "reviewtrail.CalendarOverrides"

    class Created(Aggregate.Created):
        """Overrides of ``calendar`` began to be recorded."""

        TOPIC = _topic("Created")
        calendar: str
        meta: Meta

    class BankHolidayAdded(Aggregate.Event):
        """``day`` is a bank holiday in ``calendar``, whatever the ``holidays`` package says."""

        TOPIC = _topic("BankHolidayAdded")
        calendar: str
        day: date
        reason: str
        meta: Meta

    class BankHolidayRemoved(Aggregate.Event):
        """``day`` is not a bank holiday in ``calendar``, whatever the ``holidays`` package says."""

        TOPIC = _topic("BankHolidayRemoved")
        calendar: str
        day: date
        reason: str
        meta: Meta

    @staticmethod
    def create_id(calendar: str) -> UUID:
        """Derived from the calendar name, so one history per calendar."""
        return overrides_id(calendar)

    def __init__(self, *, calendar: str, meta: Meta) -> None:
        self.calendar = calendar
        self.days: dict[date, tuple[Action, str]] = {}

    @classmethod
    def start(cls, *, calendar: str, meta: Meta) -> CalendarOverrides:
        """Begin recording overrides for ``calendar`` (rule: a name is given) → Created.

        Raises DomainError ``calendar.name-required``.
        """
        if not calendar.strip():
            raise DomainError("calendar.name-required", "the calendar name is required")
        return cls(calendar=calendar, meta=meta)

    def add_bank_holiday(self, *, day: date, reason: str, meta: Meta) -> None:
        """Make ``day`` a bank holiday (rules: a reason, a weekday, a change) → BankHolidayAdded.

        Raises DomainError ``calendar.reason-required``, ``calendar.reason-too-long``,
        ``calendar.weekend`` or ``calendar.override-unchanged``.
        """
        reason = self._check(day, "add", reason)
        self._added(calendar=self.calendar, day=day, reason=reason, meta=meta)

    def remove_bank_holiday(self, *, day: date, reason: str, meta: Meta) -> None:
        """Make ``day`` a working day (rules as for adding) → BankHolidayRemoved.

        Raises DomainError ``calendar.reason-required``, ``calendar.reason-too-long``,
        ``calendar.weekend`` or ``calendar.override-unchanged``.
        """
        reason = self._check(day, "remove", reason)
        self._removed(calendar=self.calendar, day=day, reason=reason, meta=meta)

    def override_on(self, day: date) -> tuple[Action, str] | None:
        """The current override of ``day`` (action, reason), or None."""
        return self.days.get(day)

    def _check(self, day: date, action: Action, reason: str) -> str:
        reason = reason.strip()
        if not reason:
            raise DomainError("calendar.reason-required", "an override needs a stated reason")
        if len(reason) > REASON_MAX:
            raise DomainError(
                "calendar.reason-too-long", f"the reason exceeds {REASON_MAX} characters"
            )
        if day.weekday() >= 5:
            # A weekend day never counts as a working day, so an override would change nothing.
            raise DomainError("calendar.weekend", "a weekend day cannot be overridden")
        if self.days.get(day) == (action, reason):
            raise DomainError(
                "calendar.override-unchanged", f"{day.isoformat()} already has this override"
            )
        return reason

    @event(BankHolidayAdded)
    def _added(self, *, calendar: str, day: date, reason: str, meta: Meta) -> None:
        self.days[day] = ("add", reason)

    @event(BankHolidayRemoved)
    def _removed(self, *, calendar: str, day: date, reason: str, meta: Meta) -> None:
        self.days[day] = ("remove", reason)
