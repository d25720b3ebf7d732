"""The leaf encoding: exactly the documented layout, and no two stored rows alike."""

from __future__ import annotations

import hashlib
import struct
from uuid import UUID

from hypothesis import assume, given
from hypothesis import strategies as st

from adapters.audit.leaf import StoredRecord, encode_record, record_leaf

RECORD = StoredRecord(
    position=42,
    originator_id=UUID("12345678-1234-5678-1234-567812345678"),
    originator_version=3,
    topic="reviewtrail.Review.Received",
    state=b'{"summary":"\x01sealed"}',
)

records = st.builds(
    StoredRecord,
    position=st.integers(min_value=-(2**63), max_value=2**63 - 1),
    originator_id=st.uuids(),
    originator_version=st.integers(min_value=-(2**63), max_value=2**63 - 1),
    topic=st.none() | st.text(max_size=20),
    state=st.none() | st.binary(max_size=40),
)


def test_a_record_encodes_field_by_field_as_the_module_documents() -> None:
    topic = RECORD.topic.encode() if RECORD.topic else b""
    state = RECORD.state or b""
    expected = (
        b"\x01"
        + struct.pack(">q", 42)
        + RECORD.originator_id.bytes
        + struct.pack(">q", 3)
        + b"\x01"
        + struct.pack(">I", len(topic))
        + topic
        + b"\x01"
        + struct.pack(">I", len(state))
        + state
    )
    assert encode_record(RECORD) == expected


def test_the_leaf_is_the_rfc_6962_leaf_hash_of_the_encoding() -> None:
    assert record_leaf(RECORD) == hashlib.sha256(b"\x00" + encode_record(RECORD)).digest()


def test_a_null_state_is_not_an_empty_state() -> None:
    assert record_leaf(RECORD._replace(state=None)) != record_leaf(RECORD._replace(state=b""))


def test_bytes_cannot_move_between_topic_and_state() -> None:
    one = RECORD._replace(topic="ab", state=b"c")
    other = RECORD._replace(topic="a", state=b"bc")
    assert encode_record(one) != encode_record(other)


@given(records, records)
def test_different_records_never_encode_alike(one: StoredRecord, other: StoredRecord) -> None:
    assume(one != other)
    assert encode_record(one) != encode_record(other)
