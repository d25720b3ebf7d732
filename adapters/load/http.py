"""One simulated frontend's HTTP connection: keep-alive, JSON, its own request ids.

Like the bench's client (the standard library's ``http.client``, always installed, little
overhead of its own), but it sends the headers a frontend sends (``If-Match``,
``Idempotency-Key``, ``X-Request-Id``), returns the response's headers and its latency, and
turns a dropped connection into ``ConnectionLost`` so that a client outlives a server restart.
"""

from __future__ import annotations

import http.client
import json
import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

TIMEOUT_SECONDS = 30.0


class ConnectionLost(Exception):
    """The server did not answer (refused, reset or closed): the request may or may not have
    been carried out."""


@dataclass(frozen=True)
class Reply:
    """A response: status, headers (lower-case names), body (JSON decoded, else text, or None),
    latency, and the
    ``X-Request-Id`` the request carried (the correlation id of any event it recorded)."""

    status: int
    headers: dict[str, str]
    body: Any
    seconds: float
    request_id: UUID


class LoadClient:
    """A keep-alive connection with one bearer token; reconnects after a dropped connection."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self._host, self._port = host, port
        self._authorization = f"Bearer {token}"
        self._conn: http.client.HTTPConnection | None = None

    def send(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        request_id: UUID | None = None,
    ) -> Reply:
        """Send one request and read the whole response; raises ``ConnectionLost``."""
        request_id = request_id or uuid4()
        sent = {
            "Authorization": self._authorization,
            "X-Request-Id": str(request_id),
            **(headers or {}),
        }
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            conn = self._connection()
            conn.request(method, path, body=payload, headers=sent)
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            raise ConnectionLost(type(error).__name__) from error
        seconds = time.perf_counter() - started
        received = {name.lower(): value for name, value in response.getheaders()}
        return Reply(response.status, received, _decode(received, data), seconds, request_id)

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self._host, self._port, TIMEOUT_SECONDS)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _decode(headers: dict[str, str], data: bytes) -> Any:
    if not data:
        return None
    if "json" in headers.get("content-type", ""):
        return json.loads(data)
    return data.decode(errors="replace")
