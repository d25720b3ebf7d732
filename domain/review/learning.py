"""Practitioner learning: events planned in a format the rule set describes, practitioners
invited (attendance as the rule set says: expected or voluntary), events held, learning points
recorded (practitioners' opinions as opinion personal data)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.errors import DomainError
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.review.base import LifecycleEvent, ReviewState, require_text, topic


class LearningEventPlanned(LifecycleEvent):
    """A learning event was planned (numbered from 1 in the order planned)."""

    TOPIC = topic("LearningEventPlanned")
    number: int
    format: str
    attendance: str
    planned_on: date

    def evolve(self, review: ReviewState) -> None:
        review.learning_events.append(
            {
                "number": self.number,
                "format": self.format,
                "attendance": self.attendance,
                "planned_on": self.planned_on,
                "invited": [],
                "held_on": None,
                "attendees": [],
            }
        )


class PractitionerInvited(LifecycleEvent):
    """A practitioner (a data subject) was invited to a learning event."""

    TOPIC = topic("PractitionerInvited")
    number: int
    practitioner: UUID
    role: str
    agency: str
    invited_on: date

    def evolve(self, review: ReviewState) -> None:
        review.learning_events[self.number - 1]["invited"].append(
            {"practitioner": self.practitioner, "role": self.role, "agency": self.agency}
        )


class LearningEventHeld(LifecycleEvent):
    """A learning event took place."""

    TOPIC = topic("LearningEventHeld")
    number: int
    held_on: date
    attendees: list[UUID]

    def evolve(self, review: ReviewState) -> None:
        review.learning_events[self.number - 1].update(
            held_on=self.held_on, attendees=list(self.attendees)
        )


class LearningPointRecorded(LifecycleEvent):
    """A point of learning (anonymised text) with the practitioners' views behind it."""

    TOPIC = topic("LearningPointRecorded")
    text: str
    theme: str
    event: int | None
    opinions: list[Personal]
    recorded_on: date

    def evolve(self, review: ReviewState) -> None:
        review.learning_points.append(
            {
                "text": self.text,
                "theme": self.theme,
                "event": self.event,
                "opinions": list(self.opinions),
                "recorded_on": self.recorded_on,
            }
        )


class LearningCommands(ReviewState):
    def plan_learning_event(self, *, format: str, planned_on: date, meta: Meta) -> None:
        """Plan a learning event (rule: a format the rule set describes) → LearningEventPlanned.

        Raises DomainError ``review.unknown-learning-event-format``.
        """
        rules = self._require("plan_learning_event")
        rule = next((e for e in rules.learning_events if e.id == format), None)
        if rule is None:
            known = ", ".join(e.id for e in rules.learning_events)
            raise DomainError(
                "review.unknown-learning-event-format", f"{format!r} is not one of {known}"
            )
        self._record(
            LearningEventPlanned,
            number=len(self.learning_events) + 1,
            format=format,
            attendance=rule.attendance,
            planned_on=planned_on,
            meta=meta,
        )

    def invite_practitioner(
        self,
        *,
        number: int,
        practitioner: UUID,
        role: str,
        agency: str,
        invited_on: date,
        meta: Meta,
    ) -> None:
        """Invite a practitioner (rule: the event is planned and not yet held)
        → PractitionerInvited.

        Raises DomainError ``review.learning-event-unknown``, ``review.learning-event-held``,
        ``review.already-invited``, ``review.role-required`` or ``review.agency-required``.
        """
        self._require("invite_practitioner")
        event = self._open_learning_event(number)
        if any(i["practitioner"] == practitioner for i in event["invited"]):
            raise DomainError("review.already-invited", "the practitioner is already invited")
        self._record(
            PractitionerInvited,
            number=number,
            practitioner=practitioner,
            role=require_text(role, "review.role-required", "the practitioner's role"),
            agency=require_text(agency, "review.agency-required", "the agency"),
            invited_on=invited_on,
            meta=meta,
        )

    def hold_learning_event(
        self, *, number: int, held_on: date, attendees: list[UUID], meta: Meta
    ) -> None:
        """Record that a learning event took place (rule: attendees were invited)
        → LearningEventHeld.

        Raises DomainError ``review.learning-event-unknown``, ``review.learning-event-held`` or
        ``review.attendee-not-invited``.
        """
        self._require("hold_learning_event")
        event = self._open_learning_event(number)
        if not set(attendees) <= {i["practitioner"] for i in event["invited"]}:
            raise DomainError("review.attendee-not-invited", "an attendee was not invited")
        self._record(
            LearningEventHeld,
            number=number,
            held_on=held_on,
            attendees=list(dict.fromkeys(attendees)),
            meta=meta,
        )

    def record_learning_point(
        self,
        *,
        text: str,
        theme: str,
        recorded_on: date,
        meta: Meta,
        event: int | None = None,
        opinions: list[Personal] | None = None,
    ) -> None:
        """Record a learning point (rules: the event was held; practitioners' views are
        opinion data) → LearningPointRecorded.

        Raises DomainError ``review.learning-point-required``, ``review.theme-required``,
        ``review.learning-event-not-held`` or ``review.personal-category``.
        """
        self._require("record_learning_point")
        if event is not None and not (
            0 < event <= len(self.learning_events) and self.learning_events[event - 1]["held_on"]
        ):
            raise DomainError("review.learning-event-not-held", f"event {event} was not held")
        if any(o.category is not Category.OPINION for o in opinions or []):
            raise DomainError("review.personal-category", "practitioners' views are opinions")
        self._record(
            LearningPointRecorded,
            text=require_text(text, "review.learning-point-required", "the learning point"),
            theme=require_text(theme, "review.theme-required", "the theme"),
            event=event,
            opinions=list(opinions or []),
            recorded_on=recorded_on,
            meta=meta,
        )

    def _open_learning_event(self, number: int) -> dict[str, Any]:
        if not 0 < number <= len(self.learning_events):
            raise DomainError("review.learning-event-unknown", f"no learning event {number}")
        event = self.learning_events[number - 1]
        if event["held_on"] is not None:
            raise DomainError("review.learning-event-held", f"event {number} was already held")
        return event
