"""Canary scans: plant unique strings, then look for them everywhere data could leak."""

from __future__ import annotations

import subprocess
from pathlib import Path
from uuid import uuid4

import pgserver


def canary(label: str) -> str:
    return f"CANARY-{label}-{uuid4().hex}"


def pg_dump(database_url: str) -> bytes:
    """The whole database as pg_dump prints it (the wheel's pg_dump dumps servers up to 16)."""
    binary = Path(pgserver.__file__).parent / "pginstall" / "bin" / "pg_dump"
    result = subprocess.run(
        [str(binary), "--dbname", database_url], capture_output=True, check=True
    )
    return result.stdout


def leaks(haystack: bytes, needle: str) -> bool:
    """True when ``needle`` appears as text, or hex-encoded as pg_dump prints bytea."""
    raw = needle.encode()
    return raw in haystack or raw.hex().encode() in haystack
