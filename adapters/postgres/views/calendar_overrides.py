"""PostgreSQL table and queries behind the calendar_overrides projection.

The queries are also the clocks' ``CalendarSource``: a calendar is built from the ``holidays``
package plus the override rows that apply to it, so its version changes with every override.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, cast

from psycopg import Cursor

from adapters.calendars import CALENDAR_NAMES, UK_ANY, CalendarOverride, calendar_for
from adapters.postgres.db import Database
from domain.clocks import Calendar, ClockError

CREATE = [
    """
    CREATE TABLE IF NOT EXISTS calendar_overrides (
        calendar text NOT NULL,
        day date NOT NULL,
        action text NOT NULL CHECK (action IN ('add', 'remove')),
        reason text NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        recorded_at timestamptz NOT NULL,
        last_position bigint NOT NULL,
        PRIMARY KEY (calendar, day)
    )
    """,
]
DROP = ["DROP TABLE IF EXISTS calendar_overrides"]


class CalendarOverrideRows:
    """Writes calendar_overrides rows inside the runner's transaction."""

    def __init__(self, cursor: Cursor[Any]) -> None:
        self._cursor = cursor

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
        """Insert the override, or replace the earlier one of the same (calendar, day)."""
        self._cursor.execute(
            "INSERT INTO calendar_overrides (calendar, day, action, reason, actor_id, actor_role,"
            " recorded_at, last_position) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (calendar, day) DO UPDATE SET action = EXCLUDED.action,"
            " reason = EXCLUDED.reason, actor_id = EXCLUDED.actor_id,"
            " actor_role = EXCLUDED.actor_role, recorded_at = EXCLUDED.recorded_at,"
            " last_position = EXCLUDED.last_position",
            (calendar, day, action, reason, actor_id, actor_role, recorded_at, position),
        )


class CalendarOverridesTable:
    """The view's schema and the writer the runner binds to each batch's cursor."""

    create_sql = CREATE
    drop_sql = DROP
    tables = ("calendar_overrides",)

    def writer(self, cursor: Cursor[Any]) -> CalendarOverrideRows:
        return CalendarOverrideRows(cursor)


def applicable_calendars(name: str) -> tuple[str, ...]:
    """The calendars whose overrides apply to ``name``: ``uk-any`` is the union of the nations."""
    return CALENDAR_NAMES if name == UK_ANY else (name,)


class CalendarOverrideQueries:
    """Reads for the API, and the clocks' calendar source."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self, name: str) -> list[dict[str, Any]]:
        """The overrides that apply to calendar ``name``, by day."""
        with self._db.connection() as conn:
            return conn.execute(
                "SELECT * FROM calendar_overrides WHERE calendar = ANY(%s) ORDER BY day, calendar",
                (list(applicable_calendars(name)),),
            ).fetchall()

    def calendar(self, name: str) -> Calendar:
        """Calendar ``name`` with its stored overrides.

        Raises ``ClockError`` ``clock.unknown-calendar`` for a name that is not a UK calendar.
        """
        if name not in CALENDAR_NAMES:
            raise ClockError("clock.unknown-calendar", f"calendars are {', '.join(CALENDAR_NAMES)}")
        return calendar_for(name, [_override(row) for row in self.list(name)])


def _override(row: dict[str, Any]) -> CalendarOverride:
    action = cast(Literal["add", "remove"], row["action"])
    return CalendarOverride(row["day"], action, row["reason"], row["calendar"])
