from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.audit import (
    ProofPlan,
    consistency_plan,
    consistency_proof,
    frontier_at,
    inclusion_plan,
    inclusion_proof,
    leaf_hash,
    root_at,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)
from tests.adapters.audit.builders import (
    reference_path,
    reference_proof,
    some_leaves,
    stored_tree,
    vectors,
)

RFC = vectors("rfc6962_vectors.json")
REFERENCE_LEAVES = [leaf_hash(bytes.fromhex(data)) for data in RFC["leaves"]]
REFERENCE_TREE = stored_tree(REFERENCE_LEAVES)


@st.composite
def sizes_and_index(draw: st.DrawFn, max_size: int = 300) -> tuple[int, int]:
    size = draw(st.integers(min_value=1, max_value=max_size))
    return size, draw(st.integers(min_value=0, max_value=size - 1))


@st.composite
def old_and_new_sizes(draw: st.DrawFn, max_size: int = 300) -> tuple[int, int]:
    new = draw(st.integers(min_value=1, max_value=max_size))
    return draw(st.integers(min_value=1, max_value=new)), new


def plan_as_lists(plan: ProofPlan) -> tuple[list[list[int]], list[int]]:
    nodes = [[node.level, node.index] for node in plan.node_ids]
    return nodes, [plan.rehash_begin, plan.rehash_end]


def expected_plan(vector: dict[str, Any]) -> tuple[list[list[int]], list[int]]:
    return vector["nodes"], vector.get("rehash", [0, 0])


@pytest.mark.parametrize(
    "vector", RFC["inclusion_plans"], ids=lambda v: f"{v['index']}-in-{v['size']}"
)
def test_inclusion_plan_lists_the_same_nodes_as_transparency_dev(vector: dict[str, Any]) -> None:
    plan = inclusion_plan(vector["index"], vector["size"])
    assert plan_as_lists(plan) == expected_plan(vector)


@pytest.mark.parametrize(
    "vector", RFC["consistency_plans"], ids=lambda v: f"{v['size1']}-to-{v['size2']}"
)
def test_consistency_plan_lists_the_same_nodes_as_transparency_dev(
    vector: dict[str, Any],
) -> None:
    plan = consistency_plan(vector["size1"], vector["size2"])
    assert plan_as_lists(plan) == expected_plan(vector)


@pytest.mark.parametrize(("size", "index"), [tuple(case) for case in RFC["inclusion_plan_errors"]])
def test_inclusion_plan_refuses_a_leaf_outside_the_tree(size: int, index: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        inclusion_plan(index, size)


@pytest.mark.parametrize(
    ("old", "new"), [*map(tuple, RFC["consistency_plan_errors"]), (0, 0), (0, 5)]
)
def test_consistency_plan_refuses_shrinking_or_empty_old_trees(old: int, new: int) -> None:
    with pytest.raises(ValueError, match="no consistency proof"):
        consistency_plan(old, new)


@pytest.mark.parametrize("vector", RFC["inclusion"], ids=lambda v: f"{v['index']}-in-{v['size']}")
def test_inclusion_proof_of_reference_leaf_matches_published_proof(
    vector: dict[str, Any],
) -> None:
    proof = inclusion_proof(vector["index"], vector["size"], REFERENCE_TREE)
    assert [h.hex() for h in proof] == vector["proof"]


@pytest.mark.parametrize(
    "vector", RFC["consistency"], ids=lambda v: f"{v['size1']}-to-{v['size2']}"
)
def test_consistency_proof_of_reference_trees_matches_published_proof(
    vector: dict[str, Any],
) -> None:
    proof = consistency_proof(vector["size1"], vector["size2"], REFERENCE_TREE)
    assert [h.hex() for h in proof] == vector["proof"]


@given(sizes_and_index(max_size=150))
def test_inclusion_proof_from_stored_nodes_equals_rfc_path(case: tuple[int, int]) -> None:
    size, index = case
    leaves = some_leaves(size)
    assert inclusion_proof(index, size, stored_tree(leaves)) == reference_path(index, leaves)


@given(old_and_new_sizes(max_size=150))
def test_consistency_proof_from_stored_nodes_equals_rfc_proof(case: tuple[int, int]) -> None:
    old, new = case
    leaves = some_leaves(new)
    assert consistency_proof(old, new, stored_tree(leaves)) == reference_proof(old, leaves)


@given(sizes_and_index(), st.integers(min_value=0, max_value=50))
def test_inclusion_proof_in_a_past_tree_verifies_against_its_root(
    case: tuple[int, int], grown_by: int
) -> None:
    size, index = case
    leaves = some_leaves(size + grown_by)
    proof = inclusion_proof(index, size, stored_tree(leaves))
    root = root_from_leaf_hashes(leaves[:size])
    assert verify_inclusion(leaves[index], index, size, proof, root)


@given(old_and_new_sizes(), st.integers(min_value=0, max_value=50))
def test_consistency_proof_between_past_trees_verifies(
    case: tuple[int, int], grown_by: int
) -> None:
    old, new = case
    leaves = some_leaves(new + grown_by)
    proof = consistency_proof(old, new, stored_tree(leaves))
    old_root, new_root = root_from_leaf_hashes(leaves[:old]), root_from_leaf_hashes(leaves[:new])
    assert verify_consistency(old, new, old_root, new_root, proof)


@given(sizes_and_index(max_size=10**12))
def test_inclusion_plan_needs_only_complete_nodes(case: tuple[int, int]) -> None:
    size, index = case
    for node in inclusion_plan(index, size).node_ids:
        assert (node.index + 1) << node.level <= size


@given(old_and_new_sizes(max_size=10**12))
def test_consistency_plan_needs_only_complete_nodes(case: tuple[int, int]) -> None:
    old, new = case
    for node in consistency_plan(old, new).node_ids:
        assert (node.index + 1) << node.level <= new


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=50))
def test_root_at_a_past_size_matches_the_root_of_that_prefix(size: int, grown_by: int) -> None:
    leaves = some_leaves(size + grown_by)
    assert root_at(size, stored_tree(leaves)) == root_from_leaf_hashes(leaves[:size])


def test_frontier_rebuilt_from_stored_nodes_keeps_appending() -> None:
    leaves = some_leaves(300)
    frontier = frontier_at(213, stored_tree(leaves))
    frontier.extend(leaves[213:])
    assert frontier.root() == root_from_leaf_hashes(leaves)


def test_assemble_refuses_the_wrong_number_of_hashes() -> None:
    plan = inclusion_plan(0, 8)
    with pytest.raises(ValueError, match="expected 3 hashes, got 2"):
        plan.assemble([leaf_hash(b"a"), leaf_hash(b"b")])
