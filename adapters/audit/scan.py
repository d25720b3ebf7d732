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

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from adapters.audit.leaf import RecordHash, StoredRecord
from adapters.audit.merkle import HASH_SIZE, Frontier, NodeID
from adapters.audit.store import AuditSource, StoredLeaf, TreeState

MAX_EVIDENCE = 1000
FLUSH = 4096
UNREADABLE = bytes(HASH_SIZE)  # stands in for a stored leaf hash that is not 32 bytes
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
        self._events_tree, self._stored_tree = Frontier(), Frontier()
        self._buffer: list[bytes] = []
        self._events = 0  # event leaves seen: the events tree's size plus the buffer's
        self._flush_at = min([FLUSH, *self._targets[:1]])
        self._levels: dict[int, _LevelCursor] = {}
        self._mismatched: list[StoredLeaf] = []
        self._forked = False  # has the events' tree parted from the stored leaves' tree?
        self._next_size = self._targets[0] if self._targets else 0  # before the fork
        self.evidence = Evidence()

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
                self._stored_leaf(leaf)
                _keep(self.evidence.missing, leaf)
                leaf = next(leaves, None)
            elif not self._forked and event.hash == leaf.hash:  # the usual case, inlined
                self.evidence.last_event_position = event.position
                self._stored_leaf(leaf)
                self._events += 1
                if self._events == self._next_size:
                    self._root_wanted()
                event, leaf = next(events, None), next(leaves, None)
            else:
                self._fork()
                if event.hash != leaf.hash:
                    _keep(self._mismatched, leaf)
                self._event_leaf(event)
                self._stored_leaf(leaf)
                event, leaf = next(events, None), next(leaves, None)
            seen += 1
            if self._progress and seen % FLUSH == 0:
                self._progress(FLUSH)
        self._finish()
        if self._progress:
            self._progress(seen % FLUSH)
        return self.evidence

    def _root_wanted(self) -> None:
        # Before the fork: the stored leaves' tree has exactly the events' leaves.
        size = self._events
        self.evidence.roots[size] = self._stored_tree.root()
        while self._targets and self._targets[0] <= size:
            self._targets.pop(0)
        self._next_size = self._targets[0] if self._targets else 0

    def _fork(self) -> None:
        """From here on the events' tree differs: start it as a copy of the stored leaves'
        tree, which held the same leaves until now."""
        if self._forked:
            return
        self._forked = True
        self._events_tree = self._stored_tree.copy()
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

    def _stored_leaf(self, leaf: StoredLeaf) -> None:
        tree, h = self._stored_tree, leaf.hash
        readable = type(h) is bytes and len(h) == HASH_SIZE
        if leaf.leaf_index != tree.size or leaf.position > self._state.position or not readable:
            # Rows of audit_leaves were deleted, added, renumbered or mangled.
            _keep(self.evidence.bad_leaf_rows, leaf)
        completed = tree.push(h if readable else UNREADABLE)
        if completed:  # every other leaf completes no node
            for level, index, node in completed:
                self._check_node(level, index, node)

    def _check_node(self, level: int, index: int, h: bytes) -> None:
        cursor = self._levels.get(level)
        if cursor is None:
            cursor = self._levels[level] = _LevelCursor(self._source.level(level))
        if cursor.take(index) != h:
            _keep(self.evidence.bad_nodes, NodeID(level, index))

    def _finish(self) -> None:
        self._fork()  # a no-op copy when the two trees never parted
        self._flush()
        evidence, tree = self.evidence, self._stored_tree
        evidence.events, evidence.root = self._events_tree.size, self._events_tree.root()
        evidence.stored_leaves = tree.size
        evidence.stored_frontier, evidence.stored_root = tree.to_bytes(), tree.root()
        for level, cursor in self._levels.items():
            for index in cursor.rest():
                _keep(evidence.bad_nodes, NodeID(level, index))
        # The altered records themselves, read again (at most MAX_EVIDENCE of them): the
        # findings compare them with each other to tell a reordering from an edit.
        records = self._source.records_at([leaf.position for leaf in self._mismatched])
        by_position = {record.position: record for record in records}
        evidence.mismatches = [
            Mismatch(leaf, by_position[leaf.position]) for leaf in self._mismatched
        ]


class _LevelCursor:
    """Stored nodes of one level, consumed in index order as the recomputation reaches them."""

    def __init__(self, rows: Iterator[tuple[int, bytes]]) -> None:
        self._rows, self._next = rows, next(rows, None)

    def take(self, index: int) -> bytes | None:
        """The stored hash at ``index`` (``None`` if missing); rows before it are skipped."""
        while self._next is not None and self._next[0] < index:
            self._next = next(self._rows, None)
        if self._next is None or self._next[0] != index:
            return None
        found, self._next = self._next[1], next(self._rows, None)
        return found

    def rest(self) -> Iterator[int]:
        """Indexes of stored nodes the recomputation never reached (the tree never had them)."""
        while self._next is not None:
            yield self._next[0]
            self._next = next(self._rows, None)


def _keep(items: list[T], item: T) -> None:
    if len(items) < MAX_EVIDENCE:
        items.append(item)
