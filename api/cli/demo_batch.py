"""A unit of work for bulk demo data: the real use cases, many commands per transaction.

The use-case mixins ask the application for three things only: ``repository.get``, ``record``
and ``subject_keys``. ``BatchTrail`` answers ``get`` from the aggregates it has already touched
(falling back to the event store), and ``record`` only takes the new events, in command order.
``commit`` then saves them all through the application's own ``save`` (the same mapper, the
same encryption under per-subject keys, the same event store) in transactions of at most
``SAVE_CHUNK`` events, after asking the key store for every data key the batch needs at once.
(One transaction of thousands of inserts makes libpq's pipeline outgrow a Unix socket's send
buffer, and psycopg's pipeline can then wait for results the server is still waiting to be
sent: psycopg/psycopg#685. The embedded PostgreSQL listens on a Unix socket only.)
Every rule is checked exactly as one command at a time would check it; only the round trips
per command are gone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from adapters.postgres.keystore import PostgresKeyStore
from domain.application import Receipt, ReviewTrail
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.ports import SubjectKeys
from domain.review import Jurisdiction, Review
from domain.review.snapshot import ReviewSnapshot, crosses_interval, snapshot_of
from domain.use_cases.foi import FoiUseCases
from domain.use_cases.redaction import RedactionUseCases
from domain.use_cases.reviews import ReviewUseCases
from domain.use_cases.sar import SarUseCases
from domain.use_cases.subjects import SubjectUseCases

SAVE_CHUNK = 64


class IdentityMap:
    """The aggregates a batch has touched, by id; anything else is read from the event store."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.skips_snapshots = getattr(store, "skips_snapshots", False)
        self.loaded: dict[UUID, Aggregate] = {}

    def get(self, aggregate_id: UUID, version: int | None = None, **options: Any) -> Any:
        """The aggregate as this batch left it (an older ``version`` comes from the store, with
        the repository's ``options``)."""
        if version is None and aggregate_id in self.loaded:
            return self.loaded[aggregate_id]
        aggregate = self._store.get(aggregate_id, version=version, **options)
        if version is None:
            self.loaded[aggregate_id] = aggregate
        return aggregate


class BatchTrail(ReviewUseCases, SubjectUseCases, FoiUseCases, SarUseCases, RedactionUseCases):
    """ReviewTrail's use cases over an identity map, recorded by ``commit`` in a few transactions.

    A receipt's ``position`` is 0: positions are assigned when the batch commits.
    """

    def __init__(self, app: ReviewTrail, keys: PostgresKeyStore) -> None:
        self._app, self._keys = app, keys
        self.repository = IdentityMap(app.repository)
        self._events: list[Any] = []
        self._snapshots: dict[UUID, ReviewSnapshot] = {}

    @property
    def subject_keys(self) -> SubjectKeys:
        return self._app.subject_keys

    @property
    def pending(self) -> int:
        """Events recorded since the last commit."""
        return len(self._events)

    def receive_notification(
        self,
        *,
        jurisdiction: Jurisdiction,
        notifying_agency: str,
        summary: str,
        received_on: date,
        meta: Meta,
        review_type: str | None = None,
    ) -> Receipt:
        """``ReviewTrail.receive_notification``, batched."""
        review = Review.receive_notification(
            jurisdiction=jurisdiction,
            notifying_agency=notifying_agency,
            summary=summary,
            received_on=received_on,
            meta=meta,
            review_type=review_type,
        )
        return self.record(review)

    def record(self, *aggregates: Aggregate) -> Receipt:
        """Take the aggregates' new events (kept in command order, so a subject's registration
        precedes every event that refers to it), and a review's snapshot where a command saved
        one by one would take it (``ReviewTrail._take_snapshots``); nothing is written until
        ``commit``."""
        for aggregate in aggregates:
            events = aggregate.collect_events()
            self._events.extend(events)
            self.repository.loaded[aggregate.id] = aggregate
            if (
                self._app.snapshots is not None
                and isinstance(aggregate, Review)
                and events
                and crosses_interval(events[0].originator_version, aggregate.version)
                and (snapshot := snapshot_of(aggregate, copy=True)) is not None
            ):
                self._snapshots[aggregate.id] = snapshot
        last = aggregates[-1]
        return Receipt(id=last.id, version=last.version, position=0)

    def commit(self, keep: Iterable[UUID] = ()) -> int:
        """Save every pending event, in command order, ``SAVE_CHUNK`` to a transaction; the log
        position of the last (0 when there was nothing to save). Touched aggregates are
        forgotten, except ``keep``. A crash mid-commit keeps a prefix of the batch in command
        order (every rule was checked before anything was saved)."""
        events, self._events = self._events, []
        snapshots, self._snapshots = list(self._snapshots.values()), {}
        kept = {i: self.repository.loaded[i] for i in keep if i in self.repository.loaded}
        self.repository.loaded = kept
        if not events:
            return 0
        with self._keys.writing(personal_keys(events)):
            for start in range(0, len(events), SAVE_CHUNK):
                recordings = self._app.save(*events[start : start + SAVE_CHUNK])
            for start in range(0, len(snapshots), SAVE_CHUNK):
                self._app.put_snapshots(snapshots[start : start + SAVE_CHUNK])
        return int(recordings[-1].notification.id)


def personal_keys(events: Iterable[Any]) -> set[tuple[UUID, Category]]:
    """Every (subject, category) whose data key the events' personal fields need."""
    found: set[tuple[UUID, Category]] = set()
    for event in events:
        for value in _personal(vars(event)):
            found.add((value.subject_id, value.category))
    return found


def _personal(value: Any) -> Iterator[Personal]:
    if isinstance(value, Personal):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _personal(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _personal(item)
