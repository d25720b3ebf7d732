"""The integrator: appends every committed event to the Merkle tree, in log order, exactly once.

- One integrator per database: it holds a PostgreSQL session advisory lock on a dedicated
  connection, and every batch runs on that connection. A second integrator stands by, retrying
  the lock, and takes over when the first one's session ends (crash, shutdown, lost network).
- Each batch reads committed events after the tree's last position, appends their leaves to the
  frontier, and stores the leaves, the completed nodes and the new tree state in ONE
  transaction, so a crash at any point resumes from the last committed batch with the same root.
  The event store inserts under an EXCLUSIVE table lock, so positions commit in order and a
  reader never skips one that commits later.
- A checkpoint is signed after a batch (at most every ``checkpoint_interval`` seconds; a pending
  one is written when the interval has passed), stored in ``audit_checkpoints`` in the batch's
  transaction, and then appended to the checkpoint file outside the database.
- It wakes on ``LISTEN reviewtrail_events`` (the event store notifies every commit), with a slow
  poll as a safety net, like the projection runner.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.audit.checkpoint import Checkpoint, sign_checkpoint
from adapters.audit.checkpoint_file import append_checkpoint
from adapters.audit.leaf import record_leaf
from adapters.audit.store import StoredLeaf, TreeState
from adapters.postgres import audit_log
from adapters.postgres.db import EVENTS_TABLE, Database
from adapters.runner import TRANSIENT

log = logging.getLogger(__name__)
Progress = Callable[[int], None]
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Integrator:
    """Integrates the event log into the audit tree, in a thread or in the foreground."""

    def __init__(
        self,
        db: Database,
        key: Ed25519PrivateKey,
        *,
        origin: str,
        checkpoint_file: Path,
        batch_size: int = 1000,
        checkpoint_interval: float = 1.0,
        idle_wait: float = 1.0,
        clock: Clock = utc_now,
    ) -> None:
        self._db, self._key, self._origin = db, key, origin
        self._file, self._batch_size = checkpoint_file, batch_size
        self._interval, self._idle_wait, self._clock = checkpoint_interval, idle_wait, clock
        self._stop = threading.Event()
        self._advanced = threading.Condition()
        self._thread: threading.Thread | None = None
        self._signed_size = -1
        self._signed_at = float("-inf")

    def setup(self) -> None:
        """Create the audit tables (idempotent)."""
        audit_log.ensure_schema(self._db)

    def integrate(self, progress: Progress | None = None) -> int:
        """Integrate every event committed before the call, sign a checkpoint, release the lock.

        Returns how many events this call integrated (``reviewtrail audit integrate --once``).
        While another integrator holds the lock, waits until it has integrated them instead.
        """
        head = self._db.log_head()
        with psycopg.connect(self._db.url, autocommit=True) as conn:
            while not self._stop.is_set():
                if audit_log.try_lock(conn):
                    self._signed_size = _signed_size(conn)
                    total = self.catch_up(conn, progress)
                    self._checkpoint_if_due(conn, force=True)
                    return total
                if self.integrated_position() >= head:
                    return 0
                self._stop.wait(0.05)
        return 0

    def catch_up(self, conn: psycopg.Connection[Any], progress: Progress | None = None) -> int:
        """Integrate batches on ``conn`` (which must hold the lock) until the log head."""
        total = 0
        while not self._stop.is_set():
            count = self._integrate_batch(conn)
            total += count
            if progress and count:
                progress(count)
            if count < self._batch_size:
                break
        return total

    def _integrate_batch(self, conn: psycopg.Connection[Any]) -> int:
        note = None
        with conn.transaction():
            cursor = conn.cursor()
            old = audit_log.read_state(cursor, for_update=True)
            records = audit_log.read_records(cursor, old.position, self._batch_size)
            if not records:
                return 0
            frontier = old.restore()
            hashes = [record_leaf(record) for record in records]
            nodes = frontier.extend(hashes)
            leaves = [
                StoredLeaf(old.size + i, record.position, h)
                for i, (record, h) in enumerate(zip(records, hashes, strict=True))
            ]
            new = TreeState.of(frontier, records[-1].position)
            audit_log.append(cursor, old, new, leaves, nodes)
            if self._due():
                note = self._sign(cursor, new)
        self._publish(note, new.size)
        with self._advanced:
            self._advanced.notify_all()
        return len(records)

    def integrated_position(self) -> int:
        """The log position of the last integrated event (0 before the first)."""
        with self._db.connection() as conn:
            return audit_log.read_state(conn.cursor()).position

    def wait_for(self, position: int, timeout: float) -> bool:
        """Block until the event at log ``position`` is integrated; False on timeout."""
        deadline = time.monotonic() + timeout
        while self.integrated_position() < position:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with self._advanced:
                self._advanced.wait(min(remaining, 0.02))
        return True

    def _checkpoint_if_due(self, conn: psycopg.Connection[Any], *, force: bool = False) -> None:
        # A batch that was not due leaves its tree unsigned until the interval has passed.
        if not (force or self._due()):
            return
        with conn.transaction():
            cursor = conn.cursor()
            state = audit_log.read_state(cursor)
            note = self._sign(cursor, state) if state.size > self._signed_size else None
        self._publish(note, state.size)

    def _due(self) -> bool:
        return time.monotonic() - self._signed_at >= self._interval

    def _sign(self, cursor: psycopg.Cursor[Any], state: TreeState) -> str | None:
        if state.size == 0:
            return None
        checkpoint = Checkpoint(self._origin, state.size, state.root, self._clock())
        note = sign_checkpoint(checkpoint, self._key)
        audit_log.insert_checkpoint(cursor, checkpoint, note)
        return note

    def _publish(self, note: str | None, size: int) -> None:
        # After the commit: the file never holds a checkpoint of a tree that was rolled back.
        if note is not None:
            self._signed_size, self._signed_at = size, time.monotonic()
            append_checkpoint(self._file, note)

    def run_forever(self) -> None:
        """Stand by for the lock, then integrate whenever the event store notifies a commit."""
        delay = 1.0
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._db.url, autocommit=True) as conn:
                    if self._stand_by(conn):
                        self._lead(conn)
                delay = 1.0
            except TRANSIENT as error:
                log.warning("audit integrator lost its database (%s)", type(error).__name__)
            except (audit_log.StaleTree, psycopg.errors.UniqueViolation) as error:
                log.error("audit integrator: another integrator wrote (%s)", type(error).__name__)
            except Exception as error:  # keep integrating after a surprise; the error is logged
                log.error("audit integrator failed: %s; retrying", type(error).__name__)
                delay = min(delay * 2, 30.0)
            self._stop.wait(delay)

    def _stand_by(self, conn: psycopg.Connection[Any]) -> bool:
        while not self._stop.is_set():
            if audit_log.try_lock(conn):
                return True
            self._stop.wait(self._idle_wait)
        return False

    def _lead(self, conn: psycopg.Connection[Any]) -> None:
        conn.execute(f"LISTEN {EVENTS_TABLE}")
        self._signed_size = _signed_size(conn)
        while not self._stop.is_set():
            self.catch_up(conn)
            self._checkpoint_if_due(conn)
            for _ in conn.notifies(timeout=self._idle_wait, stop_after=1):
                pass
            # Commits made during the catch-up queued one notification each: one pass serves all.
            for _ in conn.notifies(timeout=0):
                pass

    def start(self) -> None:
        """Run in a daemon thread until ``stop()``."""
        self._stop.clear()
        self._thread = threading.Thread(target=self.run_forever, name="audit", daemon=True)
        self._thread.start()

    def stop_requested(self) -> None:
        """Ask the integrator to return after the current batch (safe from a signal handler)."""
        self._stop.set()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None


def _signed_size(conn: psycopg.Connection[Any]) -> int:
    return audit_log.last_checkpoint_size(conn.cursor())
