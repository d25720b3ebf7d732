"""/calendars: administrators' bank-holiday overrides of the UK working-day calendars."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from adapters.calendars import CALENDAR_NAMES
from api.auth import Principal
from api.concurrency import ExpectedVersion, accepted, etag
from api.deps import PrincipalDep, ServicesDep, meta_for, require
from api.idempotency import Idempotent
from api.schemas.calendars import CalendarOverridesOut, OverrideIn, OverrideOut
from api.schemas.common import CommandAccepted, problem_responses
from domain.errors import NotFound
from domain.roles import Role
from projections.calendar_overrides import CalendarOverridesProjection

router = APIRouter(prefix="/calendars", tags=["calendars"])
VIEW = CalendarOverridesProjection.name
CalendarName = Annotated[
    str,
    Path(
        max_length=40,
        description=f"One of {', '.join(CALENDAR_NAMES)}",
        json_schema_extra={"enum": list(CALENDAR_NAMES)},
    ),
]
MinPosition = Annotated[
    int | None,
    Query(
        ge=0, description="Wait until the view has applied this log position (default: log head)"
    ),
]
Overrider = Annotated[Principal, Depends(require(Role.ADMINISTRATOR, Role.DP_LEAD))]


@router.get(
    "/{name}/overrides",
    operation_id="listCalendarOverrides",
    responses=problem_responses(401, 404, 503),
)
def list_overrides(
    name: CalendarName,
    response: Response,
    services: ServicesDep,
    _: PrincipalDep,
    min_position: MinPosition = None,
) -> CalendarOverridesOut:
    """List the bank-holiday overrides that apply to a calendar, and its current version.

    ``ETag`` is the version of the calendar's own overrides (send it as ``If-Match`` when
    overriding); ``version`` in the body is the calendar's, which also changes with the package."""
    _check_known(name)
    services.await_view(VIEW, min_position)
    response.headers["ETag"] = etag(services.app.calendar_overrides_version(name))
    rows = services.calendars.list(name)
    version = services.calendars.calendar(name).version
    return CalendarOverridesOut(
        calendar=name, version=version, items=[OverrideOut.of(row) for row in rows]
    )


@router.post(
    "/{name}/overrides",
    status_code=status.HTTP_201_CREATED,
    operation_id="overrideCalendar",
    responses=problem_responses(401, 403, 404, 409, 422, 503),
)
def override_calendar(
    name: CalendarName,
    body: OverrideIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    principal: Overrider,
    _: Idempotent,
    expected_version: ExpectedVersion,
) -> CommandAccepted:
    """Add a bank holiday to a calendar, or remove one (administrators and DP leads)."""
    _check_known(name)
    command = (
        services.app.add_bank_holiday if body.action == "add" else services.app.remove_bank_holiday
    )
    receipt = command(
        calendar=name,
        day=body.day,
        reason=body.reason,
        meta=meta_for(request, principal, reason=body.reason),
        expected_version=expected_version,
    )
    return accepted(response, receipt, location=f"/calendars/{name}/overrides")


def _check_known(name: str) -> None:
    if name not in CALENDAR_NAMES:
        raise NotFound("calendar", name)
