"""An in-process cache of unwrapped data keys: bounded, least-recently-used, thread-safe.

A cached data key is a second copy of the key, so erasure must reach it: the key store calls
`evict(subject_id)` on every process (PostgreSQL LISTEN/NOTIFY) after deleting a subject's keys.
Entries also expire after `ttl_seconds`, which bounds how long a missed notification can keep a
shredded key usable. Never put these keys in a shared cache (Redis, memcached).

Prefer `get_or_load`: a load that was in flight while an eviction happened returns its key to the
caller but does not store it, so an erasure racing a cache miss cannot leave the key behind.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from uuid import UUID

from adapters.crypto.envelope import KeyContext
from domain.personal import Category


class DataKeyCache:
    """Unwrapped data keys by `KeyContext`; at most `max_entries`, each for `ttl_seconds`.

    `clock` returns monotonic seconds (a fake in tests). `ttl_seconds=None` keeps entries until they
    are evicted or pushed out. Raises ValueError if `max_entries` < 1 or `ttl_seconds` <= 0.
    """

    def __init__(
        self,
        max_entries: int = 10_000,
        ttl_seconds: float | None = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_entries < 1:
            raise ValueError("the cache holds at least one entry")
        if ttl_seconds is not None and ttl_seconds <= 0:
            raise ValueError("the time to live must be positive")
        self._max_entries = max_entries
        self._ttl = ttl_seconds
        self._clock = clock
        self._entries: OrderedDict[KeyContext, tuple[bytes, float]] = OrderedDict()
        self._lock = threading.Lock()
        # Bumped by every eviction so loads that overlapped one know not to store their result.
        self._generation = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __repr__(self) -> str:
        return f"DataKeyCache(max_entries={self._max_entries}, ttl_seconds={self._ttl})"

    def get(self, context: KeyContext) -> bytes | None:
        """The cached data key of `context`, or None if absent or expired."""
        with self._lock:
            entry = self._entries.get(context)
            if entry is None:
                return None
            data_key, expires_at = entry
            if self._clock() >= expires_at:
                del self._entries[context]
                return None
            self._entries.move_to_end(context)
            return data_key

    def get_or_load(self, context: KeyContext, load: Callable[[], bytes | None]) -> bytes | None:
        """The cached key, else `load()` (run without the lock), cached unless evicted meanwhile.

        `load` returns None when the key does not exist (never created, or erased); None is
        returned and nothing is cached.
        """
        cached = self.get(context)
        if cached is not None:
            return cached
        with self._lock:
            generation = self._generation
        data_key = load()
        if data_key is not None:
            with self._lock:
                if generation == self._generation:
                    self._store(context, data_key)
        return data_key

    def load_missing(
        self,
        contexts: Iterable[KeyContext],
        load: Callable[[list[KeyContext]], dict[KeyContext, bytes]],
    ) -> None:
        """Cache the keys of ``contexts`` that are not cached, from one call of ``load`` (run
        without the lock; it leaves out keys that do not exist), unless evicted meanwhile: the
        many-key form of ``get_or_load``."""
        missing = [context for context in set(contexts) if self.get(context) is None]
        if not missing:
            return
        with self._lock:
            generation = self._generation
        loaded = load(missing)
        with self._lock:
            if generation == self._generation:
                for context, data_key in loaded.items():
                    self._store(context, data_key)

    def put(self, context: KeyContext, data_key: bytes) -> None:
        """Cache `data_key`, e.g. one just created; pushes out the least recently used if full."""
        with self._lock:
            self._store(context, data_key)

    def evict(self, subject_id: UUID, category: Category | None = None) -> int:
        """Drop the subject's keys (of one `category`, or all); returns how many were cached."""
        with self._lock:
            self._generation += 1
            doomed = [
                ctx
                for ctx in self._entries
                if ctx.subject_id == subject_id and category in (None, ctx.category)
            ]
            for ctx in doomed:
                del self._entries[ctx]
            return len(doomed)

    def clear(self) -> None:
        """Drop every key, e.g. when the eviction channel was lost and events may be missed."""
        with self._lock:
            self._generation += 1
            self._entries.clear()

    def _store(self, context: KeyContext, data_key: bytes) -> None:
        expires_at = float("inf") if self._ttl is None else self._clock() + self._ttl
        self._entries[context] = (data_key, expires_at)
        self._entries.move_to_end(context)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)
