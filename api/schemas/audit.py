"""Shapes of /audit: signed checkpoints, Merkle proofs (hashes in hex) and the access trail."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field


class CheckpointOut(BaseModel):
    """The latest signed checkpoint: the log had ``tree_size`` events with ``root_hash``.

    ``note`` is the C2SP signed note itself; verify it with the log's public key
    (``reviewtrail audit public-key``)."""

    origin: str
    tree_size: int = Field(ge=1)
    root_hash: str = Field(description="hex")
    signed_at: datetime
    note: str


class InclusionProofOut(BaseModel):
    """RFC 9162 inclusion proof: leaf ``leaf_index`` (the event at ``position``, hashed as
    stored) is in the tree of ``tree_size`` leaves whose root is ``root_hash``."""

    position: int
    leaf_index: int = Field(ge=0)
    leaf_hash: str = Field(description="hex, SHA-256(0x00 || canonical record)")
    tree_size: int = Field(ge=1)
    root_hash: str = Field(description="hex")
    proof: list[str] = Field(description="hex hashes, bottom-up")
    checkpoint: str | None = Field(description="a signed checkpoint of this tree size, if any")


class ConsistencyProofOut(BaseModel):
    """RFC 9162 consistency proof: the tree of ``to`` leaves extends the tree of ``from``."""

    from_size: int = Field(ge=1)
    from_root: str = Field(description="hex")
    to_size: int = Field(ge=1)
    to_root: str = Field(description="hex")
    proof: list[str] = Field(description="hex hashes")
    checkpoint: str | None = Field(description="a signed checkpoint of the `to` size, if any")


class AccessRecord(BaseModel):
    """One read of a person's decrypted personal data: who, in what role, why, when."""

    position: int
    subject_id: UUID
    actor_id: str
    actor_role: str
    action: str = Field(examples=["export"])
    event_type: str
    purpose: str
    accessed_at: datetime


class AccessPage(BaseModel):
    items: list[AccessRecord]
    next_cursor: str | None
