"""PostgreSQL table and queries behind the review_summary projection."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
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


class ReviewSummaryRows:
    """Writes review_summary rows inside the runner's transaction."""

    def __init__(self, cursor: Cursor[Any]) -> None:
        self._cursor = cursor

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
        # One statement for both rows: a rebuild writes one per review opened, not two.
        self._cursor.execute(
            "WITH opened AS (INSERT INTO review_summary (review_id, partnership_id, jurisdiction,"
            " notifying_agency, summary, received_on, version, opened_at, updated_at,"
            " last_position) VALUES (%s, %s, %s, %s, %s, %s, 1, %s, %s, %s))"
            " INSERT INTO review_member (review_id, user_id, role) VALUES (%s, %s, %s)"
            " ON CONFLICT DO NOTHING",
            (
                review_id,
                partnership_id,
                jurisdiction,
                notifying_agency,
                summary,
                received_on,
                opened_at,
                opened_at,
                position,
                review_id,
                notifier,
                NOTIFIER,
            ),
        )

    def review_changed(
        self, *, review_id: UUID, version: int, changed_at: datetime, position: int
    ) -> None:
        self._cursor.execute(
            "UPDATE review_summary SET version = %s, updated_at = %s, last_position = %s"
            " WHERE review_id = %s",
            (version, changed_at, position, review_id),
        )

    def member_joined(self, *, review_id: UUID, user_id: str, role: str) -> None:
        self._cursor.execute(
            "INSERT INTO review_member (review_id, user_id, role) VALUES (%s, %s, %s)"
            " ON CONFLICT DO NOTHING",
            (review_id, user_id, role),
        )

    def member_left(self, *, review_id: UUID, user_id: str, role: str) -> None:
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
