"""The verifier's fast paths compute exactly what the readable reference code computes."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.audit.leaf import StoredRecord, encode_record, record_leaf
from adapters.audit.merkle import Frontier
from adapters.postgres.audit_hashing import HashingFailed, worker_record_hashes
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


def test_hashing_in_a_second_process_fails_loudly_when_it_cannot_read_the_snapshot(
    database_url: str,
) -> None:
    hashes = worker_record_hashes(database_url, "00000003-0000001B-1", "SELECT 1")
    with pytest.raises(HashingFailed):
        list(hashes)
