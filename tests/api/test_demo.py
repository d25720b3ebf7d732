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
