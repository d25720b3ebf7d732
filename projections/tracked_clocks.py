"""What the deadlines projection keeps per clock and per aggregate, and the writer it writes with.

A ``TrackedClock`` holds a clock's inputs (what it counts from, on which calendar, its pauses;
for a FOI or SAR clock also its start, restarts and extension) beside its state, so a calendar
override can recompute it without the events. No field holds a personal value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol
from uuid import UUID

from domain.clocks import Calendar, Deadline, Extension, Pause, Restart


@dataclass(frozen=True)
class RequestInputs:
    """A FOI or SAR clock's inputs besides its pauses: ``RequestClock`` start, restarts and
    extension (the extension's reason is its statutory basis, never free text)."""

    start: date
    restarts: tuple[Restart, ...] = ()
    extension: Extension | None = None


@dataclass(frozen=True)
class TrackedClock:
    """A clock's inputs and state. ``anchor`` is the day the count runs from (the latest restart
    of a request clock), ``ended_on`` the day it was met or closed, ``request`` None for a
    review clock."""

    partnership_id: str
    kind: str
    aggregate_id: UUID
    clock_id: str
    description: str
    anchor: date
    calendar: str
    pauses: tuple[Pause, ...] = ()
    state: str = "open"
    ended_on: date | None = None
    request: RequestInputs | None = None


@dataclass(frozen=True)
class ReviewContext:
    """What the projection remembers of a review to decide which clocks its events start.

    ``pending`` holds triggers whose notices could not yet be judged owed (facts not assessed):
    (event name, day, the enumerated payload fields rule sets match on).
    """

    partnership_id: str
    rule_set_id: str | None
    kind: str | None = None
    facts: dict[str, bool] | None = None
    pending: tuple[tuple[str, date, dict[str, str]], ...] = ()


@dataclass(frozen=True)
class RequestContext:
    """What the projection remembers of a FOI request (``kind`` foi, with its ``regime``) or a
    SAR (``kind`` sar) to start its clocks: ids, nation and dates only."""

    partnership_id: str
    kind: str
    nation: str
    received_on: date
    regime: str | None = None


class DeadlinesWriter(Protocol):
    """The reads and writes the deadlines view supports (inside the runner's transaction)."""

    def review_saved(self, review_id: UUID, context: ReviewContext) -> None: ...

    def review_context(self, review_id: UUID) -> ReviewContext | None: ...

    def request_saved(self, request_id: UUID, context: RequestContext) -> None: ...

    def request_context(self, request_id: UUID) -> RequestContext | None: ...

    def clocks(self, aggregate_id: UUID) -> list[TrackedClock]:
        """Every clock of the aggregate, whatever its state."""
        ...

    def open_clocks_on(self, calendars: tuple[str, ...]) -> list[TrackedClock]: ...

    def clock_saved(self, clock: TrackedClock, deadline: Deadline | None, position: int) -> None:
        """Insert or replace the row of (aggregate, clock); ``deadline`` None keeps the dates
        (and inserts nothing for a clock that has no row yet)."""
        ...

    def override_recorded(self, calendar: str, day: date, action: str, reason: str) -> None: ...

    def calendar(self, name: str) -> Calendar:
        """``name`` with the overrides this view has applied so far."""
        ...
