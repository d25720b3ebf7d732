"""Commissioning commands over HTTP: terms of reference, the team, meetings, proceedings, pauses."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi, appointment
from tests.domain.review.cases import SCOTLAND_CPC, WALES


def test_an_extended_welsh_review_with_one_reviewer_is_not_commissioned(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.decided(api, WALES)
    api.ok(review, "terms-of-reference", {"text": "ToR.", "drafted_on": "2024-03-27"})
    for label, role in (("chair", "chair"), ("panel", "panel-member"), ("rev", "reviewer")):
        api.ok(review, "team", appointment(api, label, role, external=role == "reviewer"))
    response = api.refused(review, "terms-of-reference/1/agreement", {"agreed_on": "2024-04-02"})
    assert response.json()["rule"] == "review.extended-needs-two-reviewers"


def test_an_agreed_version_cannot_be_agreed_again(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, WALES)
    response = api.refused(review, "terms-of-reference/2/agreement", {"agreed_on": "2024-04-03"})
    assert response.json()["rule"] == "review.tor-not-draft"


def test_every_terms_of_reference_version_is_shown_with_its_status(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, WALES)
    amendment = {"text": "ToR v3.", "reason": "Widen scope.", "amended_on": "2024-05-01"}
    api.ok(review, "terms-of-reference/amendments", amendment)
    versions = [(t["version"], t["status"]) for t in api.state(review)["terms_of_reference"]]
    assert versions == [(1, "superseded"), (2, "agreed"), (3, "draft")]


def test_only_the_chair_agrees_the_terms_of_reference(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, WALES)
    api.ok(
        review,
        "terms-of-reference/amendments",
        {"text": "v3", "reason": "Scope.", "amended_on": "2024-05-01"},
    )
    body = {"agreed_on": "2024-05-02"}
    assert (
        api.refused(review, "terms-of-reference/3/agreement", body, "reviewer").status_code == 403
    )


def test_a_reviewer_without_an_independence_statement_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.decided(api, WALES)
    body = {**appointment(api, "rev", "reviewer"), "independence_statement": None}
    rule = api.refused(review, "team", body).json()["rule"]
    assert rule == "review.independence-statement-required"


def test_standing_down_a_needed_reviewer_is_refused_then_allowed_once_replaced(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, WALES)
    body = {
        "member": api.person("reviewer-1"),
        "role": "reviewer",
        "reason": "Left.",
        "stood_down_on": "2024-05-01",
    }
    rule = api.refused(review, "team/stand-downs", body).json()["rule"]
    assert rule == "review.extended-needs-two-reviewers"
    api.ok(review, "team", appointment(api, "reviewer-3", "reviewer"))
    api.ok(review, "team/stand-downs", body)
    serving = [m for m in api.state(review)["team"] if m["stood_down_on"] is None]
    assert len([m for m in serving if m["role"] == "reviewer"]) == 2


def test_team_meetings_record_serving_members(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, SCOTLAND_CPC)
    meeting = {"held_on": "2024-04-05", "attendees": [api.person("chair")], "minutes_ref": "m-1"}
    api.ok(review, "meetings", meeting)
    assert api.state(review)["meetings"][0]["minutes"] == "m-1"
    stranger = {**meeting, "attendees": [api.person("stranger")]}
    assert api.refused(review, "meetings", stranger).json()["rule"] == "review.attendee-not-in-team"


def test_parallel_proceedings_pause_and_resume_the_review(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, SCOTLAND_CPC)
    details = {"subject_id": api.person("accused", "parent"), "value": "Charged with assault."}
    proceedings = {
        "kind": "criminal",
        "body": "COPFS",
        "recorded_on": "2024-03-05",
        "details": details,
    }
    api.ok(review, "parallel-proceedings", proceedings)
    api.ok(review, "pauses", {"reason": "COPFS asked us to wait.", "paused_on": "2024-03-05"})
    assert (
        api.refused(review, "pauses", {"reason": "Again.", "paused_on": "2024-03-06"}).json()[
            "rule"
        ]
        == "review.already-paused"
    )
    api.ok(review, "resumptions", {"resumed_on": "2024-06-01"})
    api.ok(
        review,
        "parallel-proceedings/1/conclusion",
        {"outcome": "Verdict.", "concluded_on": "2024-06-01"},
    )
    state = api.state(review)
    assert state["paused"] is False
    assert state["proceedings"][0]["details"]["category"] == "criminal"
    assert {"cpc", "cog"} <= {o["recipient"] for o in state["obligations"] if not o["discharged"]}


def test_only_the_chair_pauses_a_review(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, SCOTLAND_CPC)
    body = {"reason": "Trial.", "paused_on": "2024-03-05"}
    assert api.refused(review, "pauses", body, "administrator").status_code == 403
