"""ETag and If-Match on real PostgreSQL: a stale version gets 412, a lost race 409; neither
writes anything."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.deps import Services
from tests.api.conftest import TokenFor
from tests.examples import a_meta, notification_json

ERASE = {"reason": "retention period ended", "legal_basis": "UK GDPR Art. 17(1)(a)"}
NEW_KEY = {"reason": "new contact after erasure"}


def services_of(client: TestClient) -> Services:
    services: Services = client.app.state.services  # type: ignore[attr-defined]
    return services


def log_head(client: TestClient) -> int:
    return services_of(client).db.log_head()


def register(client: TestClient, auth: TokenFor, name: str = "Alex Example") -> str:
    body = {"relationship": "child", "name": name}
    response = client.post("/subjects", json=body, headers=auth("chair"))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def erase(client: TestClient, auth: TokenFor, subject: str, **headers: str) -> Any:
    return client.post(
        f"/subjects/{subject}/erasure", json=ERASE, headers={**auth("dp-lead"), **headers}
    )


def exported_name(client: TestClient, auth: TokenFor, subject: str) -> str:
    export = client.get(
        f"/subjects/{subject}/export", params={"purpose": "check"}, headers=auth("dp-lead")
    )
    return str(export.json()["events"][0]["data"]["name"]["value"])


def test_a_command_answers_with_the_new_version_as_etag(client: TestClient, auth: TokenFor) -> None:
    created = client.post(
        "/subjects", json={"relationship": "child", "name": "A"}, headers=auth("chair")
    )
    assert created.headers["etag"] == '"1"'
    erased = erase(client, auth, created.json()["id"])
    assert erased.headers["etag"] == '"2"'
    assert erased.json()["version"] == 2


def test_a_matching_if_match_lets_the_command_run(client: TestClient, auth: TokenFor) -> None:
    subject = register(client, auth)
    erased = erase(client, auth, subject, **{"If-Match": '"1"'})
    assert erased.status_code == 200
    assert erased.headers["etag"] == '"2"'


def test_if_match_star_accepts_any_version(client: TestClient, auth: TokenFor) -> None:
    subject = register(client, auth)
    assert erase(client, auth, subject, **{"If-Match": "*"}).status_code == 200


def test_a_stale_if_match_gets_412_with_the_current_version_and_erases_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    subject = register(client, auth, name="Robin Example")
    before = log_head(client)
    stale = erase(client, auth, subject, **{"If-Match": '"7"'})
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
    assert stale.json()["current_version"] == 1
    assert log_head(client) == before
    assert exported_name(client, auth, subject) == "Robin Example"


def test_a_stale_if_match_on_a_new_key_gets_412(client: TestClient, auth: TokenFor) -> None:
    subject = register(client, auth)
    erase(client, auth, subject)
    response = client.post(
        f"/subjects/{subject}/keys", json=NEW_KEY, headers={**auth("dp-lead"), "If-Match": '"1"'}
    )
    assert response.status_code == 412
    assert response.json()["current_version"] == 2


def test_another_partnerships_if_match_gets_404_not_412(client: TestClient, auth: TokenFor) -> None:
    subject = register(client, auth)
    response = client.post(
        f"/subjects/{subject}/erasure",
        json=ERASE,
        headers={**auth("dp-lead", partnership="p-south"), "If-Match": '"9"'},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("value", ['W/"1"', "1", '"one"', '"1", "2"'])
def test_a_malformed_if_match_is_a_validation_error(
    client: TestClient, auth: TokenFor, value: str
) -> None:
    subject = register(client, auth)
    response = erase(client, auth, subject, **{"If-Match": value})
    assert response.status_code == 422
    assert [e["path"] for e in response.json()["errors"]] == ["header/If-Match"]


def test_a_save_that_loses_a_race_gets_409_with_the_current_version(
    client: TestClient, auth: TokenFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    subject = register(client, auth)
    erase(client, auth, subject)
    app = services_of(client).app
    read = app.repository.get

    def read_then_lose_the_race(aggregate_id: UUID, *args: Any, **kwargs: Any) -> Any:
        aggregate = read(aggregate_id, *args, **kwargs)
        monkeypatch.setattr(app.repository, "get", read)
        app.record_export(aggregate_id, purpose="race", events=0, meta=a_meta(role="dp-lead"))
        return aggregate

    monkeypatch.setattr(app.repository, "get", read_then_lose_the_race)
    before = log_head(client)
    response = client.post(
        f"/subjects/{subject}/keys", json=NEW_KEY, headers={**auth("dp-lead"), "If-Match": '"2"'}
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 3
    assert log_head(client) == before + 1  # the winner's event only


def test_a_review_read_carries_its_version_as_etag(client: TestClient, auth: TokenFor) -> None:
    created = client.post("/reviews", json=notification_json(), headers=auth("chair"))
    fetched = client.get(created.headers["location"], headers=auth("reviewer"))
    assert fetched.headers["etag"] == created.headers["etag"] == '"1"'
