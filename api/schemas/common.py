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


def problem_responses(*statuses: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI entries documenting the problem+json errors an operation can return."""
    descriptions = {
        401: "Missing or invalid bearer token",
        403: "Your role may not do this",
        404: "Not found (or not visible to your partnership)",
        409: "Changed by another command first",
        412: "If-Match version is stale",
        422: "Invalid input, or refused by a rule (see `rule`)",
        503: "Database unavailable",
    }
    return {
        status: {
            "model": Problem,
            "description": descriptions[status],
            "content": {"application/problem+json": {}},
        }
        for status in statuses
    }
