"""deadlines view on real PostgreSQL: a database still holding the version 1 layout (no FOI/SAR
inputs, no met/closed dates, no request table) is rebuilt into the current one on start; a
review's own due dates (chronologies, actions) and the Scottish adult information clock, kept
per agency from the day the request was made."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

from api.deps import Services
from domain.personal import Category, Personal
from domain.request_clock import Nation
from domain.review import Review
from projections.deadlines import DeadlinesProjection
from tests.domain.review import journeys
from tests.domain.review.cases import SCOTLAND_APC, WALES
from tests.examples import a_meta, a_notification

APC_INFORMATION = "scotland.apc-learning-review@2022/agency-information-within-2-weeks"


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

    assert DeadlinesProjection.version == 3
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


def projected(services: Services, review: Review) -> dict[str, dict[str, Any]]:
    """The deadlines rows of ``review`` once its events are stored and projected."""
    services.app.save(review)
    services.runner.catch_up("deadlines")
    with services.db.connection() as conn:
        rows = conn.execute(
            "SELECT * FROM deadlines WHERE aggregate_id = %s", (review.id,)
        ).fetchall()
    return {row["clock_id"]: row for row in rows}


def test_each_chronology_request_is_a_clock_due_on_its_date_met_by_that_agency(
    services: Services,
) -> None:
    rows = projected(services, journeys.evidenced(WALES))  # Education never submits

    due = {k: (r["anchor_date"], r["due_date"], r["state"], r["ended_on"]) for k, r in rows.items()}
    assert due["chronology-due#Health"] == (
        date(2024, 4, 3),
        date(2024, 4, 30),
        "met",
        date(2024, 4, 25),
    )
    assert due["chronology-due#Education"] == (date(2024, 4, 3), date(2024, 4, 30), "open", None)
    assert rows["chronology-due#Education"]["kind"] == "review"


def test_each_action_is_a_clock_due_on_its_date_met_when_completed(services: Services) -> None:
    review = journeys.published(WALES)  # action 1 due 31 December 2024
    review.add_action_plan_item(
        action="Audit referrals.", owner="Health", due_on=date(2025, 3, 31), meta=journeys.meta()
    )
    review.complete_action(
        number=1, evidence="Signed.", completed_on=date(2024, 11, 1), meta=journeys.meta()
    )

    rows = projected(services, review)

    first, second = rows["action-plan-item-due#1"], rows["action-plan-item-due#2"]
    assert (first["due_date"], first["state"], first["ended_on"]) == (
        date(2024, 12, 31),
        "met",
        date(2024, 11, 1),
    )
    assert (second["due_date"], second["state"]) == (date(2025, 3, 31), "open")
    assert second["description"] == "Action 2 of the action plan"


def test_a_calendar_override_leaves_a_set_due_date_where_it_is(services: Services) -> None:
    review = journeys.evidenced(WALES)
    services.app.save(review)
    services.app.add_bank_holiday(
        calendar="england-and-wales", day=date(2024, 4, 30), reason="test", meta=a_meta()
    )

    rows = projected(services, review)

    assert rows["chronology-due#Education"]["due_date"] == date(2024, 4, 30)


def apc_review_asking(*agencies: str) -> Review:
    review = journeys.notified(SCOTLAND_APC)
    for day, agency in enumerate(agencies, start=4):
        review.request_information(
            agency=agency,
            due_on=date(2024, 3, 29),
            requested_on=date(2024, 3, day),
            meta=journeys.meta(),
        )
    return review


def test_the_adult_information_clock_counts_2_weeks_from_the_day_each_agency_was_asked(
    services: Services,
) -> None:
    rows = projected(services, apc_review_asking("Health", "Police"))

    health = rows[f"{APC_INFORMATION}#Health"]
    police = rows[f"{APC_INFORMATION}#Police"]
    assert (health["anchor_date"], health["due_date"]) == (date(2024, 3, 4), date(2024, 3, 18))
    assert (police["anchor_date"], police["due_date"]) == (date(2024, 3, 5), date(2024, 3, 19))
    assert APC_INFORMATION not in rows


def test_one_agency_s_answer_meets_only_its_own_information_clock(services: Services) -> None:
    review = apc_review_asking("Health", "Police")
    review.record_agency_information(
        agency="Police", received_on=date(2024, 3, 12), content=None, meta=journeys.meta()
    )

    rows = projected(services, review)

    assert rows[f"{APC_INFORMATION}#Police"]["state"] == "met"
    assert rows[f"{APC_INFORMATION}#Police"]["ended_on"] == date(2024, 3, 12)
    assert rows[f"{APC_INFORMATION}#Health"]["state"] == "open"


def test_a_request_with_no_stated_day_counts_from_the_day_it_was_recorded(
    services: Services,
) -> None:
    review = journeys.notified(SCOTLAND_APC)
    review.request_information(agency="Health", due_on=date(2099, 3, 29), meta=journeys.meta())
    recorded = review.pending_events[-1].timestamp.date()

    rows = projected(services, review)

    assert rows[f"{APC_INFORMATION}#Health"]["anchor_date"] == recorded


def test_asking_an_agency_again_after_its_answer_starts_its_clock_afresh(
    services: Services,
) -> None:
    review = apc_review_asking("Health")
    review.record_agency_information(
        agency="Health", received_on=date(2024, 3, 12), content=None, meta=journeys.meta()
    )
    review.request_information(
        agency="Health",
        due_on=date(2024, 4, 30),
        requested_on=date(2024, 4, 1),
        meta=journeys.meta(),
    )

    health = projected(services, review)[f"{APC_INFORMATION}#Health"]

    assert (health["anchor_date"], health["due_date"]) == (date(2024, 4, 1), date(2024, 4, 15))
    assert (health["state"], health["ended_on"]) == ("open", None)
