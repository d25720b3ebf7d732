"""A private PostgreSQL server for development and first runs.

Order of preference: the ``pgserver`` wheel (ships its own PostgreSQL binaries), then the system's
``initdb``/``pg_ctl``, else a clear error saying how to point reviewtrail at a server instead.
The server listens on a Unix socket inside its data directory only (no TCP port is opened).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import warnings
from pathlib import Path
from types import TracebackType
from typing import Protocol

log = logging.getLogger(__name__)

HOW_TO_CONFIGURE = (
    "Point reviewtrail at a PostgreSQL server instead: "
    "export REVIEWTRAIL_DATABASE_URL=postgresql://USER:PASSWORD@HOST:5432/DBNAME"
)


class EmbeddedPostgresUnavailable(RuntimeError):
    """Raised when no embedded PostgreSQL can be started on this machine."""


class _Server(Protocol):
    def uri(self) -> str: ...
    def stop(self) -> None: ...


class _PgServerWheel:
    def __init__(self, pgdata: Path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
            import pgserver

        # "stop": the server stops when the last process that asked for it lets go.
        self._server = pgserver.get_server(pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]

    def uri(self) -> str:
        return str(self._server.get_uri())

    def stop(self) -> None:
        self._server.cleanup()


class _SystemBinaries:
    def __init__(self, pgdata: Path, initdb: str, pg_ctl: str) -> None:
        self._pgdata, self._pg_ctl = pgdata, pg_ctl
        if not (pgdata / "PG_VERSION").exists():
            pgdata.mkdir(parents=True, exist_ok=True)
            _run([initdb, "-D", str(pgdata), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        options = f"-k {pgdata} -c listen_addresses=''"
        _run([pg_ctl, "-D", str(pgdata), "-o", options, "-w", "-l", str(pgdata / "log"), "start"])

    def uri(self) -> str:
        return f"postgresql://postgres:@/postgres?host={self._pgdata}"

    def stop(self) -> None:
        _run([self._pg_ctl, "-D", str(self._pgdata), "-m", "fast", "-w", "stop"])


def _run(argv: list[str]) -> None:
    result = subprocess.run(argv, check=False, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise EmbeddedPostgresUnavailable(f"{Path(argv[0]).name} failed: {result.stderr.strip()}")


class EmbeddedPostgres:
    """Start a private PostgreSQL under ``pgdata``; use as a context manager to stop it on exit."""

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata.resolve()
        self._server: _Server | None = None

    def start(self) -> str:
        """Start (or reuse) the server and return its connection URL."""
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self._server = self._start_any()
        return self._server.uri()

    def _start_any(self) -> _Server:
        reasons: list[str] = []
        try:
            return _PgServerWheel(self.pgdata)
        except Exception as error:  # any failure here means "try the next way"
            reasons.append(f"pgserver: {error}")
        initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
        if initdb and pg_ctl and os.geteuid() != 0:
            try:
                return _SystemBinaries(self.pgdata / "system", initdb, pg_ctl)
            except EmbeddedPostgresUnavailable as error:
                reasons.append(str(error))
        else:
            reasons.append("system initdb/pg_ctl: not found or running as root")
        raise EmbeddedPostgresUnavailable(
            "could not start an embedded PostgreSQL ("
            + "; ".join(reasons)
            + "). "
            + HOW_TO_CONFIGURE
        )

    def stop(self) -> None:
        """Stop the server if this object started it."""
        if self._server is not None:
            log.info("stopping embedded PostgreSQL in %s", self.pgdata)
            self._server.stop()
            self._server = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
