"""Queries served from a read replica (REVIEWTRAIL_QUERY_DATABASE_URL), on real PostgreSQL.

The "replica" is a second database that receives the primary's rows only when the test copies
them (as streaming replication would, late): until then queries wait for it and then show what
it has, never an error; commands go to the primary throughout.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from adapters.settings import Settings
from api.app import build_services, create_app
from tests.api.conftest import TokenFor
from tests.conftest import with_dbname

NOTIFICATION = {
    "jurisdiction": "wales",
    "notifying_agency": "Gwent Police",
    "summary": "Serious injury to a child.",
    "received_on": "2026-11-02",
}


@pytest.fixture
def replica_url(pg_server_url: str, settings: Settings) -> Iterator[str]:
    name = f"rt_replica_{uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = with_dbname(pg_server_url, name)
    build_services(settings, url).close()  # the same schema as the primary
    yield url
    with psycopg.connect(pg_server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def replicate(primary: str, replica: str) -> None:
    """Copy every table of the primary to the replica, as replication would."""
    with psycopg.connect(primary) as source, psycopg.connect(replica) as target:
        tables = [
            row[0]
            for row in source.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]
        target.execute("SET session_replication_role = replica")  # no write-once triggers
        for table in tables:
            name = sql.Identifier(table)
            target.execute(sql.SQL("TRUNCATE {}").format(name))
            copy_out = sql.SQL("COPY {} TO STDOUT (FORMAT BINARY)").format(name)
            copy_in = sql.SQL("COPY {} FROM STDIN (FORMAT BINARY)").format(name)
            with source.cursor().copy(copy_out) as out, target.cursor().copy(copy_in) as into:
                for data in out:
                    into.write(data)


def test_queries_read_the_replica_and_wait_for_it_while_commands_write_the_primary(
    settings: Settings, database_url: str, replica_url: str, tmp_path: Path, auth: TokenFor
) -> None:
    settings = settings.model_copy(
        update={"query_database_url": replica_url, "read_your_writes_timeout": 0.3}
    )
    reader = auth("governance-officer")
    with TestClient(create_app(settings, database_url)) as client:
        created = client.post("/reviews", json=NOTIFICATION, headers=auth("chair"))
        assert created.status_code == 201
        review = created.json()["id"]
        assert client.get("/reviews", headers=reader).json()["items"] == []
        assert client.get(f"/reviews/{review}", headers=reader).status_code == 404
        replicate(database_url, replica_url)
        listed = client.get("/reviews", headers=reader).json()["items"]
        assert [item["id"] for item in listed] == [review]
        assert client.get(f"/reviews/{review}", headers=reader).status_code == 200
