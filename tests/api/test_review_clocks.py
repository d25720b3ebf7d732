"""GET /reviews/{id} ``clocks`` on real PostgreSQL: the review's timeline of clocks from the
deadlines view, across a pause, a resumption, a bank-holiday override and a met notice."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from adapters.calendars import PACKAGE_VERSION
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi, opened
from tests.domain.review.cases import ENGLAND, SCOTLAND_APC, WALES

WALES_6_MONTHS = "wales.cpr@2012/complete-within-6-months-of-referral"
PANEL_5_DAYS = "england.cspr@2023/panel-serious-incident-within-5-working-days"
APC_INFORMATION = "scotland.apc-learning-review@2022/agency-information-within-2-weeks"


def clocks(api: ReviewApi, review: str, **params: str) -> list[dict[str, Any]]:
    response = api.client.get(f"/reviews/{review}", params=params, headers=api.headers("reviewer"))
    assert response.status_code == 200, response.text
    listed: list[dict[str, Any]] = response.json()["clocks"]
    return listed


def clock(api: ReviewApi, review: str, clock_id: str, **params: str) -> dict[str, Any]:
    (found,) = [c for c in clocks(api, review, **params) if c["clock_id"] == clock_id]
    return found


def test_a_new_welsh_review_shows_its_6_month_clock(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = opened(api, WALES, received_on="2024-03-01")

    found = clock(api, review, WALES_6_MONTHS)

    assert (found["kind"], found["aggregate_id"]) == ("review", review)
    assert (found["anchor_date"], found["due"], found["state"]) == (
        "2024-03-01",
        "2024-09-01",
        "open",
    )
    assert (found["pauses"], found["ended_on"]) == ([], None)
    assert (found["calendar"], found["calendar_version"]) == ("england-and-wales", PACKAGE_VERSION)
    assert found["what"]


def test_a_pause_shows_in_the_timeline_with_its_reason_and_no_due_date(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = opened(api, WALES, received_on="2024-03-01")
    paused = api.ok(
        review, "pauses", {"reason": "Criminal trial pending.", "paused_on": "2024-04-01"}
    )

    found = clock(api, review, WALES_6_MONTHS, min_position=str(paused["position"]))

    assert (found["due"], found["status"], found["paused_reason"]) == (
        None,
        "paused",
        "review on hold",
    )
    assert found["pauses"] == [{"from": "2024-04-01", "to": None, "reason": "review on hold"}]


def test_a_resumption_closes_the_pause_and_moves_the_due_date_by_the_days_paused(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = opened(api, WALES, received_on="2024-03-01")
    api.ok(review, "pauses", {"reason": "Criminal trial pending.", "paused_on": "2024-04-01"})
    resumed = api.ok(review, "resumptions", {"resumed_on": "2024-04-11"})

    found = clock(api, review, WALES_6_MONTHS, min_position=str(resumed["position"]))

    assert found["pauses"] == [
        {"from": "2024-04-01", "to": "2024-04-10", "reason": "review on hold"}
    ]
    assert (found["due"], found["paused_reason"]) == ("2024-09-11", None)


def england_review_with_serious_incident(api: ReviewApi) -> str:
    review = opened(api, ENGLAND, received_on="2025-07-18")
    assessment = {"facts": ENGLAND.facts, "assessed_on": "2025-07-18"}
    api.ok(review, "criteria-assessments", assessment)
    return review


def test_a_bank_holiday_override_moves_a_working_day_clock_in_the_timeline(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = england_review_with_serious_incident(api)
    assert clock(api, review, PANEL_5_DAYS)["due"] == "2025-07-25"
    holiday = {"day": "2025-07-22", "action": "add", "reason": "Proclaimed bank holiday"}
    added = client.post(
        "/calendars/england-and-wales/overrides", json=holiday, headers=auth("administrator")
    )
    assert added.status_code == 201, added.text

    found = clock(api, review, PANEL_5_DAYS, min_position=str(added.json()["position"]))

    assert found["due"] == "2025-07-28"
    assert found["calendar_version"].startswith(f"{PACKAGE_VERSION}+")
    assert any("Proclaimed bank holiday" in step["note"] for step in found["steps"])


def test_a_met_clock_shows_the_day_it_was_met(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = england_review_with_serious_incident(api)
    notice = {
        "recipient": "national-panel",
        "purpose": "serious-incident",
        "channel": "CSINS",
        "notified_on": "2025-07-21",
    }
    api.ok(review, "notices", notice)

    found = clock(api, review, PANEL_5_DAYS)

    assert (found["state"], found["status"], found["ended_on"]) == ("met", "met", "2025-07-21")


def test_the_timeline_lists_the_same_clocks_as_the_dashboard(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = england_review_with_serious_incident(api)
    dashboard = client.get(
        "/dashboards/deadlines", params={"limit": "200"}, headers=api.headers()
    ).json()["items"]

    timeline = clocks(api, review)

    assert timeline
    assert sorted(timeline, key=lambda c: c["clock_id"]) == sorted(
        (item for item in dashboard if item["aggregate_id"] == review),
        key=lambda c: c["clock_id"],
    )
    assert [c["anchor_date"] for c in timeline] == sorted(c["anchor_date"] for c in timeline)


def test_another_partnership_cannot_read_the_timeline(client: TestClient, auth: TokenFor) -> None:
    review = opened(ReviewApi(client, auth), WALES)

    response = client.get(f"/reviews/{review}", headers=auth("chair", partnership="p-south"))

    assert response.status_code == 404
    assert "clocks" not in response.json()


def test_an_adult_information_request_is_due_2_weeks_after_the_day_it_was_made(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = opened(api, SCOTLAND_APC, received_on="2024-03-01")
    for agency, day in (("Health", "2024-03-04"), ("Police", "2024-03-05")):
        request = {"agency": agency, "due_on": "2024-03-29", "requested_on": day}
        api.ok(review, "information-requests", request)
    answer = {"agency": "Police", "received_on": "2024-03-12", "content": None}
    answered = api.ok(review, "agency-information", answer)

    found = {c["clock_id"]: c for c in clocks(api, review, min_position=str(answered["position"]))}

    health, police = found[f"{APC_INFORMATION}#Health"], found[f"{APC_INFORMATION}#Police"]
    assert (health["anchor_date"], health["due"], health["state"]) == (
        "2024-03-04",
        "2024-03-18",
        "open",
    )
    assert (police["state"], police["ended_on"]) == ("met", "2024-03-12")
    assert api.state(review)["information_requests"][0]["requested_on"] == "2024-03-04"
