"""Who did what, on whose behalf, and in answer to what: metadata carried by every event."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Meta:
    """The context of a command, recorded with every event it produces.

    ``actor_id`` is a pseudonymous user id from the identity provider, never a name; ``reason`` is
    the stated rationale where a decision needs one.
    """

    actor_id: str
    actor_role: str
    partnership_id: str
    correlation_id: UUID
    causation_id: UUID | None = None
    reason: str | None = None
