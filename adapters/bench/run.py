"""One bench run: every measurement, in an order that keeps them from disturbing each other.

1. the served app (its projection runner live, as in production): (a) the command path, then
   (c) read-your-writes; the server then stops, so nothing else competes for the database;
2. (a) raw eventsourcing saves, in their own table, then the same command as over HTTP but
   called in process (no HTTP), to show where the command path's time goes;
3. the log is topped up to the catch-up size, then (b) our rebuild and eventsourcing's
   ProjectionRunner replay the very same events;
4. (c) the reference: ``runner.wait()`` after each new save;
5. (d) with ``scale_events``, the at-scale targets in a second, fresh database filled by the
   demo data generator (``scale_run``).
"""

from __future__ import annotations

import os
import platform
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from adapters.audit.integrator import Integrator
from adapters.bench import ours, reference
from adapters.bench.database import server_version, temporary_database
from adapters.bench.report import build_report
from adapters.bench.scale import Loaded
from adapters.bench.scale_run import run_at_scale
from adapters.bench.served import Client, served
from adapters.bench.timing import p50_p95
from adapters.runner import ProjectionRunner
from adapters.settings import eventsourcing_env
from domain.application import ReviewTrail

Say = Callable[[str], None]
CLIENTS = 8


@dataclass(frozen=True)
class BenchParameters:
    """How much to measure: (a) commands and raw saves, (b) events replayed, (c) samples,
    (d) events of demo data (0: skip the at-scale targets), samples per measure, and seed."""

    events: int = 2000
    catch_up_events: int = 20_000
    samples: int = 200
    scale_events: int = 0
    scale_samples: int = 200
    seed: int = 0

    @classmethod
    def scaled(
        cls,
        events: int,
        catch_up_events: int | None = None,
        samples: int | None = None,
        *,
        scale_events: int = 0,
        scale_samples: int = 200,
        seed: int = 0,
    ) -> BenchParameters:
        """Defaults in proportion to ``events``: ten times as many replayed, a tenth sampled."""
        return cls(
            events,
            catch_up_events or 10 * events,
            samples or max(2, events // 10),
            scale_events,
            scale_samples,
            seed,
        )


class BenchServices(Protocol):
    """What the bench needs of the composed application (``api.deps.Services`` fits)."""

    app: ReviewTrail
    runner: ProjectionRunner
    integrator: Integrator

    def close(self) -> None: ...


class Wiring(Protocol):
    """The composition root's part in a run; the api layer provides it."""

    def services(self, database_url: str, var_dir: Path) -> BenchServices:
        """The application, runner and pools, wired with default settings."""
        ...

    def token(
        self,
        var_dir: Path,
        partnership: str = "bench",
        roles: Sequence[str] = ("chair",),
        reviews: Sequence[str] = (),
    ) -> str:
        """A development bearer token for a user of ``partnership`` holding ``roles`` (on
        ``reviews``), valid for the served app under ``var_dir``."""
        ...

    def load(self, services: BenchServices, events: int, seed: int, say: Say) -> Loaded:
        """(d) Generate demo data until the log holds at least ``events`` events."""
        ...

    def audit_key(self, var_dir: Path) -> tuple[Ed25519PublicKey, Path | None]:
        """(d) The checkpoint verifier key, and the external checkpoint file if there is one."""
        ...


def run_bench(
    server_url: str, params: BenchParameters, wiring: Wiring, say: Say = lambda _: None
) -> dict[str, Any]:
    """Measure everything in a temporary database on ``server_url``; return the report."""
    load_before = os.getloadavg()[0]  # other work on the machine skews every figure
    with (
        temporary_database(server_url) as url,
        tempfile.TemporaryDirectory(prefix="rt-bench-") as tmp,
    ):
        var_dir = Path(tmp) / "var"
        figures = _served_figures(url, var_dir, wiring.token(var_dir), params, say)
        env = eventsourcing_env(url)
        say(f"(a) raw eventsourcing save(): {params.events} events")
        figures["raw_save_events_per_s"] = reference.raw_save_rate(env, params.events)
        services = wiring.services(url, var_dir)
        try:
            replayed, replay_figures = _replay_figures(env, services, params, say)
        finally:
            services.close()
        machine = _machine(server_version(url), load_before)
    figures |= replay_figures
    scale: dict[str, Any] | None = None
    if params.scale_events:
        scale, scale_figures = run_at_scale(server_url, params, wiring, say)
        figures |= scale_figures
    return build_report(machine, params, replayed, figures, scale)


def _served_figures(
    url: str, var_dir: Path, token: str, params: BenchParameters, say: Say
) -> dict[str, float]:
    say("starting reviewtrail serve")
    with served(url, var_dir) as (host, port), Client(host, port, token) as client:
        say(f"(a) command path, POST /reviews over HTTP: {params.events} commands")
        command = ours.command_path_rate(client, params.events)
        say(f"(a) command path with {CLIENTS} concurrent clients: {params.events} commands")
        concurrent = ours.concurrent_command_rate(host, port, token, params.events, CLIENTS)
        say(f"(c) read-your-writes, POST then GET: {params.samples} samples")
        latencies = ours.read_your_writes_latencies(client, params.samples)
    p50, p95 = p50_p95(latencies)
    return {
        "command_path_events_per_s": command,
        "command_path_concurrent_events_per_s": concurrent,
        "read_your_writes_p50_ms": p50,
        "read_your_writes_p95_ms": p95,
    }


def _replay_figures(
    env: dict[str, str], services: BenchServices, params: BenchParameters, say: Say
) -> tuple[int, dict[str, float]]:
    say(f"(a) the same command in process, without HTTP: {params.events} commands")
    use_case = ours.use_case_rate(services.app, params.events)
    head = ours.seed(services.app, params.catch_up_events)
    say(f"(b) our rebuild of review_summary: {head} events")
    replayed, rebuild = ours.rebuild_rate(services.runner)
    say(f"(b) eventsourcing ProjectionRunner: {head} events")
    theirs = reference.reference_catch_up_rate(env, services.app, head)
    say(f"(c) eventsourcing runner.wait(): {params.samples} samples")
    p50, p95 = p50_p95(reference.reference_wait_latencies(env, services.app, params.samples))
    return replayed, {
        "use_case_events_per_s": use_case,
        "rebuild_events_per_s": rebuild,
        "reference_catch_up_events_per_s": theirs,
        "reference_wait_p50_ms": p50,
        "reference_wait_p95_ms": p95,
    }


def _machine(postgres: str, load: float) -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count() or 1,
        "python": platform.python_version(),
        "postgres": postgres,
        "platform": platform.platform(),
        "load_average_before": round(load, 2),
    }
