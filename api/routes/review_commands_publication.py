"""Review commands that hold publication back: deferrals and their lifting."""

from __future__ import annotations

from fastapi import APIRouter, Path

from api.routes.review_commands import COMMAND_RESPONSES, ReviewCommandDep
from api.schemas.common import CommandAccepted
from api.schemas.publication import DeferralIn, DeferralLiftIn

router = APIRouter(prefix="/reviews/{review_id}", tags=["review report and action plan"])
Number = Path(ge=1, description="deferral number")


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
