"""/retention: schedules, the disposition review queue, four-eyes dispositions carried out by
erasure, and legal holds."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status

from api.casework import Cursor, DpLead, Limit, MinPosition, Reader, register_page, today
from api.concurrency import ExpectedVersion, accepted, etag
from api.deps import Services, ServicesDep, meta_for
from api.idempotency import Idempotent
from api.pagination import decode_cursor, encode_cursor
from api.schemas.casework import CasePage, Day
from api.schemas.common import CommandAccepted, problem_responses
from api.schemas.retention import (
    DispositionIn,
    DispositionOut,
    DuePage,
    DueRecord,
    ExecutionIn,
    HoldIn,
    HoldOut,
    ReasonIn,
    ScheduleOut,
    SchedulesOut,
    SubjectsIn,
)
from domain.errors import DomainError
from domain.retention import SCHEDULE_VERSION, SCHEDULES
from projections.retention import RetentionProjection

router = APIRouter(prefix="/retention", tags=["retention"])
VIEW = RetentionProjection.name
COMMAND = problem_responses(401, 403, 404, 422, 503)
CREATE = problem_responses(401, 403, 422, 503)


@router.get(
    "/schedules", operation_id="listRetentionSchedules", responses=problem_responses(401, 403)
)
def list_schedules(_: Reader) -> SchedulesOut:
    """List the retention schedules per record class (trigger, period, action)."""
    return SchedulesOut(
        version=SCHEDULE_VERSION, items=[ScheduleOut.of(s) for s in SCHEDULES.values()]
    )


@router.get("/due", operation_id="listDueRecords", responses=problem_responses(401, 403, 503))
def list_due(
    services: ServicesDep,
    who: Reader,
    as_of: Annotated[Day | None, Query(description="Default: today")] = None,
    record_class: Annotated[str | None, Query(max_length=100)] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> DuePage:
    """The disposition review queue: records whose retention period ended, earliest first."""
    services.await_view(VIEW, min_position)
    after = None
    if cursor:
        stamp, record_id = decode_cursor(cursor)
        after = (stamp.date(), record_id)
    rows = services.retention.due(
        who.partnership_id,
        as_of=as_of or today(),
        record_class=record_class,
        after=after,
        limit=limit + 1,
    )
    items = [DueRecord.of(row) for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor(datetime.combine(last.due_on, time()), last.record_id)
    return DuePage(items=items, next_cursor=next_cursor)


def _due_records(services: Services, partnership_id: str, body: DispositionIn) -> list[Any]:
    """The proposed records from the queue (rules: known here, of the class, not disposed)."""
    services.await_view(VIEW, None)
    rows = services.retention.records(partnership_id, body.record_ids)
    if len(rows) != len(set(body.record_ids)):
        raise DomainError("retention.unknown-record", "a record is not in your retention register")
    if any(row["record_class"] != body.record_class for row in rows):
        raise DomainError("retention.record-class-mismatch", "a record is of another class")
    if any(row["disposition_id"] is not None for row in rows):
        raise DomainError("retention.already-disposed", "a record was already disposed of")
    return [
        {"record_id": r["record_id"], "subject_ids": list(r["subject_ids"]), "due_on": r["due_on"]}
        for r in rows
    ]


@router.post(
    "/dispositions",
    status_code=status.HTTP_201_CREATED,
    operation_id="proposeDisposition",
    responses=CREATE,
)
def propose_disposition(
    body: DispositionIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
) -> CommandAccepted:
    """Propose disposing of due records; another data protection lead must approve it."""
    receipt = services.app.propose_disposition(
        record_class=body.record_class,
        records=_due_records(services, who.partnership_id, body),
        action=body.action,
        categories=body.categories,
        as_of=body.as_of or today(),
        meta=meta_for(request, who),
    )
    return accepted(response, receipt, f"/retention/dispositions/{receipt.id}")


@router.get("/dispositions", operation_id="listDispositions", responses=problem_responses(401, 403))
def list_dispositions(
    services: ServicesDep,
    who: Reader,
    cursor: Cursor = None,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> CasePage:
    """List your partnership's dispositions, newest first (the log of disposals)."""
    return register_page(
        services,
        who,
        "disposition",
        status=None,
        cursor=cursor,
        limit=limit,
        min_position=min_position,
    )


