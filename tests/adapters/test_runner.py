"""The projection runner on real PostgreSQL: exactly once, concurrent runners, poison events."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from adapters.postgres import tracking
from adapters.postgres.views.review_summary import ReviewSummaryTable
from adapters.runner import ApplicationEventSource, ProjectionRunner, Registration
from api.cli.demo_generator import generate
from api.deps import Services
from domain.review import Jurisdiction, Review
from projections.review_summary import ReviewSummaryProjection
from tests.examples import a_meta


def record_reviews(services: Services, count: int, per_save: int = 100) -> None:
    meta = a_meta()
    for start in range(0, count, per_save):
        reviews = [
            Review.receive_notification(
                jurisdiction=Jurisdiction.SCOTLAND,
                notifying_agency=f"Agency {start + i}",
                summary="Serious harm.",
                received_on=date(2026, 1, 1),
                meta=meta,
            )
            for i in range(min(per_save, count - start))
        ]
        services.app.record(*reviews)


def view_rows(services: Services) -> list[dict[str, Any]]:
    with services.db.connection() as conn:
        return conn.execute("SELECT * FROM review_summary ORDER BY review_id").fetchall()


def a_runner(services: Services, *registrations: Registration, batch: int = 50) -> ProjectionRunner:
    regs = registrations or (Registration(ReviewSummaryProjection(), ReviewSummaryTable()),)
    runner = ProjectionRunner(
        services.db, ApplicationEventSource(services.app), regs, batch_size=batch
    )
    runner.setup()
    return runner


def test_catching_up_applies_every_event_once(services: Services) -> None:
    record_reviews(services, 120)
    assert services.runner.catch_up("review_summary") == 120
    assert services.runner.catch_up("review_summary") == 0
    assert len(view_rows(services)) == 120
    assert tracking.position_of(services.db, "review_summary") == services.db.log_head()


def test_two_runners_racing_never_apply_an_event_twice(services: Services) -> None:
    record_reviews(services, 400)
    runners = [a_runner(services, batch=25) for _ in range(2)]
    threads = [threading.Thread(target=r.catch_up_all) for r in runners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not any(r.failed for r in runners)
    assert len(view_rows(services)) == 400
    assert tracking.position_of(services.db, "review_summary") == services.db.log_head()


class ExplodesOnAgency13:
    name = "explodes"
    version = 1

    def apply(self, event: Any, position: int, writer: Any) -> None:
        if getattr(event, "notifying_agency", "") == "Agency 13":
            raise ValueError("cannot handle Agency 13")


class NoTable:
    create_sql: tuple[str, ...] = ()
    drop_sql: tuple[str, ...] = ()

    def writer(self, cursor: Any) -> None:
        return None


def test_a_poison_event_stops_only_its_projection_and_is_reported(services: Services) -> None:
    record_reviews(services, 30)
    runner = a_runner(
        services,
        Registration(ExplodesOnAgency13(), NoTable()),
        Registration(ReviewSummaryProjection(), ReviewSummaryTable()),
        batch=10,
    )
    runner.catch_up_all()
    rows = tracking.positions(services.db)
    assert rows["explodes"]["status"] == "failed"
    assert rows["explodes"]["error"] == "projection explodes failed at position 14: ValueError"
    assert rows["explodes"]["position"] == 10
    assert rows["review_summary"]["position"] == services.db.log_head()
    # The shared batch that met the poison event was rolled back whole and replayed one
    # projection at a time: the summary holds every review exactly once.
    assert len(view_rows(services)) == 30


def test_projections_standing_together_share_one_transaction_per_batch(
    services: Services, monkeypatch: Any
) -> None:
    record_reviews(services, 120)
    alone: list[str] = []
    shared: list[list[str]] = []
    lock, lock_all = tracking.lock, tracking.lock_all

    def lock_alone(cursor: Any, name: str) -> dict[str, Any]:
        alone.append(name)
        return lock(cursor, name)

    def lock_together(cursor: Any, names: list[str]) -> dict[str, dict[str, Any]]:
        shared.append(names)
        return lock_all(cursor, names)

    monkeypatch.setattr(tracking, "lock", lock_alone)
    monkeypatch.setattr(tracking, "lock_all", lock_together)
    runner = services.runner
    assert runner.catch_up_all() == 120 * len(runner.names)
    assert alone == []  # no projection took a batch on its own
    assert shared
    assert all(names == runner.names for names in shared)
    head = services.db.log_head()
    assert {row["position"] for row in tracking.positions(services.db).values()} == {head}
    assert len(view_rows(services)) == 120


def test_a_projection_behind_the_others_catches_up_on_its_own(services: Services) -> None:
    record_reviews(services, 60)
    services.runner.catch_up_all()
    with services.db.connection() as conn, conn.transaction():
        tracking.reset(conn.cursor(), "review_summary", ReviewSummaryProjection.version)
        conn.execute("TRUNCATE review_summary, review_member")
    record_reviews(services, 10)
    services.runner.catch_up_all()
    head = services.db.log_head()
    assert {row["position"] for row in tracking.positions(services.db).values()} == {head}
    assert len(view_rows(services)) == 70


def test_a_view_is_visible_when_wait_for_returns(services: Services) -> None:
    services.runner.start()
    receipt = services.app.receive_notification(
        jurisdiction=Jurisdiction.WALES,
        notifying_agency="Gwent Police",
        summary="Serious harm.",
        received_on=date(2026, 1, 1),
        meta=a_meta(),
    )
    assert services.runner.wait_for("review_summary", receipt.position, timeout=10)
    assert services.reviews.get(receipt.id) is not None


def test_a_changed_projection_version_rebuilds_its_view(services: Services) -> None:
    record_reviews(services, 5)
    services.runner.catch_up_all()

    class NewerSummary(ReviewSummaryProjection):
        version = ReviewSummaryProjection.version + 1

    runner = a_runner(services, Registration(NewerSummary(), ReviewSummaryTable()))
    assert tracking.position_of(services.db, "review_summary") == 0
    assert view_rows(services) == []
    runner.catch_up_all()
    assert len(view_rows(services)) == 5


def test_a_summary_row_holds_its_reviews_latest_version_and_position_after_buffered_batches(
    services: Services,
) -> None:
    # The summary's writer buffers the reviews opened and coalesces each review's changes
    # within a chunk of events: every row must still end at its review's last event.
    generate(services, 6, seed=4)
    services.runner.rebuild("review_summary")
    with services.db.connection() as conn:
        expected = conn.execute(
            "SELECT originator_id AS review_id, max(originator_version) AS version,"
            " max(notification_id) AS last_position FROM reviewtrail_events"
            " WHERE originator_id IN (SELECT review_id FROM review_summary)"
            " GROUP BY originator_id ORDER BY 1"
        ).fetchall()
        rows = conn.execute(
            "SELECT review_id, version, last_position FROM review_summary ORDER BY 1"
        ).fetchall()
        members = conn.execute("SELECT count(*) AS n FROM review_member").fetchone()
    assert len(rows) == 6
    assert rows == expected
    assert members is not None
    assert members["n"] > 6  # the notifiers and the serving team members


def test_a_rebuilt_view_is_analyzed_for_the_planner(services: Services) -> None:
    # A new table has no statistics until analyzed, and autovacuum may be off or late: a
    # review's clocks were then read through the wrong index at 1 M events.
    record_reviews(services, 5)
    services.runner.rebuild("review_summary")
    with services.db.connection() as conn:
        rows = conn.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
            " AND relname IN ('review_summary', 'review_member') ORDER BY 1"
        ).fetchall()
    assert [row["relname"] for row in rows] == ["review_member", "review_summary"]


def test_waiting_for_several_views_still_waits_for_the_healthy_ones(services: Services) -> None:
    # A failed view will not advance and is not waited for; the others still are (a list
    # must not be served before the summary has applied what the caller just recorded).
    services.runner.catch_up_all()
    tracking.mark_failed(services.db, "review_state", "KeyError at position 1")
    record_reviews(services, 30)
    head = services.db.log_head()
    services.runner.start()
    try:
        waited = services.runner.wait_for_all(["review_summary", "review_state"], head, 10)
    finally:
        services.runner.stop()
    assert waited is False  # one of them has failed
    assert tracking.position_of(services.db, "review_summary") == head


def test_a_follower_is_woken_by_another_runners_commits(services: Services) -> None:
    """Where the projections run in another process (``serve``'s child, a standalone runner),
    ``follow`` wakes this process's waits when that runner commits, over LISTEN/NOTIFY."""
    follower = a_runner(services)
    woken = threading.Event()
    announce = follower._announce

    def announced(name: str, position: int) -> None:
        woken.set()
        announce(name, position)

    follower._announce = announced  # type: ignore[method-assign]
    follower.follow()
    try:
        for _ in range(50):  # the follower's LISTEN may not be in place for the first commits
            record_reviews(services, 1)
            services.runner.catch_up_all()  # "the other process": it commits, and notifies
            if woken.wait(timeout=0.2):
                break
        assert woken.is_set()
    finally:
        follower.stop()


def test_a_follower_is_not_woken_without_commits(services: Services) -> None:
    follower = a_runner(services)
    woken = threading.Event()
    follower._announce = lambda name, position: woken.set()  # type: ignore[method-assign]
    follower.follow()
    try:
        record_reviews(services, 1)  # recorded, but no runner applies it: nothing advanced
        assert not woken.wait(timeout=1.0)
    finally:
        follower.stop()
