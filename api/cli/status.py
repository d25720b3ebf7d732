"""``reviewtrail status``: is the database up, how far behind are the projections and the audit
integrator, and when was the last checkpoint signed. Exit 1 when something needs an operator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
import psycopg_pool
import typer
from rich.console import Console
from rich.table import Table

from adapters.postgres import tracking
from adapters.postgres.audit_queries import AuditQueries, StoredCheckpoint
from adapters.postgres.db import Database
from api.cli.common import console, database, load_settings


@dataclass(frozen=True)
class Status:
    """What ``reviewtrail status`` reports, read from the database in one go."""

    server_version: str
    log_head: int
    projections: dict[str, dict[str, Any]]
    tree_size: int
    tree_position: int
    checkpoint: StoredCheckpoint | None

    @property
    def failed(self) -> list[str]:
        return [name for name, row in self.projections.items() if row["status"] == "failed"]


def read_status(db: Database) -> Status:
    """Read every figure; raises psycopg errors when the database does not answer."""
    with db.connection() as conn:
        row = conn.execute("SHOW server_version").fetchone()
    audit = AuditQueries(db)
    tree = audit.tree_state()
    return Status(
        server_version=str(row["server_version"]) if row else "?",
        log_head=db.log_head(),
        projections=tracking.positions(db),
        tree_size=tree.size,
        tree_position=tree.position,
        checkpoint=audit.latest_checkpoint(),
    )


def render(status: Status) -> Table:
    """The status as one table: a row per component."""
    table = Table("component", "position", "lag", "status", "detail")
    table.add_row("database", "", "", "ok", f"PostgreSQL {status.server_version}")
    table.add_row("event log", str(status.log_head), "", "ok", "log head")
    for name, row in status.projections.items():
        position = int(row["position"])
        state = "[red]failed[/red]" if row["status"] == "failed" else str(row["status"])
        error = str(row["error"] or "")
        table.add_row(name, str(position), str(status.log_head - position), state, error)
    integrator_lag = str(status.log_head - status.tree_position)
    tree = f"tree size {status.tree_size}"
    table.add_row("audit integrator", str(status.tree_position), integrator_lag, "ok", tree)
    table.add_row("last checkpoint", *_checkpoint_cells(status.checkpoint))
    return table


def _checkpoint_cells(checkpoint: StoredCheckpoint | None) -> tuple[str, str, str, str]:
    if checkpoint is None:
        return "", "", "none", "no checkpoint signed yet"
    signed = checkpoint.signed_at.isoformat(timespec="seconds")
    return str(checkpoint.tree_size), "", "ok", f"size {checkpoint.tree_size}, signed {signed}"


def status() -> None:
    """Database, log head, projections, audit integrator and last checkpoint; exit 1 when the
    database is unreachable or a projection failed."""
    settings = load_settings()
    with database(settings) as url:
        db = Database(url, max_size=1, timeout=settings.database_timeout_seconds)
        try:
            current = read_status(db)
        except psycopg.errors.UndefinedTable:
            console.print("[red]no reviewtrail schema[/red]: start the service once to create it")
            raise typer.Exit(1) from None
        except (psycopg.Error, psycopg_pool.PoolTimeout) as error:
            console.print(f"[red]database unreachable[/red] ({type(error).__name__})")
            raise typer.Exit(1) from None
        finally:
            db.close()
    Console().print(render(current))
    if current.failed:
        console.print(f"[red]failed projections:[/red] {', '.join(current.failed)}")
        raise typer.Exit(1)
