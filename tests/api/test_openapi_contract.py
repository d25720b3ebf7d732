"""The OpenAPI contract: checked in, complete, and what the running application serves."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import freshness
from api.app import assemble
from api.openapi_file import DOCUMENT, render

# Lists whose length does not grow with the data, so they are not paged (and why).
BOUNDED_LISTS = {
    "searchSubjects": "at most 50 candidates for exact, normalised identifiers",
    "listClockRules": "the built-in rules and the loaded rule sets",
    "listCalendarOverrides": "a calendar's overrides: a few a year",
    "listExemptions": "the statutory exemption catalogue",
    "listRetentionSchedules": "the retention schedule, one entry per record class",
}
METHODS = {"get", "post", "put", "patch", "delete"}


@cache
def document() -> dict[str, Any]:
    return assemble().openapi()


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, methods in document()["paths"].items()
        for method, operation in methods.items()
        if method in METHODS
    ]


def operation_ids() -> list[str]:
    return [operation["operationId"] for _, _, operation in operations()]


def the(operation_id: str) -> dict[str, Any]:
    (found,) = (op for _, _, op in operations() if op["operationId"] == operation_id)
    return found


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        resolved: dict[str, Any] = document()["components"]["schemas"][
            schema["$ref"].rsplit("/", 1)[-1]
        ]
        return resolved
    return schema


def resolve_response(response: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in response:
        resolved: dict[str, Any] = document()["components"]["responses"][
            response["$ref"].rsplit("/", 1)[-1]
        ]
        return resolved
    return response


def test_the_checked_in_document_is_the_applications(client: TestClient) -> None:
    served = client.get("/openapi.json").json()
    checked_in = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    assert served == checked_in, "docs/openapi.json is out of date: run scripts/openapi"


def test_the_checked_in_document_is_formatted_as_the_script_writes_it() -> None:
    assert DOCUMENT.read_text(encoding="utf-8") == render(), "run scripts/openapi"


@pytest.mark.parametrize("operation_id", operation_ids())
def test_every_operation_has_a_tag_and_a_one_line_summary(operation_id: str) -> None:
    operation = the(operation_id)
    assert operation["tags"]
    assert "\n" not in operation["summary"]
    assert operation["summary"].endswith(".")  # from the docstring, not the function's name


@pytest.mark.parametrize("operation_id", operation_ids())
def test_every_request_body_has_an_example(operation_id: str) -> None:
    body = the(operation_id).get("requestBody")
    if body is None:
        return
    media = body["content"]["application/json"]
    assert "example" in media or "examples" in media or resolve(media["schema"]).get("examples")


@pytest.mark.parametrize("operation_id", operation_ids())
def test_every_error_response_is_a_documented_problem(operation_id: str) -> None:
    operation = the(operation_id)
    errors = {int(s): r for s, r in operation["responses"].items() if int(s) >= 400}
    assert 500 in errors
    if operation.get("security"):
        assert 401 in errors
    for response in map(resolve_response, errors.values()):
        assert list(response["content"]) == ["application/problem+json"]
        assert response["content"]["application/problem+json"]["schema"] == {
            "$ref": "#/components/schemas/Problem"
        }


@pytest.mark.parametrize("operation_id", operation_ids())
def test_every_list_is_paged_by_cursor_or_known_to_be_bounded(operation_id: str) -> None:
    operation = the(operation_id)
    ok = operation["responses"].get("200", {}).get("content", {}).get("application/json")
    properties = resolve(ok["schema"]).get("properties", {}) if ok else {}
    if "items" not in properties or operation_id in BOUNDED_LISTS:
        return
    query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    assert {"cursor", "limit"} <= query
    assert "next_cursor" in properties


@pytest.mark.parametrize("operation_id", operation_ids())
def test_every_command_accepts_an_idempotency_key(operation_id: str) -> None:
    operation = the(operation_id)
    ok = operation["responses"].get("200") or operation["responses"].get("201") or {}
    schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
    if schema != {"$ref": "#/components/schemas/CommandAccepted"}:
        return
    headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
    assert "Idempotency-Key" in headers


@pytest.mark.parametrize(
    "operation_id", [o["operationId"] for m, _, o in operations() if m == "get"]
)
def test_every_read_documents_the_views_behind_header(operation_id: str) -> None:
    headers = the(operation_id)["responses"]["200"]["headers"]
    assert headers[freshness.HEADER] == {"$ref": f"#/components/headers/{freshness.HEADER}"}
    assert freshness.HEADER in document()["components"]["headers"]


def test_the_problem_schema_is_a_component() -> None:
    problem = document()["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "instance"}
