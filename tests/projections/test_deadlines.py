"""deadlines view on real PostgreSQL: a database still holding the version 1 layout (no FOI/SAR
inputs, no met/closed dates, no request table) is rebuilt into the current one on start."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from api.deps import Services
from domain.personal import Category, Personal
from domain.request_clock import Nation
from projections.deadlines import DeadlinesProjection
from tests.examples import a_meta, a_notification


def columns(services: Services, table: str) -> set[str]:
    with services.db.connection() as conn:
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,)
        ).fetchall()
    return {row["column_name"] for row in rows}


def as_version_1(services: Services) -> None:
    with services.db.connection() as conn:
        conn.execute("ALTER TABLE deadlines DROP COLUMN ended_on, DROP COLUMN inputs")
        conn.execute("DROP TABLE deadline_requests")
        conn.execute("UPDATE projection_tracking SET version = 1 WHERE name = 'deadlines'")


def a_foi_request(services: Services) -> None:
    requester = uuid4()
    services.app.receive_foi_request(
        requester_name=Personal(requester, Category.IDENTITY, "A. Requester"),
        request_text=Personal(requester, Category.NARRATIVE, "The report, please."),
        authority="Gwent Police",
        nation=Nation.WALES,
        environmental=False,
        received_on=date(2025, 7, 1),
        review_id=None,
        calendars=services.calendars,
        meta=a_meta(role="dp-lead"),
    )


def test_the_version_1_layout_is_rebuilt_with_the_current_one(services: Services) -> None:
    services.app.receive_notification(**a_notification(received_on=date(2024, 3, 1)), meta=a_meta())
    a_foi_request(services)
    services.runner.catch_up("deadlines")
    as_version_1(services)

    services.runner.setup()
    services.runner.catch_up("deadlines")

    assert DeadlinesProjection.version == 2
    assert {"ended_on", "inputs"} <= columns(services, "deadlines")
    assert columns(services, "deadline_requests")
    with services.db.connection() as conn:
        rows = conn.execute("SELECT kind, due_date, inputs FROM deadlines ORDER BY kind").fetchall()
    assert [(r["kind"], r["due_date"]) for r in rows] == [
        ("foi", date(2025, 7, 30)),
        ("review", date(2024, 9, 1)),
    ]
    assert rows[0]["inputs"] == {"start": "2025-07-01", "restarts": [], "extension": None}
    assert rows[1]["inputs"] is None
