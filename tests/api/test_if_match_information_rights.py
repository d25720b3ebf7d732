"""If-Match on the information-rights and calendar commands: a stale version gets 412 and
nothing is written; ETag on the calendar overrides a client reads before overriding."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api.app import assemble
from tests.api.conftest import TokenFor
from tests.api.information_rights import created, dp_lead, log_head
from tests.api.test_retention import proposed, responded_foi
from tests.api.test_sar import a_child_with_a_note_naming_a_sibling, verified_sar

STALE = {"If-Match": '"99"'}
OVERRIDES = "/calendars/england-and-wales/overrides"


def assert_stale(
    client: TestClient, path: str, body: dict[str, Any] | None, headers: dict[str, str]
) -> None:
    """The command with a stale If-Match answers 412 problem+json and records nothing."""
    before = log_head(client)
    response = client.post(path, json=body, headers={**headers, **STALE})
    assert response.status_code == 412, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert log_head(client) == before


def a_hold(client: TestClient, auth: TokenFor) -> str:
    subject = created(client, "/subjects", {"relationship": "child", "name": "Jo"}, auth("chair"))
    body = {
        "name": "Operation Elm",
        "hold_type": "criminal-proceedings",
        "reason": "CPS liaison: proceedings pending",
        "owner": "dp-1",
        "subject_ids": [subject],
    }
    return created(client, "/retention/holds", body, dp_lead(auth))


def test_a_stale_sar_compilation_gets_412(client: TestClient, auth: TokenFor) -> None:
    child, _ = a_child_with_a_note_naming_a_sibling(client, auth)
    sar_id = verified_sar(client, auth, child)
    body = {"compiled_on": "2026-02-10"}
    assert_stale(client, f"/sars/{sar_id}/compilation", body, dp_lead(auth))


def test_a_stale_disposition_approval_gets_412(client: TestClient, auth: TokenFor) -> None:
    disposition = proposed(client, auth, responded_foi(client, auth))
    path = f"/retention/dispositions/{disposition}/approval"
    assert_stale(client, path, None, dp_lead(auth, "dp-2"))


def test_a_stale_disposition_rejection_gets_412(client: TestClient, auth: TokenFor) -> None:
    disposition = proposed(client, auth, responded_foi(client, auth))
    path = f"/retention/dispositions/{disposition}/rejection"
    assert_stale(client, path, {"reason": "Still needed"}, dp_lead(auth, "dp-2"))


def test_a_stale_disposition_execution_gets_412(client: TestClient, auth: TokenFor) -> None:
    disposition = proposed(client, auth, responded_foi(client, auth))
    path = f"/retention/dispositions/{disposition}"
    approved = client.post(f"{path}/approval", headers=dp_lead(auth, "dp-2"))
    assert approved.status_code == 200, approved.text
    body = {"carried_out_on": "2026-05-01"}
    assert_stale(client, f"{path}/execution", body, dp_lead(auth, "dp-2"))


def test_a_stale_legal_hold_extension_gets_412(client: TestClient, auth: TokenFor) -> None:
    hold_id = a_hold(client, auth)
    other = created(client, "/subjects", {"relationship": "child", "name": "Al"}, auth("chair"))
    body = {"subject_ids": [other]}
    assert_stale(client, f"/retention/holds/{hold_id}/subjects", body, dp_lead(auth))


def test_a_stale_legal_hold_release_gets_412(client: TestClient, auth: TokenFor) -> None:
    hold_id = a_hold(client, auth)
    body = {"reason": "Proceedings concluded"}
    assert_stale(client, f"/retention/holds/{hold_id}/release", body, dp_lead(auth))


def test_a_stale_calendar_override_gets_412(client: TestClient, auth: TokenFor) -> None:
    body = {"day": "2025-07-22", "action": "add", "reason": "Proclaimed"}
    assert_stale(client, OVERRIDES, body, auth("administrator"))


def test_calendar_overrides_carry_an_etag_that_if_match_accepts(
    client: TestClient, auth: TokenFor
) -> None:
    headers = auth("administrator")
    assert client.get(OVERRIDES, headers=headers).headers["etag"] == '"0"'
    body = {"day": "2025-07-22", "action": "add", "reason": "Proclaimed"}
    first = client.post(OVERRIDES, json=body, headers={**headers, "If-Match": '"0"'})
    assert first.status_code == 201, first.text
    listed = client.get(OVERRIDES, headers=headers)
    assert listed.headers["etag"] == first.headers["etag"] == f'"{first.json()["version"]}"'
    again = {**body, "action": "remove", "reason": "Revoked"}
    second = client.post(OVERRIDES, json=again, headers={**headers, "If-Match": '"0"'})
    assert second.status_code == 412


def test_the_openapi_document_declares_the_etag_of_every_command_taking_if_match() -> None:
    document = assemble().openapi()
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            if "If-Match" not in headers:
                continue
            success = next(r for code, r in operation["responses"].items() if code < "300")
            assert "ETag" in success.get("headers", {}), (method, path)
