"""The integrator on real PostgreSQL: the right root, proofs from stored nodes, checkpoints in
two places, one integrator at a time, and a tree that refuses edits."""

from __future__ import annotations

import psycopg
import pytest

from adapters.audit import root_from_leaf_hashes, verify_consistency, verify_inclusion
from adapters.audit.checkpoint import open_checkpoint
from adapters.audit.checkpoint_file import read_checkpoint_file
from adapters.audit.integrator import Integrator
from adapters.audit.leaf import record_leaf
from adapters.audit.merkle import NodeID
from adapters.audit.proofs import inclusion_proof
from adapters.audit.signing_key import signing_key_for
from adapters.postgres import audit_log
from adapters.postgres.audit_queries import AuditQueries, PostgresAuditSource
from api.deps import Services
from domain.errors import DomainError, NotFound
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


def test_an_inclusion_proof_against_any_size_is_the_planned_path_from_stored_nodes(
    services: Services,
) -> None:
    # Every leaf in every tree size from 1 to 21 (signed or not): the served proof is the
    # RFC 9162 path planned from stored nodes, against that size's root and note.
    record_events(services, 21)
    an_integrator(services, batch=4).integrate()
    audit = AuditQueries(services.db)
    for size in range(1, 22):
        root, note = audit.root_of_size(size), audit.note_of_size(size)
        for index, position in enumerate(positions(services)[:size]):
            proof = audit.inclusion(position, size)
            leaf = audit.leaf_at(position)
            assert leaf is not None
            planned = inclusion_proof(
                index, size, lambda lv, i: audit.node_hashes([NodeID(lv, i)])[0]
            )
            assert (proof.leaf_index, proof.leaf_hash, proof.tree_size) == (index, leaf.hash, size)
            assert (proof.proof, proof.root, proof.checkpoint) == (planned, root, note)
            assert verify_inclusion(proof.leaf_hash, index, size, proof.proof, root)


def test_an_inclusion_proof_is_refused_outside_the_tree(services: Services) -> None:
    record_events(services, 9)
    an_integrator(services, batch=4).integrate()
    audit = AuditQueries(services.db)
    first, last = positions(services)[0], positions(services)[-1]
    for size in (0, 10):
        with pytest.raises(DomainError) as refused:
            audit.inclusion(first, size)
        assert refused.value.rule == "audit.tree-size-out-of-range"
    with pytest.raises(DomainError) as refused:
        audit.inclusion(last, 8)
    assert refused.value.rule == "audit.not-in-tree"
    with pytest.raises(NotFound):
        audit.inclusion(last + 1)


def test_an_inclusion_proof_defaults_to_the_latest_checkpoint_that_holds_the_event(
    services: Services,
) -> None:
    # Batches of 4 signed at most hourly: the first batch is signed (size 4), the next two
    # (sizes 8 and 9) are not. Leaves in the signed tree are proved against it, later ones
    # against the integrated tree.
    record_events(services, 9)
    settings = services.settings
    integrator = Integrator(
        services.db,
        signing_key_for(settings).key,
        origin=settings.audit_origin,
        checkpoint_file=settings.audit_checkpoint_file,
        batch_size=4,
        checkpoint_interval=3600.0,
    )
    integrator.setup()
    with psycopg.connect(services.db.url, autocommit=True) as conn:
        assert audit_log.try_lock(conn)
        assert integrator.catch_up(conn) == 9
    audit = AuditQueries(services.db)
    assert [c.tree_size for c in [audit.latest_checkpoint()] if c] == [4]
    assert audit.tree_state().size == 9
    sizes = [audit.inclusion(position).tree_size for position in positions(services)]
    assert sizes == [4, 4, 4, 4, 9, 9, 9, 9, 9]
    assert audit.inclusion(positions(services)[0]).checkpoint is not None
    assert audit.inclusion(positions(services)[-1]).checkpoint is None


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
