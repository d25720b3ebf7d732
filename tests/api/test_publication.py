"""Publication deferrals, decisions not to publish and court-ordered withdrawal over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi
from tests.domain.review.cases import SCOTLAND_CPC, WALES

PUBLICATION = {"location": "https://example.org/r/1", "published_on": "2024-09-02"}
DEFERRAL = {
    "reason": "criminal-proceedings",
    "detail": "COPFS asked that nothing is published before the verdict.",
    "lifted_by_role": "chair",
    "deferred_on": "2024-08-02",
}


def ready_to_publish(api: ReviewApi) -> str:
    review = steps.accepted(api, SCOTLAND_CPC)
    api.ok(review, "decisions", steps.publication_decision())
    steps.discharge(api, review, "2024-08-01")
    return review


def test_a_deferred_publication_is_refused(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = ready_to_publish(api)
    api.ok(review, "publication/deferrals", DEFERRAL)
    response = api.refused(review, "report/publication", PUBLICATION)
    assert response.json()["rule"] == "publication.deferred"


def test_publication_goes_ahead_once_the_deferral_is_lifted(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = ready_to_publish(api)
    api.ok(review, "publication/deferrals", DEFERRAL)
    api.ok(review, "publication/deferrals/1/lifting", {"lifted_on": "2024-09-01"}, "chair")
    api.ok(review, "report/publication", PUBLICATION)
    assert api.state(review)["publication"]["location"] == PUBLICATION["location"]


def test_only_the_named_role_lifts_a_deferral(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = ready_to_publish(api)
    api.ok(review, "publication/deferrals", DEFERRAL)
    lifting = {"lifted_on": "2024-09-01"}
    response = api.refused(review, "publication/deferrals/1/lifting", lifting, "governance-officer")
    assert response.json()["rule"] == "publication.lifting-role-not-held"


def test_not_publishing_needs_the_exceptional_circumstances(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC)
    decision = {**steps.publication_decision(), "outcome": "do-not-publish"}
    response = api.refused(review, "decisions", decision)
    assert response.json()["rule"] == "publication.exceptional-circumstances-required"


def test_not_publishing_is_recorded_with_the_exceptional_circumstances(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC)
    circumstances = "The child could be identified from the report in a small community."
    decision = {
        **steps.publication_decision(),
        "outcome": "do-not-publish",
        "exceptional_circumstances": circumstances,
    }
    api.ok(review, "decisions", decision)
    assert api.state(review)["decisions"][-1]["outcome"] == "do-not-publish"


def test_a_court_order_withdraws_the_report_before_the_minimum_period(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.closed(api, WALES)
    order = {"reason": "Order of the family court.", "withdrawn_on": "2024-10-01"}
    api.ok(review, "report/withdrawal", {**order, "court_order": True})
    assert api.state(review)["publication"]["withdrawn_on"] == "2024-10-01"
