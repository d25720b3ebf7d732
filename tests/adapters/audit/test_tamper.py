"""A database administrator tampers with the log or the tree; verification names what and where.

Twenty events are recorded through the application (half with encrypted personal fields) and
integrated in batches of five, with a checkpoint signed after each batch, in the database and
in the external checkpoint file. Each test then edits the database as a superuser (write-once
triggers do not stop one) and checks the first finding's kind and log position, once with the
events hashed in the verifier's process and once in a second process sharing its snapshot.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from adapters.audit import stored_tree
from adapters.audit.verifier import Damage, VerificationReport
from adapters.postgres import audit_queries
from api.deps import Services
from tests.adapters.audit.world import (
    an_integrator,
    positions,
    record_events,
    superuser,
    verify_now,
)

EVENTS = 20
BATCH = 5


@dataclass(frozen=True)
class Log:
    services: Services
    positions: list[int]
    checkpoint_file: Path
    hash_in_python: bool = False

    def verify(self) -> VerificationReport:
        return verify_now(self.services, self.checkpoint_file, hash_in_python=self.hash_in_python)


def integrate(services: Services) -> Log:
    file = services.settings.audit_checkpoint_file
    an_integrator(services, file, batch=BATCH).integrate()
    return Log(services, positions(services), file)


@pytest.fixture(
    params=[
        "hashed here, tree in blocks of 4",
        "hashed by PostgreSQL, tree leafwise",
        "hashed in a second Python process, tree leafwise",
    ]
)
def log(services: Services, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Log:
    # A long log's events are hashed beside the verifier (audit_hashing: by PostgreSQL, or with
    # --hash-in-python by a second process) and its stored tree rebuilt in blocks of 4,096
    # leaves (stored_tree): every tamper is checked on each path, whatever the log's length.
    if request.param.startswith("hashed here"):
        monkeypatch.setattr(stored_tree, "HEIGHT", 2)
        monkeypatch.setattr(stored_tree, "BLOCK", 4)
    else:
        monkeypatch.setattr(audit_queries, "PARALLEL_FROM", 0)
    record_events(services, EVENTS)
    log = integrate(services)
    return replace(log, hash_in_python=request.param.startswith("hashed in a second Python"))


def first(report: VerificationReport) -> tuple[Damage, int | None]:
    assert report.first is not None, report.summary()
    return report.first.kind, report.first.position


def test_an_untouched_log_verifies_against_every_checkpoint(log: Log) -> None:
    report = log.verify()
    assert report.intact, [f.describe() for f in report.findings]
    assert report.leaves == EVENTS
    assert report.checkpoints == 2 * EVENTS // BATCH  # database and file, one per batch


def test_one_changed_byte_in_an_events_ciphertext_is_an_altered_event_at_its_position(
    log: Log,
) -> None:
    target = log.positions[7]
    with superuser(log.services) as db:
        row = db.execute(
            "SELECT state FROM reviewtrail_events WHERE notification_id = %s", (target,)
        ).fetchone()
        assert row is not None
        changed = bytearray(row[0])
        changed[len(changed) // 2] ^= 0x01
        db.execute(
            "UPDATE reviewtrail_events SET state = %s WHERE notification_id = %s",
            (bytes(changed), target),
        )
    assert first(log.verify()) == (Damage.ALTERED_EVENT, target)


def test_a_deleted_event_is_missing_at_its_position(log: Log) -> None:
    target = log.positions[7]
    with superuser(log.services) as db:
        db.execute("DELETE FROM reviewtrail_events WHERE notification_id = %s", (target,))
    assert first(log.verify()) == (Damage.MISSING_EVENT, target)


def test_an_event_inserted_into_a_gap_between_positions_is_found_there(
    services: Services,
) -> None:
    record_events(services, EVENTS // 2)
    with services.db.connection() as conn:
        # Rolled-back inserts leave gaps in the positions: three of them here.
        for _ in range(3):
            conn.execute("SELECT nextval('reviewtrail_events_notification_id_seq')")
    record_events(services, EVENTS // 2)
    log = integrate(services)
    gap = log.positions[EVENTS // 2 - 1] + 2
    with superuser(services) as db:
        db.execute(
            "INSERT INTO reviewtrail_events"
            " SELECT gen_random_uuid(), 1, topic, state, %s FROM reviewtrail_events"
            " WHERE notification_id = %s",
            (gap, log.positions[0]),
        )
    assert first(log.verify()) == (Damage.INSERTED_EVENT, gap)


def test_two_events_whose_contents_were_swapped_are_reordered(log: Log) -> None:
    earlier, later = log.positions[4], log.positions[11]
    with superuser(log.services) as db:
        db.execute(
            "UPDATE reviewtrail_events AS e SET topic = o.topic, state = o.state"
            " FROM reviewtrail_events AS o"
            " WHERE (e.notification_id, o.notification_id) IN ((%s, %s), (%s, %s))",
            (earlier, later, later, earlier),
        )
    report = log.verify()
    assert first(report) == (Damage.REORDERED_EVENTS, earlier)
    assert report.first is not None
    assert str(later) in report.first.detail


def test_a_log_cut_short_is_truncated_from_the_first_missing_position(log: Log) -> None:
    cut = log.positions[15]
    with superuser(log.services) as db:
        db.execute("DELETE FROM reviewtrail_events WHERE notification_id >= %s", (cut,))
    assert first(log.verify()) == (Damage.TRUNCATED_LOG, cut)


def test_an_edited_interior_tree_node_is_found_at_the_first_event_below_it(log: Log) -> None:
    with superuser(log.services) as db:
        db.execute(
            "UPDATE audit_nodes SET hash = %s WHERE level = 2 AND index = 1",
            (hashlib.sha256(b"forged").digest(),),
        )
    report = log.verify()
    assert first(report) == (Damage.ALTERED_NODE, log.positions[4])  # leaves 4..7
    assert report.first is not None
    assert "level 2, index 1" in report.first.detail


def test_an_edited_stored_leaf_is_a_tree_node_not_an_event(log: Log) -> None:
    with superuser(log.services) as db:
        db.execute(
            "UPDATE audit_leaves SET hash = %s WHERE leaf_index = 6",
            (hashlib.sha256(b"forged").digest(),),
        )
    assert first(log.verify()) == (Damage.ALTERED_NODE, log.positions[6])


def test_a_forged_database_checkpoint_has_a_bad_signature(log: Log) -> None:
    with superuser(log.services) as db:
        db.execute(
            "UPDATE audit_checkpoints SET note = replace(note, %s, %s)"
            " WHERE id = (SELECT max(id) FROM audit_checkpoints)",
            (f"\n{EVENTS}\n", f"\n{EVENTS - 1}\n"),
        )
    assert first(log.verify()) == (Damage.BAD_SIGNATURE, None)


def test_a_rewritten_database_is_caught_only_by_the_external_checkpoint_file(
    log: Log, tmp_path: Path
) -> None:
    target = log.positions[9]
    with superuser(log.services) as db:
        db.execute(
            "UPDATE reviewtrail_events SET topic = topic || ' ' WHERE notification_id = %s",
            (target,),
        )
        for table in ("audit_leaves", "audit_nodes", "audit_checkpoints", "audit_tree_state"):
            db.execute(f"DELETE FROM {table}")
    # The insider re-integrates with the signing key; they cannot touch the external file.
    an_integrator(log.services, tmp_path / "attacker.log", batch=BATCH).integrate()

    assert verify_now(log.services).intact
    report = log.verify()
    assert first(report) == (Damage.CHECKPOINT_MISMATCH, log.positions[5])  # after size 5
    assert report.first is not None
    assert f"between positions {log.positions[5]} and {target}" in report.first.detail
