"""The use cases: each method gets an aggregate, calls one command, saves.

``ReviewTrail`` is an eventsourcing ``Application`` whose one notification log (table
``reviewtrail_events``) holds every event of every aggregate, in commit order: the audit log's
Merkle tree and every projection read that single log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
    Repository,
    project_aggregate,
)
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    AggregateRecorder,
    EventStore,
    IntegrityError,
    JSONTranscoder,
    Mapper,
    Transcoder,
    Transcoding,
)
from eventsourcing.utils import Environment

from domain.calendar_overrides import CalendarOverrides, overrides_id
from domain.errors import ConcurrencyConflict, VersionMismatch
from domain.meta import Meta
from domain.ports import SubjectKeys
from domain.review import Jurisdiction, Review
from domain.review.snapshot import (
    SNAPSHOT_INTERVAL,
    ReviewSnapshot,
    crosses_interval,
    snapshot_of,
)
from domain.transcodings import DOMAIN_TRANSCODINGS
from domain.use_cases.access import AccessUseCases
from domain.use_cases.base import read
from domain.use_cases.foi import FoiUseCases
from domain.use_cases.redaction import RedactionUseCases
from domain.use_cases.retention import RetentionUseCases
from domain.use_cases.reviews import ReviewUseCases
from domain.use_cases.sar import SarUseCases
from domain.use_cases.subjects import SubjectUseCases

log = logging.getLogger(__name__)
MapperFactory = Callable[[Transcoder], Mapper[UUID]]
EventStoreFactory = Callable[[Mapper[UUID], AggregateRecorder], EventStore[UUID]]


class SnapshotAwareRepository(Repository[UUID]):
    """eventsourcing's repository, where a read can skip the snapshot store: only reviews are
    snapshotted, and looking for a snapshot of anything else is a wasted round trip
    (``domain.use_cases.base.read``)."""

    skips_snapshots = True

    def get(
        self,
        aggregate_id: UUID,
        *,
        version: int | None = None,
        projector_func: Any = project_aggregate,
        snapshots: bool = True,
        **options: Any,
    ) -> Any:
        if snapshots or self.snapshot_store is None or self.cache is not None:
            return super().get(
                aggregate_id, version=version, projector_func=projector_func, **options
            )
        events = self.event_store.get(originator_id=aggregate_id, lte=version)
        aggregate = projector_func(None, events)
        if aggregate is None:
            raise AggregateNotFoundError(
                f"Aggregate {aggregate_id!r} version {version!r} not found."
            )
        return aggregate


class PersistenceMisconfigured(RuntimeError):
    """Raised at start-up when events would not be stored in PostgreSQL."""


@dataclass(frozen=True)
class Receipt:
    """A command's result: aggregate id, its new version, the log position of its last event."""

    id: UUID
    version: int
    position: int


