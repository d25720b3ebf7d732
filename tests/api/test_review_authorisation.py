"""Per-review authorisation: review-team roles act on and read only the reviews they are on;
partnership-wide roles see every review of their partnership; anyone else gets 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi
from tests.domain.review.cases import SCOTLAND_CPC, WALES
from tests.examples import notification_json

REQUEST = {"agency": "Health", "due_on": "2024-03-15"}


def notification() -> dict[str, Any]:
    """A notification opening a review under a rule set (so it takes commands)."""
    return notification_json(
        jurisdiction=SCOTLAND_CPC.jurisdiction.value,
        received_on=date(2024, 3, 1),
        review_type=SCOTLAND_CPC.review_type,
    )


def opened_by_admin(client: TestClient, auth: TokenFor) -> str:
    response = client.post(
        "/reviews", json=notification(), headers=auth("administrator", user="admin-1")
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def log_head(client: TestClient) -> int:
    return int(client.app.state.services.db.log_head())  # type: ignore[attr-defined]


def listed(client: TestClient, headers: dict[str, str]) -> set[str]:
    response = client.get("/reviews", params={"limit": "200"}, headers=headers)
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def test_a_chair_not_on_the_review_gets_404_and_nothing_is_recorded(
    client: TestClient, auth: TokenFor
) -> None:
    review = opened_by_admin(client, auth)
    head = log_head(client)
    url = f"/reviews/{review}/information-requests"
    response = client.post(url, json=REQUEST, headers=auth("chair", user="chair-2"))
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert log_head(client) == head


def test_a_chair_whose_token_names_the_review_may_act_on_it(
    client: TestClient, auth: TokenFor
) -> None:
    review = opened_by_admin(client, auth)
    headers = auth("chair", user="chair-2", reviews=[review])
    response = client.post(f"/reviews/{review}/information-requests", json=REQUEST, headers=headers)
    assert response.status_code == 200, response.text


def test_the_chair_who_recorded_the_notification_may_run_its_intake(
    client: TestClient, auth: TokenFor
) -> None:
    headers = auth("chair", user="chair-3")
    created = client.post("/reviews", json=notification(), headers=headers)
    assert created.status_code == 201, created.text
    url = f"/reviews/{created.json()['id']}/information-requests"
    assert client.post(url, json=REQUEST, headers=headers).status_code == 200


def test_a_reviewer_not_on_the_review_cannot_read_it(client: TestClient, auth: TokenFor) -> None:
    review = opened_by_admin(client, auth)
    outsider = auth("reviewer", user="reviewer-9")
    assert client.get(f"/reviews/{review}", headers=outsider).status_code == 404
    trail = client.get(f"/reviews/{review}/decision-trail", headers=outsider)
    assert trail.status_code == 404
    member = auth("reviewer", user="reviewer-9", reviews=[review])
    assert client.get(f"/reviews/{review}", headers=member).status_code == 200
    assert client.get(f"/reviews/{review}/decision-trail", headers=member).status_code == 200


def test_partnership_wide_roles_read_every_review(client: TestClient, auth: TokenFor) -> None:
    review = opened_by_admin(client, auth)
    for role in ("administrator", "governance-officer", "dp-lead", "auditor"):
        response = client.get(f"/reviews/{review}", headers=auth(role, user="someone-else"))
        assert response.status_code == 200, (role, response.text)


def test_the_list_shows_a_team_role_only_the_reviews_it_is_on(
    client: TestClient, auth: TokenFor
) -> None:
    named, notified = opened_by_admin(client, auth), opened_by_admin(client, auth)
    unrelated = opened_by_admin(client, auth)
    created = client.post("/reviews", json=notification_json(), headers=auth(user="chair-4"))
    own = str(created.json()["id"])
    chair = auth("chair", user="chair-4", reviews=[named])
    assert listed(client, chair) & {named, notified, unrelated, own} == {named, own}
    everyone = listed(client, auth("governance-officer", user="go-1"))
    assert {named, notified, unrelated, own} <= everyone


def test_a_team_member_appointed_under_their_user_id_is_on_the_review(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.decided(api, SCOTLAND_CPC)
    member = api.person("new-reviewer")
    headers = auth("reviewer", user=member)
    assert client.get(f"/reviews/{review}", headers=headers).status_code == 404
    api.ok(review, "team", steps.appointment(api, "new-reviewer", "reviewer"))
    assert client.get(f"/reviews/{review}", headers=headers).status_code == 200
    assert review in _listed_after_catch_up(client, headers)


def test_a_role_the_rule_set_refuses_still_gets_403_on_a_review_it_is_on(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, WALES)
    headers = auth("reviewer", user="reviewer-2", reviews=[review])
    url = f"/reviews/{review}/information-requests"
    assert client.post(url, json=REQUEST, headers=headers).status_code == 403


def _listed_after_catch_up(client: TestClient, headers: dict[str, Any]) -> set[str]:
    response = client.get(
        "/reviews", params={"limit": "200", "min_position": str(log_head(client))}, headers=headers
    )
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def test_a_partnership_wide_role_reads_a_review_it_is_not_on_without_team_access_to_values(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, SCOTLAND_CPC)
    api.ok(review, "information-requests", REQUEST)
    content = {"subject_id": api.person("child", "child"), "value": "Seen at A&E twice."}
    body = {"agency": "Health", "received_on": "2024-03-10", "content": content}
    api.ok(review, "agency-information", body)
    outsider = client.get(f"/reviews/{review}", headers=auth("auditor", "chair", user="x-1"))
    assert outsider.status_code == 200
    assert "Seen at A&E twice." not in outsider.text
    chair = auth("auditor", "chair", user="x-1", reviews=[review])
    assert "Seen at A&E twice." in client.get(f"/reviews/{review}", headers=chair).text
