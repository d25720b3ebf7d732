"""PostgreSQL tables and queries behind the deadlines projection (no personal values).

``deadlines`` is the dashboard's view: one row per clock, with the inputs the projection needs to
recompute it (anchor, pauses) beside the result (due date, steps, calendar version).
``deadline_reviews`` and ``deadline_requests`` are what the projection remembers of each review
and each FOI request or SAR, and ``deadline_calendar_overrides`` its own copy of the overrides,
applied in log order. The row codec is ``deadline_codec``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal, cast
from uuid import UUID

from psycopg import Cursor, sql
from psycopg.types.json import Jsonb

from adapters.calendars import CALENDAR_NAMES, UK_ANY, CalendarOverride, calendar_for
from adapters.postgres.db import Database
from adapters.postgres.views.deadline_codec import (
    UPDATE_INPUTS,
    UPSERT,
    inputs_values,
    row_values,
    tracked,
)
from adapters.postgres.views.review_summary import VisibleTo, on_review_sql
from domain.clocks import Calendar, Deadline
from projections.tracked_clocks import RequestContext, ReviewContext, TrackedClock

CREATE = [
    """
    CREATE TABLE IF NOT EXISTS deadlines (
        aggregate_id uuid NOT NULL,
        clock_id text NOT NULL,
        partnership_id text NOT NULL,
        kind text NOT NULL,
        description text NOT NULL,
        anchor_date date NOT NULL,
        due_date date,
        paused_reason text,
        calendar text NOT NULL,
        calendar_version text NOT NULL,
        steps jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('open', 'met', 'closed')),
        pauses jsonb NOT NULL DEFAULT '[]'::jsonb,
        ended_on date,
        inputs jsonb,
        last_position bigint NOT NULL,
        PRIMARY KEY (aggregate_id, clock_id)
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS deadlines_partnership_idx
        ON deadlines (partnership_id, state, due_date, aggregate_id, clock_id)
    """,
    "CREATE INDEX IF NOT EXISTS deadlines_calendar_idx ON deadlines (calendar)"
    " WHERE state = 'open'",
    # The dashboard's two orders (_ORDERS below, same expressions): a page is read in index
    # order and stops at its limit, instead of sorting every clock of the partnership.
    "CREATE INDEX IF NOT EXISTS deadlines_due_idx ON deadlines (partnership_id,"
    " (COALESCE(due_date - DATE '2000-01-01', 2147483647)), aggregate_id, clock_id)",
    "CREATE INDEX IF NOT EXISTS deadlines_due_desc_idx ON deadlines (partnership_id,"
    " (COALESCE(due_date - DATE '2000-01-01', -2147483648)), aggregate_id, clock_id)",
    """
    CREATE TABLE IF NOT EXISTS deadline_reviews (
        review_id uuid PRIMARY KEY,
        partnership_id text NOT NULL,
        rule_set_id text,
        kind text,
        facts jsonb,
        pending jsonb NOT NULL DEFAULT '[]'::jsonb
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS deadline_requests (
        request_id uuid PRIMARY KEY,
        partnership_id text NOT NULL,
        kind text NOT NULL,
        nation text NOT NULL,
        received_on date NOT NULL,
        regime text
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS deadline_calendar_overrides (
        calendar text NOT NULL,
        day date NOT NULL,
        action text NOT NULL,
        reason text NOT NULL,
        PRIMARY KEY (calendar, day)
    )
    """,
]
TABLES = ("deadlines", "deadline_reviews", "deadline_requests", "deadline_calendar_overrides")
DROP = [f"DROP TABLE IF EXISTS {table}" for table in TABLES]


class DeadlineRows:
    """Reads and writes the deadlines tables inside the runner's transaction."""

    def __init__(self, cursor: Cursor[Any]) -> None:
        self._cursor = cursor

    def review_saved(self, review_id: UUID, context: ReviewContext) -> None:
        pending = [[name, day.isoformat(), fields] for name, day, fields in context.pending]
        self._cursor.execute(
            "INSERT INTO deadline_reviews (review_id, partnership_id, rule_set_id, kind, facts,"
            " pending) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (review_id) DO UPDATE SET"
            " kind = EXCLUDED.kind, facts = EXCLUDED.facts, pending = EXCLUDED.pending",
            (
                review_id,
                context.partnership_id,
                context.rule_set_id,
                context.kind,
                None if context.facts is None else Jsonb(context.facts),
                Jsonb(pending),
            ),
        )

    def review_context(self, review_id: UUID) -> ReviewContext | None:
        row = self._one("SELECT * FROM deadline_reviews WHERE review_id = %s", (review_id,))
        if row is None:
            return None
        pending = tuple((n, date.fromisoformat(d), dict(f)) for n, d, f in row["pending"])
        return ReviewContext(
            row["partnership_id"], row["rule_set_id"], row["kind"], row["facts"], pending
        )

    def request_saved(self, request_id: UUID, context: RequestContext) -> None:
        self._cursor.execute(
            "INSERT INTO deadline_requests (request_id, partnership_id, kind, nation, received_on,"
            " regime) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (request_id) DO NOTHING",
            (
                request_id,
                context.partnership_id,
                context.kind,
                context.nation,
                context.received_on,
                context.regime,
            ),
        )

    def request_context(self, request_id: UUID) -> RequestContext | None:
        row = self._one("SELECT * FROM deadline_requests WHERE request_id = %s", (request_id,))
        if row is None:
            return None
        return RequestContext(
            row["partnership_id"], row["kind"], row["nation"], row["received_on"], row["regime"]
        )

    def clocks(self, aggregate_id: UUID) -> list[TrackedClock]:
        sql = "SELECT * FROM deadlines WHERE aggregate_id = %s ORDER BY clock_id"
        return [tracked(row) for row in self._all(sql, (aggregate_id,))]

    def open_clocks_on(self, calendars: tuple[str, ...]) -> list[TrackedClock]:
        sql = (
            "SELECT * FROM deadlines WHERE state = 'open' AND calendar = ANY(%s)"
            " ORDER BY aggregate_id, clock_id"
        )
        return [tracked(row) for row in self._all(sql, (list(calendars),))]

    def clock_saved(self, clock: TrackedClock, deadline: Deadline | None, position: int) -> None:
        if deadline is None:
            self._cursor.execute(UPDATE_INPUTS, inputs_values(clock, position))
            return
        self._cursor.execute(UPSERT, row_values(clock, deadline, position))

    def override_recorded(self, calendar: str, day: date, action: str, reason: str) -> None:
        self._cursor.execute(
            "INSERT INTO deadline_calendar_overrides (calendar, day, action, reason)"
            " VALUES (%s, %s, %s, %s) ON CONFLICT (calendar, day) DO UPDATE SET"
            " action = EXCLUDED.action, reason = EXCLUDED.reason",
            (calendar, day, action, reason),
        )

    def calendar(self, name: str) -> Calendar:
        names = list(CALENDAR_NAMES) if name == UK_ANY else [name]
        rows = self._all(
            "SELECT * FROM deadline_calendar_overrides WHERE calendar = ANY(%s) ORDER BY day",
            (names,),
        )
        return calendar_for(name, [_override(row) for row in rows])

    def _one(self, sql: str, params: tuple[Any, ...]) -> dict[str, Any] | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    def _all(self, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
        self._cursor.execute(sql, params)
        names = [column.name for column in self._cursor.description or ()]
        # The runner's cursor may use any row factory: rows are read by column name here.
        return [_as_dict(names, row) for row in self._cursor.fetchall()]


def _as_dict(names: list[str], row: Any) -> dict[str, Any]:
    return dict(row) if isinstance(row, dict) else dict(zip(names, row, strict=True))


def _override(row: dict[str, Any]) -> CalendarOverride:
    action = cast(Literal["add", "remove"], row["action"])
    return CalendarOverride(row["day"], action, row["reason"], row["calendar"])


class DeadlinesTable:
    """The view's schema and the writer the runner binds to each batch's cursor."""

    create_sql = CREATE
    drop_sql = DROP
    tables = TABLES

    def writer(self, cursor: Cursor[Any]) -> DeadlineRows:
        return DeadlineRows(cursor)


# Paused clocks have no due date: they sort after every dated clock, in either direction.
_SORT_KEY = "COALESCE(due_date - DATE '2000-01-01', {missing})"
_ORDERS = {
    "due": (_SORT_KEY.format(missing=2**31 - 1), "ASC", ">"),
    "-due": (_SORT_KEY.format(missing=-(2**31)), "DESC", "<"),
}


class DeadlineQueries:
    """Reads for the dashboard and a review's timeline: a partnership's clocks, filtered."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def of_aggregate(self, partnership_id: str, aggregate_id: UUID) -> list[dict[str, Any]]:
        """Every clock of one review, FOI request or SAR of the partnership, in timeline order:
        by the day it counts from, then due date (paused clocks last), then id."""
        with self._db.connection() as conn:
            return conn.execute(
                "SELECT * FROM deadlines WHERE partnership_id = %s AND aggregate_id = %s"
                " ORDER BY anchor_date, due_date NULLS LAST, clock_id",
                (partnership_id, aggregate_id),
            ).fetchall()

    def list(
        self,
        partnership_id: str,
        *,
        kinds: Sequence[str],
        state: str | None,
        sort: str,
        after: tuple[int, UUID, str] | None,
        limit: int | None,
        visible_to: VisibleTo | None = None,
    ) -> list[dict[str, Any]]:
        """Rows of the ``kinds`` (review, foi, sar) with their ``sort_key``, in due-date order;
        ``after`` is the (sort_key, aggregate_id, clock_id) of the last row already seen,
        ``limit`` None means every row; ``visible_to`` keeps only the clocks of the reviews
        that caller is on (the review_summary view's members)."""
        key, direction, beyond = _ORDERS[sort]
        template = (
            "SELECT *, {key} AS sort_key FROM deadlines WHERE partnership_id = %s"
            " AND kind = ANY(%s)"
        )
        params: list[Any] = [partnership_id, list(kinds)]
        if visible_to is not None:
            condition, values = on_review_sql("aggregate_id", visible_to)
            template += f" AND (kind <> 'review' OR {condition})"
            params.extend(values)
        if state is not None:
            template += " AND state = %s"
            params.append(state)
        if after is not None:
            template += f" AND ({{key}}, aggregate_id, clock_id) {beyond} (%s, %s, %s)"
            params.extend(after)
        template += f" ORDER BY sort_key {direction}, aggregate_id {direction}"
        template += f", clock_id {direction}"
        if limit is not None:
            template += " LIMIT %s"
            params.append(limit)
        # Every fragment above is a fixed string of this module; only values are parameters.
        query = sql.SQL(template).format(key=sql.SQL(key))
        with self._db.connection() as conn:
            return conn.execute(query, params).fetchall()
