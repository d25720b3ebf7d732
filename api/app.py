"""The composition root: every adapter is built here and nowhere else."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import Depends, FastAPI

from adapters.audit.integrator import Integrator
from adapters.audit.signing_key import signing_key_for
from adapters.crypto import DataKeyCache, KeyRing
from adapters.crypto.mapper import (
    PersonalDataMapper,
    PrefetchingEventStore,
    SealedPersonalAsDict,
)
from adapters.erasure_ledger import ErasureLedger
from adapters.keyfile import keyring_for
from adapters.postgres.audit_queries import AuditQueries
from adapters.postgres.db import Database
from adapters.postgres.event_reader import EventReader
from adapters.postgres.idempotency import IdempotencyStore
from adapters.postgres.keystore import PostgresKeyStore
from adapters.postgres.snapshots import latest_snapshot_store
from adapters.postgres.views.access_trail import AccessTrailQueries, AccessTrailTable
from adapters.postgres.views.calendar_overrides import (
    CalendarOverrideQueries,
    CalendarOverridesTable,
)
from adapters.postgres.views.deadlines import DeadlinesTable
from adapters.postgres.views.decision_trail import DecisionTrailTable
from adapters.postgres.views.disclosure_register import (
    DisclosureRegisterQueries,
    DisclosureRegisterTable,
)
from adapters.postgres.views.publications import PublicationQueries, PublicationsTable
from adapters.postgres.views.retention import RetentionQueries, RetentionTable
from adapters.postgres.views.review_state import ReviewStateQueries, ReviewStateTable
from adapters.postgres.views.review_summary import ReviewSummaryQueries, ReviewSummaryTable
from adapters.postgres.views.subject_index import SubjectIndexTable, SubjectQueries
from adapters.runner import ApplicationEventSource, ProjectionRunner, Registration
from adapters.settings import Settings
from api import contract, errors
from api.auth import (
    DEV_KEY_FILE,
    DevelopmentIssuer,
    JwksVerifier,
    RememberingVerifier,
    TokenVerifier,
)
from api.deps import Services
from api.idempotency import IdempotencyMiddleware
from api.metrics import Metrics
from api.query import single_valued_query
from api.request_context import RequestContextMiddleware
from api.routes import (
    audit,
    calendars,
    clocks,
    dashboards,
    decision_trail,
    foi,
    health,
    metrics,
    publications,
    redaction,
    retention,
    review_commands_commissioning,
    review_commands_engagement,
    review_commands_evidence,
    review_commands_intake,
    review_commands_publication,
    review_commands_report,
    reviews,
    sar,
    subjects,
)
from domain.application import ReviewTrail
from domain.clocks.registry import Clocks
from domain.rules import clock_registry
from projections.access_trail import AccessTrailProjection
from projections.calendar_overrides import CalendarOverridesProjection
from projections.deadlines import DeadlinesProjection
from projections.decision_trail import DecisionTrailProjection
from projections.disclosure_register import DisclosureRegisterProjection
from projections.publications import PublicationsProjection
from projections.retention import RetentionProjection
from projections.review_state import ReviewStateProjection
from projections.review_summary import ReviewSummaryProjection
from projections.subject_index import SubjectIndexProjection

log = logging.getLogger(__name__)
REVIEW_COMMANDS = (
    review_commands_intake,
    review_commands_commissioning,
    review_commands_evidence,
    review_commands_engagement,
    review_commands_report,
    review_commands_publication,
)


def registrations(ring: KeyRing) -> list[Registration]:
    """Every read model and the table behind it."""
    return [
        Registration(ReviewSummaryProjection(), ReviewSummaryTable()),
        Registration(ReviewStateProjection(), ReviewStateTable()),
        Registration(CalendarOverridesProjection(), CalendarOverridesTable()),
        Registration(SubjectIndexProjection(), SubjectIndexTable(ring.blind_index_key)),
        Registration(AccessTrailProjection(), AccessTrailTable()),
        Registration(DisclosureRegisterProjection(), DisclosureRegisterTable()),
        Registration(RetentionProjection(), RetentionTable()),
        Registration(PublicationsProjection(), PublicationsTable()),
        Registration(DecisionTrailProjection(), DecisionTrailTable()),
        Registration(DeadlinesProjection(), DeadlinesTable()),
    ]


def build_verifier(settings: Settings) -> RememberingVerifier:
    verifier: TokenVerifier
    if settings.auth_jwks_url:
        verifier = JwksVerifier(
            settings.auth_jwks_url,
            settings.auth_issuer,
            settings.auth_audience,
            list(settings.auth_algorithms),
        )
    else:
        verifier = development_issuer(settings)
    return RememberingVerifier(verifier)


def development_issuer(settings: Settings) -> DevelopmentIssuer:
    key_path = settings.var_dir / DEV_KEY_FILE
    return DevelopmentIssuer(key_path, settings.auth_issuer, settings.auth_audience)


def build_integrator(settings: Settings, db: Database) -> Integrator:
    """The audit log's integrator, with its signing key and checkpoint file, tables created."""
    integrator = Integrator(
        db,
        signing_key_for(settings).key,
        origin=settings.audit_origin,
        checkpoint_file=settings.audit_checkpoint_file,
        batch_size=settings.audit_batch_size,
        checkpoint_interval=settings.audit_checkpoint_interval_seconds,
    )
    integrator.setup()
    return integrator


