"""Canary scans: plant unique strings, then look for them everywhere data could leak."""

from __future__ import annotations

import subprocess
from uuid import uuid4

from adapters.postgres.backup import find_tool, server_major


def canary(label: str) -> str:
    return f"CANARY-{label}-{uuid4().hex}"


def pg_dump(database_url: str) -> bytes:
    """The whole database as pg_dump prints it: the first pg_dump, on PATH or in the pgserver
    wheel, that is new enough for the server (as ``reviewtrail backup`` chooses)."""
    binary = find_tool("pg_dump", server_major(database_url))
    result = subprocess.run([binary, "--dbname", database_url], capture_output=True, check=True)
    return result.stdout


def leaks(haystack: bytes, needle: str) -> bool:
    """True when ``needle`` appears as text, or hex-encoded as pg_dump prints bytea."""
    raw = needle.encode()
    return raw in haystack or raw.hex().encode() in haystack
