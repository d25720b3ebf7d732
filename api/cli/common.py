"""What every command needs: settings, a database (embedded if none is configured), logging."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from rich.console import Console
from rich.markup import escape

from adapters.embedded_pg import EmbeddedPostgres, EmbeddedPostgresUnavailable
from adapters.settings import LogFormat, Settings, SettingsError
from api import logs

console = Console(stderr=True)


def load_settings() -> Settings:
    try:
        settings = Settings()
        settings.check_production_safety()
    except ValidationError as error:
        fail("; ".join(_describe(e) for e in error.errors()))
    except SettingsError as error:
        fail(str(error))
    return settings


def _describe(error: ErrorDetails) -> str:
    variable = "REVIEWTRAIL_" + "_".join(str(part) for part in error["loc"]).upper()
    return f"{variable}: {error['msg'].removeprefix('Value error, ')}"


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a plain message (no traceback) and exit."""
    console.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def database(settings: Settings) -> Iterator[str]:
    """The configured database URL, or an embedded server under var/ for as long as needed."""
    if settings.database_url:
        yield settings.database_url
        return
    embedded = EmbeddedPostgres(settings.var_dir / "postgres")
    try:
        url = embedded.start()
    except EmbeddedPostgresUnavailable as error:
        fail(str(error))
    console.print(f"embedded PostgreSQL running in {embedded.pgdata}")
    try:
        yield url
    finally:
        embedded.stop()


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr in ``REVIEWTRAIL_LOG_FORMAT`` (text if the settings do not load yet: the
    command reports that error itself when it loads them)."""
    try:
        log_format = Settings().effective_log_format
    except ValidationError:
        log_format = LogFormat.TEXT
    logs.configure(log_format, level)
