from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.audit import (
    EMPTY_ROOT,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)
from tests.adapters.audit.builders import b64, flipped, some_leaves, stored_tree, vectors

INCLUSION_PROBES = vectors("inclusion_probes.json")["probes"]
CONSISTENCY_PROBES = vectors("consistency_probes.json")["probes"]
A_HASH = leaf_hash(b"a")


def probe_id(probe: dict[str, Any]) -> str:
    return str(probe["path"]).removeprefix("testdata/")


@pytest.mark.parametrize("probe", INCLUSION_PROBES, ids=probe_id)
def test_inclusion_probe_from_transparency_dev_gets_the_expected_verdict(
    probe: dict[str, Any],
) -> None:
    index = probe["leafIdx"] if "leafIdx" in probe else probe["leafIndex"]
    proof = [b64(h) for h in probe["proof"] or []]
    verdict = verify_inclusion(
        b64(probe["leafHash"]), index, probe["treeSize"], proof, b64(probe["root"])
    )
    assert verdict is not probe["wantErr"]


@pytest.mark.parametrize("probe", CONSISTENCY_PROBES, ids=probe_id)
def test_consistency_probe_from_transparency_dev_gets_the_expected_verdict(
    probe: dict[str, Any],
) -> None:
    proof = [b64(h) for h in probe["proof"] or []]
    verdict = verify_consistency(
        probe["size1"], probe["size2"], b64(probe["root1"]), b64(probe["root2"]), proof
    )
    assert verdict is not probe["wantErr"]


@st.composite
def inclusion_cases(draw: st.DrawFn) -> tuple[bytes, int, int, list[bytes], bytes]:
    size = draw(st.integers(min_value=1, max_value=300))
    index = draw(st.integers(min_value=0, max_value=size - 1))
    leaves = some_leaves(size, draw(st.binary(max_size=4)))
    proof = inclusion_proof(index, size, stored_tree(leaves))
    return leaves[index], index, size, proof, root_from_leaf_hashes(leaves)


@st.composite
def consistency_cases(draw: st.DrawFn) -> tuple[int, int, bytes, bytes, list[bytes]]:
    new = draw(st.integers(min_value=1, max_value=300))
    old = draw(st.integers(min_value=1, max_value=new))
    leaves = some_leaves(new, draw(st.binary(max_size=4)))
    proof = consistency_proof(old, new, stored_tree(leaves))
    old_root, new_root = root_from_leaf_hashes(leaves[:old]), root_from_leaf_hashes(leaves)
    return old, new, old_root, new_root, proof


bits = st.integers(min_value=0, max_value=255)


@given(inclusion_cases())
def test_inclusion_proof_built_from_stored_nodes_verifies(
    case: tuple[bytes, int, int, list[bytes], bytes],
) -> None:
    assert verify_inclusion(*case)


@given(inclusion_cases(), st.data(), bits)
def test_flipping_one_bit_of_leaf_root_or_proof_breaks_inclusion(
    case: tuple[bytes, int, int, list[bytes], bytes], data: st.DataObject, bit: int
) -> None:
    leaf, index, size, proof, root = case
    target = data.draw(st.integers(min_value=-2, max_value=len(proof) - 1))
    if target == -2:
        leaf = flipped(leaf, bit)
    elif target == -1:
        root = flipped(root, bit)
    else:
        proof = [*proof[:target], flipped(proof[target], bit), *proof[target + 1 :]]
    assert not verify_inclusion(leaf, index, size, proof, root)


@given(consistency_cases())
def test_consistency_proof_built_from_stored_nodes_verifies(
    case: tuple[int, int, bytes, bytes, list[bytes]],
) -> None:
    assert verify_consistency(*case)


@given(consistency_cases(), st.data(), bits)
def test_flipping_one_bit_of_either_root_or_proof_breaks_consistency(
    case: tuple[int, int, bytes, bytes, list[bytes]], data: st.DataObject, bit: int
) -> None:
    old, new, old_root, new_root, proof = case
    target = data.draw(st.integers(min_value=-2, max_value=len(proof) - 1))
    if target == -2:
        old_root = flipped(old_root, bit)
    elif target == -1:
        new_root = flipped(new_root, bit)
    else:
        proof = [*proof[:target], flipped(proof[target], bit), *proof[target + 1 :]]
    assert not verify_consistency(old, new, old_root, new_root, proof)


