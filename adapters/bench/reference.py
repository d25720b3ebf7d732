"""The eventsourcing library's own figures on the same server: the references we compare to.

- raw ``Application.save()`` of a minimal aggregate, one event per save;
- ``eventsourcing.projection.ProjectionRunner`` building a view comparable to review_summary
  (one row per NotificationReceived, written with its tracking row in one transaction per event,
  as in research/eventsourcing.md's appendix);
- that runner's ``wait()``, which polls every 100 ms, as the read-your-writes reference.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import Environment
from psycopg.sql import SQL, Identifier

from adapters.bench.timing import rate, repeat_rate
from domain.application import ReviewTrail
from domain.meta import Meta
from domain.review import Jurisdiction, Review

WARM_UP = 20
POLL_SECONDS = 0.01
REFERENCE_TABLE = "bench_reference_summary"


class BenchNote(Aggregate):
    """The smallest useful aggregate: one event carrying one short string."""

    @event("Written")
    def __init__(self, text: str) -> None:
        self.text = text


class RawSaves(Application[UUID]):
    """A separate application (table ``benchrawsaves_events``) for raw ``save()`` figures."""

    name = "BenchRawSaves"

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        # Like ReviewTrail: configured from the bench's environment only, never os.environ.
        return Environment(name, dict(env or {}))


def raw_save_rate(env: Mapping[str, str], count: int) -> float:
    """Sequential ``save()`` of new minimal aggregates (one event each), in events/s."""
    app = RawSaves(env)
    try:
        for i in range(WARM_UP):
            app.save(BenchNote(text=f"warm-up {i}"))
        return repeat_rate(lambda i: app.save(BenchNote(text=f"note {i}")), count)
    finally:
        app.close()


class ReferenceView(PostgresTrackingRecorder):
    """The review_summary table's twin, written the way eventsourcing's examples write views."""

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        schema, table = Identifier(self.datastore.schema), Identifier(REFERENCE_TABLE)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {0}.{1} (review_id uuid PRIMARY KEY,"
                " partnership_id text NOT NULL, jurisdiction text NOT NULL,"
                " notifying_agency text NOT NULL, summary text NOT NULL,"
                " received_on date NOT NULL, version bigint NOT NULL,"
                " opened_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,"
                " last_position bigint NOT NULL)"
            ).format(schema, table)
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE INDEX IF NOT EXISTS {2} ON {0}.{1}"
                " (partnership_id, opened_at DESC, review_id)"
            ).format(schema, table, Identifier(REFERENCE_TABLE + "_partnership_idx"))
        )
        self._insert = SQL(
            "INSERT INTO {0}.{1} VALUES (%s, %s, %s, %s, %s, %s, 1, %s, %s, %s)"
        ).format(schema, table)

    def review_opened(self, row: tuple[Any, ...], tracking: Tracking) -> None:
        """One view row and the tracking row, in one transaction."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._insert, row, prepare=True)
            self._insert_tracking(curs, tracking)


class ReferenceProjection(Projection[ReferenceView]):
    """One row per opened review; every other event only advances the tracking row."""

    name = "BenchReference"

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        if isinstance(domain_event, Review.NotificationReceived):  # type: ignore[attr-defined]
            self.view.review_opened(
                (
                    domain_event.originator_id,
                    domain_event.partnership_id,
                    str(domain_event.jurisdiction),
                    domain_event.notifying_agency,
                    domain_event.summary,
                    domain_event.received_on,
                    domain_event.timestamp,
                    domain_event.timestamp,
                    tracking.notification_id,
                ),
                tracking,
            )
        else:
            self.view.insert_tracking(tracking)


def reading_like(app: ReviewTrail) -> type[ReviewTrail]:
    """A ReviewTrail class that decodes with ``app``'s mapper (its transcodings and keys), so
    the reference runner reads the log exactly as our runner does."""

    class SameMapper(ReviewTrail):
        name = app.name  # the same log table and tracking name

        def construct_mapper(self) -> Any:
            return app.mapper

    return SameMapper


@contextmanager
def reference_runner(
    env: Mapping[str, str], app: ReviewTrail
) -> Iterator[ProjectionRunner[Any, ReferenceView]]:
    """eventsourcing's ProjectionRunner over ``app``'s log; it starts catching up at once and
    resumes from its own tracking table when run again."""
    runner: ProjectionRunner[Any, ReferenceView] = ProjectionRunner(
        application_class=reading_like(app),
        projection_class=ReferenceProjection,
        view_class=ReferenceView,
        env=dict(env),
    )
    with runner:
        yield runner


def reference_catch_up_rate(env: Mapping[str, str], app: ReviewTrail, head: int) -> float:
    """Events/s for a fresh ProjectionRunner to apply positions 1..``head`` of ``app``'s log."""
    start = time.perf_counter()
    with reference_runner(env, app) as runner:
        wait_until_tracked(runner, head)
        return rate(head, time.perf_counter() - start)


def wait_until_tracked(runner: ProjectionRunner[Any, ReferenceView], position: int) -> None:
    """Poll the view's tracking every 10 ms (``runner.wait`` backs off to 800 ms, which would
    overstate the runner's time); re-raise the runner's own error if it stopped."""
    while (runner.view.max_tracking_id(runner.app_name) or 0) < position:
        if runner.is_interrupted.is_set():
            runner.run_forever(timeout=0)
            raise RuntimeError("the reference ProjectionRunner stopped early")
        time.sleep(POLL_SECONDS)


def reference_wait_latencies(env: Mapping[str, str], app: ReviewTrail, samples: int) -> list[float]:
    """Milliseconds from a committed save to ``runner.wait()`` returning, for each sample."""
    meta = Meta("bench", "chair", "bench", UUID(int=0))
    latencies: list[float] = []
    with reference_runner(env, app) as runner:
        runner.wait(app.recorder.max_notification_id(), timeout=600)
        for i in range(samples):
            receipt = app.receive_notification(
                jurisdiction=Jurisdiction.WALES,
                notifying_agency=f"Reference agency {i}",
                summary="Serious injury to a child known to three agencies.",
                received_on=date(2026, 11, 2),
                meta=meta,
            )
            start = time.perf_counter()
            runner.wait(receipt.position, timeout=10)
            latencies.append((time.perf_counter() - start) * 1000)
    return latencies
