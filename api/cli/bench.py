"""``reviewtrail bench``: measure the performance targets; the work is in adapters/bench."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from adapters.audit.signing_key import signing_key_for
from adapters.bench import BenchError, BenchParameters, run_bench, update_latest_run
from adapters.bench.report import render_markdown
from adapters.bench.scale import Loaded, SampleSubject
from adapters.settings import Settings
from api.app import build_services, development_issuer
from api.cli.common import console, database, fail, load_settings
from api.cli.demo_generator import generate
from api.deps import Services

DOCS = Path("docs/benchmarks.md")


class ProductWiring:
    """The bench's view of the composition root, always with default settings, so runs on
    different machines measure the same configuration."""

    def services(self, database_url: str, var_dir: Path) -> Services:
        """``build_services`` on the bench's temporary database."""
        return build_services(_defaults(var_dir), database_url)

    def token(
        self,
        var_dir: Path,
        partnership: str = "bench",
        roles: Sequence[str] = ("chair",),
        reviews: Sequence[str] = (),
    ) -> str:
        """A development token, signed with the key the served app will load."""
        issuer = development_issuer(_defaults(var_dir))
        return issuer.issue(
            user="bench",
            partnership=partnership,
            roles=list(roles),
            reviews=list(reviews),
            ttl_seconds=6 * 3600,
        )

    def load(self, services: Any, events: int, seed: int, say: Callable[[str], None]) -> Loaded:
        """Demo data (``reviewtrail demo --reviews``) until the log has ``events`` more events."""
        reported = [0]

        def progress(reviews: int, position: int) -> None:
            if position >= reported[0] + max(events // 10, 1):
                reported[0] = position
                say(f"(d) {reviews} reviews, log position {position}")

        generated = generate(services, events=events, seed=seed, progress=progress)
        subjects = [
            SampleSubject(c.subject_id, c.partnership, c.name, c.date_of_birth)
            for c in generated.children
        ]
        return Loaded(generated.reviews, generated.events, generated.seconds, subjects)

    def audit_key(self, var_dir: Path) -> tuple[Ed25519PublicKey, Path | None]:
        """The served app's checkpoint verifier key and external checkpoint file."""
        settings = _defaults(var_dir)
        checkpoints = settings.audit_checkpoint_file
        key = signing_key_for(settings).key.public_key()
        return key, checkpoints if checkpoints.is_file() else None


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
    scale_events: Annotated[
        int,
        typer.Option(min=0, help="(d) events of demo data for the at-scale targets (0: skip them)"),
    ] = 20_000,
    scale_samples: Annotated[int, typer.Option(min=1, help="(d) samples per measure")] = 200,
    seed: Annotated[int, typer.Option(help="(d) the demo data's seed")] = 0,
    update_docs: Annotated[
        bool, typer.Option("--update-docs", help="rewrite the Latest run of docs/benchmarks.md")
    ] = False,
) -> None:
    """Measure the command path, projection rebuild and read-your-writes against eventsourcing
    references, and the at-scale targets on demo data, in temporary databases that are dropped
    afterwards."""
    if update_docs and not DOCS.is_file():
        fail(f"{DOCS} not found: run from the repository root")
    params = BenchParameters.scaled(
        events,
        catch_up_events,
        samples,
        scale_events=scale_events,
        scale_samples=scale_samples,
        seed=seed,
    )
    with database(load_settings()) as url:
        try:
            report = run_bench(url, params, ProductWiring(), say=console.print)
        except BenchError as error:
            fail(str(error))
    if update_docs:
        update_latest_run(DOCS, report)
        console.print(f"updated {DOCS}")
    typer.echo(json.dumps(report, indent=2) if json_output else render_markdown(report))
