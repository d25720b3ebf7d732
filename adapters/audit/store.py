"""What the audit log stores, as plain values, and what a verifier reads (no I/O here).

``adapters/postgres/audit_log.py`` implements ``AuditSource`` over PostgreSQL; tests can
implement it over lists.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from adapters.audit.leaf import RecordHash, StoredRecord
from adapters.audit.merkle import EMPTY_ROOT, Frontier


@dataclass(frozen=True)
class TreeState:
    """The integrated tree: ``size`` leaves, the last of them at log ``position``."""

    size: int
    position: int
    frontier: bytes
    root: bytes

    @classmethod
    def of(cls, frontier: Frontier, position: int) -> TreeState:
        """Return the state of ``frontier`` whose last leaf is at log ``position``."""
        return cls(frontier.size, position, frontier.to_bytes(), frontier.root())

    def restore(self) -> Frontier:
        """Return the frontier to keep appending to. Raises ``ValueError`` if inconsistent."""
        return Frontier.from_bytes(self.size, self.frontier)


EMPTY_TREE = TreeState(0, 0, b"", EMPTY_ROOT)


class StoredLeaf(NamedTuple):
    """Leaf ``leaf_index`` of the tree: the hash of the event at log ``position``."""

    leaf_index: int
    position: int
    hash: bytes


class AuditSource(Protocol):
    """One consistent snapshot of the events and of the stored tree."""

    def tree_state(self) -> TreeState:
        """The stored tree state (``EMPTY_TREE`` before the first integration)."""
        ...

    def records(self) -> Iterator[StoredRecord]:
        """Every event record, in log order."""
        ...

    def record_hashes(self) -> Iterator[RecordHash]:
        """The leaf hash of every event record, in log order: ``records()`` hashed, in this
        process or (a long log over PostgreSQL) in another one reading the same snapshot."""
        ...

    def records_at(self, positions: Sequence[int]) -> list[StoredRecord]:
        """The event records at ``positions`` (those that exist), in log order."""
        ...

    def leaves(self) -> Iterator[StoredLeaf]:
        """Every stored leaf, in index order."""
        ...

    def level(self, level: int) -> Iterator[tuple[int, bytes]]:
        """Every stored node ``(index, hash)`` of ``level`` (>= 1), in index order."""
        ...

    def checkpoint_notes(self) -> list[str]:
        """Every signed checkpoint note stored in the database, oldest first."""
        ...

    def position_of(self, index: int) -> int | None:
        """The log position of stored leaf ``index``, if there is one."""
        ...
