"""The integrator on real PostgreSQL: the right root, proofs from stored nodes, checkpoints in
two places, one integrator at a time, and a tree that refuses edits."""

from __future__ import annotations

import psycopg
import pytest

from adapters.audit import root_from_leaf_hashes, verify_consistency, verify_inclusion
from adapters.audit.checkpoint import open_checkpoint
from adapters.audit.checkpoint_file import read_checkpoint_file
from adapters.audit.leaf import record_leaf
from adapters.audit.signing_key import signing_key_for
from adapters.postgres import audit_log
from adapters.postgres.audit_queries import AuditQueries, PostgresAuditSource
from api.deps import Services
from tests.adapters.audit.world import an_integrator, positions, record_events


def expected_root(services: Services) -> bytes:
    with PostgresAuditSource.snapshot(services.db.url) as source:
        return root_from_leaf_hashes(record_leaf(r) for r in source.records())


def test_the_integrated_root_is_the_merkle_root_of_every_stored_record(
    services: Services,
) -> None:
    record_events(services, 23)
    assert an_integrator(services, batch=5).integrate() == 23
    state = AuditQueries(services.db).tree_state()
    assert (state.size, state.position) == (23, services.db.log_head())
    assert state.root == expected_root(services)


def test_integrating_again_adds_only_the_new_events(services: Services) -> None:
    integrator = an_integrator(services, batch=5)
    record_events(services, 7)
    integrator.integrate()
    record_events(services, 6)
    assert integrator.integrate() == 6
    assert AuditQueries(services.db).tree_state().root == expected_root(services)


def test_every_event_has_an_inclusion_proof_against_the_latest_checkpoint(
    services: Services,
) -> None:
    record_events(services, 13)
    an_integrator(services, batch=4).integrate()
    audit = AuditQueries(services.db)
    for position in positions(services):
        proof = audit.inclusion(position)
        assert proof.tree_size == 13
        assert verify_inclusion(
            proof.leaf_hash, proof.leaf_index, proof.tree_size, proof.proof, proof.root
        )


def test_every_checkpoint_is_consistent_with_every_later_one(services: Services) -> None:
    record_events(services, 13)
    an_integrator(services, batch=3).integrate()
    audit = AuditQueries(services.db)
    sizes = [3, 6, 9, 12, 13]
    for old in sizes:
        for new in sizes[sizes.index(old) :]:
            proof = audit.consistency(old, new)
            assert verify_consistency(old, new, proof.old_root, proof.new_root, proof.proof)


def test_each_batch_signs_one_checkpoint_kept_in_the_database_and_in_the_file(
    services: Services,
) -> None:
    record_events(services, 12)
    an_integrator(services, batch=5).integrate()
    public_key = signing_key_for(services.settings).key.public_key()
    with PostgresAuditSource.snapshot(services.db.url) as source:
        stored = source.checkpoint_notes()
    in_file = read_checkpoint_file(services.settings.audit_checkpoint_file)
    assert in_file.notes == stored
    assert not in_file.torn_tail
    sizes = [open_checkpoint(note, public_key).size for note in stored]
    assert sizes == [5, 10, 12]


def test_a_second_integrator_stands_by_and_takes_over_when_the_first_stops(
    services: Services,
) -> None:
    first, second = an_integrator(services), an_integrator(services)
    first.start()
    record_events(services, 6)
    assert first.wait_for(services.db.log_head(), timeout=10)
    second.start()
    assert holders_of_the_integrator_lock(services) == 1
    first.stop()
    record_events(services, 6)
    try:
        assert second.wait_for(services.db.log_head(), timeout=10)
    finally:
        second.stop()
    assert AuditQueries(services.db).tree_state().root == expected_root(services)


def holders_of_the_integrator_lock(services: Services) -> int:
    with services.db.connection() as conn:
        row = conn.execute(
            "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND ((classid::bigint << 32) | objid::bigint) = %s",
            (audit_log.INTEGRATOR_LOCK,),
        ).fetchone()
    return int(row["n"]) if row else 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_nodes SET hash = hash",
        "DELETE FROM audit_leaves",
        "TRUNCATE audit_checkpoints",
    ],
)
def test_the_tree_and_its_checkpoints_refuse_edits(services: Services, statement: str) -> None:
    record_events(services, 4)
    an_integrator(services).integrate()
    with services.db.connection() as conn, pytest.raises(psycopg.errors.RaiseException):
        conn.execute(statement)


def test_integrating_while_another_integrator_leads_waits_for_it_to_catch_up(
    services: Services,
) -> None:
    leader = an_integrator(services)
    leader.start()
    try:
        record_events(services, 1)
        assert leader.wait_for(services.db.log_head(), timeout=10)
        record_events(services, 5)
        assert an_integrator(services).integrate() == 0
        assert AuditQueries(services.db).tree_state().position == services.db.log_head()
    finally:
        leader.stop()
