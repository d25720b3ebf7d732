"""Projection positions: how far each view has read the event log, and whether it is healthy."""

from __future__ import annotations

from typing import Any

from psycopg import Cursor

from adapters.postgres.db import Database

CREATE = """
CREATE TABLE IF NOT EXISTS projection_tracking (
    name text PRIMARY KEY,
    position bigint NOT NULL DEFAULT 0,
    version integer NOT NULL,
    status text NOT NULL DEFAULT 'running',
    error text,
    updated_at timestamptz NOT NULL DEFAULT now()
)
"""


class StaleTracking(RuntimeError):
    """Another runner moved the projection's position: this batch must not be committed."""


ADVANCED_CHANNEL = "reviewtrail_projected"
# Sent in the transaction that moves a position (so delivered when it commits): processes that
# wait for views another process's runner applies wake at once rather than at their next look.
NOTIFY_ADVANCED = f"NOTIFY {ADVANCED_CHANNEL}"


def ensure_schema(db: Database) -> None:
    with db.connection() as conn:
        conn.execute(CREATE)


def register(cursor: Cursor[Any], name: str, version: int) -> dict[str, Any]:
    """Create the projection's row if missing and return it (locked for this transaction)."""
    cursor.execute(
        "INSERT INTO projection_tracking (name, version) VALUES (%s, %s) ON CONFLICT DO NOTHING",
        (name, version),
    )
    cursor.execute("SELECT * FROM projection_tracking WHERE name = %s FOR UPDATE", (name,))
    row: dict[str, Any] | None = cursor.fetchone()
    assert row is not None
    return row


def lock(cursor: Cursor[Any], name: str) -> dict[str, Any]:
    """The projection's row, locked for this transaction (it must be registered)."""
    cursor.execute("SELECT * FROM projection_tracking WHERE name = %s FOR UPDATE", (name,))
    row: dict[str, Any] | None = cursor.fetchone()
    if row is None:
        raise LookupError(f"projection {name} is not registered")
    return row


def lock_all(cursor: Cursor[Any], names: list[str]) -> dict[str, dict[str, Any]]:
    """The projections' rows by name, locked for this transaction in one statement (in name
    order, as every runner locks them, so two runners cannot deadlock)."""
    cursor.execute(
        "SELECT * FROM projection_tracking WHERE name = ANY(%s) ORDER BY name FOR UPDATE",
        (names,),
    )
    rows = {str(row["name"]): row for row in cursor.fetchall()}
    missing = set(names) - rows.keys()
    if missing:
        raise LookupError(f"projections {sorted(missing)} are not registered")
    return rows


def advance_all(cursor: Cursor[Any], names: list[str], expected: int, position: int) -> None:
    """``advance`` for several projections standing at ``expected``, in one statement."""
    cursor.execute(
        "UPDATE projection_tracking SET position = %s, updated_at = now()"
        " WHERE name = ANY(%s) AND position = %s",
        (position, names, expected),
    )
    if cursor.rowcount != len(names):
        raise StaleTracking(f"projections {names} moved past {expected} elsewhere")
    cursor.execute(NOTIFY_ADVANCED)


def advance(cursor: Cursor[Any], name: str, expected: int, position: int) -> None:
    """Move the position from ``expected`` to ``position``, in the batch's own transaction."""
    cursor.execute(
        "UPDATE projection_tracking SET position = %s, updated_at = now()"
        " WHERE name = %s AND position = %s",
        (position, name, expected),
    )
    if cursor.rowcount != 1:
        raise StaleTracking(f"projection {name} moved past {expected} elsewhere")
    cursor.execute(NOTIFY_ADVANCED)


def reset(cursor: Cursor[Any], name: str, version: int) -> None:
    cursor.execute(
        "UPDATE projection_tracking SET position = 0, version = %s, status = 'running',"
        " error = NULL, updated_at = now() WHERE name = %s",
        (version, name),
    )


def mark_failed(db: Database, name: str, error: str) -> None:
    with db.connection() as conn:
        conn.execute(
            "UPDATE projection_tracking SET status = 'failed', error = %s, updated_at = now()"
            " WHERE name = %s",
            (error, name),
        )
        conn.execute(NOTIFY_ADVANCED)  # a failed view is no longer waited for


def positions(db: Database) -> dict[str, dict[str, Any]]:
    """Every projection's row, by name."""
    with db.connection() as conn:
        rows = conn.execute("SELECT * FROM projection_tracking ORDER BY name").fetchall()
    return {str(row["name"]): row for row in rows}


def progress_of_all(db: Database, names: list[str]) -> tuple[int | None, bool]:
    """The lowest position among the healthy projections of ``names`` (None when all of them
    have failed), and whether any has failed; in one query, so that a read needing several
    views waits for them together."""
    with db.connection() as conn:
        row = conn.execute(
            "SELECT count(*) AS known,"
            " min(position) FILTER (WHERE status <> 'failed') AS position,"
            " bool_or(status = 'failed') AS failed"
            " FROM projection_tracking WHERE name = ANY(%s)",
            (names,),
        ).fetchone()
    if row is None or int(row["known"]) < len(set(names)):
        return 0, False  # not registered yet: nothing applied
    healthy = None if row["position"] is None else int(row["position"])
    return healthy, bool(row["failed"])


def behind(db: Database, names: list[str], position: int) -> list[tuple[str, bool]]:
    """Which views of ``names`` have not applied ``position``, each with whether it has failed
    (and so will not, until rebuilt), in the order of ``names``. A view not registered yet has
    applied nothing; a failed view that had applied ``position`` before it failed is not
    behind it."""
    with db.connection() as conn:
        rows = conn.execute(
            "SELECT name, position, status = 'failed' AS failed"
            " FROM projection_tracking WHERE name = ANY(%s)",
            (names,),
        ).fetchall()
    known = {str(r["name"]): (int(r["position"]), bool(r["failed"])) for r in rows}
    found = []
    for name in dict.fromkeys(names):
        applied, failed = known.get(name, (0, False))
        if applied < position:
            found.append((name, failed))
    return found


def position_of(db: Database, name: str) -> int:
    with db.connection() as conn:
        row = conn.execute(
            "SELECT position FROM projection_tracking WHERE name = %s", (name,)
        ).fetchone()
    return int(str(row["position"])) if row else 0
