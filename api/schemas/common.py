"""Shapes shared by every resource."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field


class CommandAccepted(BaseModel):
    """A command was recorded. ``position`` is the log position of its last event: pass it as
    ``min_position`` to a query to read your own write."""

    id: UUID
    version: int = Field(ge=1)
    position: int = Field(ge=1)


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    rule: str | None = None
    errors: list[dict[str, str]] | None = None
    current_version: int | None = None


PROBLEM_DESCRIPTIONS = {
    401: "Missing or invalid bearer token",
    403: "Your role may not do this",
    404: "Not found (or not visible to your partnership)",
    405: "Method not allowed on this path",
    409: "Changed by another command first (see `current_version`), or the same "
    "Idempotency-Key is still in flight",
    412: "If-Match version is stale (see `current_version`); nothing was recorded",
    415: "The body is not application/json",
    422: "Invalid input (see `errors`), or refused by a rule (see `rule`)",
    500: "Unexpected error (no detail is disclosed)",
    503: "Database unavailable, or (`views-behind`) the views read had not applied "
    "`min_position` in time; retry later",
}
PROBLEM_SCHEMA_REF = "#/components/schemas/Problem"


def problem_response(status: int) -> dict[str, object]:
    """One problem+json response as an OpenAPI response object."""
    return {
        "description": PROBLEM_DESCRIPTIONS[status],
        "content": {"application/problem+json": {"schema": {"$ref": PROBLEM_SCHEMA_REF}}},
    }


def problem_responses(*statuses: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI entries documenting the problem+json errors an operation can return.

    401, 415, 422, 500, 503 and the statuses of If-Match and Idempotency-Key are added to every
    operation that can return them by ``api.contract``; list the others (403, 404, 409 ...)."""
    return {status: problem_response(status) for status in statuses}


def created_links(parameter: str, *operation_ids: str) -> dict[int | str, dict[str, object]]:
    """OpenAPI links from a 201 ``CommandAccepted`` to the operations that take its ``id`` as
    ``parameter``: clients (and schemathesis's stateful tests) can follow them."""
    links = {
        operation_id: {"operationId": operation_id, "parameters": {parameter: "$response.body#/id"}}
        for operation_id in operation_ids
    }
    return {201: {"description": "Recorded", "links": links}}
