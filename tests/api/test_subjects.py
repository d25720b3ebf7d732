"""/subjects over HTTP on real PostgreSQL: registration, discovery, export, erasure."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi
from tests.canary import canary, leaks, pg_dump
from tests.domain.review.cases import WALES


def log_head(client: TestClient) -> int:
    return int(client.app.state.services.db.log_head())  # type: ignore[attr-defined]


def register(client: TestClient, auth: TokenFor, **body: Any) -> str:
    values = {
        "relationship": "child",
        "name": "Alex Example",
        "date_of_birth": "2019-04-01",
        **body,
    }
    response = client.post("/subjects", json=values, headers=auth("chair"))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_a_subject_is_found_by_name_and_date_of_birth_in_any_spelling(
    client: TestClient, auth: TokenFor
) -> None:
    subject = register(client, auth, name="Jane  SMITH", nhs_number="943 476 5919")
    found = client.get(
        "/subjects/search",
        params={"name": " jane smith ", "date_of_birth": "2019-04-01"},
        headers=auth("dp-lead"),
    ).json()["items"]
    assert found[0]["subject_id"] == subject
    assert "name+dob" in found[0]["matched"]
    by_nhs = client.get(
        "/subjects/search", params={"nhs_number": "9434765919"}, headers=auth("dp-lead")
    )
    assert [c["subject_id"] for c in by_nhs.json()["items"]] == [subject]


def test_another_partnership_finds_nothing_and_gets_404_for_the_subject(
    client: TestClient, auth: TokenFor
) -> None:
    subject = register(client, auth, name="Jane Smith")
    other = auth("dp-lead", partnership="p-south")
    assert (
        client.get("/subjects/search", params={"name": "Jane Smith"}, headers=other).json()["items"]
        == []
    )
    assert client.get(f"/subjects/{subject}/events", headers=other).status_code == 404
    assert (
        client.get(
            f"/subjects/{subject}/export", params={"purpose": "SAR"}, headers=other
        ).status_code
        == 404
    )
    erase = {"reason": "request", "legal_basis": "Art. 17"}
    assert client.post(f"/subjects/{subject}/erasure", json=erase, headers=other).status_code == 404


def test_the_export_holds_the_subjects_own_data_and_records_itself(
    client: TestClient, auth: TokenFor
) -> None:
    subject = register(client, auth, name="Robin Example")
    before = log_head(client)
    response = client.get(
        f"/subjects/{subject}/export", params={"purpose": "SAR 2026/14"}, headers=auth("dp-lead")
    )
    assert response.status_code == 200
    (event,) = response.json()["events"]
    assert event["data"]["name"] == {"category": "identity", "value": "Robin Example", "own": True}
    assert log_head(client) == before + 1
    html = client.get(
        f"/subjects/{subject}/export",
        params={"purpose": "SAR", "format": "html"},
        headers=auth("dp-lead"),
    )
    assert "Robin Example" in html.text
    assert html.headers["content-type"].startswith("text/html")


def test_the_subject_events_list_positions_and_fields_without_values(
    client: TestClient, auth: TokenFor
) -> None:
    subject = register(client, auth, name="Kim Example")
    (item,) = client.get(f"/subjects/{subject}/events", headers=auth("dp-lead")).json()["items"]
    assert item["event_type"] == "SubjectRegistered"
    assert item["fields"] == ["/date_of_birth", "/name"]


def test_after_erasure_no_canary_remains_anywhere(
    client: TestClient, auth: TokenFor, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    caplog.set_level("WARNING", logger="httpx")  # the test client's own log, not the service's
    secret = canary("sar")
    subject = register(client, auth, name=secret)
    # What could still open or find the values: the subject's wrapped data keys and blind-index
    # tokens. They are in the dump now, so the scan below can see them.
    traces = key_and_lookup_traces(database_url, subject)
    before = pg_dump(database_url)
    assert traces
    assert all(trace in before for trace in traces)
    erase = {"reason": "retention period ended", "legal_basis": "UK GDPR Art. 17(1)(a)"}
    erased = client.post(f"/subjects/{subject}/erasure", json=erase, headers=auth("dp-lead"))
    assert erased.status_code == 200
    export = client.get(
        f"/subjects/{subject}/export", params={"purpose": "check"}, headers=auth("dp-lead")
    )
    assert export.json()["events"][0]["data"]["name"]["value"] == "[erased]"
    assert (
        client.get("/subjects/search", params={"name": secret}, headers=auth("dp-lead")).json()[
            "items"
        ]
        == []
    )
    dump = pg_dump(database_url)
    assert not leaks(dump, secret)
    assert not any(trace in dump for trace in traces)
    assert secret not in caplog.text


def key_and_lookup_traces(database_url: str, subject: str) -> list[bytes]:
    """The subject's wrapped data keys (as pg_dump prints bytea) and blind-index tokens."""
    with psycopg.connect(database_url) as conn:
        wrapped = conn.execute(
            "SELECT wrapped FROM subject_keys WHERE subject_id = %s", (subject,)
        ).fetchall()
        tokens = conn.execute(
            "SELECT token FROM subject_lookup WHERE subject_id = %s", (subject,)
        ).fetchall()
    return [bytes(row[0]).hex().encode() for row in wrapped] + [
        str(row[0]).encode() for row in tokens
    ]


