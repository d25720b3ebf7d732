"""A PostgreSQL server of the test's own, to stop and start at will: never the machine's
shared server. System binaries (``pg_config --bindir``, else /usr/lib/postgresql/*/bin), else
the ones in the ``pgserver`` wheel; as root, the server runs as the ``postgres`` OS user (the
server refuses to run as root)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

import pytest

from adapters.bench.served import free_port


def bindir() -> Path:
    """A directory holding initdb, pg_ctl and postgres."""
    for candidate in _system_bindirs():
        if _has_server(candidate):
            return candidate
    wheel = _wheel_bindir()
    if wheel is not None and _has_server(wheel):
        return wheel
    pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")


def _system_bindirs() -> list[Path]:
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(Path(found.stdout.strip()))
    return candidates + sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def _wheel_bindir() -> Path | None:
    try:
        from pgserver import _commands
    except ImportError:
        return None
    return Path(_commands.POSTGRES_BIN_PATH)


def _has_server(directory: Path) -> bool:
    return all((directory / tool).exists() for tool in ("initdb", "pg_ctl", "postgres"))


def server_user() -> str | None:
    """The OS user to run the server as: None for the current one, ``postgres`` as root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres").pw_name
    except KeyError:
        pytest.skip("running as root without a postgres OS user to run a private server as")


class PrivatePostgres:
    """initdb in a fresh temporary directory, then ``start()`` / ``stop()`` on a free port of
    127.0.0.1 (and a Unix socket inside its own directory)."""

    def __init__(self) -> None:
        self._bin, self._user = bindir(), server_user()
        self.root = Path(tempfile.mkdtemp(prefix="rt-pg-"))
        self.data, self.port = self.root / "data", free_port()
        if self._user is not None:
            entry = pwd.getpwnam(self._user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data}"
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """``immediate`` is a crash as far as clients can tell (recovery from WAL on start)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [str(self._bin / tool), *args], check=True, capture_output=True, user=self._user
        )

    def __enter__(self) -> PrivatePostgres:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        subprocess.run(
            [str(self._bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
            user=self._user,
        )
        shutil.rmtree(self.root, ignore_errors=True)
