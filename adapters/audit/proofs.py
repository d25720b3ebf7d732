"""Inclusion and consistency proofs built from stored nodes, without loading all leaves.

A proof is produced in two steps so that the storage layer can fetch everything in one query:

1. *plan*: ``inclusion_plan(index, size)`` / ``consistency_plan(old_size, new_size)`` list the
   ``NodeID``s (level, index) of the perfect subtrees the proof needs, bottom-up. Every one of
   them is complete in a tree of the given size, so it is a stored, write-once node.
2. *assemble*: ``plan.assemble(hashes)`` takes their hashes in the same order and returns the
   RFC 9162 proof. Where the proof needs an ephemeral node on the tree's right border, the plan
   lists the perfect subtrees under it (``rehash_begin:rehash_end``) and ``assemble`` folds them.

``inclusion_proof``/``consistency_proof`` do both with a ``get_node(level, index)`` callable.
The node lists match transparency-dev/merkle ``proof.Inclusion``/``proof.Consistency``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from adapters.audit.merkle import Frontier, NodeID, aligned_cover, frontier_ids, node_hash

GetNode = Callable[[int, int], bytes]
"""Return the hash of the complete node at (level, index); level 0 is the leaf hash."""


@dataclass(frozen=True, slots=True)
class ProofPlan:
    """The stored nodes a proof needs, and which consecutive ones fold into one proof hash."""

    node_ids: tuple[NodeID, ...]
    rehash_begin: int = 0
    rehash_end: int = 0

    def assemble(self, hashes: Sequence[bytes]) -> list[bytes]:
        """Return the proof from the hashes of ``node_ids``, in order.

        Raises ``ValueError`` if the number of hashes differs from the number of nodes.
        """
        if len(hashes) != len(self.node_ids):
            raise ValueError(f"expected {len(self.node_ids)} hashes, got {len(hashes)}")
        begin, end = self.rehash_begin, self.rehash_end
        proof = list(hashes[:begin])
        if end > begin:
            # Listed bottom-up, each next subtree is the left sibling of what is folded so far.
            folded = hashes[begin]
            for left in hashes[begin + 1 : end]:
                folded = node_hash(left, folded)
            proof.append(folded)
        proof.extend(hashes[end:])
        return proof

    def fetch(self, get_node: GetNode) -> list[bytes]:
        """Return the proof, reading each node with ``get_node(level, index)``."""
        return self.assemble([get_node(node.level, node.index) for node in self.node_ids])


def inclusion_plan(index: int, size: int) -> ProofPlan:
    """Plan the RFC 9162 inclusion proof (PATH) of leaf ``index`` in the tree of ``size`` leaves.

    Raises ``ValueError`` unless ``0 <= index < size``.
    """
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    return _path(index, 0, size)


def consistency_plan(old_size: int, new_size: int) -> ProofPlan:
    """Plan the RFC 9162 consistency proof between tree sizes ``old_size`` and ``new_size``.

    Equal sizes need no nodes. Raises ``ValueError`` unless ``0 < old_size <= new_size``:
    RFC 9162 defines no proof from the empty tree (every tree extends it).
    """
    if not 0 < old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to size {new_size}")
    if old_size == new_size:
        return ProofPlan(())
    # The old tree's rightmost perfect subtree is the seed; the rest is its path in the new tree.
    level = (old_size & -old_size).bit_length() - 1
    index = (old_size - 1) >> level
    path = _path(index, level, new_size)
    if index == 0:
        # The old tree is that perfect subtree; the verifier already holds its root.
        return path
    shift = 1 if path.rehash_end else 0
    ids = (NodeID(level, index), *path.node_ids)
    return ProofPlan(ids, path.rehash_begin + shift, path.rehash_end + shift)


def inclusion_proof(index: int, size: int, get_node: GetNode) -> list[bytes]:
    """Return the inclusion proof of leaf ``index`` in the tree of ``size`` leaves."""
    return inclusion_plan(index, size).fetch(get_node)


def consistency_proof(old_size: int, new_size: int, get_node: GetNode) -> list[bytes]:
    """Return the consistency proof from tree size ``old_size`` to ``new_size``."""
    return consistency_plan(old_size, new_size).fetch(get_node)


def frontier_at(size: int, get_node: GetNode) -> Frontier:
    """Rebuild the frontier of the tree of ``size`` leaves from stored nodes."""
    hashes = [get_node(node.level, node.index) for node in frontier_ids(size)]
    return Frontier.from_hashes(size, hashes)


def root_at(size: int, get_node: GetNode) -> bytes:
    """Return the root of the tree of ``size`` leaves from stored nodes (at most log2 reads)."""
    return frontier_at(size, get_node).root()


def _path(index: int, level: int, size: int) -> ProofPlan:
    # Proof for node (level, index) in a tree of `size` leaves, bottom-up. Below the level where
    # the paths to `index` and to the last leaf part, every sibling is a complete subtree; at
    # that level the sibling holds the last leaf and may be ephemeral; above it the path runs
    # along the right border, where only left siblings exist.
    last = (size - 1) >> level
    inner = (index ^ last).bit_length()
    ids = [NodeID(level + k, (index >> k) ^ 1) for k in range(inner - 1)]
    begin = end = 0
    if inner:
        top = level + inner - 1
        sibling = (index >> (inner - 1)) ^ 1
        cover = aligned_cover(sibling << top, min(size, (sibling + 1) << top))
        if len(cover) > 1:
            begin, end = len(ids), len(ids) + len(cover)
        ids.extend(reversed(cover))
    border = range(inner, last.bit_length())
    ids.extend(NodeID(level + k, (index >> k) ^ 1) for k in border if index >> k & 1)
    return ProofPlan(tuple(ids), begin, end)
