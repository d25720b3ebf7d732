"""calendar_overrides: the current override of each (calendar, day), for clocks and the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from domain.calendar_overrides import CalendarOverrides


class CalendarOverridesWriter(Protocol):
    """The writes the calendar_overrides view supports."""

    def override_recorded(
        self,
        *,
        calendar: str,
        day: date,
        action: str,
        reason: str,
        actor_id: str,
        actor_role: str,
        recorded_at: datetime,
        position: int,
    ) -> None:
        """Make this the current override of (``calendar``, ``day``)."""
        ...


class CalendarOverridesProjection:
    """Keeps one row per overridden (calendar, day): the latest add or remove wins."""

    name = "calendar_overrides"
    version = 1

    def apply(self, event: Any, position: int, writer: CalendarOverridesWriter) -> None:
        """Record an added or removed bank holiday; other events do not change the view."""
        if isinstance(event, CalendarOverrides.BankHolidayAdded):
            action = "add"
        elif isinstance(event, CalendarOverrides.BankHolidayRemoved):
            action = "remove"
        else:
            return
        writer.override_recorded(
            calendar=event.calendar,
            day=event.day,
            action=action,
            reason=event.reason,
            actor_id=event.meta.actor_id,
            actor_role=event.meta.actor_role,
            recorded_at=event.timestamp,
            position=position,
        )
