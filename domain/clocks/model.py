"""Clock rules as data, the inputs that move a clock, and the explained result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.errors import DomainError


class ClockError(DomainError):
    """A clock input the rules forbid (late extension notice, pause ending before it starts…)."""


class Unit(StrEnum):
    """What a clock counts."""

    WORKING_DAYS = "working days"
    CALENDAR_DAYS = "calendar days"
    WEEKS = "weeks"
    MONTHS = "months"

    def quantity(self, amount: int) -> str:
        """``amount`` with the unit, singular for one: ``1 month``, ``20 working days``."""
        return f"{amount} {self.value if amount != 1 else self.value.removesuffix('s')}"


class DayZero(StrEnum):
    """Which day is day 0; counting starts on the day after it."""

    RECEIPT = "receipt"
    NEXT_WORKING_DAY = "next working day"


class Direction(StrEnum):
    """Forward from a start event, or backward ("at least N before") from a planned date."""

    FORWARD = "forward"
    BACKWARD = "backward"


class StepKind(StrEnum):
    """What a step in a deadline's explanation records."""

    START = "start"
    RESTART = "restart"
    DAY_ZERO = "day zero"
    MONTHS = "months"
    COUNT = "count"
    SKIP = "skip"
    PAUSE = "pause"
    EXTENSION = "extension"
    ROLLOVER = "rollover"
    DUE = "due"


class ClockStatus(StrEnum):
    """Dashboard classification of a deadline on a given day."""

    ON_TRACK = "on track"
    DUE_SOON = "due soon"
    OVERDUE = "overdue"
    PAUSED = "paused"


@dataclass(frozen=True, slots=True)
class ExtensionPolicy:
    """How a rule may be extended; ``max_amount`` None means no fixed cap ("reasonable")."""

    unit: Unit
    default_amount: int
    max_amount: int | None = None
    notice_within_period: bool = True
    basis: str = ""


@dataclass(frozen=True, slots=True)
class ClockRule:
    """A statutory or guidance time limit, as data.

    ``roll_forward`` moves a due date that is not a working day to a working day: the next one
    for forward rules, the previous one for backward rules (so the lead time is kept).
    ``explanation`` says in words what starts, stops and meets the clock (empty: only the count).
    """

    id: str
    description: str
    unit: Unit
    amount: int
    calendar: str
    day_zero: DayZero = DayZero.RECEIPT
    roll_forward: bool = False
    direction: Direction = Direction.FORWARD
    extension: ExtensionPolicy | None = None
    source: str = ""
    explanation: str = ""

    def __post_init__(self) -> None:
        if self.amount < 1:
            raise ClockError(f"{self.id}.amount", "a clock must count at least one unit")


@dataclass(frozen=True, slots=True)
class Pause:
    """Days from ``start`` to ``end`` inclusive do not count; no ``end`` means still paused."""

    start: date
    end: date | None = None
    reason: str = "clock stopped"

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ClockError("clock.pause-order", "a pause cannot end before it starts")

    def covers(self, day: date) -> bool:
        """True when ``day`` falls inside the pause."""
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Restart:
    """The clock starts again from ``on`` (FOI clarification received, SAR ID or fee received)."""

    on: date
    reason: str = "clarification received"


@dataclass(frozen=True, slots=True)
class Extension:
    """An extension applied under the rule's policy; ``amount`` None takes the policy default.

    ``unit`` is the unit the caller counted ``amount`` in (None: the policy's own); a rule that
    needs notice within the period accepts no ``notified_on`` only when ``notice_pending`` says
    the notice is still to be given (by the original due date, which the steps then state).
    """

    notified_on: date | None = None
    amount: int | None = None
    reason: str = ""
    unit: Unit | None = None
    notice_pending: bool = False


@dataclass(frozen=True, slots=True)
class Step:
    """One line of a deadline's explanation, covering ``first``..``last``."""

    kind: StepKind
    first: date
    last: date
    note: str

    def __str__(self) -> str:
        span = self.first.isoformat()
        if self.last != self.first:
            span = f"{span}..{self.last.isoformat()}"
        return f"{span} {self.note}"


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed due date (None while paused) with every step that produced it."""

    rule_id: str
    start: date
    due: date | None
    steps: tuple[Step, ...]
    calendar_version: str
    paused: bool = False
    paused_since: date | None = None
    original_due: date | None = None

    @property
    def extended(self) -> bool:
        """True when an extension moved the due date."""
        return self.original_due is not None and self.due != self.original_due

    def explain(self) -> str:
        """The steps as text, one per line."""
        return "\n".join(str(step) for step in self.steps)
