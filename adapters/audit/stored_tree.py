"""The verifier's check of the stored tree: rebuild it from the stored leaves, a block at a time,
and compare every node it completes with the stored node at the same address.

Leaves come in index order and are checked in aligned blocks of ``BLOCK`` (4,096): the block's
subtree is computed a level at a time (one list comprehension per level, not a call per leaf)
and each level is compared with the run of stored nodes at the same indexes in one list
comparison; only a block where something differs is looked at node by node, to name each bad
one. Nodes above a block are completed by pushing the block's hash into a ``Frontier``; the
last, partial block is pushed a leaf at a time. Until ``fork()`` (the verifier's events' tree
parting from this one), the roots of wanted tree sizes are taken from this tree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from itertools import islice
from typing import TypeVar

from adapters.audit.merkle import HASH_SIZE, NODE_PREFIX, Frontier, NodeID
from adapters.audit.store import AuditSource, StoredLeaf

HEIGHT = 12
BLOCK = 1 << HEIGHT
CHUNK = 5000  # stored nodes read ahead per level
MAX_EVIDENCE = 1000
UNREADABLE = bytes(HASH_SIZE)  # stands in for a stored leaf hash that is not 32 bytes
T = TypeVar("T")


class StoredTreeCheck:
    """Feed it every stored leaf in index order (``add``), then ``finish``."""

    def __init__(
        self,
        source: AuditSource,
        last_position: int,
        wanted: list[int],
        roots: dict[int, bytes],
    ) -> None:
        self._source, self._last_position = source, last_position
        self._height, self._width = HEIGHT, BLOCK  # read here, so tests can use small blocks
        self._wanted = sorted(wanted)  # sizes whose roots are taken from this tree (until fork)
        self._roots = roots
        self.tree = Frontier()
        self._buffer: list[StoredLeaf] = []
        self._levels: dict[int, _LevelCursor] = {}
        self.bad_nodes: list[NodeID] = []
        self.bad_leaf_rows: list[StoredLeaf] = []

    @property
    def size(self) -> int:
        """Stored leaves added so far."""
        return self.tree.size + len(self._buffer)

    def add(self, leaf: StoredLeaf) -> None:
        """The next stored leaf, in index order."""
        self._buffer.append(leaf)
        if len(self._buffer) == self._width:
            self._block(self._buffer)
            self._buffer = []

    def fork(self) -> Frontier:
        """A tree of every leaf added so far, to go on apart from this one; the roots of the
        wanted sizes reached so far are taken first, and no more are taken from here on."""
        frontier = self.tree.copy()
        wanted = [size for size in self._wanted if self.tree.size < size <= self.size]
        for leaf in self._buffer:
            frontier.absorb((_readable(leaf.hash),))
            if wanted and frontier.size == wanted[0]:
                self._roots[wanted.pop(0)] = frontier.root()
        self._wanted = []
        return frontier

    def finish(self) -> None:
        """Check the last, partial block a leaf at a time, and report stored nodes the
        rebuilt tree never reached (the tree never had them)."""
        for leaf in self._buffer:
            self._single(leaf)
        self._buffer = []
        for level, cursor in self._levels.items():
            for index in cursor.rest():
                _keep(self.bad_nodes, NodeID(level, index))

    def _block(self, leaves: list[StoredLeaf]) -> None:
        start, sha256, prefix = self.tree.size, hashlib.sha256, NODE_PREFIX
        height, width = self._height, self._width
        hashes = [leaf.hash for leaf in leaves]
        if (
            [leaf.leaf_index for leaf in leaves] != list(range(start, start + width))
            or max(leaf.position for leaf in leaves) > self._last_position
            or not all(type(h) is bytes and len(h) == HASH_SIZE for h in hashes)
        ):
            hashes = [self._leaf_row(start + i, leaf) for i, leaf in enumerate(leaves)]
        levels, current = [hashes], hashes
        for level in range(1, height + 1):
            current = [
                sha256(prefix + a + b).digest()
                for a, b in zip(current[::2], current[1::2], strict=True)
            ]
            levels.append(current)
            base = start >> level
            stored = self._cursor(level).take_run(base, len(current))
            if stored != current:
                for offset, (found, rebuilt) in enumerate(zip(stored, current, strict=True)):
                    if found != rebuilt:
                        _keep(self.bad_nodes, NodeID(level, base + offset))
        self._roots_within(start, levels)
        for level, index, node in self.tree.push_subtree(current[0], height):
            self._check_node(level, index, node)
        if self._wanted and self._wanted[0] == self.tree.size:
            self._roots[self._wanted.pop(0)] = self.tree.root()

    def _roots_within(self, start: int, levels: list[list[bytes]]) -> None:
        # A wanted size inside the block: the frontier at that size is this tree's (before the
        # block) plus one perfect subtree of the block per set bit of the offset, largest first.
        while self._wanted and self._wanted[0] < start + self._width:
            size = self._wanted.pop(0)
            offset = size - start
            parts = [
                levels[level][(offset >> level) - 1]
                for level in reversed(range(self._height))
                if offset >> level & 1
            ]
            hashes = [*self.tree.to_hashes(), *parts]
            self._roots[size] = Frontier.from_hashes(size, hashes).root()

    def _single(self, leaf: StoredLeaf) -> None:
        for level, index, node in self.tree.push(self._leaf_row(self.tree.size, leaf)):
            self._check_node(level, index, node)
        if self._wanted and self._wanted[0] == self.tree.size:
            self._roots[self._wanted.pop(0)] = self.tree.root()

    def _leaf_row(self, index: int, leaf: StoredLeaf) -> bytes:
        """The leaf's hash to rebuild with; a row that is out of place or mangled is noted."""
        h = _readable(leaf.hash)
        if leaf.leaf_index != index or leaf.position > self._last_position or h is UNREADABLE:
            # Rows of audit_leaves were deleted, added, renumbered or mangled.
            _keep(self.bad_leaf_rows, leaf)
        return h

    def _cursor(self, level: int) -> _LevelCursor:
        cursor = self._levels.get(level)
        if cursor is None:
            cursor = self._levels[level] = _LevelCursor(self._source.level(level))
        return cursor

    def _check_node(self, level: int, index: int, h: bytes) -> None:
        if self._cursor(level).take(index) != h:
            _keep(self.bad_nodes, NodeID(level, index))


