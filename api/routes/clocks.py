"""/clocks: compute a statutory deadline with the steps that produced it; list the rules."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import PrincipalDep, ServicesDep
from api.schemas.clocks import ClockComputeIn, ClockRuleOut, ClockRulesOut, DeadlineOut
from api.schemas.common import problem_responses
from projections.calendar_overrides import CalendarOverridesProjection

router = APIRouter(prefix="/clocks", tags=["clocks"])
VIEW = CalendarOverridesProjection.name
MinPosition = Annotated[
    int | None,
    Query(
        ge=0, description="Wait until the view has applied this log position (default: log head)"
    ),
]


@router.get("/rules", operation_id="listClockRules", responses=problem_responses(401))
def list_rules(services: ServicesDep, _: PrincipalDep) -> ClockRulesOut:
    """List the clock rules that can be computed."""
    return ClockRulesOut(items=[ClockRuleOut.of(rule) for rule in services.clocks.registry])


@router.post("/compute", operation_id="computeClock", responses=problem_responses(401, 422, 503))
def compute_clock(
    body: ClockComputeIn,
    services: ServicesDep,
    _: PrincipalDep,
    min_position: MinPosition = None,
) -> DeadlineOut:
    """Compute a deadline (counting the stored calendar overrides) and explain every step."""
    services.await_view(VIEW, min_position)
    computation = services.clocks.compute(body.to_request())
    return DeadlineOut.of(computation, extended=body.extended)
