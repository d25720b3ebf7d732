"""Field-level encryption, crypto-shredding and key rotation on real PostgreSQL."""

from __future__ import annotations

import time
from uuid import UUID, uuid4

import psycopg
import pytest
from eventsourcing.domain import Aggregate, event

from adapters.crypto import FieldTamperedError, KeyContext, KeyRing, load_keyring, write_keyfile
from adapters.keyfile import keyring_for
from adapters.postgres.keystore import SubjectErased
from adapters.settings import Mode, Settings, SettingsError
from api.app import build_services
from api.deps import Services
from domain.meta import Meta
from domain.personal import Category, Personal
from tests.canary import canary, leaks, pg_dump
from tests.examples import a_meta


class CaseNote(Aggregate):
    """A test aggregate holding two people's data in one event."""

    @event("Written")
    def __init__(self, *, about: Personal, mentions: list[Personal], meta: Meta) -> None:
        pass

    @event("Added")
    def add(self, *, note: Personal, meta: Meta) -> None:
        pass


def write_note(services: Services, about: Personal, *mentions: Personal) -> UUID:
    note = CaseNote(about=about, mentions=list(mentions), meta=a_meta())
    services.app.record(note)
    return note.id


def stored_state(services: Services, aggregate_id: UUID) -> bytes:
    with psycopg.connect(services.db.url) as conn:
        rows = conn.execute(
            "SELECT state FROM reviewtrail_events WHERE originator_id = %s", (aggregate_id,)
        ).fetchall()
    return b"".join(bytes(r[0]) for r in rows)


def test_a_personal_value_round_trips_but_is_never_stored_in_clear(services: Services) -> None:
    secret = canary("name")
    about = Personal(uuid4(), Category.IDENTITY, secret)
    note_id = write_note(services, about)
    assert not leaks(stored_state(services, note_id), secret)
    assert services.app.repository.get(note_id).collect_events() == []
    (event,) = services.app.repository.event_store.get(note_id)
    assert event.about == about


def test_a_ciphertext_moved_to_another_row_fails_to_decrypt(services: Services) -> None:
    subject = uuid4()
    first = write_note(services, Personal(subject, Category.NARRATIVE, "one"))
    second = write_note(services, Personal(subject, Category.NARRATIVE, "two"))
    with psycopg.connect(services.db.url, autocommit=True) as conn:
        conn.execute(
            "UPDATE reviewtrail_events SET state = (SELECT state FROM reviewtrail_events"
            " WHERE originator_id = %s) WHERE originator_id = %s",
            (first, second),
        )
    with pytest.raises(FieldTamperedError):
        list(services.app.repository.event_store.get(second))


