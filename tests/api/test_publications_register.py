"""GET /publications on real PostgreSQL: each review's publication state, read-your-writes,
filters, pages, tenant isolation and no personal data in the view."""

from __future__ import annotations

from typing import Any

import psycopg
from fastapi.testclient import TestClient

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi
from tests.canary import canary
from tests.domain.review.cases import SCOTLAND_CPC, WALES


def register(api: ReviewApi, **params: Any) -> dict[str, Any]:
    response = api.client.get("/publications", params=params, headers=api.headers("auditor"))
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def entry(api: ReviewApi, review: str, min_position: int) -> dict[str, Any]:
    rows = register(api, min_position=min_position)["items"]
    return next(row for row in rows if row["review_id"] == review)


def deferral(detail: str = "The trial is listed for October.") -> dict[str, str]:
    return {
        "reason": "criminal-proceedings",
        "detail": detail,
        "lifted_by_role": "chair",
        "deferred_on": "2024-08-02",
    }


def test_the_register_follows_a_review_from_decision_to_withdrawal(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, WALES)
    assert entry(api, review, api.log_head())["state"] == "undecided"
    decided = api.ok(review, "decisions", steps.publication_decision())
    assert entry(api, review, decided["position"])["decision"] == {
        "outcome": "publish",
        "decided_on": "2024-07-08",
        "planned_on": "2024-09-02",
    }
    deferred = api.ok(review, "publication/deferrals", deferral())
    row = entry(api, review, deferred["position"])
    assert (row["state"], row["deferrals"][0]["lifted_on"]) == ("deferred", None)
    lifting = {"lifted_on": "2024-08-05"}
    lifted = api.ok(review, "publication/deferrals/1/lifting", lifting, "chair")
    row = entry(api, review, lifted["position"])
    assert (row["state"], row["deferrals"][0]["lifted_on"]) == ("decided", "2024-08-05")
    steps.discharge(api, review, "2024-08-01")
    redaction_set = steps.rendering(api, review)
    published = api.ok(review, "report/publication", steps.publication(redaction_set))
    row = entry(api, review, published["position"])
    assert row["state"] == "published"
    assert row["published"] == {
        "report_version": 1,
        "form": "full",
        "location": "https://example.org/r/1",
        "published_on": "2024-09-02",
        "redaction_set_id": redaction_set,
        "earliest_withdrawal_on": "2024-11-25",  # Wales: 12 weeks
    }
    withdrawal = {"reason": "Minimum period over.", "withdrawn_on": "2024-12-02"}
    withdrawn = api.ok(review, "report/withdrawal", withdrawal)
    row = entry(api, review, withdrawn["position"])
    assert row["state"] == "withdrawn"
    assert row["withdrawn"] == {"withdrawn_on": "2024-12-02", "reason": "Minimum period over."}


def test_the_register_filters_by_state_and_pages(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    undecided = {steps.opened(api, SCOTLAND_CPC) for _ in range(3)}
    decided = steps.accepted(api, SCOTLAND_CPC)
    api.ok(decided, "decisions", steps.publication_decision())
    first = register(api, state="undecided", limit=2)
    second = register(api, state="undecided", limit=2, cursor=first["next_cursor"])
    assert second["next_cursor"] is None
    listed = [row["review_id"] for row in first["items"] + second["items"]]
    assert sorted(listed) == sorted(undecided)
    assert [row["review_id"] for row in register(api, state="decided")["items"]] == [decided]


def test_an_unknown_state_is_refused(client: TestClient, auth: TokenFor) -> None:
    response = client.get("/publications", params={"state": "lost"}, headers=auth("chair"))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_another_partnership_sees_none_of_the_registers_rows(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    steps.opened(api, SCOTLAND_CPC)
    assert register(api)["items"]
    assert register(ReviewApi(client, auth, partnership="p-south"))["items"] == []


def test_a_team_role_sees_the_entries_of_only_the_reviews_it_is_on(
    client: TestClient, auth: TokenFor
) -> None:
    # As GET /reviews lists them: the reviews its token names and those it notified or serves on.
    api = ReviewApi(client, auth)
    named, unrelated = steps.opened(api, WALES), steps.opened(api, WALES)
    chair = auth("chair", user="chair-5", reviews=[named])
    body = {
        "jurisdiction": WALES.jurisdiction.value,
        "notifying_agency": "Police",
        "summary": "Serious harm to a child known to three agencies.",
        "received_on": "2024-03-01",
        "review_type": WALES.review_type,
    }
    created = client.post("/reviews", json=body, headers=chair)
    assert created.status_code == 201, created.text
    own = created.json()["id"]
    assert listed(client, chair) == {named, own}
    for role in ("administrator", "governance-officer", "dp-lead", "auditor"):
        assert {named, unrelated, own} <= listed(client, auth(role, user="someone-else"))


def listed(client: TestClient, headers: dict[str, str]) -> set[str]:
    """The reviews whose register entries the caller is shown."""
    response = client.get("/publications", params={"limit": 200}, headers=headers)
    assert response.status_code == 200, response.text
    return {item["review_id"] for item in response.json()["items"]}


def test_the_register_needs_a_token(client: TestClient) -> None:
    assert client.get("/publications").status_code == 401


def test_the_view_holds_no_personal_data_nor_free_text_detail(
    client: TestClient, auth: TokenFor, database_url: str
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC)
    rationale, detail = canary("rationale"), canary("detail")
    decision = {**steps.publication_decision(), "rationale": rationale}
    api.ok(review, "decisions", decision)
    api.ok(review, "publication/deferrals", deferral(detail))
    register(api, min_position=api.log_head())
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT publications::text FROM publications").fetchall()
    dumped = " ".join(row[0] for row in rows)
    assert review in dumped
    for planted in (rationale, detail, "Nobody listened to us.", "Seen at A&E twice."):
        assert planted not in dumped
