"""A whole review over HTTP on real PostgreSQL: every command's route, then the state read back."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi
from tests.canary import canary, leaks, pg_dump
from tests.domain.review.cases import ENGLAND, SCOTLAND_CPC


def test_a_scottish_review_runs_over_http_from_notification_to_closure(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.closed(api, SCOTLAND_CPC)
    detail = client.get(f"/reviews/{review}", headers=api.headers("reviewer")).json()
    assert (detail["stage"], detail["kind"]) == ("closed", "learning-review")
    assert detail["rule_set_id"] == "scotland.cpc-learning-review@2021"
    assert all(o["discharged"] for o in detail["state"]["obligations"] if o["owed"])


def test_the_review_state_shows_personal_fields_decrypted_for_the_reader(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.evidenced(api, SCOTLAND_CPC)
    state = steps.ReviewApi.state(api, review)
    (group,) = state["timeline"]
    (entry,) = group["entries"]
    assert entry["what_happened"]["value"] == "The health visitor saw the child."
    assert entry["what_happened"]["category"] == "narrative"
    assert state["missing_agencies"] == ["Police"]
    assert state["family"][0]["views"][0]["views"]["value"] == "Nobody listened to us."


def test_personal_values_are_stored_only_encrypted(
    client: TestClient, auth: TokenFor, database_url: str
) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, SCOTLAND_CPC)
    secret = canary("views")
    mother = api.person("mother", "parent")
    api.ok(
        review,
        "family-members",
        {"member": mother, "relationship": "parent", "identified_on": "2024-04-10"},
    )
    api.ok(
        review,
        f"family-members/{mother}/contacts",
        {"channel": "phone", "contacted_on": "2024-04-11"},
    )
    api.ok(review, f"family-members/{mother}/views", {"views": secret, "recorded_on": "2024-04-12"})
    client.app.state.services.runner.catch_up_all()  # type: ignore[attr-defined]
    assert not leaks(pg_dump(database_url), secret)
    assert steps.ReviewApi.state(api, review)["family"][0]["views"][0]["views"]["value"] == secret


def test_the_list_filters_reviews_by_stage(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    commissioned = steps.commissioned(api, ENGLAND)
    notified = steps.opened(api, ENGLAND)
    evidence = client.get("/reviews?stage=evidence", headers=api.headers()).json()["items"]
    assert [r["id"] for r in evidence] == [commissioned]
    assert evidence[0]["kind"] == "local"
    detail = client.get(f"/reviews/{commissioned}", headers=api.headers())
    assert evidence[0]["version"] == int(detail.headers["etag"].strip('"'))
    everything = client.get("/reviews", headers=api.headers()).json()["items"]
    assert {r["id"]: r["stage"] for r in everything} == {
        commissioned: "evidence",
        notified: "notification",
    }


def test_a_command_returns_the_new_version_and_log_position(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.opened(api, SCOTLAND_CPC)
    response = api.post(
        review, "information-requests", {"agency": "Health", "due_on": "2024-03-15"}
    )
    body = response.json()
    assert (body["id"], body["version"]) == (review, 2)
    assert body["position"] == api.log_head()
    assert response.headers["etag"] == '"2"'


def test_the_review_view_is_rebuilt_without_personal_values(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC)
    services = client.app.state.services  # type: ignore[attr-defined]
    services.runner.rebuild("review_state")
    row = services.review_states.get(review)
    assert (row["stage"], row["kind"], row["paused"]) == ("publication", "learning-review", False)
    assert row["milestones"]["report_accepted_on"] == "2024-07-01"
    assert "Nobody listened" not in str(row)
