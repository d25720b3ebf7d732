"""Request bodies of the review commands: evidence, family, learning, report, action plan."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from api.schemas.review_commands import CommandIn, NameStr, PersonalIn, TextStr, example
from domain.personal import Category, Personal


class ChronologyRequestIn(CommandIn):
    model_config = example(
        agency="Police Scotland",
        period_start="2024-03-01",
        period_end="2026-02-28",
        due_on="2026-04-30",
        requested_on="2026-04-03",
    )

    agency: NameStr
    period_start: date
    period_end: date
    due_on: date
    requested_on: date


class ChronologyEntryIn(CommandIn):
    """One entry; ``what_happened`` is narrative personal data about the subject it names.
    Entries of different agencies with the same ``event`` label on the same day are grouped."""

    date: date
    practitioner_role: NameStr
    what_happened: PersonalIn
    source: NameStr
    event: str | None = Field(default=None, max_length=200)

    def as_entry(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "practitioner_role": self.practitioner_role,
            "what_happened": self.what_happened.as_personal(Category.NARRATIVE),
            "source": self.source,
            "event": self.event,
        }


class ChronologyIn(CommandIn):
    model_config = example(
        agency="Police Scotland",
        submitted_on="2026-04-25",
        entries=[
            {
                "date": "2025-06-01",
                "practitioner_role": "constable",
                "what_happened": {
                    "subject_id": "6b8d7a0e-7d3c-4d0c-8d7b-3a9f0e9c1a11",
                    "value": "Attended the strategy meeting.",
                },
                "source": "crime file",
                "event": "Strategy meeting",
            }
        ],
    )

    agency: NameStr
    submitted_on: date
    entries: list[ChronologyEntryIn] = Field(max_length=5000)


class MergeIn(CommandIn):
    model_config = example(merged_on="2026-05-02")

    merged_on: date


class GenogramIn(CommandIn):
    model_config = example(document_ref="genogram-1", recorded_on="2026-04-26")

    document_ref: NameStr
    recorded_on: date


class FamilyMemberIn(CommandIn):
    model_config = example(
        member="0f5c2a9e-1b7d-4e3a-9c8b-2d4e6f8a0b1c",
        relationship="parent",
        identified_on="2026-04-10",
    )

    member: UUID
    relationship: str = Field(
        min_length=1,
        max_length=100,
        description="parent, step-parent, carer, sibling, grandparent, aunt-or-uncle, "
        "child-or-young-person, partner-or-spouse or close-family-friend",
    )
    identified_on: date


class ContactIn(CommandIn):
    model_config = example(channel="letter", contacted_on="2026-04-12")

    channel: NameStr
    contacted_on: date


class ViewsIn(CommandIn):
    """The family member's views, in their words (narrative personal data about them)."""

    model_config = example(
        views="Nobody asked us what was happening at home.", recorded_on="2026-04-20"
    )

    views: TextStr
    recorded_on: date


class DeclineIn(CommandIn):
    model_config = example(declined_on="2026-04-20", reason="Too painful to talk about.")

    declined_on: date
    reason: str | None = Field(default=None, min_length=1, max_length=20_000)


class InvitationIn(CommandIn):
    model_config = example(
        practitioner="0f5c2a9e-1b7d-4e3a-9c8b-2d4e6f8a0b1c",
        role="health visitor",
        agency="NHS Lothian",
        invited_on="2026-05-01",
    )

    practitioner: UUID
    role: NameStr
    agency: NameStr
    invited_on: date


class LearningPointIn(CommandIn):
    """A learning point (anonymised) and the practitioners' views behind it (opinion data)."""

    model_config = example(
        text="What the health visitor saw did not reach the school.",
        theme="information sharing",
        recorded_on="2026-05-21",
        event=1,
        opinions=[
            {
                "subject_id": "0f5c2a9e-1b7d-4e3a-9c8b-2d4e6f8a0b1c",
                "value": "We did not know who to tell.",
            }
        ],
    )

    text: TextStr
    theme: NameStr
    recorded_on: date
    event: int | None = Field(default=None, ge=1)
    opinions: list[PersonalIn] = Field(default_factory=list, max_length=100)

    def opinion_values(self) -> list[Personal]:
        return [o.as_personal(Category.OPINION) for o in self.opinions]


class StatementIn(CommandIn):
    text: TextStr
    basis: Literal["fact", "professional-opinion"]


class DraftIn(CommandIn):
    """A version of the report: the rule set's section ids, each a list of statements."""

    model_config = example(
        sections={
            "circumstances": [
                {"text": "The child was known to three agencies.", "basis": "fact"},
                {
                    "text": "Information sharing depended on individuals.",
                    "basis": "professional-opinion",
                },
            ]
        },
        drafted_on="2026-06-10",
    )

    sections: dict[str, list[StatementIn]] = Field(max_length=50)
    drafted_on: date

    def section_values(self) -> dict[str, list[dict[str, str]]]:
        return {k: [s.model_dump() for s in v] for k, v in self.sections.items()}


class ShareIn(CommandIn):
    model_config = example(
        recipients=["learning event participants"],
        comments_due="2026-06-24",
        shared_on="2026-06-11",
    )

    recipients: list[str] = Field(min_length=1, max_length=100)
    comments_due: date
    shared_on: date


class CommentIn(CommandIn):
    """A participant's comment on a shared version (their opinion: personal data)."""

    model_config = example(
        participant="0f5c2a9e-1b7d-4e3a-9c8b-2d4e6f8a0b1c",
        comment="The timeline is fair.",
        received_on="2026-06-20",
    )

    participant: UUID
    comment: TextStr
    received_on: date


class AcceptanceIn(CommandIn):
    model_config = example(accepted_on="2026-07-01")

    accepted_on: date


class SubmissionIn(CommandIn):
    model_config = example(recipient="care-inspectorate", submitted_on="2026-07-10")

    recipient: str = Field(min_length=1, max_length=100)
    submitted_on: date


class PublicationIn(CommandIn):
    """Publish the accepted report from ``redaction_set_id``: an applied redaction set over this
    review's accepted report version (``document_kind: report``, ``source_id``: the review,
    ``source_version``: the accepted version)."""

    model_config = example(
        location="https://example.org/reviews/2026-1",
        published_on="2026-09-07",
        redaction_set_id="41e1a3c2-5b7d-4e8f-9a0b-1c2d3e4f5a6b",
    )

    location: str = Field(min_length=1, max_length=2000)
    published_on: date
    redaction_set_id: UUID


class WithdrawalIn(CommandIn):
    model_config = example(reason="Minimum display period over.", withdrawn_on="2027-09-07")

    reason: TextStr
    withdrawn_on: date
    court_order: bool = False


class ActionIn(CommandIn):
    model_config = example(
        action="Agree an information-sharing protocol with schools.",
        owner="Education",
        due_on="2026-12-31",
        recommendation="Recommendation 1",
    )

    action: TextStr
    owner: NameStr
    due_on: date
    recommendation: str | None = Field(default=None, max_length=2000)


class ProgressIn(CommandIn):
    model_config = example(progress="Draft protocol agreed.", reported_on="2026-10-01")

    progress: TextStr
    reported_on: date


class CompletionIn(CommandIn):
    model_config = example(evidence="Protocol signed by both services.", completed_on="2026-11-01")

    evidence: TextStr
    completed_on: date


class ClosureIn(CommandIn):
    model_config = example(reason="Action plan complete.", closed_on="2026-11-05")

    reason: TextStr
    closed_on: date
