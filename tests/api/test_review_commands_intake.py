"""Intake and decision commands over HTTP: refusals, roles, partnerships, versions."""

from __future__ import annotations

from uuid import uuid4

from fastapi.testclient import TestClient

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi
from tests.domain.review.cases import ENGLAND, SCOTLAND_CPC, WALES

REQUEST = {"agency": "Health", "due_on": "2024-03-15"}


def test_a_command_the_stage_does_not_allow_is_refused_with_its_rule(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, WALES)
    response = api.refused(review, "decisions", steps.hold_review())
    assert response.status_code == 422
    assert response.json()["rule"] == "review.command-not-allowed-in-stage"


def test_a_role_the_rule_set_does_not_allow_gets_403(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, WALES)
    response = api.refused(review, "information-requests", REQUEST, "reviewer")
    assert response.status_code == 403


def test_roles_come_from_the_reviews_rule_set(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, SCOTLAND_CPC)
    assert api.post(review, "information-requests", REQUEST, "panel-member").status_code == 200


def test_a_review_of_another_partnership_is_not_found(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, WALES)
    other = ReviewApi(client, auth, partnership="p-south")
    assert other.refused(review, "information-requests", REQUEST).status_code == 404


def test_an_unknown_review_is_not_found(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    assert api.refused(str(uuid4()), "information-requests", REQUEST).status_code == 404


def test_personal_data_about_an_unregistered_person_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, WALES)
    api.ok(review, "information-requests", REQUEST)
    body = {
        "agency": "Health",
        "received_on": "2024-03-10",
        "content": {"subject_id": str(uuid4()), "value": "Known to the GP."},
    }
    response = api.refused(review, "agency-information", body)
    assert response.json()["rule"] == "review.unknown-subject"


def test_a_stale_if_match_gets_412_and_records_nothing(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, WALES)
    api.ok(review, "information-requests", REQUEST)
    head = api.log_head()
    response = client.post(
        f"/reviews/{review}/information-requests",
        json=REQUEST,
        headers={**api.headers(), "If-Match": '"1"'},
    )
    assert response.status_code == 412
    assert api.log_head() == head


def test_a_current_if_match_is_accepted(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, WALES)
    response = client.post(
        f"/reviews/{review}/information-requests",
        json=REQUEST,
        headers={**api.headers(), "If-Match": '"1"'},
    )
    assert response.status_code == 200


def test_an_invalid_body_gets_field_errors_and_records_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, WALES)
    body = {"outcome": "maybe", "agreement": "unanimous", "recommended_on": "2024-03-01"}
    response = api.refused(review, "recommendations", body)
    paths = {e["path"] for e in response.json()["errors"]}
    assert {"body/outcome", "body/rationale"} <= paths


def test_missing_criteria_facts_are_refused_with_their_rule(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, WALES)
    body = {"facts": {"died": True}, "assessed_on": "2024-03-04"}
    assert api.refused(review, "criteria-assessments", body).json()["rule"] == "rules.missing-fact"


def test_england_moves_to_rapid_review_when_the_panel_is_notified(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, ENGLAND)
    api.ok(review, "criteria-assessments", {"facts": ENGLAND.facts, "assessed_on": "2024-03-04"})
    given = steps.discharge(api, review, "2024-03-05")
    assert set(given) == {"panel-serious-incident", "partners-serious-incident"}
    detail = client.get(f"/reviews/{review}", headers=api.headers()).json()
    assert detail["stage"] == "rapid-review"
    assert "record_decision" in detail["state"]["allowed_commands"]


def test_a_decision_contradicting_its_response_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, WALES)
    recommendation = {
        "outcome": "proceed",
        "kind": "extended",
        "agreement": "majority",
        "rationale": "Criteria met.",
        "recommended_on": "2024-03-21",
        "outline": steps.OUTLINE,
    }
    api.ok(review, "recommendations", recommendation)
    body = steps.hold_review(outcome="not-proceed")
    rule = api.refused(review, "decisions", body).json()["rule"]
    assert rule == "review.decision-contradicts-response"


def test_a_notice_to_a_body_outside_the_rule_set_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, WALES)
    body = {"recipient": "ofsted", "purpose": "x", "channel": "email", "notified_on": "2024-03-02"}
    assert api.refused(review, "notices", body).json()["rule"] == "review.unknown-body"


def test_a_review_recorded_without_rules_refuses_commands(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    created = client.post(
        "/reviews",
        json={
            "jurisdiction": "wales",
            "notifying_agency": "Gwent Police",
            "summary": "Harm.",
            "received_on": "2026-11-02",
        },
        headers=api.headers(),
    )
    review = created.json()["id"]
    assert api.refused(review, "information-requests", REQUEST).json()["rule"] == (
        "review.no-rule-set"
    )


def test_an_unknown_review_type_is_refused_at_notification(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    head = api.log_head()
    response = client.post(
        "/reviews",
        json={
            "jurisdiction": "england",
            "notifying_agency": "Leeds",
            "summary": "Harm.",
            "received_on": "2024-03-01",
            "review_type": "dhr",
        },
        headers=api.headers(),
    )
    assert response.json()["rule"] == "rules.unknown-rule-set"
    assert api.log_head() == head
