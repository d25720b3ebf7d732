"""Data keys: one AES-256 key per (subject, category, key version), wrapped by a KEK.

Wrapping uses AES-256-GCM rather than AES key wrap (RFC 3394/5649) because:

- GCM takes associated data, so a wrapped key is bound to its subject, category, data-key version
  and KEK version; AES-KW has none and would need a separate MAC to get the same binding;
- it is the primitive we already use for fields, and unwrapping measured 0.8 us against 34 us for
  `aes_key_unwrap` (research/crypto-audit.md section 4), which matters on cache misses.

The price is a random 96-bit nonce per wrap: NIST SP 800-38D section 8.3 allows 2**32 wraps per
KEK. Each wrap creates or rewraps one (subject, category) key, and rotation moves wrapping to a new
KEK version, so a version stays far below that bound.

Wrapped format (65 bytes)::

    0x01 | KEK version (4 bytes, big-endian) | nonce (12) | encrypted data key (32) | tag (16)

The header is authenticated as associated data, and names the KEK that unwraps it
(`wrapped_kek_version`).
"""

from __future__ import annotations

import secrets
import struct
from dataclasses import dataclass
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.crypto import encoding
from adapters.crypto.errors import DataKeyUnwrapError
from adapters.crypto.keyring import KEY_BYTES, Kek, KeyRing
from domain.personal import Category

FORMAT_V1 = b"\x01"
_HEADER = struct.Struct(">cI")
_NONCE_BYTES = 12
_TAG_BYTES = 16
WRAPPED_BYTES = _HEADER.size + _NONCE_BYTES + KEY_BYTES + _TAG_BYTES
_LABEL = b"reviewtrail/data-key/v1"


@dataclass(frozen=True, slots=True)
class KeyContext:
    """What a data key belongs to: bound into its wrapping so it cannot serve another subject."""

    subject_id: UUID
    category: Category
    key_version: int

    def associated_data(self, header: bytes) -> bytes:
        """Canonical associated data for wrapping under `header` (format and KEK version)."""
        return encoding.canonical(
            _LABEL,
            header,
            encoding.uuid(self.subject_id),
            encoding.text(self.category.value),
            encoding.uint(self.key_version),
        )


def new_data_key() -> bytes:
    """A fresh random AES-256 data key (32 bytes)."""
    return secrets.token_bytes(KEY_BYTES)


def wrap(data_key: bytes, kek: Kek, context: KeyContext) -> bytes:
    """Encrypt `data_key` under `kek`, bound to `context`. Raises ValueError on a bad key size."""
    if len(data_key) != KEY_BYTES:
        raise ValueError(f"a data key is {KEY_BYTES} bytes")
    header = _HEADER.pack(FORMAT_V1, kek.version)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = AESGCM(kek.key).encrypt(nonce, data_key, context.associated_data(header))
    return header + nonce + sealed


def unwrap(wrapped: bytes, kek: Kek, context: KeyContext) -> bytes:
    """The data key inside `wrapped`.

    Raises DataKeyUnwrapError if `wrapped` was made under another KEK version, for another
    context, or was altered.
    """
    version = wrapped_kek_version(wrapped)
    if version != kek.version:
        raise DataKeyUnwrapError(f"wrapped under KEK version {version}, not {kek.version}")
    header, nonce = wrapped[: _HEADER.size], wrapped[_HEADER.size : _HEADER.size + _NONCE_BYTES]
    sealed = wrapped[_HEADER.size + _NONCE_BYTES :]
    try:
        return AESGCM(kek.key).decrypt(nonce, sealed, context.associated_data(header))
    except InvalidTag:
        raise DataKeyUnwrapError("wrapped data key failed authentication") from None


def wrapped_kek_version(wrapped: bytes) -> int:
    """The KEK version named in a wrapped key's header. Raises DataKeyUnwrapError if malformed."""
    if len(wrapped) != WRAPPED_BYTES or wrapped[:1] != FORMAT_V1:
        raise DataKeyUnwrapError("not a version-1 wrapped data key")
    version: int = _HEADER.unpack_from(wrapped)[1]
    return version


def rewrap(wrapped: bytes, ring: KeyRing, context: KeyContext) -> bytes:
    """`wrapped` unwrapped with the KEK it names and wrapped again with the ring's current KEK.

    Field ciphertexts are untouched, so audit-log leaves stay valid. Raises UnknownKeyVersionError
    if the ring no longer holds the old KEK, DataKeyUnwrapError as `unwrap`.
    """
    old = ring.kek(wrapped_kek_version(wrapped))
    return wrap(unwrap(wrapped, old, context), ring.current, context)
