"""The composition root: every adapter is built here and nowhere else."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from uuid import UUID, uuid4

from fastapi import FastAPI, Request, Response

from adapters.postgres.db import Database
from adapters.postgres.views.review_summary import ReviewSummaryQueries, ReviewSummaryTable
from adapters.runner import ApplicationEventSource, ProjectionRunner, Registration
from adapters.settings import Settings, eventsourcing_env
from api import errors
from api.auth import DEV_KEY_FILE, DevelopmentIssuer, JwksVerifier, TokenVerifier
from api.deps import Services
from api.routes import health, reviews
from domain.application import ReviewTrail
from projections.review_summary import ReviewSummaryProjection

log = logging.getLogger(__name__)


def registrations() -> list[Registration]:
    """Every read model and the table behind it."""
    return [Registration(ReviewSummaryProjection(), ReviewSummaryTable())]


def build_verifier(settings: Settings) -> TokenVerifier:
    if settings.auth_jwks_url:
        return JwksVerifier(
            settings.auth_jwks_url,
            settings.auth_issuer,
            settings.auth_audience,
            list(settings.auth_algorithms),
        )
    return development_issuer(settings)


def development_issuer(settings: Settings) -> DevelopmentIssuer:
    key_path = settings.var_dir / DEV_KEY_FILE
    return DevelopmentIssuer(key_path, settings.auth_issuer, settings.auth_audience)


def build_services(settings: Settings, database_url: str) -> Services:
    """Connect to PostgreSQL, create the schema and wire every adapter."""
    settings.check_production_safety()
    env = eventsourcing_env(
        database_url,
        pool_size=settings.pool_size,
        lock_timeout=settings.lock_timeout_seconds,
        connect_timeout=max(1, round(settings.database_timeout_seconds)),
    )
    application = ReviewTrail(env)
    db = Database(
        database_url, max_size=settings.pool_size, timeout=settings.database_timeout_seconds
    )
    runner = ProjectionRunner(
        db,
        ApplicationEventSource(application),
        registrations(),
        batch_size=settings.projection_batch_size,
    )
    runner.setup()
    return Services(
        settings=settings,
        db=db,
        app=application,
        runner=runner,
        verifier=build_verifier(settings),
        reviews=ReviewSummaryQueries(db),
    )


def create_app(settings: Settings, database_url: str) -> FastAPI:
    """The HTTP application; the projection runner runs inside it unless settings say not."""
    services = build_services(settings, database_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if settings.run_projections:
            services.runner.start()
        try:
            yield
        finally:
            services.close()

    api = FastAPI(
        title="reviewtrail",
        version="0.1.0",
        summary="System of record for multi-agency safeguarding learning reviews",
        lifespan=lifespan,
    )
    api.state.services = services
    errors.install(api)
    api.middleware("http")(_correlation_and_last_resort)
    api.include_router(health.router)
    api.include_router(reviews.router)
    return api


async def _correlation_and_last_resort(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Give each request a correlation id (echoed as X-Request-Id) and never leak a traceback."""
    request.state.correlation_id = _request_id(request.headers.get("x-request-id"))
    try:
        response = await call_next(request)
    except Exception as error:  # the last resort: handlers above already cover known errors
        response = errors.HANDLERS[Exception](request, error)
    response.headers["X-Request-Id"] = str(request.state.correlation_id)
    return response


def _request_id(header: str | None) -> UUID:
    try:
        return UUID(header) if header else uuid4()
    except ValueError:
        return uuid4()
