"""PostgreSQL table and queries behind the access_trail projection (no personal values: ids,
roles, purposes and times)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import Cursor

from adapters.postgres.db import Database

CREATE = [
    """
    CREATE TABLE IF NOT EXISTS access_trail (
        position bigint NOT NULL,
        subject_id uuid NOT NULL,
        partnership_id text NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        event_type text NOT NULL,
        purpose text NOT NULL,
        accessed_at timestamptz NOT NULL,
        PRIMARY KEY (position, subject_id)
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS access_trail_subject_idx
        ON access_trail (partnership_id, subject_id, position)
    """,
    """
    CREATE INDEX IF NOT EXISTS access_trail_actor_idx
        ON access_trail (partnership_id, actor_id, position)
    """,
]
DROP = ["DROP TABLE IF EXISTS access_trail"]


class AccessTrailRows:
    """Writes access_trail rows inside the runner's transaction."""

    def __init__(self, cursor: Cursor[Any]) -> None:
        self._cursor = cursor

    def accessed(
        self,
        *,
        position: int,
        subject_ids: Sequence[UUID],
        partnership_id: str,
        actor_id: str,
        actor_role: str,
        action: str,
        event_type: str,
        purpose: str,
        accessed_at: datetime,
    ) -> None:
        for subject_id in dict.fromkeys(subject_ids):
            self._cursor.execute(
                "INSERT INTO access_trail VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT DO NOTHING",
                (
                    position,
                    subject_id,
                    partnership_id,
                    actor_id,
                    actor_role,
                    action,
                    event_type,
                    purpose,
                    accessed_at,
                ),
            )


class AccessTrailTable:
    """The view's schema and the writer the runner binds to each batch's cursor."""

    create_sql = CREATE
    drop_sql = DROP
    tables = ("access_trail",)

    def writer(self, cursor: Cursor[Any]) -> AccessTrailRows:
        return AccessTrailRows(cursor)


class AccessTrailQueries:
    """Reads for the API, always within one partnership."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def page(
        self,
        partnership_id: str,
        *,
        subject_id: UUID | None,
        actor_id: str | None,
        after: tuple[int, UUID] | None,
        limit: int,
    ) -> list[dict[str, Any]]:
        """Oldest first; ``after`` is the (position, subject_id) of the last row already seen."""
        sql = "SELECT * FROM access_trail WHERE partnership_id = %s"
        params: list[Any] = [partnership_id]
        if subject_id is not None:
            sql += " AND subject_id = %s"
            params.append(subject_id)
        if actor_id is not None:
            sql += " AND actor_id = %s"
            params.append(actor_id)
        if after is not None:
            sql += " AND (position, subject_id) > (%s, %s)"
            params.extend(after)
        sql += " ORDER BY position, subject_id LIMIT %s"
        params.append(limit)
        with self._db.connection() as conn:
            return conn.execute(sql, params).fetchall()
