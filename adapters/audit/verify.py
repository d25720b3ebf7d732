"""Proof verifiers, written step by step after RFC 9162 sections 2.1.3.2 and 2.1.4.2.

Both return ``False`` for any malformed input (wrong lengths, negative or out-of-range sizes,
non-bytes proof elements) instead of raising: their input comes from outside. Edge cases the
RFC leaves open follow transparency-dev/merkle, whose test vectors they pass: equal tree sizes
are consistent iff the proof is empty and the roots are equal; a consistency proof from the
empty tree (``old_size == 0``) to a non-empty one is rejected.
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from typing import TypeGuard

from adapters.audit.merkle import HASH_SIZE, node_hash


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Return whether ``proof`` shows leaf ``index`` with ``leaf_hash`` in the tree ``root``."""
    if not (_is_hash(leaf_hash) and _is_hash(root) and _are_hashes(proof)):
        return False
    if not (_is_size(index) and _is_size(size)) or index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and hmac.compare_digest(r, root)


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Return whether ``proof`` shows the tree ``new_root`` extends the tree ``old_root``."""
    if not (_is_size(old_size) and _is_size(new_size)) or old_size > new_size:
        return False
    if not (isinstance(old_root, bytes) and isinstance(new_root, bytes)):
        return False
    if old_size == new_size:
        return _is_sequence(proof) and len(proof) == 0 and hmac.compare_digest(old_root, new_root)
    if old_size == 0 or not (_is_hash(old_root) and _is_hash(new_root) and _are_hashes(proof)):
        return False
    return _check_consistency(old_size, new_size, old_root, new_root, proof)


def _check_consistency(
    first: int, second: int, first_hash: bytes, second_hash: bytes, path: Sequence[bytes]
) -> bool:
    # RFC 9162 2.1.4.2, for 0 < first < second.
    if not path:
        return False
    if (first & (first - 1)) == 0:
        path = [first_hash, *path]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and hmac.compare_digest(fr, first_hash) and hmac.compare_digest(sr, second_hash)


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes) and len(value) == HASH_SIZE


def _are_hashes(values: object) -> bool:
    return _is_sequence(values) and all(_is_hash(v) for v in values)


def _is_sequence(values: object) -> TypeGuard[Sequence[object]]:
    # A bytes or str proof is a Sequence too, of the wrong things: treat it as malformed.
    return isinstance(values, Sequence) and not isinstance(values, bytes | bytearray | str)


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
