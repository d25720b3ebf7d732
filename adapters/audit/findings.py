"""From the scan's evidence to findings: what kind of damage, and at which log position.

Rules, in the order they are applied:

- a stored leaf whose hash no longer matches its stored parent node was edited in the tree
  (``ALTERED_NODE`` at level 0), not in the log; other stored nodes that disagree with the
  leaves below them were edited (``ALTERED_NODE``);
- an event whose leaf differs from the stored leaf was moved if the stored leaf is reproduced by
  its position with another mismatching event's content (``REORDERED_EVENTS``), else altered
  (``ALTERED_EVENT``);
- stored leaves without events are ``TRUNCATED_LOG`` when no event follows them, else
  ``MISSING_EVENT``; events without stored leaves before the integrated position are
  ``INSERTED_EVENT``;
- a signed checkpoint whose size the log no longer reaches is ``TRUNCATED_LOG``, one whose root
  differs is ``CHECKPOINT_MISMATCH``, located between the last matching checkpoint of the same
  source and this one. Both are secondary when a log finding before that size explains them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from adapters.audit.checkpoint import Checkpoint
from adapters.audit.leaf import StoredRecord, record_leaf
from adapters.audit.merkle import NodeID
from adapters.audit.scan import Evidence, Mismatch
from adapters.audit.store import AuditSource, TreeState

REORDER_CANDIDATES = 200  # the pairing test is quadratic
NODE_REPORTS = 20  # each costs a position lookup


class Damage(StrEnum):
    ALTERED_EVENT = "altered event"
    MISSING_EVENT = "missing event"
    INSERTED_EVENT = "inserted event"
    REORDERED_EVENTS = "reordered events"
    TRUNCATED_LOG = "truncated log"
    ALTERED_NODE = "altered tree node"
    CHECKPOINT_MISMATCH = "checkpoint mismatch"
    BAD_SIGNATURE = "bad signature"


LOG_DAMAGE = frozenset(Damage) - {
    Damage.ALTERED_NODE,
    Damage.CHECKPOINT_MISMATCH,
    Damage.BAD_SIGNATURE,
}


@dataclass(frozen=True)
class Finding:
    """One piece of damage; ``position`` is the first log position it concerns, if any."""

    kind: Damage
    detail: str
    position: int | None = None
    leaf_index: int | None = None
    primary: bool = True

    def describe(self) -> str:
        where = "" if self.position is None else f" at position {self.position}"
        leaf = "" if self.leaf_index is None else f" (leaf {self.leaf_index})"
        return f"{self.kind}{where}{leaf}: {self.detail}"


class Sourced(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def entry(self) -> int: ...
    @property
    def checkpoint(self) -> Checkpoint: ...


def classify(
    source: AuditSource,
    state: TreeState,
    evidence: Evidence,
    checkpoints: Sequence[Sourced],
    bad_signatures: Sequence[Finding],
) -> list[Finding]:
    """Return every finding, the primary one at the lowest position first."""
    altered_leaves = _altered_leaves(state, evidence)
    tree = _tree_findings(source, state, evidence, altered_leaves)
    log = _log_findings(evidence, altered_leaves)
    sourced = _checkpoint_findings(source, evidence, checkpoints, log)
    return sorted([*tree, *log, *sourced, *bad_signatures], key=_order)


def _order(finding: Finding) -> tuple[bool, bool, int, int]:
    position = finding.position if finding.position is not None else 0
    kinds = list(Damage)
    return (not finding.primary, finding.position is None, position, kinds.index(finding.kind))


def _altered_leaves(state: TreeState, evidence: Evidence) -> set[int]:
    bad = set(evidence.bad_nodes)
    last = evidence.stored_leaves - 1
    # The last leaf of an odd-sized tree has no stored parent: only the tree state's frontier
    # vouches for it, and the stored tree then disagrees with that frontier.
    lone = last % 2 == 0 and evidence.stored_frontier != state.frontier
    return {
        m.leaf.leaf_index
        for m in evidence.mismatches
        if NodeID(1, m.leaf.leaf_index >> 1) in bad or (lone and m.leaf.leaf_index == last)
    }


def _tree_findings(
    source: AuditSource, state: TreeState, evidence: Evidence, altered_leaves: set[int]
) -> list[Finding]:
    edited = "the stored leaf hash was changed"
    findings = [
        Finding(Damage.ALTERED_NODE, edited, *_where(m))
        for m in evidence.mismatches
        if m.leaf.leaf_index in altered_leaves
    ]
    if evidence.bad_leaf_rows:
        row = evidence.bad_leaf_rows[0]
        detail = "leaf rows were deleted, added or renumbered in audit_leaves"
        findings.append(Finding(Damage.ALTERED_NODE, detail, row.position, row.leaf_index))
    unexplained = [n for n in evidence.bad_nodes if not _explained(n, altered_leaves)]
    for node in unexplained[:NODE_REPORTS]:
        first = node.index << node.level
        detail = f"stored node (level {node.level}, index {node.index}) does not match its leaves"
        primary = not evidence.bad_leaf_rows
        findings.append(
            Finding(Damage.ALTERED_NODE, detail, source.position_of(first), first, primary)
        )
    stored = (evidence.stored_leaves, evidence.stored_frontier, evidence.stored_root)
    if stored != (state.size, state.frontier, state.root):
        detail = "the stored tree state does not match the stored leaves and nodes"
        findings.append(Finding(Damage.ALTERED_NODE, detail, primary=not findings))
    return findings


def _explained(node: NodeID, altered_leaves: Iterable[int]) -> bool:
    return any(leaf >> node.level == node.index for leaf in altered_leaves)


def _log_findings(evidence: Evidence, altered_leaves: set[int]) -> list[Finding]:
    suspects = [m for m in evidence.mismatches if m.leaf.leaf_index not in altered_leaves]
    findings: list[Finding] = []
    paired: set[int] = set()
    for mismatch in suspects:
        if mismatch.leaf.leaf_index in paired:
            continue
        partner = _moved_from(mismatch, suspects[:REORDER_CANDIDATES])
        if partner is None:
            detail = "the stored event no longer hashes to the leaf integrated for it"
            findings.append(Finding(Damage.ALTERED_EVENT, detail, *_where(mismatch)))
            continue
        paired.update((mismatch.leaf.leaf_index, partner.leaf.leaf_index))
        detail = (
            f"the content integrated at position {mismatch.leaf.position} is now at position "
            f"{partner.leaf.position}"
        )
        findings.append(Finding(Damage.REORDERED_EVENTS, detail, *_where(mismatch)))
    findings.extend(_missing_findings(evidence))
    for position, index in evidence.inserted:
        detail = "an event that was never integrated sits before the last integrated position"
        findings.append(Finding(Damage.INSERTED_EVENT, detail, position, index))
    return findings


def _where(mismatch: Mismatch) -> tuple[int, int]:
    return mismatch.leaf.position, mismatch.leaf.leaf_index


def _moved_from(mismatch: Mismatch, others: Sequence[Mismatch]) -> Mismatch | None:
    for other in others:
        if other is not mismatch and mismatch.leaf.hash in _moved_leaves(mismatch, other):
            return other
    return None


def _moved_leaves(here: Mismatch, there: Mismatch) -> set[bytes]:
    # What the leaf at `here` would be had `there`'s content been integrated at `here`: the
    # whole row moved, or only its topic and state, or only its state.
    mine, theirs = here.record, there.record
    variants: list[StoredRecord] = [
        theirs._replace(position=mine.position),
        mine._replace(topic=theirs.topic, state=theirs.state),
        mine._replace(state=theirs.state),
    ]
    return {record_leaf(v) for v in variants}


def _missing_findings(evidence: Evidence) -> list[Finding]:
    tail = [leaf for leaf in evidence.missing if leaf.position > evidence.last_event_position]
    findings = []
    for leaf in evidence.missing:
        if leaf not in tail:
            detail = "an integrated event is no longer in the log"
            findings.append(Finding(Damage.MISSING_EVENT, detail, leaf.position, leaf.leaf_index))
    if tail:
        gone = evidence.stored_leaves - tail[0].leaf_index
        detail = f"the last {gone} integrated events are no longer in the log"
        findings.append(Finding(Damage.TRUNCATED_LOG, detail, tail[0].position, tail[0].leaf_index))
    return findings


def _checkpoint_findings(
    source: AuditSource,
    evidence: Evidence,
    checkpoints: Sequence[Sourced],
    log: Sequence[Finding],
) -> list[Finding]:
    findings = []
    for label in dict.fromkeys(c.source for c in checkpoints):
        mine = sorted(
            (c for c in checkpoints if c.source == label), key=lambda c: c.checkpoint.size
        )
        finding = _first_mismatch(source, evidence, mine, log)
        if finding is not None:
            findings.append(finding)
    return findings


def _first_mismatch(
    source: AuditSource, evidence: Evidence, checkpoints: Sequence[Sourced], log: Sequence[Finding]
) -> Finding | None:
    matched = 0
    for number, sourced in enumerate(checkpoints):
        checkpoint, later = sourced.checkpoint, len(checkpoints) - number - 1
        where = f"checkpoint {sourced.entry} in {sourced.source} (size {checkpoint.size})"
        explained = any(
            f.kind in LOG_DAMAGE and f.leaf_index is not None and f.leaf_index < checkpoint.size
            for f in log
        )
        if checkpoint.size > evidence.events:
            detail = f"{where} attests more events than the log holds ({evidence.events})"
            position = source.position_of(evidence.events)
            return Finding(Damage.TRUNCATED_LOG, detail, position, evidence.events, not explained)
        if evidence.roots.get(checkpoint.size) != checkpoint.root:
            first, last = source.position_of(matched), source.position_of(checkpoint.size - 1)
            detail = (
                f"{where} does not match the log: the first difference lies between positions "
                f"{first} and {last}; {later} later checkpoints not compared"
            )
            return Finding(Damage.CHECKPOINT_MISMATCH, detail, first, matched, not explained)
        matched = checkpoint.size
    return None
