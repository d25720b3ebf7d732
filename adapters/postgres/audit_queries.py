"""Reading the audit log: what the HTTP API serves, and the verifier's streaming snapshot."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from adapters.audit.leaf import RecordHash, StoredRecord, hash_records
from adapters.audit.merkle import Frontier, NodeID, frontier_ids
from adapters.audit.proofs import ProofPlan, consistency_plan, inclusion_plan
from adapters.audit.store import StoredLeaf, TreeState
from adapters.postgres import audit_log
from adapters.postgres.audit_hashing import leaf_hashes_sql, worker_record_hashes
from adapters.postgres.db import EVENTS_TABLE, Database
from domain.errors import DomainError, NotFound

FETCH = 5000
PARALLEL_FROM = 50_000  # below this many leaves, starting a second process costs more
_RECORDS = (
    "SELECT notification_id, originator_id, originator_version, topic, state"  # noqa: S608
    f" FROM {EVENTS_TABLE} ORDER BY notification_id"
)

_LEAF_HASHES = leaf_hashes_sql(EVENTS_TABLE)


@dataclass(frozen=True)
class StoredCheckpoint:
    """A signed checkpoint as stored in ``audit_checkpoints``."""

    tree_size: int
    root: bytes
    signed_at: datetime
    note: str


@dataclass(frozen=True)
class InclusionProof:
    """Leaf ``leaf_index`` (the event at ``position``) is in the tree of ``tree_size``."""

    position: int
    leaf_index: int
    leaf_hash: bytes
    tree_size: int
    root: bytes
    proof: list[bytes]
    checkpoint: str | None  # a signed checkpoint of that tree size, if one was stored


@dataclass(frozen=True)
class ConsistencyProof:
    """The tree of ``new_size`` extends the tree of ``old_size``."""

    old_size: int
    old_root: bytes
    new_size: int
    new_root: bytes
    proof: list[bytes]
    checkpoint: str | None  # a signed checkpoint of ``new_size``, if one was stored


class AuditQueries:
    """The tree, proofs and checkpoints as the API serves them (small reads on the pool)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def inclusion(self, position: int, tree_size: int | None = None) -> InclusionProof:
        """Prove the event at log ``position`` is in the tree of ``tree_size`` (default: the
        latest checkpoint's if it holds the event, else the integrated tree's). Raises
        ``NotFound`` if it is not integrated, ``DomainError`` if the size is out of range.

        Two round trips on one connection when the latest checkpoint is the tree proved
        against (the usual case): the leaf, the tree's size and that checkpoint in one
        statement (one snapshot, so the checkpoint never exceeds the tree), then the nodes."""
        with self._db.connection() as conn:
            row = conn.execute(_LEAF_AND_SIZES, (position,)).fetchone()
            assert row is not None  # the statement always returns its one row
            if row["leaf_index"] is None:
                raise NotFound("integrated event", position)
            leaf_index, integrated = int(row["leaf_index"]), int(row["integrated"] or 0)
            signed = int(row["signed_size"] or 0)
            if tree_size is None:
                tree_size = signed if signed > leaf_index else integrated
            _check_size(tree_size, integrated)
            if leaf_index >= tree_size:
                raise DomainError("audit.not-in-tree", "the event was integrated after that size")
            proof, root = _prove(conn, inclusion_plan(leaf_index, tree_size), tree_size)
            note = row["note"] if tree_size == signed else _note_of_size(conn, tree_size)
        return InclusionProof(
            position, leaf_index, bytes(row["hash"]), tree_size, root, proof, note
        )

    def consistency(self, old_size: int, new_size: int | None = None) -> ConsistencyProof:
        """Prove the tree of ``new_size`` (default: the latest checkpoint's if it is at least
        ``old_size``, else the integrated tree's) extends the tree of ``old_size``. Raises
        ``DomainError`` if the sizes are out of range."""
        size = self._size(new_size, at_least=old_size)
        if not 0 < old_size <= size:
            raise DomainError("audit.tree-size-out-of-range", "need 0 < from <= to")
        proof, new_root = self._prove(consistency_plan(old_size, size), size)
        old_root = self.root_of_size(old_size)
        return ConsistencyProof(old_size, old_root, size, new_root, proof, self.note_of_size(size))

    def root_of_size(self, size: int) -> bytes:
        """The root of the integrated tree when it had ``size`` leaves."""
        return self._prove(ProofPlan(()), size)[1]

    def note_of_size(self, size: int) -> str | None:
        """The newest signed checkpoint of tree ``size``, if any."""
        with self._db.connection() as conn:
            return _note_of_size(conn, size)

    def _size(self, requested: int | None, *, at_least: int) -> int:
        # The checkpoint first: one signed after the tree was read could exceed it (the tree
        # only grows, and a checkpoint never signs more than was integrated).
        latest = self.latest_checkpoint() if requested is None else None
        integrated = self.tree_state().size
        if requested is None:
            # A signed size when one covers what is asked, so the root can be checked offline.
            signed = latest.tree_size if latest else 0
            requested = signed if signed >= at_least else integrated
        _check_size(requested, integrated)
        return requested

    def _prove(self, plan: ProofPlan, size: int) -> tuple[list[bytes], bytes]:
        with self._db.connection() as conn:
            return _prove(conn, plan, size)

    def tree_state(self) -> TreeState:
        with self._db.connection() as conn:
            return audit_log.read_state(conn.cursor())

    def latest_checkpoint(self) -> StoredCheckpoint | None:
        with self._db.connection() as conn:
            row = conn.execute(
                "SELECT tree_size, root, signed_at, note FROM audit_checkpoints"
                " ORDER BY id DESC LIMIT 1"
            ).fetchone()
        if row is None:
            return None
        return StoredCheckpoint(
            int(row["tree_size"]), bytes(row["root"]), row["signed_at"], str(row["note"])
        )

    def leaf_at(self, position: int) -> StoredLeaf | None:
        """The leaf of the event at log ``position``, if it has been integrated."""
        with self._db.connection() as conn:
            row = conn.execute(
                "SELECT leaf_index, position, hash FROM audit_leaves WHERE position = %s",
                (position,),
            ).fetchone()
        if row is None:
            return None
        return StoredLeaf(int(row["leaf_index"]), int(row["position"]), bytes(row["hash"]))

    def node_hashes(self, ids: Sequence[NodeID]) -> list[bytes]:
        """The hashes of stored nodes ``ids``, in the same order, in one query.

        Raises ``LookupError`` if one is missing (asked beyond the integrated tree).
        """
        with self._db.connection() as conn:
            return _node_hashes(conn, ids)


