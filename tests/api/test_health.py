from __future__ import annotations

import time

import psycopg
from fastapi.testclient import TestClient
from psycopg import sql

from tests.api.conftest import TokenFor


def cut_off(database_url: str, server_url: str, allow: bool) -> None:
    name = psycopg.conninfo.conninfo_to_dict(database_url)["dbname"]
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(
            sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS {}").format(
                sql.Identifier(str(name)), sql.Literal(allow)
            )
        )
        if not allow:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
            )


def test_health_is_503_while_the_database_is_down_and_recovers_without_a_restart(
    client: TestClient, auth: TokenFor, database_url: str, pg_server_url: str
) -> None:
    cut_off(database_url, pg_server_url, allow=False)
    try:
        down = client.get("/health")
        assert down.status_code == 503
        assert down.json()["title"] == "Service unavailable"
        assert client.get("/reviews", headers=auth()).status_code == 503
    finally:
        cut_off(database_url, pg_server_url, allow=True)
    assert recovers(client)


def recovers(client: TestClient, attempts: int = 60) -> bool:
    """The pool reconnects in the background: allow it a bounded number of attempts."""
    for _ in range(attempts):
        if client.get("/health").status_code == 200:
            return True
        time.sleep(0.25)
    return False
