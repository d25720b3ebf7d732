"""The snapshot store: each aggregate's latest snapshot, sealed like its events.

Snapshots go through the application's mapper, so every personal field in them is encrypted
under its subject's data key (erasing the subject makes them unreadable, as it does the events),
and are read with their data keys prefetched in one query, as events are. A write replaces the
aggregate's older snapshots in the same statement: the table holds one row per snapshotted
aggregate, not one per snapshot ever taken (a snapshot taken again at the same version, in a
newer shape, replaces the old). A snapshot whose shape the code no longer expects
(``is_current()`` false) is not returned, so the aggregate is replayed from its first event.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, Mapper
from eventsourcing.postgres import PostgresAggregateRecorder
from psycopg.sql import SQL, Identifier

from adapters.crypto.mapper import PrefetchingEventStore
from adapters.postgres.db import EVENTS_TABLE, Database


class SnapshotStore(PrefetchingEventStore):
    """The event store over the snapshots table, returning only current snapshots."""

    def get(
        self,
        originator_id: UUID,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Iterator[Any]:
        snapshots = super().get(originator_id, gt=gt, lte=lte, desc=desc, limit=limit)
        return (s for s in snapshots if getattr(s, "is_current", lambda: True)())


def latest_snapshot_store(mapper: Mapper[UUID], recorder: AggregateRecorder) -> SnapshotStore:
    """A ``SnapshotStore`` whose inserts delete the aggregate's older snapshots."""
    if not isinstance(recorder, PostgresAggregateRecorder):
        raise TypeError(f"snapshots must be stored in PostgreSQL, not {type(recorder).__name__}")
    schema = Identifier(recorder.datastore.schema)
    table = Identifier(recorder.events_table_name)
    recorder.insert_events_statement = SQL(
        "WITH new AS (SELECT originator_id, originator_version, topic, state"
        " FROM unnest(%s::{schema}.{stored_event_type}[])),"
        " replaced AS (DELETE FROM {schema}.{table} AS t USING new"
        " WHERE t.originator_id = new.originator_id"
        " AND t.originator_version < new.originator_version)"
        " INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state)"
        " SELECT originator_id, originator_version, topic, state FROM new"
        " ON CONFLICT (originator_id, originator_version)"
        " DO UPDATE SET topic = EXCLUDED.topic, state = EXCLUDED.state"
    ).format(
        schema=schema,
        table=table,
        stored_event_type=Identifier(recorder.stored_event_type_name),
    )
    return SnapshotStore(mapper, recorder)


def review_versions(db: Database) -> list[tuple[UUID, int]]:
    """Every review's id and version, from the event store (a scan of the whole log)."""
    with db.connection() as conn:
        rows = conn.execute(
            f"SELECT originator_id, max(originator_version) AS version FROM {EVENTS_TABLE}"  # noqa: S608
            " WHERE topic LIKE 'reviewtrail.Review.%' GROUP BY originator_id"
            " ORDER BY originator_id"
        ).fetchall()
    return [(UUID(str(row["originator_id"])), int(str(row["version"]))) for row in rows]
