"""The statutory clock of an information request (FOI or SAR) as the inputs that move it.

An aggregate keeps a ``RequestClock``: the rule, the day it started, pauses, restarts and the
extension. Each command that moves the clock computes the new deadline against the calendar the
use case passes in (with the stored overrides), and its event records the due date together with
the ``calendar_version`` it was counted with. Queries recompute it against today's calendar, so a
bank holiday added later shows up as a changed due date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from domain.clocks import Calendar, ClockRule, Deadline, Extension, Pause, Restart, compute
from domain.errors import DomainError


class Nation(StrEnum):
    """Where the receiving authority or controller is: it decides the regime and calendar."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"


def nation_calendar(nation: Nation) -> str:
    """The working-day calendar of ``nation`` (England and Wales share one)."""
    if nation is Nation.SCOTLAND:
        return "scotland"
    if nation is Nation.NORTHERN_IRELAND:
        return "northern-ireland"
    return "england-and-wales"


@dataclass(frozen=True, slots=True)
class RequestClock:
    """What moves a request's clock; ``start`` None means the clock has not started yet."""

    rule: ClockRule
    calendar_name: str
    start: date | None = None
    pauses: tuple[Pause, ...] = ()
    restarts: tuple[Restart, ...] = ()
    extension: Extension | None = None

    @property
    def counts_from(self) -> date | None:
        """The day the count runs from: the latest restart, else the start (None before it)."""
        if self.start is None:
            return None
        return max([self.start, *(restart.on for restart in self.restarts)])

    @property
    def stopped_since(self) -> date | None:
        """The first day of the open pause, or None when the clock is running."""
        open_pauses = [p.start for p in self.pauses if p.end is None]
        return open_pauses[0] if open_pauses else None

    def started(self, on: date) -> RequestClock:
        """The clock started on ``on``."""
        return replace(self, start=on)

    def stopped(self, on: date, reason: str) -> RequestClock:
        """The clock stopped from ``on`` (raises ``request.clock-already-stopped``)."""
        if self.stopped_since is not None:
            raise DomainError("request.clock-already-stopped", "the clock is already stopped")
        return replace(self, pauses=(*self.pauses, Pause(on, None, reason)))

    def resumed(self, on: date) -> RequestClock:
        """The open pause ended on ``on`` (raises ``request.clock-not-stopped``, or
        ``clock.pause-order`` when ``on`` is before the pause began)."""
        if self.stopped_since is None:
            raise DomainError("request.clock-not-stopped", "the clock is not stopped")
        closed = tuple(
            p if p.end is not None else Pause(p.start, on, p.reason) for p in self.pauses
        )
        return replace(self, pauses=closed)

    def restarted(self, on: date, reason: str) -> RequestClock:
        """The clock starts counting afresh from ``on``."""
        return replace(self, restarts=(*self.restarts, Restart(on, reason)))

    def extended(self, extension: Extension) -> RequestClock:
        """The extension applies (raises ``request.already-extended`` for a second one)."""
        if self.extension is not None:
            raise DomainError("request.already-extended", "the deadline was already extended")
        return replace(self, extension=extension)

    def deadline(self, calendar: Calendar) -> Deadline | None:
        """The deadline counted against ``calendar``; None before the clock starts.

        Raises ``ClockError`` for inputs the rule forbids (a late extension notice …) and
        ``request.wrong-calendar`` when ``calendar`` is not the one this clock counts with.
        """
        if calendar.name != self.calendar_name:
            raise DomainError("request.wrong-calendar", f"this clock counts {self.calendar_name}")
        if self.start is None:
            return None
        return compute(
            self.rule,
            self.start,
            calendar,
            pauses=self.pauses,
            extension=self.extension,
            restarts=self.restarts,
        )


@dataclass(frozen=True, slots=True)
class DueDate:
    """What an event records about the deadline it set."""

    due: date | None
    calendar_version: str | None

    @classmethod
    def of(cls, deadline: Deadline | None) -> DueDate:
        """The due date and calendar version of ``deadline`` (both None before a start)."""
        if deadline is None:
            return cls(None, None)
        return cls(deadline.due, deadline.calendar_version)
