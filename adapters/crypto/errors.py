"""Errors raised by the crypto adapter. Messages never contain key material or plaintext.

CryptoError
 ├── KeyFileError            the key file is missing, malformed, or readable by others
 ├── UnknownKeyVersionError  a KEK version is not in the key ring (never existed, or retired)
 ├── DataKeyUnwrapError      a wrapped data key fails authentication
 ├── FieldTamperedError      a field ciphertext fails authentication
 └── IdentifierFormatError   a blind-index input is not a valid identifier of its kind
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.crypto.fields import FieldContext


class CryptoError(Exception):
    """Base class of every error raised by `adapters.crypto`."""


class KeyFileError(CryptoError):
    """Raised when a key file cannot be read, parsed or trusted."""


class UnknownKeyVersionError(CryptoError):
    """Raised when a KEK version is asked for that the key ring does not hold."""

    def __init__(self, version: int) -> None:
        super().__init__(f"key-encryption key version {version} is not in the key ring")
        self.version = version


class DataKeyUnwrapError(CryptoError):
    """Raised when a wrapped data key cannot be authenticated.

    Causes: the wrong KEK, a context (subject, category, key version) other than the one it was
    wrapped for, or altered bytes.
    """


class FieldTamperedError(CryptoError):
    """Raised when a field ciphertext cannot be authenticated.

    Causes: the ciphertext was moved to another aggregate, version, field or subject, altered, or is
    decrypted with the wrong data key. `context` is where it was read (it holds ids, never values).
    """

    def __init__(self, context: FieldContext, reason: str) -> None:
        super().__init__(
            f"cannot decrypt {context.field_path} of {context.aggregate_id} "
            f"v{context.aggregate_version}: {reason}"
        )
        self.context = context


class IdentifierFormatError(CryptoError, ValueError):
    """Raised when an identifier given for a blind index does not have the shape of its kind."""
