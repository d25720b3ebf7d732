"""Family engagement, learning-event participation, CLEAR recommendations and the Welsh
sub-group template over HTTP, on real PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi
from tests.domain.review.cases import ENGLAND, SCOTLAND_CPC, WALES


def test_family_engagement_is_shown_in_the_review_state(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC)
    state = api.state(review)
    assert state["family_liaison_strategies"][0]["version"] == 1
    (member,) = state["family"]
    assert member["participation"]["where"]["value"] == "At home."
    assert member["feedback"][0]["on_process"]["value"] == "We were heard."
    assert state["family_meetings"] == [{"members": [member["member"]], "held_on": "2024-04-19"}]


def test_learning_event_participation_is_shown_in_the_review_state(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC)
    (event,) = api.state(review)["learning_events"]
    assert (event["venue"], event["duration"]) == ("Community centre", "a full day")
    assert event["facilitators"] == [api.person("reviewer-0")]
    assert event["responses"][0]["response"] == "accepted"
    assert event["notes"][0]["value"] == "Nobody asked at the time."
    assert event["coverage"]["covered"] == ["what-went-well"]
    assert event["evaluations"][0]["answers"]["rating"]["value"] == "Good."
    assert event["warnings"] == []


def test_a_command_answers_with_the_version_and_log_position(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, WALES)
    strategy = {"strategy": "Meet the family at home.", "agreed_on": "2024-04-11"}
    accepted = api.ok(review, "family-liaison-strategies", strategy)
    assert accepted["version"] >= 1
    assert accepted["position"] == api.log_head()


def test_a_practitioner_event_before_meeting_the_family_is_held_with_a_warning(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, SCOTLAND_CPC)
    api.ok(
        review,
        "learning-events",
        {"format": steps.learning_format(SCOTLAND_CPC), "planned_on": "2024-05-20"},
    )
    invitation = {
        "practitioner": api.person("practitioner"),
        "role": "nurse",
        "agency": "Health",
        "invited_on": "2024-05-01",
    }
    api.ok(review, "learning-events/1/invitations", invitation)
    request = {
        "agency": "Health",
        "period_start": "2023-03-01",
        "period_end": "2024-02-28",
        "due_on": "2024-04-30",
        "requested_on": "2024-04-03",
    }
    api.ok(review, "chronology-requests", request)
    entries = [steps.chronology_entry(api, "nurse")]
    chronology = {"agency": "Health", "submitted_on": "2024-04-25", "entries": entries}
    api.ok(review, "chronologies", chronology)
    api.ok(review, "timeline", {"merged_on": "2024-05-02"})
    attendance = {"held_on": "2024-05-20", "attendees": [api.person("practitioner")]}
    api.ok(review, "learning-events/1/attendance", attendance)
    assert api.state(review)["learning_events"][0]["warnings"] == ["family-views-first"]


def test_an_incomplete_clear_recommendation_is_refused_naming_the_rule(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.evidenced(api, ENGLAND)
    body = {**steps.CLEAR, "evidence": ""}
    response = api.refused(review, "proposed-recommendations", body)
    assert response.status_code == 422
    assert response.json()["rule"] == "review.clear-evidence-required"


def test_a_welsh_recommendation_without_the_sub_groups_template_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, WALES)
    api.ok(review, "criteria-assessments", {"facts": WALES.facts, "assessed_on": "2024-03-04"})
    recommendation = {
        "outcome": "proceed",
        "kind": WALES.kind,
        "agreement": "unanimous",
        "rationale": "The criteria are met.",
        "recommended_on": "2024-03-21",
        "outline": {"time_period_covered": "12 months"},
    }
    response = api.refused(review, "recommendations", recommendation)
    assert response.json()["rule"] == "review.recommendation-template-incomplete"


def test_the_welsh_template_is_shown_with_the_recommendation(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.decided(api, WALES)
    (recommendation,) = api.state(review)["recommendations"]
    assert recommendation["agencies_involved"] == ["Health", "Police", "Education"]
    assert recommendation["expected_completion_on"] == "2024-09-01"


def test_only_the_rule_sets_roles_record_a_practitioners_answer(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.evidenced(api, ENGLAND)
    answer = {"practitioner": api.person("practitioner"), "response": "declined"}
    body = {**answer, "responded_on": "2024-05-04"}
    assert (
        api.refused(review, "learning-events/1/responses", body, "family-liaison").status_code
        == 403
    )
