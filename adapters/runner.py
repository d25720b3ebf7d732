"""The projection runner: feeds the event log to every read model, exactly once.

Compared with eventsourcing's ProjectionRunner (one thread, 100 ms polling, one transaction per
event, stops for good on the first error) this runner:
- wakes on PostgreSQL ``LISTEN``/``NOTIFY`` (the event store notifies on every commit), with a
  slow poll as a safety net;
- applies events in batches, committing the view rows and the new position in one transaction,
  with the projection's tracking row locked, so two runners never apply the same event twice and
  a crash at any point resumes exactly where the last commit left off; projections standing at
  the same position share that transaction (one commit per batch for all of them);
- retries transient database errors with capped exponential backoff;
- isolates a poison event: that projection is marked failed (position and error type recorded,
  never event content) and stops loudly, while the other projections carry on.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import psycopg
import psycopg_pool
from eventsourcing import persistence as es_persistence
from psycopg import Cursor
from psycopg import sql as psql

from adapters.postgres import tracking
from adapters.postgres.db import EVENTS_TABLE, Database
from projections.base import Projection

log = logging.getLogger(__name__)

TRANSIENT = (
    psycopg.OperationalError,
    psycopg.InterfaceError,
    psycopg_pool.PoolTimeout,
    es_persistence.OperationalError,
    es_persistence.InterfaceError,
)
Progress = Callable[[int], None]
PIPELINE = psycopg.Pipeline.is_supported()  # libpq >= 14
ANALYZE_AFTER = 10_000  # events applied to a view in one catch-up before its statistics go stale
_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+)")


class EventSource(Protocol):
    """Stored events in log order, decoded into domain events."""

    def read(self, after: int, limit: int) -> list[tuple[int, Any]]: ...


class ViewTable(Protocol):
    @property
    def create_sql(self) -> Sequence[str]: ...
    @property
    def drop_sql(self) -> Sequence[str]: ...

    def writer(self, cursor: Cursor[Any]) -> Any: ...


@dataclass(frozen=True)
class Registration:
    projection: Projection[Any]
    table: ViewTable

    @property
    def name(self) -> str:
        return self.projection.name


class UndecodableEvent(Exception):
    """A stored event cannot be decoded (unknown topic, bad state, a key that cannot be
    unwrapped): no projection can apply it."""

    def __init__(self, position: int, cause: BaseException) -> None:
        super().__init__(f"event at position {position} cannot be decoded")
        self.position, self.cause = position, cause


class ProjectionFailed(RuntimeError):
    """A projection could not apply an event; the message holds no event content."""

    def __init__(self, name: str, position: int, cause: BaseException) -> None:
        super().__init__(f"projection {name} failed at position {position}: {type(cause).__name__}")
        self.name, self.position = name, position


class ProjectionRunner:
    """Runs a set of projections over one event log (in a thread or in the foreground)."""

    def __init__(
        self,
        db: Database,
        source: EventSource,
        registrations: Sequence[Registration],
        *,
        batch_size: int = 500,
        idle_wait: float = 1.0,
    ) -> None:
        self._db, self._source = db, source
        self._registrations = {r.name: r for r in registrations}
        self._batch_size, self._idle_wait = batch_size, idle_wait
        self._advanced = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._follower: threading.Thread | None = None
        self.failed: dict[str, str] = {}
        self._last_read: tuple[int, list[tuple[int, Any]]] | None = None

    @property
    def names(self) -> list[str]:
        return list(self._registrations)

    def setup(self) -> None:
        """Create tracking and view tables; rebuild any view whose projection version changed."""
        tracking.ensure_schema(self._db)
        for registration in self._registrations.values():
            with self._db.connection() as conn, conn.transaction():
                cursor = conn.cursor()
                for statement in registration.table.create_sql:
                    cursor.execute(statement)
                row = tracking.register(cursor, registration.name, registration.projection.version)
                if row["version"] != registration.projection.version:
                    log.warning("projection %s changed version: rebuilding", registration.name)
                    self._reset(cursor, registration)

    def catch_up(self, name: str, progress: Progress | None = None) -> int:
        """Apply every event committed before the call and not yet applied to ``name``; return
        how many were applied."""
        registration = self._registrations[name]
        total = 0
        while applied := self._apply_batch(registration):
            total += applied
            if progress:
                progress(applied)
            if applied < self._batch_size:
                # A short batch read up to the log head: asking again would cost an empty
                # transaction per wake-up, and later commits wake the runner anyway.
                break
        return total

    def catch_up_all(self, progress: Progress | None = None) -> int:
        """One pass over every healthy projection, retrying transient errors with backoff;
        ``progress`` is told how many events each round applied (summed over projections).

        When the projections stand at the same position (once caught up, always), each round
        is one batch for all of them in one transaction (``_shared_batch``). Otherwise, or when
        that batch fails, they take turns, one batch and one transaction each; those standing
        at the same position still share each batch read and decoded (``_read``), so catching
        up N projections decodes the log once, not N times.
        """
        total = 0
        active = [name for name in self.names if name not in self.failed]
        per_view = dict.fromkeys(active, 0)
        try:
            while active and not self._stop.is_set():
                applied = self._shared_batch(active)
                if applied is None:  # not standing together, or an error to isolate
                    applied = {name: self._batch_safely(name) for name in active}
                for name, count in applied.items():
                    per_view[name] += count
                total += sum(applied.values())
                if progress:
                    progress(sum(applied.values()))
                # A short batch read up to the log head: later commits wake the runner anyway.
                active = [
                    n for n in active if applied[n] >= self._batch_size and n not in self.failed
                ]
        finally:
            self._last_read = None
        for name, count in per_view.items():
            if count >= ANALYZE_AFTER:
                self._analyze(self._registrations[name])
        return total

    def _shared_batch(self, names: list[str]) -> dict[str, int] | None:
        """One batch for every projection in ``names`` in one transaction, when they all stand
        at the same position (the usual case once caught up): one lock statement, one read,
        each projection's writes, one position update, one commit, so a new event costs one
        transaction rather than one per projection. ``None`` when they stand apart, or when
        anything fails: the transaction is rolled back whole, and the caller replays the batch
        one projection at a time, which retries transient errors and isolates a poison event.
        """
        try:
            with self._db.connection() as conn, conn.transaction():
                cursor = conn.cursor()
                cursor.execute("SET LOCAL synchronous_commit TO OFF")  # as _apply_batch_once
                rows = tracking.lock_all(cursor, names)
                running = [name for name in names if rows[name]["status"] != "failed"]
                starts = {int(rows[name]["position"]) for name in running}
                if len(starts) != 1:
                    return None
                start = starts.pop()
                events = self._read(start)
                if not events:
                    return dict.fromkeys(names, 0)
                for name in running:
                    registration = self._registrations[name]
                    writer = registration.table.writer(cursor)
                    if PIPELINE:
                        _apply_pipelined(conn, registration, events, writer)
                    else:
                        _apply_events(registration, events, writer, pipelined=False)
                tracking.advance_all(cursor, running, start, events[-1][0])
        except (
            ProjectionFailed,
            UndecodableEvent,
            _DeferredDatabaseError,
            tracking.StaleTracking,
            *TRANSIENT,
        ):
            return None
        self._announce(",".join(running), events[-1][0])
        return {name: len(events) if name in running else 0 for name in names}

    def _batch_safely(self, name: str) -> int:
        registration = self._registrations[name]
        delay = 0.1
        while not self._stop.is_set():
            try:
                return self._apply_batch(registration)
            except TRANSIENT as error:
                log.warning("projection %s: transient %s, retrying", name, type(error).__name__)
                self._stop.wait(delay)
                delay = min(delay * 2, 5.0)
            except ProjectionFailed as error:
                log.error("%s; other projections carry on", error)
                self.failed[name] = str(error)
                tracking.mark_failed(self._db, name, str(error))
                return 0
        return 0

    def _apply_batch(self, registration: Registration) -> int:
        try:
            return self._apply_batch_once(registration, pipelined=PIPELINE)
        except _DeferredDatabaseError:
            # Pipelined, a database error surfaces after the statement that caused it: replay
            # the rolled-back batch one statement at a time to name the event at fault.
            return self._apply_batch_once(registration, pipelined=False)

    def _apply_batch_once(self, registration: Registration, *, pipelined: bool) -> int:
        with self._db.connection() as conn, conn.transaction():
            cursor = conn.cursor()
            # A view commit lost in a crash loses its position with it (same transaction), so
            # the batch is simply replayed: views need atomicity, not a disk flush per batch.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            row = tracking.lock(cursor, registration.name)
            if row["status"] == "failed":
                return 0
            start = int(row["position"])
            try:
                events = self._read(start)
            except UndecodableEvent as error:
                raise ProjectionFailed(registration.name, error.position, error.cause) from None
            if not events:
                return 0
            writer = registration.table.writer(cursor)
            if pipelined:
                _apply_pipelined(conn, registration, events, writer)
            else:
                _apply_events(registration, events, writer, pipelined=False)
            tracking.advance(cursor, registration.name, start, events[-1][0])
        self._announce(registration.name, events[-1][0])
        return len(events)

    def _read(self, after: int) -> list[tuple[int, Any]]:
        # Projections usually stand at the same position: within one pass, read and decode
        # each batch once for all of them. A read can only be short of events committed
        # since; their notifications wake the runner for the next pass.
        cached = self._last_read
        if cached is not None and cached[0] == after:
            return cached[1]
        events = self._source.read(after, self._batch_size)
        self._last_read = (after, events)
        return events

    def _announce(self, name: str, position: int) -> None:
        with self._advanced:
            self._advanced.notify_all()

    def rebuild(self, name: str, progress: Progress | None = None) -> int:
        """Drop and replay one view. Interrupted, it resumes from its last committed batch."""
        registration = self._registrations[name]
        self.failed.pop(name, None)
        with self._db.connection() as conn, conn.transaction():
            cursor = conn.cursor()
            tracking.register(cursor, name, registration.projection.version)
            self._reset(cursor, registration)
        applied = self.catch_up(name, progress)
        self._analyze(registration)
        return applied

    def _analyze(self, registration: Registration) -> None:
        """Refresh the planner's statistics of a view that was just rebuilt or grew a lot, so
        its queries are planned for what it now holds (autovacuum would, later, where it is
        on; until then a new table has no statistics at all)."""
        tables = [m.group(1) for sql in registration.table.create_sql if (m := _TABLE.search(sql))]
        try:
            with self._db.connection() as conn:
                for table in tables:
                    conn.execute(psql.SQL("ANALYZE {}").format(psql.Identifier(table)))
        except TRANSIENT as error:
            log.warning("could not analyze %s: %s", registration.name, type(error).__name__)

    @staticmethod
    def _reset(cursor: Cursor[Any], registration: Registration) -> None:
        for statement in registration.table.drop_sql:
            cursor.execute(statement)
        for statement in registration.table.create_sql:
            cursor.execute(statement)
        tracking.reset(cursor, registration.name, registration.projection.version)

    def wait_for(
        self, name: str, position: int, timeout: float, db: Database | None = None
    ) -> bool:
        """Block until view ``name`` has applied ``position`` as ``db`` (default: the runner's
        own; a read replica's for queries served from it) sees it; False on timeout, and at once
        when the projection has failed (it will not advance until rebuilt: its view serves its
        last consistent state without making every query wait)."""
        return self.wait_for_all([name], position, timeout, db)

    def wait_for_all(
        self, names: list[str], position: int, timeout: float, db: Database | None = None
    ) -> bool:
        """``wait_for`` every view of ``names`` at once (one query per look). A failed view is
        not waited for (it will not advance), the healthy ones still are; False on timeout or
        when any of them has failed."""
        deadline = time.monotonic() + timeout
        while True:
            healthy, failed = tracking.progress_of_all(db or self._db, names)
            if healthy is None or healthy >= position:
                return not failed
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with self._advanced:
                self._advanced.wait(min(remaining, 0.02))

    def behind(
        self, names: list[str], position: int, db: Database | None = None
    ) -> list[tuple[str, bool]]:
        """The views of ``names`` that have not applied ``position`` as ``db`` sees it, each
        with whether it has failed (after a ``wait_for_all`` that returned False)."""
        return tracking.behind(db or self._db, names, position)

    def run_forever(self) -> None:
        """Catch up, then sleep until the event store notifies a commit (or ``idle_wait``)."""
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._db.url, autocommit=True) as listener:
                    listener.execute(f"LISTEN {EVENTS_TABLE}")
                    self._listen(listener)
            except TRANSIENT as error:
                log.warning(
                    "projection runner lost its database (%s); reconnecting", type(error).__name__
                )
                self._stop.wait(1.0)

    def _listen(self, listener: psycopg.Connection[Any]) -> None:
        while not self._stop.is_set():
            self.catch_up_all()
            for _ in listener.notifies(timeout=self._idle_wait, stop_after=1):
                pass
            # Commits made during the catch-up queued one notification each: one pass serves all.
            for _ in listener.notifies(timeout=0):
                pass

    def start(self) -> None:
        """Run in a daemon thread until ``stop()``."""
        self._stop.clear()
        self._thread = threading.Thread(target=self.run_forever, name="projections", daemon=True)
        self._thread.start()

    def follow(self) -> None:
        """Where another process runs the projections: wake ``wait_for`` and ``wait_for_all``
        as soon as that runner commits (LISTEN for its ``tracking.ADVANCED_CHANNEL``
        notifications, in a daemon thread), instead of at their next look."""
        self._stop.clear()
        self._follower = threading.Thread(target=self._follow, name="views-followed", daemon=True)
        self._follower.start()

    def _follow(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._db.url, autocommit=True) as listener:
                    listener.execute(f"LISTEN {tracking.ADVANCED_CHANNEL}")
                    while not self._stop.is_set():
                        for _ in listener.notifies(timeout=1.0, stop_after=1):
                            self._announce("", 0)
            except TRANSIENT as error:
                log.warning(
                    "view follower lost its database (%s); reconnecting", type(error).__name__
                )
                self._stop.wait(1.0)

    def _wake(self, channel: str = EVENTS_TABLE) -> None:
        # Ends the listener's wait at once (other runners, or followers, just look again).
        try:
            with self._db.connection() as conn:
                conn.execute(f"NOTIFY {channel}")
        except TRANSIENT:
            pass  # it stops within idle_wait anyway

    def stop_requested(self) -> None:
        """Ask ``run_forever`` to return after the current batch (safe from a signal handler)."""
        self._stop.set()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._wake()
            self._thread.join(timeout=10)
            self._thread = None
        if self._follower is not None:
            self._wake(tracking.ADVANCED_CHANNEL)
            self._follower.join(timeout=5)
            self._follower = None


PIPELINE_EVENTS = 50


class _DeferredDatabaseError(Exception):
    """A pipelined batch failed in the database; which event caused it is not known yet."""


def _apply_pipelined(
    conn: psycopg.Connection[Any],
    registration: Registration,
    events: list[tuple[int, Any]],
    writer: Any,
) -> None:
    """Send the batch's writes without waiting for each reply: one round trip per
    ``PIPELINE_EVENTS`` events instead of one per row (psycopg pipeline mode), all in the
    caller's transaction. The chunks keep what is queued smaller than a Unix socket's send
    buffer: psycopg stops flushing once its queue is empty and waits for results the server
    has not yet been sent, a hang on the embedded PostgreSQL's socket (psycopg/psycopg#685)."""
    try:
        for start in range(0, len(events), PIPELINE_EVENTS):
            with conn.pipeline():
                _apply_events(
                    registration, events[start : start + PIPELINE_EVENTS], writer, pipelined=True
                )
    except (ProjectionFailed, _DeferredDatabaseError, *TRANSIENT):
        raise
    except psycopg.Error as error:
        raise _DeferredDatabaseError from error


def _apply_events(
    registration: Registration, events: list[tuple[int, Any]], writer: Any, *, pipelined: bool
) -> None:
    flush = getattr(writer, "flush", None)  # a writer may buffer rows until flushed
    for position, event in events:
        try:
            registration.projection.apply(event, position, writer)
            if flush is not None and not pipelined:
                flush()  # statement by statement, a database error is this event's
        except TRANSIENT:
            raise
        except Exception as error:
            if pipelined and isinstance(error, psycopg.Error):
                # Possibly an earlier statement's error, delivered late: not this event's.
                raise _DeferredDatabaseError from error
            raise ProjectionFailed(registration.name, position, error) from None
    if flush is not None and pipelined:
        try:
            flush()  # the chunk's buffered rows, before its pipeline ends
        except TRANSIENT:
            raise
        except Exception as error:
            raise _DeferredDatabaseError from error  # replayed event by event to name it


class ApplicationEventSource:
    """Reads the eventsourcing application's notification log and decodes each event."""

    def __init__(self, app: Any) -> None:
        self._app = app

    def read(self, after: int, limit: int) -> list[tuple[int, Any]]:
        """The events after ``after``, decoded; those before an undecodable one, or
        ``UndecodableEvent`` when it comes first."""
        notifications = self._app.recorder.select_notifications(
            start=after, limit=limit, inclusive_of_start=False
        )
        prefetch = getattr(self._app.mapper, "prefetch_keys", None)
        if prefetch is not None:
            prefetch(notifications)  # the batch's data keys in one query
        events: list[tuple[int, Any]] = []
        for notification in notifications:
            try:
                events.append((notification.id, self._app.mapper.to_domain_event(notification)))
            except TRANSIENT:
                raise
            except Exception as error:
                if events:
                    break  # apply those before it; the next read starts at it
                raise UndecodableEvent(notification.id, error) from None
        return events
