"""Test helpers: published vectors, stored trees, and RFC 6962 section 2.1 taken literally.

The ``reference_*`` functions transcribe the RFC's recursive definitions (MTH, PATH, PROOF)
over whole lists. They are slow and obviously correct, which is what an oracle should be.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from adapters.audit import EMPTY_ROOT, Frontier, GetNode, leaf_hash, node_hash

TESTDATA = Path(__file__).parent / "testdata"


@cache
def vectors(name: str) -> Any:
    """The JSON document ``testdata/<name>`` (see its ``source`` for provenance)."""
    return json.loads((TESTDATA / name).read_text())


def b64(text: str) -> bytes:
    return base64.b64decode(text)


def some_leaves(count: int, salt: bytes = b"") -> list[bytes]:
    """Leaf hashes of ``count`` distinct records."""
    return [leaf_hash(salt + i.to_bytes(4, "big")) for i in range(count)]


def stored_tree(leaves: Sequence[bytes]) -> GetNode:
    """A node accessor over every node the frontier emits while appending ``leaves``."""
    store = {(node.level, node.index): node.hash for node in Frontier().extend(leaves)}

    def get_node(level: int, index: int) -> bytes:
        return store[(level, index)]

    return get_node


def flipped(blob: bytes, bit: int) -> bytes:
    out = bytearray(blob)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


def _split(n: int) -> int:
    # RFC 6962: k is the largest power of two smaller than n.
    return 1 << ((n - 1).bit_length() - 1)


def reference_root(hashes: Sequence[bytes]) -> bytes:
    """MTH(D[n]) over leaf hashes."""
    if not hashes:
        return EMPTY_ROOT
    if len(hashes) == 1:
        return hashes[0]
    k = _split(len(hashes))
    return node_hash(reference_root(hashes[:k]), reference_root(hashes[k:]))


def reference_path(m: int, hashes: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]): the audit path of leaf ``m``."""
    if len(hashes) == 1:
        return []
    k = _split(len(hashes))
    if m < k:
        return [*reference_path(m, hashes[:k]), reference_root(hashes[k:])]
    return [*reference_path(m - k, hashes[k:]), reference_root(hashes[:k])]


def reference_proof(m: int, hashes: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) = SUBPROOF(m, D[n], true)."""
    return _subproof(m, hashes, True)


def _subproof(m: int, hashes: Sequence[bytes], whole: bool) -> list[bytes]:
    n = len(hashes)
    if m == n:
        return [] if whole else [reference_root(hashes)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, hashes[:k], whole), reference_root(hashes[k:])]
    return [*_subproof(m - k, hashes[k:], False), reference_root(hashes[:k])]
