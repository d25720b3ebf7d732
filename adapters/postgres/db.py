"""A psycopg 3 connection pool for views, tracking and other non-event tables."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg.rows import DictRow, dict_row
from psycopg_pool import ConnectionPool

EVENTS_TABLE = "reviewtrail_events"


class Database:
    """Pooled access to our PostgreSQL database (the event store's own pool is separate)."""

    def __init__(self, url: str, *, max_size: int = 10, timeout: float = 5.0) -> None:
        self.url = url
        self.pool: ConnectionPool[psycopg.Connection[DictRow]] = ConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            timeout=timeout,
            kwargs={"row_factory": dict_row, "autocommit": True},
            # No check on checkout: it costs a round trip per use. A connection broken by a
            # database restart fails once (a transient 503 or a runner retry) and is discarded.
            open=True,
        )

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[DictRow]]:
        """A pooled autocommit connection (open a transaction with ``conn.transaction()``)."""
        with self.pool.connection() as conn:
            yield conn

    def ping(self) -> None:
        """Raise if the database does not answer ``SELECT 1`` promptly."""
        with self.connection() as conn:
            conn.execute("SET statement_timeout = 2000")
            conn.execute("SELECT 1")

    def log_head(self) -> int:
        """The position of the last committed event (0 when the log is empty)."""
        with self.connection() as conn:
            row = conn.execute(
                f"SELECT coalesce(max(notification_id), 0) AS head FROM {EVENTS_TABLE}"  # noqa: S608
            ).fetchone()
        return int(row["head"]) if row else 0

    def close(self) -> None:
        self.pool.close()
