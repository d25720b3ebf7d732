"""``reviewtrail audit``: integrate the log, verify it, and manage the checkpoint signing key."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeRemainingColumn

from adapters.audit.checkpoint import CheckpointError, parse_verifier_key, verifier_key
from adapters.audit.signing_key import load_signing_key, write_signing_key
from adapters.audit.verifier import VerificationReport, verify_database
from adapters.crypto.errors import KeyFileError
from adapters.postgres import audit_log
from adapters.postgres.audit_queries import AuditQueries
from adapters.postgres.db import Database
from adapters.settings import Settings
from api.app import build_integrator
from api.cli.background import run_until_signalled, watch_parent
from api.cli.common import configure_logging, console, database, fail, load_settings

app = typer.Typer(no_args_is_help=True, help="tamper-evident audit log")
SHOWN_FINDINGS = 10


@app.command("integrate")
def integrate(
    once: Annotated[
        bool, typer.Option("--once", help="integrate what is committed, sign, and exit")
    ] = False,
) -> None:
    """Append committed events to the Merkle tree (foreground; stands by if another runs)."""
    configure_logging()
    settings = load_settings()
    with database(settings) as url:
        db = Database(url, max_size=2)
        try:
            integrator = build_integrator(settings, db)
            if once:
                total = max(db.log_head() - integrator.integrated_position(), 0)
                with _bar(f"integrating into {settings.audit_origin}", total) as (bar, task):
                    count = integrator.integrate(lambda n: bar.advance(task, n))
                console.print(f"integrated {count} events")
                return

            watch_parent()  # a child of `reviewtrail serve` stops with it
            run_until_signalled(integrator.run_forever, integrator.stop_requested, "integrator")
        finally:
            db.close()


@app.command("verify")
def verify(
    checkpoints: Annotated[
        Path | None,
        typer.Option(help="external checkpoint file [default: the configured checkpoints.log]"),
    ] = None,
    public_key: Annotated[
        str | None,
        typer.Option(help="verifier key (name+id+key) [default: from the audit key file]"),
    ] = None,
    hash_in_python: Annotated[
        bool,
        typer.Option(
            help="hash every event here from the rows PostgreSQL returns, rather than let"
            " PostgreSQL's own sha256() hash them (about three times slower on a long log)"
        ),
    ] = False,
) -> None:
    """Recompute the whole tree from the stored events and check every checkpoint.

    Exits 0 when intact, 1 naming the first damaged position and the kind of damage.
    """
    settings = load_settings()
    key = _public_key(settings, public_key)
    external = _checkpoint_file(settings, checkpoints)
    with database(settings) as url:
        report = _verify(url, key, external, hash_in_python=hash_in_python)
    for remark in report.remarks:
        console.print(f"[yellow]note:[/yellow] {escape(remark)}")
    if report.intact:
        console.print(f"[green]{escape(report.summary())}[/green]")
        return
    for finding in report.findings[:SHOWN_FINDINGS]:
        marker = "" if finding.primary else " (consequence)"
        console.print(f"  - {escape(finding.describe())}{marker}", highlight=False)
    fail(report.summary(), code=1)


def _verify(
    url: str, key: Ed25519PublicKey, external: Path | None, *, hash_in_python: bool
) -> VerificationReport:
    db = Database(url, max_size=1)
    try:
        audit_log.ensure_schema(db)
        total = AuditQueries(db).tree_state().size
    finally:
        db.close()
    with _bar("verifying", total) as (bar, task):
        return verify_database(
            url, key, external, lambda n: bar.advance(task, n), hash_in_python=hash_in_python
        )


@app.command("public-key")
def public_key() -> None:
    """Print the verifier key of the checkpoint signing key, for auditors and witnesses."""
    settings = load_settings()
    try:
        signing = load_signing_key(settings.audit_key_path)
    except KeyFileError as error:
        fail(str(error))
    typer.echo(verifier_key(settings.audit_origin, signing.key.public_key()))


@app.command("keygen")
def keygen(
    out: Annotated[Path, typer.Option(help="where to write the new key (must not exist)")],
) -> None:
    """Create a production checkpoint signing key (Ed25519 PEM, mode 0600)."""
    try:
        signing = write_signing_key(out, development=False)
    except FileExistsError:
        fail(f"{out} exists: a signing key is never overwritten")
    settings = load_settings()
    console.print(f"wrote {out}; set REVIEWTRAIL_AUDIT_KEY_FILE={out}")
    typer.echo(verifier_key(settings.audit_origin, signing.key.public_key()))


def _public_key(settings: Settings, text: str | None) -> Ed25519PublicKey:
    try:
        if text is not None:
            return parse_verifier_key(text)[1]
        return load_signing_key(settings.audit_key_path).key.public_key()
    except (CheckpointError, KeyFileError) as error:
        raise fail(f"{error} (pass --public-key name+id+key)") from None


def _checkpoint_file(settings: Settings, given: Path | None) -> Path | None:
    if given is not None and not given.is_file():
        fail(f"checkpoint file {given} not found")
    configured = settings.audit_checkpoint_file
    if given is None and not configured.is_file():
        console.print(f"[yellow]note:[/yellow] no checkpoint file at {configured}: database only")
        return None
    return given or configured


class _bar:
    """A rich progress bar on stderr, as ``(progress, task)``."""

    def __init__(self, description: str, total: int) -> None:
        columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn())
        self._progress = Progress(*columns, TimeRemainingColumn(), console=console)
        self._task = self._progress.add_task(description, total=total)

    def __enter__(self) -> tuple[Progress, TaskID]:
        self._progress.start()
        return self._progress, self._task

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()
