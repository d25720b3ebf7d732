"""Typed settings: the one place that reads configuration from the environment.

Everything configurable comes from ``REVIEWTRAIL_*`` variables (or a ``.env`` file), is validated
here, and is handed to the composition root. The eventsourcing library is configured from this
object only (``eventsourcing_env``), never from stray ``POSTGRES_*`` variables.
"""

from __future__ import annotations

import socket
from enum import StrEnum
from pathlib import Path
from typing import Any

from psycopg.conninfo import conninfo_to_dict
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_ISSUER = "reviewtrail-development"


class Mode(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class SettingsError(ValueError):
    """Raised when the configuration is unsafe or incomplete; the message says how to fix it."""


class Settings(BaseSettings):
    """reviewtrail configuration (environment variables prefixed ``REVIEWTRAIL_``)."""

    model_config = SettingsConfigDict(env_prefix="REVIEWTRAIL_", env_file=".env", extra="ignore")

    mode: Mode = Mode.DEVELOPMENT
    database_url: str | None = Field(
        default=None,
        description="postgresql:// URL; unset in development means an embedded server in var_dir",
    )
    query_database_url: str | None = Field(
        default=None,
        description="postgresql:// URL of a read replica that serves the views' queries; unset "
        "means the primary (docs/operations.md, 'Scaling out')",
    )
    var_dir: Path = Path("var")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    pool_size: int = Field(default=10, ge=1, le=200)
    lock_timeout_seconds: int = Field(default=5, ge=1)
    database_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    run_projections: bool = True
    projection_batch_size: int = Field(default=500, ge=1, le=10_000)
    read_your_writes_timeout: float = Field(default=2.0, ge=0, le=30)
    idempotency_ttl_seconds: int = Field(
        default=24 * 3600,
        ge=60,
        le=30 * 24 * 3600,
        description="how long a command's Idempotency-Key is remembered (expired keys are purged)",
    )
    key_file: Path | None = Field(
        default=None, description="key ring (KEKs + blind-index key); default var_dir/keys.json"
    )
    key_cache_size: int = Field(default=10_000, ge=1)
    auth_issuer: str = DEVELOPMENT_ISSUER
    auth_audience: str = "reviewtrail"
    auth_jwks_url: str | None = None
    auth_algorithms: tuple[str, ...] = ("RS256", "ES256", "EdDSA")
    run_audit_integrator: bool = True
    background_processes: bool = Field(
        default=True,
        description="`reviewtrail serve` runs the projection runner and the audit integrator "
        "as child processes (true) or as threads of the API process (false)",
    )
    audit_origin: str = Field(
        default_factory=lambda: f"reviewtrail/{socket.gethostname()}",
        pattern=r"^[^\s+]+$",
        description="the audit log's name in its checkpoints (no spaces or '+')",
    )
    audit_key_file: Path | None = Field(
        default=None, description="Ed25519 checkpoint key; default var_dir/audit-ed25519.pem"
    )
    audit_checkpoint_dir: Path | None = Field(
        default=None,
        description="where checkpoints.log is appended, outside the database; default "
        "var_dir/checkpoints",
    )
    audit_batch_size: int = Field(default=1000, ge=1, le=100_000)
    audit_checkpoint_interval_seconds: float = Field(default=1.0, ge=0, le=3600)
    log_format: LogFormat | None = Field(
        default=None, description="text or json; default json in production, text otherwise"
    )
    erasure_ledger_dir: Path | None = Field(
        default=None,
        description="where erasures.log is appended, outside the database (restores re-apply "
        "it); default var_dir/erasures",
    )

    @field_validator("database_url", "query_database_url")
    @classmethod
    def _postgres_only(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError(
                "must be a postgresql:// URL: reviewtrail stores events in PostgreSQL only"
            )
        return value

    def require_database_url(self) -> str:
        """The configured URL, or a clear error when the caller needs one and none is set."""
        if self.database_url is None:
            raise SettingsError(
                "no database configured: set REVIEWTRAIL_DATABASE_URL=postgresql://user:pass@host/db"
            )
        return self.database_url

    @property
    def key_path(self) -> Path:
        return self.key_file or self.var_dir / "keys.json"

    @property
    def audit_key_path(self) -> Path:
        return self.audit_key_file or self.var_dir / "audit-ed25519.pem"

    @property
    def audit_checkpoint_file(self) -> Path:
        return (self.audit_checkpoint_dir or self.var_dir / "checkpoints") / "checkpoints.log"

    @property
    def effective_log_format(self) -> LogFormat:
        if self.log_format is not None:
            return self.log_format
        return LogFormat.JSON if self.mode is Mode.PRODUCTION else LogFormat.TEXT

    @property
    def erasure_ledger_file(self) -> Path:
        return (self.erasure_ledger_dir or self.var_dir / "erasures") / "erasures.log"

    def eventsourcing_env(self, database_url: str) -> dict[str, str]:
        """The event store's environment for ``database_url`` (the configured URL, or the
        embedded server's), sized by these settings."""
        return eventsourcing_env(
            database_url,
            pool_size=self.pool_size,
            lock_timeout=self.lock_timeout_seconds,
            connect_timeout=max(1, round(self.database_timeout_seconds)),
        )

    def check_production_safety(self) -> None:
        """Refuse settings that are only acceptable on a developer's machine."""
        if self.mode is not Mode.PRODUCTION:
            return
        if self.database_url is None:
            raise SettingsError(
                "production needs REVIEWTRAIL_DATABASE_URL: "
                "the embedded PostgreSQL is for development only"
            )
        if self.auth_issuer == DEVELOPMENT_ISSUER or self.auth_jwks_url is None:
            raise SettingsError(
                "production needs an OIDC issuer: set REVIEWTRAIL_AUTH_ISSUER and "
                "REVIEWTRAIL_AUTH_JWKS_URL (the development issuer is refused)"
            )


def eventsourcing_env(
    database_url: str, *, pool_size: int = 5, lock_timeout: int = 5, connect_timeout: int = 5
) -> dict[str, str]:
    """The eventsourcing library's environment for our PostgreSQL event store.

    POSTGRES_ENABLE_DB_FUNCTIONS stays off: its insert function skips the table lock and a tailing
    reader can miss events for good (research/eventsourcing.md, section 7).
    """
    parts: dict[str, Any] = conninfo_to_dict(database_url)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": str(parts.get("dbname") or "postgres"),
        "POSTGRES_HOST": str(parts.get("host") or "127.0.0.1"),
        "POSTGRES_PORT": str(parts.get("port") or "5432"),
        "POSTGRES_USER": str(parts.get("user") or "postgres"),
        "POSTGRES_PASSWORD": str(parts.get("password") or ""),
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_MAX_OVERFLOW": str(pool_size),
        "POSTGRES_LOCK_TIMEOUT": str(lock_timeout),
        "POSTGRES_CONNECT_TIMEOUT": str(connect_timeout),
        # No ping per checkout (a round trip per save): the recorder retries broken connections.
        "POSTGRES_PRE_PING": "n",
        "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
        "CREATE_TABLE": "y",
    }
