"""/health: is the service able to serve (database reachable)?"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import ServicesDep
from api.schemas.common import problem_responses

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: str
    database: str


@router.get("/health", operation_id="health", responses=problem_responses(503))
def health(services: ServicesDep) -> Health:
    """Report whether the database answers (503 when it does not)."""
    services.db.ping()
    return Health(status="ok", database="ok")
