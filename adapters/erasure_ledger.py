"""The erasure ledger: every crypto-shredding, appended to a file outside the database.

A database backup taken before an erasure still holds the erased subject's wrapped data keys.
Restoring it would bring the subject back, so every erasure is also appended here (subject id,
category scope and time only: no personal data) and a restore re-applies the entries newer than
the backup. Keep the file on storage that survives losing the database.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from domain.personal import Category

ALL = "*"


@dataclass(frozen=True)
class ErasureEntry:
    """One erasure: ``scope`` is a category value, or ``*`` for every category."""

    subject_id: UUID
    scope: str
    erased_at: datetime

    @property
    def category(self) -> Category | None:
        return None if self.scope == ALL else Category(self.scope)

    def to_line(self) -> str:
        record = {
            "subject_id": str(self.subject_id),
            "scope": self.scope,
            "erased_at": self.erased_at.isoformat(),
        }
        return json.dumps(record, sort_keys=True) + "\n"

    @classmethod
    def from_line(cls, line: str) -> ErasureEntry:
        record = json.loads(line)
        return cls(
            UUID(record["subject_id"]),
            str(record["scope"]),
            datetime.fromisoformat(record["erased_at"]),
        )


def utc_now() -> datetime:
    return datetime.now(UTC)


class ErasureLedger:
    """Append-only JSON lines, fsynced before the erasure's transaction commits."""

    def __init__(self, path: Path, now: Callable[[], datetime] = utc_now) -> None:
        self.path, self._now = path, now

    def record(self, subject_id: UUID, category: Category | None) -> ErasureEntry:
        """Append one erasure and flush it to disk."""
        entry = ErasureEntry(subject_id, category.value if category else ALL, self._now())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as file:
            file.write(entry.to_line())
            file.flush()
            os.fsync(file.fileno())
        return entry

    def entries(self) -> list[ErasureEntry]:
        """Every entry in the order recorded (none when the file does not exist yet)."""
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [ErasureEntry.from_line(line) for line in lines if line.strip()]

    def since(self, moment: datetime) -> list[ErasureEntry]:
        """The entries recorded at or after ``moment``."""
        return [entry for entry in self.entries() if entry.erased_at >= moment]
