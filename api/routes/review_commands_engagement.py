"""Review commands engaging the family (liaison strategy, wishes to take part, meetings,
feedback), practitioners at learning events (answers, attendance, coverage, evaluations), and
the review's CLEAR recommendations for change."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Path

from api.routes.review_commands import COMMAND_RESPONSES, ReviewCommandDep
from api.schemas.common import CommandAccepted
from api.schemas.review_engagement import (
    AttendedIn,
    CoverageIn,
    EvaluationIn,
    FamilyFeedbackIn,
    FamilyMeetingIn,
    LiaisonStrategyIn,
    ParticipationIn,
    ProposalIn,
    ResponseIn,
)
from domain.personal import Category, Personal

router = APIRouter(prefix="/reviews/{review_id}", tags=["review evidence and learning"])


@router.post(
    "/family-liaison-strategies",
    operation_id="agreeFamilyLiaisonStrategy",
    responses=COMMAND_RESPONSES,
)
def agree_family_liaison_strategy(
    body: LiaisonStrategyIn, command: ReviewCommandDep
) -> CommandAccepted:
    """Agree (a new version of) the Family Liaison Strategy."""
    return command.run(
        command.app.agree_family_liaison_strategy,
        strategy=body.strategy,
        agreed_on=body.agreed_on,
        meta=command.meta(),
    )


@router.post(
    "/family-members/{member}/participation",
    operation_id="agreeFamilyParticipation",
    responses=COMMAND_RESPONSES,
)
def agree_family_participation(
    member: UUID, body: ParticipationIn, command: ReviewCommandDep
) -> CommandAccepted:
    """Record a family member's wishes to take part: where, how and when (encrypted)."""
    return command.run(
        command.app.agree_family_participation,
        member=member,
        where=Personal(member, Category.NARRATIVE, body.where),
        how=Personal(member, Category.NARRATIVE, body.how),
        when=Personal(member, Category.NARRATIVE, body.when),
        agreed_on=body.agreed_on,
        meta=command.meta(),
    )


@router.post("/family-meetings", operation_id="holdFamilyMeeting", responses=COMMAND_RESPONSES)
def hold_family_meeting(body: FamilyMeetingIn, command: ReviewCommandDep) -> CommandAccepted:
    """Record a meeting with family members who agreed to take part."""
    return command.run(
        command.app.hold_family_meeting,
        members=body.members,
        held_on=body.held_on,
        meta=command.meta(),
    )


@router.post(
    "/family-members/{member}/feedback",
    operation_id="recordFamilyFeedback",
    responses=COMMAND_RESPONSES,
)
def give_family_feedback(
    member: UUID, body: FamilyFeedbackIn, command: ReviewCommandDep
) -> CommandAccepted:
    """Record a family member's feedback at the end, with their view of the process."""
    return command.run(
        command.app.give_family_feedback,
        member=member,
        feedback=Personal(member, Category.OPINION, body.feedback),
        on_process=Personal(member, Category.OPINION, body.on_process),
        given_on=body.given_on,
        meta=command.meta(),
    )


@router.post(
    "/learning-events/{number}/responses",
    operation_id="recordParticipantResponse",
    responses=COMMAND_RESPONSES,
)
def record_participant_response(
    body: ResponseIn, command: ReviewCommandDep, number: int = Path(ge=1)
) -> CommandAccepted:
    """Record an invited practitioner's answer: accepted or declined."""
    return command.run(
        command.app.record_participant_response,
        number=number,
        practitioner=body.practitioner,
        response=body.response,
        responded_on=body.responded_on,
        meta=command.meta(),
    )


@router.post(
    "/learning-events/{number}/attendees",
    operation_id="recordParticipantAttended",
    responses=COMMAND_RESPONSES,
)
def record_participant_attended(
    body: AttendedIn, command: ReviewCommandDep, number: int = Path(ge=1)
) -> CommandAccepted:
    """Record that an invited practitioner attended a held learning event."""
    return command.run(
        command.app.record_participant_attended,
        number=number,
        practitioner=body.practitioner,
        attended_on=body.attended_on,
        meta=command.meta(),
    )


@router.post(
    "/learning-events/{number}/coverage",
    operation_id="recordCoverage",
    responses=COMMAND_RESPONSES,
)
def record_coverage(
    body: CoverageIn, command: ReviewCommandDep, number: int = Path(ge=1)
) -> CommandAccepted:
    """Record which items of the guidance's checklist a held learning event covered."""
    return command.run(
        command.app.record_coverage,
        number=number,
        covered=list(body.covered),
        recorded_on=body.recorded_on,
        meta=command.meta(),
    )


@router.post(
    "/learning-events/{number}/evaluations",
    operation_id="returnEvaluation",
    responses=COMMAND_RESPONSES,
)
def return_evaluation(
    body: EvaluationIn, command: ReviewCommandDep, number: int = Path(ge=1)
) -> CommandAccepted:
    """Record a participant's evaluation form (answers encrypted as their opinions)."""
    return command.run(
        command.app.return_evaluation,
        number=number,
        answers=body.answer_values(),
        returned_on=body.returned_on,
        meta=command.meta(),
    )


@router.post(
    "/proposed-recommendations",
    operation_id="proposeRecommendation",
    responses=COMMAND_RESPONSES,
)
def propose_recommendation(body: ProposalIn, command: ReviewCommandDep) -> CommandAccepted:
    """Propose a CLEAR recommendation for change (refused when an element is missing)."""
    return command.run(
        command.app.propose_recommendation,
        case_for_change=body.case_for_change,
        learning=body.learning,
        evidence=body.evidence,
        assigned_to=body.assigned_to,
        desired_outcome=body.desired_outcome,
        review_on=body.review_on,
        proposed_on=body.proposed_on,
        meta=command.meta(),
    )