_LEAF_AND_SIZES = (
    "SELECT l.leaf_index, l.hash, (SELECT size FROM audit_tree_state) AS integrated,"
    " c.tree_size AS signed_size, c.note"
    " FROM (SELECT 1) AS one"
    " LEFT JOIN audit_leaves l ON l.position = %s"
    " LEFT JOIN LATERAL (SELECT tree_size, note FROM audit_checkpoints ORDER BY id DESC LIMIT 1)"
    " AS c ON true"
)


def _check_size(requested: int, integrated: int) -> None:
    if not 0 < requested <= integrated:
        raise DomainError(
            "audit.tree-size-out-of-range", f"the integrated tree has {integrated} leaves"
        )


def _note_of_size(conn: psycopg.Connection[Any], size: int) -> str | None:
    row = conn.execute(
        "SELECT note FROM audit_checkpoints WHERE tree_size = %s ORDER BY id DESC LIMIT 1",
        (size,),
    ).fetchone()
    return str(row["note"]) if row else None


def _prove(conn: psycopg.Connection[Any], plan: ProofPlan, size: int) -> tuple[list[bytes], bytes]:
    # The proof's nodes and the root's subtrees in one query.
    cover = frontier_ids(size)
    hashes = _node_hashes(conn, [*plan.node_ids, *cover])
    split = len(plan.node_ids)
    root = Frontier.from_hashes(size, hashes[split:]).root()
    return plan.assemble(hashes[:split]), root


