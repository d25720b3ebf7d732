"""RFC 9457 problem details: the one table that maps exceptions to HTTP responses.

Routers never catch exceptions; they propagate here. Responses carry no stack trace and no
personal value: validation errors report field paths and messages, never the input.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException

from adapters.crypto.errors import IdentifierFormatError
from adapters.postgres.idempotency import StoredResponse
from adapters.runner import TRANSIENT
from api.auth import Unauthenticated
from api.freshness import ViewsBehind
from domain.errors import ConcurrencyConflict, DomainError, NotFound, VersionMismatch

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"
TYPE_BASE = "https://reviewtrail.example/problems/"


class Forbidden(Exception):
    """The caller is authenticated but their role may not do this."""


class DatabaseUnavailable(Exception):
    """The database did not answer in time."""


class IdempotencyInFlight(Exception):
    """A request with the same Idempotency-Key is still running: nothing was done."""


class Replay(Exception):
    """A retried command: answer with the first response, run nothing."""

    def __init__(self, response: StoredResponse) -> None:
        super().__init__("replayed")
        self.response = response


def problem(
    request: Request,
    status: int,
    slug: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    if status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _domain(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    return problem(
        request, 422, "rule-violated", "Refused by a rule", error.message, rule=error.rule
    )


def _validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    if _not_json(request) and any(e.get("loc", ())[:1] == ("body",) for e in error.errors()):
        detail = "send the body as application/json"
        return problem(request, 415, "unsupported-media-type", "Unsupported media type", detail)
    errors = [
        {"path": "/".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "invalid")}
        for e in error.errors()
    ]
    return _invalid(request, errors)


def _invalid(request: Request, errors: list[dict[str, str]]) -> JSONResponse:
    return problem(
        request, 422, "validation", "Invalid request", "the request is invalid", errors=errors
    )


def _not_json(request: Request) -> bool:
    """A body was sent under a media type other than JSON (FastAPI then cannot parse it)."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not media_type:
        return request.headers.get("content-length", "0") not in ("", "0")
    return media_type != "application/json" and not media_type.endswith("+json")


def _identifier_format(request: Request, error: Exception) -> JSONResponse:
    # The message says what shape the identifier has, never what was sent.
    return problem(
        request,
        422,
        "rule-violated",
        "Refused by a rule",
        str(error),
        rule="subject.identifier-format",
    )


def _not_found(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, NotFound)
    return problem(request, 404, "not-found", "Not found", f"no such {error.kind}")


def _conflict(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ConcurrencyConflict)
    detail = "another command changed this resource first; reload and retry"
    return problem(
        request, 409, "conflict", "Conflict", detail, current_version=error.current_version
    )


def _precondition(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, VersionMismatch)
    detail = f"If-Match version {error.expected} is stale; the current version is {error.current}"
    return problem(
        request, 412, "stale-version", "Precondition failed", detail, current_version=error.current
    )


def _unauthenticated(request: Request, error: Exception) -> JSONResponse:
    return problem(request, 401, "unauthenticated", "Unauthenticated", str(error))


def _forbidden(request: Request, error: Exception) -> JSONResponse:
    return problem(request, 403, "forbidden", "Forbidden", str(error))


def _unavailable(request: Request, error: Exception) -> JSONResponse:
    log.warning("database unavailable: %s", type(error).__name__)
    return problem(
        request, 503, "unavailable", "Service unavailable", "the database is unavailable"
    )


def _views_behind(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ViewsBehind)
    detail = (
        f"the views this query reads ({', '.join(error.views)}) had not applied position"
        f" {error.position} in time"
    )
    if error.failed:  # it will not advance until an operator rebuilds it
        detail += f"; failed: {', '.join(error.failed)}"
    headers = None if error.failed else {"Retry-After": "1"}
    return problem(
        request,
        503,
        "views-behind",
        "Views behind",
        detail,
        headers=headers,
        views=error.views,
        failed=error.failed,
    )


def _in_flight(request: Request, error: Exception) -> JSONResponse:
    detail = "a request with this Idempotency-Key is still running; retry shortly"
    return problem(
        request,
        409,
        "idempotency-in-flight",
        "Conflict",
        detail,
        headers={"Retry-After": "1"},
        rule="idempotency.in-flight",
    )


def _replay(request: Request, error: Exception) -> Response:
    assert isinstance(error, Replay)
    stored = error.response
    headers = {**stored.headers, "Idempotent-Replayed": "true"}
    return Response(stored.body, status_code=stored.status, headers=headers)


HTTP_SLUGS = {404: "not-found", 405: "method-not-allowed", 413: "too-large"}


def _http(request: Request, error: Exception) -> JSONResponse:
    # Routing and protocol errors (unknown path, method not allowed); keeps headers like Allow.
    assert isinstance(error, StarletteHTTPException)
    status = error.status_code
    if status == 400:
        # FastAPI's only 400: a body it could not decode (e.g. not UTF-8). Malformed JSON is a
        # 422 validation problem, so this is too.
        return _invalid(request, [{"path": "body", "message": "the body could not be decoded"}])
    headers = dict(error.headers or {})
    if status == 405:
        headers["Allow"] = _allowed_methods(request)
    return problem(
        request, status, HTTP_SLUGS.get(status, "http"), _phrase(status), str(error.detail), headers
    )


def _allowed_methods(request: Request) -> str:
    # Starlette names only the first route that matched the path; RFC 9110 wants them all.
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(request.url.path) and route.methods:
            methods |= route.methods
    return ", ".join(sorted(methods))


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _unexpected(request: Request, error: Exception) -> JSONResponse:
    # Exception type only: a message could carry a personal value.
    log.error("unhandled %s on %s %s", type(error).__name__, request.method, request.url.path)
    return problem(request, 500, "internal", "Internal error", "an unexpected error occurred")


HANDLERS: dict[type[Exception], Callable[[Request, Exception], Response]] = {
    DomainError: _domain,
    RequestValidationError: _validation,
    IdentifierFormatError: _identifier_format,
    NotFound: _not_found,
    ConcurrencyConflict: _conflict,
    VersionMismatch: _precondition,
    Unauthenticated: _unauthenticated,
    Forbidden: _forbidden,
    DatabaseUnavailable: _unavailable,
    IdempotencyInFlight: _in_flight,
    ViewsBehind: _views_behind,
    Replay: _replay,
    StarletteHTTPException: _http,
    Exception: _unexpected,
    **{error: _unavailable for error in TRANSIENT},
}


def install(app: FastAPI) -> None:
    for error, handler in HANDLERS.items():
        app.add_exception_handler(error, handler)
