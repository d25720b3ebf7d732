"""Request-scoped dependencies: the services container, the caller, role checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID, uuid4, uuid5

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from adapters.audit.integrator import Integrator
from adapters.postgres.audit_queries import AuditQueries
from adapters.postgres.db import Database
from adapters.postgres.event_reader import EventReader
from adapters.postgres.idempotency import IdempotencyStore
from adapters.postgres.keystore import PostgresKeyStore
from adapters.postgres.views.access_trail import AccessTrailQueries
from adapters.postgres.views.calendar_overrides import CalendarOverrideQueries
from adapters.postgres.views.disclosure_register import DisclosureRegisterQueries
from adapters.postgres.views.publications import PublicationQueries
from adapters.postgres.views.retention import RetentionQueries
from adapters.postgres.views.review_state import ReviewStateQueries
from adapters.postgres.views.review_summary import ReviewSummaryQueries
from adapters.postgres.views.subject_index import SubjectQueries
from adapters.runner import ProjectionRunner
from adapters.settings import Settings
from api import freshness
from api.auth import Principal, RememberingVerifier, Unauthenticated
from api.errors import Forbidden
from api.freshness import ViewsBehind
from domain.application import ReviewTrail
from domain.clocks.registry import Clocks
from domain.errors import DomainError
from domain.meta import Meta
from domain.roles import Role


@dataclass
class Services:
    """Everything a request may need, built once by ``create_app``."""

    settings: Settings
    db: Database
    query_db: Database  # the views' reads: ``db``, or a read replica
    app: ReviewTrail
    runner: ProjectionRunner
    verifier: RememberingVerifier
    reviews: ReviewSummaryQueries
    review_states: ReviewStateQueries
    keys: PostgresKeyStore
    subjects: SubjectQueries
    events: EventReader
    calendars: CalendarOverrideQueries
    clocks: Clocks
    idempotency: IdempotencyStore
    integrator: Integrator
    audit: AuditQueries
    access: AccessTrailQueries
    register: DisclosureRegisterQueries
    retention: RetentionQueries
    publications: PublicationQueries

    def close(self) -> None:
        self.integrator.stop_requested()  # both threads wind down at once
        self.runner.stop()
        self.integrator.stop()
        self.keys.stop()
        self.app.close()
        self.db.close()
        if self.query_db is not self.db:
            self.query_db.close()

    def await_view(self, name: str, min_position: int | None) -> None:
        """Read-your-writes: wait until ``name`` has applied ``min_position`` (or the primary's
        log head) as the database the views are read from sees it, so a replica's lag is waited
        for too. If it has not in time, ``api.freshness`` says what happens."""
        self.await_views([name], min_position)

    def await_views(self, names: list[str], min_position: int | None) -> None:
        """``await_view`` for a read that needs several views: the log head is read once and
        the views are waited for together."""
        if min_position is None:
            self.await_head(names)
        else:
            self._await_position(names, min_position)

    def await_head(self, names: list[str], head: int | None = None) -> None:
        """``await_views`` without ``min_position``: wait for the log head (``head``, read
        earlier in the request, or now), then serve what the views hold, noting those behind
        for the ``X-Views-Behind`` header; never raises for views behind."""
        head = self.db.log_head() if head is None else head
        if self._caught_up(names, head, self.settings.read_your_writes_timeout):
            return
        freshness.note(name for name, _ in self.runner.behind(names, head, db=self.query_db))

    def _await_position(self, names: list[str], position: int) -> None:
        # Asked for: a position no write has is refused at once (the head is read only when
        # the first look misses), one not reached in time answers 503 (``ViewsBehind``).
        if self._caught_up(names, position, 0.0):
            return
        head = self.db.log_head()
        if position > head:
            raise DomainError(
                "read.min-position-beyond-head",
                f"min_position {position} is beyond the log head ({head})",
            )
        if self._caught_up(names, position, self.settings.read_your_writes_timeout):
            return
        behind = self.runner.behind(names, position, db=self.query_db)
        if behind:  # else it caught up just after the last look
            failed = [name for name, has_failed in behind if has_failed]
            raise ViewsBehind([name for name, _ in behind], failed, position)

    def _caught_up(self, names: list[str], position: int, timeout: float) -> bool:
        return self.runner.wait_for_all(names, position, timeout, db=self.query_db)


async def get_services(request: Request) -> Services:
    """The composition root's services (async: it never blocks, so it need not hop to the
    thread pool as a sync dependency would)."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
_bearer = HTTPBearer(auto_error=False, description="OIDC access token (JWT)")


async def current_principal(
    services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The verified caller. A token verified lately is recalled (``RememberingVerifier``); a
    signature check against a key in memory runs right here (a thread-pool hop would cost more
    than the check); a verifier that may fetch keys runs in the thread pool, off the event
    loop."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated("a bearer token is required")
    verifier, token = services.verifier, credentials.credentials
    if verifier.may_block:
        recalled = verifier.recall(token)  # a token verified lately needs no hop either
        if recalled is not None:
            return recalled
        return await run_in_threadpool(verifier.verify, token)
    return verifier.verify(token)


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def require(*roles: Role) -> Callable[[Request, Principal], Awaitable[Principal]]:
    """A dependency that admits only callers holding one of ``roles`` in their partnership
    (async: a pure check, no thread-pool hop). The role that admitted them (the first in order,
    if they hold several) is the ``actor_role`` of the events the request records."""

    async def check(request: Request, principal: PrincipalDep) -> Principal:
        admitting = sorted(principal.roles.intersection(roles))
        if not admitting:
            raise Forbidden("your role may not do this")
        request.state.authorising_role = admitting[0].value
        return principal

    return check


def meta_for(request: Request, principal: Principal, reason: str | None = None) -> Meta:
    """Event metadata for a command issued by this request: the role that authorised it, the
    request id as correlation id and what caused it as causation id (see `causation_id`)."""
    correlation_id = getattr(request.state, "correlation_id", None) or uuid4()
    return Meta(
        actor_id=principal.user_id,
        actor_role=getattr(request.state, "authorising_role", None) or principal.primary_role,
        partnership_id=principal.partnership_id,
        correlation_id=correlation_id,
        causation_id=causation_id(request, principal, correlation_id),
        reason=reason,
    )


def causation_id(request: Request, principal: Principal, correlation_id: UUID) -> UUID:
    """The client's command id: its ``Idempotency-Key`` (as is when it is a UUID, else a name-
    based UUID of the key, scoped like the key to the user), so every attempt at one command
    shares it; without a key, the request id."""
    key = request.headers.get("Idempotency-Key")
    if not key:
        return correlation_id
    try:
        return UUID(key)
    except ValueError:
        name = f"{principal.partnership_id}/{principal.user_id}/{key}"
        return uuid5(IDEMPOTENCY_KEYS, name)


IDEMPOTENCY_KEYS = UUID("1f0c2f9e-52c4-5e0b-9a57-8d3b6f7a2c41")
"""The namespace of causation ids derived from Idempotency-Keys that are not UUIDs."""
