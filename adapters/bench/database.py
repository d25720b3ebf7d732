"""A throwaway database for one bench run, on whichever PostgreSQL server is configured."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

import psycopg
from psycopg import sql


class BenchError(RuntimeError):
    """The bench could not run; the message says why and what to do."""


def with_dbname(url: str, dbname: str) -> str:
    """The same server URL with another database name (works for host and socket URLs)."""
    return urlunsplit(urlsplit(url)._replace(path="/" + dbname))


@contextmanager
def temporary_database(server_url: str) -> Iterator[str]:
    """Create an empty database next to ``server_url``'s, yield its URL, then drop it.

    The configured database itself is only used to issue CREATE/DROP DATABASE: the bench never
    reads or writes its tables.
    """
    name = f"rt_bench_{uuid4().hex[:12]}"
    try:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        raise BenchError(
            f"could not create a temporary database ({type(error).__name__}: {error}); "
            "the bench needs a role allowed to CREATE DATABASE"
        ) from None
    try:
        yield with_dbname(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def server_version(url: str) -> str:
    """PostgreSQL's ``server_version`` (e.g. ``16.4``)."""
    with psycopg.connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "unknown"
