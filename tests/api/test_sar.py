"""/sars over HTTP on real PostgreSQL: relevant time, extension notice, third-party exemption."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from fastapi.testclient import TestClient

from domain.meta import Meta
from domain.personal import Category, Personal
from tests.api.conftest import TokenFor
from tests.api.information_rights import command, created, dp_lead, log_head, refused
from tests.canary import canary, leaks
from tests.examples import a_meta


class CaseNote(Aggregate):
    """A record about the child that also names a sibling (a third party)."""

    @event("Written")
    def __init__(self, *, about: Personal, mentions: list[Personal], meta: Meta) -> None:
        pass


def a_child_with_a_note_naming_a_sibling(
    client: TestClient, auth: TokenFor, sibling_name: str = "Kim B"
) -> tuple[str, int]:
    body = {"relationship": "child", "name": "Child B", "date_of_birth": "2015-04-01"}
    child = created(client, "/subjects", body, auth("chair"))
    sibling = created(
        client, "/subjects", {"relationship": "sibling", "name": "Kim"}, auth("chair")
    )
    note = CaseNote(
        about=Personal(UUID(child), Category.NARRATIVE, "Child B missed school"),
        mentions=[Personal(UUID(sibling), Category.IDENTITY, sibling_name)],
        meta=a_meta(),
    )
    receipt = client.app.state.services.app.record(note)  # type: ignore[attr-defined]
    return child, int(receipt.position)


def sar(child: str, **overrides: Any) -> dict[str, Any]:
    return {
        "requester_name": "Pat Parent",
        "data_subject_id": child,
        "relationship": "mother, with parental responsibility",
        "nation": "wales",
        "received_on": "2026-01-30",
        **overrides,
    }


def verified_sar(client: TestClient, auth: TokenFor, child: str, on: str = "2026-01-30") -> str:
    sar_id = created(client, "/sars", sar(child), dp_lead(auth))
    verification = {"verified_on": on, "method": "passport"}
    command(client, f"/sars/{sar_id}/identity-verification", verification, dp_lead(auth))
    return sar_id


def test_the_clock_starts_only_when_identity_is_verified(
    client: TestClient, auth: TokenFor
) -> None:
    child, _ = a_child_with_a_note_naming_a_sibling(client, auth)
    sar_id = created(client, "/sars", sar(child), dp_lead(auth))
    body = client.get(f"/sars/{sar_id}", headers=dp_lead(auth)).json()
    assert (body["status"], body["due"], body["clock"]["started"]) == (
        "awaiting-identity",
        None,
        False,
    )


def test_sar_received_30_jan_2026_is_due_2_mar(client: TestClient, auth: TokenFor) -> None:
    child, _ = a_child_with_a_note_naming_a_sibling(client, auth)
    body = client.get(f"/sars/{verified_sar(client, auth, child)}", headers=dp_lead(auth)).json()
    assert (body["due"], body["clock"]["due"]) == ("2026-03-02", "2026-03-02")
    assert body["clock"]["steps"][-2]["kind"] == "rollover"


def test_an_extension_notified_after_the_first_month_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    child, _ = a_child_with_a_note_naming_a_sibling(client, auth)
    sar_id = verified_sar(client, auth, child)
    late = {"notified_on": "2026-03-03", "reason": "complex"}
    refused(
        client,
        f"/sars/{sar_id}/extension",
        late,
        dp_lead(auth),
        "uk-gdpr-sar.extension-notice-late",
    )


def test_a_request_about_an_unknown_subject_is_refused(client: TestClient, auth: TokenFor) -> None:
    unknown = "6a0f4c1e-8a1b-4f5e-9d3c-2b7e1f0a9c11"
    refused(client, "/sars", sar(unknown), dp_lead(auth), "sar.unknown-data-subject")


def test_a_response_withholding_third_parties_needs_para_16_then_sends_the_package(
    client: TestClient, auth: TokenFor
) -> None:
    child, _ = a_child_with_a_note_naming_a_sibling(client, auth)
    sar_id = verified_sar(client, auth, child)
    path = f"/sars/{sar_id}"
    command(client, f"{path}/compilation", {"compiled_on": "2026-02-10"}, dp_lead(auth))
    assert client.get(path, headers=dp_lead(auth)).json()["compiled"]["third_party_values"] == 1
    sent = {"responded_on": "2026-02-11"}
    refused(client, f"{path}/response", sent, dp_lead(auth), "sar.third-party-exemption-required")
    para_16 = {"code": "dpa:Sch.2 para 16", "scope": "third-party", "reason": "sibling"}
    command(client, f"{path}/exemptions", para_16, dp_lead(auth))
    command(client, f"{path}/response", sent, dp_lead(auth))
    body = client.get(path, headers=dp_lead(auth)).json()
    assert body["response"] == {"responded_on": "2026-02-11", "on_time": True, "records": 2}
    package = client.get(f"{path}/package", headers=dp_lead(auth)).text
    assert "Child B missed school" in package
    assert "Kim B" not in package
    assert "[third-party data]" in package


def own_values(node: Any) -> list[str]:
    """Every personal value in an export marked as the subject's own."""
    if isinstance(node, list):
        return [value for item in node for value in own_values(item)]
    if not isinstance(node, dict):
        return []
    if "own" in node:
        return [node["value"]] if node["own"] else []
    return own_values(list(node.values()))


