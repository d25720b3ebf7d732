"""``reviewtrail demo``: one complete review per rule set, or ``--reviews N`` realistic ones.

With ``--reviews`` the reviews are generated in bulk (``demo_generator``) with a progress bar;
the projections and the audit log then catch up, and a summary says how long each part took.
"""

from __future__ import annotations

import time
from typing import Annotated

import typer
from eventsourcing.persistence import IntegrityError
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from api.app import build_services
from api.cli.common import configure_logging, console, database, fail, load_settings
from api.cli.demo import seed_demo
from api.cli.demo_generator import Generated, generate
from api.deps import Services


def demo(
    reviews: Annotated[
        int | None,
        typer.Option(
            min=1, help="generate this many realistic reviews (about 110 events each) in bulk"
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="the same seed gives the same data")] = 0,
) -> None:
    """Seed demo data into the configured (or embedded) database."""
    configure_logging("WARNING" if reviews else "INFO")
    settings = load_settings()
    with database(settings) as url:
        services = build_services(settings, url)
        try:
            if reviews is None:
                count = seed_demo(services)
                services.runner.catch_up_all()
                typer.echo(f"seeded {count} reviews")
                return
            generated = _generate(services, reviews, seed)
            projections, audit = _catch_up(services)
        finally:
            services.close()
    console.print(summary(generated, projections, audit))


def _bar() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )


def _generate(services: Services, reviews: int, seed: int) -> Generated:
    with _bar() as bar:
        task = bar.add_task("generating reviews", total=reviews, detail="")
        head = services.db.log_head()
        started = time.perf_counter()

        def advance(done: int, position: int) -> None:
            rate = (position - head) / max(time.perf_counter() - started, 1e-9)
            bar.update(task, completed=done, detail=f"{position - head:,} events, {rate:,.0f}/s")

        try:
            return generate(services, reviews, seed=seed, progress=advance)
        except IntegrityError:
            # The people of a seed have fixed ids: the same seed twice would register them twice.
            message = f"the database already holds demo data of seed {seed}: use another --seed"
            raise fail(message) from None


def _catch_up(services: Services) -> tuple[float, float]:
    """Seconds for the projections, then for the audit log, to reach the log head."""
    head = services.db.log_head()
    views = len(services.runner.names)
    with _bar() as bar:
        task = bar.add_task("projections catching up", total=head * views, detail="")
        started = time.perf_counter()
        services.runner.catch_up_all(lambda n: bar.advance(task, n))
        projections = time.perf_counter() - started
        task = bar.add_task("audit log integrating", total=head, detail="")
        started = time.perf_counter()
        services.integrator.integrate(lambda n: bar.advance(task, n))
        audit = time.perf_counter() - started
    return projections, audit


def summary(generated: Generated, projections: float, audit: float) -> Table:
    """What was recorded and how long each part took, as a table."""
    table = Table(title="demo data", show_header=False)
    table.add_row("reviews", f"{generated.reviews:,}")
    table.add_row("events", f"{generated.events:,}")
    table.add_row(
        "recorded in", f"{generated.seconds:,.1f} s ({generated.events_per_second:,.0f} events/s)"
    )
    table.add_row("projections caught up in", f"{projections:,.1f} s")
    table.add_row("audit log integrated in", f"{audit:,.1f} s")
    table.add_row("rule sets", _counts(generated.rule_sets))
    table.add_row("stages reached", _counts(generated.stages))
    table.add_row("FOI requests, SARs", f"{generated.foi_requests:,}, {generated.sars:,}")
    return table


def _counts(counter: dict[str, int]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in sorted(counter.items()))
