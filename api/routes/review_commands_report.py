"""Review commands from the report to closure: drafts, comments, acceptance, submission to the
bodies owed it, publication, the action plan and closure."""

from __future__ import annotations

from fastapi import APIRouter, Path

from api.routes.review_commands import COMMAND_RESPONSES, ReviewCommandDep
from api.schemas.common import CommandAccepted
from api.schemas.review_conduct import (
    AcceptanceIn,
    ActionIn,
    ClosureIn,
    CommentIn,
    CompletionIn,
    DraftIn,
    ProgressIn,
    PublicationIn,
    ShareIn,
    SubmissionIn,
    WithdrawalIn,
)
from domain.personal import Category, Personal

router = APIRouter(prefix="/reviews/{review_id}", tags=["review report and action plan"])
Version = Path(ge=1, description="report version")
Number = Path(ge=1, description="action number")


@router.post("/report/drafts", operation_id="draftReport", responses=COMMAND_RESPONSES)
def draft_report(body: DraftIn, command: ReviewCommandDep) -> CommandAccepted:
    """Draft a new version of the report (each statement marked fact or professional opinion)."""
    return command.run(
        command.app.draft_report,
        sections=body.section_values(),
        drafted_on=body.drafted_on,
        meta=command.meta(),
    )


@router.post(
    "/report/drafts/{version}/shares", operation_id="shareReport", responses=COMMAND_RESPONSES
)
def share_report(
    body: ShareIn, command: ReviewCommandDep, version: int = Version
) -> CommandAccepted:
    """Share a version of the report with participants for comment."""
    return command.run(
        command.app.share_report,
        version=version,
        recipients=body.recipients,
        comments_due=body.comments_due,
        shared_on=body.shared_on,
        meta=command.meta(),
    )


@router.post(
    "/report/drafts/{version}/comments",
    operation_id="receiveParticipantComment",
    responses=COMMAND_RESPONSES,
)
def receive_participant_comment(
    body: CommentIn, command: ReviewCommandDep, version: int = Version
) -> CommandAccepted:
    """Record a participant's comment on a shared version (encrypted: their opinion)."""
    return command.run(
        command.app.receive_participant_comment,
        version=version,
        participant=body.participant,
        comment=Personal(body.participant, Category.OPINION, body.comment),
        received_on=body.received_on,
        meta=command.meta(),
    )


@router.post(
    "/report/drafts/{version}/acceptance", operation_id="acceptReport", responses=COMMAND_RESPONSES
)
def accept_report(
    body: AcceptanceIn, command: ReviewCommandDep, version: int = Version
) -> CommandAccepted:
    """Accept the latest version on behalf of the body the rule set names."""
    return command.run(
        command.app.accept_report,
        version=version,
        accepted_on=body.accepted_on,
        meta=command.meta(),
    )


@router.post("/report/submissions", operation_id="submitReport", responses=COMMAND_RESPONSES)
def submit_report(body: SubmissionIn, command: ReviewCommandDep) -> CommandAccepted:
    """Send the accepted report to a body (checked against the rule set's lead time)."""
    return command.run(
        command.app.submit_report,
        recipient=body.recipient,
        submitted_on=body.submitted_on,
        calendars=command.services.calendars,
        meta=command.meta(),
    )


@router.post("/report/publication", operation_id="publishReport", responses=COMMAND_RESPONSES)
def publish_report(body: PublicationIn, command: ReviewCommandDep) -> CommandAccepted:
    """Publish the accepted report from its applied redaction set (the redacted rendering)."""
    return command.run(
        command.app.publish_report,
        redaction_set_id=body.redaction_set_id,
        location=body.location,
        published_on=body.published_on,
        meta=command.meta(),
    )


@router.post("/report/withdrawal", operation_id="withdrawReport", responses=COMMAND_RESPONSES)
def withdraw_report(body: WithdrawalIn, command: ReviewCommandDep) -> CommandAccepted:
    """Take the published report down (before the minimum period only on a court order)."""
    return command.run(
        command.app.withdraw_report,
        reason=body.reason,
        withdrawn_on=body.withdrawn_on,
        court_order=body.court_order,
        meta=command.meta(body.reason),
    )


@router.post("/action-plan", operation_id="addActionPlanItem", responses=COMMAND_RESPONSES)
def add_action_plan_item(body: ActionIn, command: ReviewCommandDep) -> CommandAccepted:
    """Add an action to the plan (numbered from 1)."""
    return command.run(
        command.app.add_action_plan_item,
        action=body.action,
        owner=body.owner,
        due_on=body.due_on,
        recommendation=body.recommendation,
        meta=command.meta(),
    )


@router.post(
    "/action-plan/{number}/progress",
    operation_id="reportActionProgress",
    responses=COMMAND_RESPONSES,
)
def report_action_progress(
    body: ProgressIn, command: ReviewCommandDep, number: int = Number
) -> CommandAccepted:
    """Report progress on an action."""
    return command.run(
        command.app.report_action_progress,
        number=number,
        progress=body.progress,
        reported_on=body.reported_on,
        meta=command.meta(),
    )


@router.post(
    "/action-plan/{number}/completion",
    operation_id="completeAction",
    responses=COMMAND_RESPONSES,
)
def complete_action(
    body: CompletionIn, command: ReviewCommandDep, number: int = Number
) -> CommandAccepted:
    """Complete an action, with the evidence."""
    return command.run(
        command.app.complete_action,
        number=number,
        evidence=body.evidence,
        completed_on=body.completed_on,
        meta=command.meta(),
    )


@router.post("/closure", operation_id="closeReview", responses=COMMAND_RESPONSES)
def close_review(body: ClosureIn, command: ReviewCommandDep) -> CommandAccepted:
    """Close the review (every action complete, every notice owed given)."""
    return command.run(
        command.app.close_review,
        reason=body.reason,
        closed_on=body.closed_on,
        meta=command.meta(body.reason),
    )