def test_an_erasure_without_a_legal_basis_is_refused_and_destroys_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    subject = register(client, auth, name="Lee Example")
    before = log_head(client)
    refused = client.post(
        f"/subjects/{subject}/erasure",
        json={"reason": "x", "legal_basis": " "},
        headers=auth("dp-lead"),
    )
    assert refused.status_code == 422
    assert refused.json()["rule"] == "subject.erasure-needs-reason"
    assert log_head(client) == before
    export = client.get(
        f"/subjects/{subject}/export", params={"purpose": "check"}, headers=auth("dp-lead")
    )
    assert export.json()["events"][0]["data"]["name"]["value"] == "Lee Example"


@pytest.mark.parametrize("role", ["chair", "reviewer", "auditor", "governance-officer"])
def test_only_the_dp_lead_may_search_export_or_erase(
    client: TestClient, auth: TokenFor, role: str
) -> None:
    subject = register(client, auth)
    before = log_head(client)
    headers = auth(role)
    assert (
        client.get("/subjects/search", params={"name": "Alex"}, headers=headers).status_code == 403
    )
    assert (
        client.get(
            f"/subjects/{subject}/export", params={"purpose": "x"}, headers=headers
        ).status_code
        == 403
    )
    erase = {"reason": "r", "legal_basis": "b"}
    assert (
        client.post(f"/subjects/{subject}/erasure", json=erase, headers=headers).status_code == 403
    )
    assert log_head(client) == before


def test_a_malformed_identifier_is_refused_without_echoing_it(
    client: TestClient, auth: TokenFor
) -> None:
    secret = canary("nhs")
    response = client.post(
        "/subjects",
        json={"relationship": "child", "name": "A", "nhs_number": secret},
        headers=auth("chair"),
    )
    assert response.status_code == 422
    assert secret not in response.text


def test_a_relatives_export_holds_the_review_events_that_name_them_by_id(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, WALES)
    mother = api.person("mother", "parent")
    identified = {"member": mother, "relationship": "parent", "identified_on": "2024-04-10"}
    api.ok(review, "family-members", identified)
    contact = {"channel": "letter", "contacted_on": "2024-04-12"}
    api.ok(review, f"family-members/{mother}/contacts", contact)
    export = client.get(
        f"/subjects/{mother}/export", params={"purpose": "SAR"}, headers=auth("dp-lead")
    ).json()
    assert [e["event"] for e in export["events"]] == [
        "SubjectRegistered",
        "FamilyMemberIdentified",
        "FamilyContactMade",
    ]
    assert export["events"][1]["data"]["relationship"] == "parent"
    items = client.get(f"/subjects/{mother}/events", headers=auth("dp-lead")).json()["items"]
    assert [item["fields"] for item in items[1:]] == [["/member"], ["/member"]]
