"""The real service for the bench: ``reviewtrail serve`` in a subprocess, spoken to over HTTP.

A subprocess (not a thread) keeps the client's work off the server's interpreter lock, as it
would be in production. The client is the standard library's ``http.client`` on one keep-alive
connection: it is always installed (httpx is a dev-only dependency) and adds little overhead of
its own to the figures.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from adapters.bench.database import BenchError

START_TIMEOUT = 60.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_environment(database_url: str, var_dir: Path) -> dict[str, str]:
    """The parent's environment without any REVIEWTRAIL_* setting, so every run measures the
    default configuration; only the database and the state directory are the bench's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REVIEWTRAIL_")}
    env["REVIEWTRAIL_DATABASE_URL"] = database_url
    env["REVIEWTRAIL_VAR_DIR"] = str(var_dir)
    return env


@contextmanager
def served(database_url: str, var_dir: Path) -> Iterator[tuple[str, int]]:
    """Run ``reviewtrail serve`` on a free port until the block ends; yield (host, port)."""
    port = free_port()
    command = [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1"]
    log_path = var_dir.parent / "serve.log"
    var_dir.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        # cwd is the bench's temporary directory, so a developer's .env is not read either.
        process = subprocess.Popen(  # noqa: S603
            [*command, "--port", str(port)],
            env=serve_environment(database_url, var_dir),
            cwd=var_dir.parent,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_healthy(process, port, log_path)
            yield "127.0.0.1", port
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_healthy(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"reviewtrail serve exited early:\n{_tail(log_path)}")
        try:
            with Client("127.0.0.1", port, token="") as client:
                if client.request("GET", "/health")[0] == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise BenchError(f"reviewtrail serve did not become healthy:\n{_tail(log_path)}")


def _tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class Client:
    """One keep-alive HTTP/1.1 connection with a bearer token; JSON in, (status, JSON) out."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self._conn = http.client.HTTPConnection(host, port, timeout=30)
        self._headers = {**_bearer(token), "Content-Type": "application/json"}

    def request(
        self, method: str, path: str, body: Any = None, token: str | None = None
    ) -> tuple[int, Any]:
        """Send one request and read the whole response (as ``token``'s holder if given)."""
        payload = json.dumps(body).encode() if body is not None else None
        headers = self._headers if token is None else {**self._headers, **_bearer(token)}
        try:
            response = self._send(method, path, payload, headers)
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # The server closes a connection left idle past its keep-alive timeout (uvicorn: 5 s,
            # e.g. while the concurrent clients ran); it never saw this request: send it again.
            self._conn.close()
            response = self._send(method, path, payload, headers)
        data = response.read()
        return response.status, json.loads(data) if data else None

    def _send(
        self, method: str, path: str, payload: bytes | None, headers: dict[str, str]
    ) -> http.client.HTTPResponse:
        self._conn.request(method, path, body=payload, headers=headers)
        return self._conn.getresponse()

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
