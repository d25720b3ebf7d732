"""The checkpoint signing key: an Ed25519 PKCS#8 PEM file, mode 0600, outside the database.

A development key carries the explanatory line ``DEVELOPMENT_MARKER`` before its PEM block
(RFC 7468 allows text there; OpenSSL and ``cryptography`` skip it), so the file itself says what
it is and production can refuse it, as ``adapters.keyfile`` does for the key ring. Whoever can
read this file can sign checkpoints: keep it away from database administrators.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.crypto.errors import KeyFileError
from adapters.settings import Mode, Settings, SettingsError

log = logging.getLogger(__name__)
DEVELOPMENT_MARKER = "reviewtrail audit signing key: DEVELOPMENT ONLY, never use in production"


@dataclass(frozen=True)
class SigningKey:
    """The private key and whether its file is marked as a development key."""

    key: Ed25519PrivateKey
    is_development: bool


def write_signing_key(path: Path, *, development: bool) -> SigningKey:
    """Create a new key file at ``path`` (mode 0600). Raises ``FileExistsError`` if present:
    replacing a signing key silently would orphan every checkpoint signed so far."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    header = f"{DEVELOPMENT_MARKER}\n".encode() if development else b""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(header + pem)
    return SigningKey(key, development)


def load_signing_key(path: Path) -> SigningKey:
    """Read a key file. Raises ``KeyFileError`` if missing, unreadable, shared with group or
    world, or not an Ed25519 private key."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        raw = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"cannot read audit key file {path}: {exc.strerror}") from None
    if mode & 0o077:
        raise KeyFileError(f"audit key file {path} has mode {mode:04o}; run chmod 600 on it")
    try:
        key = serialization.load_pem_private_key(raw, password=None)
    except (ValueError, TypeError):
        raise KeyFileError(f"audit key file {path} is not an unencrypted PEM key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"audit key file {path} is not an Ed25519 key")
    return SigningKey(key, DEVELOPMENT_MARKER.encode() in raw.split(b"-----BEGIN", 1)[0])


def signing_key_for(settings: Settings) -> SigningKey:
    """Load the audit signing key; in development create one on first run (with a warning).

    Production refuses a missing key file and a development key.
    """
    path = settings.audit_key_path
    if not path.exists():
        if settings.mode is Mode.PRODUCTION:
            raise SettingsError(
                f"audit key file {path} not found: set REVIEWTRAIL_AUDIT_KEY_FILE "
                "(create one with `reviewtrail audit keygen`)"
            )
        log.warning(
            "generating a DEVELOPMENT audit signing key at %s: never use it in production", path
        )
        return write_signing_key(path, development=True)
    signing = load_signing_key(path)
    if signing.is_development and settings.mode is Mode.PRODUCTION:
        raise SettingsError(f"audit key file {path} is a development key; production refuses it")
    return signing
