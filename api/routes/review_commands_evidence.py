"""Review commands gathering evidence: chronologies, the merged timeline, the genogram, family
engagement and practitioner learning events."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Path

from api.routes.review_commands import COMMAND_RESPONSES, ReviewCommandDep
from api.schemas.common import CommandAccepted
from api.schemas.review_conduct import (
    ChronologyIn,
    ChronologyRequestIn,
    ContactIn,
    DeclineIn,
    FamilyMemberIn,
    GenogramIn,
    InvitationIn,
    LearningPointIn,
    MergeIn,
    ViewsIn,
)
from api.schemas.review_engagement import AttendanceIn, LearningEventIn
from domain.personal import Category, Personal

router = APIRouter(prefix="/reviews/{review_id}", tags=["review evidence and learning"])


@router.post("/chronology-requests", operation_id="requestChronology", responses=COMMAND_RESPONSES)
def request_chronology(body: ChronologyRequestIn, command: ReviewCommandDep) -> CommandAccepted:
    """Ask an agency for its chronology of a period (within the rule set's limit)."""
    return command.run(
        command.app.request_chronology,
        agency=body.agency,
        period_start=body.period_start,
        period_end=body.period_end,
        due_on=body.due_on,
        requested_on=body.requested_on,
        meta=command.meta(),
    )


@router.post("/chronologies", operation_id="submitChronology", responses=COMMAND_RESPONSES)
def submit_chronology(body: ChronologyIn, command: ReviewCommandDep) -> CommandAccepted:
    """Record an agency's chronology (entries are encrypted narrative personal data)."""
    return command.run(
        command.app.submit_chronology,
        agency=body.agency,
        entries=[entry.as_entry() for entry in body.entries],
        submitted_on=body.submitted_on,
        meta=command.meta(),
    )


@router.post("/timeline", operation_id="mergeChronologies", responses=COMMAND_RESPONSES)
def merge_chronologies(body: MergeIn, command: ReviewCommandDep) -> CommandAccepted:
    """Merge the submitted chronologies into one timeline."""
    return command.run(
        command.app.merge_chronologies, merged_on=body.merged_on, meta=command.meta()
    )


@router.post("/genograms", operation_id="recordGenogram", responses=COMMAND_RESPONSES)
def record_genogram(body: GenogramIn, command: ReviewCommandDep) -> CommandAccepted:
    """File a genogram (always restricted; never published)."""
    return command.run(
        command.app.record_genogram,
        document_ref=body.document_ref,
        recorded_on=body.recorded_on,
        meta=command.meta(),
    )


@router.post("/family-members", operation_id="identifyFamilyMember", responses=COMMAND_RESPONSES)
def family_member_identified(body: FamilyMemberIn, command: ReviewCommandDep) -> CommandAccepted:
    """Identify a family member who may contribute (a registered data subject)."""
    return command.run(
        command.app.family_member_identified,
        member=body.member,
        relationship=body.relationship,
        identified_on=body.identified_on,
        meta=command.meta(),
    )


@router.post(
    "/family-members/{member}/contacts",
    operation_id="contactFamilyMember",
    responses=COMMAND_RESPONSES,
)
def family_contact_made(
    member: UUID, body: ContactIn, command: ReviewCommandDep
) -> CommandAccepted:
    """Record contact with a family member."""
    return command.run(
        command.app.family_contact_made,
        member=member,
        channel=body.channel,
        contacted_on=body.contacted_on,
        meta=command.meta(),
    )


@router.post(
    "/family-members/{member}/views",
    operation_id="recordFamilyViews",
    responses=COMMAND_RESPONSES,
)
def family_views_recorded(
    member: UUID, body: ViewsIn, command: ReviewCommandDep
) -> CommandAccepted:
    """Record a family member's views, in their words (encrypted)."""
    return command.run(
        command.app.family_views_recorded,
        member=member,
        views=Personal(member, Category.NARRATIVE, body.views),
        recorded_on=body.recorded_on,
        meta=command.meta(),
    )


@router.post(
    "/family-members/{member}/declined",
    operation_id="recordFamilyDeclined",
    responses=COMMAND_RESPONSES,
)
def family_declined(member: UUID, body: DeclineIn, command: ReviewCommandDep) -> CommandAccepted:
    """Record that a family member chose not to take part."""
    reason = Personal(member, Category.NARRATIVE, body.reason) if body.reason else None
    return command.run(
        command.app.family_declined,
        member=member,
        declined_on=body.declined_on,
        reason=reason,
        meta=command.meta(),
    )


@router.post("/learning-events", operation_id="planLearningEvent", responses=COMMAND_RESPONSES)
def plan_learning_event(body: LearningEventIn, command: ReviewCommandDep) -> CommandAccepted:
    """Plan a learning event in a format the rule set describes (numbered from 1)."""
    return command.run(
        command.app.plan_learning_event,
        format=body.format,
        planned_on=body.planned_on,
        venue=body.venue,
        duration=body.duration,
        facilitators=body.facilitators,
        note_taker=body.note_taker,
        meta=command.meta(),
    )


@router.post(
    "/learning-events/{number}/invitations",
    operation_id="invitePractitioner",
    responses=COMMAND_RESPONSES,
)
def invite_practitioner(
    body: InvitationIn, command: ReviewCommandDep, number: int = Path(ge=1)
) -> CommandAccepted:
    """Invite a practitioner to a learning event."""
    return command.run(
        command.app.invite_practitioner,
        number=number,
        practitioner=body.practitioner,
        role=body.role,
        agency=body.agency,
        invited_on=body.invited_on,
        meta=command.meta(),
    )


@router.post(
    "/learning-events/{number}/attendance",
    operation_id="holdLearningEvent",
    responses=COMMAND_RESPONSES,
)
def hold_learning_event(
    body: AttendanceIn, command: ReviewCommandDep, number: int = Path(ge=1)
) -> CommandAccepted:
    """Record that a learning event took place, who attended, and unattributed working notes."""
    return command.run(
        command.app.hold_learning_event,
        number=number,
        held_on=body.held_on,
        attendees=body.attendees,
        notes=[n.as_personal(Category.NARRATIVE) for n in body.notes],
        meta=command.meta(),
    )


@router.post("/learning-points", operation_id="recordLearningPoint", responses=COMMAND_RESPONSES)
def record_learning_point(body: LearningPointIn, command: ReviewCommandDep) -> CommandAccepted:
    """Record a learning point and the practitioners' views behind it (encrypted opinions)."""
    return command.run(
        command.app.record_learning_point,
        text=body.text,
        theme=body.theme,
        recorded_on=body.recorded_on,
        event=body.event,
        opinions=body.opinion_values(),
        meta=command.meta(),
    )
