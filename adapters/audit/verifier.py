"""Full verification of the audit log: recompute everything from the stored events.

``verify`` reads one consistent snapshot (an ``AuditSource``) and:

1. recomputes every leaf from the stored event records, and the root from those leaves;
2. matches events to stored leaves by log position, and recomputes every stored node from the
   stored leaves (``scan.py``);
3. compares the stored tree state with the recomputation;
4. opens every checkpoint, from the database and from the external file, with the public key
   and checks that the recomputed tree has that root at that size.

It names what is wrong and where: the findings are sorted so that ``first`` is the damage at
the lowest log position; consequences of an earlier finding (a checkpoint that no longer
matches because an event was altered) are kept, marked secondary.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from adapters.audit.checkpoint import Checkpoint, CheckpointError, open_checkpoint
from adapters.audit.checkpoint_file import read_checkpoint_file
from adapters.audit.findings import Damage, Finding, classify
from adapters.audit.scan import Progress, scan
from adapters.audit.store import AuditSource
from adapters.postgres.audit_queries import PostgresAuditSource

__all__ = [
    "Damage",
    "Finding",
    "SourcedCheckpoint",
    "TimedVerification",
    "VerificationReport",
    "timed_verification",
    "verify",
    "verify_database",
]


@dataclass(frozen=True)
class SourcedCheckpoint:
    """A checkpoint whose signature verified, and where it came from."""

    source: str  # "database" or the external file's path
    entry: int  # 1-based, in that source
    checkpoint: Checkpoint


@dataclass
class VerificationReport:
    """The outcome of ``verify``: intact when there are no findings."""

    leaves: int  # events recomputed into the tree (up to the last integrated position)
    stored_size: int
    root: bytes  # recomputed root over those events
    pending: int  # committed events not integrated yet
    checkpoints: int  # checkpoints opened and compared
    findings: list[Finding] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.findings

    @property
    def first(self) -> Finding | None:
        """The primary finding at the lowest log position."""
        return self.findings[0] if self.findings else None

    def summary(self) -> str:
        """One line: intact, or the first damage found."""
        if self.first is None:
            return (
                f"intact: {self.leaves} events, root {self.root.hex()}, "
                f"{self.checkpoints} checkpoints verified, {self.pending} not yet integrated"
            )
        return f"DAMAGED: {self.first.describe()} ({len(self.findings)} findings)"


def verify(
    source: AuditSource,
    public_key: Ed25519PublicKey,
    external: Sequence[tuple[str, str]] = (),
    progress: Progress | None = None,
) -> VerificationReport:
    """Verify the snapshot ``source`` against ``public_key``.

    ``external`` holds (source label, signed note) pairs kept outside the database: only those
    catch a rewrite of the whole database by someone who can also sign.
    """
    state = source.tree_state()
    db_notes = [("database", note) for note in source.checkpoint_notes()]
    opened, bad = _open_all([*db_notes, *external], public_key)
    sizes = {state.size, *(c.checkpoint.size for c in opened)}
    evidence = scan(source, state, sizes, progress)
    findings = classify(source, state, evidence, opened, bad)
    return VerificationReport(
        leaves=evidence.events,
        stored_size=state.size,
        root=evidence.root,
        pending=evidence.pending,
        checkpoints=len(opened),
        findings=findings,
    )


def verify_database(
    url: str,
    public_key: Ed25519PublicKey,
    checkpoint_file: Path | None = None,
    progress: Progress | None = None,
    *,
    hash_in_python: bool = False,
) -> VerificationReport:
    """Verify the database at ``url``, and the checkpoint file if one is given. A long log's
    leaves are hashed by PostgreSQL from the stored columns, or with ``hash_in_python`` from
    the rows themselves in a second Python process (see ``audit_hashing``)."""
    external: list[tuple[str, str]] = []
    remarks: list[str] = []
    if checkpoint_file is not None:
        contents = read_checkpoint_file(checkpoint_file)
        external = [(str(checkpoint_file), note) for note in contents.notes]
        if contents.torn_tail:
            remarks.append(f"{checkpoint_file}: the last entry is incomplete and was ignored")
    with PostgresAuditSource.snapshot(url, hash_in_python=hash_in_python) as source:
        report = verify(source, public_key, external, progress)
    report.remarks.extend(remarks)
    return report


@dataclass(frozen=True)
class TimedVerification:
    """How long a full verification took (for ``scripts/bench``)."""

    report: VerificationReport
    seconds: float


def timed_verification(
    url: str, public_key: Ed25519PublicKey, checkpoint_file: Path | None = None
) -> TimedVerification:
    """Run ``verify_database`` and time it with a monotonic clock (the bench's hook)."""
    started = time.perf_counter()
    report = verify_database(url, public_key, checkpoint_file)
    return TimedVerification(report, time.perf_counter() - started)


def _open_all(
    notes: Sequence[tuple[str, str]], public_key: Ed25519PublicKey
) -> tuple[list[SourcedCheckpoint], list[Finding]]:
    opened, bad = [], []
    entries: dict[str, int] = {}
    for source, note in notes:
        entry = entries[source] = entries.get(source, 0) + 1
        try:
            checkpoint = open_checkpoint(note, public_key)
        except CheckpointError as error:
            detail = f"checkpoint {entry} in {source}: {error}"
            bad.append(Finding(Damage.BAD_SIGNATURE, detail))
            continue
        opened.append(SourcedCheckpoint(source, entry, checkpoint))
    return opened, bad
