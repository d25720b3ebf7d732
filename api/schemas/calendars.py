"""Request and response bodies of /calendars."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.calendar_overrides import REASON_MAX


class OverrideIn(BaseModel):
    """Make ``day`` a bank holiday (``add``) or a working day (``remove``) in this calendar."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"day": "2026-06-15", "action": "add", "reason": "Proclaimed bank holiday"}
            ]
        },
    )

    day: date
    action: Literal["add", "remove"]
    reason: str = Field(min_length=1, max_length=REASON_MAX)


class OverrideOut(BaseModel):
    """The current override of one day; ``calendar`` says which calendar it was recorded on."""

    calendar: str
    day: date
    action: Literal["add", "remove"]
    reason: str
    recorded_by: str
    recorded_by_role: str
    recorded_at: datetime
    position: int

    @classmethod
    def of(cls, row: dict[str, Any]) -> OverrideOut:
        """Shape a calendar_overrides row."""
        return cls(
            calendar=row["calendar"],
            day=row["day"],
            action=row["action"],
            reason=row["reason"],
            recorded_by=row["actor_id"],
            recorded_by_role=row["actor_role"],
            recorded_at=row["recorded_at"],
            position=row["last_position"],
        )


class CalendarOverridesOut(BaseModel):
    """The overrides that apply to a calendar (``uk-any`` also shows each nation's) and the
    calendar version they make: every computed deadline records the version it used."""

    calendar: str
    version: str
    items: list[OverrideOut]
