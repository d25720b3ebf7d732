"""Shared fixtures: a real PostgreSQL server for the session, a fresh database per test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

import psycopg
import pytest
from hypothesis import settings
from psycopg import sql

from adapters.embedded_pg import EmbeddedPostgres

# Hypothesis' per-example deadline is a timing assertion: on a loaded 2-core CI machine it fails
# tests whose behaviour is right. Speed is measured by scripts/bench, never asserted in tests.
settings.register_profile("reviewtrail", deadline=None)
settings.load_profile("reviewtrail")


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """REVIEWTRAIL_TEST_DATABASE_URL when set, else an embedded server in a temporary directory."""
    configured = os.environ.get("REVIEWTRAIL_TEST_DATABASE_URL")
    if configured:
        yield configured
        return
    with (
        tempfile.TemporaryDirectory(prefix="rt-pg-") as tmp,
        EmbeddedPostgres(Path(tmp) / "pg") as url,
    ):
        yield url


@pytest.fixture
def database_url(pg_server_url: str) -> Iterator[str]:
    """A brand-new, empty database on the test server, dropped afterwards."""
    name = f"rt_test_{uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield with_dbname(pg_server_url, name)
    with psycopg.connect(pg_server_url, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def with_dbname(url: str, dbname: str) -> str:
    """The same server URL with another database name (works for host and socket URLs)."""
    return urlunsplit(urlsplit(url)._replace(path="/" + dbname))
