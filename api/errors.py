"""RFC 9457 problem details: the one table that maps exceptions to HTTP responses.

Routers never catch exceptions; they propagate here. Responses carry no stack trace and no
personal value: validation errors report field paths and messages, never the input.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from adapters.runner import TRANSIENT
from api.auth import Unauthenticated
from domain.errors import ConcurrencyConflict, DomainError, NotFound, VersionMismatch

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"
TYPE_BASE = "https://reviewtrail.example/problems/"


class Forbidden(Exception):
    """The caller is authenticated but their role may not do this."""


class DatabaseUnavailable(Exception):
    """The database did not answer in time."""


def problem(
    request: Request, status: int, slug: str, title: str, detail: str, **extra: Any
) -> JSONResponse:
    body = {
        "type": TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _domain(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    return problem(
        request, 422, "rule-violated", "Refused by a rule", error.message, rule=error.rule
    )


def _validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [
        {"path": "/".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "invalid")}
        for e in error.errors()
    ]
    return problem(
        request, 422, "validation", "Invalid request", "the request is invalid", errors=errors
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


def _http(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    return problem(request, error.status_code, "http", str(error.detail), str(error.detail))


def _unexpected(request: Request, error: Exception) -> JSONResponse:
    # Exception type only: a message could carry a personal value.
    log.error("unhandled %s on %s %s", type(error).__name__, request.method, request.url.path)
    return problem(request, 500, "internal", "Internal error", "an unexpected error occurred")


HANDLERS: dict[type[Exception], Callable[[Request, Exception], JSONResponse]] = {
    DomainError: _domain,
    RequestValidationError: _validation,
    NotFound: _not_found,
    ConcurrencyConflict: _conflict,
    VersionMismatch: _precondition,
    Unauthenticated: _unauthenticated,
    Forbidden: _forbidden,
    DatabaseUnavailable: _unavailable,
    StarletteHTTPException: _http,
    Exception: _unexpected,
    **{error: _unavailable for error in TRANSIENT},
}


def install(app: FastAPI) -> None:
    for error, handler in HANDLERS.items():
        app.add_exception_handler(error, handler)
