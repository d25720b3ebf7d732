"""(d) The targets "at 1 M events / 10 k reviews" (DESIGN.md section 8), at a chosen scale.

In a fresh database of its own (so the other measurements' leftovers do not count):

1. the demo data generator records ``scale_events`` events of realistic reviews, FOI requests
   and SARs through the real use cases (timed: the load time);
2. the projections, then the audit log, catch up on all of it (timed);
3. ``reviewtrail serve`` starts on that database and a client measures review state, the
   deadline dashboard, SAR discovery, inclusion proofs and, last, erasures (``scale.py``);
4. with the server stopped, a full audit verification recomputes the tree from every stored
   event and checks the signed checkpoints (``timed_verification``).
"""

from __future__ import annotations

import functools
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

import psycopg

from adapters.audit.verifier import timed_verification
from adapters.bench import scale
from adapters.bench.database import BenchError, temporary_database
from adapters.bench.scale import Loaded, Tokens
from adapters.bench.served import Client, served
from adapters.bench.timing import p50_p95

if TYPE_CHECKING:
    from adapters.bench.run import BenchParameters, Say, Wiring

MEASURES = (
    "review_state",
    "review_list",
    "deadline_dashboard",
    "sar_discovery",
    "inclusion_proof",
    "erasure",
)


def run_at_scale(
    server_url: str, params: BenchParameters, wiring: Wiring, say: Say
) -> tuple[dict[str, Any], dict[str, float]]:
    """(what was loaded, figures) of an at-scale run in its own temporary database."""
    with (
        temporary_database(server_url) as url,
        tempfile.TemporaryDirectory(prefix="rt-bench-scale-") as tmp,
    ):
        var_dir = Path(tmp) / "var"
        loaded, figures = _load_and_catch_up(url, var_dir, params, wiring, say)
        figures |= _served_figures(url, var_dir, loaded, params.scale_samples, wiring, say)
        say("(d) full audit verification")
        figures["audit_verification_s"] = _verification_seconds(url, var_dir, wiring)
    info = {
        "events": loaded.events,
        "reviews": loaded.reviews,
        "seed": params.seed,
        "samples": params.scale_samples,
    }
    return info, figures


def _load_and_catch_up(
    url: str, var_dir: Path, params: BenchParameters, wiring: Wiring, say: Say
) -> tuple[Loaded, dict[str, float]]:
    services = wiring.services(url, var_dir)
    try:
        say(f"(d) generating demo data: {params.scale_events} events")
        loaded = wiring.load(services, params.scale_events, params.seed, say)
        say(f"(d) projections catching up on {loaded.events} events")
        projections = _seconds(services.runner.catch_up_all)
        say("(d) audit log integrating")
        audit = _seconds(services.integrator.integrate)
    finally:
        services.close()
    # Statistics for the planner, as autovacuum gathers on a default server soon after a load
    # like this one (some machines run with it off; then nothing would ever be analyzed).
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    return loaded, {
        "scale_load_s": loaded.seconds,
        "scale_load_events_per_s": loaded.events / max(loaded.seconds, 1e-9),
        "scale_catch_up_projections_s": projections,
        "scale_catch_up_audit_s": audit,
    }


def _seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _served_figures(
    url: str, var_dir: Path, loaded: Loaded, samples: int, wiring: Wiring, say: Say
) -> dict[str, float]:
    reviews = sample_reviews(url, samples + scale.WARM_UP)
    partnerships = sorted({partnership for _, partnership in reviews})
    tokens: Tokens = functools.cache(
        lambda partnership, role: wiring.token(var_dir, partnership, (role,))
    )
    chair_on = functools.cache(
        lambda partnership, review: wiring.token(var_dir, partnership, ("chair",), (str(review),))
    )
    subjects = loaded.subjects
    say(f"(d) starting reviewtrail serve; {samples} samples per measure")
    with served(url, var_dir) as (host, port), Client(host, port, token="") as client:
        measured = {
            "review_state": scale.review_state(client, chair_on, reviews, samples),
            "review_list": scale.review_list(client, tokens, partnerships, samples),
            "deadline_dashboard": scale.deadline_dashboard(client, tokens, partnerships, samples),
            "sar_discovery": scale.sar_discovery(client, tokens, subjects, samples),
            "inclusion_proof": scale.inclusion_proofs(client, tokens, partnerships[0], samples),
            "erasure": scale.erasures(client, tokens, subjects, samples),
        }
    figures = {}
    for name in MEASURES:
        figures[f"{name}_p50_ms"], figures[f"{name}_p95_ms"] = p50_p95(measured[name])
    return figures


def sample_reviews(url: str, count: int) -> list[tuple[UUID, str]]:
    """Up to ``count`` reviews (id, partnership) spread over the log, the same for the same
    data (ordered by a hash of the id)."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT review_id, partnership_id FROM review_summary"
            " ORDER BY md5(review_id::text) LIMIT %s",
            (count,),
        ).fetchall()
    if not rows:
        raise BenchError("the generator recorded no reviews")
    return [(UUID(str(review_id)), str(partnership)) for review_id, partnership in rows]


def _verification_seconds(url: str, var_dir: Path, wiring: Wiring) -> float:
    key, checkpoints = wiring.audit_key(var_dir)
    verification = timed_verification(url, key, checkpoints)
    if not verification.report.intact:
        raise BenchError(f"audit verification failed: {verification.report.summary()}")
    return verification.seconds
