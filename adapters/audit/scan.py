"""One streaming pass over the events and the stored tree, gathering raw evidence (no verdicts).

The pass merges three ordered streams in constant memory (evidence lists are capped):

- events, in log order, against stored leaves, in index order, matched on the log position:
  an event without a leaf was inserted, a leaf without an event lost its event, and an event
  whose leaf hash differs from the stored one differs from what was integrated;
- the tree recomputed from the *events* (up to the integrated position): its roots at the sizes
  that checkpoints and the tree state name. While every event so far matched its stored leaf,
  that tree *is* the stored leaves' tree, so it is not computed twice: it forks from the stored
  leaves' tree at the first difference (an inserted, missing or altered event) and is kept
  apart from there on;
- the tree recomputed from the *stored leaves*: every node it completes is compared with the
  stored node at the same address, pulled from one cursor per level, so an edited node is found
  where it is. ``verifier.py`` turns this evidence into findings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from adapters.audit.leaf import RecordHash, StoredRecord
from adapters.audit.merkle import Frontier, NodeID
from adapters.audit.store import AuditSource, StoredLeaf, TreeState
from adapters.audit.stored_tree import StoredTreeCheck

MAX_EVIDENCE = 1000
FLUSH = 4096
T = TypeVar("T")
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Mismatch:
    """The event at ``leaf.position`` no longer hashes to the stored leaf."""

    leaf: StoredLeaf
    record: StoredRecord


@dataclass
class Evidence:
    """What the pass saw; lists keep the first ``MAX_EVIDENCE`` items, counters count all."""

    events: int = 0  # events up to the integrated position, i.e. the recomputed tree's size
    pending: int = 0  # events after it, not integrated yet
    last_event_position: int = 0
    roots: dict[int, bytes] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)
    missing: list[StoredLeaf] = field(default_factory=list)
    inserted: list[tuple[int, int]] = field(default_factory=list)  # (position, index in log)
    bad_nodes: list[NodeID] = field(default_factory=list)
    bad_leaf_rows: list[StoredLeaf] = field(default_factory=list)
    root: bytes = b""  # of the tree recomputed from the events
    stored_leaves: int = 0
    stored_frontier: bytes = b""
    stored_root: bytes = b""


def scan(
    source: AuditSource, state: TreeState, sizes: set[int], progress: Progress | None = None
) -> Evidence:
    """Run the pass; ``sizes`` are the tree sizes whose recomputed roots are wanted."""
    return _Scan(source, state, sizes, progress).run()


class _Scan:
    def __init__(
        self, source: AuditSource, state: TreeState, sizes: set[int], progress: Progress | None
    ) -> None:
        self._source, self._state, self._progress = source, state, progress
        self._targets = sorted(s for s in sizes if s > 0)
        self.evidence = Evidence()
        self._events_tree = Frontier()
        # Until the fork, the roots of the wanted sizes are the stored leaves' tree's.
        self._stored = StoredTreeCheck(source, state.position, self._targets, self.evidence.roots)
        self._buffer: list[bytes] = []
        self._events = 0  # event leaves seen: the events tree's size plus the buffer's
        self._flush_at = 0
        self._mismatched: list[StoredLeaf] = []
        self._forked = False  # has the events' tree parted from the stored leaves' tree?

    def run(self) -> Evidence:
        events, leaves = self._source.record_hashes(), self._source.leaves()
        event, leaf = next(events, None), next(leaves, None)
        seen = 0
        while event is not None or leaf is not None:
            if event is not None and event.position > self._state.position:
                self.evidence.pending += 1 + sum(1 for _ in events)
                event = None
                continue
            if leaf is None or (event is not None and event.position < leaf.position):
                assert event is not None
                self._fork()
                self._inserted(event)
                event = next(events, None)
            elif event is None or event.position > leaf.position:
                self._fork()
                self._stored.add(leaf)
                _keep(self.evidence.missing, leaf)
                leaf = next(leaves, None)
            elif not self._forked and event.hash == leaf.hash:  # the usual case, inlined
                self.evidence.last_event_position = event.position
                self._stored.add(leaf)
                event, leaf = next(events, None), next(leaves, None)
            else:
                self._fork()
                if event.hash != leaf.hash:
                    _keep(self._mismatched, leaf)
                self._event_leaf(event)
                self._stored.add(leaf)
                event, leaf = next(events, None), next(leaves, None)
            seen += 1
            if self._progress and seen % FLUSH == 0:
                self._progress(FLUSH)
        self._finish()
        if self._progress:
            self._progress(seen % FLUSH)
        return self.evidence

    def _fork(self) -> None:
        """From here on the events' tree differs: start it as a copy of the stored leaves'
        tree, which held the same leaves until now (and gave the wanted roots so far)."""
        if self._forked:
            return
        self._forked = True
        self._events_tree = self._stored.fork()
        self._events = self._events_tree.size
        self._targets = [size for size in self._targets if size > self._events]
        self._flush_at = min([self._events + FLUSH, *self._targets[:1]])

    def _inserted(self, record: RecordHash) -> None:
        self.evidence.inserted.append((record.position, self._event_count()))
        del self.evidence.inserted[MAX_EVIDENCE:]
        self._event_leaf(record)

    def _event_leaf(self, record: RecordHash) -> None:
        # Called for every event: the count and the next wanted size are kept, not recomputed.
        self.evidence.last_event_position = record.position
        self._buffer.append(record.hash)
        self._events += 1
        if self._events == self._flush_at:
            self._flush()

    def _event_count(self) -> int:
        return self._events

    def _flush(self) -> None:
        self._events_tree.absorb(self._buffer)
        self._buffer.clear()
        size = self._events_tree.size
        while self._targets and self._targets[0] <= size:
            if self._targets.pop(0) == size:
                self.evidence.roots[size] = self._events_tree.root()
        # Next flush: a full buffer, or the next size whose root is wanted, whichever is first.
        self._flush_at = min([size + FLUSH, *self._targets[:1]])

    def _finish(self) -> None:
        self._fork()  # a copy of the stored leaves' tree when the two never parted
        self._flush()
        self._stored.finish()
        evidence, stored = self.evidence, self._stored
        evidence.events, evidence.root = self._events_tree.size, self._events_tree.root()
        evidence.stored_leaves = stored.tree.size
        evidence.stored_frontier, evidence.stored_root = stored.tree.to_bytes(), stored.tree.root()
        evidence.bad_nodes, evidence.bad_leaf_rows = stored.bad_nodes, stored.bad_leaf_rows
        # The altered records themselves, read again (at most MAX_EVIDENCE of them): the
        # findings compare them with each other to tell a reordering from an edit.
        records = self._source.records_at([leaf.position for leaf in self._mismatched])
        by_position = {record.position: record for record in records}
        evidence.mismatches = [
            Mismatch(leaf, by_position[leaf.position]) for leaf in self._mismatched
        ]


def _keep(items: list[T], item: T) -> None:
    if len(items) < MAX_EVIDENCE:
        items.append(item)
