"""A view that lags or has failed: queries serve its last consistent state, never an error,
and /metrics says it has failed."""

from __future__ import annotations

from fastapi.testclient import TestClient

from adapters.postgres import tracking
from tests.api.conftest import TokenFor
from tests.examples import notification_json


def test_a_review_the_stage_view_has_not_applied_is_listed_without_its_stage(
    client: TestClient, auth: TokenFor
) -> None:
    db = client.app.state.services.db  # type: ignore[attr-defined]
    tracking.mark_failed(db, "review_state", "KeyError at position 1")
    created = client.post("/reviews", json=notification_json(), headers=auth("chair"))
    assert created.status_code == 201

    listed = client.get("/reviews", headers=auth("chair"))

    assert listed.status_code == 200, listed.text
    [item] = listed.json()["items"]
    assert item["id"] == created.json()["id"]
    assert (item["stage"], item["paused"]) == (None, False)


def test_metrics_flag_a_failed_projection_for_alerting(client: TestClient, auth: TokenFor) -> None:
    db = client.app.state.services.db  # type: ignore[attr-defined]
    tracking.mark_failed(db, "review_state", "KeyError at position 1")

    text = client.get("/metrics", headers=auth("auditor")).text

    assert 'reviewtrail_projection_failed{projection="review_state"} 1' in text
    assert 'reviewtrail_projection_failed{projection="review_summary"} 0' in text
