"""Personal data recorded in a review: exported for its subject, erased by crypto-shredding."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi
from tests.domain.review.cases import SCOTLAND_CPC


def test_a_family_members_export_shows_their_views_and_withholds_the_childs_data(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    steps.evidenced(api, SCOTLAND_CPC)
    mother = api.person("mother")
    export = client.get(
        f"/subjects/{mother}/export", params={"purpose": "SAR 2026-1"}, headers=api.headers()
    )
    assert export.status_code == 200, export.text
    events = {e["event"]: e["data"] for e in export.json()["events"]}
    assert events["FamilyViewsRecorded"]["views"]["value"] == "Nobody listened to us."
    assert "ChronologySubmitted" not in events  # about the child only


def test_an_erased_family_member_shows_as_erased_in_the_review(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.evidenced(api, SCOTLAND_CPC)
    mother = api.person("mother")
    erasure = {"reason": "Retention period ended.", "legal_basis": "UK GDPR Art. 17(1)(a)"}
    erased = client.post(f"/subjects/{mother}/erasure", json=erasure, headers=api.headers())
    assert erased.status_code == 200, erased.text
    (member,) = api.state(review)["family"]
    views = member["views"][0]["views"]
    assert (views["value"], views["erased"]) == ("[erased]", True)
    (group,) = api.state(review)["timeline"]
    assert group["entries"][0]["what_happened"]["erased"] is False


def test_a_retried_command_with_the_same_idempotency_key_records_nothing_new(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, SCOTLAND_CPC)
    headers = {**api.headers(), "Idempotency-Key": "retry-1"}
    body = {"agency": "Health", "due_on": "2024-03-15"}
    first = client.post(f"/reviews/{review}/information-requests", json=body, headers=headers)
    head = api.log_head()
    again = client.post(f"/reviews/{review}/information-requests", json=body, headers=headers)
    assert again.json() == first.json()
    assert api.log_head() == head
