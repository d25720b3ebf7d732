"""The state of one review as ``GET /reviews/{id}`` returns it (rebuilt from its events).

Personal fields are ``PersonalOut``: the subject and category always, the value decrypted for a
reader whose roles may read its category (``domain/access_policy.py``), else ``[personal data]``
(or ``[erased]`` once the subject's key is destroyed).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from domain.personal import Category


class PersonalOut(BaseModel):
    subject_id: UUID
    category: Category
    value: str = Field(description='the value, "[erased]", or "[personal data]" when withheld')
    erased: bool
    withheld: bool = Field(
        default=False, description="true when your roles may not read this category"
    )


class InformationRequestOut(BaseModel):
    agency: str
    due_on: date
    requested_on: date | None = None
    answered: bool


class AgencyInformationOut(BaseModel):
    agency: str
    received_on: date
    content: PersonalOut | None


class RecommendationOut(BaseModel):
    outcome: str
    kind: str | None
    agreement: str
    rationale: str
    recommended_by: str | None
    recommended_on: date
    proposed_terms_of_reference: str | None
    alternative_approach: str | None
    time_period_covered: str | None = None
    agencies_involved: list[str] = Field(default_factory=list)
    chair_independent: bool | None = None
    core_issues: str | None = None
    reviewer: str | None = None
    costs: str | None = None
    first_panel_on: date | None = None
    expected_completion_on: date | None = None


class DecisionOut(BaseModel):
    subject: str
    outcome: str
    response: str | None
    made_by: str
    decision_makers: list[str]
    dissent: list[str]
    rationale: str
    decided_on: date
    kind: str | None
    amendments: str | None
    planned_publication_date: date | None
    chronology_months: int | None


class NoticeOut(BaseModel):
    recipient: str
    purpose: str
    channel: str
    reference: str | None
    notified_on: date


class ObligationOut(BaseModel):
    """A notice the rule set says is owed; ``owed`` is null until the facts it depends on are
    assessed."""

    id: str
    recipient: str
    recipient_name: str
    external: bool
    purpose: str
    triggered_by: str
    discharged_by: str
    clock: str | None
    owed: bool | None
    discharged: bool


class TermsOfReferenceOut(BaseModel):
    version: int
    text: str
    status: str
    drafted_on: date
    reason: str | None
    agreed_on: date | None
    agreed_by: str | None


class TeamMemberOut(BaseModel):
    member: UUID
    role: str
    agency: str
    external: bool
    independence_statement: PersonalOut | None
    appointed_on: date
    stood_down_on: date | None
    reason: str | None


class MeetingOut(BaseModel):
    held_on: date
    attendees: list[UUID]
    minutes: str | None


class ProceedingsOut(BaseModel):
    number: int
    kind: str
    body: str
    details: PersonalOut | None
    recorded_on: date
    concluded_on: date | None
    outcome: str | None
    publication_cleared_on: date | None = None


class PauseOut(BaseModel):
    reason: str
    paused_on: date
    resumed_on: date | None


class ChronologyOut(BaseModel):
    agency: str
    period_start: date
    period_end: date
    due_on: date
    requested_on: date
    versions: int
    last_submitted_on: date | None


class TimelineEntryOut(BaseModel):
    date: date
    agency: str
    practitioner_role: str
    what_happened: PersonalOut
    source: str
    event: str | None
    outside_period: bool


class TimelineGroupOut(BaseModel):
    """Entries of one day about one event (an unlabelled entry stands alone)."""

    date: date
    event: str | None
    entries: list[TimelineEntryOut]


class GenogramOut(BaseModel):
    document_ref: str
    visibility: str
    recorded_on: date


class FamilyMemberOut(BaseModel):
    member: UUID
    relationship: str
    identified_on: date
    contacts: list[dict[str, Any]]
    views: list[dict[str, Any]]
    declined: dict[str, Any] | None
    participation: dict[str, Any] | None = Field(
        default=None, description="their wishes: where, how and when (personal data)"
    )
    feedback: list[dict[str, Any]] = Field(
        default_factory=list, description="feedback at the end and their view of the process"
    )


class LiaisonStrategyOut(BaseModel):
    version: int
    strategy: str
    agreed_on: date


class FamilyMeetingOut(BaseModel):
    members: list[UUID]
    held_on: date


class CoverageOut(BaseModel):
    covered: list[str]
    not_covered: list[str]
    recorded_on: date


class EvaluationOut(BaseModel):
    answers: dict[str, PersonalOut]
    returned_on: date


class LearningEventOut(BaseModel):
    number: int
    format: str
    attendance: str
    planned_on: date
    venue: str | None = None
    duration: str | None = None
    facilitators: list[UUID] = Field(default_factory=list)
    note_taker: UUID | None = None
    invited: list[dict[str, Any]]
    responses: list[dict[str, Any]] = Field(default_factory=list)
    held_on: date | None
    attendees: list[UUID]
    notes: list[PersonalOut] = Field(
        default_factory=list, description="working notes, not attributed to a participant"
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="guidance not followed, e.g. family-views-first: held before any family "
        "meeting where the rule set asks for the family's views first",
    )
    coverage: CoverageOut | None = None
    evaluations: list[EvaluationOut] = Field(default_factory=list)


class ProposedRecommendationOut(BaseModel):
    """A CLEAR recommendation for change."""

    number: int
    case_for_change: str
    learning: str
    evidence: str
    assigned_to: str
    desired_outcome: str
    review_on: date
    proposed_on: date


class LearningPointOut(BaseModel):
    text: str
    theme: str
    event: int | None
    opinions: list[PersonalOut]
    recorded_on: date


class StatementOut(BaseModel):
    text: PersonalOut = Field(
        description="narrative for a fact, opinion for a professional opinion; the subject is "
        "the report's document pseudo-subject"
    )
    basis: str


class ReportVersionOut(BaseModel):
    version: int
    sections: dict[str, list[StatementOut]]
    drafted_on: date
    shared: list[dict[str, Any]]
    comments: list[dict[str, Any]]
    accepted_on: date | None
    accepted_by: str | None


class SubmissionOut(BaseModel):
    recipient: str
    version: int
    submitted_on: date
    latest_on: date | None


class PublicationOut(BaseModel):
    version: int
    form: str
    location: str
    published_on: date
    redaction_set_id: UUID | None = Field(
        default=None, description="The applied redaction set the report was published from"
    )
    display_until: date | None = Field(
        default=None, description="Earliest withdrawal without a court order (rule set)"
    )
    withdrawn_on: date | None
    withdrawal_reason: str | None


class ActionOut(BaseModel):
    number: int
    action: str
    owner: str
    due_on: date
    recommendation: str | None
    progress: list[dict[str, Any]]
    completed_on: date | None
    evidence: str | None


class ClosureOut(BaseModel):
    reason: str
    closed_on: date


class ReviewStateOut(BaseModel):
    """Where the review stands under its rule set, and everything recorded in it."""

    rule_set_id: str | None
    rule_set_title: str | None
    stage: str | None
    stage_title: str | None
    allowed_commands: list[str]
    kind: str | None
    assessed_kind: str | None
    facts: dict[str, bool] | None
    paused: bool
    information_requests: list[InformationRequestOut]
    agency_information: list[AgencyInformationOut]
    recommendations: list[RecommendationOut]
    decisions: list[DecisionOut]
    notifications: list[NoticeOut]
    obligations: list[ObligationOut]
    terms_of_reference: list[TermsOfReferenceOut]
    team: list[TeamMemberOut]
    meetings: list[MeetingOut]
    proceedings: list[ProceedingsOut]
    pauses: list[PauseOut]
    chronologies: list[ChronologyOut]
    timeline: list[TimelineGroupOut]
    missing_agencies: list[str]
    genograms: list[GenogramOut]
    family: list[FamilyMemberOut]
    family_liaison_strategies: list[LiaisonStrategyOut] = Field(default_factory=list)
    family_meetings: list[FamilyMeetingOut] = Field(default_factory=list)
    learning_events: list[LearningEventOut]
    learning_points: list[LearningPointOut]
    proposed_recommendations: list[ProposedRecommendationOut] = Field(default_factory=list)
    reports: list[ReportVersionOut]
    submissions: list[SubmissionOut]
    publication: PublicationOut | None
    action_plan: list[ActionOut]
    closure: ClosureOut | None
