"""/reviews: open a review from a notification, read it, list a partnership's reviews."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response, status

from adapters.postgres.views.deadlines import DeadlineQueries
from api.auth import Principal
from api.casework import today
from api.concurrency import accepted, etag
from api.dashboards import TodayCounter
from api.deps import PrincipalDep, Services, ServicesDep, meta_for, require
from api.idempotency import Idempotent
from api.pagination import decode_cursor, encode_cursor
from api.personal_access import Purpose, recording_view, view_for
from api.review_access import authorise_review_read, visible_reviews
from api.review_state import render_state, review_values
from api.schemas.common import CommandAccepted, created_links, problem_responses
from api.schemas.dashboards import DeadlineOut
from api.schemas.reviews import NotificationIn, ReviewDetailOut, ReviewOut, ReviewPage
from domain.errors import NotFound
from domain.roles import Role
from projections.calendar_overrides import CalendarOverridesProjection

router = APIRouter(prefix="/reviews", tags=["reviews"])
VIEW = "review_summary"
STATE_VIEW = "review_state"
DEADLINES_VIEW = "deadlines"
CALENDARS_VIEW = CalendarOverridesProjection.name
MinPosition = Annotated[
    int | None,
    Query(
        ge=0, description="Wait until the view has applied this log position (default: log head)"
    ),
]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    operation_id="receiveNotification",
    responses={**problem_responses(403), **created_links("review_id", "getReview")},
)
def receive_notification(
    body: NotificationIn,
    request: Request,
    response: Response,
    services: ServicesDep,
    principal: Annotated[Principal, Depends(require(Role.CHAIR, Role.ADMINISTRATOR))],
    _: Idempotent,
) -> CommandAccepted:
    """Record a notification and open a review."""
    receipt = services.app.receive_notification(
        jurisdiction=body.jurisdiction,
        notifying_agency=body.notifying_agency,
        summary=body.summary,
        received_on=body.received_on,
        meta=meta_for(request, principal),
        review_type=body.review_type,
    )
    return accepted(response, receipt, location=f"/reviews/{receipt.id}")


@router.get(
    "/{review_id}", operation_id="getReview", responses=problem_responses(401, 404, 422, 503)
)
def get_review(
    review_id: UUID,
    request: Request,
    response: Response,
    services: ServicesDep,
    principal: PrincipalDep,
    min_position: MinPosition = None,
    purpose: Purpose = "review work",
) -> ReviewDetailOut:
    """Read one review of your partnership: its stage, rule set and everything recorded.

    Personal values are decrypted only in the categories your roles may read; a response that
    shows any is recorded in the access trail with ``purpose``. Reading never changes the ETag.
    ``clocks`` is the review's timeline from the deadlines view (waited for like the summary).
    """
    views = [VIEW, DEADLINES_VIEW, CALENDARS_VIEW]
    if min_position is not None:  # refused (422, 503) before anything is read or recorded
        services.await_views(views, min_position)
    # Otherwise the views must reach the log head as of now; they are waited for last, by when
    # the runner has usually applied what this request would otherwise wait for (the access
    # trail record of the previous read, say) while the review was rebuilt.
    head = services.db.log_head() if min_position is None else None
    principal = authorise_review_read(services, principal, review_id)  # 404: not yours
    # Rebuilt from the event store so personal fields are decrypted here and stored nowhere else.
    review = services.app.get_review(review_id, principal.partnership_id)
    response.headers["ETag"] = etag(review.version)
    values = review_values(review)
    view = view_for(principal)
    view.serves(values)  # who will be shown what: the record is written while we render
    with recording_view(
        services, request, principal, view, record=("review", review_id), purpose=purpose
    ):
        state = render_state(values, view)
        if head is not None:
            services.await_head(views, head)
        row = services.reviews.get(review_id)
        if row is None or row["partnership_id"] != principal.partnership_id:
            raise NotFound("review", review_id)
        return ReviewDetailOut(
            **_review_out(row).model_dump(exclude={"rule_set_id", "stage", "kind", "paused"}),
            rule_set_id=review.rule_set_id,
            stage=review.stage,
            kind=review.kind,
            paused=review.paused,
            state=state,
            clocks=_clocks(services, principal, review_id),
        )


@router.get("", operation_id="listReviews", responses=problem_responses(401, 422, 503))
def list_reviews(
    services: ServicesDep,
    principal: PrincipalDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    stage: Annotated[
        str | None, Query(max_length=50, description="only reviews in this stage")
    ] = None,
    min_position: MinPosition = None,
) -> ReviewPage:
    """List your partnership's reviews, newest first (optionally those in one stage).

    Review-team roles (chair, reviewer, panel member, family liaison) see only the reviews they
    are on; administrators, governance officers, DP leads and auditors see all."""
    services.await_views([VIEW, STATE_VIEW], min_position)
    after = decode_cursor(cursor) if cursor else None
    rows = services.review_states.list(
        principal.partnership_id,
        stage=stage,
        after=after,
        limit=limit + 1,
        visible_to=visible_reviews(principal),
    )
    items = [_review_out(row) for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor(last.opened_at, last.id)
    return ReviewPage(items=items, next_cursor=next_cursor)


def _clocks(services: Services, principal: Principal, review_id: UUID) -> list[DeadlineOut]:
    rows = DeadlineQueries(services.db).of_aggregate(principal.partnership_id, review_id)
    if not rows:
        return []
    counter = TodayCounter(services.calendars, today())  # its view was waited for above
    return [counter.row(row) for row in rows]


def _review_out(row: dict[str, Any]) -> ReviewOut:
    return ReviewOut(id=row["review_id"], position=row["last_position"], **row)
