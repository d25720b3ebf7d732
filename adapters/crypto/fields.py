"""Field encryption: AES-256-GCM under a subject's data key, bound to where the field is stored.

Ciphertext format (29 bytes plus the UTF-8 length of the plaintext)::

    0x01 | nonce (12, random) | ciphertext | tag (16)

The leading format byte lets the scheme evolve; it is also authenticated. The associated data is the
canonical encoding of a `FieldContext`, so a ciphertext copied to another aggregate, aggregate
version, field, subject, category or key version does not decrypt. After an optimistic-concurrency
conflict the field must be encrypted again for the new aggregate version.

Random nonces allow 2**32 encryptions per data key (NIST SP 800-38D section 8.3); one key serves
one subject's category, far below that.
"""

from __future__ import annotations

import secrets
import struct
from dataclasses import dataclass
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.crypto import encoding
from adapters.crypto.envelope import KeyContext
from adapters.crypto.errors import FieldTamperedError
from adapters.crypto.keyring import KEY_BYTES
from domain.personal import Category

FORMAT_V1 = b"\x01"
_NONCE_BYTES = 12
_TAG_BYTES = 16
_LABEL = b"reviewtrail/field/v1"
_U32, _U64 = struct.Struct(">I"), struct.Struct(">Q")
_AAD_HEAD = encoding.canonical(_LABEL, FORMAT_V1)
_LENGTH_16, _LENGTH_8 = _U32.pack(16), _U32.pack(8)
# Lone surrogates (e.g. from JSON "\ud800") have no UTF-8 form; keep them so any str round-trips.
_TEXT_ERRORS = "surrogatepass"


@dataclass(frozen=True, slots=True)
class FieldContext:
    """Where an encrypted field lives; its canonical encoding is the associated data.

    `field_path` is a JSON pointer into the event payload (e.g. ``/child/name``). `key_version` is
    the version of the subject's data key. None of these are secret: they are stored in clear.
    Raises ValueError on an empty path or a negative version.
    """

    aggregate_id: UUID
    aggregate_version: int
    field_path: str
    subject_id: UUID
    category: Category
    key_version: int

    def __post_init__(self) -> None:
        if not self.field_path:
            raise ValueError("a field path is required")
        encoding.uint(self.aggregate_version)
        encoding.uint(self.key_version)
        encoding.text(self.field_path)

    @property
    def key_context(self) -> KeyContext:
        """The data key this field is encrypted under."""
        return KeyContext(self.subject_id, self.category, self.key_version)

    def associated_data(self) -> bytes:
        """Canonical bytes binding a ciphertext to this context (format byte included):
        ``encoding.canonical`` of the label, the format, the aggregate id and version, the path,
        the subject, the category and the key version, assembled in one join (every field of a
        review read is opened with one; the versions were range-checked on construction)."""
        path = encoding.text(self.field_path)
        category = encoding.text(self.category.value)
        return b"".join(
            (
                _AAD_HEAD,
                _LENGTH_16,
                self.aggregate_id.bytes,
                _LENGTH_8,
                _U64.pack(self.aggregate_version),
                _U32.pack(len(path)),
                path,
                _LENGTH_16,
                self.subject_id.bytes,
                _U32.pack(len(category)),
                category,
                _LENGTH_8,
                _U64.pack(self.key_version),
            )
        )


def encrypt_field(data_key: bytes, plaintext: str, context: FieldContext) -> bytes:
    """`plaintext` encrypted under `data_key` and bound to `context`, in format 1.

    Raises ValueError if `data_key` is not 32 bytes.
    """
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = _cipher(data_key).encrypt(
        nonce, plaintext.encode("utf-8", _TEXT_ERRORS), context.associated_data()
    )
    return FORMAT_V1 + nonce + sealed


def decrypt_field(data_key: bytes, ciphertext: bytes, context: FieldContext) -> str:
    """The plaintext of `ciphertext`, which must have been encrypted for exactly `context`.

    Raises FieldTamperedError if it was moved, altered, truncated, has an unknown format, or
    `data_key` is the wrong key. Raises ValueError if `data_key` is not 32 bytes.
    """
    cipher = _cipher(data_key)
    if ciphertext[:1] != FORMAT_V1:
        raise FieldTamperedError(context, "unknown ciphertext format")
    if len(ciphertext) < len(FORMAT_V1) + _NONCE_BYTES + _TAG_BYTES:
        raise FieldTamperedError(context, "ciphertext is truncated")
    nonce = ciphertext[len(FORMAT_V1) : len(FORMAT_V1) + _NONCE_BYTES]
    sealed = ciphertext[len(FORMAT_V1) + _NONCE_BYTES :]
    try:
        plaintext = cipher.decrypt(nonce, sealed, context.associated_data())
    except InvalidTag:
        raise FieldTamperedError(
            context, "authentication failed (moved, altered, or the wrong key)"
        ) from None
    return plaintext.decode("utf-8", _TEXT_ERRORS)


def _cipher(data_key: bytes) -> AESGCM:
    if len(data_key) != KEY_BYTES:
        raise ValueError(f"a data key is {KEY_BYTES} bytes")
    return AESGCM(data_key)
