"""The first vertical slice through the running service over real HTTP."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import RunningService
from tests.examples import notification_json


def test_a_posted_review_is_visible_on_the_immediate_get(service: RunningService) -> None:
    chair = service.token("chair")
    with httpx.Client(base_url=service.base_url, headers=chair) as http:
        created = http.post("/reviews", json=notification_json(jurisdiction="scotland"))
        assert created.status_code == 201
        review_id = created.json()["id"]
        fetched = http.get(f"/reviews/{review_id}")
    assert fetched.status_code == 200
    assert fetched.json()["jurisdiction"] == "scotland"
    assert fetched.headers["x-request-id"]


def test_health_answers_200_over_http(service: RunningService) -> None:
    assert httpx.get(f"{service.base_url}/health").json()["status"] == "ok"


def test_an_anonymous_request_gets_401_problem_json(service: RunningService) -> None:
    response = httpx.get(f"{service.base_url}/reviews")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
