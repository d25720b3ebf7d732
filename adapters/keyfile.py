"""Which key ring the service uses: the configured key file, or a development one under var/."""

from __future__ import annotations

import logging

from adapters.crypto import KeyRing, generate_development_keyfile, load_keyring
from adapters.settings import Mode, Settings, SettingsError

log = logging.getLogger(__name__)


def keyring_for(settings: Settings) -> KeyRing:
    """Load the key ring; in development create one on first run (with a warning).

    Production refuses a missing key file and a development key ring.
    """
    path = settings.key_path
    if not path.exists():
        if settings.mode is Mode.PRODUCTION:
            raise SettingsError(f"key file {path} not found: set REVIEWTRAIL_KEY_FILE")
        log.warning("generating a DEVELOPMENT key ring at %s: never use it in production", path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return generate_development_keyfile(path)
    ring = load_keyring(path)
    if ring.is_development and settings.mode is Mode.PRODUCTION:
        raise SettingsError(f"key file {path} is a development key ring; production refuses it")
    return ring
