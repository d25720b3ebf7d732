"""The idempotency-key table on real PostgreSQL: claims, replays, expiry and purging."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.postgres.db import Database
from adapters.postgres.idempotency import TABLE, IdempotencyStore, Outcome, StoredResponse

KEY, REQUEST, OTHER_REQUEST = b"k" * 32, b"r" * 32, b"o" * 32
FIRST = StoredResponse(201, {"location": "/reviews/1", "etag": '"1"'}, b'{"id": 1}')


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url, max_size=2)
    yield database
    database.close()


@pytest.fixture
def store(db: Database) -> IdempotencyStore:
    created = IdempotencyStore(db, ttl_seconds=3600)
    created.create_schema()
    return created


def age(db: Database, column: str, key: bytes = KEY) -> None:
    """Move a row's timestamp a day into the past (its expiry, or when it was claimed)."""
    with db.connection() as conn:
        conn.execute(
            f"UPDATE {TABLE} SET {column} = now() - interval '1 day' WHERE key_digest = %s",
            (key,),
        )


def rows(db: Database) -> int:
    with db.connection() as conn:
        row = conn.execute(f"SELECT count(*) AS n FROM {TABLE}").fetchone()
    return int(row["n"]) if row else 0


def test_the_first_request_claims_its_key(store: IdempotencyStore) -> None:
    assert store.claim(KEY, REQUEST) is Outcome.CLAIMED


def test_a_duplicate_while_the_first_is_running_is_in_flight(store: IdempotencyStore) -> None:
    store.claim(KEY, REQUEST)
    assert store.claim(KEY, REQUEST) is Outcome.IN_FLIGHT


def test_a_completed_key_replays_the_stored_response(store: IdempotencyStore) -> None:
    store.claim(KEY, REQUEST)
    store.complete(KEY, REQUEST, FIRST)
    assert store.claim(KEY, REQUEST) == FIRST


def test_the_same_key_for_another_request_is_reported_as_reused(store: IdempotencyStore) -> None:
    store.claim(KEY, REQUEST)
    store.complete(KEY, REQUEST, FIRST)
    assert store.claim(KEY, OTHER_REQUEST) is Outcome.KEY_REUSED


def test_a_released_key_can_be_claimed_again_by_any_request(store: IdempotencyStore) -> None:
    store.claim(KEY, REQUEST)
    store.release(KEY, REQUEST)
    assert store.claim(KEY, OTHER_REQUEST) is Outcome.CLAIMED


def test_release_never_forgets_a_completed_response(store: IdempotencyStore) -> None:
    store.claim(KEY, REQUEST)
    store.complete(KEY, REQUEST, FIRST)
    store.release(KEY, REQUEST)
    assert store.claim(KEY, REQUEST) == FIRST


def test_an_expired_key_is_claimed_afresh(store: IdempotencyStore, db: Database) -> None:
    store.claim(KEY, REQUEST)
    store.complete(KEY, REQUEST, FIRST)
    age(db, "expires_at")
    assert store.claim(KEY, OTHER_REQUEST) is Outcome.CLAIMED


def test_a_claim_abandoned_past_its_lease_is_taken_over(
    store: IdempotencyStore, db: Database
) -> None:
    store.claim(KEY, REQUEST)
    age(db, "claimed_at")
    assert store.claim(KEY, REQUEST) is Outcome.CLAIMED


def test_completing_a_key_purges_other_expired_keys(store: IdempotencyStore, db: Database) -> None:
    stale = b"s" * 32
    store.claim(stale, REQUEST)
    store.complete(stale, REQUEST, FIRST)
    age(db, "expires_at", key=stale)
    store.claim(KEY, REQUEST)
    store.complete(KEY, REQUEST, FIRST)
    assert rows(db) == 1
