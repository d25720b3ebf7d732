"""/dashboards/deadlines: the clocks of your partnership, due date and status as of today.

Review clocks are listed as ``GET /reviews`` lists reviews: review-team roles see those of the
reviews they are on, partnership-wide roles all of them. FOI request and SAR clocks are listed
only to the roles that may read those registers (the DP lead and governance officers).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from adapters.postgres.views.deadlines import DeadlineQueries
from api.auth import Principal
from api.casework import CALENDARS, today
from api.dashboards import TodayCounter, deadlines_csv, decode_position, encode_position
from api.deps import PrincipalDep, Services, ServicesDep
from api.review_access import visible_reviews
from api.schemas.common import problem_responses
from api.schemas.dashboards import DeadlineKind, DeadlinePage, DeadlineSort, DeadlineState
from domain.roles import Role
from projections.deadlines import DeadlinesProjection
from projections.review_summary import ReviewSummaryProjection

router = APIRouter(prefix="/dashboards", tags=["dashboards"])
VIEW = DeadlinesProjection.name
SUMMARY = ReviewSummaryProjection.name  # its review_member table: who is on which review
# The readers of GET /foi-requests and GET /sars: a SAR's existence is itself sensitive.
REQUEST_READERS = (Role.DP_LEAD, Role.GOVERNANCE_OFFICER)
Kind = Annotated[
    DeadlineKind | None,
    Query(
        description="only clocks of reviews, FOI requests or SARs (FOI and SAR: DP lead and "
        "governance officers only)"
    ),
]
State = Annotated[DeadlineState | None, Query(description="only open, met or closed clocks")]
Sort = Annotated[DeadlineSort, Query(description="due date order; paused clocks come last")]
MinPosition = Annotated[
    int | None,
    Query(ge=0, description="Wait until the view has applied this log position (default: head)"),
]
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}


@router.get("/deadlines", operation_id="listDeadlines", responses=problem_responses(401, 422, 503))
def list_deadlines(
    services: ServicesDep,
    principal: PrincipalDep,
    kind: Kind = None,
    state: State = None,
    sort: Sort = "due",
    cursor: Annotated[str | None, Query(max_length=300)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    min_position: MinPosition = None,
) -> DeadlinePage:
    """List your partnership's clocks with their due date, working days left and status.

    Review-team roles (chair, reviewer, panel member, family liaison) see the clocks of the
    reviews they are on; administrators, governance officers, DP leads and auditors all."""
    counter = _counter(services, principal, min_position)
    after = decode_position(cursor) if cursor else None
    rows = DeadlineQueries(services.query_db).list(
        principal.partnership_id,
        kinds=visible_kinds(principal, kind),
        state=state,
        sort=sort,
        after=after,
        limit=limit + 1,
        visible_to=visible_reviews(principal),
    )
    next_cursor = encode_position(rows[limit - 1]) if len(rows) > limit else None
    items = [counter.row(row) for row in rows[:limit]]
    return DeadlinePage(today=counter.today, items=items, next_cursor=next_cursor)


@router.get(
    "/deadlines.csv",
    operation_id="exportDeadlines",
    response_class=Response,
    responses={**problem_responses(401, 422, 503), **CSV},
)
def export_deadlines(
    services: ServicesDep,
    principal: PrincipalDep,
    kind: Kind = None,
    state: State = None,
    sort: Sort = "due",
    min_position: MinPosition = None,
) -> Response:
    """Download your partnership's clocks as CSV (the same rows as the list, all of them)."""
    counter = _counter(services, principal, min_position)
    rows = _all_rows(services, principal, kind, state, sort)
    return Response(
        deadlines_csv([counter.row(row) for row in rows]),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="deadlines.csv"'},
    )


def visible_kinds(principal: Principal, kind: str | None) -> list[str]:
    """The kinds of clock the caller may see (FOI and SAR only for ``REQUEST_READERS``),
    narrowed to ``kind`` when given."""
    allowed = ["review", "foi", "sar"] if principal.has_any(*REQUEST_READERS) else ["review"]
    return [k for k in allowed if kind is None or k == kind]


def _counter(services: Services, principal: Principal, min_position: int | None) -> TodayCounter:
    # Who is on which review is the review_summary view's, waited for with the clocks.
    scoped = [SUMMARY] if visible_reviews(principal) is not None else []
    services.await_views([VIEW, CALENDARS, *scoped], min_position)
    return TodayCounter(services.calendars, today())


def _all_rows(
    services: Services, principal: Principal, kind: str | None, state: str | None, sort: str
) -> list[dict[str, Any]]:
    return DeadlineQueries(services.query_db).list(
        principal.partnership_id,
        kinds=visible_kinds(principal, kind),
        state=state,
        sort=sort,
        after=None,
        limit=None,
        visible_to=visible_reviews(principal),
    )
