from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.audit import (
    EMPTY_ROOT,
    Frontier,
    NodeID,
    frontier_ids,
    leaf_hash,
    node_hash,
    root_from_leaf_hashes,
)
from tests.adapters.audit.builders import reference_root, some_leaves, vectors

RFC = vectors("rfc6962_vectors.json")
REFERENCE_LEAVES = [leaf_hash(bytes.fromhex(data)) for data in RFC["leaves"]]

sizes = st.integers(min_value=0, max_value=300)
salts = st.binary(max_size=8)


def test_empty_root_is_the_sha256_of_nothing() -> None:
    assert EMPTY_ROOT.hex() == RFC["hasher"]["empty_root"]


def test_leaf_hash_of_empty_data_matches_rfc6962_vector() -> None:
    assert leaf_hash(b"").hex() == RFC["hasher"]["empty_leaf"]


def test_leaf_hash_matches_rfc6962_vector() -> None:
    vector = RFC["hasher"]["leaf"]
    assert leaf_hash(vector["data_ascii"].encode()).hex() == vector["hash"]


def test_node_hash_matches_rfc6962_vector() -> None:
    vector = RFC["hasher"]["node"]
    got = node_hash(vector["left_ascii"].encode(), vector["right_ascii"].encode())
    assert got.hex() == vector["hash"]


def test_a_leaf_cannot_pose_as_the_node_over_its_own_halves() -> None:
    left, right = leaf_hash(b"Hello"), leaf_hash(b"World")
    assert leaf_hash(left + right) != node_hash(left, right)


@pytest.mark.parametrize("size", range(1, 9))
def test_root_of_reference_leaves_matches_published_root(size: int) -> None:
    assert root_from_leaf_hashes(REFERENCE_LEAVES[:size]).hex() == RFC["roots"][size - 1]


def test_root_of_no_leaves_is_the_empty_root() -> None:
    assert root_from_leaf_hashes([]) == EMPTY_ROOT


@given(sizes, salts)
def test_streamed_root_equals_the_rfc_recursive_definition(size: int, salt: bytes) -> None:
    leaves = some_leaves(size, salt)
    assert root_from_leaf_hashes(iter(leaves)) == reference_root(leaves)


def test_root_refuses_a_hash_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="32"):
        root_from_leaf_hashes([leaf_hash(b"a"), b"short"])


@given(st.integers(min_value=0, max_value=130), salts)
def test_frontier_root_equals_mth_after_every_append(size: int, salt: bytes) -> None:
    leaves, frontier = some_leaves(size, salt), Frontier()
    for count, leaf in enumerate(leaves, start=1):
        frontier.append(leaf)
        assert frontier.size == count
        assert frontier.root() == reference_root(leaves[:count])


@given(sizes, st.data())
def test_frontier_restored_from_bytes_mid_way_reaches_the_same_root(
    size: int, data: st.DataObject
) -> None:
    leaves = some_leaves(size)
    cut = data.draw(st.integers(min_value=0, max_value=size))
    first = Frontier()
    first.extend(leaves[:cut])
    resumed = Frontier.from_bytes(first.size, first.to_bytes())
    resumed.extend(leaves[cut:])
    assert resumed.root() == root_from_leaf_hashes(leaves)


@given(sizes, st.data())
def test_frontier_restored_from_hashes_mid_way_reaches_the_same_root(
    size: int, data: st.DataObject
) -> None:
    leaves = some_leaves(size)
    cut = data.draw(st.integers(min_value=0, max_value=size))
    first = Frontier()
    first.absorb(leaves[:cut])
    resumed = Frontier.from_hashes(first.size, first.to_hashes())
    resumed.absorb(leaves[cut:])
    assert resumed.root() == root_from_leaf_hashes(leaves)


@given(st.integers(min_value=0, max_value=10**6))
def test_frontier_holds_one_hash_per_set_bit_of_its_size(size: int) -> None:
    ids = frontier_ids(size)
    assert len(ids) == size.bit_count()
    assert sum(1 << node.level for node in ids) == size


