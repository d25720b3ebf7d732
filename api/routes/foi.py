"""/foi-requests: FOI, FOISA and EIR requests from receipt to internal review; /exemptions."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Query, Request, Response, status

from api.casework import Cursor, DpLead, Limit, MinPosition, Reader, calendars, register_page
from api.casework import today as api_today
from api.concurrency import ExpectedVersion, accepted, etag
from api.deps import PrincipalDep, ServicesDep, meta_for
from api.idempotency import Idempotent
from api.personal_access import Purpose, record_view, view_for
from api.schemas.casework import CasePage, ClockOut
from api.schemas.common import CommandAccepted, problem_responses
from api.schemas.foi import (
    AskedIn,
    ExemptionIn,
    ExemptionOut,
    ExemptionsOut,
    ExtensionIn,
    FoiRequestIn,
    FoiRequestOut,
    InternalReviewIn,
    IssuedIn,
    PaidIn,
    ReceivedIn,
    ResponseIn,
    ReviewDecisionIn,
)
from domain.exemptions import EXEMPTIONS, Regime
from domain.foi import FoiStatus
from domain.personal import Category, Personal

router = APIRouter(prefix="/foi-requests", tags=["foi"])
exemptions_router = APIRouter(prefix="/exemptions", tags=["foi"])
KIND = "foi-request"
COMMAND = problem_responses(401, 403, 404, 422, 503)


@exemptions_router.get("", operation_id="listExemptions", responses=problem_responses(401))
def list_exemptions(
    _: PrincipalDep, regime: Annotated[Regime | None, Query()] = None
) -> ExemptionsOut:
    """List exemption codes (FOIA, FOISA, EIR, DPA 2018): absolute, qualified or conditional."""
    chosen = [e for e in EXEMPTIONS.values() if regime is None or e.regime is regime]
    return ExemptionsOut(items=[ExemptionOut.of(e) for e in chosen])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    operation_id="receiveFoiRequest",
    responses=problem_responses(401, 403, 422, 503),
)
def receive_foi_request(
    body: FoiRequestIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
) -> CommandAccepted:
    """Record a request received by a member agency; its regime and due date are computed."""
    requester = uuid4()
    receipt = services.app.receive_foi_request(
        requester_name=Personal(requester, Category.IDENTITY, body.requester_name.strip()),
        request_text=Personal(requester, Category.NARRATIVE, body.request_text.strip()),
        authority=body.authority,
        nation=body.nation,
        environmental=body.environmental,
        received_on=body.received_on,
        review_id=body.review_id,
        calendars=calendars(services),
        meta=meta_for(request, who),
    )
    return accepted(response, receipt, f"/foi-requests/{receipt.id}")


@router.get("", operation_id="listFoiRequests", responses=problem_responses(401, 403, 503))
def list_foi_requests(
    services: ServicesDep,
    who: Reader,
    status: Annotated[FoiStatus | None, Query()] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> CasePage:
    """List your partnership's FOI requests, newest first, with their recorded due dates."""
    chosen = None if status is None else status.value
    return register_page(
        services,
        who,
        KIND,
        status=chosen,
        cursor=cursor,
        limit=limit,
        min_position=min_position,
    )


@router.get(
    "/{request_id}", operation_id="getFoiRequest", responses=problem_responses(401, 403, 404, 422)
)
def get_foi_request(
    request_id: UUID,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: Reader,
    purpose: Purpose = "request handling",
) -> FoiRequestOut:
    """Read a request with its clock counted now (steps, status) against today's calendar."""
    foi = services.app.get_foi_request(request_id, who.partnership_id)
    view = view_for(who)
    personal = view.reveals(foi.requester, foi.request_text)
    record_view(services, request, who, view, record=("foi-request", request_id), purpose=purpose)
    source, today = calendars(services), api_today()
    review = None
    if (review_clock := foi.review_clock()) is not None:
        assert foi.internal_review is not None
        review = {**foi.internal_review, "clock": ClockOut.of(review_clock, source, today)}
    response.headers["ETag"] = etag(foi.version)
    return FoiRequestOut.of(
        foi,
        ClockOut.of(foi.clock, source, today),
        personal=personal,
        internal_review=review,
    )


