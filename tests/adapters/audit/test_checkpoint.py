"""Signed checkpoints (C2SP signed note, Ed25519) and the append-only checkpoint file."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from adapters.audit.checkpoint import (
    BadSignature,
    Checkpoint,
    CheckpointError,
    key_id,
    open_checkpoint,
    parse_verifier_key,
    sign_checkpoint,
    verifier_key,
)
from adapters.audit.checkpoint_file import append_checkpoint, read_checkpoint_file

KEY = Ed25519PrivateKey.generate()
CHECKPOINT = Checkpoint(
    "reviewtrail/test-host",
    1234,
    hashlib.sha256(b"root").digest(),
    datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC),
)


def test_a_signed_checkpoint_opens_with_the_public_key() -> None:
    note = sign_checkpoint(CHECKPOINT, KEY)
    assert open_checkpoint(note, KEY.public_key()) == CHECKPOINT


def test_the_note_is_a_tlog_checkpoint_body_a_blank_line_and_an_em_dash_signature() -> None:
    note = sign_checkpoint(CHECKPOINT, KEY)
    root = base64.b64encode(CHECKPOINT.root).decode()
    body = f"reviewtrail/test-host\n1234\n{root}\ntimestamp 2026-05-01T12:00:00Z\n"
    assert note.startswith(body + "\n\u2014 reviewtrail/test-host ")
    signature = base64.b64decode(note.rsplit(" ", 1)[1])
    assert signature[:4] == key_id(CHECKPOINT.origin, KEY.public_key())
    KEY.public_key().verify(signature[4:], body.encode())


def test_the_key_id_is_the_signed_note_hash_of_name_type_and_key() -> None:
    raw = KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    expected = hashlib.sha256(b"reviewtrail/test-host\n\x01" + raw).digest()[:4]
    assert key_id("reviewtrail/test-host", KEY.public_key()) == expected


def test_an_edited_tree_size_breaks_the_signature() -> None:
    note = sign_checkpoint(CHECKPOINT, KEY).replace("\n1234\n", "\n1233\n")
    with pytest.raises(BadSignature):
        open_checkpoint(note, KEY.public_key())


def test_a_checkpoint_signed_by_another_key_is_refused() -> None:
    note = sign_checkpoint(CHECKPOINT, Ed25519PrivateKey.generate())
    with pytest.raises(BadSignature, match="not signed by the audit key"):
        open_checkpoint(note, KEY.public_key())


@pytest.mark.parametrize(
    "note",
    [
        "reviewtrail/x\n1\nroot\n",
        "reviewtrail/x\n01\nAAAA\ntimestamp 2026-05-01T12:00:00Z\n\n\u2014 x AAAA\n",
        "reviewtrail/x\n1\n" + "A" * 44 + "\n\n\u2014 reviewtrail/x AAAA\n",
    ],
    ids=["no signature", "leading zero", "no timestamp"],
)
def test_malformed_notes_are_refused(note: str) -> None:
    with pytest.raises(CheckpointError):
        open_checkpoint(note, KEY.public_key())


def test_a_verifier_key_names_the_key_and_reads_back() -> None:
    text = verifier_key("reviewtrail/test-host", KEY.public_key())
    name, public_key = parse_verifier_key(text)
    assert name == "reviewtrail/test-host"
    assert open_checkpoint(sign_checkpoint(CHECKPOINT, KEY), public_key) == CHECKPOINT


def test_a_verifier_key_with_the_wrong_id_is_refused() -> None:
    name, _, key = verifier_key("reviewtrail/test-host", KEY.public_key()).split("+", 2)
    with pytest.raises(CheckpointError, match="id does not match"):
        parse_verifier_key(f"{name}+00000000+{key}")


def test_the_checkpoint_file_gives_back_every_appended_note(tmp_path: Path) -> None:
    file = tmp_path / "checkpoints" / "checkpoints.log"
    notes = [sign_checkpoint(replace(CHECKPOINT, size=size), KEY) for size in (1, 2, 3)]
    for note in notes:
        append_checkpoint(file, note)
    contents = read_checkpoint_file(file)
    assert contents.notes == notes
    assert not contents.torn_tail


@pytest.mark.parametrize("where", ["text", "blank line", "signature", "final newline"])
def test_an_entry_cut_short_by_a_crash_is_left_out_and_reported(tmp_path: Path, where: str) -> None:
    file = tmp_path / "checkpoints.log"
    note = sign_checkpoint(CHECKPOINT, KEY)
    text_end = note.index("\n\n") + 1
    cut = {"text": 10, "blank line": text_end + 1, "signature": text_end + 10}.get(where)
    append_checkpoint(file, note)
    with file.open("a", encoding="utf-8") as out:
        out.write(note[:cut])  # "final newline": the whole note, without the entry's blank line
    contents = read_checkpoint_file(file)
    assert contents.notes == [note]
    assert contents.torn_tail
