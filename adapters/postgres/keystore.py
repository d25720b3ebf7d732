"""The key store: wrapped data keys per (subject, category, key version), erasure fences, and
cross-process cache eviction over LISTEN/NOTIFY.

Data keys are stored only wrapped by a KEK (never in clear). Erasure deletes the wrapped keys:
every ciphertext under them becomes unreadable for good, while the event store is never
rewritten. A fence stops a new key being minted silently afterwards.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from uuid import UUID

import psycopg
from psycopg.rows import DictRow

from adapters.crypto import (
    CryptoError,
    DataKeyCache,
    Kek,
    KeyContext,
    KeyRing,
    UnknownKeyVersionError,
    new_data_key,
    rewrap,
    unwrap,
    wrap,
    wrapped_kek_version,
)
from adapters.erasure_ledger import ErasureLedger
from adapters.postgres import bulk_keys
from adapters.postgres.db import Database
from domain.errors import DomainError
from domain.personal import Category

log = logging.getLogger(__name__)
CHANNEL = "reviewtrail_key_evictions"
ALL = "*"

SCHEMA = [
    """
    CREATE TABLE IF NOT EXISTS subject_keys (
        subject_id uuid NOT NULL,
        category text NOT NULL,
        key_version integer NOT NULL,
        kek_version integer NOT NULL,
        wrapped bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject_id, category, key_version)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS subject_fences (
        subject_id uuid NOT NULL,
        category text NOT NULL,
        fenced_at timestamptz NOT NULL DEFAULT now(),
        next_key_version integer,
        PRIMARY KEY (subject_id, category)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS subject_key_versions (
        subject_id uuid NOT NULL,
        category text NOT NULL,
        last_version integer NOT NULL,
        PRIMARY KEY (subject_id, category)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS subject_lookup (
        token text NOT NULL,
        kind text NOT NULL,
        category text NOT NULL,
        subject_id uuid NOT NULL,
        partnership_id text NOT NULL,
        PRIMARY KEY (partnership_id, token, subject_id)
    )
    """,
    "CREATE INDEX IF NOT EXISTS subject_lookup_subject_idx ON subject_lookup (subject_id)",
]


Prepared = dict[tuple[UUID, Category], tuple[int, bytes]]
"""(subject, category) → (key version, data key), for the writes of one ``writing`` block."""


class SubjectErased(DomainError):
    """New personal data for a fenced subject, without a newly authorised key."""

    def __init__(self, subject_id: UUID) -> None:
        super().__init__(
            "personal.subject-erased",
            f"subject {subject_id} has been erased; authorise a new key before recording new data",
        )


class PostgresKeyStore:
    """Data keys for the mapper, erasure for the use cases, rotation for operators."""

    def __init__(
        self,
        db: Database,
        ring: KeyRing,
        cache: DataKeyCache | None = None,
        reload_ring: Callable[[], KeyRing] | None = None,
        ledger: ErasureLedger | None = None,
    ) -> None:
        self._db, self._ring, self._reload_ring = db, ring, reload_ring
        self.ledger = ledger
        self.cache = cache or DataKeyCache()
        self._stop = threading.Event()
        self._listener: threading.Thread | None = None
        self._local = threading.local()  # the keys of a ``writing`` block, per thread

    def create_schema(self) -> None:
        with self._db.connection() as conn, conn.transaction():
            for statement in SCHEMA:
                conn.execute(statement)

    def key_for_writing(self, subject_id: UUID, category: Category) -> tuple[int, bytes]:
        """The subject's current data key for ``category``, minted on first use.

        Raises SubjectErased when the subject (or this category) is fenced.
        """
        prepared: Prepared | None = getattr(self._local, "writing", None)
        if prepared and (subject_id, category) in prepared:
            return prepared[(subject_id, category)]
        version = self._current_version(subject_id, category)
        if version is not None:
            context = KeyContext(subject_id, category, version)
            key = self.cache.get_or_load(context, lambda: self._load(context))
            if key is not None:
                return version, key
        return self._mint(subject_id, category)

    @contextmanager
    def writing(self, pairs: Iterable[tuple[UUID, Category]]) -> Iterator[None]:
        """Within the block (in this thread), ``key_for_writing`` answers for ``pairs`` from keys
        read or minted in bulk on entry: a few round trips for a whole batch instead of one or
        more per personal field (the bulk loader's path, ``reviewtrail demo --reviews``).

        A pair whose subject is fenced, or that another process mints meanwhile, is left to the
        one-by-one path, which refuses an erased subject as usual. The fence is read once, on
        entry: an erasure committed while the block runs is not seen by it, as one committed
        between a single command's key lookup and its save is not seen either.
        """
        previous = getattr(self._local, "writing", None)
        self._local.writing = self._prepare(set(pairs))
        try:
            yield
        finally:
            self._local.writing = previous

    def _prepare(self, pairs: set[tuple[UUID, Category]]) -> Prepared:
        with self._db.connection() as conn, conn.transaction():
            minted, loaded = bulk_keys.read_or_mint(conn, self._ring, self._kek, self.cache, pairs)
        for context, key in minted.items():
            self.cache.put(context, key)  # committed: the same as one mint would cache
        return {
            (c.subject_id, c.category): (c.key_version, k) for c, k in (minted | loaded).items()
        }

    def key_for_reading(
        self, subject_id: UUID, category: Category, key_version: int
    ) -> bytes | None:
        """The data key of that version, or None when it was destroyed by erasure."""
        context = KeyContext(subject_id, category, key_version)
        return self.cache.get_or_load(context, lambda: self._load(context))

    def prefetch(self, contexts: Collection[KeyContext]) -> None:
        """Read the data keys of ``contexts`` that are not cached in one query (a review's
        keys when it is first read, a projection batch's): the mapper's many-key hint."""
        self.cache.load_missing(contexts, self._load_many)

    def _load_many(self, contexts: list[KeyContext]) -> dict[KeyContext, bytes]:
        with self._db.connection() as conn:
            rows = conn.execute(
                "SELECT k.subject_id, k.category, k.key_version, k.wrapped FROM subject_keys k"
                " JOIN unnest(%s::uuid[], %s::text[], %s::int[]) AS w(subject_id, category,"
                " key_version) USING (subject_id, category, key_version)",
                (
                    [c.subject_id for c in contexts],
                    [c.category.value for c in contexts],
                    [c.key_version for c in contexts],
                ),
            ).fetchall()
        keys: dict[KeyContext, bytes] = {}
        for row in rows:
            context = KeyContext(
                row["subject_id"], Category(row["category"]), int(str(row["key_version"]))
            )
            wrapped = bytes(row["wrapped"])
            try:
                keys[context] = unwrap(wrapped, self._kek(wrapped_kek_version(wrapped)), context)
            except CryptoError:
                continue  # key_for_reading meets it again, one key at a time, and reports it
        return keys

    def _current_version(self, subject_id: UUID, category: Category) -> int | None:
        with self._db.connection() as conn:
            row = conn.execute(
                "SELECT last_version FROM subject_key_versions WHERE subject_id = %s"
                " AND category = %s AND NOT EXISTS (SELECT 1 FROM subject_fences f"
                " WHERE f.subject_id = %s AND f.category IN (%s, '*'))",
                (subject_id, category.value, subject_id, category.value),
            ).fetchone()
        return int(str(row["last_version"])) if row else None

    def _load(self, context: KeyContext) -> bytes | None:
        with self._db.connection() as conn:
            row = conn.execute(
                "SELECT wrapped FROM subject_keys WHERE subject_id = %s AND category = %s"
                " AND key_version = %s",
                (context.subject_id, context.category.value, context.key_version),
            ).fetchone()
        if row is None:
            return None
        wrapped = bytes(row["wrapped"])
        return unwrap(wrapped, self._kek(wrapped_kek_version(wrapped)), context)

    def _kek(self, version: int) -> Kek:
        # Another process may have rotated the KEK: re-read the key file once before failing.
        try:
            return self._ring.kek(version)
        except UnknownKeyVersionError:
            if self._reload_ring is None:
                raise
            self._ring = self._reload_ring()
            return self._ring.kek(version)

    def _mint(self, subject_id: UUID, category: Category) -> tuple[int, bytes]:
        with self._db.connection() as conn, conn.transaction():
            fence = conn.execute(
                "SELECT next_key_version FROM subject_fences WHERE subject_id = %s"
                " AND category IN (%s, '*') FOR UPDATE",
                (subject_id, category.value),
            ).fetchall()
            if fence and any(f["next_key_version"] is None for f in fence):
                raise SubjectErased(subject_id)
            version = self._next_version(conn, subject_id, category)
            context = KeyContext(subject_id, category, version)
            key = new_data_key()
            conn.execute(
                "INSERT INTO subject_keys (subject_id, category, key_version, kek_version, wrapped)"
                " VALUES (%s, %s, %s, %s, %s)",
                (
                    subject_id,
                    category.value,
                    version,
                    self._ring.current_version,
                    wrap(key, self._ring.current, context),
                ),
            )
            if fence:
                conn.execute(
                    "DELETE FROM subject_fences WHERE subject_id = %s AND category IN (%s, '*')",
                    (subject_id, category.value),
                )
        self.cache.put(context, key)
        return version, key

    @staticmethod
    def _next_version(
        conn: psycopg.Connection[DictRow], subject_id: UUID, category: Category
    ) -> int:
        row = conn.execute(
            "INSERT INTO subject_key_versions (subject_id, category, last_version)"
            " VALUES (%s, %s, 1)"
            " ON CONFLICT (subject_id, category) DO UPDATE"
            " SET last_version = subject_key_versions.last_version + 1 RETURNING last_version",
            (subject_id, category.value),
        ).fetchone()
        assert row is not None
        return int(str(row["last_version"]))

    def erase(self, subject_id: UUID, category: Category | None) -> int:
        """Fence, destroy the data keys and lookup rows, and evict every process's cache."""
        scope = category.value if category else ALL
        with self._db.connection() as conn, conn.transaction():
            # Waits for projection batches already inserting lookup rows (they may have decoded
            # the subject with a key cached before this erasure); later ones see the fence.
            conn.execute("LOCK TABLE subject_lookup IN SHARE ROW EXCLUSIVE MODE")
            conn.execute(
                "INSERT INTO subject_fences (subject_id, category) VALUES (%s, %s)"
                " ON CONFLICT (subject_id, category) DO UPDATE SET next_key_version = NULL,"
                " fenced_at = now()",
                (subject_id, scope),
            )
            destroyed = conn.execute(
                "DELETE FROM subject_keys WHERE subject_id = %s AND (%s = '*' OR category = %s)",
                (subject_id, scope, scope),
            ).rowcount
            conn.execute(
                "DELETE FROM subject_lookup WHERE subject_id = %s AND (%s = '*' OR category = %s)",
                (subject_id, scope, scope),
            )
            conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, f"{subject_id}:{scope}"))
            if self.ledger is not None:
                # Before the commit: an erasure must never be missing from the ledger (a restore
                # would resurrect the subject); an entry whose commit then failed is re-applied
                # by a restore, which errs on the side of the erasure that was asked for.
                self.ledger.record(subject_id, category)
        self._evict(f"{subject_id}:{scope}")
        return destroyed

    def authorise_new_key(self, subject_id: UUID, category: Category | None) -> None:
        """Allow the next write to mint a new key version (old ciphertexts stay unreadable)."""
        with self._db.connection() as conn:
            conn.execute(
                "UPDATE subject_fences SET next_key_version = 0 WHERE subject_id = %s"
                " AND (%s::text IS NULL OR category IN (%s, '*'))",
                (
                    subject_id,
                    category.value if category else None,
                    category.value if category else ALL,
                ),
            )

    def is_fenced(self, subject_id: UUID) -> bool:
        with self._db.connection() as conn:
            row = conn.execute(
                "SELECT 1 FROM subject_fences WHERE subject_id = %s AND next_key_version IS NULL",
                (subject_id,),
            ).fetchone()
        return row is not None

    def rotate_kek(self, ring: KeyRing) -> int:
        """Re-wrap every data key under ``ring``'s current KEK; events are not touched."""
        self._ring = ring
        count = 0
        with self._db.connection() as conn, conn.transaction():
            rows = conn.execute(
                "SELECT subject_id, category, key_version, wrapped FROM subject_keys"
                " WHERE kek_version <> %s FOR UPDATE",
                (ring.current_version,),
            ).fetchall()
            for row in rows:
                context = KeyContext(
                    UUID(str(row["subject_id"])),
                    Category(str(row["category"])),
                    int(str(row["key_version"])),
                )
                conn.execute(
                    "UPDATE subject_keys SET wrapped = %s, kek_version = %s WHERE subject_id = %s"
                    " AND category = %s AND key_version = %s",
                    (
                        rewrap(bytes(row["wrapped"]), ring, context),
                        ring.current_version,
                        context.subject_id,
                        context.category.value,
                        context.key_version,
                    ),
                )
                count += 1
        return count

    def _wake_listener(self) -> None:
        # An empty payload is ignored by every listener; it only ends this one's wait promptly.
        try:
            with self._db.connection() as conn:
                conn.execute("SELECT pg_notify(%s, '')", (CHANNEL,))
        except psycopg.Error:
            pass  # the listener stops within its one-second wait anyway

    def _evict(self, payload: str) -> None:
        subject, _, scope = payload.partition(":")
        try:
            subject_id = UUID(subject)
        except ValueError:
            return
        self.cache.evict(subject_id, None if scope == ALL else Category(scope))

    def start_listening(self) -> None:
        """Evict keys erased by any process (LISTEN on the eviction channel), in a thread."""
        self._stop.clear()
        self._listener = threading.Thread(target=self._listen, name="key-evictions", daemon=True)
        self._listener.start()

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._db.url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    # Anything erased while we were not listening may still be cached.
                    self.cache.clear()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0, stop_after=1):
                            self._evict(note.payload)
            except psycopg.Error as error:
                log.warning("key eviction listener reconnecting after %s", type(error).__name__)
                self._stop.wait(1.0)

    def stop(self) -> None:
        self._stop.set()
        if self._listener is not None:
            self._wake_listener()
            self._listener.join(timeout=5)
            self._listener = None
