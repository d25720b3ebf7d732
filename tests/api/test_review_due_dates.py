"""A review's own due dates on real PostgreSQL: each agency's chronology and each action of the
plan is a clock on the deadline dashboard, its CSV and the review's timeline, met by that
agency's submission or that action's completion."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import TokenFor
from tests.api.review_steps import (
    ReviewApi,
    accepted,
    closed,
    commissioned,
    evidenced,
    published,
)
from tests.domain.review.cases import WALES


def dashboard(api: ReviewApi, review: str) -> dict[str, dict[str, Any]]:
    response = api.client.get(
        "/dashboards/deadlines", params={"limit": "200"}, headers=api.headers()
    )
    assert response.status_code == 200, response.text
    return {i["clock_id"]: i for i in response.json()["items"] if i["aggregate_id"] == review}


def timeline(api: ReviewApi, review: str) -> dict[str, dict[str, Any]]:
    response = api.client.get(f"/reviews/{review}", headers=api.headers("reviewer"))
    assert response.status_code == 200, response.text
    return {c["clock_id"]: c for c in response.json()["clocks"]}


def test_each_agency_s_chronology_is_due_on_the_date_it_was_asked_for(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = evidenced(api, WALES)  # Health and Police asked on 3 April, due 30 April

    rows = dashboard(api, review)

    police = rows["chronology-due#Police"]
    assert (police["kind"], police["anchor_date"], police["due"]) == (
        "review",
        "2024-04-03",
        "2024-04-30",
    )
    assert (police["state"], police["status"], police["ended_on"]) == ("open", "overdue", None)
    assert police["what"] == "Chronology from Police"
    assert police["calendar"] == "england-and-wales"
    assert [s["kind"] for s in police["steps"]] == ["start", "due"]


def test_an_agency_s_submission_meets_its_own_chronology_clock_only(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = evidenced(api, WALES)  # only Health submitted, on 25 April

    rows = dashboard(api, review)

    assert (rows["chronology-due#Health"]["state"], rows["chronology-due#Health"]["status"]) == (
        "met",
        "met",
    )
    assert rows["chronology-due#Health"]["ended_on"] == "2024-04-25"
    assert rows["chronology-due#Police"]["state"] == "open"


def chronology_request(due_on: str, requested_on: str) -> dict[str, str]:
    return {
        "agency": "Health",
        "period_start": "2023-03-01",
        "period_end": "2024-02-28",
        "due_on": due_on,
        "requested_on": requested_on,
    }


def test_asking_an_agency_again_sets_its_new_due_date(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = commissioned(api, WALES)
    api.ok(review, "chronology-requests", chronology_request("2024-04-30", "2024-04-03"))
    api.ok(review, "chronology-requests", chronology_request("2099-06-30", "2024-05-03"))

    health = dashboard(api, review)["chronology-due#Health"]

    assert (health["anchor_date"], health["due"], health["state"]) == (
        "2024-05-03",
        "2099-06-30",
        "open",
    )
    assert (health["status"], health["ended_on"]) == ("on track", None)


def test_each_action_is_due_on_its_date_in_the_dashboard_csv_and_timeline(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = accepted(api, WALES)  # action 1 due 31 December 2024
    action = {"action": "Audit referrals.", "owner": "Health", "due_on": "2099-01-29"}
    api.ok(review, "action-plan", action)

    rows = dashboard(api, review)
    exported = api.client.get("/dashboards/deadlines.csv", headers=api.headers())
    csv_rows = {
        r["clock_id"]: r
        for r in csv.DictReader(io.StringIO(exported.text))
        if r["aggregate_id"] == review
    }

    first, second = rows["action-plan-item-due#1"], rows["action-plan-item-due#2"]
    assert (first["due"], first["status"]) == ("2024-12-31", "overdue")
    assert (second["due"], second["status"]) == ("2099-01-29", "on track")
    assert second["what"] == "Action 2 of the action plan"
    assert csv_rows["action-plan-item-due#1"]["due"] == "2024-12-31"
    assert csv_rows["chronology-due#Police"]["status"] == "overdue"
    assert timeline(api, review)["action-plan-item-due#2"]["due"] == "2099-01-29"


def test_completing_an_action_meets_its_clock(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = published(api, WALES)
    api.ok(
        review, "action-plan/1/completion", {"evidence": "Signed.", "completed_on": "2024-11-01"}
    )

    found = timeline(api, review)["action-plan-item-due#1"]

    assert (found["state"], found["status"], found["ended_on"]) == ("met", "met", "2024-11-01")


def test_closing_the_review_closes_its_open_due_dates(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = closed(api, WALES)  # Police never sent its chronology

    found = timeline(api, review)

    assert (found["chronology-due#Police"]["state"], found["action-plan-item-due#1"]["state"]) == (
        "closed",
        "met",
    )
