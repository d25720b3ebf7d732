"""The deadline dashboard's rows: a deadlines view row as counted today, as JSON or CSV."""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from api.schemas.dashboards import ClockPauseOut, DeadlineOut, DeadlineStep
from domain.clocks import Calendar, Deadline, status, working_days_between
from domain.clocks.registry import CalendarSource
from domain.errors import DomainError

CSV_COLUMNS = (
    "kind",
    "aggregate_id",
    "clock_id",
    "what",
    "anchor_date",
    "due",
    "working_days_left",
    "status",
    "paused_reason",
    "state",
    "ended_on",
    "calendar",
    "calendar_version",
)


class TodayCounter:
    """Counts rows against today's calendars (fetched once per calendar per request)."""

    def __init__(self, calendars: CalendarSource, today: date) -> None:
        self.today = today
        self._source = calendars
        self._calendars: dict[str, Calendar] = {}

    def _calendar(self, name: str) -> Calendar:
        if name not in self._calendars:
            self._calendars[name] = self._source.calendar(name)
        return self._calendars[name]

    def row(self, row: dict[str, Any]) -> DeadlineOut:
        """A view row with its working days left and status as of today."""
        due: date | None = row["due_date"]
        calendar = self._calendar(row["calendar"])
        left = None if due is None else working_days_between(self.today, due, calendar)
        shown: str = row["state"]
        if shown == "open":
            deadline = Deadline(row["clock_id"], row["anchor_date"], due, (), "")
            shown = str(status(deadline, self.today, calendar))
        return DeadlineOut(
            kind=row["kind"],
            aggregate_id=row["aggregate_id"],
            clock_id=row["clock_id"],
            what=row["description"],
            anchor_date=row["anchor_date"],
            due=due,
            working_days_left=left,
            status=shown,
            paused_reason=row["paused_reason"],
            pauses=[
                ClockPauseOut(from_=first, to=last, reason=reason)
                for first, last, reason in row["pauses"]
            ],
            state=row["state"],
            ended_on=row["ended_on"],
            calendar=row["calendar"],
            calendar_version=row["calendar_version"],
            steps=[DeadlineStep(**step) for step in row["steps"]],
        )


def deadlines_csv(items: Sequence[DeadlineOut]) -> str:
    """The rows as CSV (``CSV_COLUMNS``; the steps stay in the JSON form)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        values = item.model_dump(mode="json")
        writer.writerow(["" if values[c] is None else values[c] for c in CSV_COLUMNS])
    return out.getvalue()


def encode_position(row: dict[str, Any]) -> str:
    """An opaque cursor after ``row`` in its sort order."""
    raw = f"{row['sort_key']}|{row['aggregate_id']}|{row['clock_id']}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_position(cursor: str) -> tuple[int, UUID, str]:
    """The (sort key, aggregate id, clock id) a cursor stands for; raises DomainError
    ``pagination.cursor-invalid``."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        key, aggregate_id, clock_id = raw.split("|", 2)
        return int(key), UUID(aggregate_id), clock_id
    except ValueError:
        raise DomainError("pagination.cursor-invalid", "the cursor is not valid") from None