def _node_hashes(conn: psycopg.Connection[Any], ids: Sequence[NodeID]) -> list[bytes]:
    levels, indexes = [i.level for i in ids], [i.index for i in ids]
    rows = conn.execute(
        "SELECT w.level, w.index, coalesce(l.hash, n.hash) AS hash"
        " FROM unnest(%s::int[], %s::bigint[]) AS w(level, index)"
        " LEFT JOIN audit_leaves l ON w.level = 0 AND l.leaf_index = w.index"
        " LEFT JOIN audit_nodes n ON w.level > 0 AND n.level = w.level"
        " AND n.index = w.index",
        (levels, indexes),
    ).fetchall()
    found = {(int(r["level"]), int(r["index"])): r["hash"] for r in rows}
    hashes = [found.get((i.level, i.index)) for i in ids]
    if any(h is None for h in hashes):
        raise LookupError("a node of the requested tree is not stored")
    return [bytes(h) for h in hashes if h is not None]


class PostgresAuditSource:
    """An ``AuditSource`` over one REPEATABLE READ snapshot, streamed with server-side cursors
    (constant memory whatever the log's length). Use ``snapshot`` to open one."""

    def __init__(
        self, conn: psycopg.Connection[Any], url: str | None = None, *, hash_in_python: bool = False
    ) -> None:
        self._conn, self._url, self._hash_in_python = conn, url, hash_in_python
        self._cursors = 0

    @classmethod
    @contextmanager
    def snapshot(cls, url: str, *, hash_in_python: bool = False) -> Iterator[PostgresAuditSource]:
        """Open a read-only snapshot of the events and the audit tables on its own connection
        (``hash_in_python``: a long log's leaves are hashed from the rows in Python, not by
        PostgreSQL; see ``audit_hashing``)."""
        with psycopg.connect(url, row_factory=tuple_row) as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            with conn.transaction():
                yield cls(conn, url, hash_in_python=hash_in_python)

    def tree_state(self) -> TreeState:
        return audit_log.read_state(self._conn.cursor())

    def records(self) -> Iterator[StoredRecord]:
        return map(StoredRecord._make, self._stream(_RECORDS))

    def record_hashes(self) -> Iterator[RecordHash]:
        # A long log is hashed beside this process, reading this same snapshot, so that the
        # two recomputations (from the events, from the stored leaves) run side by side: by
        # PostgreSQL (the default), or in Python in a second process.
        if self._url is None or self.tree_state().size < PARALLEL_FROM:
            return hash_records(self.records())
        snapshot = self._conn.execute("SELECT pg_export_snapshot()").fetchone()
        assert snapshot is not None
        if self._hash_in_python:
            return worker_record_hashes(self._url, str(snapshot[0]), _RECORDS)
        return worker_record_hashes(self._url, str(snapshot[0]), _LEAF_HASHES, in_database=True)

    def records_at(self, positions: Sequence[int]) -> list[StoredRecord]:
        if not positions:
            return []
        rows = self._conn.execute(
            _RECORDS.replace(" ORDER BY", " WHERE notification_id = ANY(%s) ORDER BY"),
            (list(positions),),
            binary=True,
        ).fetchall()
        return [StoredRecord._make(row) for row in rows]

    def leaves(self) -> Iterator[StoredLeaf]:
        query = "SELECT leaf_index, position, hash FROM audit_leaves ORDER BY 1"
        return map(StoredLeaf._make, self._stream(query))

    def level(self, level: int) -> Iterator[tuple[int, bytes]]:
        query = "SELECT index, hash FROM audit_nodes WHERE level = %s ORDER BY index"
        yield from self._stream(query, (level,))

    def checkpoint_notes(self) -> list[str]:
        rows = self._conn.execute("SELECT note FROM audit_checkpoints ORDER BY id").fetchall()
        return [str(row[0]) for row in rows]

    def position_of(self, index: int) -> int | None:
        row = self._conn.execute(
            "SELECT position FROM audit_leaves WHERE leaf_index = %s", (index,)
        ).fetchone()
        return int(row[0]) if row else None

    def _stream(self, query: str, params: tuple[Any, ...] = ()) -> Iterator[Any]:
        # Several cursors advance together (events, leaves, one per tree level), so each is
        # a named cursor fetching in chunks, not a client-side result set.
        self._cursors += 1
        with self._conn.cursor(name=f"audit_{self._cursors}", binary=True) as cursor:
            cursor.execute(query, params)
            # A chunk at a time: iterating the cursor row by row costs more than hashing does.
            while rows := cursor.fetchmany(FETCH):
                yield from rows
