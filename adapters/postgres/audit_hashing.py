"""The verifier's event-side hashing in a second process, over the verifier's own snapshot.

Full verification hashes every event record and, separately, rebuilds the tree from the stored
leaves to check every stored node: two independent streams of SHA-256 work in one Python
process, which uses one core. ``worker_record_hashes`` moves the first stream to a child
process: it joins the verifier's REPEATABLE READ snapshot (``pg_export_snapshot`` /
``SET TRANSACTION SNAPSHOT``), so both see exactly the same rows, reads the events with its own
server-side cursor, and sends back only (position, leaf hash) pairs, 40 bytes an event. Nothing
the child sends is trusted more than the rows themselves: it runs the same ``record_leaf``.
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


def worker_record_hashes(url: str, snapshot: str, query: str) -> Iterator[RecordHash]:
    """Every event's leaf hash, computed in a child process that reads ``query`` in the
    exported ``snapshot``. Raises ``HashingFailed`` when the child fails or dies."""
    context = multiprocessing.get_context("spawn")  # no fork of a process holding connections
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(
        target=_hash_events, args=(url, snapshot, query, send), name="audit-hashing", daemon=True
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


def _hash_events(url: str, snapshot: str, query: str, send: Connection) -> None:
    try:
        with psycopg.connect(url, row_factory=tuple_row) as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            with conn.transaction():
                conn.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(snapshot)))
                with conn.cursor(name="audit_hashing", binary=True) as cursor:
                    cursor.execute(query)
                    while rows := cursor.fetchmany(CHUNK):
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
