"""PostgreSQL tables and queries behind the retention projection: records and held subjects."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from psycopg import Cursor

from adapters.postgres.db import Database

CREATE = [
    """
    CREATE TABLE IF NOT EXISTS retention_records (
        record_id uuid PRIMARY KEY,
        partnership_id text NOT NULL,
        record_class text NOT NULL,
        subject_ids uuid[] NOT NULL,
        action text NOT NULL,
        triggered_on date,
        due_on date,
        disposition_id uuid,
        last_position bigint NOT NULL
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS retention_records_due_idx
        ON retention_records (partnership_id, due_on, record_id) WHERE disposition_id IS NULL
    """,
    """
    CREATE TABLE IF NOT EXISTS retention_holds (
        hold_id uuid NOT NULL,
        subject_id uuid NOT NULL,
        partnership_id text NOT NULL,
        PRIMARY KEY (subject_id, hold_id)
    )
    """,
]
DROP = ["DROP TABLE IF EXISTS retention_records", "DROP TABLE IF EXISTS retention_holds"]
SELECT = (
    "SELECT r.*, EXISTS (SELECT 1 FROM retention_holds h WHERE h.subject_id = ANY(r.subject_ids))"
    " AS held FROM retention_records r"
)


class RetentionRows:
    """Writes retention rows inside the runner's transaction."""

    def __init__(self, cursor: Cursor[Any]) -> None:
        self._cursor = cursor

    def registered(
        self,
        *,
        record_id: UUID,
        partnership_id: str,
        record_class: str,
        subject_ids: list[UUID],
        action: str,
        position: int,
    ) -> None:
        self._cursor.execute(
            "INSERT INTO retention_records (record_id, partnership_id, record_class, subject_ids,"
            " action, last_position) VALUES (%s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (record_id) DO NOTHING",
            (record_id, partnership_id, record_class, subject_ids, action, position),
        )

    def triggered(
        self, *, record_id: UUID, triggered_on: date, due_on: date | None, position: int
    ) -> None:
        self._cursor.execute(
            "UPDATE retention_records SET triggered_on = %s, due_on = %s, last_position = %s"
            " WHERE record_id = %s",
            (triggered_on, due_on, position, record_id),
        )

    def disposed(self, *, record_ids: list[UUID], disposition_id: UUID, position: int) -> None:
        self._cursor.execute(
            "UPDATE retention_records SET disposition_id = %s, last_position = %s"
            " WHERE record_id = ANY(%s)",
            (disposition_id, position, record_ids),
        )

    def held(self, *, hold_id: UUID, partnership_id: str, subject_ids: list[UUID]) -> None:
        for subject_id in subject_ids:
            self._cursor.execute(
                "INSERT INTO retention_holds VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (hold_id, subject_id, partnership_id),
            )

    def released(self, *, hold_id: UUID) -> None:
        self._cursor.execute("DELETE FROM retention_holds WHERE hold_id = %s", (hold_id,))


class RetentionTable:
    """The view's schema and the writer the runner binds to each batch's cursor."""

    create_sql = CREATE
    drop_sql = DROP
    tables = ("retention_records", "retention_holds")

    def writer(self, cursor: Cursor[Any]) -> RetentionRows:
        return RetentionRows(cursor)


class RetentionQueries:
    """Reads for the API."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def due(
        self,
        partnership_id: str,
        *,
        as_of: date,
        record_class: str | None,
        after: tuple[date, UUID] | None,
        limit: int,
    ) -> list[dict[str, Any]]:
        """Records not disposed of whose period ended by ``as_of``, earliest due first, with
        ``held`` true when a legal hold covers any of their subjects."""
        sql = SELECT + " WHERE partnership_id = %s AND disposition_id IS NULL AND due_on <= %s"
        params: list[Any] = [partnership_id, as_of]
        if record_class is not None:
            sql += " AND record_class = %s"
            params.append(record_class)
        if after is not None:
            sql += " AND (due_on, record_id) > (%s, %s)"
            params.extend(after)
        sql += " ORDER BY due_on, record_id LIMIT %s"
        params.append(limit)
        with self._db.connection() as conn:
            return conn.execute(sql, params).fetchall()

    def records(self, partnership_id: str, record_ids: list[UUID]) -> list[dict[str, Any]]:
        """The rows of ``record_ids`` in this partnership (others are simply absent)."""
        with self._db.connection() as conn:
            return conn.execute(
                SELECT + " WHERE partnership_id = %s AND record_id = ANY(%s)",
                (partnership_id, record_ids),
            ).fetchall()
