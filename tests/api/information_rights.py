"""Helpers for the FOI, SAR, redaction and retention API tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import TokenFor

DP_1 = {"user": "dp-1"}
DP_2 = {"user": "dp-2"}


def log_head(client: TestClient) -> int:
    return int(client.app.state.services.db.log_head())  # type: ignore[attr-defined]


def dp_lead(auth: TokenFor, user: str = "dp-1", partnership: str = "p-north") -> dict[str, str]:
    return auth("dp-lead", user=user, partnership=partnership)


def created(client: TestClient, path: str, body: dict[str, Any], headers: dict[str, str]) -> str:
    response = client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def command(
    client: TestClient, path: str, body: dict[str, Any] | None, headers: dict[str, str]
) -> dict[str, Any]:
    response = client.post(path, json=body, headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def refused(
    client: TestClient, path: str, body: dict[str, Any] | None, headers: dict[str, str], rule: str
) -> None:
    """The command is refused by ``rule`` and the log head does not move."""
    before = log_head(client)
    response = client.post(path, json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["rule"] == rule
    assert log_head(client) == before
