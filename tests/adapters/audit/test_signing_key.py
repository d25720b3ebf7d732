"""The checkpoint signing key file: generated and marked in development, refused in production."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.audit.signing_key import load_signing_key, signing_key_for, write_signing_key
from adapters.crypto.errors import KeyFileError
from adapters.settings import Mode, Settings, SettingsError


def settings_for(mode: Mode, key_file: Path) -> Settings:
    return Settings(mode=mode, audit_key_file=key_file, database_url="postgresql://db/rt")


def test_development_creates_a_key_marked_as_a_development_key(tmp_path: Path) -> None:
    path = tmp_path / "var" / "audit-ed25519.pem"
    created = signing_key_for(settings_for(Mode.DEVELOPMENT, path))
    assert created.is_development
    assert path.stat().st_mode & 0o777 == 0o600
    loaded = load_signing_key(path)
    assert loaded.is_development
    assert loaded.key.public_key() == created.key.public_key()


def test_production_refuses_a_missing_key_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="REVIEWTRAIL_AUDIT_KEY_FILE"):
        signing_key_for(settings_for(Mode.PRODUCTION, tmp_path / "absent.pem"))


def test_production_refuses_a_development_key(tmp_path: Path) -> None:
    path = tmp_path / "audit.pem"
    write_signing_key(path, development=True)
    with pytest.raises(SettingsError, match="development key"):
        signing_key_for(settings_for(Mode.PRODUCTION, path))


def test_production_accepts_a_key_made_for_it(tmp_path: Path) -> None:
    path = tmp_path / "audit.pem"
    made = write_signing_key(path, development=False)
    assert signing_key_for(settings_for(Mode.PRODUCTION, path)).key.public_key() == (
        made.key.public_key()
    )


def test_a_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "audit.pem"
    write_signing_key(path, development=False)
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_signing_key(path)


def test_an_existing_key_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "audit.pem"
    write_signing_key(path, development=False)
    with pytest.raises(FileExistsError):
        write_signing_key(path, development=False)