class _LevelCursor:
    """Stored nodes of one level, consumed in index order as the rebuild reaches them."""

    def __init__(self, rows: Iterator[tuple[int, bytes]]) -> None:
        self._rows = rows
        self._buffer: list[tuple[int, bytes]] = []
        self._at = 0

    def take_run(self, start: int, count: int) -> list[bytes | None]:
        """The stored hashes at indexes ``start .. start + count - 1`` (``None`` where missing);
        rows before ``start`` are skipped."""
        self._fill(count)
        run = self._buffer[self._at : self._at + count]
        if len(run) == count and [index for index, _ in run] == list(range(start, start + count)):
            self._at += count
            return [h for _, h in run]
        return [self.take(index) for index in range(start, start + count)]

    def take(self, index: int) -> bytes | None:
        """The stored hash at ``index`` (``None`` if missing); rows before it are skipped."""
        while (row := self._peek()) is not None and row[0] < index:
            self._at += 1
        if row is None or row[0] != index:
            return None
        self._at += 1
        return row[1]

    def rest(self) -> Iterator[int]:
        """Indexes of the stored nodes not taken yet."""
        while (row := self._peek()) is not None:
            self._at += 1
            yield row[0]

    def _peek(self) -> tuple[int, bytes] | None:
        self._fill(1)
        return self._buffer[self._at] if self._at < len(self._buffer) else None

    def _fill(self, count: int) -> None:
        if len(self._buffer) - self._at < count:
            self._buffer = self._buffer[self._at :] + list(islice(self._rows, max(count, CHUNK)))
            self._at = 0


def _readable(h: object) -> bytes:
    return h if type(h) is bytes and len(h) == HASH_SIZE else UNREADABLE


def _keep(items: list[T], item: T) -> None:
    if len(items) < MAX_EVIDENCE:
        items.append(item)
