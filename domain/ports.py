"""Ports: what the use cases need from the outside world, as Protocols (adapters implement them)."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from domain.personal import Category


class SubjectKeys(Protocol):
    """The key store's side of crypto-shredding."""

    def erase(self, subject_id: UUID, category: Category | None) -> int:
        """Fence the subject (one category or all), destroy its data keys and lookup rows, and
        evict every process's cache; return how many data keys were destroyed. Idempotent."""
        ...

    def authorise_new_key(self, subject_id: UUID, category: Category | None) -> None:
        """Lift the fence so new personal data may be recorded under a *new* key version."""
        ...