def build_services(settings: Settings, database_url: str) -> Services:
    """Connect to PostgreSQL, create the schema and wire every adapter."""
    settings.check_production_safety()
    env = settings.eventsourcing_env(database_url)
    ring = keyring_for(settings)
    db = Database(
        database_url, max_size=settings.pool_size, timeout=settings.database_timeout_seconds
    )
    # Views are read from a replica when one is configured; commands, keys, idempotency and
    # calendars (which commands compute with) stay on the primary.
    query_db = db
    if settings.query_database_url is not None:
        query_db = Database(
            settings.query_database_url,
            max_size=settings.pool_size,
            timeout=settings.database_timeout_seconds,
        )
    keys = PostgresKeyStore(
        db,
        ring,
        DataKeyCache(max_entries=settings.key_cache_size),
        reload_ring=lambda: keyring_for(settings),
        ledger=ErasureLedger(settings.erasure_ledger_file),
    )
    keys.create_schema()
    application = ReviewTrail(
        env,
        extra_transcodings=[SealedPersonalAsDict()],
        mapper_factory=lambda transcoder: PersonalDataMapper(transcoder, keys=keys),
        subject_keys=keys,
        event_store_factory=PrefetchingEventStore,
        snapshot_store_factory=latest_snapshot_store,
    )
    runner = ProjectionRunner(
        db,
        ApplicationEventSource(application),
        registrations(ring),
        batch_size=settings.projection_batch_size,
    )
    runner.setup()
    idempotency = IdempotencyStore(db, ttl_seconds=settings.idempotency_ttl_seconds)
    idempotency.create_schema()
    calendar_overrides = CalendarOverrideQueries(db)
    return Services(
        settings=settings,
        db=db,
        query_db=query_db,
        app=application,
        runner=runner,
        verifier=build_verifier(settings),
        reviews=ReviewSummaryQueries(query_db),
        review_states=ReviewStateQueries(query_db),
        keys=keys,
        subjects=SubjectQueries(query_db, ring.blind_index_key),
        events=EventReader(db, application.mapper),
        calendars=calendar_overrides,
        clocks=Clocks(clock_registry(), calendar_overrides),
        idempotency=idempotency,
        integrator=build_integrator(settings, db),
        audit=AuditQueries(query_db),
        access=AccessTrailQueries(query_db),
        register=DisclosureRegisterQueries(query_db),
        retention=RetentionQueries(db),  # disposition commands check the queue
        publications=PublicationQueries(query_db),
    )


def create_app(settings: Settings, database_url: str) -> FastAPI:
    """The HTTP application; the projection runner runs inside it unless settings say not."""
    services = build_services(settings, database_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        services.keys.start_listening()
        if settings.run_projections:
            services.runner.start()
        else:  # another process runs them: wake read-your-writes waits when it commits
            services.runner.follow()
        if settings.run_audit_integrator:
            services.integrator.start()
        try:
            yield
        finally:
            services.close()

    api = assemble(lifespan)
    api.state.services = services
    return api


def assemble(
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
) -> FastAPI:
    """Routes, error handlers and middleware, without services: ``docs/openapi.json`` is the
    OpenAPI document of exactly this application (``scripts/openapi``)."""
    api = FastAPI(
        title="reviewtrail",
        version="0.1.0",
        summary="System of record for multi-agency safeguarding learning reviews",
        lifespan=lifespan,
        dependencies=[Depends(single_valued_query)],
        redoc_url=None,  # only /health, /openapi.json and /docs answer without a token
    )
    api.state.metrics = Metrics()
    errors.install(api)
    api.add_middleware(IdempotencyMiddleware)  # inside the correlation middleware
    api.add_middleware(RequestContextMiddleware)  # outermost of ours
    api.include_router(health.router)
    api.include_router(metrics.router)
    api.include_router(reviews.router)
    for area in REVIEW_COMMANDS:
        api.include_router(area.router)
    api.include_router(subjects.router)
    api.include_router(clocks.router)
    api.include_router(calendars.router)
    api.include_router(dashboards.router)
    api.include_router(audit.router)
    api.include_router(decision_trail.router)
    api.include_router(foi.exemptions_router)
    api.include_router(foi.router)
    api.include_router(sar.router)
    api.include_router(redaction.router)
    api.include_router(retention.router)
    api.include_router(publications.router)
    contract.finish(api)  # after every router: documents what the routes above return
    return api
