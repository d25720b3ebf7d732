"""Shapes shared by the information-rights resources: a request's clock, and list rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.schemas.clocks import ClockDate, StepOut
from domain.clocks import ClockStatus, status
from domain.clocks.registry import CalendarSource
from domain.request_clock import RequestClock


def _not_blank(value: str) -> str:
    # PostgreSQL text and jsonb cannot hold NUL: refuse it here, before anything is recorded.
    if not value.strip() or "\x00" in value:
        raise ValueError("must not be blank or contain NUL")
    return value


Text = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_not_blank)]
Label = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_not_blank)]
LongText = Annotated[str, Field(min_length=1, max_length=20_000), AfterValidator(_not_blank)]
Day = ClockDate


def example(**values: Any) -> ConfigDict:
    """A strict body model's config with one example (every request body documents one)."""
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [values]})


class ClockOut(BaseModel):
    """A request's clock counted now, against today's calendar (with its overrides).

    ``due`` is null while the clock is stopped or before it started; ``status`` is as of today.
    """

    rule: str
    calendar: str
    calendar_version: str | None
    started: bool
    due: date | None
    original_due: date | None
    paused_since: date | None
    status: ClockStatus | None
    steps: list[StepOut]

    @classmethod
    def of(cls, clock: RequestClock, calendars: CalendarSource, today: date) -> ClockOut:
        """Count ``clock`` against the current calendar; ``status`` None before it starts."""
        calendar = calendars.calendar(clock.calendar_name)
        deadline = clock.deadline(calendar)
        if deadline is None:
            return cls(
                rule=clock.rule.id,
                calendar=clock.calendar_name,
                calendar_version=None,
                started=False,
                due=None,
                original_due=None,
                paused_since=None,
                status=None,
                steps=[],
            )
        return cls(
            rule=clock.rule.id,
            calendar=clock.calendar_name,
            calendar_version=deadline.calendar_version,
            started=True,
            due=deadline.due,
            original_due=deadline.original_due if deadline.extended else None,
            paused_since=deadline.paused_since,
            status=status(deadline, today, calendar),
            steps=[
                StepOut(kind=s.kind, first=s.first, last=s.last, note=s.note)
                for s in deadline.steps
            ],
        )


class CaseSummary(BaseModel):
    """One row of a register list (no personal data). ``due_on`` and ``calendar_version`` are
    as recorded by the last event that set them."""

    id: UUID
    kind: str
    status: str
    received_on: date | None
    due_on: date | None
    calendar_version: str | None
    detail: dict[str, Any]
    version: int
    opened_at: datetime
    updated_at: datetime
    position: int

    @classmethod
    def of(cls, row: dict[str, Any]) -> CaseSummary:
        """A disclosure_register row."""
        return cls(id=row["record_id"], position=row["last_position"], **row)


class CasePage(BaseModel):
    """One page of a register; pass ``next_cursor`` as ``cursor`` for the next page."""

    items: list[CaseSummary]
    next_cursor: str | None
