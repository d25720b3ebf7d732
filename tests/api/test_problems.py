"""Every error is RFC 9457 problem+json, with no stack trace and no personal value in it."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest
from fastapi.testclient import TestClient

from api.deps import Services
from tests.api.conftest import TokenFor
from tests.canary import canary
from tests.examples import notification_json

MEMBERS = {"type", "title", "status", "detail", "instance"}
REQUEST_ID = "0b7f5a8e-33c1-4b8e-9c2e-0d6d8a1f2e3c"


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert set(body) >= MEMBERS
    assert body["status"] == status
    assert body["type"].startswith("https://reviewtrail.example/problems/")
    return body


def test_an_unknown_path_is_a_404_problem(client: TestClient, auth: TokenFor) -> None:
    body = assert_problem(client.get("/nowhere", headers=auth()), 404)
    assert body["instance"] == "/nowhere"


def test_a_method_not_allowed_is_a_405_problem_naming_the_allowed_methods(
    client: TestClient, auth: TokenFor
) -> None:
    response = client.delete("/reviews", headers=auth())
    assert_problem(response, 405)
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_malformed_json_is_a_422_problem_pointing_at_the_body(
    client: TestClient, auth: TokenFor
) -> None:
    response = client.post(
        "/reviews",
        content=b'{"jurisdiction": "wales",',
        headers={**auth(), "Content-Type": "application/json"},
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["path"].startswith("body")


def test_a_body_that_is_not_utf8_is_a_422_problem_pointing_at_the_body(
    client: TestClient, auth: TokenFor
) -> None:
    response = client.post(
        "/reviews", content=b'{"a": "\xff"}', headers={**auth(), "Content-Type": "application/json"}
    )
    body = assert_problem(response, 422)
    assert [e["path"] for e in body["errors"]] == ["body"]


def test_a_body_that_is_not_json_is_a_415_problem_and_writes_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    head = client.app.state.services.db.log_head()  # type: ignore[attr-defined]
    response = client.post(
        "/reviews", content=b"jurisdiction=wales", headers={**auth(), "Content-Type": "text/plain"}
    )
    assert_problem(response, 415)
    assert client.app.state.services.db.log_head() == head  # type: ignore[attr-defined]


def test_a_json_body_with_a_structured_suffix_is_accepted(
    client: TestClient, auth: TokenFor
) -> None:
    response = client.post(
        "/reviews",
        json=notification_json(),
        headers={**auth(), "Content-Type": "application/vnd.reviewtrail+json"},
    )
    assert response.status_code == 201


def test_a_missing_body_is_a_422_problem_not_a_415(client: TestClient, auth: TokenFor) -> None:
    body = assert_problem(client.post("/reviews", headers=auth()), 422)
    assert [e["path"] for e in body["errors"]] == ["body"]


def test_an_invalid_value_is_reported_by_path_without_echoing_it(
    client: TestClient, auth: TokenFor
) -> None:
    secret = canary("agency")
    response = client.post(
        "/reviews", json=notification_json(received_on=secret), headers=auth("chair")
    )
    body = assert_problem(response, 422)
    assert [e["path"] for e in body["errors"]] == ["body/received_on"]
    assert secret not in response.text


def test_an_unexpected_error_is_a_500_problem_without_detail_or_traceback(
    client: TestClient,
    auth: TokenFor,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = canary("crash")
    services: Services = client.app.state.services  # type: ignore[attr-defined]

    def crash(*_: object, **__: object) -> None:
        raise RuntimeError(f"boom near {secret}")

    monkeypatch.setattr(services.verifier, "verify", crash)
    response = client.get("/reviews", headers=auth())
    body = assert_problem(response, 500)
    assert body["detail"] == "an unexpected error occurred"
    assert secret not in response.text
    assert "Traceback" not in response.text
    assert secret not in caplog.text
    assert "Traceback" not in caplog.text


def test_a_problem_carries_the_request_id(client: TestClient, auth: TokenFor) -> None:
    response = client.get("/nowhere", headers={**auth(), "X-Request-Id": REQUEST_ID})
    assert response.headers["x-request-id"] == REQUEST_ID


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/reviews", 401),
        ("post", "/subjects/00000000-0000-0000-0000-000000000001/erasure", 401),
        ("get", "/reviews/not-a-uuid", 422),
        ("get", "/reviews/00000000-0000-0000-0000-000000000001", 404),
        ("get", "/calendars/mars/overrides", 404),
    ],
)
def test_each_error_status_is_a_problem(
    client: TestClient, auth: TokenFor, method: str, path: str, status: int
) -> None:
    headers = {} if status == 401 else auth()
    assert_problem(client.request(method, path, headers=headers), status)


def test_a_forbidden_command_is_a_403_problem(client: TestClient, auth: TokenFor) -> None:
    response = client.post("/reviews", json=notification_json(), headers=auth("auditor"))
    assert assert_problem(response, 403)["title"] == "Forbidden"


def test_a_search_identifier_of_the_wrong_shape_is_a_422_naming_the_rule_not_echoing_it(
    client: TestClient, auth: TokenFor
) -> None:
    secret = "N" + uuid4().hex[:12]  # too long for any National Insurance number
    response = client.get("/subjects/search", params={"ni_number": secret}, headers=auth("dp-lead"))
    assert assert_problem(response, 422)["rule"] == "subject.identifier-format"
    assert secret not in response.text


def test_a_single_valued_query_parameter_given_twice_is_a_422_problem(
    client: TestClient, auth: TokenFor
) -> None:
    response = client.get("/reviews?limit=5&limit=500", headers=auth())
    body = assert_problem(response, 422)
    assert [e["path"] for e in body["errors"]] == ["query/limit"]
