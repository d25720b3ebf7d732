"""Canonical, unambiguous byte encoding of associated data (shared by wrapping and fields)."""

from __future__ import annotations

import struct
from uuid import UUID

_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")


def canonical(label: bytes, *parts: bytes) -> bytes:
    """`label` then each part prefixed with its 4-byte length, so no two inputs encode alike."""
    return b"".join([_length_prefixed(label), *(_length_prefixed(part) for part in parts)])


def uint(value: int) -> bytes:
    """An unsigned 64-bit big-endian integer; raises ValueError outside that range."""
    if not 0 <= value < 2**64:
        raise ValueError(f"{value} is not an unsigned 64-bit integer")
    return _U64.pack(value)


def uuid(value: UUID) -> bytes:
    """The 16 raw bytes of a UUID."""
    return value.bytes


def text(value: str) -> bytes:
    """UTF-8; raises UnicodeEncodeError on lone surrogates, which have no canonical bytes."""
    return value.encode("utf-8")


def _length_prefixed(part: bytes) -> bytes:
    return _U32.pack(len(part)) + part
