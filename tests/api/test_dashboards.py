"""/dashboards/deadlines on real PostgreSQL: review clocks from the rule sets, counted on the
stored calendar, paused and resumed by the review's events, scoped to the caller's partnership."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

from adapters.calendars import PACKAGE_VERSION
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi, opened
from tests.domain.review.cases import ENGLAND, WALES
from tests.examples import notification_json

WALES_6_MONTHS = "wales.cpr@2012/complete-within-6-months-of-referral"
PANEL_5_DAYS = "england.cspr@2023/panel-serious-incident-within-5-working-days"


def deadlines(api: ReviewApi, **params: str) -> list[dict[str, Any]]:
    response = api.client.get("/dashboards/deadlines", params=params, headers=api.headers())
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def clock(api: ReviewApi, review: str, clock_id: str) -> dict[str, Any]:
    (found,) = [
        item
        for item in deadlines(api)
        if item["aggregate_id"] == review and item["clock_id"] == clock_id
    ]
    return found


def test_a_welsh_review_is_due_6_months_after_the_referral(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = opened(api, WALES, received_on="2024-03-01")

    row = clock(api, review, WALES_6_MONTHS)

    assert (row["kind"], row["due"], row["state"]) == ("review", "2024-09-01", "open")
    assert row["anchor_date"] == "2024-03-01"
    assert row["calendar"] == "england-and-wales"
    assert row["status"] == "overdue"  # 2024 is long past for the API's today
    assert row["steps"][-1] == {
        "kind": "due",
        "first": "2024-09-01",
        "last": "2024-09-01",
        "note": "due",
    }


def test_pausing_a_review_shows_its_clock_paused_with_the_reason(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = opened(api, WALES, received_on="2024-03-01")
    api.ok(review, "pauses", {"reason": "Criminal trial pending.", "paused_on": "2024-04-01"})

    row = clock(api, review, WALES_6_MONTHS)

    assert (row["due"], row["status"], row["working_days_left"]) == (None, "paused", None)
    # The stated reason is free text (it may name someone): the dashboard says only "on hold".
    assert row["paused_reason"] == "review on hold"


def test_a_hold_stated_as_a_reason_code_shows_that_code(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = opened(api, WALES, received_on="2024-03-01")
    api.ok(review, "pauses", {"reason": "publication-delayed", "paused_on": "2024-04-01"})

    row = clock(api, review, WALES_6_MONTHS)

    assert row["paused_reason"] == "review on hold: publication-delayed"
    assert row["pauses"][0]["reason"] == "review on hold: publication-delayed"


def test_parallel_proceedings_show_their_kind_and_never_their_details(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = opened(api, WALES, received_on="2024-03-01")
    details = {"subject_id": api.person("father", "parent"), "value": "The father is charged."}
    proceedings = {"kind": "criminal", "body": "CPS", "recorded_on": "2024-04-01"}
    api.ok(review, "parallel-proceedings", {**proceedings, "details": details})

    row = clock(api, review, WALES_6_MONTHS)
    exported = api.client.get("/dashboards/deadlines.csv", headers=api.headers()).text

    assert (row["status"], row["paused_reason"]) == ("paused", "parallel proceedings: criminal")
    assert "parallel proceedings: criminal" in exported
    assert "charged" not in exported
    assert "ParallelProceedingsRecorded" not in exported


def test_resuming_a_review_pushes_its_due_date_back_by_the_days_paused(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = opened(api, WALES, received_on="2024-03-01")
    api.ok(review, "pauses", {"reason": "Criminal trial pending.", "paused_on": "2024-04-01"})
    api.ok(review, "resumptions", {"resumed_on": "2024-04-11"})

    row = clock(api, review, WALES_6_MONTHS)

    # 1..10 April do not count: ten days later than 1 September.
    assert (row["due"], row["paused_reason"], row["status"]) == ("2024-09-11", None, "overdue")


def england_review_with_serious_incident(api: ReviewApi) -> str:
    review = opened(api, ENGLAND, received_on="2025-07-18")
    assessment = {"facts": ENGLAND.facts, "assessed_on": "2025-07-18"}
    api.ok(review, "criteria-assessments", assessment)
    return review


def test_an_assessed_serious_incident_starts_the_5_working_day_notice_clock(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = england_review_with_serious_incident(api)

    row = clock(api, review, PANEL_5_DAYS)

    assert (row["anchor_date"], row["due"]) == ("2025-07-18", "2025-07-25")
    assert row["calendar_version"] == PACKAGE_VERSION


def test_a_bank_holiday_inside_a_working_day_clock_moves_its_due_date(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = england_review_with_serious_incident(api)
    holiday = {"day": "2025-07-22", "action": "add", "reason": "Proclaimed bank holiday"}
    added = client.post(
        "/calendars/england-and-wales/overrides", json=holiday, headers=auth("administrator")
    )
    assert added.status_code == 201, added.text

    row = clock(api, review, PANEL_5_DAYS)

    assert row["due"] == "2025-07-28"
    assert row["calendar_version"].startswith(f"{PACKAGE_VERSION}+")


def test_giving_the_notice_marks_its_clock_met(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = england_review_with_serious_incident(api)
    notice = {
        "recipient": "national-panel",
        "purpose": "serious-incident",
        "channel": "CSINS",
        "notified_on": "2025-07-21",
    }
    api.ok(review, "notices", notice)

    row = clock(api, review, PANEL_5_DAYS)

    assert (row["state"], row["status"]) == ("met", "met")
    assert PANEL_5_DAYS not in {r["clock_id"] for r in deadlines(api, state="open")}


def test_another_partnership_sees_none_of_the_clocks(client: TestClient, auth: TokenFor) -> None:
    opened(ReviewApi(client, auth), WALES)

    assert deadlines(ReviewApi(client, auth, partnership="p-south")) == []


def test_the_csv_has_the_same_rows_as_the_list(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    opened(api, WALES, received_on="2024-03-01")
    england_review_with_serious_incident(api)

    response = client.get("/dashboards/deadlines.csv", headers=api.headers("auditor"))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    listed = deadlines(api)
    assert [(r["aggregate_id"], r["clock_id"], r["due"]) for r in rows] == [
        (item["aggregate_id"], item["clock_id"], item["due"] or "") for item in listed
    ]


def test_pages_follow_the_due_date_order(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    opened(api, WALES, received_on="2024-03-01")
    england_review_with_serious_incident(api)
    everything = deadlines(api, sort="-due")

    first = client.get(
        "/dashboards/deadlines", params={"sort": "-due", "limit": "1"}, headers=api.headers()
    ).json()
    second = deadlines(api, sort="-due", limit="200", cursor=first["next_cursor"])

    assert first["items"] + second == everything
    dues = [item["due"] for item in everything if item["due"]]
    assert dues == sorted(dues, reverse=True)


def test_rebuilding_the_view_counts_every_clock_on_the_overrides_of_its_day(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    england_review_with_serious_incident(api)
    holiday = {"day": "2025-07-22", "action": "add", "reason": "Proclaimed bank holiday"}
    client.post("/calendars/england-and-wales/overrides", json=holiday, headers=auth("dp-lead"))
    before = deadlines(api)

    client.app.state.services.runner.rebuild("deadlines")  # type: ignore[attr-defined]

    assert deadlines(api) == before


def test_a_team_role_sees_the_clocks_of_only_the_reviews_it_is_on(
    client: TestClient, auth: TokenFor
) -> None:
    # As GET /reviews lists them: the reviews its token names and those it notified or serves on.
    api = ReviewApi(client, auth)
    named, unrelated = opened(api, WALES), opened(api, WALES)
    chair = auth("chair", user="chair-4", reviews=[named])
    # With a rule set valid on the day it was received, so with clocks.
    body = notification_json(review_type=WALES.review_type, received_on="2024-03-01")
    created = client.post("/reviews", json=body, headers=chair)
    assert created.status_code == 201, created.text
    own = created.json()["id"]
    assert clocks_of(client, chair) == {named, own}
    assert clocks_of(client, chair, csv_export=True) == {named, own}
    for role in ("administrator", "governance-officer", "dp-lead", "auditor"):
        assert {named, unrelated, own} <= clocks_of(client, auth(role, user="someone-else"))


def clocks_of(client: TestClient, headers: dict[str, str], *, csv_export: bool = False) -> set[str]:
    """The reviews (and requests) whose clocks the caller is shown, in the list or the CSV."""
    if csv_export:
        response = client.get("/dashboards/deadlines.csv", headers=headers)
        assert response.status_code == 200, response.text
        return {row["aggregate_id"] for row in csv.DictReader(io.StringIO(response.text))}
    response = client.get("/dashboards/deadlines", params={"limit": 200}, headers=headers)
    assert response.status_code == 200, response.text
    return {item["aggregate_id"] for item in response.json()["items"]}
