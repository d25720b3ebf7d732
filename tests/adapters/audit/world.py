"""Helpers for audit tests on real PostgreSQL: events recorded through the application, an
integrator with test-sized batches, verification, and an attacker's superuser connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

import psycopg

from adapters.audit.integrator import Integrator
from adapters.audit.signing_key import signing_key_for
from adapters.audit.verifier import VerificationReport, verify_database
from api.deps import Services
from domain.personal import Category, Personal
from domain.review import Jurisdiction
from tests.examples import a_meta


def record_events(services: Services, count: int) -> None:
    """``count`` events, alternating reviews and data subjects (encrypted personal fields)."""
    meta = a_meta()
    for i in range(count):
        if i % 2:
            subject = uuid4()
            services.app.register_subject(
                subject_id=subject,
                relationship="child",
                name=Personal(subject, Category.IDENTITY, f"Child {i}"),
                date_of_birth=None,
                identifiers={},
                meta=meta,
            )
        else:
            services.app.receive_notification(
                jurisdiction=Jurisdiction.WALES,
                notifying_agency=f"Agency {i}",
                summary="Serious injury.",
                received_on=date(2026, 1, 1),
                meta=meta,
            )


def an_integrator(
    services: Services, checkpoint_file: Path | None = None, *, batch: int = 5
) -> Integrator:
    """An integrator that signs a checkpoint after every batch of ``batch`` events."""
    settings = services.settings
    integrator = Integrator(
        services.db,
        signing_key_for(settings).key,
        origin=settings.audit_origin,
        checkpoint_file=checkpoint_file or settings.audit_checkpoint_file,
        batch_size=batch,
        checkpoint_interval=0.0,
        idle_wait=0.05,
    )
    integrator.setup()
    return integrator


def verify_now(
    services: Services, checkpoint_file: Path | None = None, *, hash_in_python: bool = False
) -> VerificationReport:
    public_key = signing_key_for(services.settings).key.public_key()
    return verify_database(
        services.db.url, public_key, checkpoint_file, hash_in_python=hash_in_python
    )


@contextmanager
def superuser(services: Services) -> Iterator[psycopg.Connection[Any]]:
    """The database administrator: triggers (the write-once guards) do not fire for them."""
    with psycopg.connect(services.db.url, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        yield conn


def positions(services: Services) -> list[int]:
    with services.db.connection() as conn:
        rows = conn.execute(
            "SELECT notification_id FROM reviewtrail_events ORDER BY notification_id"
        ).fetchall()
    return [int(row["notification_id"]) for row in rows]
