"""/redaction-sets: mark redactions on a document version, review by four eyes, apply, and
render the disclosure (HTML or PDF) with the redacted text removed."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import HTMLResponse

from api.casework import Cursor, DpLead, Limit, MinPosition, Reader, register_page
from api.concurrency import ExpectedVersion, accepted, etag
from api.deps import ServicesDep, meta_for
from api.disclosure_rendering import disclosure_html, disclosure_pdf
from api.idempotency import Idempotent
from api.personal_access import PLACEHOLDER, Purpose, record_view, view_for
from api.schemas.casework import CasePage
from api.schemas.common import CommandAccepted, problem_responses
from api.schemas.redaction import (
    ApplicationIn,
    DocumentOut,
    RedactionIn,
    RedactionSetIn,
    RedactionSetOut,
    RejectionIn,
)
from domain.errors import DomainError

router = APIRouter(prefix="/redaction-sets", tags=["redaction"])
KIND = "redaction-set"
COMMAND = problem_responses(401, 403, 404, 422, 503)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    operation_id="openRedactionSet",
    responses=problem_responses(401, 403, 422, 503),
)
def open_redaction_set(
    body: RedactionSetIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
) -> CommandAccepted:
    """Open a redaction set over a document version (a review's report: built from it)."""
    receipt = services.app.open_redaction_set(
        document_subject_id=uuid4(),
        document_kind=body.document_kind,
        version_label=body.version_label,
        source_id=body.source_id,
        source_version=body.source_version,
        text=body.text,
        sections=[s.model_dump(mode="json") for s in body.sections],
        meta=meta_for(request, who),
    )
    return accepted(response, receipt, f"/redaction-sets/{receipt.id}")


@router.get("", operation_id="listRedactionSets", responses=problem_responses(401, 403, 503))
def list_redaction_sets(
    services: ServicesDep,
    who: Reader,
    cursor: Cursor = None,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> CasePage:
    """List your partnership's redaction sets, newest first."""
    return register_page(
        services, who, KIND, status=None, cursor=cursor, limit=limit, min_position=min_position
    )


@router.get("/{set_id}", operation_id="getRedactionSet", responses=problem_responses(401, 403, 404))
def get_redaction_set(
    set_id: UUID, response: Response, services: ServicesDep, who: Reader
) -> RedactionSetOut:
    """Read a set: sections and every redaction with its review (no document text)."""
    redaction_set = services.app.get_redaction_set(set_id, who.partnership_id)
    response.headers["ETag"] = etag(redaction_set.version)
    return RedactionSetOut.of(redaction_set)


@router.get(
    "/{set_id}/document",
    operation_id="getRedactionDocument",
    responses=problem_responses(401, 403, 404, 422),
)
def get_document(
    set_id: UUID,
    request: Request,
    services: ServicesDep,
    who: DpLead,
    purpose: Purpose = "redaction",
) -> DocumentOut:
    """The unredacted text, for the data protection lead to choose offsets from."""
    redaction_set = services.app.get_redaction_set(set_id, who.partnership_id)
    view = view_for(who)
    text = redaction_set.text.display if view.reveals(redaction_set.text) else PLACEHOLDER
    record_view(services, request, who, view, record=("redaction-set", set_id), purpose=purpose)
    return DocumentOut(id=redaction_set.id, text=text, length=redaction_set.length)


@router.post("/{set_id}/redactions", operation_id="proposeRedaction", responses=COMMAND)
def propose_redaction(
    set_id: UUID,
    body: RedactionIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Mark a span for redaction under an exemption code, with a reason."""
    receipt = services.app.propose_redaction(
        set_id,
        start=body.start,
        end=body.end,
        code=body.code,
        reason=body.reason,
        meta=meta_for(request, who, body.reason),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post(
    "/{set_id}/redactions/{number}/approval", operation_id="approveRedaction", responses=COMMAND
)
def approve_redaction(
    set_id: UUID,
    number: int,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Approve a redaction proposed by someone else (four eyes)."""
    receipt = services.app.approve_redaction(
        set_id, number=number, meta=meta_for(request, who), expected_version=expected_version
    )
    return accepted(response, receipt)


@router.post(
    "/{set_id}/redactions/{number}/rejection", operation_id="rejectRedaction", responses=COMMAND
)
def reject_redaction(
    set_id: UUID,
    number: int,
    body: RejectionIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Reject a redaction proposed by someone else (four eyes), with a reason."""
    receipt = services.app.reject_redaction(
        set_id,
        number=number,
        reason=body.reason,
        meta=meta_for(request, who, body.reason),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post("/{set_id}/application", operation_id="applyRedactionSet", responses=COMMAND)
def apply_redaction_set(
    set_id: UUID,
    body: ApplicationIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    who: DpLead,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Apply a set: by a second data protection lead, every redaction decided, restricted gone."""
    receipt = services.app.apply_redaction_set(
        set_id,
        applied_on=body.applied_on,
        meta=meta_for(request, who),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.get(
    "/{set_id}/disclosure",
    operation_id="renderDisclosure",
    responses={
        **problem_responses(401, 403, 404, 422),
        200: {"content": {"text/html": {}, "application/pdf": {}}},
    },
    response_class=Response,
)
def render_disclosure(
    set_id: UUID,
    services: ServicesDep,
    who: Reader,
    format: Annotated[str, Query(pattern="^(html|pdf)$")] = "html",
) -> Response:
    """The disclosure of an applied set: redacted text removed, "[redacted: s.40]" in its place."""
    redaction_set = services.app.get_redaction_set(set_id, who.partnership_id)
    if redaction_set.applied is None:
        raise DomainError("redaction.not-applied", "only an applied set can be rendered")
    segments = redaction_set.disclosure()
    if format == "pdf":
        headers = {"Content-Disposition": f'attachment; filename="disclosure-{set_id}.pdf"'}
        return Response(
            disclosure_pdf(redaction_set, segments), media_type="application/pdf", headers=headers
        )
    return HTMLResponse(disclosure_html(redaction_set, segments))
