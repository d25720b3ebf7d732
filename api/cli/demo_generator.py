"""``reviewtrail demo --reviews N``: realistic bulk data through the real use cases.

Reviews under every shipped rule set, in every stage, with their chronologies, relatives,
learning events, reports, action plans, FOI requests and SARs; every personal value encrypted
by the application's mapper under its subject's own key. Review ``n`` depends only on the seed
and ``n`` (``demo_bulk.shape_of``), so a run is reproducible and a bigger run extends a smaller
one. Events are recorded many reviews per transaction (``demo_batch.BatchTrail``); projections
and the audit log catch up afterwards (``catch_up``).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from api.cli.demo_batch import BatchTrail
from api.cli.demo_bulk import BulkReview, rule_set_key, shape_of
from api.cli.demo_requests import requests
from api.cli.demo_steps import run_steps
from api.deps import Services
from domain.clocks import Calendar
from domain.clocks.registry import CalendarSource

BATCH_EVENTS = 2000
"""Events per transaction: large enough to spread a commit's cost, small enough to stay brief."""
SAMPLED_CHILDREN = 1000

Progress = Callable[[int, int], None]
"""Called after each commit with (reviews generated so far, log position)."""


@dataclass(frozen=True)
class Child:
    """A child a review is about, as a data protection lead would search for them."""

    subject_id: UUID
    partnership: str
    name: str
    date_of_birth: date


@dataclass
class Generated:
    """What a run recorded, and how long it took."""

    reviews: int = 0
    events: int = 0
    seconds: float = 0.0
    rule_sets: Counter[str] = field(default_factory=Counter)
    stages: Counter[str] = field(default_factory=Counter)
    foi_requests: int = 0
    sars: int = 0
    children: list[Child] = field(default_factory=list)

    @property
    def events_per_second(self) -> float:
        return self.events / max(self.seconds, 1e-9)


class KnownCalendars:
    """The calendars with their overrides, read once (nothing else writes them meanwhile)."""

    def __init__(self, source: CalendarSource) -> None:
        self._source = source
        self._calendars: dict[str, Calendar] = {}

    def calendar(self, name: str) -> Calendar:
        if name not in self._calendars:
            self._calendars[name] = self._source.calendar(name)
        return self._calendars[name]


def generate(
    services: Services,
    reviews: int | None = None,
    *,
    events: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> Generated:
    """Record reviews 0, 1, 2 … of ``seed``: ``reviews`` of them, or (with ``events``) as many
    as it takes for the log to grow by at least that many events; what was recorded."""
    trail = BatchTrail(services.app, services.keys)
    calendars = KnownCalendars(services.calendars)
    sampler = random.Random(f"sample:{seed}")
    result = Generated()
    head = services.db.log_head()
    started = time.perf_counter()
    while not _enough(result, trail.pending, reviews, events):
        _one_review(trail, calendars, seed, result, sampler)
        if trail.pending >= BATCH_EVENTS or _enough(result, trail.pending, reviews, events):
            position = trail.commit() or head
            result.events, result.seconds = position - head, time.perf_counter() - started
            if progress:
                progress(result.reviews, position)
    return result


def _enough(result: Generated, pending: int, reviews: int | None, events: int | None) -> bool:
    if reviews is not None and result.reviews >= reviews:
        return True
    return events is not None and result.events + pending >= events


def _one_review(
    trail: BatchTrail,
    calendars: CalendarSource,
    seed: int,
    result: Generated,
    sampler: random.Random,
) -> None:
    number = result.reviews
    shape = shape_of(seed, number)
    review = BulkReview(trail, calendars, shape, random.Random(f"review:{seed}:{number}"))
    stage = run_steps(review)
    foi, sar = requests(review)
    result.reviews += 1
    result.rule_sets[rule_set_key(shape.case)] += 1
    result.stages["declined" if shape.declined and stage >= 2 else stage.name.lower()] += 1
    result.foi_requests, result.sars = result.foi_requests + foi, result.sars + sar
    child = review.child
    assert child.date_of_birth is not None  # children are registered with one
    _sample(
        result.children,
        Child(child.subject_id, shape.partnership, child.name, child.date_of_birth),
        number,
        sampler,
    )


def _sample(kept: list[Child], child: Child, seen: int, sampler: random.Random) -> None:
    """Reservoir sampling: every child so far is equally likely to be among those kept."""
    if len(kept) < SAMPLED_CHILDREN:
        kept.append(child)
        return
    slot = sampler.randrange(seen + 1)
    if slot < SAMPLED_CHILDREN:
        kept[slot] = child
