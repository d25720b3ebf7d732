"""Tables and SQL of the audit log: the Merkle tree, its state and its signed checkpoints.

- ``audit_leaves(leaf_index, position, hash)``: level 0, and which log position each leaf is;
- ``audit_nodes(level, index, hash)``: every completed perfect subtree above the leaves
  (addressing as in ``adapters/audit/merkle.py``), so proofs never read the whole log;
- ``audit_tree_state``: one row (size, last integrated position, frontier, root), moved in the
  same transaction as the nodes of each batch;
- ``audit_checkpoints``: every signed checkpoint note.

Leaves, nodes and checkpoints are write-once: triggers refuse UPDATE, DELETE and TRUNCATE. A
superuser can bypass triggers, which is why ``reviewtrail audit verify`` exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import psycopg
from psycopg import Cursor

from adapters.audit.checkpoint import Checkpoint
from adapters.audit.leaf import StoredRecord
from adapters.audit.merkle import Node
from adapters.audit.store import EMPTY_TREE, StoredLeaf, TreeState
from adapters.postgres.db import EVENTS_TABLE, Database

INTEGRATOR_LOCK = 0x7274_6175_6469_7401  # pg_advisory_lock key: one integrator per database
SCHEMA_LOCK = INTEGRATOR_LOCK + 1
WRITE_ONCE = ("audit_leaves", "audit_nodes", "audit_checkpoints")
CREATE = [
    """CREATE TABLE IF NOT EXISTS audit_leaves (
        leaf_index bigint PRIMARY KEY, position bigint NOT NULL UNIQUE, hash bytea NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS audit_nodes (
        level smallint NOT NULL, index bigint NOT NULL, hash bytea NOT NULL,
        PRIMARY KEY (level, index))""",
    """CREATE TABLE IF NOT EXISTS audit_tree_state (
        id boolean PRIMARY KEY DEFAULT true CHECK (id), size bigint NOT NULL,
        position bigint NOT NULL, frontier bytea NOT NULL, root bytea NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now())""",
    """CREATE TABLE IF NOT EXISTS audit_checkpoints (
        id bigserial PRIMARY KEY, tree_size bigint NOT NULL, root bytea NOT NULL,
        signed_at timestamptz NOT NULL, note text NOT NULL)""",
    """CREATE OR REPLACE FUNCTION audit_write_once() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only: % on % refused',
            TG_OP, TG_TABLE_NAME; END $$""",
    *(
        f"CREATE OR REPLACE TRIGGER {table}_write_once BEFORE UPDATE OR DELETE ON {table}"
        " FOR EACH ROW EXECUTE FUNCTION audit_write_once()"
        for table in WRITE_ONCE
    ),
    *(
        f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION audit_write_once()"
        for table in WRITE_ONCE
    ),
]


class StaleTree(RuntimeError):
    """Another integrator moved the tree first: this batch must not be committed."""


def ensure_schema(db: Database) -> None:
    """Create the audit tables and their write-once triggers (idempotent, serialised)."""
    with db.connection() as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        for statement in CREATE:
            conn.execute(statement)


def try_lock(conn: psycopg.Connection[Any]) -> bool:
    """Take the integrator's session lock on ``conn`` if no other session holds it."""
    row = conn.execute("SELECT pg_try_advisory_lock(%s)", (INTEGRATOR_LOCK,)).fetchone()
    return bool(row and row[0])


def read_state(cursor: Cursor[Any], *, for_update: bool = False) -> TreeState:
    """The stored tree state, or ``EMPTY_TREE`` before the first batch."""
    query = "SELECT size, position, frontier, root FROM audit_tree_state"
    cursor.execute(query + " FOR UPDATE" if for_update else query)
    row = cursor.fetchone()
    if row is None:
        return EMPTY_TREE
    size, position, frontier, root = _values(row, "size", "position", "frontier", "root")
    return TreeState(int(size), int(position), bytes(frontier), bytes(root))


def read_records(cursor: Cursor[Any], after: int, limit: int) -> list[StoredRecord]:
    """Up to ``limit`` committed event records after log position ``after``, in log order."""
    cursor.execute(
        "SELECT notification_id, originator_id, originator_version, topic, state"  # noqa: S608
        f" FROM {EVENTS_TABLE} WHERE notification_id > %s ORDER BY notification_id LIMIT %s",
        (after, limit),
    )
    return [StoredRecord(*_values(row, *RECORD_COLUMNS)) for row in cursor.fetchall()]


RECORD_COLUMNS = ("notification_id", "originator_id", "originator_version", "topic", "state")


def append(
    cursor: Cursor[Any],
    old: TreeState,
    new: TreeState,
    leaves: Sequence[StoredLeaf],
    nodes: Iterable[Node],
) -> None:
    """Store a batch's leaves and nodes and move the state from ``old`` to ``new``.

    Raises ``StaleTree`` if the stored state is no longer ``old``.
    """
    with cursor.copy("COPY audit_leaves (leaf_index, position, hash) FROM STDIN") as copy:
        for leaf in leaves:
            copy.write_row(leaf)
    with cursor.copy("COPY audit_nodes (level, index, hash) FROM STDIN") as copy:
        for node in nodes:
            if node.level:
                copy.write_row((node.level, node.index, node.hash))
    cursor.execute(
        "INSERT INTO audit_tree_state AS s (size, position, frontier, root)"
        " VALUES (%s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET size = excluded.size,"
        " position = excluded.position, frontier = excluded.frontier, root = excluded.root,"
        " updated_at = now() WHERE s.size = %s",
        (new.size, new.position, new.frontier, new.root, old.size),
    )
    if cursor.rowcount != 1:
        raise StaleTree(f"the audit tree moved past size {old.size} elsewhere")


def insert_checkpoint(cursor: Cursor[Any], checkpoint: Checkpoint, note: str) -> None:
    """Store a signed checkpoint."""
    cursor.execute(
        "INSERT INTO audit_checkpoints (tree_size, root, signed_at, note) VALUES (%s, %s, %s, %s)",
        (checkpoint.size, checkpoint.root, checkpoint.timestamp, note),
    )


def last_checkpoint_size(cursor: Cursor[Any]) -> int:
    """The tree size of the newest stored checkpoint (-1 when there is none)."""
    cursor.execute("SELECT tree_size FROM audit_checkpoints ORDER BY id DESC LIMIT 1")
    row = cursor.fetchone()
    return int(_values(row, "tree_size")[0]) if row else -1


def _values(row: Any, *names: str) -> tuple[Any, ...]:
    # Rows are dicts from the pool and tuples from dedicated connections.
    return tuple(row[name] for name in names) if isinstance(row, dict) else tuple(row)
