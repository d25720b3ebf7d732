from datetime import date

import psycopg
import pytest

from adapters.settings import eventsourcing_env
from api.deps import Services
from domain.application import PersistenceMisconfigured, ReviewTrail
from domain.errors import ConcurrencyConflict
from domain.review import Jurisdiction, Review
from tests.examples import a_meta


def test_the_application_refuses_in_memory_persistence() -> None:
    with pytest.raises(PersistenceMisconfigured):
        ReviewTrail({"PERSISTENCE_MODULE": "eventsourcing.popo"})


def test_stray_environment_variables_cannot_redirect_the_event_store(
    monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    monkeypatch.setenv("PERSISTENCE_MODULE", "eventsourcing.popo")
    monkeypatch.setenv("REVIEWTRAIL_PERSISTENCE_MODULE", "eventsourcing.popo")
    app = ReviewTrail(eventsourcing_env(database_url))
    assert type(app.recorder).__module__ == "eventsourcing.postgres"
    app.close()


def test_a_recorded_notification_is_stored_with_its_meta(services: Services) -> None:
    meta = a_meta(partnership="p-gwent", actor="admin-3")
    receipt = services.app.receive_notification(
        jurisdiction=Jurisdiction.WALES,
        notifying_agency="Gwent Police",
        summary="Serious harm.",
        received_on=date(2026, 2, 1),
        meta=meta,
    )
    with psycopg.connect(services.db.url) as conn:
        row = conn.execute(
            "SELECT topic, state FROM reviewtrail_events WHERE notification_id = %s",
            (receipt.position,),
        ).fetchone()
    assert row is not None
    assert row[0] == "reviewtrail.Review.NotificationReceived"
    assert b'"actor_id":"admin-3"' in bytes(row[1])
    assert b'"partnership_id":"p-gwent"' in bytes(row[1])
    stored: Review = services.app.repository.get(receipt.id)
    assert stored.received_on == date(2026, 2, 1)


def test_a_stale_save_is_a_conflict_and_records_nothing(services: Services) -> None:
    receipt = services.app.receive_notification(
        jurisdiction=Jurisdiction.ENGLAND,
        notifying_agency="Leeds City Council",
        summary="Serious injury.",
        received_on=date(2026, 2, 1),
        meta=a_meta(),
    )
    first: Review = services.app.repository.get(receipt.id)
    second: Review = services.app.repository.get(receipt.id)
    first.request_information(agency="NHS Wales", due_on=date(2026, 2, 15), meta=a_meta())
    services.app.record(first)
    second.request_information(agency="Education", due_on=date(2026, 2, 15), meta=a_meta())
    head = services.db.log_head()
    with pytest.raises(ConcurrencyConflict) as conflict:
        services.app.record(second)
    assert conflict.value.current_version == 2
    assert services.db.log_head() == head
