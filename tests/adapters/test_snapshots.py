"""Review snapshots on real PostgreSQL: taken by commands, sealed like events, erased with the
subject, retired when the aggregate's shape changes, and back-filled by ``snapshots take``."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from eventsourcing.application import Repository

from adapters.postgres.keystore import PostgresKeyStore
from adapters.postgres.snapshots import review_versions
from api.cli.demo import CASES, complete_review
from api.cli.demo_review import meta
from api.deps import Services
from domain import application as application_module
from domain.personal import Personal, Withheld
from domain.review import Review
from domain.review import snapshot as snapshot_module
from domain.review.snapshot import SNAPSHOT_INTERVAL, ReviewSnapshot, snapshot_of
from domain.subject import DataSubject
from tests.api.test_cli_subjects import cli
from tests.canary import leaks, pg_dump


def snapshot_rows(services: Services) -> dict[UUID, list[int]]:
    """The versions stored in the snapshots table, per aggregate."""
    with psycopg.connect(services.db.url) as conn:
        rows = conn.execute(
            "SELECT originator_id, originator_version FROM reviewtrail_snapshots"
            " ORDER BY originator_id, originator_version"
        ).fetchall()
    found: dict[UUID, list[int]] = {}
    for originator_id, version in rows:
        found.setdefault(originator_id, []).append(version)
    return found


def replayed(services: Services, review_id: UUID) -> Review:
    """The review rebuilt from its first event, no snapshot used."""
    review: Review = Repository(services.app.events).get(review_id)
    return review


def personal_leaves(value: Any) -> list[Personal]:
    if isinstance(value, Personal):
        return [value]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in personal_leaves(item)]
    if isinstance(value, list | tuple):
        return [leaf for item in value for leaf in personal_leaves(item)]
    return []


def personal_values(value: Any) -> set[str]:
    return {leaf.value for leaf in personal_leaves(value) if leaf.value is not None}


def erase(services: Services, subject_id: UUID) -> None:
    """Erase every category of the subject's data, as a DP lead."""
    services.app.erase_subject(
        subject_id,
        category=None,
        reason="retention period ended",
        legal_basis="UK GDPR Art. 17(1)(a)",
        meta=meta("dp-lead"),
    )


@pytest.fixture
def reviews(services: Services) -> list[UUID]:
    """One complete review per demo case, recorded command by command."""
    return [complete_review(services, case) for case in CASES[:2]]


def test_commands_snapshot_reviews_and_reads_equal_a_full_replay(
    services: Services, reviews: list[UUID]
) -> None:
    stored = snapshot_rows(services)
    for review_id in reviews:
        review = services.app.get_review(review_id, meta("chair").partnership_id)
        assert review.version > 2 * SNAPSHOT_INTERVAL  # several snapshots were taken...
        (version,) = stored[review_id]  # ...and only the latest is kept
        assert review.version - SNAPSHOT_INTERVAL < version <= review.version
        assert vars(review) == vars(replayed(services, review_id))


def test_only_reviews_are_looked_for_in_the_snapshot_store(
    services: Services, reviews: list[UUID], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = services.app.snapshots
    assert store is not None
    looked: list[UUID] = []
    original = store.get

    def get(originator_id: UUID, **options: Any) -> Any:
        looked.append(originator_id)
        return original(originator_id, **options)

    monkeypatch.setattr(store, "get", get)
    partnership = meta("chair").partnership_id
    subject_id = next(iter(replayed(services, reviews[0]).family))
    services.app.get_owned(DataSubject, subject_id, partnership)
    assert looked == []  # a round trip saved on every read of anything but a review
    services.app.get_review(reviews[0], partnership)
    assert looked == [reviews[0]]


def test_a_snapshot_seals_every_personal_value(services: Services, reviews: list[UUID]) -> None:
    values = set().union(*(personal_values(vars(replayed(services, r))) for r in reviews))
    # Dates of birth may equal non-personal dates; every other value only a record holds.
    checked = {v for v in values if len(v) >= 8 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)}
    assert len(checked) > 20
    assert set(snapshot_rows(services)) >= set(reviews)
    dump = pg_dump(services.db.url)
    assert [v for v in checked if leaks(dump, v)] == []


def test_erasing_a_subject_erases_it_from_the_snapshot(
    services: Services, reviews: list[UUID]
) -> None:
    review_id = reviews[0]
    subject_id = next(iter(replayed(services, review_id).family))
    erase(services, subject_id)
    assert review_id in snapshot_rows(services)
    review = services.app.get_review(review_id, meta("chair").partnership_id)
    assert vars(review) == vars(replayed(services, review_id))
    about = [leaf for leaf in personal_leaves(vars(review)) if leaf.subject_id == subject_id]
    assert about
    assert all(leaf.withheld is Withheld.ERASED for leaf in about)
    # Nothing can seal an erased value again: such a review is not snapshotted.
    assert snapshot_of(review) is None


