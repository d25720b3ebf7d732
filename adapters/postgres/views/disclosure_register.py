"""PostgreSQL table and queries behind the disclosure_register projection."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from psycopg import Cursor
from psycopg.types.json import Jsonb

from adapters.postgres.db import Database

CREATE = [
    """
    CREATE TABLE IF NOT EXISTS disclosure_register (
        record_id uuid PRIMARY KEY,
        kind text NOT NULL,
        partnership_id text NOT NULL,
        status text NOT NULL,
        received_on date,
        due_on date,
        calendar_version text,
        detail jsonb NOT NULL,
        version bigint NOT NULL,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_position bigint NOT NULL
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS disclosure_register_list_idx
        ON disclosure_register (partnership_id, kind, opened_at DESC, record_id)
    """,
]
DROP = ["DROP TABLE IF EXISTS disclosure_register"]


class DisclosureRegisterRows:
    """Writes disclosure_register rows inside the runner's transaction."""

    def __init__(self, cursor: Cursor[Any]) -> None:
        self._cursor = cursor

    def opened(self, *, row: dict[str, Any]) -> None:
        self._cursor.execute(
            "INSERT INTO disclosure_register (record_id, kind, partnership_id, status,"
            " received_on, due_on, calendar_version, detail, version, opened_at, updated_at,"
            " last_position) VALUES (%(record_id)s, %(kind)s, %(partnership_id)s, %(status)s,"
            " %(received_on)s, %(due_on)s, %(calendar_version)s, %(detail)s, %(version)s,"
            " %(opened_at)s, %(opened_at)s, %(position)s) ON CONFLICT (record_id) DO NOTHING",
            {**row, "detail": Jsonb(row["detail"])},
        )

    def changed(
        self,
        *,
        record_id: UUID,
        status: str | None,
        due: tuple[date | None, str | None] | None,
        detail: dict[str, Any],
        version: int,
        changed_at: datetime,
        position: int,
    ) -> None:
        set_due = due is not None
        due_on, calendar_version = due if due is not None else (None, None)
        self._cursor.execute(
            "UPDATE disclosure_register SET status = coalesce(%s, status),"
            " due_on = CASE WHEN %s THEN %s ELSE due_on END,"
            " calendar_version = CASE WHEN %s THEN %s ELSE calendar_version END,"
            " detail = detail || %s, version = %s, updated_at = %s, last_position = %s"
            " WHERE record_id = %s",
            (
                status,
                set_due,
                due_on,
                set_due,
                calendar_version,
                Jsonb(detail),
                version,
                changed_at,
                position,
                record_id,
            ),
        )


class DisclosureRegisterTable:
    """The view's schema and the writer the runner binds to each batch's cursor."""

    create_sql = CREATE
    drop_sql = DROP
    tables = ("disclosure_register",)

    def writer(self, cursor: Cursor[Any]) -> DisclosureRegisterRows:
        return DisclosureRegisterRows(cursor)


class DisclosureRegisterQueries:
    """Reads for the API."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def list(
        self,
        partnership_id: str,
        kind: str,
        *,
        status: str | None,
        after: tuple[datetime, UUID] | None,
        limit: int,
    ) -> list[dict[str, Any]]:
        """Newest first; ``after`` is the (opened_at, record_id) of the last row already seen."""
        sql = "SELECT * FROM disclosure_register WHERE partnership_id = %s AND kind = %s"
        params: list[Any] = [partnership_id, kind]
        if status is not None:
            sql += " AND status = %s"
            params.append(status)
        if after is not None:
            sql += " AND (opened_at, record_id) < (%s, %s)"
            params.extend(after)
        sql += " ORDER BY opened_at DESC, record_id DESC LIMIT %s"
        params.append(limit)
        with self._db.connection() as conn:
            return conn.execute(sql, params).fetchall()
