"""Review commands that hold publication back or clear it: deferrals and their lifting, and the
agreement of the body running open criminal proceedings or an FAI."""

from __future__ import annotations

from fastapi import APIRouter, Path

from api.routes.review_commands import COMMAND_RESPONSES, ReviewCommandDep
from api.schemas.common import CommandAccepted
from api.schemas.publication import ClearanceIn, DeferralIn, DeferralLiftIn

router = APIRouter(prefix="/reviews/{review_id}", tags=["review report and action plan"])
Number = Path(ge=1, description="deferral number")
ProceedingsNumber = Path(ge=1, description="proceedings number")


@router.post("/publication/deferrals", operation_id="deferPublication", responses=COMMAND_RESPONSES)
def defer_publication(body: DeferralIn, command: ReviewCommandDep) -> CommandAccepted:
    """Defer publication until the named role lifts the deferral."""
    return command.run(
        command.app.defer_publication,
        reason=body.reason,
        detail=body.detail,
        lifted_by_role=body.lifted_by_role,
        deferred_on=body.deferred_on,
        meta=command.meta(body.detail),
    )


@router.post(
    "/publication/deferrals/{number}/lifting",
    operation_id="liftPublicationDeferral",
    responses=COMMAND_RESPONSES,
)
def lift_publication_deferral(
    body: DeferralLiftIn, command: ReviewCommandDep, number: int = Number
) -> CommandAccepted:
    """Lift a publication deferral (only in the role it named)."""
    return command.run(
        command.app.lift_publication_deferral,
        number=number,
        lifted_on=body.lifted_on,
        meta=command.meta(),
    )


@router.post(
    "/proceedings/{number}/publication-clearance",
    operation_id="clearPublication",
    responses=COMMAND_RESPONSES,
)
def clear_publication(
    body: ClearanceIn, command: ReviewCommandDep, number: int = ProceedingsNumber
) -> CommandAccepted:
    """Record that the body running open criminal proceedings or an FAI agreed to publication."""
    return command.run(
        command.app.clear_publication,
        number=number,
        reference=body.reference,
        cleared_on=body.cleared_on,
        meta=command.meta(body.reference),
    )
