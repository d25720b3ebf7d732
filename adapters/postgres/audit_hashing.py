"""The verifier's event-side hashing, beside the verifier, over the verifier's own snapshot.

Full verification hashes every event record and, separately, rebuilds the tree from the stored
leaves to check every stored node. ``worker_record_hashes`` moves the first stream to a child
process: it joins the verifier's REPEATABLE READ snapshot (``pg_export_snapshot`` /
``SET TRANSACTION SNAPSHOT``), so both see exactly the same rows, and sends back only
(position, leaf hash) pairs, 40 bytes an event.

Where the hashes are computed:

- by default in PostgreSQL, with ``LEAF_HASHES``: the server builds each row's canonical
  encoding (``adapters/audit/leaf.py``) from the stored columns and hashes it with its built-in
  ``sha256``, so no event's bytes cross the connection (1 M events: about 3 s instead of 10);
  a test holds the SQL encoding to the Python reference byte for byte;
- or, with ``in_database=False``, in the child, which reads the records themselves and runs the
  same ``record_leaf`` as the rest of the verifier. That trusts nothing of the server beyond the
  rows it returns (``reviewtrail audit verify --hash-in-python``).
"""

from __future__ import annotations

import multiprocessing
from array import array
from collections.abc import Iterator
from contextlib import suppress
from multiprocessing.connection import Connection

import psycopg
from psycopg import sql
from psycopg.rows import tuple_row

from adapters.audit.leaf import RecordHash, StoredRecord, record_leaf

CHUNK = 5000
HASH_SIZE = 32


class HashingFailed(RuntimeError):
    """The hashing process stopped before the end of the log."""


def leaf_hashes_sql(table: str) -> str:
    """(position, leaf hash) of every row of ``table``, in log order, computed by PostgreSQL:
    ``SHA-256(0x00 || record)`` with ``record`` encoded exactly as ``encode_record`` does."""
    return (
        "SELECT notification_id, pg_catalog.sha256("  # noqa: S608 (the table is ours)
        " '\\x0001'::bytea"  # the RFC 6962 leaf prefix, then encoding version 1
        " || pg_catalog.int8send(notification_id)"
        " || pg_catalog.uuid_send(originator_id)"
        " || pg_catalog.int8send(originator_version::bigint)"
        " || CASE WHEN topic IS NULL THEN '\\x00'::bytea ELSE '\\x01'::bytea"
        "  || pg_catalog.int4send(pg_catalog.octet_length(pg_catalog.convert_to(topic, 'UTF8')))"
        "  || pg_catalog.convert_to(topic, 'UTF8') END"
        " || CASE WHEN state IS NULL THEN '\\x00'::bytea ELSE '\\x01'::bytea"
        "  || pg_catalog.int4send(pg_catalog.octet_length(state)) || state END)"
        f" FROM {table} ORDER BY notification_id"
    )


def worker_record_hashes(
    url: str, snapshot: str, query: str, *, in_database: bool = False
) -> Iterator[RecordHash]:
    """Every event's leaf hash, from a child process that reads ``query`` in the exported
    ``snapshot``: the records, hashed in the child, or (``in_database``) the (position, hash)
    pairs ``leaf_hashes_sql`` returns. Raises ``HashingFailed`` when the child fails or dies."""
    context = multiprocessing.get_context("spawn")  # no fork of a process holding connections
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(
        target=_hash_events,
        args=(url, snapshot, query, in_database, send),
        name="audit-hashing",
        daemon=True,
    )
    worker.start()
    send.close()
    try:
        while True:
            try:
                message = receive.recv()
            except EOFError:
                raise HashingFailed("the hashing process exited unexpectedly") from None
            if message is None:
                return
            if isinstance(message, str):
                raise HashingFailed(message)
            packed, hashes = message
            positions = array("q")
            positions.frombytes(packed)
            for i, position in enumerate(positions):
                yield RecordHash(position, hashes[i * HASH_SIZE : (i + 1) * HASH_SIZE])
    finally:
        receive.close()
        worker.join(timeout=5)
        if worker.is_alive():
            worker.terminate()
            worker.join()


def _hash_events(url: str, snapshot: str, query: str, in_database: bool, send: Connection) -> None:
    try:
        with psycopg.connect(url, row_factory=tuple_row) as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            with conn.transaction():
                conn.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(snapshot)))
                with conn.cursor(name="audit_hashing", binary=True) as cursor:
                    cursor.execute(query)
                    while rows := cursor.fetchmany(CHUNK):
                        if in_database:
                            positions = array("q", (row[0] for row in rows))
                            hashes = b"".join(row[1] for row in rows)
                        else:
                            records = [StoredRecord._make(row) for row in rows]
                            positions = array("q", (r.position for r in records))
                            hashes = b"".join(record_leaf(r) for r in records)
                        send.send((positions.tobytes(), hashes))
        send.send(None)
    except Exception as error:  # reported to the verifier, which fails loudly
        with suppress(OSError):  # unless the verifier has stopped listening
            send.send(f"hashing the events failed: {type(error).__name__}: {error}")
    finally:
        send.close()
