"""Helpers the information-rights routers share: roles, register pages, calendars, today."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query

from api.auth import Principal
from api.deps import Services, require
from api.pagination import decode_cursor, encode_cursor
from api.schemas.casework import CasePage, CaseSummary
from domain.clocks.registry import CalendarSource
from domain.roles import Role
from projections.calendar_overrides import CalendarOverridesProjection
from projections.disclosure_register import DisclosureRegisterProjection

REGISTER = DisclosureRegisterProjection.name
CALENDARS = CalendarOverridesProjection.name

DpLead = Annotated[Principal, Depends(require(Role.DP_LEAD))]
Reader = Annotated[Principal, Depends(require(Role.DP_LEAD, Role.GOVERNANCE_OFFICER))]
Cursor = Annotated[str | None, Query(max_length=200, description="next_cursor of the last page")]
Limit = Annotated[int, Query(ge=1, le=200)]
MinPosition = Annotated[
    int | None,
    Query(ge=0, description="Wait until the view has applied this log position (default: head)"),
]


def calendars(services: Services) -> CalendarSource:
    """The calendars with every override recorded so far (read-your-writes on the overrides)."""
    services.await_view(CALENDARS, None)
    return services.calendars


def today() -> date:
    """The API's today, for clock status (the domain never reads the clock)."""
    return date.today()


def register_page(
    services: Services,
    principal: Principal,
    kind: str,
    *,
    status: str | None,
    cursor: str | None,
    limit: int,
    min_position: int | None,
) -> CasePage:
    """One page of the partnership's register rows of ``kind``, newest first."""
    services.await_view(REGISTER, min_position)
    after = decode_cursor(cursor) if cursor else None
    rows = services.register.list(
        principal.partnership_id, kind, status=status, after=after, limit=limit + 1
    )
    items = [CaseSummary.of(row) for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor(items[-1].opened_at, items[-1].id)
    return CasePage(items=items, next_cursor=next_cursor)
