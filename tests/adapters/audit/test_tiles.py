from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.audit import (
    Frontier,
    TileEntry,
    TileSpan,
    node_from_tile,
    tile_entries,
    tile_span,
)
from tests.adapters.audit.builders import some_leaves

TREE_SIZE = 70_000  # enough for a few nodes at level 16, i.e. in tiles of tile level 2
NODES = Frontier().extend(some_leaves(TREE_SIZE))
STORED = {(node.level, node.index): node.hash for node in NODES}


def tiles_of(entries: list[TileEntry]) -> dict[tuple[int, int], list[bytes]]:
    tiles: dict[tuple[int, int], list[bytes]] = defaultdict(list)
    for entry in entries:
        tile = tiles[(entry.tile_level, entry.tile_index)]
        assert entry.offset == len(tile)
        tile.append(entry.hash)
    return tiles


TILES = tiles_of(tile_entries(NODES))


def test_node_on_a_tile_level_is_one_entry_of_its_tile() -> None:
    assert tile_span(8, 300) == TileSpan(tile_level=1, tile_index=1, start=44, width=1)


def test_node_between_tile_levels_is_the_root_of_a_run_of_the_tile_below() -> None:
    assert tile_span(3, 37) == TileSpan(tile_level=0, tile_index=1, start=40, width=8)


def test_tile_entries_are_the_nodes_on_every_eighth_level() -> None:
    assert {level for level, _ in TILES} == {0, 1, 2}
    assert sum(len(tile) for tile in TILES.values()) == TREE_SIZE + (TREE_SIZE >> 8) + 1


def test_full_tiles_hold_256_hashes() -> None:
    assert len(TILES[(0, 0)]) == 256
    assert len(TILES[(0, TREE_SIZE // 256)]) == TREE_SIZE % 256


@given(st.sampled_from(sorted(STORED)))
def test_node_rebuilt_from_its_tile_equals_the_stored_node(node: tuple[int, int]) -> None:
    level, index = node
    span = tile_span(level, index)
    tile = TILES[(span.tile_level, span.tile_index)]
    assert node_from_tile(level, index, tile) == STORED[node]


def test_node_not_yet_complete_in_a_partial_tile_is_refused() -> None:
    last_tile = TREE_SIZE // 256
    partial = TILES[(0, last_tile)]
    with pytest.raises(ValueError, match="not complete"):
        node_from_tile(7, 2 * last_tile, partial)


def test_negative_coordinates_have_no_tile() -> None:
    with pytest.raises(ValueError, match="no node"):
        tile_span(-1, 0)
