"""PostgreSQL table and queries behind the review_summary projection."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from psycopg import Cursor

from adapters.postgres.db import Database
from projections.review_summary import NOTIFIER

CREATE = [
    """
    CREATE TABLE IF NOT EXISTS review_summary (
        review_id uuid PRIMARY KEY,
        partnership_id text NOT NULL,
        jurisdiction text NOT NULL,
        notifying_agency text NOT NULL,
        summary text NOT NULL,
        received_on date NOT NULL,
        version bigint NOT NULL,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_position bigint NOT NULL
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS review_summary_partnership_idx
        ON review_summary (partnership_id, opened_at DESC, review_id)
    """,
    # Who is on each review (its notifier and serving team), for per-review authorisation.
    """
    CREATE TABLE IF NOT EXISTS review_member (
        review_id uuid NOT NULL,
        user_id text NOT NULL,
        role text NOT NULL,
        PRIMARY KEY (review_id, user_id, role)
    )
    """,
    "CREATE INDEX IF NOT EXISTS review_member_user_idx ON review_member (user_id, review_id)",
]
DROP = ["DROP TABLE IF EXISTS review_summary", "DROP TABLE IF EXISTS review_member"]


VisibleTo = tuple[str, list[str]]
"""A caller who may not see the whole partnership: their user id and the review ids their
token names (``api.review_access.visible_reviews``)."""


def on_review_sql(
    review_column: Literal["s.review_id", "p.review_id", "aggregate_id"],
    visible_to: VisibleTo,
) -> tuple[str, list[Any]]:
    """The condition (and its parameters) keeping only the reviews in ``review_column`` that
    ``visible_to`` names or is a member of (its notifier or on its serving team), for any
    list of a partnership's reviews or their parts."""
    # The column is one of two fixed names; the values are parameters.
    condition = (
        f"({review_column}::text = ANY(%s) OR EXISTS (SELECT 1 FROM review_member m"  # noqa: S608
        f" WHERE m.review_id = {review_column} AND m.user_id = %s))"
    )
    user_id, reviews = visible_to
    return condition, [reviews, user_id]


# The reviews opened, and their notifiers as members, from one array per column.
_OPEN = f"""
WITH opened AS (
    SELECT * FROM unnest(%b::uuid[], %b::text[], %b::text[], %b::text[], %b::text[], %b::date[],
        %b::timestamptz[], %b::bigint[], %b::text[])
    AS o(review_id, partnership_id, jurisdiction, notifying_agency, summary, received_on,
        opened_at, last_position, notifier)
), rows AS (
    INSERT INTO review_summary (review_id, partnership_id, jurisdiction, notifying_agency,
        summary, received_on, version, opened_at, updated_at, last_position)
    SELECT review_id, partnership_id, jurisdiction, notifying_agency, summary, received_on, 1,
        opened_at, opened_at, last_position FROM opened
)
INSERT INTO review_member (review_id, user_id, role)
SELECT review_id, notifier, '{NOTIFIER}' FROM opened ON CONFLICT DO NOTHING
"""  # noqa: S608 (NOTIFIER is a constant)
_CHANGE = """
UPDATE review_summary AS s SET version = c.version, updated_at = c.changed_at,
    last_position = c.last_position
FROM unnest(%b::uuid[], %b::bigint[], %b::timestamptz[], %b::bigint[])
    AS c(review_id, version, changed_at, last_position)
WHERE s.review_id = c.review_id
"""


class ReviewSummaryRows:
    """Writes review_summary rows inside the runner's transaction.

    Rows are buffered and written by ``flush`` (the runner calls it after every few events and
    before it commits): the reviews opened, in one multi-row statement with their notifiers'
    memberships, then each changed review's latest version and position, in one more. A batch
    of a review's events thus costs two statements, not one per event."""

    def __init__(self, cursor: Cursor[Any]) -> None:
        self._cursor = cursor
        self._opened: list[tuple[Any, ...]] = []
        self._changed: dict[UUID, tuple[int, datetime, int]] = {}

    def review_opened(
        self,
        *,
        review_id: UUID,
        partnership_id: str,
        jurisdiction: str,
        notifying_agency: str,
        summary: str,
        received_on: date,
        opened_at: datetime,
        position: int,
        notifier: str,
    ) -> None:
        self._opened.append(
            (
                review_id,
                partnership_id,
                jurisdiction,
                notifying_agency,
                summary,
                received_on,
                opened_at,
                position,
                notifier,
            )
        )

    def review_changed(
        self, *, review_id: UUID, version: int, changed_at: datetime, position: int
    ) -> None:
        self._changed[review_id] = (version, changed_at, position)  # the latest one counts

    def flush(self) -> None:
        """Write what is buffered: the reviews opened first, then the changes."""
        if self._opened:
            self._cursor.execute(
                _OPEN, [list(column) for column in zip(*self._opened, strict=True)]
            )
            self._opened.clear()
        if self._changed:
            versions, times, positions = zip(*self._changed.values(), strict=True)
            self._cursor.execute(
                _CHANGE, (list(self._changed), list(versions), list(times), list(positions))
            )
            self._changed.clear()

    def member_joined(self, *, review_id: UUID, user_id: str, role: str) -> None:
        self.flush()  # in order with the review's own rows
        self._cursor.execute(
            "INSERT INTO review_member (review_id, user_id, role) VALUES (%s, %s, %s)"
            " ON CONFLICT DO NOTHING",
            (review_id, user_id, role),
        )

    def member_left(self, *, review_id: UUID, user_id: str, role: str) -> None:
        self.flush()
        self._cursor.execute(
            "DELETE FROM review_member WHERE (review_id, user_id, role) = (%s, %s, %s)",
            (review_id, user_id, role),
        )


class ReviewSummaryTable:
    """The view's schema and the writer the runner binds to each batch's cursor."""

    create_sql = CREATE
    drop_sql = DROP
    tables = ("review_summary", "review_member")

    def writer(self, cursor: Cursor[Any]) -> ReviewSummaryRows:
        return ReviewSummaryRows(cursor)


class ReviewSummaryQueries:
    """Reads for the API."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, review_id: UUID) -> dict[str, Any] | None:
        with self._db.connection() as conn:
            return conn.execute(
                "SELECT * FROM review_summary WHERE review_id = %s", (review_id,)
            ).fetchone()

    def list(
        self, partnership_id: str, *, after: tuple[datetime, UUID] | None, limit: int
    ) -> list[dict[str, Any]]:
        """Newest first; ``after`` is the (opened_at, review_id) of the last row already seen."""
        sql = "SELECT * FROM review_summary WHERE partnership_id = %s"
        params: list[Any] = [partnership_id]
        if after is not None:
            sql += " AND (opened_at, review_id) < (%s, %s)"
            params.extend(after)
        sql += " ORDER BY opened_at DESC, review_id DESC LIMIT %s"
        params.append(limit)
        with self._db.connection() as conn:
            return conn.execute(sql, params).fetchall()
