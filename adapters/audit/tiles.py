"""Where a node lives in C2SP tlog-tiles storage, and how to rebuild it from its tile.

A tile ``(tile_level, tile_index)`` stores up to 256 consecutive hashes of tree level
``8 * tile_level``, starting at index ``256 * tile_index``; a partial tile holds fewer. A node
at tree level ``8 * tile_level + h`` (``0 <= h < 8``) is the Merkle root of ``2**h`` consecutive
hashes of its tile, so an accessor backed by tiles reads one tile per node.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from adapters.audit.merkle import Node, root_from_leaf_hashes

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT


class TileSpan(NamedTuple):
    """The run ``[start, start + width)`` of a tile's hashes whose root is a given node."""

    tile_level: int
    tile_index: int
    start: int
    width: int


class TileEntry(NamedTuple):
    """A hash stored in a tile: position ``offset`` of tile ``(tile_level, tile_index)``."""

    tile_level: int
    tile_index: int
    offset: int
    hash: bytes


def tile_span(level: int, index: int) -> TileSpan:
    """Return the tile and the run of its hashes that node ``(level, index)`` is the root of."""
    if level < 0 or index < 0:
        raise ValueError(f"no node at ({level}, {index})")
    tile_level, height = divmod(level, TILE_HEIGHT)
    tile_index, start = divmod(index << height, TILE_WIDTH)
    return TileSpan(tile_level, tile_index, start, 1 << height)


def node_from_tile(level: int, index: int, tile_hashes: Sequence[bytes]) -> bytes:
    """Return the hash of node ``(level, index)`` from the hashes of the tile holding it.

    Raises ``ValueError`` if the tile is too short to contain the whole node (not complete yet).
    """
    span = tile_span(level, index)
    hashes = tile_hashes[span.start : span.start + span.width]
    if len(hashes) != span.width:
        raise ValueError(f"node ({level}, {index}) is not complete in a tile of {len(tile_hashes)}")
    return root_from_leaf_hashes(hashes)


def tile_entries(nodes: Iterable[Node]) -> list[TileEntry]:
    """Keep the completed nodes a tile stores (levels that are multiples of 8), with positions.

    Feed it ``Frontier.extend(...)``'s result to know which tiles a batch grows.
    """
    entries = []
    for node in nodes:
        if node.level % TILE_HEIGHT == 0:
            tile_index, offset = divmod(node.index, TILE_WIDTH)
            entries.append(TileEntry(node.level // TILE_HEIGHT, tile_index, offset, node.hash))
    return entries
