"""/sars: subject access requests from receipt, through identity and compilation, to response."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import HTMLResponse

from api.casework import Cursor, DpLead, Limit, MinPosition, Reader, calendars, register_page
from api.casework import today as api_today
from api.concurrency import ExpectedVersion, accepted, etag
from api.deps import ServicesDep, meta_for
from api.idempotency import Idempotent
from api.personal_access import Purpose, record_view, view_for
from api.rendering import export_html
from api.sar_package import own_categories, package, third_party_values
from api.schemas.casework import CasePage, ClockOut
from api.schemas.common import CommandAccepted, problem_responses
from api.schemas.sar import (
    CompilationIn,
    SarExemptionIn,
    SarExtensionIn,
    SarIn,
    SarOut,
    SarResponseIn,
    VerificationIn,
)
from api.schemas.subjects import SubjectExport
from api.subject_export import build_export
from domain.errors import DomainError
from domain.personal import Category, Personal
from domain.sar import SarStatus

router = APIRouter(prefix="/sars", tags=["sar"])
KIND = "sar"
SUBJECT_INDEX = "subject_index"
COMMAND = problem_responses(401, 403, 404, 422, 503)
PACKAGE_PURPOSE = "subject access response"


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    operation_id="receiveSar",
    responses=problem_responses(401, 403, 422, 503),
)
def receive_sar(
    body: SarIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
) -> CommandAccepted:
    """Record a subject access request; the clock starts once identity is verified."""
    requester = uuid4()
    receipt = services.app.receive_sar(
        requester_name=Personal(requester, Category.IDENTITY, body.requester_name.strip()),
        data_subject_id=body.data_subject_id,
        relationship=body.relationship,
        nation=body.nation,
        received_on=body.received_on,
        meta=meta_for(request, who),
    )
    return accepted(response, receipt, f"/sars/{receipt.id}")


@router.get("", operation_id="listSars", responses=problem_responses(401, 403, 503))
def list_sars(
    services: ServicesDep,
    who: Reader,
    status: Annotated[SarStatus | None, Query()] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> CasePage:
    """List your partnership's subject access requests, newest first."""
    chosen = None if status is None else status.value
    return register_page(
        services, who, KIND, status=chosen, cursor=cursor, limit=limit, min_position=min_position
    )


@router.get("/{sar_id}", operation_id="getSar", responses=problem_responses(401, 403, 404, 422))
def get_sar(
    sar_id: UUID,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: Reader,
    purpose: Purpose = "request handling",
) -> SarOut:
    """Read a request with its clock counted now (steps, status) against today's calendar."""
    sar = services.app.get_sar(sar_id, who.partnership_id)
    clock = ClockOut.of(sar.clock, calendars(services), api_today())
    response.headers["ETag"] = etag(sar.version)
    view = view_for(who)
    personal = view.reveals(sar.requester)
    record_view(services, request, who, view, record=("sar", sar_id), purpose=purpose)
    return SarOut.of(sar, clock, personal=personal)


@router.post("/{sar_id}/identity-verification", operation_id="verifySarIdentity", responses=COMMAND)
def verify_identity(
    sar_id: UUID,
    body: VerificationIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Record the identity check; the month starts at the later of receipt and this day."""
    receipt = services.app.verify_sar_identity(
        sar_id,
        verified_on=body.verified_on,
        method=body.method,
        calendars=calendars(services),
        meta=meta_for(request, who),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post("/{sar_id}/extension", operation_id="extendSar", responses=COMMAND)
def extend(
    sar_id: UUID,
    body: SarExtensionIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Extend by up to two months; the notice must fall within the first month."""
    receipt = services.app.extend_sar(
        sar_id,
        notified_on=body.notified_on,
        amount=body.amount,
        reason=body.reason,
        calendars=calendars(services),
        meta=meta_for(request, who, body.reason),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post("/{sar_id}/compilation", operation_id="compileSar", responses=COMMAND)
def compile_sar(
    sar_id: UUID,
    body: CompilationIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Compile the response from the data subject's export (recorded as an export)."""
    sar = services.app.get_sar(sar_id, who.partnership_id)
    services.await_view(SUBJECT_INDEX, None)
    export = build_export(services, sar.data_subject_id, who.partnership_id)
    receipt = services.app.compile_sar(
        sar_id,
        positions=[int(e["position"]) for e in export.events],
        third_party_values=third_party_values(export),
        compiled_on=body.compiled_on,
        meta=meta_for(request, who, "subject access request"),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post("/{sar_id}/exemptions", operation_id="applySarExemption", responses=COMMAND)
def apply_exemption(
    sar_id: UUID,
    body: SarExemptionIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Record a DPA 2018 exemption applied to the compiled export."""
    receipt = services.app.apply_sar_exemption(
        sar_id,
        code=body.code,
        scope=body.scope,
        fields=[(f.position, f.path) for f in body.fields],
        reason=body.reason,
        meta=meta_for(request, who, body.reason),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post("/{sar_id}/response", operation_id="respondToSar", responses=COMMAND)
def respond(
    sar_id: UUID,
    body: SarResponseIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Record the response sent (third-party data needs its exemption recorded first)."""
    receipt = services.app.respond_to_sar(
        sar_id,
        responded_on=body.responded_on,
        meta=meta_for(request, who),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.get(
    "/{sar_id}/package",
    operation_id="getSarPackage",
    responses={**problem_responses(401, 403, 404, 422), 200: {"content": {"text/html": {}}}},
)
def get_package(
    sar_id: UUID,
    request: Request,
    services: ServicesDep,
    who: DpLead,
    format: Annotated[str, Query(pattern="^(json|html)$")] = "json",
) -> Response:
    """The response package: the compiled export, third parties and exempt fields withheld.

    A package that shows any of the data subject's values decrypted is recorded in the access
    trail (purpose ``subject access response``) before it is returned."""
    sar = services.app.get_sar(sar_id, who.partnership_id)
    if sar.compiled is None:
        raise DomainError("sar.not-compiled", "compile the response first")
    export = build_export(services, sar.data_subject_id, who.partnership_id)
    sent = package(export, sar.compiled["positions"], sar.withheld_fields())
    shown = own_categories(sent)
    if shown:
        services.app.record_personal_data_view(
            access_id=uuid4(),
            record=("sar", sar_id),
            subject_ids=[sar.data_subject_id],
            categories=shown,
            purpose=PACKAGE_PURPOSE,
            meta=meta_for(request, who),
        )
    if format == "html":
        return HTMLResponse(export_html(sent))
    return Response(SubjectExport(**vars(sent)).model_dump_json(), media_type="application/json")
