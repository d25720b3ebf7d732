"""The outermost middleware of our own: a correlation id per request, the access log line,
request metrics and the last-resort error handler.

Pure ASGI rather than ``@app.middleware("http")``: Starlette's ``BaseHTTPMiddleware`` runs the
rest of the app in a second task and streams the response through a memory channel, which cost
10-20 % of a small request in the profiles behind docs/benchmarks.md. Here the request stays in
one task and the response messages pass straight through, with the ``X-Request-Id`` header added
to the first.
"""

from __future__ import annotations

import logging
import time
from uuid import UUID, uuid4

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors, freshness, logs
from api.metrics import Metrics

access_log = logging.getLogger("reviewtrail.access")


class RequestContextMiddleware:
    """Give each request a correlation id (echoed as X-Request-Id, on every log record meanwhile
    and as the correlation id of the events it records), log it without its query string (which
    may hold identifiers being searched for), measure it, and never leak a traceback."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        correlation_id = request_id(_header(scope, b"x-request-id"))
        scope.setdefault("state", {})["correlation_id"] = correlation_id
        token = logs.request_id.set(correlation_id)
        try:
            with freshness.tracked() as behind:
                await self._serve(scope, receive, send, correlation_id, behind)
        finally:
            logs.request_id.reset(token)

    async def _serve(
        self, scope: Scope, receive: Receive, send: Send, correlation_id: UUID, behind: list[str]
    ) -> None:
        started = time.perf_counter()
        status: list[int] = []

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(int(message["status"]))
                headers = MutableHeaders(scope=message)
                headers["X-Request-Id"] = str(correlation_id)
                if behind:  # served from views that had not caught up (api.freshness)
                    headers[freshness.HEADER] = ", ".join(behind)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as error:  # the last resort: handlers inside cover known errors
            if status:  # the response had begun: nothing sensible can be sent any more
                raise
            response = errors.HANDLERS[Exception](Request(scope, receive), error)
            await response(scope, receive, send_with_id)
        elapsed = time.perf_counter() - started
        code = status[0] if status else 500
        _measure(scope, code, elapsed, behind)
        access_log.info(
            "%s %s %s %.1fms request_id=%s%s",
            scope["method"],
            scope["path"],
            code,
            elapsed * 1000,
            correlation_id,
            f" views_behind={','.join(behind)}" if behind else "",
        )


def request_id(header: str | None) -> UUID:
    """The client's X-Request-Id when it is a UUID, else a new one."""
    try:
        return UUID(header) if header else uuid4()
    except ValueError:
        return uuid4()


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _measure(scope: Scope, status: int, seconds: float, behind: list[str]) -> None:
    """Latency by route template (never the raw path: ids would explode the label set),
    commands by operation, and reads served from views that were behind, by view."""
    registry: Metrics = scope["app"].state.metrics
    route = scope.get("route")
    template = str(getattr(route, "path", "unmatched"))
    method = str(scope["method"])
    registry.latency.observe(seconds, method, template, str(status))
    for view in behind:
        registry.stale_reads.inc(view)
    if route is not None and method not in ("GET", "HEAD", "OPTIONS"):
        operation = getattr(route, "operation_id", None) or getattr(route, "name", template)
        outcome = "ok" if status < 400 else "rejected" if status < 500 else "error"
        registry.commands.inc(str(operation), outcome)
