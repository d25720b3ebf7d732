"""PostgreSQL table and queries behind the publications projection (no personal values).

The ``state`` column is generated from the row's facts, so every write keeps it right and the
list filters on it through an index.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from psycopg import Cursor, sql
from psycopg.types.json import Jsonb

from adapters.postgres.db import Database
from adapters.postgres.views.review_summary import VisibleTo, on_review_sql

CREATE = [
    """
    CREATE TABLE IF NOT EXISTS publications (
        review_id uuid PRIMARY KEY,
        partnership_id text NOT NULL,
        rule_set_id text,
        decision text,
        decided_on date,
        planned_on date,
        deferrals jsonb NOT NULL DEFAULT '[]'::jsonb,
        unlifted integer NOT NULL DEFAULT 0,
        report_version integer,
        form text,
        location text,
        published_on date,
        redaction_set_id uuid,
        earliest_withdrawal_on date,
        withdrawn_on date,
        withdrawal_reason text,
        state text GENERATED ALWAYS AS (
            CASE
                WHEN withdrawn_on IS NOT NULL THEN 'withdrawn'
                WHEN published_on IS NOT NULL THEN 'published'
                WHEN unlifted > 0 THEN 'deferred'
                WHEN decision IS NOT NULL THEN 'decided'
                ELSE 'undecided'
            END
        ) STORED,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_position bigint NOT NULL
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS publications_list_idx
        ON publications (partnership_id, state, opened_at DESC, review_id)
    """,
]
DROP = ["DROP TABLE IF EXISTS publications"]
COLUMNS = frozenset(
    {
        "decision",
        "decided_on",
        "planned_on",
        "report_version",
        "form",
        "location",
        "published_on",
        "redaction_set_id",
        "earliest_withdrawal_on",
        "withdrawn_on",
        "withdrawal_reason",
    }
)


class PublicationRows:
    """Writes publications rows inside the runner's transaction."""

    def __init__(self, cursor: Cursor[Any]) -> None:
        self._cursor = cursor

    def opened(
        self,
        *,
        review_id: UUID,
        partnership_id: str,
        rule_set_id: str | None,
        opened_at: datetime,
        position: int,
    ) -> None:
        self._cursor.execute(
            "INSERT INTO publications (review_id, partnership_id, rule_set_id, opened_at,"
            " updated_at, last_position) VALUES (%s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (review_id) DO NOTHING",
            (review_id, partnership_id, rule_set_id, opened_at, opened_at, position),
        )

    def changed(
        self, *, review_id: UUID, fields: dict[str, Any], changed_at: datetime, position: int
    ) -> None:
        unknown = set(fields) - COLUMNS
        if unknown:
            raise ValueError(f"not a publications column: {sorted(unknown)}")
        assignments = sql.SQL(", ").join(
            sql.SQL("{} = {}").format(sql.Identifier(column), sql.Placeholder(column))
            for column in sorted(fields)
        )
        self._cursor.execute(
            sql.SQL(
                "UPDATE publications SET {}, updated_at = %(at)s, last_position = %(position)s"
                " WHERE review_id = %(review)s"
            ).format(assignments),
            {**fields, "at": changed_at, "position": position, "review": review_id},
        )

    def deferred(
        self, *, review_id: UUID, deferral: dict[str, Any], changed_at: datetime, position: int
    ) -> None:
        self._cursor.execute(
            "UPDATE publications SET deferrals = deferrals || %s, unlifted = unlifted + 1,"
            " updated_at = %s, last_position = %s WHERE review_id = %s",
            (Jsonb([deferral]), changed_at, position, review_id),
        )

    def deferral_lifted(
        self, *, review_id: UUID, number: int, lifted_on: date, changed_at: datetime, position: int
    ) -> None:
        self._cursor.execute(
            "UPDATE publications SET"
            " deferrals = jsonb_set(deferrals, ARRAY[(%(index)s)::text, 'lifted_on'],"
            "   to_jsonb(%(lifted)s::text)),"
            " unlifted = unlifted - 1, updated_at = %(at)s, last_position = %(position)s"
            " WHERE review_id = %(review)s",
            {
                "index": number - 1,
                "lifted": lifted_on.isoformat(),
                "at": changed_at,
                "position": position,
                "review": review_id,
            },
        )


class PublicationsTable:
    """The view's schema and the writer the runner binds to each batch's cursor."""

    create_sql = CREATE
    drop_sql = DROP
    tables = ("publications",)

    def writer(self, cursor: Cursor[Any]) -> PublicationRows:
        return PublicationRows(cursor)


class PublicationQueries:
    """Reads for the API."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def list(
        self,
        partnership_id: str,
        *,
        state: str | None,
        after: tuple[datetime, UUID] | None,
        limit: int,
        visible_to: VisibleTo | None = None,
    ) -> list[dict[str, Any]]:
        """Newest review first; ``after`` is the (opened_at, review_id) of the last row seen;
        ``visible_to`` keeps only the reviews that caller is on (the review_summary view's
        members)."""
        query = "SELECT p.* FROM publications p WHERE partnership_id = %s"
        params: list[Any] = [partnership_id]
        if visible_to is not None:
            condition, values = on_review_sql("p.review_id", visible_to)
            query += f" AND {condition}"
            params.extend(values)
        if state is not None:
            query += " AND state = %s"
            params.append(state)
        if after is not None:
            query += " AND (opened_at, review_id) < (%s, %s)"
            params.extend(after)
        query += " ORDER BY opened_at DESC, review_id DESC LIMIT %s"
        params.append(limit)
        with self._db.connection() as conn:
            return conn.execute(query, params).fetchall()
