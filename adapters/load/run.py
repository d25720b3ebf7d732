"""A load run: N simulated users against one ``reviewtrail serve``, bounded in requests and time.

``Load`` runs the users in threads (the fault tests start one, break something, then stop it);
``run_loadtest`` is the whole measured run on a temporary database: serve in a subprocess, the
users, the server's memory sampled meanwhile, and the report.
"""

from __future__ import annotations

import os
import platform
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adapters.bench.database import server_version, temporary_database
from adapters.load.http import LoadClient
from adapters.load.personas import PERSONAS
from adapters.load.report import build_report
from adapters.load.server import MemorySampler, ServeProcess
from adapters.load.session import Budget, BudgetSpent, Context, Ledger, Session, Shared
from adapters.load.stats import Recorder

# (user, partnership, roles) -> a bearer token the served app accepts.
Mint = Callable[[str, str, list[str]], str]
# The var_dir the server will use -> a Mint signing with that server's development key.
MintFor = Callable[[Path], Mint]
Say = Callable[[str], None]
PARTNERSHIP_SIZE = 3  # users per partnership: one of each persona


@dataclass(frozen=True)
class LoadParameters:
    """How hard and for how long: ``clients`` users at once, until ``duration`` seconds or
    ``max_requests`` requests, whichever comes first."""

    clients: int = 8
    duration: float = 180.0
    max_requests: int = 200_000
    seed: int = 1


class Load:
    """The users of one run, each in a thread, until the budget is spent or ``stop()``."""

    def __init__(self, host: str, port: int, mint: Mint, params: LoadParameters) -> None:
        self.params = params
        self.recorder, self.ledger, self.shared = Recorder(), Ledger(), Shared()
        self._stop = threading.Event()
        budget = Budget(params.max_requests, params.duration, self._stop)
        context = Context(self.recorder, self.ledger, self.shared, budget)
        self.sessions = [
            _session(i, host, port, mint, context, params.seed) for i in range(params.clients)
        ]
        self._threads = [
            threading.Thread(target=_run, args=(s,), name=f"load-{i}", daemon=True)
            for i, s in enumerate(self.sessions)
        ]
        self._started = self._ended = 0.0

    def start(self) -> Load:
        self._started = time.perf_counter()
        for thread in self._threads:
            thread.start()
        return self

    def wait(self) -> None:
        """Until every user has spent the budget (or been stopped)."""
        for thread in self._threads:
            thread.join()
        self._ended = self._ended or time.perf_counter()

    def stop(self) -> None:
        self._stop.set()
        self.wait()

    @property
    def elapsed(self) -> float:
        return (self._ended or time.perf_counter()) - self._started

    def summary(self) -> dict[str, Any]:
        return self.recorder.summary(self.elapsed)


def _session(i: int, host: str, port: int, mint: Mint, context: Context, seed: int) -> Session:
    persona = PERSONAS[i % len(PERSONAS)]
    partnership = f"load-{i // PARTNERSHIP_SIZE}"
    token = mint(f"load-user-{i}", partnership, list(persona.roles))
    return persona(LoadClient(host, port, token), context, partnership, seed * 1000 + i)


def _run(session: Session) -> None:
    try:
        while True:
            session.step()
    except BudgetSpent:
        pass
    finally:
        session.client.close()


def run_loadtest(
    server_url: str, params: LoadParameters, mint_for: MintFor, say: Say = lambda _: None
) -> dict[str, Any]:
    """The measured run, in a temporary database on ``server_url``; returns the report."""
    load_before = os.getloadavg()[0]
    with (
        temporary_database(server_url) as url,
        tempfile.TemporaryDirectory(prefix="rt-load-") as tmp,
    ):
        var_dir = Path(tmp) / "var"
        mint = mint_for(var_dir)
        say("starting reviewtrail serve")
        with ServeProcess(url, var_dir) as server:
            sampler = MemorySampler(server.pid).start()
            say(f"{params.clients} clients for up to {params.duration:g} s")
            load = Load(server.host, server.port, mint, params).start()
            load.wait()
            sampler.stop()
        figures = load.summary()
        if figures["server_errors"]:
            say(f"reviewtrail serve answered 5xx; the end of its log:\n{server.log_tail(40)}")
        machine = _machine(server_version(url), load_before)
    acknowledged = len(load.ledger.acknowledged())
    return build_report(machine, params, figures, sampler.figures(), acknowledged)


def _machine(postgres: str, load: float) -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count() or 1,
        "python": platform.python_version(),
        "postgres": postgres,
        "platform": platform.platform(),
        "load_average_before": round(load, 2),
    }
