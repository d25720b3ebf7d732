"""``reviewtrail demo``: one complete review per rule set, through the real command path."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.cli.demo import DEMO_PARTNERSHIP, seed_demo
from domain.rules import all_rule_sets
from tests.api.conftest import TokenFor


def test_the_demo_closes_one_review_per_rule_set(client: TestClient, auth: TokenFor) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    assert seed_demo(services) == len(all_rule_sets())
    # A partnership-wide role: review-team roles list only the reviews they are on.
    headers = auth("governance-officer", partnership=DEMO_PARTNERSHIP)
    closed = client.get("/reviews?stage=closed", headers=headers).json()["items"]
    assert sorted(r["rule_set_id"] for r in closed) == sorted(r.id for r in all_rule_sets())


def test_every_demo_review_meets_the_family_first_and_evaluates_its_learning_event(
    client: TestClient, auth: TokenFor
) -> None:
    seed_demo(client.app.state.services)  # type: ignore[attr-defined]
    headers = auth("reviewer", partnership=DEMO_PARTNERSHIP)
    for item in client.get("/reviews?stage=closed", headers=headers).json()["items"]:
        state = client.get(f"/reviews/{item['id']}", headers=headers).json()["state"]
        (event,) = state["learning_events"]
        assert state["family_meetings"]
        assert event["warnings"] == []
        assert event["coverage"]["not_covered"] == []
        assert event["evaluations"]
        assert state["proposed_recommendations"][0]["assigned_to"] == "Education"
        assert state["family"][0]["feedback"]
