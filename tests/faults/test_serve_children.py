"""``reviewtrail serve`` runs the projection runner and the audit integrator as child processes
(``REVIEWTRAIL_BACKGROUND_PROCESSES``, on by default): they do the work, a child that dies is
restarted, and none outlives the API, even when the API is killed with ``kill -9``."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from adapters.bench.served import Client
from adapters.load import Mint, ServeProcess
from adapters.postgres.audit_queries import AuditQueries
from adapters.postgres.db import Database
from tests.faults.conftest import Serve, Worker

pytestmark = pytest.mark.slow
RUNNER, INTEGRATOR = "projections run", "audit integrate"
BOUND = 30.0  # only keeps a broken service from hanging the suite


def eventually(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + BOUND
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.05)


def children(server: ServeProcess) -> dict[str, int]:
    """The server's running children by role (runner, integrator): pid."""
    found = {}
    for child in psutil.Process(server.pid).children():
        try:
            command = " ".join(child.cmdline())
        except psutil.Error:
            continue
        for role in (RUNNER, INTEGRATOR):
            if command.endswith(f"api.cli {role}") and child.status() != psutil.STATUS_ZOMBIE:
                found[role] = child.pid
    return found


def alive(pid: int) -> bool:
    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


def open_review(server: ServeProcess, mint: Mint, *, strict: bool = True) -> tuple[str, int]:
    token = mint("chair-1", "p-children", ["chair"])
    with Client(server.host, server.port, token) as client:
        status, body = client.request(
            "POST",
            "/reviews",
            {
                "jurisdiction": "wales",
                "notifying_agency": "Agency A",
                "summary": "Serious injury to a child known to three agencies.",
                "received_on": "2026-11-02",
            },
        )
        assert status == 201, body
        if strict:
            # The view is applied by the child runner; the API waits for it before it answers.
            status, page = client.request("GET", "/reviews")
            assert status == 200, page
            assert [r.get("id") for r in page["items"]] == [body["id"]], page
        else:  # a restarted runner may still be starting: reads then answer after 2 s, stale
            eventually(
                lambda: (
                    body["id"] in [r["id"] for r in client.request("GET", "/reviews")[1]["items"]]
                ),
                "the review is listed",
            )
    return str(body["id"]), int(body["position"])


def test_serve_projects_and_integrates_in_child_processes(
    serve: Serve, mint: Mint, database_url: str
) -> None:
    server = serve(database_url)
    eventually(lambda: set(children(server)) == {RUNNER, INTEGRATOR}, "both children run")
    _, position = open_review(server, mint)
    db = Database(database_url, max_size=1)
    try:
        eventually(
            lambda: AuditQueries(db).tree_state().position >= position,
            "the child integrator has integrated the new review's event",
        )
    finally:
        db.close()


def test_a_child_that_dies_is_restarted(serve: Serve, mint: Mint, database_url: str) -> None:
    server = serve(database_url)
    eventually(lambda: set(children(server)) == {RUNNER, INTEGRATOR}, "both children run")
    runner = children(server)[RUNNER]
    psutil.Process(runner).kill()
    eventually(lambda: children(server).get(RUNNER, runner) != runner, "a new runner is started")
    open_review(server, mint, strict=False)  # the new runner applies what is recorded next


@pytest.mark.parametrize("how", ["kill -9", "SIGTERM"])
def test_no_child_outlives_serve(serve: Serve, database_url: str, var_dir: Path, how: str) -> None:
    server = serve(database_url)
    eventually(lambda: set(children(server)) == {RUNNER, INTEGRATOR}, "both children run")
    pids = list(children(server).values())
    if how == "kill -9":
        server.kill()
    else:
        server.stop()
    eventually(lambda: not any(alive(pid) for pid in pids), "every child has stopped")


def test_threads_instead_of_children_when_configured(
    serve: Serve, mint: Mint, database_url: str
) -> None:
    server = serve(database_url, background_processes="false")
    open_review(server, mint)  # projected by the runner thread
    assert children(server) == {}


@pytest.mark.parametrize(
    "command", [["projections", "run"], ["audit", "integrate"]], ids=["runner", "integrator"]
)
def test_a_burst_of_sigterms_stops_a_worker(
    worker: Callable[..., Worker], database_url: str, command: list[str]
) -> None:
    """A child of ``serve`` can get SIGTERM from several sides at once (the kernel when the API
    dies, its own parent watch, ``serve``'s stop), and Python's handlers nest: a handler must not
    take a lock the main thread or an outer handler may hold (``threading.Event.set`` in a
    handler deadlocked ``audit integrate`` twice, which then hung for ever with the
    integrator's advisory lock; the second time, one run in 20 here, in CI)."""
    process = worker(command, database_url).start_at_work(timeout=BOUND)  # waiting for events
    for _ in range(50):
        process.signal(signal.SIGTERM)
    assert process.wait(timeout=BOUND) == 0
