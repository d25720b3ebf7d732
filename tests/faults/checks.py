"""What every fault test asserts afterwards, on the database the service ran on:

- every command acknowledged with 2xx is in the event store, at the version and log position
  its receipt named, under its request id (the events' correlation id);
- no command is half-recorded: each aggregate's versions run 1..n without a gap, and the events
  of one command (one correlation id) span either none or all of the aggregates it records; a
  refused command and an idempotent retry recorded nothing;
- every view equals a clean rebuild of the events it has applied, and the audit tree holds
  every event and verifies against its signed checkpoints.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg

from adapters.audit.signing_key import signing_key_for
from adapters.audit.verifier import verify_database
from adapters.keyfile import keyring_for
from adapters.load.session import Command, Ledger
from adapters.postgres import tracking
from adapters.postgres.audit_queries import AuditQueries
from adapters.postgres.db import EVENTS_TABLE, Database
from adapters.runner import ApplicationEventSource, ProjectionRunner, Registration
from adapters.settings import Settings
from api.app import build_services, registrations
from api.deps import Services

CORRELATION = "convert_from(state, 'UTF8')::jsonb -> 'meta' -> '_data_' ->> 'correlation_id'"
TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+)", re.IGNORECASE)


def settings_for(var_dir: Path) -> Settings:
    """The served app's settings (the defaults, under ``var_dir``: its keys), in process."""
    return Settings.model_construct(var_dir=var_dir, pool_size=4)


def stored_events(url: str) -> list[dict[str, Any]]:
    with psycopg.connect(url, row_factory=psycopg.rows.dict_row) as conn:
        return conn.execute(
            f"SELECT notification_id, originator_id, originator_version, {CORRELATION} AS cid"
            f" FROM {EVENTS_TABLE} ORDER BY notification_id"
        ).fetchall()


def assert_nothing_lost_or_half_recorded(url: str, ledger: Ledger) -> int:
    """The event store's side of the checks; returns how many commands were acknowledged."""
    events = stored_events(url)
    assert_versions_are_contiguous(events)
    by_command: dict[UUID, set[UUID]] = defaultdict(set)
    for event in events:
        if event["cid"]:
            by_command[UUID(event["cid"])].add(event["originator_id"])
    stored = {
        (str(e["originator_id"]), e["originator_version"], e["notification_id"]) for e in events
    }
    for command in ledger.commands():
        recorded = by_command.get(command.request_id, set())
        assert_recorded_whole_or_not_at_all(command, recorded)
        if _ok(command.status):
            receipt = command.receipt or {}
            in_store = (receipt["id"], receipt["version"], receipt["position"]) in stored
            assert in_store, f"acknowledged {command} is not in the event store"
    acknowledged = ledger.acknowledged()
    assert acknowledged, "the load acknowledged no command: nothing was tested"
    return len(acknowledged)


def assert_versions_are_contiguous(events: list[dict[str, Any]]) -> None:
    versions: dict[UUID, list[int]] = defaultdict(list)
    for event in events:
        versions[event["originator_id"]].append(int(event["originator_version"]))
    for originator, seen in versions.items():
        assert sorted(seen) == list(range(1, len(seen) + 1)), f"{originator} has a gap: {seen}"


def assert_recorded_whole_or_not_at_all(command: Command, aggregates: set[UUID]) -> None:
    """``aggregates``: those with events under the command's request id."""
    status = command.status
    if command.aggregates == 0 or (status is not None and 400 <= status < 500):
        assert not aggregates, f"{command} should have recorded nothing"  # retry or refusal
    elif _ok(status):
        assert len(aggregates) == command.aggregates, f"{command} recorded {len(aggregates)}"
    else:  # no answer, or 5xx: it may have been recorded, but only whole
        assert len(aggregates) in (0, command.aggregates), f"{command} is half-recorded"


def _ok(status: int | None) -> bool:
    return status is not None and 200 <= status < 300


def wait_until_caught_up(url: str, timeout: float = 30.0) -> None:
    """The live runner and integrator reach the log head (they run in the served process)."""
    db = Database(url, max_size=1)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            head = db.log_head()
            behind = {
                n: r["position"] for n, r in tracking.positions(db).items() if r["position"] < head
            }
            integrated = AuditQueries(db).tree_state().position
            if not behind and integrated >= head:
                return
            time.sleep(0.1)
        raise AssertionError(f"not caught up with log head {head}: {behind}, audit {integrated}")
    finally:
        db.close()


def view_tables(registration: Registration) -> list[str]:
    return [m.group(1) for sql in registration.table.create_sql if (m := TABLE.search(sql))]


def snapshot(db: Database, tables: list[str]) -> dict[str, list[str]]:
    """Every row of ``tables``, as sorted reprs (row order is not part of a view)."""
    with db.connection() as conn:
        return {
            table: sorted(
                repr(tuple(row.values())) for row in conn.execute(f"SELECT * FROM {table}")
            )
            for table in tables
        }


class UpTo:
    """The application's events up to ``last`` only: a rebuild of what a view has applied."""

    def __init__(self, source: ApplicationEventSource, last: int) -> None:
        self._source, self._last = source, last

    def read(self, after: int, limit: int) -> list[tuple[int, Any]]:
        return [(p, e) for p, e in self._source.read(after, limit) if p <= self._last]


def assert_views_equal_a_clean_rebuild(url: str, var_dir: Path) -> None:
    """Each view equals a rebuild, from scratch, of the events up to its tracked position; the
    audit tree covers the log and verifies. Run with the service stopped."""
    services = build_services(settings_for(var_dir), url)
    try:
        for registration in registrations(keyring_for(services.settings)):
            assert_view_equals_rebuild(services, registration)
        assert_audit_intact(services)
    finally:
        services.close()


def assert_view_equals_rebuild(services: Services, registration: Registration) -> None:
    name, tables = registration.name, view_tables(registration)
    position = tracking.position_of(services.db, name)
    live = snapshot(services.db, tables)
    source = UpTo(ApplicationEventSource(services.app), position)
    runner = ProjectionRunner(services.db, source, [registration], batch_size=200)
    runner.rebuild(name)
    assert tracking.position_of(services.db, name) <= position
    assert snapshot(services.db, tables) == live, f"view {name} differs from a clean rebuild"


def assert_audit_intact(services: Services) -> None:
    state = AuditQueries(services.db).tree_state()
    assert state.position == services.db.log_head()
    public_key = signing_key_for(services.settings).key.public_key()
    report = verify_database(services.db.url, public_key, services.settings.audit_checkpoint_file)
    assert report.intact, report.summary()
