"""Remembered command responses, keyed by a digest of (partnership, user, Idempotency-Key).

A request claims its key by inserting a row *before* the command runs (``ON CONFLICT`` makes the
claim atomic), so a duplicate sent while the first is still in flight finds the row and records
nothing. The first response is then stored on the row and replayed to retries until the row
expires. Neither the key nor the partnership or user is stored in clear: only digests.

A claim whose request never finished (the process died) is taken over after ``lease_seconds``;
expired rows are taken over by their own key's next claim and otherwise purged in small batches
as other keys complete, so no sweeper process is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from psycopg.types.json import Jsonb

from adapters.postgres.db import Database

TABLE = "reviewtrail_idempotency"
PURGE_BATCH = 100

SCHEMA = [
    f"""
    CREATE TABLE IF NOT EXISTS {TABLE} (
        key_digest bytea PRIMARY KEY,
        request_digest bytea NOT NULL,
        status integer,
        headers jsonb,
        body bytea,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
    )
    """,
    f"CREATE INDEX IF NOT EXISTS {TABLE}_expiry_idx ON {TABLE} (expires_at)",
]

# The upsert takes a row over only when it has expired or its request was abandoned; otherwise
# it returns nothing and the live row is left as it is.
CLAIM = f"""
    INSERT INTO {TABLE} AS t (key_digest, request_digest, expires_at)
    VALUES (%(key)s, %(request)s, now() + make_interval(secs => %(ttl)s))
    ON CONFLICT (key_digest) DO UPDATE
    SET request_digest = excluded.request_digest, status = NULL, headers = NULL, body = NULL,
        claimed_at = now(), expires_at = excluded.expires_at
    WHERE t.expires_at < now()
       OR (t.status IS NULL AND t.claimed_at < now() - make_interval(secs => %(lease)s))
    RETURNING key_digest
"""  # noqa: S608 (the table name is a constant)

COMPLETE = f"""
    WITH purged AS (
        DELETE FROM {TABLE} WHERE key_digest IN (
            SELECT key_digest FROM {TABLE} WHERE expires_at < now()
            LIMIT {PURGE_BATCH} FOR UPDATE SKIP LOCKED
        )
    )
    UPDATE {TABLE} SET status = %(status)s, headers = %(headers)s, body = %(body)s
    WHERE key_digest = %(key)s AND request_digest = %(request)s AND status IS NULL
"""  # noqa: S608


@dataclass(frozen=True)
class StoredResponse:
    """The first response to a command: replayed as it was to every retry."""

    status: int
    headers: dict[str, str]
    body: bytes


class Outcome(Enum):
    """What a claim found, when it did not find a stored response."""

    CLAIMED = "claimed"
    IN_FLIGHT = "in-flight"
    KEY_REUSED = "key-reused"


class IdempotencyStore:
    """Claims, completes and releases idempotency keys in PostgreSQL."""

    def __init__(self, db: Database, *, ttl_seconds: int, lease_seconds: int = 300) -> None:
        self._db = db
        self._ttl = ttl_seconds
        self._lease = lease_seconds

    def create_schema(self) -> None:
        """Create the table and its expiry index (idempotent)."""
        with self._db.connection() as conn:
            for statement in SCHEMA:
                conn.execute(statement)

    def claim(self, key: bytes, request: bytes) -> Outcome | StoredResponse:
        """Claim ``key`` for the request whose digest is ``request``.

        Returns CLAIMED (run the command, then ``complete`` or ``release``), the stored first
        response (replay it), IN_FLIGHT (the first request is still running) or KEY_REUSED (the
        key was first used for a different request).
        """
        params = {"key": key, "request": request, "ttl": self._ttl, "lease": self._lease}
        with self._db.connection() as conn:
            # A row released between our upsert and our read is claimable again: try once more.
            for _ in range(3):
                if conn.execute(CLAIM, params).fetchone() is not None:
                    return Outcome.CLAIMED
                row = conn.execute(
                    f"SELECT request_digest, status, headers, body FROM {TABLE}"  # noqa: S608
                    " WHERE key_digest = %s",
                    (key,),
                ).fetchone()
                if row is not None:
                    return _found(row, request)
        return Outcome.IN_FLIGHT  # claimed and released over and over: someone is busy with it

    def complete(self, key: bytes, request: bytes, response: StoredResponse) -> None:
        """Store the first response of a claimed key (and purge a batch of expired keys)."""
        with self._db.connection() as conn:
            conn.execute(
                COMPLETE,
                {
                    "key": key,
                    "request": request,
                    "status": response.status,
                    "headers": Jsonb(response.headers),
                    "body": response.body,
                },
            )

    def release(self, key: bytes, request: bytes) -> None:
        """Forget a claim whose command did not succeed, so that a retry runs it afresh."""
        with self._db.connection() as conn:
            conn.execute(
                f"DELETE FROM {TABLE}"  # noqa: S608
                " WHERE key_digest = %s AND request_digest = %s AND status IS NULL",
                (key, request),
            )


def _found(row: dict[str, Any], request: bytes) -> Outcome | StoredResponse:
    if bytes(row["request_digest"]) != request:
        return Outcome.KEY_REUSED
    if row["status"] is None:
        return Outcome.IN_FLIGHT
    return StoredResponse(
        status=int(row["status"]), headers=dict(row["headers"]), body=bytes(row["body"] or b"")
    )
