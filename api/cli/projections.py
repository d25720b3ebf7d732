"""``reviewtrail projections``: run the runner standalone, rebuild a view, list positions."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from adapters.postgres import tracking
from api.app import build_services
from api.cli.background import run_until_signalled, watch_parent
from api.cli.common import configure_logging, console, database, fail, load_settings

app = typer.Typer(no_args_is_help=True, help="read models (projections)")


@app.command("run")
def run() -> None:
    """Run every projection in the foreground until SIGINT/SIGTERM."""
    configure_logging()
    settings = load_settings()
    with database(settings) as url:
        services = build_services(settings, url)

        watch_parent()  # a child of `reviewtrail serve` stops with it
        # Projections decrypt while they apply events: keys erased by another process (the
        # API, `reviewtrail subjects erase`) must leave this process's cache at once too.
        services.keys.start_listening()
        try:
            run_until_signalled(
                services.runner.run_forever, services.runner.stop_requested, "projections"
            )
        finally:
            services.close()


@app.command("rebuild")
def rebuild(name: Annotated[str, typer.Argument(help="projection name")]) -> None:
    """Drop one view and replay the whole event log into it, with a progress bar."""
    settings = load_settings()
    with database(settings) as url:
        services = build_services(settings, url)
        try:
            if name not in services.runner.names:
                fail(f"no projection named {name!r}; known: {', '.join(services.runner.names)}")
            total = services.db.log_head()
            columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn())
            with Progress(*columns, TimeRemainingColumn(), console=console) as bar:
                task = bar.add_task(f"rebuilding {name}", total=total)
                count = services.runner.rebuild(name, lambda n: bar.advance(task, n))
            console.print(f"{name}: replayed {count} events")
        finally:
            services.close()


@app.command("list")
def list_() -> None:
    """Each projection's position, lag behind the log head and status."""
    settings = load_settings()
    with database(settings) as url:
        services = build_services(settings, url)
        try:
            head = services.db.log_head()
            table = Table("projection", "position", "lag", "status", "error")
            for name, row in tracking.positions(services.db).items():
                lag = head - int(row["position"])
                table.add_row(
                    name,
                    str(row["position"]),
                    str(lag),
                    str(row["status"]),
                    str(row["error"] or ""),
                )
            console.print(table)
        finally:
            services.close()
