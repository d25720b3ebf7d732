"""Envelope encryption for personal-data fields, blind indexes, and the data-key cache.

- `keyring`: versioned KEKs and the blind-index key from a JSON key file (`load_keyring`).
- `envelope`: per (subject, category, version) data keys wrapped by a KEK (`wrap`, `unwrap`).
- `fields`: AES-256-GCM field ciphertexts bound to a `FieldContext` (`encrypt_field`).
- `blind_index`: HMAC tokens of normalised identifiers for lookup without plaintext.
- `cache`: `DataKeyCache`, the per-process LRU of unwrapped data keys.
- `errors`: the exception tree.
"""

from adapters.crypto.blind_index import IdentifierKind, blind_index, name_and_dob_index, normalise
from adapters.crypto.cache import DataKeyCache
from adapters.crypto.envelope import (
    KeyContext,
    new_data_key,
    rewrap,
    unwrap,
    wrap,
    wrapped_kek_version,
)
from adapters.crypto.errors import (
    CryptoError,
    DataKeyUnwrapError,
    FieldTamperedError,
    IdentifierFormatError,
    KeyFileError,
    UnknownKeyVersionError,
)
from adapters.crypto.fields import FieldContext, decrypt_field, encrypt_field
from adapters.crypto.keyring import (
    Kek,
    KeyRing,
    generate_development_keyfile,
    load_keyring,
    write_keyfile,
)

__all__ = [
    "CryptoError",
    "DataKeyCache",
    "DataKeyUnwrapError",
    "FieldContext",
    "FieldTamperedError",
    "IdentifierFormatError",
    "IdentifierKind",
    "Kek",
    "KeyContext",
    "KeyFileError",
    "KeyRing",
    "UnknownKeyVersionError",
    "blind_index",
    "decrypt_field",
    "encrypt_field",
    "generate_development_keyfile",
    "load_keyring",
    "name_and_dob_index",
    "new_data_key",
    "normalise",
    "rewrap",
    "unwrap",
    "wrap",
    "wrapped_kek_version",
    "write_keyfile",
]
