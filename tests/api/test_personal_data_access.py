"""Decrypted personal data in GET /reviews/{id}: only in the categories the reader's roles may read
(domain/access_policy.py), and every response that shows any is in the access trail."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi
from tests.domain.review.cases import SCOTLAND_CPC


@pytest.fixture
def api(client: TestClient, auth: TokenFor) -> ReviewApi:
    return ReviewApi(client, auth)


@pytest.fixture
def review(api: ReviewApi) -> str:
    """A review holding narrative data about the child and criminal data about the accused."""
    review = steps.opened(api, SCOTLAND_CPC)
    api.ok(review, "information-requests", {"agency": "Health", "due_on": "2024-03-15"})
    content = {"subject_id": api.person("child", "child"), "value": "Seen at A&E twice."}
    information = {"agency": "Health", "received_on": "2024-03-10", "content": content}
    api.ok(review, "agency-information", information)
    details = {"subject_id": api.person("accused", "parent"), "value": "Charged with assault."}
    proceedings = {"kind": "criminal", "body": "COPFS", "recorded_on": "2024-03-05"}
    api.ok(review, "parallel-proceedings", {**proceedings, "details": details})
    return review


def read(api: ReviewApi, review: str, role: str, **params: str) -> Any:
    response = api.client.get(f"/reviews/{review}", params=params, headers=api.headers(role))
    assert response.status_code == 200, response.text
    return response


def shown(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The agency information's content and the proceedings' details, as rendered."""
    state = body["state"]
    return state["agency_information"][0]["content"], state["proceedings"][0]["details"]


def trail(api: ReviewApi, label: str) -> list[dict[str, Any]]:
    params = {"subject": api.person(label)}
    response = api.client.get("/audit/access", params=params, headers=api.headers("auditor"))
    assert response.status_code == 200, response.text
    return response.json()["items"]  # type: ignore[no-any-return]


def test_an_auditor_sees_placeholders_and_records_nothing(api: ReviewApi, review: str) -> None:
    head = api.log_head()
    content, details = shown(read(api, review, "auditor").json())
    assert (content["value"], content["withheld"]) == ("[personal data]", True)
    assert (details["value"], details["category"]) == ("[personal data]", "criminal")
    assert content["subject_id"] == api.person("child")
    assert api.log_head() == head


def test_a_chairs_read_is_in_the_access_trail_with_its_purpose(api: ReviewApi, review: str) -> None:
    content, details = shown(read(api, review, "chair", purpose="case analysis").json())
    assert (content["value"], details["value"]) == ("Seen at A&E twice.", "Charged with assault.")
    (entry,) = trail(api, "child")
    assert (entry["purpose"], entry["action"]) == ("case analysis", "view")
    assert (entry["actor_role"], entry["event_type"]) == ("chair", "PersonalDataViewed")
    assert [e["purpose"] for e in trail(api, "accused")] == ["case analysis"]


def test_a_read_without_a_stated_purpose_is_recorded_as_review_work(
    api: ReviewApi, review: str
) -> None:
    read(api, review, "reviewer")
    assert [e["purpose"] for e in trail(api, "child")] == ["review work"]


def test_reading_a_review_leaves_its_etag_unchanged(api: ReviewApi, review: str) -> None:
    before = read(api, review, "chair").headers["ETag"]
    head = api.log_head()
    assert read(api, review, "chair").headers["ETag"] == before
    assert api.log_head() == head + 1  # the read itself was recorded, elsewhere


def test_a_panel_member_sees_narrative_but_not_criminal_data(api: ReviewApi, review: str) -> None:
    content, details = shown(read(api, review, "panel-member").json())
    assert (content["value"], content["withheld"]) == ("Seen at A&E twice.", False)
    assert (details["value"], details["withheld"]) == ("[personal data]", True)
    assert [e["actor_role"] for e in trail(api, "child")] == ["panel-member"]
    assert trail(api, "accused") == []


def test_a_read_whose_access_record_fails_shows_nothing(
    api: ReviewApi, review: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = api.client.app.state.services  # type: ignore[attr-defined]

    def unavailable(**_: Any) -> None:
        raise psycopg.OperationalError("the server closed the connection")

    monkeypatch.setattr(services.app, "record_personal_data_view", unavailable)
    response = api.client.get(f"/reviews/{review}", headers=api.headers("chair"))
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "Seen at A&E" not in response.text
    assert "assault" not in response.text


def test_a_blank_purpose_is_refused(api: ReviewApi, review: str) -> None:
    response = api.client.get(
        f"/reviews/{review}", params={"purpose": "  "}, headers=api.headers("chair")
    )
    assert response.status_code == 422
    assert trail(api, "child") == []


FOI = {
    "requester_name": "Sam Requester",
    "request_text": "Please send the learning review report.",
    "authority": "Newport City Council",
    "nation": "wales",
    "received_on": "2025-07-01",
}


def foi_request(api: ReviewApi) -> dict[str, Any]:
    created = api.client.post("/foi-requests", json=FOI, headers=api.headers("dp-lead"))
    assert created.status_code == 201, created.text
    return read_foi(api, created.json()["id"], "dp-lead", purpose="FOI response")


def read_foi(api: ReviewApi, request_id: str, role: str, **params: str) -> dict[str, Any]:
    url = f"/foi-requests/{request_id}"
    response = api.client.get(url, params=params, headers=api.headers(role))
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_dp_leads_read_of_a_foi_requester_is_in_the_access_trail(api: ReviewApi) -> None:
    request = foi_request(api)
    assert request["requester_name"] == "Sam Requester"
    api.people["requester"] = request["requester_subject_id"]
    assert [e["purpose"] for e in trail(api, "requester")] == ["FOI response"]


def test_a_governance_officers_read_of_a_foi_request_records_nothing(api: ReviewApi) -> None:
    request = foi_request(api)
    head = api.log_head()
    assert read_foi(api, request["id"], "governance-officer")["requester_name"] is None
    assert api.log_head() == head
