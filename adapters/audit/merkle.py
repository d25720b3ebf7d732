"""RFC 6962 / RFC 9162 Merkle tree hashing and the incremental frontier.

Addressing of stored nodes (the same as C2SP tlog-tiles and transparency-dev/merkle):
a node is ``(level, index)``. Level 0 holds the leaf hashes, so ``(0, i)`` is leaf ``i``.
Node ``(level, index)`` is the root of the perfect subtree over leaves
``[index << level, (index + 1) << level)``, and its children are ``(level - 1, 2 * index)``
and ``(level - 1, 2 * index + 1)``. A node exists once every leaf under it exists and never
changes afterwards, so it can be stored write-once. The right border of a tree whose size is
not a power of two is made of *ephemeral* nodes that are never stored: proofs rebuild them from
stored perfect subtrees (see ``proofs.py``). A tlog-tiles tile ``tile/L/N`` holds nodes
``(8 * L, 256 * N) .. (8 * L, 256 * N + 255)``; nodes at the levels in between are rebuilt from
the tile below them (``tiles.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()


@dataclass(frozen=True, slots=True, order=True)
class NodeID:
    """Address of a perfect subtree: its height above the leaves and its position in its level."""

    level: int
    index: int


@dataclass(frozen=True, slots=True)
class Node:
    """A completed perfect subtree and its hash, as emitted by ``Frontier.append``."""

    level: int
    index: int
    hash: bytes


def leaf_hash(data: bytes) -> bytes:
    """Return the RFC 6962 leaf hash ``SHA-256(0x00 || data)``."""
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return the RFC 6962 interior node hash ``SHA-256(0x01 || left || right)``."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def root_from_leaf_hashes(hashes: Iterable[bytes]) -> bytes:
    """Return the RFC 6962 Merkle Tree Hash (MTH) of the given leaf hashes.

    MTH splits at the largest power of two below ``n``; folding a stack of perfect subtrees
    left to right builds exactly that tree, in O(n) time and O(log n) memory, with no
    recursion. Accepts any iterable, so a verifier can stream leaves from a database cursor.
    Raises ``ValueError`` if a hash is not 32 bytes.
    """
    stack: list[bytes] = []
    size, bad = _absorb(stack, 0, hashes)
    if bad is not None:
        _checked(bad, size)
    return _fold(stack)


def frontier_ids(size: int) -> list[NodeID]:
    """Return the addresses of the perfect subtrees covering leaves ``[0, size)``, left first.

    There is one per set bit of ``size``; their hashes are a ``Frontier``'s state, so a
    frontier (and the root) at any past size can be rebuilt from stored nodes.
    """
    return aligned_cover(0, size)


def aligned_cover(begin: int, end: int) -> list[NodeID]:
    """Return the perfect subtrees covering ``[begin, end)``, left first.

    Requires ``begin`` to be a multiple of a power of two that is at least ``end - begin``
    (true for 0 and for the left edge of any subtree that contains ``end - 1``).
    """
    ids: list[NodeID] = []
    width = end - begin
    for level in range(width.bit_length() - 1, -1, -1):
        if width >> level & 1:
            ids.append(NodeID(level, begin >> level))
            begin += 1 << level
    return ids


class Frontier:
    """Compact range over leaves ``[0, size)``: the hashes of at most log2(size) + 1 subtrees.

    This is all an integrator needs to keep appending and to compute the current root. Persist
    it with ``to_bytes()`` (or ``to_hashes()``) plus ``size`` and resume with ``from_bytes``.
    ``append``/``extend`` return every node they complete, leaves included, so the caller can
    store them by ``(level, index)`` and later serve proofs without loading all leaves.
    """

    __slots__ = ("_hashes", "_size")

    def __init__(self) -> None:
        self._size = 0
        self._hashes: list[bytes] = []

    @classmethod
    def from_hashes(cls, size: int, hashes: Sequence[bytes]) -> Frontier:
        """Restore a frontier saved with ``to_hashes``. Raises ``ValueError`` if inconsistent."""
        if size < 0 or len(hashes) != size.bit_count():
            raise ValueError(f"a frontier of size {size} needs {max(size, 0).bit_count()} hashes")
        _require_hashes(hashes)
        frontier = cls()
        frontier._size = size
        frontier._hashes = list(hashes)
        return frontier

    @classmethod
    def from_bytes(cls, size: int, blob: bytes) -> Frontier:
        """Restore a frontier saved with ``to_bytes``. Raises ``ValueError`` if inconsistent."""
        if len(blob) % HASH_SIZE:
            raise ValueError("frontier bytes must be a whole number of 32-byte hashes")
        hashes = [blob[i : i + HASH_SIZE] for i in range(0, len(blob), HASH_SIZE)]
        return cls.from_hashes(size, hashes)

    @property
    def size(self) -> int:
        """Number of leaves appended so far."""
        return self._size

    def to_hashes(self) -> tuple[bytes, ...]:
        """Return the subtree hashes, largest (leftmost) first."""
        return tuple(self._hashes)

    def to_bytes(self) -> bytes:
        """Return the subtree hashes concatenated, for a single ``bytea`` column."""
        return b"".join(self._hashes)

    def nodes(self) -> list[Node]:
        """Return the frontier's subtrees with their addresses (see ``frontier_ids``)."""
        ids = frontier_ids(self._size)
        return [Node(i.level, i.index, h) for i, h in zip(ids, self._hashes, strict=True)]

    def root(self) -> bytes:
        """Return the Merkle Tree Hash of leaves ``[0, size)``; ``EMPTY_ROOT`` when empty."""
        return _fold(self._hashes)

    def copy(self) -> Frontier:
        """Return an independent copy, e.g. to compute a root without committing a batch."""
        return Frontier.from_hashes(self._size, self._hashes)

    def append(self, leaf: bytes) -> list[Node]:
        """Append one leaf hash; return the nodes it completes, the leaf itself first."""
        return self.extend((leaf,))

    def extend(self, leaves: Iterable[bytes]) -> list[Node]:
        """Append leaf hashes in order; return every node completed, bottom-up per leaf.

        Raises ``ValueError`` on a hash that is not 32 bytes; earlier leaves stay appended.
        """
        completed: list[Node] = []
        emit, stack, sha256 = completed.append, self._hashes, hashlib.sha256
        for leaf in leaves:
            h, index, level = _checked(leaf, self._size), self._size, 0
            emit(Node(0, index, h))
            while index & 1:
                h = sha256(NODE_PREFIX + stack.pop() + h).digest()
                index >>= 1
                level += 1
                emit(Node(level, index, h))
            stack.append(h)
            self._size += 1
        return completed

    def push(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Append one leaf hash; return the interior nodes it completes, bottom-up, as
        ``(level, index, hash)``: ``append`` without the leaf and without ``Node`` objects, for
        the verifier's pass over every stored leaf.

        Raises ``ValueError`` on a hash that is not 32 bytes.
        """
        if type(leaf) is not bytes or len(leaf) != HASH_SIZE:
            _checked(leaf, self._size)  # raises
        return self.push_subtree(leaf, 0)  # a leaf is a subtree of height 0

    def push_subtree(self, h: bytes, height: int) -> list[tuple[int, int, bytes]]:
        """Append a perfect subtree of ``2**height`` leaves whose hash is ``h`` (the size must
        be a multiple of that); return the nodes it completes above it, as ``push`` does.

        Raises ``ValueError`` when the subtree would not start at a multiple of its width.
        """
        if self._size & ((1 << height) - 1):
            raise ValueError(f"a subtree of height {height} cannot start at leaf {self._size}")
        index, level, stack = self._size >> height, height, self._hashes
        completed: list[tuple[int, int, bytes]] = []
        while index & 1:
            h = hashlib.sha256(NODE_PREFIX + stack.pop() + h).digest()
            index >>= 1
            level += 1
            completed.append((level, index, h))
        stack.append(h)
        self._size += 1 << height
        return completed

    def absorb(self, leaves: Iterable[bytes]) -> None:
        """Append leaf hashes like ``extend`` but without listing nodes (the fast path).

        Raises ``ValueError`` on a hash that is not 32 bytes; earlier leaves stay appended.
        """
        self._size, bad = _absorb(self._hashes, self._size, leaves)
        if bad is not None:
            _checked(bad, self._size)

    def __repr__(self) -> str:
        return f"Frontier(size={self._size}, root={self.root().hex()})"


def _absorb(stack: list[bytes], size: int, leaves: Iterable[bytes]) -> tuple[int, object]:
    # The verifier's hot loop (millions of leaves): locals instead of attribute lookups, and
    # the node hash inlined. A bad hash stops the loop before it touches the stack, and is
    # returned rather than raised so that the caller keeps an exact size.
    sha256, pop, push = hashlib.sha256, stack.pop, stack.append
    for h in leaves:
        if type(h) is not bytes or len(h) != HASH_SIZE:
            return size, h
        n = size
        while n & 1:
            h = sha256(NODE_PREFIX + pop() + h).digest()
            n >>= 1
        push(h)
        size += 1
    return size, None


def _fold(stack: Sequence[bytes]) -> bytes:
    if not stack:
        return EMPTY_ROOT
    root = stack[-1]
    for left in reversed(stack[:-1]):
        root = node_hash(left, root)
    return root


def _require_hashes(hashes: Iterable[bytes]) -> None:
    for position, h in enumerate(hashes):
        _checked(h, position)


def _checked(h: object, position: int) -> bytes:
    if type(h) is not bytes or len(h) != HASH_SIZE:
        raise ValueError(f"hash {position} is not a {HASH_SIZE}-byte hash: {h!r:.80}")
    return h
