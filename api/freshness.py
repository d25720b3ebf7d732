"""Reads whose views had not caught up: never served silently.

A query waits (read-your-writes) until the views it reads have applied ``min_position``, or the
log head when none is given, for at most ``REVIEWTRAIL_READ_YOUR_WRITES_TIMEOUT``. When they have
not (the runner is behind, stopped, or a view has failed on a poison event):

- a client that asked for ``min_position`` gets a 503 ``views-behind`` (``ViewsBehind``): what
  it asked to see is not there yet, and a 200 would tell it its write had been lost;
- a client that did not ask is served what the views hold, and the response says so with the
  ``X-Views-Behind`` header, naming them (``note``; the request middleware adds the header,
  counts the read and logs it).

The views behind are kept per request in a context variable the middleware sets: the route runs
in a worker thread with a copy of the request's context, which holds the same list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

HEADER = "X-Views-Behind"

_behind: ContextVar[list[str] | None] = ContextVar("views_behind", default=None)


class ViewsBehind(Exception):
    """The views a read needs had not applied the ``min_position`` it asked for in time."""

    def __init__(self, views: list[str], failed: list[str], position: int) -> None:
        super().__init__(f"views behind position {position}")
        self.views, self.failed, self.position = views, failed, position


@contextmanager
def tracked() -> Iterator[list[str]]:
    """For one request: the names of the views it was served from while they were behind."""
    behind: list[str] = []
    token = _behind.set(behind)
    try:
        yield behind
    finally:
        _behind.reset(token)


def note(views: Iterable[str]) -> None:
    """The current request is served from ``views`` although they are behind (outside a
    request, as in the CLI, nothing is noted)."""
    behind = _behind.get()
    if behind is not None:
        behind.extend(v for v in views if v not in behind)
