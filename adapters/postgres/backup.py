"""Backups with PostgreSQL's own tools: ``pg_dump`` / ``pg_restore`` in the custom format.

The client tools must be of the server's major version or newer (an older ``pg_dump`` refuses a
newer server). The PostgreSQL client on PATH is preferred, then the one bundled with the
``pgserver`` wheel that runs the development database.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

# pg_dump records its start in its own local time: both tools run in UTC so it reads back exactly.
TOOL_ENV = {"TZ": "UTC", "PGTZ": "UTC"}
CREATED = re.compile(r"^; Archive created at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", re.MULTILINE)
VERSION = re.compile(r"\(PostgreSQL\) (\d+)")


class BackupError(RuntimeError):
    """A backup or restore cannot go ahead; the message says why, without a traceback."""


def candidate_dirs() -> list[Path | None]:
    """Where to look for the tools, in order: PATH (``None``), then pgserver's bundle."""
    dirs: list[Path | None] = [None]
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.origin is not None:
        dirs.append(Path(spec.origin).parent / "pginstall" / "bin")
    return dirs


def tool_major(executable: str) -> int | None:
    """The major version ``executable --version`` reports, or None if it cannot be run."""
    try:
        result = subprocess.run(  # noqa: S603 - a PostgreSQL tool found on PATH or in pgserver
            [executable, "--version"], capture_output=True, text=True, check=False, timeout=30
        )
    except OSError:
        return None
    match = VERSION.search(result.stdout)
    return int(match.group(1)) if match else None


def find_tool(name: str, server_major: int, dirs: Sequence[Path | None] | None = None) -> str:
    """The first ``name`` (pg_dump, pg_restore) of ``server_major`` or newer."""
    seen: list[str] = []
    for directory in candidate_dirs() if dirs is None else dirs:
        executable = shutil.which(name) if directory is None else str(directory / name)
        if executable is None or not Path(executable).exists():
            continue
        major = tool_major(executable)
        seen.append(f"{executable} ({major or 'unknown version'})")
        if major is not None and major >= server_major:
            return executable
    found = "; found " + ", ".join(seen) if seen else ""
    raise BackupError(
        f"no {name} of PostgreSQL {server_major} or newer: install the PostgreSQL "
        f"{server_major} client tools{found}"
    )


def server_major(url: str) -> int:
    """The major version of the server at ``url``."""
    with psycopg.connect(url, connect_timeout=10) as conn:
        row = conn.execute("SHOW server_version_num").fetchone()
    assert row is not None
    return int(row[0]) // 10_000


def is_empty(url: str) -> bool:
    """True when the database holds no table, view or sequence outside the system schemas."""
    with psycopg.connect(url, connect_timeout=10) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
            " AND n.nspname NOT LIKE 'pg_toast%' AND c.relkind IN ('r', 'v', 'm', 'S', 'p')"
        ).fetchone()
    return row is not None and int(row[0]) == 0


def _run(executable: str, url: str, args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    # The password goes in the environment, not on the command line where ps would show it.
    parts: dict[str, Any] = conninfo_to_dict(url)
    password = parts.pop("password", None)
    env = {**os.environ, **TOOL_ENV, **({"PGPASSWORD": str(password)} if password else {})}
    command = [executable, "--dbname", make_conninfo(**parts), *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(executable).name} failed: {result.stderr.strip()[-2000:]}")
    return result


def dump(url: str, out: Path) -> None:
    """Write a custom-format archive of the whole database to ``out``."""
    executable = find_tool("pg_dump", server_major(url))
    _run(executable, url, ["--format=custom", "--no-owner", "--no-privileges", "--file", str(out)])


def restore(url: str, archive: Path, *, clean: bool) -> None:
    """Load ``archive`` into the database at ``url`` (dropping its objects first if ``clean``)."""
    executable = find_tool("pg_restore", server_major(url))
    options = ["--no-owner", "--no-privileges", "--exit-on-error"]
    if clean:
        options += ["--clean", "--if-exists"]
    _run(executable, url, [*options, str(archive)])


def created_at(archive: Path, url: str) -> datetime:
    """When ``pg_dump`` started writing ``archive`` (as recorded in its table of contents)."""
    executable = find_tool("pg_restore", server_major(url))
    env = {**os.environ, **TOOL_ENV}
    result = subprocess.run(  # noqa: S603
        [executable, "--list", str(archive)], env=env, capture_output=True, text=True, check=False
    )
    match = CREATED.search(result.stdout)
    if result.returncode != 0 or match is None:
        raise BackupError(f"{archive} is not a pg_dump custom-format archive")
    return datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
