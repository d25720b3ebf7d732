"""kill -9 the API process under load, restart it on the same database: nothing acknowledged is
lost, nothing is half-recorded, the views equal a clean rebuild."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.load import Mint
from tests.faults.checks import (
    assert_nothing_lost_or_half_recorded,
    assert_views_equal_a_clean_rebuild,
    wait_until_caught_up,
)
from tests.faults.conftest import Serve, answered_while, load_on, recovers

pytestmark = pytest.mark.slow


def test_an_api_killed_under_load_loses_nothing_it_acknowledged(
    serve: Serve, mint: Mint, database_url: str, var_dir: Path
) -> None:
    server = serve(database_url)
    load = load_on(server, mint)
    try:
        assert answered_while(load, 3.0) > 0
        server.kill()  # mid-request for some clients, mid-batch for the runner and integrator
        server.start()  # same port: the clients reconnect by themselves
        assert recovers(load)
        answered_while(load, 2.0)  # more traffic on the restarted service before the checks
    finally:
        load.stop()
    wait_until_caught_up(database_url)
    server.stop()

    summary = load.summary()
    assert summary["connections_lost"] > 0, "the kill interrupted no request"
    assert summary["server_errors"] == 0, summary["errors_by_status"]
    assert_nothing_lost_or_half_recorded(database_url, load.ledger)
    assert_views_equal_a_clean_rebuild(database_url, var_dir)
