"""The snapshot store: each aggregate's latest snapshot, sealed like its events.

Snapshots go through the application's mapper, so every personal field in them is encrypted
under its subject's data key (erasing the subject makes them unreadable, as it does the events),
and are read with their data keys prefetched in one query, as events are. A write replaces the
aggregate's older snapshots in the same statement: the table holds one row per snapshotted
aggregate, not one per snapshot ever taken (a snapshot taken again at the same version, in a
newer shape, replaces the old). A snapshot whose shape the code no longer expects
(``is_current()`` false) is not returned, so the aggregate is replayed from its first event.

A snapshot seals each personal value under the key its aggregate's events sealed it with
(``RecordedKeys``), never the subject's current key: a subject erased after the aggregate was
rebuilt, and given a new key before the snapshot was sealed, must not get its old values back
under the new key. Such a snapshot is skipped; reads then replay from the previous one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, Mapper, Recording, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder
from psycopg.sql import SQL, Identifier

from adapters.crypto.envelope import KeyContext
from adapters.crypto.mapper import (
    KeyNotRecorded,
    PersonalDataMapper,
    PrefetchingEventStore,
    RecordedKeys,
    sealed_key_contexts,
)
from adapters.postgres.db import EVENTS_TABLE, Database

log = logging.getLogger(__name__)


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

    def put(self, domain_events: Sequence[Any], **kwargs: Any) -> list[Recording[UUID]]:
        """Store ``domain_events`` (snapshots), each sealed under the keys its aggregate's
        events used up to its version; a snapshot one of whose keys is gone is skipped. The
        snapshots table has no notification ids, so there are no recordings to return."""
        if not isinstance(self.mapper, PersonalDataMapper):
            return super().put(domain_events, **kwargs)
        recorded = self._recorded_keys(domain_events)
        if recorded:  # their keys in one query, unless cached
            self.mapper.keys.prefetch(set().union(*recorded.values()))
        stored: list[StoredEvent] = []
        for snapshot in domain_events:
            keys = RecordedKeys(self.mapper.keys, recorded.get(snapshot.originator_id, ()))
            try:
                stored.append(self.mapper.to_stored_event(snapshot, keys))
            except KeyNotRecorded:
                # Not an error: its subject was erased since. No id or value is logged.
                log.info("a snapshot was skipped: a key its events used has been destroyed")
        if stored:
            self.recorder.insert_events(stored, **kwargs)
        return []

    def _recorded_keys(self, snapshots: Sequence[Any]) -> dict[UUID, set[KeyContext]]:
        """Per aggregate, the data keys its stored events up to the snapshot's version were
        sealed with, read off the stored JSON (``sealed_key_contexts``), in one query."""
        if not isinstance(self.recorder, PostgresAggregateRecorder):
            raise TypeError("snapshots must be stored in PostgreSQL")
        with self.recorder.datastore.get_connection() as conn:
            rows = conn.execute(
                SQL(
                    "SELECT e.originator_id, e.state FROM {schema}.{events} e"
                    " JOIN unnest(%s::uuid[], %s::bigint[]) AS s(id, version)"
                    " ON e.originator_id = s.id AND e.originator_version <= s.version"
                ).format(
                    schema=Identifier(self.recorder.datastore.schema),
                    events=Identifier(EVENTS_TABLE),
                ),
                (
                    [s.originator_id for s in snapshots],
                    [s.originator_version for s in snapshots],
                ),
            ).fetchall()
        states: dict[UUID, list[bytes]] = {}
        for row in rows:
            states.setdefault(UUID(str(row["originator_id"])), []).append(bytes(row["state"]))
        return {aggregate: sealed_key_contexts(found) for aggregate, found in states.items()}


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
