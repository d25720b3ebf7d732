"""The meta recorded with each event: the role that authorised the command, the request id as
correlation id and the command's own id (its Idempotency-Key, else the request id) as causation
id."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4, uuid5

from fastapi.testclient import TestClient

from api.deps import IDEMPOTENCY_KEYS
from domain.meta import Meta
from tests.api.conftest import TokenFor
from tests.api.test_review_authorisation import notification

REQUEST = {"agency": "Health", "due_on": "2024-03-15"}


def last_meta(client: TestClient, aggregate_id: str) -> Meta:
    app = client.app.state.services.app  # type: ignore[attr-defined]
    events: list[Any] = list(app.events.get(UUID(aggregate_id)))
    meta: Meta = events[-1].meta
    return meta


def opened(client: TestClient, headers: dict[str, str]) -> str:
    response = client.post("/reviews", json=notification(), headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_an_event_names_the_role_that_authorised_its_command(
    client: TestClient, auth: TokenFor
) -> None:
    # "auditor" sorts first, but only "chair" may open a review or request information.
    headers = auth("auditor", "chair", "dp-lead")
    review = opened(client, headers)
    assert last_meta(client, review).actor_role == "chair"
    url = f"/reviews/{review}/information-requests"
    assert client.post(url, json=REQUEST, headers=headers).status_code == 200
    assert last_meta(client, review).actor_role == "chair"


def test_a_subject_erasure_names_the_dp_lead_role(client: TestClient, auth: TokenFor) -> None:
    body = {"relationship": "child", "name": "Alex Example"}
    subject = client.post("/subjects", json=body, headers=auth("chair")).json()["id"]
    erase = {"reason": "retention period ended", "legal_basis": "UK GDPR Art. 17(1)(a)"}
    headers = auth("administrator", "dp-lead")
    response = client.post(f"/subjects/{subject}/erasure", json=erase, headers=headers)
    assert response.status_code == 200, response.text
    assert last_meta(client, subject).actor_role == "dp-lead"


def test_without_an_idempotency_key_the_request_id_is_correlation_and_causation(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = uuid4()
    review = opened(client, {**auth("chair"), "X-Request-Id": str(request_id)})
    meta = last_meta(client, review)
    assert meta.correlation_id == meta.causation_id == request_id


def test_a_uuid_idempotency_key_is_the_causation_id(client: TestClient, auth: TokenFor) -> None:
    key, request_id = uuid4(), uuid4()
    headers = {**auth("chair"), "Idempotency-Key": str(key), "X-Request-Id": str(request_id)}
    meta = last_meta(client, opened(client, headers))
    assert (meta.correlation_id, meta.causation_id) == (request_id, key)


def test_any_other_idempotency_key_gives_a_stable_causation_id_of_its_own(
    client: TestClient, auth: TokenFor
) -> None:
    headers = {**auth("chair", user="user-7"), "Idempotency-Key": "order-42"}
    meta = last_meta(client, opened(client, headers))
    assert meta.causation_id != meta.correlation_id
    assert meta.causation_id == uuid5(IDEMPOTENCY_KEYS, "p-north/user-7/order-42")
