"""kill -9 the projection runner and the audit integrator (standalone processes, as in a
scaled-out deployment) mid-batch while the API takes commands: restarted, they resume after
their last committed batch; the views equal a clean rebuild and the audit tree verifies.

(``tests/adapters/test_runner_crash.py`` kills a rebuild and
``tests/adapters/audit/test_integrator_crash.py`` an integrator catching up on a quiet log;
here the log grows while they die.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from adapters.load import Load, Mint
from adapters.postgres import tracking
from adapters.postgres.audit_queries import AuditQueries
from adapters.postgres.db import Database
from tests.faults.checks import (
    assert_nothing_lost_or_half_recorded,
    assert_views_equal_a_clean_rebuild,
    wait_until_caught_up,
)
from tests.faults.conftest import Serve, Worker, load_on

pytestmark = pytest.mark.slow
BATCH = "3"  # small batches: many transactions to be caught in the middle of


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {condition.__qualname__}"
        time.sleep(0.005)


def more_acknowledged(load: Load, count: int = 3) -> Callable[[], bool]:
    """The API acknowledges ``count`` more commands (its reads wait for the views)."""
    before = len(load.ledger.acknowledged())

    def acknowledged() -> bool:
        return len(load.ledger.acknowledged()) >= before + count

    return acknowledged


def runner_working(db: Database) -> Callable[[], bool]:
    """The (re)started runner has committed a batch and is still behind the log head: it is
    alive and catching up, one batch after another."""
    since = max(int(r["position"]) for r in tracking.positions(db).values())

    def behind() -> bool:
        head = db.log_head()
        return any(since < r["position"] < head for r in tracking.positions(db).values())

    return behind


def integrator_working(db: Database) -> Callable[[], bool]:
    since = AuditQueries(db).tree_state().position

    def behind() -> bool:
        return since < AuditQueries(db).tree_state().position < db.log_head()

    return behind


def test_a_runner_and_an_integrator_killed_mid_batch_under_load_resume_exactly(
    serve: Serve, worker: Callable[..., Worker], mint: Mint, database_url: str, var_dir: Path
) -> None:
    server = serve(database_url, run_projections="false", run_audit_integrator="false")
    runner = worker(["projections", "run"], database_url, projection_batch_size=BATCH)
    integrator = worker(["audit", "integrate"], database_url, audit_batch_size=BATCH)
    db = Database(database_url, max_size=1)
    load = load_on(server, mint)
    try:
        runner_live, integrator_live = runner_working(db), integrator_working(db)
        runner.start()
        integrator.start()
        wait_until(runner_live, timeout=30)
        runner.kill()
        wait_until(integrator_live, timeout=30)
        integrator.kill()
        runner.start()
        integrator.start()
        wait_until(more_acknowledged(load), timeout=20)
    finally:
        load.stop()
        db.close()
    wait_until_caught_up(database_url)
    runner.stop()
    integrator.stop()
    server.stop()

    assert load.summary()["server_errors"] == 0
    assert_nothing_lost_or_half_recorded(database_url, load.ledger)
    assert_views_equal_a_clean_rebuild(database_url, var_dir)
