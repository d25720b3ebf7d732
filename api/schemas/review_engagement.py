"""Request bodies of the family-engagement, learning-event (planning, holding, participation)
and CLEAR recommendation commands. What a family member or a practitioner says is encrypted
personal data (``PersonalIn``, or text stored under the family member's key)."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import Field

from api.schemas.review_commands import CommandIn, PersonalIn, TextStr, example
from domain.personal import Category, Personal
from domain.review.participation import COVERAGE, EVALUATION_QUESTIONS

CoverageItem = Literal[
    "risks-identified-and-understood",
    "family-engagement",
    "family-views-then-and-now",
    "professionals-working-together",
    "what-went-well",
    "what-could-have-been-done-better",
]
EvaluationQuestion = Literal[
    "met-objectives",
    "rating",
    "most-helpful",
    "least-helpful",
    "learning-to-take-back",
    "other-comments",
]
assert set(CoverageItem.__args__) == set(COVERAGE)  # type: ignore[attr-defined]
assert set(EvaluationQuestion.__args__) == set(EVALUATION_QUESTIONS)  # type: ignore[attr-defined]


class LiaisonStrategyIn(CommandIn):
    """The Family Liaison Strategy (anonymised: it must not name anyone)."""

    model_config = example(
        strategy="The reviewer and the chair meet the family where and when they wish.",
        agreed_on="2026-04-11",
    )

    strategy: TextStr
    agreed_on: date


class ParticipationIn(CommandIn):
    """A family member's wishes to take part (stored encrypted as narrative data about them)."""

    model_config = example(
        where="At home.",
        how="In person, with her sister.",
        when="Weekday mornings.",
        agreed_on="2026-04-15",
    )

    where: TextStr
    how: TextStr
    when: TextStr
    agreed_on: date


class FamilyMeetingIn(CommandIn):
    model_config = example(members=["0f5c2a9e-1b7d-4e3a-9c8b-2d4e6f8a0b1c"], held_on="2026-04-19")

    members: list[UUID] = Field(min_length=1, max_length=50)
    held_on: date


class FamilyFeedbackIn(CommandIn):
    """A family member's feedback at the end, and their view of the review process (their
    opinions: encrypted)."""

    model_config = example(
        feedback="The report says what happened to us.",
        on_process="We were listened to this time.",
        given_on="2026-07-05",
    )

    feedback: TextStr
    on_process: TextStr
    given_on: date


class LearningEventIn(CommandIn):
    """A learning event; facilitators and the note taker are review team members; the duration
    defaults to the rule set's."""

    model_config = example(
        format="practitioner-and-first-line-manager-event",
        planned_on="2026-05-20",
        venue="Community centre",
        duration="a full day",
        facilitators=["0f5c2a9e-1b7d-4e3a-9c8b-2d4e6f8a0b1c"],
    )

    format: str = Field(
        min_length=1, max_length=100, description="a learning event id of the rules"
    )
    planned_on: date
    venue: str | None = Field(default=None, max_length=500)
    duration: str | None = Field(default=None, max_length=200)
    facilitators: list[UUID] = Field(default_factory=list, max_length=10)
    note_taker: UUID | None = None


class AttendanceIn(CommandIn):
    """The event held: who attended, and working notes (not minutes) about the people the review
    is about, never attributed to a participant (narrative personal data)."""

    model_config = example(held_on="2026-05-20", attendees=["0f5c2a9e-1b7d-4e3a-9c8b-2d4e6f8a0b1c"])

    held_on: date
    attendees: list[UUID] = Field(max_length=500)
    notes: list[PersonalIn] = Field(default_factory=list, max_length=500)


class ResponseIn(CommandIn):
    """An invited practitioner's answer (taking part is voluntary)."""

    model_config = example(
        practitioner="0f5c2a9e-1b7d-4e3a-9c8b-2d4e6f8a0b1c",
        response="accepted",
        responded_on="2026-05-03",
    )

    practitioner: UUID
    response: Literal["accepted", "declined"]
    responded_on: date


class AttendedIn(CommandIn):
    model_config = example(
        practitioner="0f5c2a9e-1b7d-4e3a-9c8b-2d4e6f8a0b1c", attended_on="2026-05-20"
    )

    practitioner: UUID
    attended_on: date


class CoverageIn(CommandIn):
    """Which items of the guidance's checklist the event covered."""

    model_config = example(covered=["what-went-well"], recorded_on="2026-05-21")

    covered: list[CoverageItem] = Field(max_length=6)
    recorded_on: date


class EvaluationIn(CommandIn):
    """One participant's evaluation form: answers keyed by question (their opinions)."""

    model_config = example(
        participant="0f5c2a9e-1b7d-4e3a-9c8b-2d4e6f8a0b1c",
        answers={"met-objectives": "Yes.", "rating": "Good."},
        returned_on="2026-05-21",
    )

    participant: UUID
    answers: dict[EvaluationQuestion, TextStr] = Field(min_length=1, max_length=6)
    returned_on: date

    def answer_values(self) -> dict[str, Personal]:
        return {q: Personal(self.participant, Category.OPINION, a) for q, a in self.answers.items()}


class ProposalIn(CommandIn):
    """A recommendation for change, CLEAR (anonymised: it is published with the report)."""

    model_config = example(
        case_for_change="Schools do not hear of health concerns; harm may go unseen.",
        learning="Practitioners need a route to share concerns with schools.",
        evidence="Learning event 1 and the merged timeline.",
        assigned_to="Education",
        desired_outcome="Schools hear of concerns within a week.",
        review_on="2027-06-01",
        proposed_on="2026-05-22",
    )

    # Left empty, an element is refused by its CLEAR rule (422 naming the rule).
    case_for_change: str = Field(default="", max_length=20_000)
    learning: str = Field(default="", max_length=20_000)
    evidence: str = Field(default="", max_length=20_000)
    assigned_to: str = Field(default="", max_length=200)
    desired_outcome: str = Field(default="", max_length=20_000)
    review_on: date | None = None
    proposed_on: date
