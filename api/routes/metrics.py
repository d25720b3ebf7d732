"""/metrics: Prometheus exposition of request, command, projection and audit metrics.

It carries no personal data (label values are route templates, operation ids and projection
names) but does disclose activity, so it needs a bearer token of an administrator, auditor or
governance officer (Prometheus sends one with ``authorization: {credentials_file: …}``; see
docs/operations.md). It is left out of the OpenAPI document, which describes the API for its
clients rather than for the monitoring system.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from adapters.postgres import tracking
from api.auth import Principal
from api.deps import ServicesDep, require
from api.metrics import CONTENT_TYPE, Metrics, gauge, single_gauge
from domain.roles import Role

router = APIRouter()
SCRAPERS = (Role.ADMINISTRATOR, Role.AUDITOR, Role.GOVERNANCE_OFFICER)
Scraper = Annotated[Principal, Depends(require(*SCRAPERS))]


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request, services: ServicesDep, _: Scraper) -> Response:
    """The metrics in the Prometheus text format, lags measured now."""
    head = services.db.log_head()
    positions = tracking.positions(services.db)
    lags = {name: float(head - int(row["position"])) for name, row in positions.items()}
    integrated = services.audit.tree_state().position
    extra = [
        *single_gauge("reviewtrail_log_head", "position of the last committed event", head),
        *gauge(
            "reviewtrail_projection_lag_events",
            "events committed but not yet applied, per projection (log head - position)",
            "projection",
            lags,
        ),
        *gauge(
            "reviewtrail_projection_failed",
            "1 when the projection stopped on an event it cannot apply (see its error)",
            "projection",
            {name: float(row["status"] == "failed") for name, row in positions.items()},
        ),
        *single_gauge(
            "reviewtrail_audit_integrator_lag_events",
            "events committed but not yet in the audit Merkle tree",
            head - integrated,
        ),
    ]
    registry: Metrics = request.app.state.metrics
    return Response(registry.render(extra), media_type=CONTENT_TYPE)
