"""retention: every record with a retention schedule, when it falls due, whether it was
disposed of, and which subjects legal holds cover — the disposition review queue.

A record is registered when it is created, with the data subjects whose personal data it holds
(its requester, or the document pseudo-subject); its trigger event (response, internal review,
redaction applied) sets when its period started and so when it falls due.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from domain.foi import FoiRequest
from domain.redaction import RedactionSet
from domain.retention import SCHEDULES, Disposition, LegalHold
from domain.sar import SubjectAccessRequest

OURS = (FoiRequest, SubjectAccessRequest, RedactionSet, Disposition, LegalHold)

# Creation event → (record class, how to read the record's own subjects off the event).
REGISTERED: dict[str, tuple[str, Callable[[Any], list[UUID]]]] = {
    "FoiRequestReceived": ("foi-request", lambda e: [e.requester.subject_id]),
    "SarReceived": ("sar-request", lambda e: [e.requester.subject_id]),
    "RedactionSetOpened": ("disclosure-working-copy", lambda e: [e.text.subject_id]),
}
# Trigger event → the attribute holding the day the retention period starts from.
TRIGGERS = {
    "FoiResponded": "responded_on",
    "InternalReviewDecided": "decided_on",
    "SarResponded": "responded_on",
    "RedactionSetApplied": "applied_on",
}


class RetentionWriter(Protocol):
    """The writes the retention view supports."""

    def registered(
        self,
        *,
        record_id: UUID,
        partnership_id: str,
        record_class: str,
        subject_ids: list[UUID],
        action: str,
        position: int,
    ) -> None: ...

    def triggered(
        self, *, record_id: UUID, triggered_on: date, due_on: date | None, position: int
    ) -> None: ...

    def disposed(self, *, record_ids: list[UUID], disposition_id: UUID, position: int) -> None: ...

    def held(self, *, hold_id: UUID, partnership_id: str, subject_ids: list[UUID]) -> None: ...

    def released(self, *, hold_id: UUID) -> None: ...


class RetentionProjection:
    """Feeds the disposition review queue and the legal-hold lookup."""

    name = "retention"
    version = 1

    def apply(self, event: Any, position: int, writer: RetentionWriter) -> None:
        """Register records, start their periods, mark disposals, track held subjects."""
        if not _ours(event):
            return
        name = type(event).__name__
        if name in REGISTERED:
            record_class, subjects = REGISTERED[name]
            writer.registered(
                record_id=event.originator_id,
                partnership_id=event.meta.partnership_id,
                record_class=record_class,
                subject_ids=subjects(event),
                action=SCHEDULES[record_class].action.value,
                position=position,
            )
        elif name in TRIGGERS:
            self._triggered(event, getattr(event, TRIGGERS[name]), position, writer)
        elif name == "DispositionCarriedOut":
            writer.disposed(
                record_ids=list(event.record_ids),
                disposition_id=event.originator_id,
                position=position,
            )
        elif name in ("LegalHoldPlaced", "SubjectsHeld"):
            writer.held(
                hold_id=event.originator_id,
                partnership_id=event.meta.partnership_id,
                subject_ids=list(event.subject_ids),
            )
        elif name == "LegalHoldReleased":
            writer.released(hold_id=event.originator_id)

    @staticmethod
    def _triggered(event: Any, day: date, position: int, writer: RetentionWriter) -> None:
        record_class = _class_of(type(event).__name__)
        writer.triggered(
            record_id=event.originator_id,
            triggered_on=day,
            due_on=SCHEDULES[record_class].due_on(day),
            position=position,
        )


def _ours(event: Any) -> bool:
    return any(isinstance(event, aggregate.Event) for aggregate in OURS)


def _class_of(trigger: str) -> str:
    for schedule in SCHEDULES.values():
        if trigger in schedule.triggers:
            return schedule.record_class
    raise KeyError(trigger)
