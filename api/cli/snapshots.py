"""``reviewtrail snapshots take``: snapshot the reviews recorded before snapshots existed."""

from __future__ import annotations

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from adapters.postgres.snapshots import review_versions
from api.app import build_services
from api.cli.common import console, database, load_settings

app = typer.Typer(no_args_is_help=True, help="aggregate snapshots")


@app.command("take")
def take() -> None:
    """Snapshot every review that lacks a current snapshot where its commands would have taken
    one (after an upgrade from a version without snapshots, or one with an older snapshot
    shape); safe to run at any time and again, beside the running service."""
    settings = load_settings()
    with database(settings) as url:
        services = build_services(settings, url)
        try:
            reviews = review_versions(services.db)
            taken = 0
            columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn())
            with Progress(*columns, TimeRemainingColumn(), console=console) as bar:
                task = bar.add_task("snapshotting reviews", total=len(reviews))
                for review_id, version in reviews:
                    if services.app.snapshot_review(review_id, version) is not None:
                        taken += 1
                    bar.advance(task)
            console.print(f"{taken} snapshots taken; {len(reviews) - taken} reviews needed none")
        finally:
            services.close()
