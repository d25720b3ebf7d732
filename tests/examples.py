"""Builders for tests: sensible defaults, override what the test is about."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

from domain.meta import Meta


def a_meta(partnership: str = "p-north", role: str = "chair", actor: str = "user-1") -> Meta:
    return Meta(actor_id=actor, actor_role=role, partnership_id=partnership, correlation_id=uuid4())


def a_notification(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "jurisdiction": "wales",
        "notifying_agency": "Gwent Police",
        "summary": "Serious injury to a child known to three agencies.",
        "received_on": date(2026, 11, 2),
    }
    values.update(overrides)
    return values


def notification_json(**overrides: Any) -> dict[str, Any]:
    body = a_notification(**overrides)
    body["received_on"] = str(body["received_on"])
    return body
