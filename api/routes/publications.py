"""/publications: the publications register of the caller's partnership."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.casework import Cursor, Limit, MinPosition
from api.deps import PrincipalDep, ServicesDep
from api.pagination import decode_cursor, encode_cursor
from api.schemas.common import problem_responses
from api.schemas.publications import PublicationEntry, PublicationPage, PublicationState
from projections.publications import PublicationsProjection

router = APIRouter(prefix="/publications", tags=["publications"])
VIEW = PublicationsProjection.name


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
    """List each review's publication state: decision, deferrals, publication, withdrawal."""
    services.await_view(VIEW, min_position)
    after = decode_cursor(cursor) if cursor else None
    rows = services.publications.list(
        principal.partnership_id, state=state, after=after, limit=limit + 1
    )
    items = [PublicationEntry.of(row) for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor(items[-1].opened_at, items[-1].review_id)
    return PublicationPage(items=items, next_cursor=next_cursor)