def test_a_snapshot_of_an_older_shape_is_ignored_then_replaced(
    services: Services, reviews: list[UUID], monkeypatch: pytest.MonkeyPatch
) -> None:
    review_id = reviews[0]
    assert len(snapshot_rows(services)[review_id]) == 1
    monkeypatch.setattr(snapshot_module, "SCHEMA", snapshot_module.SCHEMA + 1)
    snapshot_module.expected_fingerprint.cache_clear()
    try:
        assert list(services.app.snapshots.get(review_id, desc=True, limit=1)) == []  # type: ignore[union-attr]
        review = services.app.get_review(review_id, meta("chair").partnership_id)
        assert vars(review) == vars(replayed(services, review_id))
        at = services.app.snapshot_review(review_id, review.version)
        assert at == review.version // SNAPSHOT_INTERVAL * SNAPSHOT_INTERVAL
        assert snapshot_rows(services)[review_id] == [at]
        (current,) = services.app.snapshots.get(review_id, desc=True, limit=1)  # type: ignore[union-attr]
        assert isinstance(current, ReviewSnapshot)
        assert current.is_current()
    finally:
        monkeypatch.undo()
        snapshot_module.expected_fingerprint.cache_clear()


def test_a_snapshot_that_cannot_be_written_does_not_fail_the_command(
    services: Services, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(*_: Any, **__: Any) -> None:
        raise psycopg.OperationalError("the snapshots table is unavailable")

    monkeypatch.setattr(services.app.snapshots, "put", refuse)
    completes_without_snapshots(services, caplog, "OperationalError", "unavailable")


def test_a_snapshot_that_cannot_be_taken_does_not_fail_the_command(
    services: Services, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("a value the state could not encode")

    monkeypatch.setattr(application_module, "snapshot_of", broken)
    completes_without_snapshots(services, caplog, "RuntimeError", "could not encode")


def completes_without_snapshots(
    services: Services, caplog: pytest.LogCaptureFixture, error: str, message: str
) -> None:
    """A whole review is recorded, none of it snapshotted, and the log names the error's type
    but never its message."""
    with caplog.at_level(logging.WARNING):
        review_id = complete_review(services, CASES[0])
    assert services.app.get_review(review_id, meta("chair").partnership_id).version > 20
    assert snapshot_rows(services) == {}
    assert f"snapshots not written ({error})" in caplog.text
    assert message not in caplog.text


def test_saving_a_review_with_nothing_new_takes_no_snapshot(
    services: Services, reviews: list[UUID]
) -> None:
    before = snapshot_rows(services)
    review = services.app.get_review(reviews[0], meta("chair").partnership_id)
    services.app.save(review)
    assert snapshot_rows(services) == before


def test_the_cli_backfills_snapshots_where_commands_would_have_taken_them(
    services: Services, reviews: list[UUID], database_url: str, settings: Any
) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("DELETE FROM reviewtrail_snapshots")
    var_dir: Path = settings.var_dir
    done = cli(database_url, var_dir, "snapshots", "take")
    assert done.returncode == 0, done.stderr
    assert f"{len(reviews)} snapshots taken" in done.stderr
    versions = dict(review_versions(services.db))
    assert snapshot_rows(services) == {
        r: [versions[r] // SNAPSHOT_INTERVAL * SNAPSHOT_INTERVAL] for r in reviews
    }
    for review_id in reviews:
        review = services.app.get_review(review_id, meta("chair").partnership_id)
        assert vars(review) == vars(replayed(services, review_id))
    again = cli(database_url, var_dir, "snapshots", "take")
    assert again.returncode == 0, again.stderr
    assert "0 snapshots taken" in again.stderr


def test_a_snapshot_never_seals_an_erased_value_under_a_newer_key(
    services: Services, reviews: list[UUID], caplog: pytest.LogCaptureFixture
) -> None:
    """The race docs/security.md names: a review rebuilt, then its subject erased, a new key
    authorised and minted, and only then the snapshot sealed. The values read before the
    erasure must not come back under the new key."""
    review_id, partnership = reviews[0], meta("chair").partnership_id
    review = services.app.get_review(review_id, partnership)
    subject_id = next(iter(review.family))
    about = [leaf for leaf in personal_leaves(vars(review)) if leaf.subject_id == subject_id]
    assert about
    assert all(leaf.value is not None for leaf in about)
    taken = snapshot_of(review)  # taken in hand before the erasure, sealed after it
    assert taken is not None
    before = snapshot_rows(services)[review_id]

    erase(services, subject_id)
    services.app.authorise_new_key(
        subject_id, category=None, reason="new contact with the family", meta=meta("dp-lead")
    )
    keys = services.app.subject_keys
    assert isinstance(keys, PostgresKeyStore)
    for category in {leaf.category for leaf in about}:
        assert keys.key_for_writing(subject_id, category)[0] > 1  # a new key version is minted

    with caplog.at_level(logging.INFO):
        services.app.put_snapshots([taken])

    assert snapshot_rows(services)[review_id] == before  # refused, not sealed under the new key
    assert "a snapshot was skipped" in caplog.text
    assert str(subject_id) not in caplog.text
    assert "snapshots not written" not in caplog.text  # an expected refusal, not a failure
    again = services.app.get_review(review_id, partnership)
    assert vars(again) == vars(replayed(services, review_id))
    erased = [leaf for leaf in personal_leaves(vars(again)) if leaf.subject_id == subject_id]
    assert erased
    assert all(leaf.withheld is Withheld.ERASED for leaf in erased)
