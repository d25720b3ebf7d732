"""Events no projection can apply or even decode, and queries waiting on a failed view."""

from __future__ import annotations

import threading
from uuid import uuid4

from adapters.postgres import tracking
from adapters.postgres.db import EVENTS_TABLE
from api.deps import Services
from tests.adapters.test_runner import record_reviews


def append_undecodable_event(services: Services) -> int:
    with services.db.connection() as conn, conn.transaction():
        conn.execute(f"LOCK TABLE {EVENTS_TABLE} IN EXCLUSIVE MODE")
        row = conn.execute(
            f"INSERT INTO {EVENTS_TABLE} (originator_id, originator_version, topic, state)"
            " VALUES (%s, 1, 'reviewtrail.Review.NoSuchEvent', '{}') RETURNING notification_id",
            (uuid4(),),
        ).fetchone()
    assert row is not None
    return int(row["notification_id"])


def test_an_undecodable_event_stops_every_projection_loudly_after_the_events_before_it(
    services: Services,
) -> None:
    record_reviews(services, 3)
    position = append_undecodable_event(services)
    record_reviews(services, 2)

    services.runner.catch_up_all()  # up to the event before it
    services.runner.catch_up_all()  # then stops on it, and returns: a runner thread carries on

    rows = tracking.positions(services.db)
    assert rows, "no projection registered"
    for name, row in rows.items():
        assert row["status"] == "failed"
        assert row["error"] == f"projection {name} failed at position {position}: TopicError"
        assert row["position"] == position - 1


def test_waiting_for_a_failed_projection_returns_false_at_once(services: Services) -> None:
    tracking.mark_failed(services.db, "review_summary", "KeyError at position 7")
    answers: list[bool] = []
    waiting = threading.Thread(
        target=lambda: answers.append(services.runner.wait_for("review_summary", 10**9, 3600))
    )
    waiting.start()
    waiting.join(timeout=30)
    assert not waiting.is_alive(), "wait_for kept waiting on a failed projection"
    assert answers == [False]
