"""How our own value types are stored inside event state (JSON objects, no pickling)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Transcoding

from domain.meta import Meta


class DateAsISO(Transcoding):
    """``datetime.date`` as ``YYYY-MM-DD`` (eventsourcing only knows datetimes)."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class MetaAsDict(Transcoding):
    """Stores ``Meta`` as a plain JSON object inside the event state."""

    type = Meta
    name = "meta"

    def encode(self, obj: Meta) -> dict[str, Any]:
        # Field by field: dataclasses.asdict deep-copies, and every event carries a Meta.
        return {
            "actor_id": obj.actor_id,
            "actor_role": obj.actor_role,
            "partnership_id": obj.partnership_id,
            "correlation_id": str(obj.correlation_id),
            "causation_id": str(obj.causation_id) if obj.causation_id else None,
            "reason": obj.reason,
        }

    def decode(self, data: dict[str, Any]) -> Meta:
        causation = data.get("causation_id")
        return Meta(
            actor_id=data["actor_id"],
            actor_role=data["actor_role"],
            partnership_id=data["partnership_id"],
            correlation_id=UUID(data["correlation_id"]),
            causation_id=UUID(causation) if causation else None,
            reason=data.get("reason"),
        )


DOMAIN_TRANSCODINGS: tuple[Transcoding, ...] = (DateAsISO(), MetaAsDict())
