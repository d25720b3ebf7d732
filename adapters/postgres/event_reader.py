"""Read stored events at given log positions and decode them (decrypting personal fields)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from adapters.postgres.db import EVENTS_TABLE, Database


class EventReader:
    def __init__(self, db: Database, mapper: Any) -> None:
        self._db, self._mapper = db, mapper

    def at_positions(self, positions: Sequence[int]) -> list[tuple[int, Any]]:
        """Decoded events at ``positions``, in log order."""
        with self._db.connection() as conn:
            rows = conn.execute(
                "SELECT notification_id, originator_id, originator_version, topic, state"  # noqa: S608
                f" FROM {EVENTS_TABLE} WHERE notification_id = ANY(%s) ORDER BY notification_id",
                (list(positions),),
            ).fetchall()
        return [
            (
                int(str(row["notification_id"])),
                self._mapper.to_domain_event(
                    StoredEvent(
                        originator_id=UUID(str(row["originator_id"])),
                        originator_version=int(str(row["originator_version"])),
                        topic=str(row["topic"]),
                        state=bytes(row["state"]),
                    )
                ),
            )
            for row in rows
        ]
