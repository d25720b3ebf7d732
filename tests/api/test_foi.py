"""/foi-requests over HTTP on real PostgreSQL: regimes, clock, exemptions, roles, tenancy."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import TokenFor
from tests.api.information_rights import command, created, dp_lead, log_head, refused


def foi(**overrides: Any) -> dict[str, Any]:
    return {
        "requester_name": "Sam Requester",
        "request_text": "Please send the learning review report about Child B.",
        "authority": "Newport City Council",
        "nation": "wales",
        "received_on": "2025-07-01",
        **overrides,
    }


def test_a_request_is_due_20_working_days_later_counting_a_bank_holiday_anywhere_in_the_uk(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = created(client, "/foi-requests", foi(), dp_lead(auth))
    body = client.get(f"/foi-requests/{request_id}", headers=dp_lead(auth)).json()
    assert body["regime"] == "foia"
    assert body["due"] == "2025-07-30"
    assert body["calendar_version"] == body["clock"]["calendar_version"]
    assert any("Boyne" in step["note"] for step in body["clock"]["steps"])
    assert body["requester_name"] == "Sam Requester"


def test_an_override_added_later_moves_the_current_due_date_but_not_the_recorded_one(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = created(client, "/foi-requests", foi(), dp_lead(auth))
    override = {"day": "2025-07-22", "action": "add", "reason": "State funeral"}
    added = client.post(
        "/calendars/england-and-wales/overrides", json=override, headers=auth("administrator")
    )
    assert added.status_code in (200, 201), added.text
    body = client.get(f"/foi-requests/{request_id}", headers=dp_lead(auth)).json()
    assert (body["due"], body["clock"]["due"]) == ("2025-07-30", "2025-07-31")
    assert body["clock"]["calendar_version"] != body["calendar_version"]


def test_a_clarification_stops_the_clock_and_restarts_it(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = created(client, "/foi-requests", foi(received_on="2025-03-03"), dp_lead(auth))
    path = f"/foi-requests/{request_id}"
    command(client, f"{path}/clarification-request", {"asked_on": "2025-03-05"}, dp_lead(auth))
    assert client.get(path, headers=dp_lead(auth)).json()["clock"]["due"] is None
    command(client, f"{path}/clarification", {"received_on": "2025-03-10"}, dp_lead(auth))
    body = client.get(path, headers=dp_lead(auth)).json()
    # 20 working days from 10 March, skipping St Patrick's Day (17 March, Northern Ireland).
    assert (body["status"], body["due"]) == ("open", "2025-04-08")


def test_a_qualified_exemption_without_a_public_interest_test_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = created(client, "/foi-requests", foi(), dp_lead(auth))
    exemption = {"code": "foia:s.36", "reason": "frank deliberation"}
    refused(
        client,
        f"/foi-requests/{request_id}/exemptions",
        exemption,
        dp_lead(auth),
        "foi.public-interest-test-required",
    )


def test_a_foisa_request_cannot_be_extended(client: TestClient, auth: TokenFor) -> None:
    request_id = created(client, "/foi-requests", foi(nation="scotland"), dp_lead(auth))
    extension = {"notified_on": "2025-07-10", "reason": "public interest"}
    refused(
        client,
        f"/foi-requests/{request_id}/extension",
        extension,
        dp_lead(auth),
        "foi.extension-foisa",
    )


def test_a_response_relying_on_an_unconsidered_exemption_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = created(client, "/foi-requests", foi(), dp_lead(auth))
    response = {"outcome": "refused", "responded_on": "2025-07-20", "relied_on": ["foia:s.40"]}
    refused(
        client,
        f"/foi-requests/{request_id}/response",
        response,
        dp_lead(auth),
        "foi.exemption-not-considered",
    )


def minutes_set(client: TestClient, auth: TokenFor, partnership: str = "p-north") -> str:
    minutes = {"document_kind": "minutes", "version_label": "v1", "text": "Panel minutes."}
    return created(client, "/redaction-sets", minutes, dp_lead(auth, partnership=partnership))


def disclosed_in_full(set_id: str) -> dict[str, Any]:
    return {
        "outcome": "disclosed-in-full",
        "responded_on": "2025-07-20",
        "redaction_set_id": set_id,
    }


def test_a_response_through_a_redaction_set_not_in_the_partnership_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    path = f"/foi-requests/{created(client, '/foi-requests', foi(), dp_lead(auth))}/response"
    for set_id in (minutes_set(client, auth, "p-south"), str(uuid4())):
        body = disclosed_in_full(set_id)
        refused(client, path, body, dp_lead(auth), "foi.redaction-set-unknown")


def test_a_response_through_a_redaction_set_not_yet_applied_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    path = f"/foi-requests/{created(client, '/foi-requests', foi(), dp_lead(auth))}/response"
    unapplied = minutes_set(client, auth)
    refused(
        client, path, disclosed_in_full(unapplied), dp_lead(auth), "foi.redaction-set-not-applied"
    )
    command(
        client,
        f"/redaction-sets/{unapplied}/application",
        {"applied_on": "2025-07-19"},
        dp_lead(auth, "dp-2"),
    )
    command(client, path, disclosed_in_full(unapplied), dp_lead(auth))


def test_the_list_pages_by_cursor_and_holds_no_personal_data(
    client: TestClient, auth: TokenFor
) -> None:
    for _ in range(3):
        created(client, "/foi-requests", foi(), dp_lead(auth))
    first = client.get("/foi-requests", params={"limit": 2}, headers=dp_lead(auth)).json()
    assert len(first["items"]) == 2
    second = client.get(
        "/foi-requests", params={"limit": 2, "cursor": first["next_cursor"]}, headers=dp_lead(auth)
    ).json()
    assert len(second["items"]) == 1
    assert second["next_cursor"] is None
    assert "Sam Requester" not in str(first)
    assert first["items"][0]["due_on"] == "2025-07-30"


def test_a_governance_officer_reads_without_the_requesters_details_and_cannot_write(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = created(client, "/foi-requests", foi(), dp_lead(auth))
    officer = auth("governance-officer")
    body = client.get(f"/foi-requests/{request_id}", headers=officer).json()
    assert (body["requester_name"], body["request_text"]) == (None, None)
    before = log_head(client)
    assert client.post("/foi-requests", json=foi(), headers=officer).status_code == 403
    assert log_head(client) == before


@pytest.mark.parametrize("role", ["chair", "reviewer", "auditor", "family-liaison"])
def test_other_roles_may_not_read_foi_requests(
    client: TestClient, auth: TokenFor, role: str
) -> None:
    request_id = created(client, "/foi-requests", foi(), dp_lead(auth))
    assert client.get(f"/foi-requests/{request_id}", headers=auth(role)).status_code == 403
    assert client.get("/foi-requests", headers=auth(role)).status_code == 403


def test_another_partnership_gets_404_and_writes_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = created(client, "/foi-requests", foi(), dp_lead(auth))
    other = dp_lead(auth, partnership="p-south")
    assert client.get(f"/foi-requests/{request_id}", headers=other).status_code == 404
    before = log_head(client)
    asked = client.post(
        f"/foi-requests/{request_id}/clarification-request",
        json={"asked_on": "2025-07-02"},
        headers=other,
    )
    assert asked.status_code == 404
    assert log_head(client) == before
    assert client.get("/foi-requests", headers=other).json()["items"] == []
