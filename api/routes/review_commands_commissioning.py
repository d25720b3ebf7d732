"""Review commands while commissioning and throughout: terms of reference, the team, meetings,
parallel proceedings, pauses."""

from __future__ import annotations

from fastapi import APIRouter, Path

from api.routes.review_commands import COMMAND_RESPONSES, ReviewCommandDep
from api.schemas.common import CommandAccepted
from api.schemas.review_commands import (
    AgreementIn,
    AmendmentIn,
    AppointmentIn,
    ConclusionIn,
    MeetingIn,
    PauseIn,
    ProceedingsIn,
    ResumptionIn,
    StandDownIn,
    TermsOfReferenceIn,
    personal,
)
from domain.personal import Category

router = APIRouter(prefix="/reviews/{review_id}", tags=["review commissioning"])


@router.post(
    "/terms-of-reference", operation_id="draftTermsOfReference", responses=COMMAND_RESPONSES
)
def draft_terms_of_reference(
    body: TermsOfReferenceIn, command: ReviewCommandDep
) -> CommandAccepted:
    """Draft version 1 of the terms of reference."""
    return command.run(
        command.app.draft_terms_of_reference,
        text=body.text,
        drafted_on=body.drafted_on,
        meta=command.meta(),
    )


@router.post(
    "/terms-of-reference/amendments",
    operation_id="amendTermsOfReference",
    responses=COMMAND_RESPONSES,
)
def amend_terms_of_reference(body: AmendmentIn, command: ReviewCommandDep) -> CommandAccepted:
    """Draft a new version of the terms of reference, saying why (a draft until agreed)."""
    return command.run(
        command.app.amend_terms_of_reference,
        text=body.text,
        reason=body.reason,
        amended_on=body.amended_on,
        meta=command.meta(body.reason),
    )


@router.post(
    "/terms-of-reference/{version}/agreement",
    operation_id="agreeTermsOfReference",
    responses=COMMAND_RESPONSES,
)
def agree_terms_of_reference(
    body: AgreementIn, command: ReviewCommandDep, version: int = Path(ge=1)
) -> CommandAccepted:
    """Agree a draft version of the terms of reference (it comes into force)."""
    return command.run(
        command.app.agree_terms_of_reference,
        version=version,
        agreed_on=body.agreed_on,
        meta=command.meta(),
    )


@router.post("/team", operation_id="appointTeamMember", responses=COMMAND_RESPONSES)
def appoint_team_member(body: AppointmentIn, command: ReviewCommandDep) -> CommandAccepted:
    """Appoint a review team member (with their statement of independence where required)."""
    return command.run(
        command.app.appoint_team_member,
        member=body.member,
        role=body.role,
        agency=body.agency,
        external=body.external,
        appointed_on=body.appointed_on,
        independence_statement=body.statement(),
        meta=command.meta(),
    )


@router.post("/team/stand-downs", operation_id="standDownTeamMember", responses=COMMAND_RESPONSES)
def stand_down_team_member(body: StandDownIn, command: ReviewCommandDep) -> CommandAccepted:
    """Stand a team member down from a role."""
    return command.run(
        command.app.stand_down_team_member,
        member=body.member,
        role=body.role,
        reason=body.reason,
        stood_down_on=body.stood_down_on,
        meta=command.meta(body.reason),
    )


@router.post("/meetings", operation_id="holdTeamMeeting", responses=COMMAND_RESPONSES)
def hold_team_meeting(body: MeetingIn, command: ReviewCommandDep) -> CommandAccepted:
    """Record a review team meeting."""
    return command.run(
        command.app.hold_team_meeting,
        held_on=body.held_on,
        attendees=body.attendees,
        minutes_ref=body.minutes_ref,
        meta=command.meta(),
    )


@router.post(
    "/parallel-proceedings", operation_id="recordParallelProceedings", responses=COMMAND_RESPONSES
)
def record_parallel_proceedings(body: ProceedingsIn, command: ReviewCommandDep) -> CommandAccepted:
    """Record proceedings running alongside the review (criminal, FAI, inquest, hearing)."""
    return command.run(
        command.app.record_parallel_proceedings,
        kind=body.kind,
        body=body.body,
        recorded_on=body.recorded_on,
        details=personal(body.details, Category.CRIMINAL),
        meta=command.meta(),
    )


@router.post(
    "/parallel-proceedings/{number}/conclusion",
    operation_id="concludeParallelProceedings",
    responses=COMMAND_RESPONSES,
)
def conclude_parallel_proceedings(
    body: ConclusionIn, command: ReviewCommandDep, number: int = Path(ge=1)
) -> CommandAccepted:
    """Record that parallel proceedings ended."""
    return command.run(
        command.app.conclude_parallel_proceedings,
        number=number,
        outcome=body.outcome,
        concluded_on=body.concluded_on,
        meta=command.meta(),
    )


@router.post("/pauses", operation_id="pauseReview", responses=COMMAND_RESPONSES)
def pause(body: PauseIn, command: ReviewCommandDep) -> CommandAccepted:
    """Put the review (and its clocks) on hold."""
    return command.run(
        command.app.pause,
        reason=body.reason,
        paused_on=body.paused_on,
        meta=command.meta(body.reason),
    )


@router.post("/resumptions", operation_id="resumeReview", responses=COMMAND_RESPONSES)
def resume(body: ResumptionIn, command: ReviewCommandDep) -> CommandAccepted:
    """Take the review off hold."""
    return command.run(command.app.resume, resumed_on=body.resumed_on, meta=command.meta())
