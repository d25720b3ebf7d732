"""A view that lags or has failed is never served silently (api/freshness.py). A query that did
not ask for a position gets the view's last consistent state, never an error, with
``X-Views-Behind`` naming it (counted in /metrics); one that asked for a position the view has not
applied gets 503 ``views-behind`` (422 for a position no write has). /metrics says which view has
failed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from adapters.postgres import tracking
from adapters.settings import Settings
from api.app import create_app
from api.deps import Services
from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi
from tests.domain.review.cases import SCOTLAND_CPC
from tests.examples import notification_json

TIMEOUT = 0.2  # the read-your-writes wait, short: these views never catch up


@pytest.fixture
def stopped(settings: Settings, database_url: str) -> Iterator[TestClient]:
    """The API with no projection runner: its views stay where they are."""
    settings = settings.model_copy(
        update={"run_projections": False, "read_your_writes_timeout": TIMEOUT}
    )
    with TestClient(create_app(settings, database_url)) as client:
        yield client


def services(client: TestClient) -> Services:
    return client.app.state.services  # type: ignore[attr-defined, no-any-return]


def log_head(client: TestClient) -> int:
    return services(client).db.log_head()


def opened(client: TestClient, auth: TokenFor) -> dict[str, object]:
    created = client.post("/reviews", json=notification_json(), headers=auth("chair"))
    assert created.status_code == 201
    return dict(created.json())


def stale_reads(client: TestClient, auth: TokenFor, view: str) -> float:
    for line in client.get("/metrics", headers=auth("auditor")).text.splitlines():
        if line.startswith(f'reviewtrail_stale_reads_total{{view="{view}"}} '):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_a_read_from_views_behind_the_log_is_served_and_says_which(
    stopped: TestClient, auth: TokenFor
) -> None:
    opened(stopped, auth)
    listed = stopped.get("/reviews", headers=auth("chair"))
    assert listed.status_code == 200
    assert listed.json()["items"] == []  # what the views hold: nothing yet
    assert listed.headers["x-views-behind"] == "review_summary, review_state"
    assert stale_reads(stopped, auth, "review_summary") == 1
    assert stale_reads(stopped, auth, "review_state") == 1


def test_a_read_asking_for_a_position_its_views_have_not_applied_answers_503(
    stopped: TestClient, auth: TokenFor
) -> None:
    position = opened(stopped, auth)["position"]
    before = log_head(stopped)
    answer = stopped.get(f"/reviews?min_position={position}", headers=auth("chair"))
    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["retry-after"] == "1"
    problem = answer.json()
    assert problem["type"].endswith("/views-behind")
    assert problem["views"] == ["review_summary", "review_state"]
    assert problem["failed"] == []
    assert "items" not in problem
    assert log_head(stopped) == before  # nothing recorded


def test_reading_a_review_at_a_position_not_applied_records_no_access(
    client: TestClient, auth: TokenFor
) -> None:
    # A review whose personal values a chair is shown, and recorded as shown, on a 200.
    api = ReviewApi(client, auth)
    review = steps.opened(api, SCOTLAND_CPC)
    api.ok(review, "information-requests", {"agency": "Health", "due_on": "2024-03-15"})
    content = {"subject_id": api.person("child", "child"), "value": "Seen at A&E twice."}
    information = {"agency": "Health", "received_on": "2024-03-10", "content": content}
    api.ok(review, "agency-information", information)
    tracking.mark_failed(services(client).db, "deadlines", "KeyError at position 9")
    api.person("someone else")  # an event the failed view will not apply
    head = log_head(client)
    answer = client.get(f"/reviews/{review}?min_position={head}", headers=auth("chair"))
    assert answer.status_code == 503
    assert answer.json()["views"] == ["deadlines"]
    assert log_head(client) == head  # no access-trail record: nothing was shown
    shown = client.get(f"/reviews/{review}", headers=auth("chair"))
    assert shown.status_code == 200
    assert shown.headers["x-views-behind"] == "deadlines"
    assert log_head(client) == head + 1  # this one showed the values, and recorded it


def test_a_position_beyond_the_log_head_is_refused_and_records_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    created = opened(client, auth)
    head = log_head(client)
    for path in ("/reviews", f"/reviews/{created['id']}", "/dashboards/deadlines"):
        answer = client.get(f"{path}?min_position={head + 1000}", headers=auth("dp-lead"))
        assert answer.status_code == 422, path
        assert answer.json()["rule"] == "read.min-position-beyond-head"
        assert str(head) in answer.json()["detail"]
    assert log_head(client) == head


def test_a_read_of_views_that_caught_up_carries_no_warning(
    client: TestClient, auth: TokenFor
) -> None:
    created = opened(client, auth)
    for path in ("/reviews", f"/reviews/{created['id']}"):
        for query in ("", f"?min_position={created['position']}"):
            answer = client.get(path + query, headers=auth("chair"))
            assert answer.status_code == 200
            assert "x-views-behind" not in answer.headers
    assert stale_reads(client, auth, "review_summary") == 0


def test_a_failed_view_serves_what_it_had_applied_and_is_named_once_behind(
    client: TestClient, auth: TokenFor
) -> None:
    first = opened(client, auth)
    client.get("/reviews", headers=auth("chair"))  # the views have applied the first review
    tracking.mark_failed(services(client).db, "review_state", "KeyError at position 9")
    at_first = client.get(f"/reviews?min_position={first['position']}", headers=auth("chair"))
    assert at_first.status_code == 200
    assert "x-views-behind" not in at_first.headers
    second = opened(client, auth)
    asked = client.get(f"/reviews?min_position={second['position']}", headers=auth("chair"))
    assert asked.status_code == 503
    assert "retry-after" not in asked.headers  # it will not advance until rebuilt
    assert (asked.json()["views"], asked.json()["failed"]) == (["review_state"], ["review_state"])
    listed = client.get("/reviews", headers=auth("chair"))
    assert listed.status_code == 200
    assert listed.headers["x-views-behind"] == "review_state"


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
    assert listed.headers["x-views-behind"] == "review_state"


def test_metrics_flag_a_failed_projection_for_alerting(client: TestClient, auth: TokenFor) -> None:
    db = client.app.state.services.db  # type: ignore[attr-defined]
    tracking.mark_failed(db, "review_state", "KeyError at position 1")

    text = client.get("/metrics", headers=auth("auditor")).text

    assert 'reviewtrail_projection_failed{projection="review_state"} 1' in text
    assert 'reviewtrail_projection_failed{projection="review_summary"} 0' in text
