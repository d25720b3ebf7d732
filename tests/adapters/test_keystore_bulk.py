"""The key store's bulk path (``writing``): keys for a whole batch in a few round trips, with
the same erasure fence as one write at a time."""

from __future__ import annotations

from uuid import uuid4

import pytest

from adapters.postgres.keystore import SubjectErased
from api.deps import Services
from domain.personal import Category, Personal
from tests.adapters.test_personal_data import write_note


def test_keys_minted_in_bulk_decrypt_what_was_written_with_them(services: Services) -> None:
    people = [uuid4() for _ in range(3)]
    pairs = [(p, Category.NARRATIVE) for p in people] + [(people[0], Category.HEALTH)]
    with services.keys.writing(pairs):
        note = write_note(
            services,
            Personal(people[0], Category.HEALTH, "asthma"),
            *(Personal(p, Category.NARRATIVE, f"note about {p}") for p in people),
        )
    services.keys.cache.evict(people[0])  # read back from the key table, not the cache
    (written,) = services.app.repository.event_store.get(note)
    assert written.about.value == "asthma"
    assert [m.value for m in written.mentions] == [f"note about {p}" for p in people]


def test_a_bulk_block_uses_a_subjects_existing_key(services: Services) -> None:
    subject = uuid4()
    write_note(services, Personal(subject, Category.NARRATIVE, "first"))
    version, key = services.keys.key_for_writing(subject, Category.NARRATIVE)
    services.keys.cache.evict(subject)
    with services.keys.writing([(subject, Category.NARRATIVE)]):
        assert services.keys.key_for_writing(subject, Category.NARRATIVE) == (version, key)


def test_a_bulk_block_refuses_new_data_for_an_erased_subject(services: Services) -> None:
    erased, other = uuid4(), uuid4()
    write_note(services, Personal(erased, Category.NARRATIVE, "before"))
    services.keys.erase(erased, None)
    head = services.db.log_head()
    pairs = [(erased, Category.NARRATIVE), (other, Category.NARRATIVE)]
    with services.keys.writing(pairs), pytest.raises(SubjectErased):
        write_note(
            services,
            Personal(other, Category.NARRATIVE, "fine"),
            Personal(erased, Category.NARRATIVE, "after"),
        )
    assert services.db.log_head() == head


def test_outside_the_block_keys_are_looked_up_one_by_one_again(services: Services) -> None:
    subject = uuid4()
    with services.keys.writing([(subject, Category.NARRATIVE)]):
        pass
    services.keys.erase(subject, None)
    with pytest.raises(SubjectErased):
        write_note(services, Personal(subject, Category.NARRATIVE, "after the erasure"))
