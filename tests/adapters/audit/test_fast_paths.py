"""The verifier's fast paths compute exactly what the readable reference code computes."""

from __future__ import annotations

import hashlib

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.audit.leaf import StoredRecord, encode_record, record_leaf
from adapters.audit.merkle import Frontier
from adapters.postgres.audit_hashing import HashingFailed, leaf_hashes_sql, worker_record_hashes
from tests.adapters.audit.test_leaf import records

hashes = st.lists(st.binary(min_size=32, max_size=32), max_size=70)


@given(records)
def test_a_record_leaf_is_the_hash_of_its_documented_encoding(record: StoredRecord) -> None:
    assert record_leaf(record) == hashlib.sha256(b"\x00" + encode_record(record)).digest()


@given(hashes)
def test_pushing_leaves_completes_the_interior_nodes_extend_lists(leaves: list[bytes]) -> None:
    pushed, extended = Frontier(), Frontier()
    interior = [n for n in extended.extend(leaves) if n.level]
    assert [node for leaf in leaves for node in pushed.push(leaf)] == [
        (n.level, n.index, n.hash) for n in interior
    ]
    assert pushed.root() == extended.root()


@given(st.integers(min_value=0, max_value=3), st.integers(min_value=0, max_value=9), hashes)
def test_pushing_a_subtree_completes_what_pushing_its_leaves_completes_above_it(
    height: int, blocks: int, more: list[bytes]
) -> None:
    width = 1 << height
    leaves = [hashlib.sha256(b"%d" % i).digest() for i in range(blocks * width)]
    by_leaf, by_block = Frontier(), Frontier()
    above = [n for leaf in leaves for n in by_leaf.push(leaf) if n[0] > height]
    pushed = []
    for start in range(0, len(leaves), width):
        pushed += by_block.push_subtree(_root(leaves[start : start + width]), height)
    assert pushed == above
    assert by_block.to_hashes() == by_leaf.to_hashes()
    for leaf in more:  # and it goes on leaf by leaf
        assert by_block.push(leaf) == by_leaf.push(leaf)
    assert by_block.root() == by_leaf.root()


def test_a_subtree_must_start_at_a_multiple_of_its_width() -> None:
    frontier = Frontier()
    frontier.push(bytes(32))
    with pytest.raises(ValueError, match="cannot start at leaf 1"):
        frontier.push_subtree(bytes(32), 1)


def _root(leaves: list[bytes]) -> bytes:
    frontier = Frontier()
    frontier.absorb(leaves)
    return frontier.root()


def test_hashing_in_a_second_process_fails_loudly_when_it_cannot_read_the_snapshot(
    database_url: str,
) -> None:
    hashes = worker_record_hashes(database_url, "00000003-0000001B-1", "SELECT 1")
    with pytest.raises(HashingFailed):
        list(hashes)


# PostgreSQL text holds no NUL character (nor can an events row).
storable = records.map(lambda r: r._replace(topic=r.topic and r.topic.replace("\x00", "")))


@settings(max_examples=60)
@given(st.lists(storable, min_size=1, max_size=8, unique_by=lambda r: r.position))
def test_postgresql_hashes_a_record_exactly_as_record_leaf_does(
    pg_server_url: str, rows: list[StoredRecord]
) -> None:
    # The same columns as the events table, NULLs, empty values and any text included (in a
    # temporary table: nothing outlives the connection).
    with psycopg.connect(pg_server_url) as conn:
        conn.execute(
            "CREATE TEMP TABLE leaf_rows (originator_id uuid NOT NULL, originator_version bigint"
            " NOT NULL, topic text, state bytea, notification_id bigint NOT NULL)"
        )
        with conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO leaf_rows VALUES (%s, %s, %s, %s, %s)",
                [
                    (r.originator_id, r.originator_version, r.topic, r.state, r.position)
                    for r in rows
                ],
            )
        hashed = conn.execute(leaf_hashes_sql("leaf_rows")).fetchall()
    expected = sorted((r.position, record_leaf(r)) for r in rows)
    assert [(int(p), bytes(h)) for p, h in hashed] == expected
