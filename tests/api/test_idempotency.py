"""Idempotency-Key over HTTP on real PostgreSQL: a retried command records nothing new."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from fastapi.testclient import TestClient

from adapters.postgres.idempotency import TABLE
from api.deps import Services
from tests.api.conftest import TokenFor
from tests.canary import canary
from tests.examples import notification_json


def services_of(client: TestClient) -> Services:
    services: Services = client.app.state.services  # type: ignore[attr-defined]
    return services


def log_head(client: TestClient) -> int:
    return services_of(client).db.log_head()


def open_review(
    client: TestClient, headers: dict[str, str], key: str, **body: Any
) -> httpx.Response:
    response: httpx.Response = client.post(
        "/reviews", json=notification_json(**body), headers={**headers, "Idempotency-Key": key}
    )
    return response


def test_a_retry_gets_the_first_response_and_records_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    first = open_review(client, auth("chair"), "key-1")
    head = log_head(client)
    retry = open_review(client, auth("chair"), "key-1")
    assert (retry.status_code, retry.json()) == (201, first.json())
    assert retry.headers["location"] == first.headers["location"]
    assert retry.headers["etag"] == first.headers["etag"]
    assert retry.headers["idempotent-replayed"] == "true"
    assert log_head(client) == head


def test_the_same_json_spaced_or_ordered_differently_is_the_same_request(
    client: TestClient, auth: TokenFor
) -> None:
    headers = {**auth("chair"), "Idempotency-Key": "key-1", "Content-Type": "application/json"}
    body = notification_json()
    first = client.post("/reviews", content=str(body).replace("'", '"'), headers=headers)
    reordered = dict(reversed(list(body.items())))
    retry = client.post("/reviews", json=reordered, headers=headers)
    assert retry.json()["id"] == first.json()["id"]


def test_the_same_key_with_a_different_body_is_refused_and_records_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    open_review(client, auth("chair"), "key-1")
    head = log_head(client)
    reused = open_review(client, auth("chair"), "key-1", notifying_agency="Another Agency")
    assert reused.status_code == 422
    assert reused.json()["rule"] == "idempotency.key-reused"
    assert log_head(client) == head


def test_keys_are_scoped_to_the_user(client: TestClient, auth: TokenFor) -> None:
    mine = open_review(client, auth("chair", user="user-1"), "key-1")
    theirs = open_review(client, auth("chair", user="user-2"), "key-1")
    assert theirs.status_code == 201
    assert theirs.json()["id"] != mine.json()["id"]


def test_keys_are_scoped_to_the_partnership(client: TestClient, auth: TokenFor) -> None:
    north = open_review(client, auth("chair", partnership="p-north"), "key-1")
    south = open_review(client, auth("chair", partnership="p-south"), "key-1")
    assert south.status_code == 201
    assert south.json()["id"] != north.json()["id"]


def test_a_duplicate_sent_while_the_first_is_in_flight_gets_409_and_records_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    first = open_review(client, auth("chair"), "key-1")
    with services_of(client).db.connection() as conn:  # as if the first were still running
        conn.execute(f"UPDATE {TABLE} SET status = NULL, body = NULL")
    head = log_head(client)
    duplicate = open_review(client, auth("chair"), "key-1")
    assert duplicate.status_code == 409
    assert duplicate.json()["rule"] == "idempotency.in-flight"
    assert duplicate.headers["retry-after"] == "1"
    assert log_head(client) == head
    assert first.status_code == 201


def test_concurrent_duplicates_record_the_command_once(client: TestClient, auth: TokenFor) -> None:
    head = log_head(client)
    headers = auth("chair")
    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(pool.map(lambda _: open_review(client, headers, "key-1"), range(8)))
    created = {r.json()["id"] for r in responses if r.status_code == 201}
    assert len(created) == 1
    assert {r.status_code for r in responses} <= {201, 409}
    assert log_head(client) == head + 1


def test_a_refused_command_releases_its_key_for_a_corrected_retry(
    client: TestClient, auth: TokenFor
) -> None:
    refused = open_review(client, auth("chair"), "key-1", summary="   ")
    assert refused.json()["rule"] == "review.summary-required"
    corrected = open_review(client, auth("chair"), "key-1")
    assert corrected.status_code == 201


def test_a_role_that_may_not_run_the_command_claims_no_key(
    client: TestClient, auth: TokenFor
) -> None:
    assert open_review(client, auth("auditor"), "key-1").status_code == 403
    with services_of(client).db.connection() as conn:
        row = conn.execute(f"SELECT count(*) AS n FROM {TABLE}").fetchone()
    assert row is not None
    assert row["n"] == 0


def test_an_expired_key_runs_the_command_again(client: TestClient, auth: TokenFor) -> None:
    first = open_review(client, auth("chair"), "key-1")
    with services_of(client).db.connection() as conn:
        conn.execute(f"UPDATE {TABLE} SET expires_at = now() - interval '1 second'")
    again = open_review(client, auth("chair"), "key-1")
    assert again.status_code == 201
    assert again.json()["id"] != first.json()["id"]


def test_a_malformed_key_is_a_validation_error(client: TestClient, auth: TokenFor) -> None:
    response = open_review(client, auth("chair"), "has spaces in it")
    assert response.status_code == 422
    assert [e["path"] for e in response.json()["errors"]] == ["header/Idempotency-Key"]


def test_subject_registration_replays_without_storing_any_personal_value(
    client: TestClient, auth: TokenFor
) -> None:
    secret = canary("name")
    headers = {**auth("chair"), "Idempotency-Key": "key-1"}
    body = {"relationship": "child", "name": secret}
    first = client.post("/subjects", json=body, headers=headers)
    retry = client.post("/subjects", json=body, headers=headers)
    assert retry.json() == first.json()
    with services_of(client).db.connection() as conn:
        (stored,) = conn.execute(f"SELECT body, headers::text FROM {TABLE}").fetchall()
    assert secret.encode() not in bytes(stored["body"])
    assert secret not in stored["headers"]
