"""``reviewtrail loadtest``: concurrent simulated users over HTTP; the work is in adapters/load."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from adapters.bench import BenchError
from adapters.load import LoadParameters, Mint, render_markdown, run_loadtest, update_section
from adapters.settings import Settings
from api.app import development_issuer
from api.cli.common import console, database, fail, load_settings

DOCS = Path("docs/benchmarks.md")


def development_tokens(var_dir: Path, hours: int = 24) -> Mint:
    """Development tokens signed with the key a server using ``var_dir`` will load (default
    settings, as the bench uses, so runs measure the same configuration)."""
    issuer = development_issuer(Settings.model_construct(var_dir=var_dir))

    def mint(user: str, partnership: str, roles: list[str]) -> str:
        return issuer.issue(
            user=user, partnership=partnership, roles=roles, ttl_seconds=hours * 3600
        )

    return mint


def loadtest(
    clients: Annotated[int, typer.Option(min=1, max=64, help="concurrent users")] = 8,
    duration: Annotated[float, typer.Option(min=1, max=3600, help="seconds, at most")] = 180.0,
    max_requests: Annotated[int, typer.Option(min=1, help="requests, at most")] = 200_000,
    json_output: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    update_docs: Annotated[
        bool, typer.Option("--update-docs", help="rewrite the Load test of docs/benchmarks.md")
    ] = False,
) -> None:
    """Run concurrent users (review teams, data protection leads, governance officers) against
    ``reviewtrail serve`` on loopback, in a temporary database dropped afterwards; report
    throughput, latency per operation, errors and the server's memory."""
    if update_docs and not DOCS.is_file():
        fail(f"{DOCS} not found: run from the repository root")
    params = LoadParameters(clients=clients, duration=duration, max_requests=max_requests)
    with database(load_settings()) as url:
        try:
            report = run_loadtest(url, params, development_tokens, say=console.print)
        except BenchError as error:
            fail(str(error))
    if update_docs:
        update_section(DOCS, report)
        console.print(f"updated {DOCS}")
    typer.echo(json.dumps(report, indent=2) if json_output else render_markdown(report))
    if report["server_errors"]:
        raise typer.Exit(1)
