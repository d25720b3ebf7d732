"""Request ids, structured logs and Prometheus metrics."""

from __future__ import annotations

import io
import json
import logging
from uuid import UUID, uuid4

from fastapi.testclient import TestClient

from api import logs
from api.deps import Services
from tests.api.conftest import TokenFor
from tests.examples import notification_json


def services_of(client: TestClient) -> Services:
    services: Services = client.app.state.services  # type: ignore[attr-defined]
    return services


def test_the_request_id_a_client_sends_is_the_recorded_events_correlation_id(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = uuid4()
    created = client.post(
        "/reviews",
        json=notification_json(),
        headers={**auth(), "X-Request-Id": str(request_id)},
    )
    assert created.status_code == 201
    services = services_of(client)
    [(_, event)] = services.events.at_positions([services.db.log_head()])
    assert event.meta.correlation_id == request_id


def test_a_json_log_record_carries_the_request_id_set_by_the_middleware() -> None:
    request_id = uuid4()
    token = logs.request_id.set(request_id)
    try:
        record = logging.LogRecord("reviewtrail.x", logging.INFO, "f", 1, "hello %s", ("a",), None)
        line = json.loads(logs.JsonFormatter().format(record))
    finally:
        logs.request_id.reset(token)
    assert (line["level"], line["logger"], line["message"]) == ("INFO", "reviewtrail.x", "hello a")
    assert UUID(line["request_id"]) == request_id


def test_a_json_log_record_outside_a_request_has_no_request_id() -> None:
    record = logging.LogRecord("reviewtrail.x", logging.INFO, "f", 1, "idle", (), None)
    assert "request_id" not in json.loads(logs.JsonFormatter().format(record))


def test_the_access_log_line_carries_the_clients_request_id_in_json(client: TestClient) -> None:
    request_id = uuid4()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    access = logging.getLogger("reviewtrail.access")
    access.addHandler(handler)
    level = access.level
    access.setLevel(logging.INFO)
    try:
        client.get("/health", headers={"X-Request-Id": str(request_id)})
    finally:
        access.removeHandler(handler)
        access.setLevel(level)
    [line] = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert UUID(line["request_id"]) == request_id


def test_metrics_count_request_latency_by_route_template_not_raw_path(
    client: TestClient, auth: TokenFor
) -> None:
    review_id = client.post("/reviews", json=notification_json(), headers=auth()).json()["id"]
    client.get(f"/reviews/{review_id}", headers=auth())
    text = client.get("/metrics", headers=auth("auditor")).text
    assert 'route="/reviews/{review_id}",status="200"' in text
    assert review_id not in text


def test_metrics_count_commands_by_operation(client: TestClient, auth: TokenFor) -> None:
    client.post("/reviews", json=notification_json(), headers=auth())
    lines = client.get("/metrics", headers=auth("auditor")).text.splitlines()
    commands = [line for line in lines if line.startswith("reviewtrail_commands_total{")]
    assert commands == [
        'reviewtrail_commands_total{operation="receiveNotification",outcome="ok"} 1'
    ]


def test_metrics_report_each_projections_lag_and_the_integrators(
    client: TestClient, auth: TokenFor
) -> None:
    text = client.get("/metrics", headers=auth("auditor")).text
    names = services_of(client).runner.names
    for name in names:
        assert f'reviewtrail_projection_lag_events{{projection="{name}"}}' in text
    assert "reviewtrail_audit_integrator_lag_events " in text


def test_metrics_are_not_in_the_openapi_document(client: TestClient) -> None:
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]