@given(consistency_cases())
def test_a_consistency_proof_does_not_prove_the_trees_the_other_way_round(
    case: tuple[int, int, bytes, bytes, list[bytes]],
) -> None:
    old, new, old_root, new_root, proof = case
    if old_root != new_root:
        assert not verify_consistency(old, new, new_root, old_root, proof)


@given(
    st.integers(min_value=-3, max_value=40),
    st.integers(min_value=-3, max_value=40),
    st.lists(st.binary(min_size=30, max_size=34), max_size=8),
)
def test_inclusion_verifier_answers_false_to_made_up_proofs(
    index: int, size: int, proof: list[bytes]
) -> None:
    assert verify_inclusion(A_HASH, index, size, proof, EMPTY_ROOT) is False


@given(
    st.integers(min_value=-3, max_value=40),
    st.integers(min_value=-3, max_value=40),
    st.lists(st.binary(min_size=30, max_size=34), min_size=1, max_size=8),
)
def test_consistency_verifier_answers_false_to_made_up_proofs(
    old: int, new: int, proof: list[bytes]
) -> None:
    assert verify_consistency(old, new, A_HASH, EMPTY_ROOT, proof) is False


MALFORMED_INCLUSION: list[tuple[str, Any, Any, Any, Any, Any]] = [
    ("negative index", A_HASH, -1, 1, [], A_HASH),
    ("empty tree", A_HASH, 0, 0, [], A_HASH),
    ("boolean size", A_HASH, 0, True, [], A_HASH),
    ("float index", A_HASH, 0.0, 1, [], A_HASH),
    ("leaf as text", A_HASH.hex(), 0, 1, [], A_HASH.hex()),
    ("short leaf and root", b"a", 0, 1, [], b"a"),
    ("proof of text", A_HASH, 0, 2, ["a" * 32], A_HASH),
    ("proof with None", A_HASH, 0, 2, [None], A_HASH),
    ("proof as bytes", A_HASH, 0, 1, b"", A_HASH),
    ("proof as None", A_HASH, 0, 1, None, A_HASH),
]


@pytest.mark.parametrize(
    ("leaf", "index", "size", "proof", "root"),
    [case[1:] for case in MALFORMED_INCLUSION],
    ids=[case[0] for case in MALFORMED_INCLUSION],
)
def test_malformed_inclusion_input_is_rejected_not_raised(
    leaf: Any, index: Any, size: Any, proof: Any, root: Any
) -> None:
    assert verify_inclusion(leaf, index, size, proof, root) is False


MALFORMED_CONSISTENCY: list[tuple[str, Any, Any, Any, Any, Any]] = [
    ("negative old size", -1, 1, A_HASH, A_HASH, [A_HASH]),
    ("shrinking tree", 2, 1, A_HASH, A_HASH, []),
    ("boolean sizes", True, True, A_HASH, A_HASH, []),
    ("roots as text", 1, 1, "r", "r", []),
    ("roots as None", 1, 2, None, None, [A_HASH]),
    ("proof of text", 1, 2, A_HASH, A_HASH, ["a" * 32]),
    ("proof as None with equal sizes", 1, 1, A_HASH, A_HASH, None),
    ("proof as bytes with equal sizes", 1, 1, A_HASH, A_HASH, b""),
]


@pytest.mark.parametrize(
    ("old", "new", "old_root", "new_root", "proof"),
    [case[1:] for case in MALFORMED_CONSISTENCY],
    ids=[case[0] for case in MALFORMED_CONSISTENCY],
)
def test_malformed_consistency_input_is_rejected_not_raised(
    old: Any, new: Any, old_root: Any, new_root: Any, proof: Any
) -> None:
    assert verify_consistency(old, new, old_root, new_root, proof) is False


def test_a_tree_is_consistent_with_itself_given_an_empty_proof() -> None:
    root = root_from_leaf_hashes(some_leaves(5))
    assert verify_consistency(5, 5, root, root, [])


def test_consistency_from_the_empty_tree_is_not_accepted() -> None:
    root = root_from_leaf_hashes(some_leaves(5))
    assert not verify_consistency(0, 5, EMPTY_ROOT, root, [])
