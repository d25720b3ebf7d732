"""Request-scoped dependencies: the services container, the caller, role checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from uuid import uuid4

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from adapters.postgres.db import Database
from adapters.postgres.views.review_summary import ReviewSummaryQueries
from adapters.runner import ProjectionRunner
from adapters.settings import Settings
from api.auth import Principal, TokenVerifier, Unauthenticated
from api.errors import Forbidden
from domain.application import ReviewTrail
from domain.meta import Meta
from domain.roles import Role


@dataclass
class Services:
    """Everything a request may need, built once by ``create_app``."""

    settings: Settings
    db: Database
    app: ReviewTrail
    runner: ProjectionRunner
    verifier: TokenVerifier
    reviews: ReviewSummaryQueries

    def close(self) -> None:
        self.runner.stop()
        self.app.close()
        self.db.close()

    def await_view(self, name: str, min_position: int | None) -> bool:
        """Read-your-writes: wait until ``name`` has applied ``min_position`` (or the log head)."""
        position = min_position if min_position is not None else self.db.log_head()
        return self.runner.wait_for(name, position, self.settings.read_your_writes_timeout)


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
_bearer = HTTPBearer(auto_error=False, description="OIDC access token (JWT)")


def current_principal(
    services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated("a bearer token is required")
    return services.verifier.verify(credentials.credentials)


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def require(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency that admits only callers holding one of ``roles`` in their partnership."""

    def check(principal: PrincipalDep) -> Principal:
        if not principal.has_any(*roles):
            raise Forbidden("your role may not do this")
        return principal

    return check


def meta_for(request: Request, principal: Principal, reason: str | None = None) -> Meta:
    """Event metadata for a command issued by this request."""
    return Meta(
        actor_id=principal.user_id,
        actor_role=principal.primary_role,
        partnership_id=principal.partnership_id,
        correlation_id=getattr(request.state, "correlation_id", None) or uuid4(),
        reason=reason,
    )
