"""The audit log's leaves: one per stored event record, hashed exactly as stored.

A leaf hashes the row of ``reviewtrail_events`` as PostgreSQL holds it, ciphertext included, so
crypto-shredding never changes a leaf and no hash of a personal value exists anywhere (a hash of a
name can be brute-forced; a hash of its ciphertext cannot). Encoding version 1, all integers
big-endian, every field in table order::

    record  = 0x01                          encoding version
            || int64(notification_id)       the log position
            || originator_id                16 bytes (RFC 4122 byte order)
            || int64(originator_version)
            || nullable(topic as UTF-8)
            || nullable(state)              the stored bytes, personal fields already encrypted
    nullable(x) = 0x00                      SQL NULL
                | 0x01 || uint32(len(x)) || x
    leaf    = SHA-256(0x00 || record)       RFC 6962 leaf hash

Fixed-width fields need no length; the two variable ones carry one, so no two different rows
encode to the same bytes. ``topic`` and ``state`` are nullable in the table, so NULL is encoded
distinctly from an empty value rather than refused: a tampered row must still hash.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from hashlib import sha256
from typing import NamedTuple
from uuid import UUID

from adapters.audit.merkle import LEAF_PREFIX

ENCODING_VERSION = 1
_HEAD = struct.Struct(">Bq16sq")
_LEAF_HEAD = struct.Struct(">BBq16sq")  # LEAF_PREFIX, then _HEAD
_LENGTH = struct.Struct(">I")
_NULL = b"\x00"
_PRESENT = b"\x01"


class StoredRecord(NamedTuple):
    """One row of the events table, as stored (``state`` is never decrypted here)."""

    position: int
    originator_id: UUID
    originator_version: int
    topic: str | None
    state: bytes | None


def encode_record(record: StoredRecord) -> bytes:
    """Return the canonical bytes of ``record`` (encoding version 1, see the module docstring)."""
    head = _HEAD.pack(
        ENCODING_VERSION, record.position, record.originator_id.bytes, record.originator_version
    )
    topic = None if record.topic is None else record.topic.encode("utf-8")
    return head + _nullable(topic) + _nullable(record.state)


def record_leaf(record: StoredRecord) -> bytes:
    """Return the RFC 6962 leaf hash of ``record``: ``SHA-256(0x00 || encode_record(record))``.

    The verifier calls this for every event: the encoding is inlined here (``encode_record`` is
    the readable reference, and a test holds the two to the same bytes)."""
    position, originator_id, version, topic, state = record
    head = _LEAF_HEAD.pack(LEAF_PREFIX[0], ENCODING_VERSION, position, originator_id.bytes, version)
    text = None if topic is None else topic.encode("utf-8")
    return sha256(
        head
        + (_NULL if text is None else _PRESENT + _LENGTH.pack(len(text)) + text)
        + (_NULL if state is None else _PRESENT + _LENGTH.pack(len(state)) + state)
    ).digest()


class RecordHash(NamedTuple):
    """The leaf hash of the event record at log ``position``."""

    position: int
    hash: bytes


def hash_records(records: Iterable[StoredRecord]) -> Iterator[RecordHash]:
    """``records``' leaf hashes, in the same order."""
    for record in records:
        yield RecordHash(record.position, record_leaf(record))


def _nullable(value: bytes | None) -> bytes:
    if value is None:
        return _NULL
    return _PRESENT + _LENGTH.pack(len(value)) + value
