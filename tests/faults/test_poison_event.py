"""A poison event under load: an event a projection cannot apply (here a NotificationReceived
whose summary is missing, as a bad migration or a hand edit could leave it) stops that projection
loudly — marked failed at the event's position, with the error's type only — while the other
projections and the API carry on; ``reviewtrail status`` and /metrics report it; a rebuild with
the same code stops at the same event (docs/operations.md, "Poison events")."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from uuid import uuid4

import psycopg
import pytest

from adapters.bench.served import serve_environment
from adapters.load import Load, Mint, ServeProcess
from adapters.load.http import LoadClient
from adapters.postgres import tracking
from adapters.postgres.db import EVENTS_TABLE, Database
from adapters.runner import ProjectionFailed
from api.app import build_services
from tests.faults.checks import (
    assert_nothing_lost_or_half_recorded,
    assert_views_equal_a_clean_rebuild,
    settings_for,
)
from tests.faults.conftest import Serve, answered_while, load_on, recovers

pytestmark = pytest.mark.slow
TOPIC = "reviewtrail.Review.NotificationReceived"
POISONED = "review_summary"  # reads the summary; the projections that ignore it carry on


def inject_poison(url: str) -> int:
    """Append a copy of the last NotificationReceived without its summary, for a new review, the
    way the event store appends (table lock, NOTIFY); its log position."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            f"SELECT state FROM {EVENTS_TABLE} WHERE topic = %s"
            " ORDER BY notification_id DESC LIMIT 1",
            (TOPIC,),
        ).fetchone()
        assert row is not None
        state = json.loads(bytes(row[0]))
        del state["summary"]
        state["meta"]["_data_"]["correlation_id"] = str(uuid4())
        conn.execute(f"LOCK TABLE {EVENTS_TABLE} IN EXCLUSIVE MODE")
        inserted = conn.execute(
            f"INSERT INTO {EVENTS_TABLE} (originator_id, originator_version, topic, state)"
            " VALUES (%s, 1, %s, %s) RETURNING notification_id",
            (uuid4(), TOPIC, json.dumps(state).encode()),
        ).fetchone()
        conn.execute(f"NOTIFY {EVENTS_TABLE}")
    assert inserted is not None
    return int(inserted[0])


def wait_for_failure(db: Database, timeout: float = 15.0) -> dict[str, dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = tracking.positions(db)
        if rows[POISONED]["status"] == "failed":
            return rows
        time.sleep(0.05)
    raise AssertionError(f"{POISONED} never failed")


def healthy_caught_up_past(db: Database, poison: int, timeout: float = 15.0) -> list[str]:
    """The projections still running, once each has gone past the poison event."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = tracking.positions(db)
        running = [n for n, r in rows.items() if r["status"] == "running"]
        if all(int(rows[n]["position"]) > poison for n in running):
            return running
        time.sleep(0.05)
    raise AssertionError("the healthy projections did not carry on past the poison event")


def status_command(database_url: str, var_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", "status"],
        env=serve_environment(database_url, var_dir),
        capture_output=True,
        text=True,
        check=False,
    )


def metrics(server: ServeProcess, mint: Mint) -> str:
    client = LoadClient(server.host, server.port, mint("prometheus", "ops", ["auditor"]))
    try:
        return str(client.send("GET", "/metrics").body)
    finally:
        client.close()


def test_a_poison_event_stops_its_projection_loudly_and_the_rest_carry_on_under_load(
    serve: Serve, mint: Mint, database_url: str, var_dir: Path
) -> None:
    server = serve(database_url)
    load: Load = load_on(server, mint)
    db = Database(database_url, max_size=1)
    try:
        assert answered_while(load, 2.0) > 0
        poison = inject_poison(database_url)
        rows = wait_for_failure(db)
        error = f"projection {POISONED} failed at position {poison}: AttributeError"
        assert rows[POISONED]["error"] == error
        assert int(rows[POISONED]["position"]) < poison
        running = healthy_caught_up_past(db, poison)
        assert running, "every projection stopped"
        assert recovers(load), "the API stopped taking commands"
        status = status_command(database_url, var_dir)
        assert status.returncode == 1
        assert POISONED in status.stderr
        exposed = metrics(server, mint)
        assert f'reviewtrail_projection_failed{{projection="{POISONED}"}} 1' in exposed
        assert f'reviewtrail_projection_failed{{projection="{running[0]}"}} 0' in exposed
    finally:
        load.stop()
        db.close()
    server.stop()

    assert load.summary()["server_errors"] == 0, load.summary()["errors_by_status"]
    assert_nothing_lost_or_half_recorded(database_url, load.ledger)
    assert_views_equal_a_clean_rebuild(database_url, var_dir)
    assert_a_rebuild_stops_at(database_url, var_dir, poison)


def assert_a_rebuild_stops_at(database_url: str, var_dir: Path, poison: int) -> None:
    services = build_services(settings_for(var_dir), database_url)
    try:
        with pytest.raises(ProjectionFailed) as failed:
            services.runner.rebuild(POISONED)
        assert failed.value.position == poison
    finally:
        services.close()
