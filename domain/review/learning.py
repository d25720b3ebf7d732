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
from domain.review.base import LifecycleEvent, ReviewState, require_category, require_text, topic
from domain.rules import RuleSet
from domain.rules.model import LearningEventRule


class LearningEventPlanned(LifecycleEvent):
    """A learning event was planned (numbered from 1 in the order planned): where, how long,
    who facilitates and who takes the notes (team members)."""

    TOPIC = topic("LearningEventPlanned")
    number: int
    format: str
    attendance: str
    planned_on: date
    venue: str | None = None
    duration: str | None = None
    facilitators: tuple[UUID, ...] = ()
    note_taker: UUID | None = None

    def evolve(self, review: ReviewState) -> None:
        review.learning_events.append(
            {
                "number": self.number,
                "format": self.format,
                "attendance": self.attendance,
                "planned_on": self.planned_on,
                "venue": self.venue,
                "duration": self.duration,
                "facilitators": list(self.facilitators),
                "note_taker": self.note_taker,
                "invited": [],
                "responses": [],
                "held_on": None,
                "attendees": [],
                "notes": [],
                "warnings": [],
                "coverage": None,
                "evaluations": [],
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
    """A learning event took place. ``notes`` are working notes, not minutes: contributions
    without attribution to a participant. ``warnings`` name guidance not followed (e.g.
    ``family-views-first``: held before any meeting with the family)."""

    TOPIC = topic("LearningEventHeld")
    number: int
    held_on: date
    attendees: list[UUID]
    notes: tuple[Personal, ...] = ()
    warnings: tuple[str, ...] = ()

    def evolve(self, review: ReviewState) -> None:
        review.learning_events[self.number - 1].update(
            held_on=self.held_on,
            attendees=list(self.attendees),
            notes=list(self.notes),
            warnings=list(self.warnings),
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
    def plan_learning_event(
        self,
        *,
        format: str,
        planned_on: date,
        meta: Meta,
        venue: str | None = None,
        duration: str | None = None,
        facilitators: list[UUID] | None = None,
        note_taker: UUID | None = None,
    ) -> None:
        """Plan a learning event (rules: a format the rule set describes; facilitators and note
        taker are on the review team; the duration defaults to the rule set's)
        → LearningEventPlanned.

        Raises DomainError ``review.unknown-learning-event-format`` or
        ``review.not-a-team-member``.
        """
        rule = _format_rule(self._require("plan_learning_event"), format)
        on_team = {m["member"] for m in self.team if m["stood_down_on"] is None}
        people = [*(facilitators or []), *([note_taker] if note_taker else [])]
        if not set(people) <= on_team:
            raise DomainError(
                "review.not-a-team-member", "facilitators and note takers are team members"
            )
        self._record(
            LearningEventPlanned,
            number=len(self.learning_events) + 1,
            format=format,
            attendance=rule.attendance,
            planned_on=planned_on,
            venue=(venue or "").strip() or None,
            duration=(duration or "").strip() or rule.duration,
            facilitators=tuple(dict.fromkeys(facilitators or [])),
            note_taker=note_taker,
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
        self,
        *,
        number: int,
        held_on: date,
        attendees: list[UUID],
        meta: Meta,
        notes: list[Personal] | None = None,
    ) -> None:
        """Record that a learning event took place (rules: attendees were invited; working
        notes are narrative or opinion data about the people discussed, never attributed to a
        participant) → LearningEventHeld, warning ``family-views-first`` when the rule set
        wants the family heard first and no family meeting was held.

        Raises DomainError ``review.learning-event-unknown``, ``review.learning-event-held``,
        ``review.attendee-not-invited``, ``review.contribution-attributed`` or
        ``review.personal-category``.
        """
        rules = self._require("hold_learning_event")
        event = self._open_learning_event(number)
        invited = {i["practitioner"] for i in event["invited"]}
        if not set(attendees) <= invited:
            raise DomainError("review.attendee-not-invited", "an attendee was not invited")
        for note in notes or []:
            require_category(note, (Category.NARRATIVE, Category.OPINION), "the notes")
            if note.subject_id in invited:
                raise DomainError(
                    "review.contribution-attributed", "working notes do not name who said what"
                )
        rule = next(e for e in rules.learning_events if e.id == event["format"])
        warnings = ("family-views-first",) if rule.family_views_first else ()
        self._record(
            LearningEventHeld,
            number=number,
            held_on=held_on,
            attendees=list(dict.fromkeys(attendees)),
            notes=tuple(notes or []),
            warnings=warnings if not self.family_meetings else (),
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


def _format_rule(rules: RuleSet, format: str) -> LearningEventRule:
    """The rule set's learning event ``format``; raises DomainError
    ``review.unknown-learning-event-format``."""
    rule = next((e for e in rules.learning_events if e.id == format), None)
    if rule is None:
        known = ", ".join(e.id for e in rules.learning_events)
        raise DomainError(
            "review.unknown-learning-event-format", f"{format!r} is not one of {known}"
        )
    return rule
