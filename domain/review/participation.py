"""Taking part in a learning event: invitations answered (taking part is voluntary), attendance,
the guidance's checklist of what the event covered, and participants' evaluations (the sample
evaluation form's six questions; answers are the participant's opinion: personal data)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.errors import DomainError
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.review.base import LifecycleEvent, ReviewState, require_one_of, topic

RESPONSES = ("accepted", "declined")

COVERAGE = (
    "risks-identified-and-understood",
    "family-engagement",
    "family-views-then-and-now",
    "professionals-working-together",
    "what-went-well",
    "what-could-have-been-done-better",
)
"""What a practitioner event explores (Scottish annex 6 and adult annex: the checklist)."""

EVALUATION_QUESTIONS = (
    "met-objectives",
    "rating",
    "most-helpful",
    "least-helpful",
    "learning-to-take-back",
    "other-comments",
)
"""The six questions of the sample evaluation form (Welsh draft guidance, appendix 1e)."""


class ParticipantResponded(LifecycleEvent):
    """An invited practitioner accepted or declined (invitations are voluntary)."""

    TOPIC = topic("ParticipantResponded")
    number: int
    practitioner: UUID
    response: str
    responded_on: date

    def evolve(self, review: ReviewState) -> None:
        review.learning_events[self.number - 1]["responses"].append(
            {
                "practitioner": self.practitioner,
                "response": self.response,
                "responded_on": self.responded_on,
            }
        )


class ParticipantAttended(LifecycleEvent):
    """An invited practitioner attended a learning event that was held."""

    TOPIC = topic("ParticipantAttended")
    number: int
    practitioner: UUID
    attended_on: date

    def evolve(self, review: ReviewState) -> None:
        attendees = review.learning_events[self.number - 1]["attendees"]
        if self.practitioner not in attendees:
            attendees.append(self.practitioner)


class CoverageRecorded(LifecycleEvent):
    """Which items of the guidance's checklist a held learning event covered."""

    TOPIC = topic("CoverageRecorded")
    number: int
    covered: list[str]
    recorded_on: date

    def evolve(self, review: ReviewState) -> None:
        review.learning_events[self.number - 1]["coverage"] = {
            "covered": list(self.covered),
            "not_covered": [item for item in COVERAGE if item not in self.covered],
            "recorded_on": self.recorded_on,
        }


class EvaluationReturned(LifecycleEvent):
    """A participant returned the evaluation form (answers keyed by question)."""

    TOPIC = topic("EvaluationReturned")
    number: int
    answers: dict[str, Personal]
    returned_on: date

    def evolve(self, review: ReviewState) -> None:
        review.learning_events[self.number - 1]["evaluations"].append(
            {"answers": dict(self.answers), "returned_on": self.returned_on}
        )


class ParticipationCommands(ReviewState):
    def record_participant_response(
        self, *, number: int, practitioner: UUID, response: str, responded_on: date, meta: Meta
    ) -> None:
        """Record an invited practitioner's answer (rules: invited; accepted or declined)
        → ParticipantResponded.

        Raises DomainError ``review.learning-event-unknown``, ``review.not-invited`` or
        ``review.unknown-response``.
        """
        self._require("record_participant_response")
        self._invited(self._learning_event(number), practitioner)
        self._record(
            ParticipantResponded,
            number=number,
            practitioner=practitioner,
            response=require_one_of(response, RESPONSES, "review.unknown-response"),
            responded_on=responded_on,
            meta=meta,
        )

    def record_participant_attended(
        self, *, number: int, practitioner: UUID, attended_on: date, meta: Meta
    ) -> None:
        """Record that an invited practitioner attended (rules: the event was held; they did not
        decline) → ParticipantAttended.

        Raises DomainError ``review.learning-event-unknown``, ``review.learning-event-not-held``,
        ``review.not-invited`` or ``review.participant-declined``.
        """
        self._require("record_participant_attended")
        event = self._held(number)
        self._invited(event, practitioner)
        answers = [r["response"] for r in event["responses"] if r["practitioner"] == practitioner]
        if answers and answers[-1] == "declined":
            raise DomainError("review.participant-declined", "the practitioner declined")
        self._record(
            ParticipantAttended,
            number=number,
            practitioner=practitioner,
            attended_on=attended_on,
            meta=meta,
        )

    def record_coverage(
        self, *, number: int, covered: list[str], recorded_on: date, meta: Meta
    ) -> None:
        """Record which checklist items a held event covered (rule: items from the checklist)
        → CoverageRecorded.

        Raises DomainError ``review.learning-event-unknown``, ``review.learning-event-not-held``
        or ``review.unknown-coverage-item``.
        """
        self._require("record_coverage")
        self._held(number)
        for item in covered:
            require_one_of(item, COVERAGE, "review.unknown-coverage-item")
        self._record(
            CoverageRecorded,
            number=number,
            covered=[item for item in COVERAGE if item in covered],
            recorded_on=recorded_on,
            meta=meta,
        )

    def return_evaluation(
        self, *, number: int, answers: dict[str, Personal], returned_on: date, meta: Meta
    ) -> None:
        """Record a returned evaluation form (rules: the event was held; questions of the form;
        answers are an attendee's opinions) → EvaluationReturned.

        Raises DomainError ``review.learning-event-unknown``, ``review.learning-event-not-held``,
        ``review.evaluation-empty``, ``review.evaluation-of-several-people``,
        ``review.unknown-evaluation-question``,
        ``review.personal-category`` or ``review.evaluation-not-from-attendee``.
        """
        self._require("return_evaluation")
        event = self._held(number)
        if not answers:
            raise DomainError("review.evaluation-empty", "answer at least one question")
        if len({answer.subject_id for answer in answers.values()}) > 1:
            raise DomainError("review.evaluation-of-several-people", "one form per participant")
        for question, answer in answers.items():
            require_one_of(question, EVALUATION_QUESTIONS, "review.unknown-evaluation-question")
            if answer.category is not Category.OPINION:
                raise DomainError("review.personal-category", "the answers are opinions")
            if answer.subject_id not in event["attendees"]:
                raise DomainError(
                    "review.evaluation-not-from-attendee", "only attendees evaluate the event"
                )
        self._record(
            EvaluationReturned,
            number=number,
            answers=dict(answers),
            returned_on=returned_on,
            meta=meta,
        )

    def _learning_event(self, number: int) -> dict[str, Any]:
        if not 0 < number <= len(self.learning_events):
            raise DomainError("review.learning-event-unknown", f"no learning event {number}")
        return self.learning_events[number - 1]

    def _held(self, number: int) -> dict[str, Any]:
        event = self._learning_event(number)
        if event["held_on"] is None:
            raise DomainError("review.learning-event-not-held", f"event {number} was not held")
        return event

    @staticmethod
    def _invited(event: dict[str, Any], practitioner: UUID) -> None:
        if not any(i["practitioner"] == practitioner for i in event["invited"]):
            raise DomainError("review.not-invited", "the practitioner was not invited")
