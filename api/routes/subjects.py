"""/subjects: register people, find them without plaintext, export and erase their data."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.responses import HTMLResponse

from api.auth import Principal
from api.concurrency import ExpectedVersion, accepted
from api.deps import ServicesDep, meta_for, require
from api.idempotency import Idempotent
from api.rendering import export_html
from api.schemas.common import CommandAccepted, created_links, problem_responses
from api.schemas.subjects import (
    AppearancePage,
    Candidates,
    ErasureIn,
    NewKeyIn,
    SubjectExport,
    SubjectIn,
)
from api.subject_export import build_export, personal_values
from domain.errors import DomainError
from domain.roles import Role

router = APIRouter(prefix="/subjects", tags=["subjects"])
VIEW = "subject_index"
Recorder = Annotated[
    Principal,
    Depends(require(Role.DP_LEAD, Role.CHAIR, Role.ADMINISTRATOR, Role.FAMILY_LIAISON)),
]
DpLead = Annotated[Principal, Depends(require(Role.DP_LEAD))]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    operation_id="registerSubject",
    responses={
        **problem_responses(403),
        **created_links(
            "subject_id", "listSubjectEvents", "exportSubject", "eraseSubject", "authoriseNewKey"
        ),
    },
)
def register_subject(
    body: SubjectIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    principal: Recorder,
    _: Idempotent,
) -> CommandAccepted:
    """Register a person whose personal data will be held (values are encrypted)."""
    subject_id = uuid4()
    name, dob, identifiers = personal_values(subject_id, body)
    receipt = services.app.register_subject(
        subject_id=subject_id,
        relationship=body.relationship,
        name=name,
        date_of_birth=dob,
        identifiers=identifiers,
        meta=meta_for(request, principal),
    )
    return accepted(response, receipt)


@router.get("/search", operation_id="searchSubjects", responses=problem_responses(401, 403, 422))
def search_subjects(
    services: ServicesDep,
    principal: DpLead,
    name: Annotated[str | None, Query(max_length=300)] = None,
    date_of_birth: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    nhs_number: Annotated[str | None, Query(max_length=20)] = None,
    chi_number: Annotated[str | None, Query(max_length=20)] = None,
    ni_number: Annotated[str | None, Query(max_length=20)] = None,
) -> Candidates:
    """Find candidate subjects by blind index (exact, normalised identifiers)."""
    given = {
        "name": name,
        "date-of-birth": date_of_birth,
        "nhs-number": nhs_number,
        "chi-number": chi_number,
        "ni-number": ni_number,
    }
    values = {k: v for k, v in given.items() if v}
    if not values:
        raise DomainError("subjects.search-needs-identifier", "give at least one identifier")
    services.await_view(VIEW, None)
    rows = services.subjects.search(principal.partnership_id, values)
    return Candidates.model_validate({"items": rows})


@router.get(
    "/{subject_id}/events",
    operation_id="listSubjectEvents",
    responses=problem_responses(401, 403, 404),
)
def subject_events(
    subject_id: UUID,
    services: ServicesDep,
    principal: DpLead,
    cursor: Annotated[int, Query(ge=0, description="last position already seen")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AppearancePage:
    """Where a subject appears in the record (log positions, events, fields; no values)."""
    services.app.get_subject(subject_id, principal.partnership_id)
    services.await_view(VIEW, None)
    rows = services.subjects.appearances(
        subject_id, principal.partnership_id, after=cursor, limit=limit + 1
    )
    items = rows[:limit]
    next_cursor = str(items[-1]["position"]) if len(rows) > limit else None
    return AppearancePage.model_validate({"items": items, "next_cursor": next_cursor})


@router.get(
    "/{subject_id}/export",
    operation_id="exportSubject",
    responses={**problem_responses(401, 403, 404, 422), 200: {"content": {"text/html": {}}}},
)
def export_subject(
    subject_id: UUID,
    request: Request,
    services: ServicesDep,
    principal: DpLead,
    purpose: Annotated[str, Query(min_length=1, max_length=500, description="why (recorded)")],
    format: Annotated[str, Query(pattern="^(json|html)$")] = "json",
) -> Response:
    """Subject-access export: the subject's own data, third parties' data withheld (recorded)."""
    services.await_view(VIEW, None)
    export = build_export(services, subject_id, principal.partnership_id)
    services.app.record_export(
        subject_id,
        purpose=purpose,
        events=len(export.events),
        meta=meta_for(request, principal, purpose),
    )
    if format == "html":
        return HTMLResponse(export_html(export))
    return Response(SubjectExport(**vars(export)).model_dump_json(), media_type="application/json")


@router.post(
    "/{subject_id}/erasure",
    operation_id="eraseSubject",
    responses=problem_responses(403, 404),
)
def erase_subject(
    subject_id: UUID,
    body: ErasureIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    principal: DpLead,
    expected_version: ExpectedVersion,
    _: Idempotent,
) -> CommandAccepted:
    """Crypto-shred a subject's personal data (all of it, or one category)."""
    receipt = services.app.erase_subject(
        subject_id,
        category=body.category,
        reason=body.reason,
        legal_basis=body.legal_basis,
        meta=meta_for(request, principal, body.reason),
        expected_version=expected_version,
    )
    return accepted(response, receipt)


@router.post(
    "/{subject_id}/keys",
    operation_id="authoriseNewKey",
    responses=problem_responses(403, 404),
)
def authorise_new_key(
    subject_id: UUID,
    body: NewKeyIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    principal: DpLead,
    expected_version: ExpectedVersion,
    _: Idempotent,
) -> CommandAccepted:
    """After an erasure, allow new personal data about the subject under a new key."""
    receipt = services.app.authorise_new_key(
        subject_id,
        category=body.category,
        reason=body.reason,
        meta=meta_for(request, principal, body.reason),
        expected_version=expected_version,
    )
    return accepted(response, receipt)