def test_the_export_holds_exactly_the_subjects_own_data_with_third_parties_withheld(
    client: TestClient, auth: TokenFor
) -> None:
    secret = canary("sibling")
    child, note_position = a_child_with_a_note_naming_a_sibling(client, auth, secret)
    export = client.get(
        f"/subjects/{child}/export", params={"purpose": "SAR"}, headers=dp_lead(auth)
    ).json()
    assert [e["position"] for e in export["events"]][-1] == note_position
    note = export["events"][-1]["data"]
    assert note["about"] == {
        "category": "narrative",
        "value": "Child B missed school",
        "own": True,
    }
    assert note["mentions"] == [
        {"category": "identity", "value": "[third-party data]", "own": False}
    ]
    assert set(own_values(export["events"])) == {"Child B", "2015-04-01", "Child B missed school"}
    html = client.get(
        f"/subjects/{child}/export",
        params={"purpose": "SAR", "format": "html"},
        headers=dp_lead(auth),
    ).text
    assert "Child B missed school" in html
    assert not leaks(json.dumps(export).encode(), secret)
    assert not leaks(html.encode(), secret)


def test_a_field_exemption_withholds_that_field_from_the_package(
    client: TestClient, auth: TokenFor
) -> None:
    child, note_position = a_child_with_a_note_naming_a_sibling(client, auth)
    sar_id = verified_sar(client, auth, child)
    path = f"/sars/{sar_id}"
    command(client, f"{path}/compilation", {"compiled_on": "2026-02-10"}, dp_lead(auth))
    harm = {
        "code": "dpa:Sch.3 Pt 3",
        "scope": "fields",
        "fields": [{"position": note_position, "path": "/about"}],
        "reason": "serious harm",
    }
    command(client, f"{path}/exemptions", harm, dp_lead(auth))
    package = client.get(f"{path}/package", headers=dp_lead(auth)).text
    assert "Child B missed school" not in package
    assert "[withheld: Sch.3 Pt 3]" in package


def package_reads(client: TestClient, auth: TokenFor, subject: str) -> list[dict[str, Any]]:
    trail = client.get("/audit/access", params={"subject": subject}, headers=auth("auditor"))
    assert trail.status_code == 200, trail.text
    return [e for e in trail.json()["items"] if e["purpose"] == "subject access response"]


def test_downloading_the_package_is_in_the_access_trail(client: TestClient, auth: TokenFor) -> None:
    child, _ = a_child_with_a_note_naming_a_sibling(client, auth)
    sar_id = verified_sar(client, auth, child)
    path = f"/sars/{sar_id}"
    command(client, f"{path}/compilation", {"compiled_on": "2026-02-10"}, dp_lead(auth))
    assert package_reads(client, auth, child) == []
    for format in ("json", "html"):
        got = client.get(f"{path}/package", params={"format": format}, headers=dp_lead(auth))
        assert got.status_code == 200, got.text
    reads = package_reads(client, auth, child)
    assert len(reads) == 2
    assert {(e["actor_id"], e["actor_role"], e["action"]) for e in reads} == {
        ("dp-1", "dp-lead", "view")
    }


def test_a_package_refused_before_compilation_records_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    child, _ = a_child_with_a_note_naming_a_sibling(client, auth)
    sar_id = verified_sar(client, auth, child)
    before = log_head(client)
    response = client.get(f"/sars/{sar_id}/package", headers=dp_lead(auth))
    assert response.json()["rule"] == "sar.not-compiled"
    assert log_head(client) == before


def test_another_partnership_gets_404_and_writes_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    child, _ = a_child_with_a_note_naming_a_sibling(client, auth)
    sar_id = created(client, "/sars", sar(child), dp_lead(auth))
    other = dp_lead(auth, partnership="p-south")
    before = log_head(client)
    assert client.get(f"/sars/{sar_id}", headers=other).status_code == 404
    verification = {"verified_on": "2026-01-30", "method": "passport"}
    posted = client.post(f"/sars/{sar_id}/identity-verification", json=verification, headers=other)
    assert posted.status_code == 404
    assert log_head(client) == before
