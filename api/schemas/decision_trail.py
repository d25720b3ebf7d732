"""Shapes of /reviews/{id}/decision-trail: who decided what, when, and a proof of each entry."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field


class PersonalField(BaseModel):
    """A personal field of the event: shown to the review team, governance and the DP lead, a
    placeholder to anyone else."""

    field: str = Field(description="JSON pointer into the event", examples=["/statement"])
    subject_id: UUID
    category: str
    display: str = Field(description='the value, "[erased]", or "[personal data]"')


class TrailProof(BaseModel):
    """RFC 9162 inclusion proof of the entry's event (hashed as stored) in the tree of
    ``tree_size`` leaves with ``root_hash``; ``checkpoint`` is its signed note, if any."""

    leaf_index: int = Field(ge=0)
    leaf_hash: str = Field(description="hex")
    tree_size: int = Field(ge=1)
    root_hash: str = Field(description="hex")
    proof: list[str] = Field(description="hex hashes, bottom-up")
    checkpoint: str | None


class DecisionTrailEntry(BaseModel):
    """One decision-relevant event: who (id, role), when, what (non-personal summary)."""

    position: int = Field(description="the event's log position")
    event_type: str = Field(examples=["DecisionRecorded"])
    actor_id: str
    actor_role: str
    recorded_at: datetime
    summary: dict[str, Any] = Field(
        examples=[{"subject": "hold-review", "outcome": "proceed", "method": "majority"}]
    )
    personal: list[PersonalField]
    proof: TrailProof | None
    proof_unavailable: str | None = Field(
        None, description="why there is no proof yet (the event is not yet integrated)"
    )


class DecisionTrailPage(BaseModel):
    items: list[DecisionTrailEntry]
    next_cursor: str | None