@given(st.integers(min_value=0, max_value=200), salts)
def test_extend_emits_every_complete_subtree_once_with_its_mth(size: int, salt: bytes) -> None:
    leaves = some_leaves(size, salt)
    emitted = Frontier().extend(leaves)
    ids = [NodeID(node.level, node.index) for node in emitted]
    complete = {
        NodeID(level, index) for level in range(size.bit_length()) for index in range(size >> level)
    }
    assert sorted(ids) == sorted(complete)
    for node in emitted:
        span = leaves[node.index << node.level : (node.index + 1) << node.level]
        assert node.hash == reference_root(span)


def test_append_emits_the_leaf_then_the_subtrees_it_completes() -> None:
    frontier = Frontier()
    frontier.extend(some_leaves(3))
    emitted = frontier.append(leaf_hash(b"fourth"))
    assert [(node.level, node.index) for node in emitted] == [(0, 3), (1, 1), (2, 0)]


@given(sizes, salts)
def test_absorb_leaves_the_same_state_as_extend(size: int, salt: bytes) -> None:
    leaves = some_leaves(size, salt)
    extended, absorbed = Frontier(), Frontier()
    extended.extend(leaves)
    absorbed.absorb(leaves)
    assert absorbed.to_hashes() == extended.to_hashes()
    assert absorbed.size == extended.size


@given(sizes)
def test_frontier_nodes_are_addressed_by_frontier_ids(size: int) -> None:
    leaves = some_leaves(size)
    frontier = Frontier()
    frontier.extend(leaves)
    for node in frontier.nodes():
        span = leaves[node.index << node.level : (node.index + 1) << node.level]
        assert node.hash == reference_root(span)


def test_copy_does_not_share_state_with_the_original() -> None:
    frontier = Frontier()
    frontier.extend(some_leaves(5))
    before = frontier.root()
    copy = frontier.copy()
    copy.append(leaf_hash(b"extra"))
    assert frontier.root() == before
    assert copy.size == frontier.size + 1


@pytest.mark.parametrize("bad", [b"", b"x" * 31, b"x" * 33, "a" * 32])
def test_append_refuses_anything_but_a_32_byte_hash(bad: bytes) -> None:
    frontier = Frontier()
    with pytest.raises(ValueError, match="32-byte"):
        frontier.append(bad)
    assert frontier.size == 0


@pytest.mark.parametrize("method", ["extend", "absorb"])
def test_a_bad_hash_mid_batch_keeps_the_leaves_before_it(method: str) -> None:
    leaves = some_leaves(7)
    frontier = Frontier()
    with pytest.raises(ValueError, match="hash 5 is not a 32-byte hash"):
        getattr(frontier, method)([*leaves[:5], "not a hash", *leaves[5:]])
    assert frontier.size == 5
    assert frontier.root() == reference_root(leaves[:5])


def test_restoring_with_the_wrong_number_of_hashes_fails() -> None:
    with pytest.raises(ValueError, match="needs 2 hashes"):
        Frontier.from_hashes(5, [leaf_hash(b"a")])


def test_restoring_with_a_short_hash_fails() -> None:
    with pytest.raises(ValueError, match="32-byte"):
        Frontier.from_hashes(1, [b"x" * 31])


def test_restoring_from_bytes_that_are_not_whole_hashes_fails() -> None:
    with pytest.raises(ValueError, match="whole number"):
        Frontier.from_bytes(1, b"x" * 33)


def test_restoring_a_negative_size_fails() -> None:
    with pytest.raises(ValueError, match="size -1"):
        Frontier.from_hashes(-1, [])


def test_empty_frontier_serialises_to_nothing_and_has_the_empty_root() -> None:
    frontier = Frontier.from_bytes(0, b"")
    assert frontier.to_bytes() == b""
    assert frontier.root() == hashlib.sha256(b"").digest()
