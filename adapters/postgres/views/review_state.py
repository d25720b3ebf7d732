"""PostgreSQL table and queries behind the review_state projection (no personal values)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import Cursor
from psycopg.types.json import Jsonb

from adapters.postgres.db import Database
from adapters.postgres.views.review_summary import VisibleTo, on_review_sql

CREATE = [
    """
    CREATE TABLE IF NOT EXISTS review_state (
        review_id uuid PRIMARY KEY,
        partnership_id text NOT NULL,
        jurisdiction text NOT NULL,
        rule_set_id text,
        stage text,
        kind text,
        paused boolean NOT NULL DEFAULT false,
        milestones jsonb NOT NULL DEFAULT '{}'::jsonb,
        stages jsonb NOT NULL DEFAULT '{}'::jsonb,
        last_event text NOT NULL,
        version bigint NOT NULL,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_position bigint NOT NULL
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS review_state_stage_idx
        ON review_state (partnership_id, stage, opened_at DESC, review_id)
    """,
]
DROP = ["DROP TABLE IF EXISTS review_state"]


class ReviewStateRows:
    """Writes review_state rows inside the runner's transaction."""

    def __init__(self, cursor: Cursor[Any]) -> None:
        self._cursor = cursor

    def review_opened(
        self,
        *,
        review_id: UUID,
        partnership_id: str,
        jurisdiction: str,
        rule_set_id: str | None,
        stage: str | None,
        opened_at: datetime,
        position: int,
    ) -> None:
        self._cursor.execute(
            "INSERT INTO review_state (review_id, partnership_id, jurisdiction, rule_set_id, stage,"
            " stages, last_event, version, opened_at, updated_at, last_position)"
            " VALUES (%s, %s, %s, %s, %s, %s, 'NotificationReceived', 1, %s, %s, %s)",
            (
                review_id,
                partnership_id,
                jurisdiction,
                rule_set_id,
                stage,
                Jsonb({stage: opened_at.isoformat()} if stage else {}),
                opened_at,
                opened_at,
                position,
            ),
        )

    def review_changed(
        self,
        *,
        review_id: UUID,
        version: int,
        event: str,
        stage: str | None,
        milestones: dict[str, Any],
        changed_at: datetime,
        position: int,
    ) -> None:
        # A stage entered for the first time is stamped; re-entering keeps the first stamp.
        self._cursor.execute(
            "UPDATE review_state SET"
            " stages = CASE WHEN %(stage)s::text IS NULL OR stages ? %(stage)s::text THEN stages"
            "   ELSE stages || jsonb_build_object(%(stage)s::text, %(at)s::text) END,"
            " stage = COALESCE(%(stage)s, stage),"
            " kind = COALESCE(%(patch)s::jsonb ->> 'kind', kind),"
            " paused = COALESCE((%(patch)s::jsonb ->> 'paused')::boolean, paused),"
            " milestones = milestones || %(patch)s::jsonb,"
            " last_event = %(event)s, version = %(version)s, updated_at = %(changed)s,"
            " last_position = %(position)s"
            " WHERE review_id = %(review)s",
            {
                "stage": stage,
                "at": changed_at.isoformat(),
                "patch": Jsonb(milestones),
                "event": event,
                "version": version,
                "changed": changed_at,
                "position": position,
                "review": review_id,
            },
        )


class ReviewStateTable:
    """The view's schema and the writer the runner binds to each batch's cursor."""

    create_sql = CREATE
    drop_sql = DROP
    tables = ("review_state",)

    def writer(self, cursor: Cursor[Any]) -> ReviewStateRows:
        return ReviewStateRows(cursor)


class ReviewStateQueries:
    """Reads for the API: one review's status, and a partnership's reviews with their stage."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, review_id: UUID) -> dict[str, Any] | None:
        with self._db.connection() as conn:
            return conn.execute(
                "SELECT * FROM review_state WHERE review_id = %s", (review_id,)
            ).fetchone()

    def list(
        self,
        partnership_id: str,
        *,
        stage: str | None,
        after: tuple[datetime, UUID] | None,
        limit: int,
        visible_to: VisibleTo | None = None,
    ) -> list[dict[str, Any]]:
        """review_summary rows with their stage, newest first; ``after`` is the (opened_at,
        review_id) of the last row already seen; ``visible_to`` (a user id and the review ids
        their token names) keeps only those reviews and the ones the user is a member of."""
        sql = (
            # A review review_state has not applied yet (a lagging or failed projection) is
            # listed without its stage, never an error.
            "SELECT s.*, st.rule_set_id, st.stage, st.kind, coalesce(st.paused, false) AS paused"
            " FROM review_summary s LEFT JOIN review_state st USING (review_id)"
            " WHERE s.partnership_id = %s"
        )
        params: list[Any] = [partnership_id]
        if visible_to is not None:
            condition, values = on_review_sql("s.review_id", visible_to)
            sql += f" AND {condition}"
            params.extend(values)
        if stage is not None:
            sql += " AND st.stage = %s"
            params.append(stage)
        if after is not None:
            sql += " AND (s.opened_at, s.review_id) < (%s, %s)"
            params.extend(after)
        sql += " ORDER BY s.opened_at DESC, s.review_id DESC LIMIT %s"
        params.append(limit)
        with self._db.connection() as conn:
            return conn.execute(sql, params).fetchall()