@router.post(
    "/{request_id}/clarification-request", operation_id="askFoiClarification", responses=COMMAND
)
def ask_clarification(
    request_id: UUID,
    body: AskedIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Ask the requester to clarify; the clock stops until the clarification arrives."""
    receipt = services.app.ask_foi_clarification(
        request_id,
        asked_on=body.asked_on,
        calendars=calendars(services),
        meta=meta_for(request, who),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post(
    "/{request_id}/clarification", operation_id="receiveFoiClarification", responses=COMMAND
)
def receive_clarification(
    request_id: UUID,
    body: ReceivedIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Record the clarification; the 20 working days start again from that day."""
    receipt = services.app.receive_foi_clarification(
        request_id,
        received_on=body.received_on,
        calendars=calendars(services),
        meta=meta_for(request, who),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post("/{request_id}/fees-notice", operation_id="issueFoiFeesNotice", responses=COMMAND)
def issue_fees_notice(
    request_id: UUID,
    body: IssuedIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Send a fees notice; the clock pauses until payment."""
    receipt = services.app.issue_foi_fees_notice(
        request_id,
        issued_on=body.issued_on,
        calendars=calendars(services),
        meta=meta_for(request, who),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post("/{request_id}/fee-payment", operation_id="recordFoiFeePaid", responses=COMMAND)
def record_fee_paid(
    request_id: UUID,
    body: PaidIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Record the fee paid; the days since the notice are disregarded."""
    receipt = services.app.record_foi_fee_paid(
        request_id,
        paid_on=body.paid_on,
        calendars=calendars(services),
        meta=meta_for(request, who),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post("/{request_id}/extension", operation_id="extendFoiRequest", responses=COMMAND)
def extend(
    request_id: UUID,
    body: ExtensionIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Extend the deadline: FOIA public interest test or EIR reg 7 (refused for FOISA)."""
    receipt = services.app.extend_foi_request(
        request_id,
        notified_on=body.notified_on,
        amount=body.amount,
        reason=body.reason,
        calendars=calendars(services),
        meta=meta_for(request, who, body.reason),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post("/{request_id}/exemptions", operation_id="considerFoiExemption", responses=COMMAND)
def consider_exemption(
    request_id: UUID,
    body: ExemptionIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Record an exemption under consideration (qualified ones with their public interest test)."""
    test = body.public_interest
    receipt = services.app.consider_foi_exemption(
        request_id,
        code=body.code,
        reason=body.reason,
        favours=None if test is None else test.favours,
        reasoning="" if test is None else test.reasoning,
        meta=meta_for(request, who, body.reason),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post("/{request_id}/response", operation_id="respondToFoiRequest", responses=COMMAND)
def respond(
    request_id: UUID,
    body: ResponseIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Record the response and the exemptions it relies on."""
    receipt = services.app.respond_to_foi_request(
        request_id,
        outcome=body.outcome,
        responded_on=body.responded_on,
        relied_on=body.relied_on,
        redaction_set_id=body.redaction_set_id,
        meta=meta_for(request, who),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post(
    "/{request_id}/internal-review", operation_id="requestFoiInternalReview", responses=COMMAND
)
def request_internal_review(
    request_id: UUID,
    body: InternalReviewIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Record the requester's request for an internal review (due date computed)."""
    receipt = services.app.request_foi_internal_review(
        request_id,
        requested_on=body.requested_on,
        calendars=calendars(services),
        meta=meta_for(request, who),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post(
    "/{request_id}/internal-review/decision",
    operation_id="decideFoiInternalReview",
    responses=COMMAND,
)
def decide_internal_review(
    request_id: UUID,
    body: ReviewDecisionIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Record the internal review's decision."""
    receipt = services.app.decide_foi_internal_review(
        request_id,
        outcome=body.outcome,
        decided_on=body.decided_on,
        reason=body.reason,
        meta=meta_for(request, who, body.reason),
        expected_version=expected_version,
    )
    return accepted(response, receipt)
