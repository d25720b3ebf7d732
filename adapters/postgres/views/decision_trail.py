"""PostgreSQL table and queries behind the decision_trail projection (no personal values: the
summary holds non-personal fields and ``personal`` only references to encrypted ones)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import Cursor
from psycopg.types.json import Jsonb

from adapters.postgres.db import Database

CREATE = [
    """
    CREATE TABLE IF NOT EXISTS decision_trail (
        position bigint PRIMARY KEY,
        review_id uuid NOT NULL,
        partnership_id text NOT NULL,
        event_type text NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        recorded_at timestamptz NOT NULL,
        summary jsonb NOT NULL,
        personal jsonb NOT NULL DEFAULT '[]'::jsonb
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS decision_trail_review_idx
        ON decision_trail (partnership_id, review_id, position)
    """,
]
DROP = ["DROP TABLE IF EXISTS decision_trail"]


class DecisionTrailRows:
    """Writes decision_trail rows inside the runner's transaction."""

    def __init__(self, cursor: Cursor[Any]) -> None:
        self._cursor = cursor

    def recorded(
        self,
        *,
        position: int,
        review_id: UUID,
        partnership_id: str,
        event_type: str,
        actor_id: str,
        actor_role: str,
        recorded_at: datetime,
        summary: dict[str, Any],
        personal: list[dict[str, str]],
    ) -> None:
        self._cursor.execute(
            "INSERT INTO decision_trail VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT DO NOTHING",
            (
                position,
                review_id,
                partnership_id,
                event_type,
                actor_id,
                actor_role,
                recorded_at,
                Jsonb(summary),
                Jsonb(personal),
            ),
        )


class DecisionTrailTable:
    """The view's schema and the writer the runner binds to each batch's cursor."""

    create_sql = CREATE
    drop_sql = DROP
    tables = ("decision_trail",)

    def writer(self, cursor: Cursor[Any]) -> DecisionTrailRows:
        return DecisionTrailRows(cursor)


class DecisionTrailQueries:
    """Reads for the API, always within one partnership."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def page(
        self, partnership_id: str, review_id: UUID, *, after: int | None, limit: int | None
    ) -> list[dict[str, Any]]:
        """One review's trail in log order; ``after`` is the last position already seen, and
        ``limit`` None reads it all."""
        sql = "SELECT * FROM decision_trail WHERE partnership_id = %s AND review_id = %s"
        params: list[Any] = [partnership_id, review_id]
        if after is not None:
            sql += " AND position > %s"
            params.append(after)
        sql += " ORDER BY position"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        with self._db.connection() as conn:
            return conn.execute(sql, params).fetchall()
