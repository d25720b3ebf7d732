"""/audit: signed checkpoints and Merkle proofs of the event log, and the access trail.

Checkpoints and proofs hold hashes only (of records as stored, ciphertext included), so any
authenticated user may read them; the access trail is for auditors, governance officers and
data protection leads, within their own partnership.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from api.auth import Principal
from api.deps import PrincipalDep, ServicesDep, require
from api.schemas.audit import (
    AccessPage,
    CheckpointOut,
    ConsistencyProofOut,
    InclusionProofOut,
)
from api.schemas.common import problem_responses
from domain.errors import DomainError, NotFound
from domain.roles import Role

router = APIRouter(prefix="/audit", tags=["audit"])
VIEW = "access_trail"
TrailReader = Annotated[
    Principal, Depends(require(Role.AUDITOR, Role.GOVERNANCE_OFFICER, Role.DP_LEAD))
]
TreeSize = Annotated[
    int | None,
    Query(ge=1, description="default: the latest checkpoint's size if it is large enough"),
]


@router.get("/checkpoint", operation_id="getAuditCheckpoint", responses=problem_responses(401, 404))
def latest_checkpoint(services: ServicesDep, _: PrincipalDep) -> CheckpointOut:
    """The latest signed checkpoint of the event log."""
    stored = services.audit.latest_checkpoint()
    if stored is None:
        raise NotFound("checkpoint", "latest")
    return CheckpointOut(
        origin=stored.note.split("\n", 1)[0],
        tree_size=stored.tree_size,
        root_hash=stored.root.hex(),
        signed_at=stored.signed_at,
        note=stored.note,
    )


@router.get(
    "/proofs/inclusion",
    operation_id="getInclusionProof",
    responses=problem_responses(401, 404),
)
def inclusion_proof(
    services: ServicesDep,
    _: PrincipalDep,
    position: Annotated[int, Query(ge=1, description="the event's log position")],
    tree_size: TreeSize = None,
) -> InclusionProofOut:
    """Prove that the event at a log position is in the signed tree."""
    try:
        proof = services.audit.inclusion(position, tree_size)
    except NotFound:
        # Not integrated yet: a position just recorded is within moments (read-your-writes).
        if position > services.db.log_head():
            raise
        services.integrator.wait_for(position, services.settings.read_your_writes_timeout)
        proof = services.audit.inclusion(position, tree_size)
    return InclusionProofOut(
        position=proof.position,
        leaf_index=proof.leaf_index,
        leaf_hash=proof.leaf_hash.hex(),
        tree_size=proof.tree_size,
        root_hash=proof.root.hex(),
        proof=[h.hex() for h in proof.proof],
        checkpoint=proof.checkpoint,
    )


@router.get(
    "/proofs/consistency", operation_id="getConsistencyProof", responses=problem_responses(401)
)
def consistency_proof(
    services: ServicesDep,
    _: PrincipalDep,
    from_size: Annotated[int, Query(alias="from", ge=1, description="the older tree size")],
    to: TreeSize = None,
) -> ConsistencyProofOut:
    """Prove that a later tree extends an earlier one (nothing rewritten)."""
    proof = services.audit.consistency(from_size, to)
    return ConsistencyProofOut(
        from_size=proof.old_size,
        from_root=proof.old_root.hex(),
        to_size=proof.new_size,
        to_root=proof.new_root.hex(),
        proof=[h.hex() for h in proof.proof],
        checkpoint=proof.checkpoint,
    )


@router.get("/access", operation_id="listAccessTrail", responses=problem_responses(401, 403))
def access_trail(
    services: ServicesDep,
    principal: TrailReader,
    subject: Annotated[UUID | None, Query(description="whose data was read")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="who read it")] = None,
    cursor: Annotated[str | None, Query(max_length=100, description="from next_cursor")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AccessPage:
    """Who read a person's decrypted personal data, in what role, when and why."""
    services.await_view(VIEW, None)
    rows = services.access.page(
        principal.partnership_id,
        subject_id=subject,
        actor_id=actor,
        after=_decode(cursor) if cursor else None,
        limit=limit + 1,
    )
    items = rows[:limit]
    last = items[-1] if len(rows) > limit else None
    next_cursor = f"{last['position']}.{last['subject_id']}" if last else None
    return AccessPage.model_validate({"items": items, "next_cursor": next_cursor})


def _decode(cursor: str) -> tuple[int, UUID]:
    try:
        position, subject_id = cursor.split(".")
        return int(position), UUID(subject_id)
    except ValueError:
        raise DomainError("pagination.cursor-invalid", "the cursor is not valid") from None