@router.get(
    "/dispositions/{disposition_id}",
    operation_id="getDisposition",
    responses=problem_responses(401, 403, 404),
)
def get_disposition(
    disposition_id: UUID, response: Response, services: ServicesDep, who: Reader
) -> DispositionOut:
    """Read a disposition and its proof of disposal."""
    disposition = services.app.get_disposition(disposition_id, who.partnership_id)
    response.headers["ETag"] = etag(disposition.version)
    return DispositionOut.of(disposition)


@router.post(
    "/dispositions/{disposition_id}/approval", operation_id="approveDisposition", responses=COMMAND
)
def approve_disposition(
    disposition_id: UUID,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Approve a disposition proposed by someone else (four eyes)."""
    receipt = services.app.approve_disposition(
        disposition_id, meta=meta_for(request, who), expected_version=expected_version
    )
    return accepted(response, receipt)


@router.post(
    "/dispositions/{disposition_id}/rejection", operation_id="rejectDisposition", responses=COMMAND
)
def reject_disposition(
    disposition_id: UUID,
    body: ReasonIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Reject a disposition proposed by someone else, with a reason."""
    receipt = services.app.reject_disposition(
        disposition_id,
        reason=body.reason,
        meta=meta_for(request, who, body.reason),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post(
    "/dispositions/{disposition_id}/execution",
    operation_id="carryOutDisposition",
    responses=COMMAND,
)
def carry_out_disposition(
    disposition_id: UUID,
    body: ExecutionIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Carry out an approved disposition: erase its subjects' data, record proof of disposal."""
    receipt = services.app.carry_out_disposition(
        disposition_id,
        carried_out_on=body.carried_out_on,
        meta=meta_for(request, who, "retention disposition"),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post(
    "/holds", status_code=status.HTTP_201_CREATED, operation_id="placeLegalHold", responses=CREATE
)
def place_hold(
    body: HoldIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
) -> CommandAccepted:
    """Place a legal hold: its subjects can be neither disposed of nor erased until released."""
    receipt = services.app.place_legal_hold(
        name=body.name,
        hold_type=body.hold_type,
        reason=body.reason,
        owner=body.owner,
        subject_ids=body.subject_ids,
        meta=meta_for(request, who, body.reason),
    )
    return accepted(response, receipt, f"/retention/holds/{receipt.id}")


@router.get("/holds", operation_id="listLegalHolds", responses=problem_responses(401, 403))
def list_holds(
    services: ServicesDep,
    who: Reader,
    cursor: Cursor = None,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> CasePage:
    """List your partnership's legal holds, newest first."""
    return register_page(
        services,
        who,
        "legal-hold",
        status=None,
        cursor=cursor,
        limit=limit,
        min_position=min_position,
    )


@router.get(
    "/holds/{hold_id}", operation_id="getLegalHold", responses=problem_responses(401, 403, 404)
)
def get_hold(hold_id: UUID, response: Response, services: ServicesDep, who: Reader) -> HoldOut:
    """Read a legal hold."""
    hold = services.app.get_legal_hold(hold_id, who.partnership_id)
    response.headers["ETag"] = etag(hold.version)
    return HoldOut.of(hold)


@router.post("/holds/{hold_id}/subjects", operation_id="extendLegalHold", responses=COMMAND)
def extend_hold(
    hold_id: UUID,
    body: SubjectsIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Cover more subjects with an active hold."""
    receipt = services.app.extend_legal_hold(
        hold_id,
        subject_ids=body.subject_ids,
        meta=meta_for(request, who),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post("/holds/{hold_id}/release", operation_id="releaseLegalHold", responses=COMMAND)
def release_hold(
    hold_id: UUID,
    body: ReasonIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Release a hold; subjects other holds cover stay held."""
    receipt = services.app.release_legal_hold(
        hold_id,
        reason=body.reason,
        meta=meta_for(request, who, body.reason),
        expected_version=expected_version,
    )
    return accepted(response, receipt)
