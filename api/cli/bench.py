"""``reviewtrail bench``: measure the performance targets; the work is in adapters/bench."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from adapters.bench import BenchError, BenchParameters, run_bench, update_latest_run
from adapters.bench.report import render_markdown
from adapters.settings import Settings
from api.app import build_services, development_issuer
from api.cli.common import console, database, fail, load_settings
from api.deps import Services

DOCS = Path("docs/benchmarks.md")


class ProductWiring:
    """The bench's view of the composition root, always with default settings, so runs on
    different machines measure the same configuration."""

    def services(self, database_url: str, var_dir: Path) -> Services:
        """``build_services`` on the bench's temporary database."""
        return build_services(_defaults(var_dir), database_url)

    def token(self, var_dir: Path) -> str:
        """A chair's development token, signed with the key the served app will load."""
        issuer = development_issuer(_defaults(var_dir))
        return issuer.issue(user="bench", partnership="bench", roles=["chair"], ttl_seconds=3600)


def _defaults(var_dir: Path) -> Settings:
    # model_construct: the defaults only, whatever REVIEWTRAIL_* variables or .env say.
    return Settings.model_construct(var_dir=var_dir)


def bench(
    json_output: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    events: Annotated[int, typer.Option(min=1, help="(a) commands and raw saves")] = 2000,
    catch_up_events: Annotated[
        int | None, typer.Option(min=1, help="(b) events to replay (default: ten times --events)")
    ] = None,
    samples: Annotated[
        int | None,
        typer.Option(min=1, help="(c) read-your-writes samples (default: --events / 10)"),
    ] = None,
    update_docs: Annotated[
        bool, typer.Option("--update-docs", help="rewrite the Latest run of docs/benchmarks.md")
    ] = False,
) -> None:
    """Measure the command path, projection rebuild and read-your-writes against eventsourcing
    references, in a temporary database that is dropped afterwards."""
    if update_docs and not DOCS.is_file():
        fail(f"{DOCS} not found: run from the repository root")
    params = BenchParameters.scaled(events, catch_up_events, samples)
    with database(load_settings()) as url:
        try:
            report = run_bench(url, params, ProductWiring(), say=console.print)
        except BenchError as error:
            fail(str(error))
    if update_docs:
        update_latest_run(DOCS, report)
        console.print(f"updated {DOCS}")
    typer.echo(json.dumps(report, indent=2) if json_output else render_markdown(report))
