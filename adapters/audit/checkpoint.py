"""Signed checkpoints: a C2SP tlog-checkpoint body in a C2SP signed-note envelope (Ed25519).

A checkpoint commits to the whole log up to ``size``: anyone holding one and the public key can
later demand a consistency proof, and no rewrite of the database can satisfy both. Format
(https://c2sp.org/tlog-checkpoint, https://c2sp.org/signed-note)::

    reviewtrail/db-host-1                          origin (also the signing key's name)
    1234                                           tree size, decimal
    3q2+7w...=                                     root hash, standard base64
    timestamp 2026-05-01T12:00:00Z                 extension line: when it was signed (UTC)
                                                   blank line
    — reviewtrail/db-host-1 AbCd...==              em dash, key name, base64(key id || signature)

The Ed25519 signature covers the text up to and including the newline before the blank line.
The key id is ``SHA-256(name || 0x0A || 0x01 || public key)[:4]``; the verifier key string
(``verifier_key``) is ``name+hex(key id)+base64(0x01 || public key)``, as in Go's sumdb/note.
Pure: keys and timestamps come in as arguments.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from adapters.audit.merkle import HASH_SIZE

ED25519 = b"\x01"
SIGNATURE_PREFIX = "\u2014 "
TIMESTAMP = "timestamp "


class CheckpointError(ValueError):
    """A checkpoint note is malformed; the message says which part."""


class BadSignature(CheckpointError):
    """A checkpoint note carries no valid signature by the expected key."""


@dataclass(frozen=True)
class Checkpoint:
    """What a checkpoint attests: the log ``origin`` had ``size`` leaves with ``root`` at
    ``timestamp``."""

    origin: str
    size: int
    root: bytes
    timestamp: datetime

    def body(self) -> str:
        """Return the note text that is signed (ends with a newline)."""
        stamp = self.timestamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        root = base64.b64encode(self.root).decode("ascii")
        return f"{self.origin}\n{self.size}\n{root}\n{TIMESTAMP}{stamp}\n"


def check_origin(origin: str) -> str:
    """Return ``origin`` if it can name a log and its key; raise ``CheckpointError`` if not."""
    if not origin or "+" in origin or any(c.isspace() or ord(c) < 0x20 for c in origin):
        raise CheckpointError("an origin must be non-empty, without spaces or '+'")
    return origin


def key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    """Return the 4-byte signed-note key id of an Ed25519 key named ``name``."""
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + _raw(public_key)).digest()[:4]


def verifier_key(name: str, public_key: Ed25519PublicKey) -> str:
    """Return the text form of a verifier key: ``name+hex(key id)+base64(0x01 || key)``."""
    encoded = base64.b64encode(ED25519 + _raw(public_key)).decode("ascii")
    return f"{check_origin(name)}+{key_id(name, public_key).hex()}+{encoded}"


def parse_verifier_key(text: str) -> tuple[str, Ed25519PublicKey]:
    """Return (name, public key) from ``verifier_key`` text; raise ``CheckpointError`` if bad."""
    try:
        # Names never hold "+", base64 may: split at the first two only.
        name, hint, encoded = text.strip().split("+", 2)
        raw = base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        raise CheckpointError("a verifier key reads name+keyid+base64key") from None
    if len(raw) != 33 or raw[:1] != ED25519:
        raise CheckpointError("the verifier key is not an Ed25519 key")
    public_key = Ed25519PublicKey.from_public_bytes(raw[1:])
    if key_id(name, public_key).hex() != hint.lower():
        raise CheckpointError("the verifier key's id does not match its name and key")
    return name, public_key


def sign_checkpoint(checkpoint: Checkpoint, key: Ed25519PrivateKey) -> str:
    """Return the signed note of ``checkpoint``, signed by ``key`` named after the origin."""
    name = check_origin(checkpoint.origin)
    body = checkpoint.body()
    signature = key_id(name, key.public_key()) + key.sign(body.encode())
    return f"{body}\n{SIGNATURE_PREFIX}{name} {base64.b64encode(signature).decode('ascii')}\n"


def open_checkpoint(note: str, public_key: Ed25519PublicKey) -> Checkpoint:
    """Return the checkpoint of ``note`` if ``public_key`` signed it under the note's origin.

    Raises ``CheckpointError`` if the note is malformed and ``BadSignature`` if no signature
    line by that key verifies (lines by other keys, e.g. witnesses, are ignored).
    """
    body, signatures = _split(note)
    checkpoint = parse_body(body)
    expected = key_id(checkpoint.origin, public_key)
    for name, blob in signatures:
        if name == checkpoint.origin and blob[:4] == expected:
            try:
                public_key.verify(blob[4:], body.encode())
            except InvalidSignature:
                raise BadSignature("the checkpoint's signature does not verify") from None
            return checkpoint
    raise BadSignature("the checkpoint is not signed by the audit key")


def parse_body(body: str) -> Checkpoint:
    """Return the checkpoint a note text states, without checking any signature."""
    lines = body.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise CheckpointError("a checkpoint has an origin, a size and a root hash")
    origin, size, root = lines[0], lines[1], lines[2]
    if not size.isdigit() or (size != "0" and size.startswith("0")):
        raise CheckpointError("the tree size is not a decimal number")
    try:
        root_hash = base64.b64decode(root, validate=True)
    except binascii.Error:
        raise CheckpointError("the root hash is not base64") from None
    if len(root_hash) != HASH_SIZE:
        raise CheckpointError("the root hash is not 32 bytes")
    return Checkpoint(check_origin(origin), int(size), root_hash, _timestamp(lines[3:-1]))


def _timestamp(extensions: list[str]) -> datetime:
    stamps = [line.removeprefix(TIMESTAMP) for line in extensions if line.startswith(TIMESTAMP)]
    if len(stamps) != 1:
        raise CheckpointError("a checkpoint needs exactly one timestamp line")
    try:
        return datetime.strptime(stamps[0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise CheckpointError("the timestamp is not YYYY-MM-DDTHH:MM:SSZ") from None


def _split(note: str) -> tuple[str, list[tuple[str, bytes]]]:
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n"):
        raise CheckpointError("a signed note is text, a blank line, then signature lines")
    signatures = []
    for line in note[cut + 2 :].splitlines():
        name, _, encoded = line.removeprefix(SIGNATURE_PREFIX).rpartition(" ")
        if not line.startswith(SIGNATURE_PREFIX) or not name:
            raise CheckpointError("a signature line reads '— name signature'")
        try:
            signatures.append((name, base64.b64decode(encoded, validate=True)))
        except binascii.Error:
            raise CheckpointError("a signature is not base64") from None
    if not signatures:
        raise CheckpointError("the note has no signature")
    return note[: cut + 1], signatures


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
