"""The running service: ``reviewtrail serve`` in a subprocess, spoken to over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest


@dataclass(frozen=True)
class RunningService:
    base_url: str
    env: dict[str, str]

    def token(
        self, *roles: str, partnership: str = "p-north", user: str = "user-1"
    ) -> dict[str, str]:
        args = ["token", "--user", user, "--partnership", partnership]
        for role in roles or ("chair",):
            args += ["--role", role]
        result = subprocess.run(
            [sys.executable, "-m", "api.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return {"Authorization": f"Bearer {result.stdout.strip()}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(base_url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(f"reviewtrail serve exited with {process.returncode}")
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("reviewtrail serve never became healthy")


@pytest.fixture
def service(database_url: str, tmp_path: Path) -> Iterator[RunningService]:
    port = free_port()
    env = {
        **os.environ,
        "REVIEWTRAIL_DATABASE_URL": database_url,
        "REVIEWTRAIL_VAR_DIR": str(tmp_path / "var"),
    }
    command = [sys.executable, "-m", "api.cli", "serve", "--port", str(port)]
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base_url, process)
        yield RunningService(base_url, env)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
