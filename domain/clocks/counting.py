"""Day-by-day counting that records why each day counted, was skipped or was paused."""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from domain.clocks.model import ClockError, Pause, Step, StepKind, Unit

ONE_DAY = timedelta(days=1)
# A calendar with no working days (a bad override) must fail loudly rather than loop forever.
_MAX_SPAN = timedelta(days=366 * 50)

DayFilter = Callable[[date], str | None]


def add_months(day: date, months: int) -> date:
    """The corresponding date ``months`` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = gregorian.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def counts_every_day(day: date) -> str | None:
    """Day filter for calendar-day units: every day counts."""
    return None


@dataclass
class _Run:
    kind: StepKind
    first: date
    last: date
    label: str
    low: int = 0
    high: int = 0


class Trail:
    """Collects steps; consecutive counted or paused days merge into one step."""

    def __init__(self, unit: Unit = Unit.CALENDAR_DAYS, backward: bool = False) -> None:
        self.steps: list[Step] = []
        self._run: _Run | None = None
        # Weeks and months are counted as the calendar days they span.
        self._unit = Unit.WORKING_DAYS if unit is Unit.WORKING_DAYS else Unit.CALENDAR_DAYS
        self._verb = "counted back" if backward else "counted"

    def note(self, kind: StepKind, day: date, note: str) -> None:
        """Record a one-day step."""
        self.span(kind, day, day, note)

    def span(self, kind: StepKind, first: date, last: date, note: str) -> None:
        """Record a step covering ``first``..``last`` (either order)."""
        self.flush()
        self.steps.append(Step(kind, min(first, last), max(first, last), note))

    def skipped(self, day: date, reason: str) -> None:
        """Record a skipped day; each gets its own step so every holiday is visible."""
        self.note(StepKind.SKIP, day, f"skipped: {reason}")

    def counted(self, day: date, number: int) -> None:
        """Record the ``number``-th counted day."""
        self._extend(StepKind.COUNT, day, "", number)

    def paused(self, day: date, reason: str) -> None:
        """Record a day inside a pause."""
        self._extend(StepKind.PAUSE, day, reason, 0)

    def _extend(self, kind: StepKind, day: date, label: str, number: int) -> None:
        run = self._run
        if run and run.kind is kind and run.label == label and abs((day - run.last).days) == 1:
            run.last, run.high = day, number
            return
        self.flush()
        self._run = _Run(kind, day, day, label, number, number)

    def flush(self) -> None:
        """Turn the current run into a step."""
        run, self._run = self._run, None
        if run is None:
            return
        first, last = sorted((run.first, run.last))
        if run.kind is StepKind.PAUSE:
            self.steps.append(Step(run.kind, first, last, f"paused: {run.label}"))
            return
        label = self._unit.value
        if run.low == run.high:
            numbers = f"{label.removesuffix('s')} {run.low}"
        else:
            numbers = f"{label} {run.low}-{run.high}"
        self.steps.append(Step(run.kind, first, last, f"{self._verb}: {numbers}"))


@dataclass(frozen=True, slots=True)
class Walked:
    """Where a count ended: ``day`` is None when an open pause stopped it on ``paused_on``."""

    day: date | None
    paused_on: date | None = None


def walk(
    anchor: date, amount: int, skip: DayFilter, pauses: Sequence[Pause], trail: Trail, step: int
) -> Walked:
    """Count ``amount`` days on from ``anchor`` (``step`` -1: backwards), skipping and pausing."""
    day, number, delta = anchor, 0, timedelta(days=step)
    while number < amount:
        day += delta
        if abs(day - anchor) > _MAX_SPAN:
            raise ClockError("clock.no-working-days", "the calendar has no day left to count")
        pause = next((p for p in pauses if p.covers(day)), None)
        if pause is not None:
            if pause.end is not None:
                trail.paused(day, pause.reason)
                continue
            trail.paused(day, f"{pause.reason} (no due date until it ends)")
            trail.flush()
            return Walked(None, day)
        reason = skip(day)
        if reason is not None:
            trail.skipped(day, reason)
            continue
        number += 1
        trail.counted(day, number)
    trail.flush()
    return Walked(day)


def roll(day: date, skip: DayFilter, trail: Trail, step: int) -> date:
    """Move ``day`` to the nearest working day in direction ``step``, recording skipped days."""
    rolled, delta = day, timedelta(days=step)
    while (reason := skip(rolled)) is not None:
        trail.skipped(rolled, reason)
        rolled += delta
        if abs(rolled - day) > _MAX_SPAN:
            raise ClockError("clock.no-working-days", "the calendar has no working day to roll to")
    if rolled != day:
        direction = "forward" if step > 0 else "back"
        trail.note(StepKind.ROLLOVER, rolled, f"rolled {direction} to the nearest working day")
    return rolled
