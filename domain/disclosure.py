"""What a data subject may see of an event: their own data, others' data as placeholders."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from domain.meta import Meta
from domain.personal import Personal

HIDDEN_STATE = ("originator_id", "originator_version", "originator_topic", "meta", "timestamp")


def subject_view(value: Any, subject_id: UUID) -> Any:
    """``value`` as JSON-ready data: the subject's own Personal values shown, everyone else's
    replaced by the third-party placeholder, erased values by ``[erased]``."""
    if isinstance(value, Personal):
        shown = value if value.subject_id == subject_id else value.redacted()
        return {"category": shown.category.value, "value": shown.display, "own": shown is value}
    if isinstance(value, dict):
        return {str(k): subject_view(v, subject_id) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [subject_view(v, subject_id) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, UUID | Enum):
        return str(value.value if isinstance(value, Enum) else value)
    return value


def event_for_subject(event: Any, position: int, subject_id: UUID) -> dict[str, Any]:
    """One event of a subject-access export."""
    state = {k: v for k, v in vars(event).items() if k not in HIDDEN_STATE}
    meta: Meta | None = getattr(event, "meta", None)
    return {
        "position": position,
        "event": type(event).__name__,
        "record": str(event.originator_id),
        "recorded_at": event.timestamp.isoformat(),
        "recorded_by_role": meta.actor_role if meta else None,
        "data": subject_view(state, subject_id),
    }
