"""``reviewtrail``: serve the API, issue development tokens, run and rebuild projections."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from adapters.settings import Mode
from api.app import create_app, development_issuer
from api.cli import (
    audit,
    backup,
    bench,
    demo_command,
    keys,
    loadtest,
    projections,
    snapshots,
    status,
)
from api.cli.background import Background, children_for
from api.cli.common import configure_logging, database, fail, load_settings
from api.cli.demo import seed_demo
from domain.roles import Role

app = typer.Typer(
    no_args_is_help=True, help="reviewtrail: the system of record for learning reviews"
)
app.add_typer(projections.app, name="projections")
app.add_typer(keys.keys_app, name="keys")
app.add_typer(keys.subjects_app, name="subjects")
app.add_typer(audit.app, name="audit")
app.add_typer(snapshots.app, name="snapshots")
app.command("bench")(bench.bench)
app.command("demo")(demo_command.demo)
app.command("loadtest")(loadtest.loadtest)
app.command("status")(status.status)
app.command("backup")(backup.backup)
app.command("restore")(backup.restore)


@app.command()
def serve(
    port: Annotated[int | None, typer.Option(help="port (default 8000)")] = None,
    host: Annotated[str | None, typer.Option(help="interface (default 127.0.0.1)")] = None,
    demo: Annotated[bool, typer.Option("--demo", help="seed demo data first")] = False,
) -> None:
    """Run the HTTP API, the projection runner and the audit integrator until interrupted."""
    configure_logging()
    settings = load_settings()
    commands = children_for(settings.run_projections, settings.run_audit_integrator)
    if settings.background_processes:
        # Child processes, not threads of this one (api/cli/background.py says why).
        settings = settings.model_copy(
            update={"run_projections": False, "run_audit_integrator": False}
        )
    with database(settings) as url:
        api = create_app(settings, url)  # creates the schema before any child starts
        if demo:
            seed_demo(api.state.services)
        background = Background(commands if settings.background_processes else [], url).start()
        try:
            uvicorn.run(
                api,
                host=host or settings.host,
                port=port or settings.port,
                log_config=None,
                access_log=False,  # our middleware logs requests without query strings
            )
        finally:
            background.stop()


@app.command()
def token(
    user: Annotated[str, typer.Option(help="user id (pseudonymous)")],
    partnership: Annotated[str, typer.Option(help="partnership (tenant) id")],
    role: Annotated[list[Role], typer.Option(help="role; repeat for several")],
    review: Annotated[
        list[str] | None, typer.Option(help="review id the user is a team member of")
    ] = None,
    hours: Annotated[int, typer.Option(min=1, max=24 * 7)] = 8,
) -> None:
    """Print a development bearer token (refused in production)."""
    settings = load_settings()
    if settings.mode is Mode.PRODUCTION:
        fail("the development issuer is disabled in production")
    issuer = development_issuer(settings)
    roles = [r.value for r in role]
    print(
        issuer.issue(
            user=user,
            partnership=partnership,
            roles=roles,
            reviews=review,
            ttl_seconds=hours * 3600,
        )
    )


def main() -> None:
    app()
