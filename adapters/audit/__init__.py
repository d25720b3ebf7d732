"""Tamper-evident audit log: RFC 6962/9162 Merkle tree, proofs and verifiers (pure, no I/O)."""

from adapters.audit.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    Frontier,
    Node,
    NodeID,
    frontier_ids,
    leaf_hash,
    node_hash,
    root_from_leaf_hashes,
)
from adapters.audit.proofs import (
    GetNode,
    ProofPlan,
    consistency_plan,
    consistency_proof,
    frontier_at,
    inclusion_plan,
    inclusion_proof,
    root_at,
)
from adapters.audit.tiles import (
    TILE_HEIGHT,
    TILE_WIDTH,
    TileEntry,
    TileSpan,
    node_from_tile,
    tile_entries,
    tile_span,
)
from adapters.audit.verify import verify_consistency, verify_inclusion

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "TILE_HEIGHT",
    "TILE_WIDTH",
    "Frontier",
    "GetNode",
    "Node",
    "NodeID",
    "ProofPlan",
    "TileEntry",
    "TileSpan",
    "consistency_plan",
    "consistency_proof",
    "frontier_at",
    "frontier_ids",
    "inclusion_plan",
    "inclusion_proof",
    "leaf_hash",
    "node_from_tile",
    "node_hash",
    "root_at",
    "root_from_leaf_hashes",
    "tile_entries",
    "tile_span",
    "verify_consistency",
    "verify_inclusion",
]
