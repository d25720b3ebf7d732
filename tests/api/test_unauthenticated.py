"""No endpoint but /health, /openapi.json and /docs answers without a token (issue 8, item 1)."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from tests.api.conftest import TokenFor

OPEN = {"/health", "/openapi.json", "/docs", "/docs/oauth2-redirect"}


def every_route(client: TestClient) -> list[tuple[str, str]]:
    """(method, path) of every route of the app, path parameters filled with an id."""
    found = []
    for route in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        path = re.sub(r"\{[^}]+\}", str(uuid4()), route.path or "")
        found += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
    return found


def test_every_route_but_the_open_ones_answers_401_problem_json_without_a_token(
    client: TestClient,
) -> None:
    closed = [(m, p) for m, p in every_route(client) if p not in OPEN]
    assert len(closed) > 50
    for method, path in closed:
        response = client.request(method, path)
        assert response.status_code == 401, (method, path, response.status_code)
        assert response.headers["content-type"] == "application/problem+json", (method, path)
        assert response.json()["status"] == 401


@pytest.mark.parametrize("path", sorted(OPEN - {"/docs/oauth2-redirect"}))
def test_the_open_routes_answer_without_a_token(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


def test_redoc_is_not_served(client: TestClient) -> None:
    assert client.get("/redoc").status_code == 404


def test_metrics_are_among_the_routes_that_need_a_token(client: TestClient) -> None:
    assert ("GET", "/metrics") in every_route(client)
    assert client.get("/metrics").status_code == 401


def test_metrics_are_for_administrators_auditors_and_governance_officers(
    client: TestClient, auth: TokenFor
) -> None:
    assert client.get("/metrics", headers=auth("chair", "dp-lead")).status_code == 403
    for role in ("administrator", "auditor", "governance-officer"):
        assert client.get("/metrics", headers=auth(role)).status_code == 200, role
