"""``reviewtrail demo --reviews N``: bulk demo data through the real use cases and mapper."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from eventsourcing.application import Repository
from psycopg import sql

from adapters.postgres.snapshots import review_versions
from adapters.settings import Settings
from api.app import build_services
from api.cli.demo_generator import Generated, generate
from api.deps import Services
from domain.personal import Personal
from domain.review.snapshot import SNAPSHOT_INTERVAL
from domain.rules import all_rule_sets
from tests.api.test_cli_subjects import cli
from tests.canary import leaks, pg_dump
from tests.conftest import with_dbname

REVIEWS = 6  # rule sets come in turn, so every one is among the first five


@pytest.fixture
def services(settings: Settings, database_url: str) -> Iterator[Services]:
    built = build_services(settings, database_url)
    yield built
    built.close()


@pytest.fixture
def other_services(settings: Settings, pg_server_url: str) -> Iterator[Services]:
    """Services on a second fresh database (same key files: the values are compared)."""
    name = f"rt_test_{uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    built = build_services(settings, with_dbname(pg_server_url, name))
    yield built
    built.close()
    with psycopg.connect(pg_server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def recorded(services: Services) -> list[tuple[str, int, list[str]]]:
    """Every event in log order: its topic, version and decrypted personal values."""
    notifications = services.app.recorder.select_notifications(start=1, limit=100_000)
    return [
        (n.topic, n.originator_version, personal_values(services.app.mapper.to_domain_event(n)))
        for n in notifications
    ]


def personal_values(event: Any) -> list[str]:
    found: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, Personal):
            found.append(str(value.value))
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)
        elif isinstance(value, list | tuple):
            for item in value:
                visit(item)

    visit(vars(event))
    return found


def test_generated_reviews_run_under_every_shipped_rule_set(services: Services) -> None:
    generated = generate(services, REVIEWS, seed=1)
    assert generated.reviews == REVIEWS
    assert set(generated.rule_sets) == {r.id.split("@")[0] for r in all_rule_sets()}
    assert generated.events == services.db.log_head()


def test_generated_reviews_reach_many_stages_with_requests_about_them(
    services: Services,
) -> None:
    generated = generate(services, 40, seed=2)
    assert len(generated.stages) >= 5
    assert generated.stages["closed"] > 0
    assert generated.foi_requests > 0
    assert generated.sars > 0
    topics = {topic for topic, _, _ in recorded(services)}
    for event in (
        "ChronologySubmitted",
        "FamilyLiaisonStrategyAgreed",
        "FamilyParticipationAgreed",
        "FamilyMeetingHeld",
        "FamilyViewsRecorded",
        "ParticipantResponded",
        "LearningEventHeld",
        "ParticipantAttended",
        "CoverageRecorded",
        "EvaluationReturned",
        "RecommendationProposed",
        "FamilyFeedbackGiven",
        "ReportPublished",
        "ActionCompleted",
        "FoiResponded",
        "SarResponded",
    ):
        assert any(topic.endswith(event) for topic in topics), event
    # In the guidance's order: the family is met before any learning event, so none is held
    # with the warning that the family's views come first.
    notifications = services.app.recorder.select_notifications(start=1, limit=100_000)
    held: list[Any] = [
        services.app.mapper.to_domain_event(n)
        for n in notifications
        if n.topic.endswith("LearningEventHeld")
    ]
    assert held
    assert [e.warnings for e in held if e.warnings] == []


def test_the_same_seed_gives_the_same_data(services: Services, other_services: Services) -> None:
    generate(services, REVIEWS, seed=3)
    generate(other_services, REVIEWS, seed=3)
    assert recorded(services) == recorded(other_services)


def test_another_seed_gives_other_people(services: Services, other_services: Services) -> None:
    generate(services, REVIEWS, seed=4)
    generate(other_services, REVIEWS, seed=5)
    assert recorded(services) != recorded(other_services)


def test_an_events_target_generates_until_the_log_has_grown_that_much(
    services: Services,
) -> None:
    generated = generate(services, events=300, seed=6)
    assert 300 <= generated.events == services.db.log_head()
    assert generated.reviews >= 2


def test_generated_reviews_are_snapshotted_where_commands_would_snapshot_them(
    services: Services,
) -> None:
    generate(services, REVIEWS, seed=10)
    snapshots = services.app.snapshots
    assert snapshots is not None
    snapshotted = 0
    for review_id, version in review_versions(services.db):
        latest = list(snapshots.get(review_id, desc=True, limit=1))
        if version < SNAPSHOT_INTERVAL:
            assert latest == []
            continue
        (snapshot,) = latest
        assert version - SNAPSHOT_INTERVAL < snapshot.originator_version <= version
        # Taken mid-batch: the snapshot holds the review as it was then, not as it ended.
        with_snapshot = services.app.repository.get(review_id)
        assert vars(with_snapshot) == vars(Repository(services.app.events).get(review_id))
        snapshotted += 1
    assert snapshotted > 0


def test_a_sample_of_children_can_be_found_by_name_and_birth_date(services: Services) -> None:
    generated: Generated = generate(services, REVIEWS, seed=7)
    services.runner.catch_up_all()
    child = generated.children[0]
    found = services.subjects.search(
        child.partnership, {"name": child.name, "date-of-birth": str(child.date_of_birth)}
    )
    assert child.subject_id in {row["subject_id"] for row in found}


def test_no_generated_personal_value_is_in_plaintext_anywhere_in_the_database(
    services: Services,
) -> None:
    generate(services, REVIEWS, seed=8)
    services.runner.catch_up_all()
    services.integrator.integrate()
    values = {v for _, _, vs in recorded(services) for v in vs}
    # A date of birth alone may equal a non-personal date (a review's); every other value is
    # text only a person's record holds.
    checked = {v for v in values if len(v) >= 8 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)}
    assert len(checked) > 100
    with psycopg.connect(services.db.url) as conn:  # snapshots hold them too, sealed
        assert conn.execute("SELECT count(*) FROM reviewtrail_snapshots").fetchone() != (0,)
    dump = pg_dump(services.db.url)
    assert [v for v in checked if leaks(dump, v)] == []


def test_the_cli_generates_reviews_with_a_summary(database_url: str, tmp_path: Path) -> None:
    done = cli(database_url, tmp_path / "var", "demo", "--reviews", "3", "--seed", "9")
    assert done.returncode == 0, done.stderr
    assert "reviews" in done.stderr
    assert "projections caught up in" in done.stderr


def test_the_cli_refuses_a_seed_the_database_already_holds(
    database_url: str, tmp_path: Path
) -> None:
    assert cli(database_url, tmp_path / "var", "demo", "--reviews", "1").returncode == 0
    head = log_head(database_url)
    again = cli(database_url, tmp_path / "var", "demo", "--reviews", "1")
    assert again.returncode == 2
    assert "already holds demo data of seed 0" in again.stderr
    assert log_head(database_url) == head


def log_head(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT max(notification_id) FROM reviewtrail_events").fetchone()
    return int(row[0]) if row and row[0] else 0
