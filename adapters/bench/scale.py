"""At-scale figures: what a client sees, over HTTP, from a service holding the generated data.

Each figure is a latency from the request being sent to the whole response being read, on one
keep-alive connection, after a few warm-up requests (the first requests of a process pay for
imports and cold caches):

- review state: ``GET /reviews/{id}`` (a chair on the review): the review rebuilt
  from its events and decrypted, its clocks, and the access trail's record of the read; for
  comparison (no target), ``GET /reviews``, a page of the review_state projection;
- deadline dashboard: ``GET /dashboards/deadlines``, the first page (a DP lead, who also sees
  FOI and SAR clocks);
- SAR discovery: ``GET /subjects/search`` by name and date of birth, then every page of
  ``GET /subjects/{id}/events`` for the subject found (a DP lead), timed together;
- inclusion proof: ``GET /audit/proofs/inclusion`` for a random position (an auditor);
- erasure: ``POST /subjects/{id}/erasure`` (a DP lead), last, since it changes the data.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from adapters.bench.served import Client

WARM_UP = 10
Tokens = Callable[[str, str], str]
"""(partnership, role) → a bearer token for a user holding that role in that partnership."""


@dataclass(frozen=True)
class SampleSubject:
    """A data subject whose identifiers the generator knows (a child a review is about)."""

    subject_id: UUID
    partnership: str
    name: str
    date_of_birth: date


@dataclass(frozen=True)
class Loaded:
    """What the generator recorded in the bench's database, and how long that took."""

    reviews: int
    events: int
    seconds: float
    subjects: Sequence[SampleSubject]


def expect(client: Client, status: int, method: str, path: str, **kwargs: Any) -> Any:
    """The response body of a request that must answer ``status`` (else RuntimeError)."""
    got, body = client.request(method, path, **kwargs)
    if got != status:
        raise RuntimeError(f"{method} {path} answered {got}, not {status}: {body}")
    return body


def latencies(action: Callable[[int], object], samples: int, warm_up: int = WARM_UP) -> list[float]:
    """Milliseconds per call of ``action(i)`` for ``samples`` calls, after ``warm_up`` untimed
    ones (i counts all the calls, warm-up first)."""
    for i in range(warm_up):
        action(i)
    measured = []
    for i in range(warm_up, warm_up + samples):
        start = time.perf_counter()
        action(i)
        measured.append((time.perf_counter() - start) * 1000)
    return measured


def review_state(
    client: Client,
    chair_on: Callable[[str, UUID], str],
    reviews: Sequence[tuple[UUID, str]],
    samples: int,
) -> list[float]:
    """``GET /reviews/{id}`` for reviews in turn, as a chair on each (whose token names it:
    review-team roles read only the reviews they are on); tokens are made before timing."""
    tokens = {review_id: chair_on(partnership, review_id) for review_id, partnership in reviews}

    def get(i: int) -> None:
        review_id, _ = reviews[i % len(reviews)]
        expect(client, 200, "GET", f"/reviews/{review_id}", token=tokens[review_id])

    return latencies(get, samples)


def review_list(
    client: Client, tokens: Tokens, partnerships: Sequence[str], samples: int
) -> list[float]:
    """The first page of ``GET /reviews`` (the review_state projection), as a chair."""

    def get(i: int) -> None:
        token = tokens(partnerships[i % len(partnerships)], "chair")
        expect(client, 200, "GET", "/reviews", token=token)

    return latencies(get, samples)


def deadline_dashboard(
    client: Client, tokens: Tokens, partnerships: Sequence[str], samples: int
) -> list[float]:
    """The first page of ``GET /dashboards/deadlines``, partnerships in turn, as a DP lead."""

    def get(i: int) -> None:
        token = tokens(partnerships[i % len(partnerships)], "dp-lead")
        expect(client, 200, "GET", "/dashboards/deadlines", token=token)

    return latencies(get, samples)


def sar_discovery(
    client: Client, tokens: Tokens, subjects: Sequence[SampleSubject], samples: int
) -> list[float]:
    """Search by name and date of birth, then list every appearance of the subject found."""

    def discover(i: int) -> None:
        subject = subjects[i % len(subjects)]
        token = tokens(subject.partnership, "dp-lead")
        query = urlencode({"name": subject.name, "date_of_birth": str(subject.date_of_birth)})
        found = expect(client, 200, "GET", f"/subjects/search?{query}", token=token)
        if str(subject.subject_id) not in {c["subject_id"] for c in found["items"]}:
            raise RuntimeError(f"subject {subject.subject_id} not found by name and birth date")
        cursor: str | None = "0"
        while cursor is not None:
            path = f"/subjects/{subject.subject_id}/events?limit=500&cursor={cursor}"
            cursor = expect(client, 200, "GET", path, token=token)["next_cursor"]

    return latencies(discover, samples)


def inclusion_proofs(client: Client, tokens: Tokens, partnership: str, samples: int) -> list[float]:
    """Proofs for random positions against the latest checkpoint, as an auditor."""
    token = tokens(partnership, "auditor")
    size = int(expect(client, 200, "GET", "/audit/checkpoint", token=token)["tree_size"])
    rng = random.Random(size)

    def prove(_: int) -> None:
        query = urlencode({"position": rng.randint(1, size), "tree_size": size})
        expect(client, 200, "GET", f"/audit/proofs/inclusion?{query}", token=token)

    return latencies(prove, samples)


def erasures(
    client: Client, tokens: Tokens, subjects: Sequence[SampleSubject], samples: int
) -> list[float]:
    """``POST /subjects/{id}/erasure`` for distinct subjects (each erased once), as a DP lead:
    the last of ``subjects``, so as not to erase those the other measures use first."""
    body = {"reason": "retention period ended", "legal_basis": "UK GDPR Art. 17(1)(a)"}
    warm_up = min(WARM_UP, len(subjects) - 1)
    count = min(samples, len(subjects) - warm_up)
    chosen = subjects[len(subjects) - warm_up - count :]

    def erase(i: int) -> None:
        subject = chosen[i]
        path = f"/subjects/{subject.subject_id}/erasure"
        expect(client, 200, "POST", path, body=body, token=tokens(subject.partnership, "dp-lead"))

    return latencies(erase, count, warm_up)
