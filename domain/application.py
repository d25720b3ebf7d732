"""The use cases: each method gets an aggregate, calls one command, saves.

``ReviewTrail`` is an eventsourcing ``Application`` whose one notification log (table
``reviewtrail_events``) holds every event of every aggregate, in commit order: the audit log's
Merkle tree and every projection read that single log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding
from eventsourcing.utils import Environment

from domain.errors import ConcurrencyConflict
from domain.meta import Meta
from domain.review import Jurisdiction, Review
from domain.transcodings import DOMAIN_TRANSCODINGS


class PersistenceMisconfigured(RuntimeError):
    """Raised at start-up when events would not be stored in PostgreSQL."""


@dataclass(frozen=True)
class Receipt:
    """A command's result: aggregate id, its new version, the log position of its last event."""

    id: UUID
    version: int
    position: int


class ReviewTrail(Application[UUID]):
    """All reviewtrail use cases over one PostgreSQL event store."""

    name = "ReviewTrail"

    def __init__(
        self,
        env: Mapping[str, str],
        extra_transcodings: Sequence[Transcoding] = (),
    ) -> None:
        self._extra_transcodings = tuple(extra_transcodings)
        super().__init__(env)
        if type(self.recorder).__module__ != "eventsourcing.postgres":
            raise PersistenceMisconfigured(
                "events must be stored in PostgreSQL; refusing to run on "
                f"{type(self.recorder).__module__} (set REVIEWTRAIL_DATABASE_URL)"
            )

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        # Only the settings object configures persistence: stray POSTGRES_* or
        # PERSISTENCE_MODULE variables in os.environ must not redirect the event store.
        return Environment(name, dict(env or {}))

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in (*DOMAIN_TRANSCODINGS, *self._extra_transcodings):
            transcoder.register(transcoding)

    def receive_notification(
        self,
        *,
        jurisdiction: Jurisdiction,
        notifying_agency: str,
        summary: str,
        received_on: date,
        meta: Meta,
    ) -> Receipt:
        """Open a new review from a notification."""
        review = Review.receive_notification(
            jurisdiction=jurisdiction,
            notifying_agency=notifying_agency,
            summary=summary,
            received_on=received_on,
            meta=meta,
        )
        return self.record(review)

    def record(self, *aggregates: Aggregate) -> Receipt:
        """Save pending events atomically; a stale aggregate raises ConcurrencyConflict."""
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            first = aggregates[0]
            raise ConcurrencyConflict(first.id, self._current_version(first.id)) from None
        last = aggregates[-1]
        return Receipt(id=last.id, version=last.version, position=recordings[-1].notification.id)

    def _current_version(self, aggregate_id: UUID) -> int | None:
        events: Any = self.recorder.select_events(aggregate_id, desc=True, limit=1)
        return int(events[0].originator_version) if events else None
