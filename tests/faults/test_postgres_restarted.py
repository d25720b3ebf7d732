"""Stop PostgreSQL under load (a private server: never the machine's shared one) and start it
again: meanwhile the API answers 503 problem+json, never 500; afterwards it recovers without a
restart, and nothing it acknowledged is lost or half-recorded."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.load import Mint, ServeProcess
from adapters.load.http import LoadClient, Reply
from tests.faults.checks import (
    assert_nothing_lost_or_half_recorded,
    assert_views_equal_a_clean_rebuild,
    wait_until_caught_up,
)
from tests.faults.conftest import Serve, answered_while, load_on, recovers
from tests.faults.private_postgres import PrivatePostgres

pytestmark = pytest.mark.slow
PROBLEM = "application/problem+json"


@pytest.fixture
def postgres() -> Iterator[PrivatePostgres]:
    with PrivatePostgres() as server:
        yield server


def probe(server: ServeProcess, token: str, path: str) -> Reply:
    client = LoadClient(server.host, server.port, token)
    try:
        return client.send("GET", path)
    finally:
        client.close()


def wait_for_health(server: ServeProcess, timeout: float = 30.0) -> float:
    """Seconds until /health answers 200 again."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if probe(server, "", "/health").status == 200:
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError("the API never recovered")


def test_while_postgres_is_down_the_api_answers_503_and_recovers_without_a_restart(
    postgres: PrivatePostgres, serve: Serve, mint: Mint, var_dir: Path
) -> None:
    # Requests wait this long for a connection before answering 503 (default 5 s).
    server = serve(postgres.url, database_timeout_seconds="1")
    token = mint("prober", "load-0", ["chair"])
    load = load_on(server, mint)
    try:
        assert answered_while(load, 3.0) > 0
        postgres.stop("immediate")
        time.sleep(1.0)  # the clients keep sending meanwhile
        for path in ("/health", "/reviews"):
            down = probe(server, token, path)
            assert down.status == 503, (path, down.status, down.body)
            assert down.headers["content-type"] == PROBLEM
            assert down.body["title"] == "Service unavailable"
        time.sleep(1.0)
        postgres.start()
        wait_for_health(server)
        assert recovers(load), "no command succeeded after PostgreSQL came back"
    finally:
        load.stop()
    wait_until_caught_up(postgres.url)
    server.stop()

    summary = load.summary()
    assert summary["errors_by_status"].get("503", 0) > 0, "no request met the outage"
    assert summary["server_errors"] == summary["errors_by_status"]["503"], summary
    assert_nothing_lost_or_half_recorded(postgres.url, load.ledger)
    assert_views_equal_a_clean_rebuild(postgres.url, var_dir)
