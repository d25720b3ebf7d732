"""access_trail: who read a person's decrypted personal data, in what role, when, and why.

The marker is a convention on recorded events, so a future read of personal data joins the
trail by being recorded, with no change here. An event records an access when it carries an
``access_purpose`` attribute, or when its class name ends in ``Exported`` or ``Viewed`` and it
carries a ``purpose`` (``DataSubject.SubjectDataExported`` today). The people whose data was read
are its ``subject_ids``, else its ``subject_id``, else its aggregate's id (a DataSubject's own
events). Who and in what role come from its ``meta``; when from its timestamp.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

ACTIONS = {"Exported": "export", "Viewed": "view"}


class AccessTrailWriter(Protocol):
    def accessed(
        self,
        *,
        position: int,
        subject_ids: Sequence[UUID],
        partnership_id: str,
        actor_id: str,
        actor_role: str,
        action: str,
        event_type: str,
        purpose: str,
        accessed_at: datetime,
    ) -> None: ...


def access_purpose(event: Any) -> str | None:
    """The stated purpose if ``event`` records a read of personal data, else ``None``."""
    purpose = getattr(event, "access_purpose", None)
    if purpose is None and type(event).__name__.endswith(tuple(ACTIONS)):
        purpose = getattr(event, "purpose", None)
    return purpose if isinstance(purpose, str) else None


def access_action(event: Any) -> str:
    """``export``, ``view``, or ``access`` for any other marked event."""
    name = type(event).__name__
    return next((action for suffix, action in ACTIONS.items() if name.endswith(suffix)), "access")


def accessed_subjects(event: Any) -> list[UUID]:
    """The people whose personal data the event says was read."""
    many = getattr(event, "subject_ids", None)
    if many is not None:
        return list(many)
    return [getattr(event, "subject_id", None) or event.originator_id]


class AccessTrailProjection:
    """One row per (access event, subject): actor, role, partnership, action, purpose, time."""

    name = "access_trail"
    version = 1

    def apply(self, event: Any, position: int, writer: AccessTrailWriter) -> None:
        purpose, meta = access_purpose(event), getattr(event, "meta", None)
        if purpose is None or meta is None:
            return
        writer.accessed(
            position=position,
            subject_ids=accessed_subjects(event),
            partnership_id=meta.partnership_id,
            actor_id=meta.actor_id,
            actor_role=meta.actor_role,
            action=access_action(event),
            event_type=type(event).__name__,
            purpose=purpose,
            accessed_at=event.timestamp,
        )
