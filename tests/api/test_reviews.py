"""/reviews over HTTP (in-process ASGI) on real PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import TokenFor
from tests.examples import notification_json


def event_count(client: TestClient) -> int:
    return int(client.app.state.services.db.log_head())  # type: ignore[attr-defined]


def test_a_posted_notification_is_visible_on_the_immediate_get(
    client: TestClient, auth: TokenFor
) -> None:
    created = client.post("/reviews", json=notification_json(), headers=auth("chair"))
    assert created.status_code == 201
    body = created.json()
    assert body["version"] == 1
    assert body["position"] >= 1
    assert created.headers["location"] == f"/reviews/{body['id']}"

    fetched = client.get(f"/reviews/{body['id']}", headers=auth("reviewer"))
    assert fetched.status_code == 200
    assert fetched.json()["notifying_agency"] == "Gwent Police"
    assert fetched.headers["etag"] == '"1"'


def test_the_list_pages_with_an_opaque_cursor(client: TestClient, auth: TokenFor) -> None:
    for n in range(3):
        client.post("/reviews", json=notification_json(notifying_agency=f"A{n}"), headers=auth())
    first = client.get("/reviews?limit=2", headers=auth()).json()
    second = client.get(f"/reviews?limit=2&cursor={first['next_cursor']}", headers=auth()).json()
    agencies = [r["notifying_agency"] for r in first["items"] + second["items"]]
    assert agencies == ["A2", "A1", "A0"]
    assert second["next_cursor"] is None


def test_a_review_of_another_partnership_is_not_found(client: TestClient, auth: TokenFor) -> None:
    review_id = client.post("/reviews", json=notification_json(), headers=auth()).json()["id"]
    other = auth("chair", partnership="p-south")
    assert client.get(f"/reviews/{review_id}", headers=other).status_code == 404
    assert client.get("/reviews", headers=other).json()["items"] == []


def test_an_invalid_notification_gets_field_errors_and_writes_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    before = event_count(client)
    response = client.post(
        "/reviews", json={"jurisdiction": "mars", "summary": ""}, headers=auth("chair")
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    paths = {e["path"] for e in response.json()["errors"]}
    assert {"body/jurisdiction", "body/summary", "body/notifying_agency"} <= paths
    assert event_count(client) == before


def test_a_domain_refusal_names_its_rule_and_writes_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    before = event_count(client)
    response = client.post("/reviews", json=notification_json(summary="   "), headers=auth())
    assert response.status_code == 422
    assert response.json()["rule"] == "review.summary-required"
    assert event_count(client) == before


def test_without_a_token_the_api_answers_401_problem_json(client: TestClient) -> None:
    response = client.get("/reviews")
    assert response.status_code == 401
    assert response.json()["title"] == "Unauthenticated"
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_forged_token_is_refused(client: TestClient, auth: TokenFor) -> None:
    token = auth()["Authorization"][:-4] + "AAAA"
    assert client.get("/reviews", headers={"Authorization": token}).status_code == 401


def test_a_role_that_may_not_open_reviews_gets_403_and_writes_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    before = event_count(client)
    response = client.post("/reviews", json=notification_json(), headers=auth("auditor"))
    assert response.status_code == 403
    assert event_count(client) == before


def test_health_answers_without_a_token(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok", "database": "ok"}


def test_the_openapi_document_and_docs_need_no_token(client: TestClient) -> None:
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")
    assert client.get("/docs").status_code == 200
