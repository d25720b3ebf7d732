"""/retention over HTTP on real PostgreSQL: the due queue, four-eyes disposition carried out by
erasure with proof of disposal, and legal holds that block disposal and erasure."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import TokenFor
from tests.api.information_rights import command, created, dp_lead, log_head, refused


def responded_foi(client: TestClient, auth: TokenFor, received_on: str = "2020-01-06") -> str:
    body = {
        "requester_name": "Sam Requester",
        "request_text": "Minutes of the review panel, please.",
        "authority": "Newport City Council",
        "nation": "wales",
        "received_on": received_on,
    }
    request_id = created(client, "/foi-requests", body, dp_lead(auth))
    answer = {"outcome": "disclosed-in-full", "responded_on": received_on}
    command(client, f"/foi-requests/{request_id}/response", answer, dp_lead(auth))
    return request_id


def due(client: TestClient, auth: TokenFor, **params: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get(
        "/retention/due", params=params, headers=dp_lead(auth)
    ).json()["items"]
    return items


def proposed(client: TestClient, auth: TokenFor, request_id: str) -> str:
    body = {"record_class": "foi-request", "record_ids": [request_id], "action": "anonymise"}
    return created(client, "/retention/dispositions", body, dp_lead(auth, "dp-1"))


def requester_of(client: TestClient, auth: TokenFor, request_id: str) -> dict[str, Any]:
    body: dict[str, Any] = client.get(f"/foi-requests/{request_id}", headers=dp_lead(auth)).json()
    return body


def test_a_responded_request_falls_due_three_years_later(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = responded_foi(client, auth)
    (item,) = due(client, auth)
    assert (item["record_id"], item["due_on"], item["held"]) == (request_id, "2023-01-06", False)
    assert due(client, auth, as_of="2023-01-05") == []


def test_the_proposer_cannot_approve_their_own_disposition(
    client: TestClient, auth: TokenFor
) -> None:
    disposition = proposed(client, auth, responded_foi(client, auth))
    path = f"/retention/dispositions/{disposition}/approval"
    refused(client, path, None, dp_lead(auth, "dp-1"), "retention.four-eyes")


def test_a_record_not_yet_due_cannot_be_proposed(client: TestClient, auth: TokenFor) -> None:
    request_id = responded_foi(client, auth)
    body = {
        "record_class": "foi-request",
        "record_ids": [request_id],
        "action": "anonymise",
        "as_of": "2022-12-31",
    }
    refused(client, "/retention/dispositions", body, dp_lead(auth), "retention.not-due")


def test_an_approved_disposition_erases_the_requester_and_records_proof_without_content(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = responded_foi(client, auth)
    disposition = proposed(client, auth, request_id)
    path = f"/retention/dispositions/{disposition}"
    command(client, f"{path}/approval", None, dp_lead(auth, "dp-2"))
    command(client, f"{path}/execution", {"carried_out_on": "2026-05-01"}, dp_lead(auth, "dp-2"))
    assert requester_of(client, auth, request_id)["requester_name"] == "[erased]"
    proof = client.get(path, headers=auth("governance-officer")).json()["proof"]
    assert proof == {
        "record_class": "foi-request",
        "records": 1,
        "subjects": 1,
        "erasures": 1,
        "carried_out_on": "2026-05-01",
        "by": "dp-2",
    }
    assert due(client, auth) == []


def test_a_legal_hold_blocks_disposal_and_erasure_until_released(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = responded_foi(client, auth)
    subject = requester_of(client, auth, request_id)["requester_subject_id"]
    hold = {
        "name": "Operation Elm",
        "hold_type": "criminal-proceedings",
        "reason": "CPS liaison: proceedings pending",
        "owner": "dp-1",
        "subject_ids": [subject],
    }
    hold_id = created(client, "/retention/holds", hold, dp_lead(auth))
    assert due(client, auth)[0]["held"] is True
    disposition = proposed(client, auth, request_id)
    path = f"/retention/dispositions/{disposition}"
    command(client, f"{path}/approval", None, dp_lead(auth, "dp-2"))
    executed = {"carried_out_on": "2026-05-01"}
    refused(client, f"{path}/execution", executed, dp_lead(auth, "dp-2"), "retention.legal-hold")
    erase = {"reason": "request", "legal_basis": "UK GDPR Art. 17"}
    refused(client, f"/subjects/{subject}/erasure", erase, dp_lead(auth), "retention.legal-hold")
    assert requester_of(client, auth, request_id)["requester_name"] == "Sam Requester"
    released = {"reason": "Proceedings concluded"}
    command(client, f"/retention/holds/{hold_id}/release", released, dp_lead(auth))
    command(client, f"{path}/execution", executed, dp_lead(auth, "dp-2"))
    assert requester_of(client, auth, request_id)["requester_name"] == "[erased]"


def test_a_governance_officer_reads_the_queue_but_cannot_propose(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = responded_foi(client, auth)
    officer = auth("governance-officer")
    assert client.get("/retention/due", headers=officer).status_code == 200
    before = log_head(client)
    body = {"record_class": "foi-request", "record_ids": [request_id], "action": "anonymise"}
    assert client.post("/retention/dispositions", json=body, headers=officer).status_code == 403
    assert log_head(client) == before


def test_another_partnership_neither_sees_nor_disposes_of_the_records(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = responded_foi(client, auth)
    other = dp_lead(auth, partnership="p-south")
    assert client.get("/retention/due", headers=other).json()["items"] == []
    body = {"record_class": "foi-request", "record_ids": [request_id], "action": "anonymise"}
    before = log_head(client)
    response = client.post("/retention/dispositions", json=body, headers=other)
    assert response.json()["rule"] == "retention.unknown-record"
    assert log_head(client) == before
