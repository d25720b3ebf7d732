"""/reviews/{id}/decision-trail: who decided what about a review, in what role, when, how and why,
each entry with an inclusion proof of its event in the signed audit log.

For auditors, governance officers, the data protection lead and the review team's chair,
reviewers and panel members, within their own partnership. Personal fields (an independence
statement, say) are shown to the chair, reviewers, governance officers and the DP lead only.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response

from adapters.postgres.views.decision_trail import DecisionTrailQueries
from api.auth import Principal
from api.decision_trail import trail_csv, trail_entries
from api.deps import Services, ServicesDep, require
from api.personal_access import Purpose, record_view, view_for
from api.review_access import authorise_review_read
from api.schemas.common import problem_responses
from api.schemas.decision_trail import DecisionTrailPage
from domain.errors import NotFound
from domain.roles import Role

router = APIRouter(prefix="/reviews", tags=["audit"])
VIEW = "decision_trail"
TrailReader = Annotated[
    Principal,
    Depends(
        require(
            Role.GOVERNANCE_OFFICER,
            Role.AUDITOR,
            Role.CHAIR,
            Role.REVIEWER,
            Role.PANEL_MEMBER,
            Role.DP_LEAD,
        )
    ),
]
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}


@router.get(
    "/{review_id}/decision-trail",
    operation_id="getDecisionTrail",
    response_model=DecisionTrailPage,
    responses={**problem_responses(401, 403, 404, 503), **CSV},
)
def decision_trail(
    review_id: UUID,
    request: Request,
    services: ServicesDep,
    principal: TrailReader,
    output: Annotated[
        Literal["json", "csv"],
        Query(alias="format", description="csv: the whole trail in one document"),
    ] = "json",
    cursor: Annotated[
        str | None, Query(max_length=20, pattern=r"^[0-9]+$", description="from next_cursor")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    min_position: Annotated[
        int | None, Query(ge=0, description="wait until the trail has applied this log position")
    ] = None,
    purpose: Purpose = "decision trail",
) -> Any:
    """Read a review's decision trail, each entry proved against the signed audit log."""
    principal = _check_review(services, principal, review_id, min_position)
    queries = DecisionTrailQueries(services.db)
    view = view_for(principal)
    if output == "csv":
        rows = queries.page(principal.partnership_id, review_id, after=None, limit=None)
        document = trail_csv(trail_entries(services, view, rows))
        record_view(
            services, request, principal, view, record=("review", review_id), purpose=purpose
        )
        return Response(
            document,
            media_type="text/csv",
            headers={
                "Content-Disposition": f'attachment; filename="decision-trail-{review_id}.csv"'
            },
        )
    after = int(cursor) if cursor else None
    rows = queries.page(principal.partnership_id, review_id, after=after, limit=limit + 1)
    items = trail_entries(services, view, rows[:limit])
    record_view(services, request, principal, view, record=("review", review_id), purpose=purpose)
    next_cursor = str(items[-1].position) if len(rows) > limit else None
    return DecisionTrailPage(items=items, next_cursor=next_cursor)


def _check_review(
    services: Services, principal: Principal, review_id: UUID, min_position: int | None
) -> Principal:
    # A review of another partnership is indistinguishable from one that does not exist.
    services.await_views(["review_summary", VIEW], min_position)
    row = services.reviews.get(review_id)
    if row is None or row["partnership_id"] != principal.partnership_id:
        raise NotFound("review", review_id)
    return authorise_review_read(services, principal, review_id)
