"""/publications: the publications register of the caller's partnership."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.casework import Cursor, Limit, MinPosition
from api.deps import PrincipalDep, ServicesDep
from api.pagination import decode_cursor, encode_cursor
from api.review_access import visible_reviews
from api.schemas.common import problem_responses
from api.schemas.publications import PublicationEntry, PublicationPage, PublicationState
from projections.publications import PublicationsProjection
from projections.review_summary import ReviewSummaryProjection

router = APIRouter(prefix="/publications", tags=["publications"])
VIEW = PublicationsProjection.name
SUMMARY = ReviewSummaryProjection.name  # its review_member table: who is on which review


@router.get("", operation_id="listPublications", responses=problem_responses(401, 422, 503))
def list_publications(
    services: ServicesDep,
    principal: PrincipalDep,
    state: Annotated[
        PublicationState | None, Query(description="only reviews in this publication state")
    ] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> PublicationPage:
    """List each review's publication state: decision, deferrals, publication, withdrawal.

    Review-team roles see only the reviews they are on, as in ``GET /reviews``."""
    visible_to = visible_reviews(principal)
    services.await_views([VIEW, *([SUMMARY] if visible_to is not None else [])], min_position)
    after = decode_cursor(cursor) if cursor else None
    rows = services.publications.list(
        principal.partnership_id, state=state, after=after, limit=limit + 1, visible_to=visible_to
    )
    items = [PublicationEntry.of(row) for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor(items[-1].opened_at, items[-1].review_id)
    return PublicationPage(items=items, next_cursor=next_cursor)
