"""Publication over HTTP: only from the approved redacted rendering, held back by deferrals and
by open criminal proceedings, decisions not to publish, and court-ordered withdrawal."""

from __future__ import annotations

from uuid import uuid4

from fastapi.testclient import TestClient

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi, rendering
from tests.domain.review.cases import SCOTLAND_CPC, WALES

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


def test_publication_is_decided_only_after_the_familys_views_where_the_rules_consult_them(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC, family=False)  # the Scottish rules consult them
    response = api.refused(review, "decisions", steps.publication_decision())
    assert response.json()["rule"] == "publication.family-views-first"


def test_a_deferred_publication_is_refused(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = ready_to_publish(api)
    api.ok(review, "publication/deferrals", DEFERRAL)
    response = api.refused(review, "report/publication", steps.publication(rendering(api, review)))
    assert response.json()["rule"] == "publication.deferred"


def test_publication_goes_ahead_once_the_deferral_is_lifted(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = ready_to_publish(api)
    api.ok(review, "publication/deferrals", DEFERRAL)
    api.ok(review, "publication/deferrals/1/lifting", {"lifted_on": "2024-09-01"}, "chair")
    api.ok(review, "report/publication", steps.publication(rendering(api, review)))
    assert api.state(review)["publication"]["location"] == "https://example.org/r/1"


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


def test_the_report_is_published_from_its_applied_redaction_set(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = ready_to_publish(api)
    redaction_set = rendering(api, review)
    api.ok(review, "report/publication", steps.publication(redaction_set))
    published = api.state(review)["publication"]
    assert (published["redaction_set_id"], published["version"]) == (redaction_set, 1)


def test_a_redaction_set_not_yet_applied_is_refused(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = ready_to_publish(api)
    body = steps.publication(rendering(api, review, applied=False))
    response = api.refused(review, "report/publication", body)
    assert response.json()["rule"] == "publication.redaction-set-not-applied"


def test_a_redaction_set_over_another_report_version_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC, drafts=2)
    api.ok(review, "decisions", steps.publication_decision())
    steps.discharge(api, review, "2024-08-01")
    body = steps.publication(rendering(api, review, version=1))  # version 2 was accepted
    response = api.refused(review, "report/publication", body)
    assert response.json()["rule"] == "publication.redaction-set-other-version"


def test_a_redaction_set_over_another_reviews_report_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review, other = ready_to_publish(api), steps.accepted(api, SCOTLAND_CPC)
    response = api.refused(review, "report/publication", steps.publication(rendering(api, other)))
    assert response.json()["rule"] == "publication.redaction-set-other-review"


def test_a_redaction_set_of_another_partnership_is_unknown(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = ready_to_publish(api)
    south = steps.dp_leads(ReviewApi(client, auth, partnership="p-south"))[0]
    minutes = {"document_kind": "minutes", "version_label": "v1", "text": "Panel minutes."}
    foreign = client.post("/redaction-sets", json=minutes, headers=south).json()["id"]
    for set_id in (foreign, str(uuid4())):
        response = api.refused(review, "report/publication", steps.publication(set_id))
        assert response.status_code == 422
        assert response.json()["rule"] == "publication.redaction-set-unknown"


def test_a_publication_without_a_redaction_set_writes_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = ready_to_publish(api)
    body = {"location": "https://example.org/r/1", "published_on": "2024-09-02"}
    assert api.refused(review, "report/publication", body).status_code == 422


CRIMINAL = {"kind": "criminal", "body": "COPFS", "recorded_on": "2024-07-10"}
CLEARANCE = {"reference": "COPFS letter PF/2024/114", "cleared_on": "2024-08-20"}


def test_open_criminal_proceedings_refuse_publication(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = ready_to_publish(api)
    api.ok(review, "parallel-proceedings", CRIMINAL)
    body = steps.publication(rendering(api, review))
    response = api.refused(review, "report/publication", body)
    assert response.json()["rule"] == "publication.proceedings-open"


def test_the_prosecutors_agreement_lets_publication_go_ahead(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = ready_to_publish(api)
    api.ok(review, "parallel-proceedings", CRIMINAL)
    api.ok(review, "proceedings/1/publication-clearance", CLEARANCE, "chair")
    api.ok(review, "report/publication", steps.publication(rendering(api, review)))
    assert api.state(review)["proceedings"][0]["publication_cleared_on"] == "2024-08-20"


def test_only_the_roles_that_publish_record_a_clearance(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = ready_to_publish(api)
    api.ok(review, "parallel-proceedings", CRIMINAL)
    path = "proceedings/1/publication-clearance"
    assert api.refused(review, path, CLEARANCE, "reviewer", "dp-lead").status_code == 403
    south = ReviewApi(client, auth, partnership="p-south")
    assert south.refused(review, path, CLEARANCE, "chair").status_code == 404
    api.ok(review, path, CLEARANCE, "governance-officer")


def test_the_decision_trail_shows_deferral_clearance_and_the_set_published_from(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = ready_to_publish(api)
    api.ok(review, "publication/deferrals", DEFERRAL)
    api.ok(review, "publication/deferrals/1/lifting", {"lifted_on": "2024-08-20"}, "chair")
    api.ok(review, "parallel-proceedings", CRIMINAL)
    api.ok(review, "proceedings/1/publication-clearance", CLEARANCE, "chair")
    redaction_set = rendering(api, review)
    api.ok(review, "report/publication", steps.publication(redaction_set))
    trail = client.get(f"/reviews/{review}/decision-trail", headers=api.headers("auditor"))
    assert trail.status_code == 200, trail.text
    entries = {e["event_type"]: e["summary"] for e in trail.json()["items"]}
    assert entries["PublicationDeferred"]["reason"] == "criminal-proceedings"
    assert entries["PublicationDeferralLifted"]["lifted_on"] == "2024-08-20"
    assert entries["PublicationCleared"]["reference"] == CLEARANCE["reference"]
    assert entries["ReportPublished"]["redaction_set_id"] == redaction_set