def test_erasure_turns_values_into_placeholders_and_leaves_no_plaintext(
    services: Services, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    secret = canary("erase")
    subject, bystander = uuid4(), uuid4()
    note_id = write_note(
        services,
        Personal(subject, Category.IDENTITY, secret),
        Personal(bystander, Category.IDENTITY, "kept"),
    )
    services.runner.catch_up_all()
    assert services.app.subject_keys.erase(subject, None) == 1
    (event,) = services.app.repository.event_store.get(note_id)
    assert event.about == Personal.erased(subject, Category.IDENTITY)
    assert event.about.display == "[erased]"
    assert event.mentions[0].value == "kept"
    services.runner.rebuild("subject_index")
    assert not leaks(pg_dump(database_url), secret)
    assert secret not in caplog.text


def test_an_aggregates_data_keys_are_read_in_one_query_and_erased_ones_stay_erased(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = [uuid4() for _ in range(4)]
    about, *mentions = (Personal(p, Category.IDENTITY, f"person {i}") for i, p in enumerate(people))
    note_id = write_note(services, about, *mentions)
    services.app.subject_keys.erase(people[3], None)
    services.keys.cache.clear()

    load_one, load_many = services.keys._load, services.keys._load_many
    alone: list[UUID] = []
    reads: list[int] = []

    def one(context: KeyContext) -> bytes | None:
        alone.append(context.subject_id)
        return load_one(context)

    def many(contexts: list[KeyContext]) -> dict[KeyContext, bytes]:
        reads.append(len(contexts))
        return load_many(contexts)

    monkeypatch.setattr(services.keys, "_load", one)
    monkeypatch.setattr(services.keys, "_load_many", many)
    (event,) = services.app.repository.event_store.get(note_id)
    assert reads == [4]
    assert alone == [people[3]]  # found missing in the one query, and confirmed on its own
    assert event.about.value == "person 0"
    assert [m.value for m in event.mentions[:2]] == ["person 1", "person 2"]
    assert event.mentions[2] == Personal.erased(people[3], Category.IDENTITY)


def test_erasing_one_category_keeps_the_others(services: Services) -> None:
    subject = uuid4()
    note = CaseNote(about=Personal(subject, Category.IDENTITY, "Alex"), mentions=[], meta=a_meta())
    note.add(note=Personal(subject, Category.HEALTH, "asthma"), meta=a_meta())
    services.app.record(note)
    services.app.subject_keys.erase(subject, Category.HEALTH)
    written, added = services.app.repository.event_store.get(note.id)
    assert written.about.value == "Alex"
    assert added.note.is_erased


def test_new_data_for_an_erased_subject_is_refused_until_a_new_key_is_authorised(
    services: Services,
) -> None:
    subject = uuid4()
    old = write_note(services, Personal(subject, Category.NARRATIVE, "before"))
    services.app.subject_keys.erase(subject, None)
    head = services.db.log_head()
    with pytest.raises(SubjectErased) as refused:
        write_note(services, Personal(subject, Category.NARRATIVE, "after"))
    assert refused.value.rule == "personal.subject-erased"
    assert services.db.log_head() == head

    services.app.subject_keys.authorise_new_key(subject, None)
    new = write_note(services, Personal(subject, Category.NARRATIVE, "after"))
    (old_event,) = services.app.repository.event_store.get(old)
    (new_event,) = services.app.repository.event_store.get(new)
    assert old_event.about.is_erased
    assert new_event.about.value == "after"


def test_kek_rotation_rewraps_keys_without_touching_events(
    services: Services, settings: Settings
) -> None:
    note_id = write_note(services, Personal(uuid4(), Category.CONTACT, "1 High Street"))
    before = stored_state(services, note_id)
    rotated = load_keyring(settings.key_path).rotated()
    write_keyfile(rotated, settings.key_path, replace=True)
    assert services.keys.rotate_kek(rotated) == 1
    services.keys.cache.clear()
    assert stored_state(services, note_id) == before
    (event,) = services.app.repository.event_store.get(note_id)
    assert event.about.value == "1 High Street"
    with psycopg.connect(services.db.url) as conn:
        assert conn.execute("SELECT DISTINCT kek_version FROM subject_keys").fetchall() == [(2,)]


def test_an_erasure_in_one_process_evicts_the_key_cached_by_another(
    services: Services, settings: Settings, database_url: str
) -> None:
    subject = uuid4()
    note_id = write_note(services, Personal(subject, Category.IDENTITY, "Sam"))
    other = build_services(settings, database_url)
    other.keys.start_listening()
    try:
        assert next(iter(other.app.repository.event_store.get(note_id))).about.value == "Sam"
        time.sleep(0.2)  # let the listener subscribe before the erasure is announced
        services.app.subject_keys.erase(subject, None)
        assert eventually(
            lambda: next(iter(other.app.repository.event_store.get(note_id))).about.is_erased
        )
    finally:
        other.close()


def eventually(check: object, attempts: int = 100) -> bool:
    for _ in range(attempts):
        if check():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_production_refuses_a_development_key_ring(settings: Settings) -> None:
    keyring_for(settings)
    production = settings.model_copy(update={"mode": Mode.PRODUCTION})
    with pytest.raises(SettingsError, match="development key ring"):
        keyring_for(production)


def test_production_refuses_a_missing_key_file(settings: Settings) -> None:
    production = settings.model_copy(update={"mode": Mode.PRODUCTION})
    with pytest.raises(SettingsError, match="not found"):
        keyring_for(production)


def test_a_production_key_ring_is_accepted(settings: Settings) -> None:
    settings.key_path.parent.mkdir(parents=True)
    write_keyfile(KeyRing.generate(development=False), settings.key_path)
    production = settings.model_copy(update={"mode": Mode.PRODUCTION})
    assert not keyring_for(production).is_development
