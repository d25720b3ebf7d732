"""reviewtrail's own figures: the HTTP command path, read-your-writes, a projection rebuild."""

from __future__ import annotations

import itertools
import threading
import time
from datetime import date
from typing import Any
from uuid import UUID

from adapters.bench.served import Client
from adapters.bench.timing import rate, repeat_rate
from adapters.runner import ProjectionRunner
from domain.application import ReviewTrail
from domain.meta import Meta
from domain.review import Jurisdiction, Review

WARM_UP = 20
SEED_BATCH = 100
VIEW = "review_summary"
GIVE_UP_SECONDS = 30.0


def notification(i: int) -> dict[str, Any]:
    """The body of POST /reviews number ``i``."""
    return {
        "jurisdiction": "wales",
        "notifying_agency": f"Agency {i}",
        "summary": "Serious injury to a child known to three agencies.",
        "received_on": "2026-11-02",
    }


def post_review(client: Client, i: int) -> dict[str, Any]:
    """POST one notification; the response body (id, version, position)."""
    status, body = client.request("POST", "/reviews", notification(i))
    if status != 201:
        raise RuntimeError(f"POST /reviews answered {status}: {body}")
    accepted: dict[str, Any] = body
    return accepted


def command_path_rate(client: Client, count: int) -> float:
    """Sequential POST /reviews over one keep-alive connection, in events/s (1 event each)."""
    for i in range(WARM_UP):
        post_review(client, -1 - i)
    return repeat_rate(lambda i: post_review(client, i), count)


def concurrent_command_rate(host: str, port: int, token: str, count: int, clients: int) -> float:
    """``count`` POST /reviews spread over ``clients`` keep-alive connections at once, in
    events/s: the server's throughput, as a national service with many users sees it."""
    counter = itertools.count()
    errors: list[BaseException] = []

    def worker() -> None:
        with Client(host, port, token) as client:
            while (i := next(counter)) < count and not errors:
                try:
                    post_review(client, 1_000_000 + i)
                except BaseException as error:  # reported once all threads have stopped
                    errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"concurrent POST /reviews failed: {errors[0]}")
    return rate(count, time.perf_counter() - start)


def use_case_rate(app: ReviewTrail, count: int) -> float:
    """The same command without HTTP: ``receive_notification`` called in process, in events/s.
    Between the raw save and the command path, it shows what the domain and the mapper cost."""
    meta = Meta("bench", "chair", "bench", UUID(int=0))

    def command(i: int) -> None:
        app.receive_notification(
            jurisdiction=Jurisdiction.WALES,
            notifying_agency=f"In-process agency {i}",
            summary="Serious injury to a child known to three agencies.",
            received_on=date(2026, 11, 2),
            meta=meta,
        )

    for i in range(WARM_UP):
        command(-1 - i)
    return repeat_rate(command, count)


def read_your_writes_latencies(client: Client, samples: int) -> list[float]:
    """Milliseconds from each POST's response to a GET of the new review answering 200."""
    latencies: list[float] = []
    for i in range(samples):
        review_id = post_review(client, i)["id"]
        start = time.perf_counter()
        # A 404 means the view's wait timed out: ask again, the clock keeps running.
        while client.request("GET", f"/reviews/{review_id}")[0] != 200:
            if time.perf_counter() - start > GIVE_UP_SECONDS:
                raise RuntimeError(f"review {review_id} never became readable")
        latencies.append((time.perf_counter() - start) * 1000)
    return latencies


def seed(app: ReviewTrail, total: int) -> int:
    """Record new reviews (100 per transaction) until the log holds ``total`` events; the head."""
    meta = Meta("bench", "administrator", "bench", UUID(int=0))
    head = int(app.recorder.max_notification_id() or 0)
    while head < total:
        reviews = [
            Review.receive_notification(
                jurisdiction=Jurisdiction.SCOTLAND,
                notifying_agency=f"Seeded agency {head + i}",
                summary="Serious harm to a child known to education and health.",
                received_on=date(2026, 1, 5),
                meta=meta,
            )
            for i in range(min(SEED_BATCH, total - head))
        ]
        head = app.record(*reviews).position
    return head


def rebuild_rate(runner: ProjectionRunner) -> tuple[int, float]:
    """(events replayed, events/s) for ``rebuild("review_summary")`` over the whole log."""
    start = time.perf_counter()
    count = runner.rebuild(VIEW)
    return count, rate(count, time.perf_counter() - start)