class ReviewTrail(
    ReviewUseCases,
    SubjectUseCases,
    FoiUseCases,
    SarUseCases,
    RedactionUseCases,
    RetentionUseCases,
    AccessUseCases,
    Application[UUID],
):
    """All reviewtrail use cases over one PostgreSQL event store."""

    name = "ReviewTrail"

    def __init__(
        self,
        env: Mapping[str, str],
        extra_transcodings: Sequence[Transcoding] = (),
        mapper_factory: MapperFactory | None = None,
        subject_keys: SubjectKeys | None = None,
        event_store_factory: EventStoreFactory | None = None,
        snapshot_store_factory: EventStoreFactory | None = None,
    ) -> None:
        self._extra_transcodings = tuple(extra_transcodings)
        self._mapper_factory = mapper_factory
        self._event_store_factory = event_store_factory
        self._snapshot_store_factory = snapshot_store_factory
        self._subject_keys = subject_keys
        super().__init__(env)
        if type(self.recorder).__module__ != "eventsourcing.postgres":
            raise PersistenceMisconfigured(
                "events must be stored in PostgreSQL; refusing to run on "
                f"{type(self.recorder).__module__} (set REVIEWTRAIL_DATABASE_URL)"
            )

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        # Only the settings object configures persistence: stray POSTGRES_* or
        # PERSISTENCE_MODULE variables in os.environ must not redirect the event store.
        # Snapshots only with a store that seals them (a plain one would refuse a Personal).
        snapshotting = {"IS_SNAPSHOTTING_ENABLED": "y"} if self._snapshot_store_factory else {}
        return Environment(name, {**dict(env or {}), **snapshotting})

    def construct_mapper(self) -> Mapper[UUID]:
        # Without a factory, a Personal cannot be transcoded at all: storing one fails loudly
        # rather than in plaintext.
        transcoder = self.construct_transcoder()
        if self._mapper_factory is None:
            return Mapper(transcoder=transcoder)
        return self._mapper_factory(transcoder)

    def construct_event_store(self) -> EventStore[UUID]:
        if self._event_store_factory is None:
            return super().construct_event_store()
        return self._event_store_factory(self.mapper, self.recorder)

    def construct_repository(self) -> Repository[UUID]:
        return SnapshotAwareRepository(
            event_store=self.events,
            snapshot_store=self.snapshots,
            cache_maxsize=None,  # never: a cached aggregate would hold decrypted values
        )

    def construct_snapshot_store(self) -> EventStore[UUID]:
        if self._snapshot_store_factory is None:
            return super().construct_snapshot_store()
        recorder = self.factory.aggregate_recorder(purpose="snapshots")
        return self._snapshot_store_factory(self.mapper, recorder)

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        """Snapshot each saved review whose new events reached a multiple of
        ``SNAPSHOT_INTERVAL``, from the aggregate in hand (eventsourcing's own policy would
        rebuild it from the store first). The events are committed by now, so a snapshot that
        cannot be written is logged and skipped: it costs later reads time, never data."""
        if self.snapshots is None:
            return
        versions: dict[UUID, list[int]] = {}
        for domain_event in processing_event.events:
            versions.setdefault(domain_event.originator_id, []).append(
                domain_event.originator_version
            )
        self.put_snapshots(
            lambda: [
                snapshot
                for aggregate_id, aggregate in processing_event.aggregates.items()
                if isinstance(aggregate, Review)
                and aggregate_id in versions  # saved again with nothing new: no event
                and crosses_interval(min(versions[aggregate_id]), max(versions[aggregate_id]))
                and (snapshot := snapshot_of(aggregate)) is not None
            ]
        )

    def put_snapshots(
        self, snapshots: Sequence[ReviewSnapshot] | Callable[[], Sequence[ReviewSnapshot]]
    ) -> None:
        """Take (when given a function) and store ``snapshots`` of committed versions. Any
        failure is logged, never raised: the events are committed, and a command must not be
        reported failed for want of a snapshot."""
        if self.snapshots is None:
            return
        try:
            taken = list(snapshots() if callable(snapshots) else snapshots)
            if taken:
                self.snapshots.put(taken)
        except Exception as error:  # see the docstring
            # The type only: a message could quote a value.
            log.warning(
                "snapshots not written (%s); reads replay those reviews' events instead",
                type(error).__name__,
            )

    def snapshot_review(self, review_id: UUID, version: int) -> int | None:
        """Snapshot a review where its commands would have (at the last multiple of
        ``SNAPSHOT_INTERVAL`` up to ``version``) unless a current snapshot stands there or
        later: for reviews recorded before snapshots existed, or whose snapshots an older
        ``SCHEMA`` retired. The version snapshotted, or None when none was needed or possible
        (a review holding an erased value is not snapshotted)."""
        at = version // SNAPSHOT_INTERVAL * SNAPSHOT_INTERVAL
        if self.snapshots is None or at == 0:
            return None
        latest = list(self.snapshots.get(review_id, desc=True, limit=1))
        if latest and latest[0].originator_version >= at:
            return None
        review = self.repository.get(review_id, version=at)
        snapshot = snapshot_of(review) if isinstance(review, Review) else None
        if snapshot is None:
            return None
        self.snapshots.put([snapshot])
        return at

    @property
    def subject_keys(self) -> SubjectKeys:
        if self._subject_keys is None:
            raise PersistenceMisconfigured("no key store configured")
        return self._subject_keys

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
        review_type: str | None = None,
    ) -> Receipt:
        """Open a new review from a notification (under the rules for ``review_type``)."""
        review = Review.receive_notification(
            jurisdiction=jurisdiction,
            notifying_agency=notifying_agency,
            summary=summary,
            received_on=received_on,
            meta=meta,
            review_type=review_type,
        )
        return self.record(review)

    def add_bank_holiday(
        self,
        *,
        calendar: str,
        day: date,
        reason: str,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Make ``day`` a bank holiday in ``calendar`` (an administrator's override)."""
        overrides = self._calendar_overrides(calendar, meta, expected_version)
        overrides.add_bank_holiday(day=day, reason=reason, meta=meta)
        return self.record(overrides)

    def remove_bank_holiday(
        self,
        *,
        calendar: str,
        day: date,
        reason: str,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Make ``day`` a working day in ``calendar`` (an administrator's override)."""
        overrides = self._calendar_overrides(calendar, meta, expected_version)
        overrides.remove_bank_holiday(day=day, reason=reason, meta=meta)
        return self.record(overrides)

    def calendar_overrides_version(self, calendar: str) -> int:
        """The version of ``calendar``'s overrides (its ``ETag``; 0 before the first)."""
        try:
            overrides: CalendarOverrides = read(self.repository, overrides_id(calendar))
        except AggregateNotFoundError:
            return 0
        return int(overrides.version)

    def _calendar_overrides(
        self, calendar: str, meta: Meta, expected_version: int | None
    ) -> CalendarOverrides:
        current = self.calendar_overrides_version(calendar)
        if expected_version is not None and expected_version != current:
            raise VersionMismatch(expected_version, current)
        if current == 0:
            return CalendarOverrides.start(calendar=calendar, meta=meta)
        overrides: CalendarOverrides = read(self.repository, overrides_id(calendar))
        return overrides

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
