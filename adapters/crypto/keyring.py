"""Versioned key-encryption keys (KEKs) and the blind-index key, kept in a JSON key file.

Key file, written with mode 0600 and never overwritten by accident::

    {
      "format": "reviewtrail-keyring/1",
      "development": false,
      "current": 2,
      "kek": {"1": "<base64, 32 bytes>", "2": "<base64, 32 bytes>"},
      "blind_index_key": "<base64, 32 bytes>"
    }

`current` wraps new data keys; older versions still unwrap until rewrapped and retired. Retiring
KEK versions older than the backup retention is what makes erasure final in old backups
(research/crypto-audit.md section 5). A file marked ``development`` comes from
`generate_development_keyfile`; settings refuse such a ring in production (`is_development`).

Keys are Python `bytes`, which cannot be reliably zeroed; keep rings few and long-lived.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from adapters.crypto.errors import KeyFileError, UnknownKeyVersionError

KEY_BYTES = 32
FORMAT = "reviewtrail-keyring/1"


@dataclass(frozen=True, slots=True)
class Kek:
    """One key-encryption key: AES-256, identified by a positive `version`."""

    version: int
    key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if self.version < 1:
            raise ValueError("KEK versions start at 1")
        if len(self.key) != KEY_BYTES:
            raise ValueError(f"a KEK is {KEY_BYTES} bytes")

    @property
    def fingerprint(self) -> str:
        """A short one-way id of the key, safe for logs and erasure records."""
        return hashlib.sha256(b"reviewtrail/kek-fingerprint\x00" + self.key).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class KeyRing:
    """The KEK versions in service, which one is current, and the blind-index key."""

    keks: tuple[Kek, ...]
    current_version: int
    blind_index_key: bytes = field(repr=False)
    is_development: bool = False

    def __post_init__(self) -> None:
        versions = [kek.version for kek in self.keks]
        if len(set(versions)) != len(versions):
            raise ValueError("KEK versions must be unique")
        if self.current_version not in versions:
            raise ValueError(f"current KEK version {self.current_version} is not in the ring")
        if len(self.blind_index_key) != KEY_BYTES:
            raise ValueError(f"the blind-index key is {KEY_BYTES} bytes")

    @classmethod
    def generate(cls, *, development: bool) -> KeyRing:
        """A new ring with one random KEK (version 1) and a random blind-index key."""
        kek = Kek(1, secrets.token_bytes(KEY_BYTES))
        return cls((kek,), 1, secrets.token_bytes(KEY_BYTES), development)

    @property
    def current(self) -> Kek:
        """The KEK that wraps new data keys."""
        return self.kek(self.current_version)

    def kek(self, version: int) -> Kek:
        """The KEK of `version`. Raises UnknownKeyVersionError if the ring does not hold it."""
        for kek in self.keks:
            if kek.version == version:
                return kek
        raise UnknownKeyVersionError(version)

    def rotated(self) -> KeyRing:
        """This ring plus a new random KEK, one version above the highest, made current."""
        kek = Kek(max(k.version for k in self.keks) + 1, secrets.token_bytes(KEY_BYTES))
        return KeyRing((*self.keks, kek), kek.version, self.blind_index_key, self.is_development)

    def retired(self, version: int) -> KeyRing:
        """This ring without KEK `version`: data keys still wrapped by it become unreadable.

        Raises UnknownKeyVersionError if absent, ValueError if it is the current version.
        """
        self.kek(version)
        if version == self.current_version:
            raise ValueError("the current KEK cannot be retired; rotate first")
        keks = tuple(k for k in self.keks if k.version != version)
        return KeyRing(keks, self.current_version, self.blind_index_key, self.is_development)


def load_keyring(path: Path, *, allow_shared_permissions: bool = False) -> KeyRing:
    """Read a key file. Raises KeyFileError if it is missing, malformed, or group/world readable.

    `allow_shared_permissions` accepts modes such as 0644 for mounts that cannot be 0600.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        raw = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"cannot read key file {path}: {exc.strerror}") from None
    if mode & 0o077 and not allow_shared_permissions:
        raise KeyFileError(f"key file {path} has mode {mode:04o}; run chmod 600 on it")
    try:
        return _from_document(json.loads(raw))
    except KeyError as exc:
        raise KeyFileError(f"key file {path} has no field {exc}") from None
    except UnicodeDecodeError:
        raise KeyFileError(f"key file {path} is not UTF-8 JSON") from None
    except (ValueError, TypeError, AttributeError) as exc:
        # Safe to quote: the parsers below never echo a key (see _kek_version, _unb64).
        raise KeyFileError(f"key file {path} is malformed: {exc}") from None


def write_keyfile(ring: KeyRing, path: Path, *, replace: bool = False) -> None:
    """Write `ring` to `path` with mode 0600, atomically.

    Raises FileExistsError if `path` exists and not `replace`: overwriting a key file by mistake
    would destroy every data key it wraps.
    """
    data = json.dumps(_to_document(ring), indent=2).encode() + b"\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def generate_development_keyfile(path: Path) -> KeyRing:
    """Create a new development key file at `path` (mode 0600) and return its ring."""
    ring = KeyRing.generate(development=True)
    write_keyfile(ring, path)
    return ring


def _to_document(ring: KeyRing) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "development": ring.is_development,
        "current": ring.current_version,
        "kek": {str(k.version): _b64(k.key) for k in ring.keks},
        "blind_index_key": _b64(ring.blind_index_key),
    }


def _from_document(doc: dict[str, Any]) -> KeyRing:
    if doc["format"] != FORMAT:
        raise ValueError("unknown key file format")
    if not isinstance(doc["development"], bool) or not isinstance(doc["current"], int):
        raise TypeError("'development' must be a boolean and 'current' an integer")
    keks = tuple(Kek(_kek_version(label), _unb64(key)) for label, key in doc["kek"].items())
    return KeyRing(keks, doc["current"], _unb64(doc["blind_index_key"]), doc["development"])


def _kek_version(label: str) -> int:
    if not (label.isascii() and label.isdigit()):
        # A misplaced key would end up here, so the message must not quote the label.
        raise ValueError("KEK versions are labelled by positive integers")
    return int(label)


def _b64(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error:
        raise ValueError("a key is not valid base64") from None
    except TypeError:
        raise TypeError("keys are base64 strings") from None
