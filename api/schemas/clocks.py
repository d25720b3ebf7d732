"""Request and response bodies of /clocks."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from adapters.calendars import CALENDAR_NAMES
from domain.clocks import (
    ClockRule,
    DayZero,
    Direction,
    Extension,
    ExtensionPolicy,
    Pause,
    Restart,
    StepKind,
    Unit,
)
from domain.clocks.registry import ClockRequest, Computation

REASON_MAX = 200
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


def _in_range(day: date) -> date:
    # Counting near date.max would overflow; no statutory clock runs outside these years.
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"dates must fall between {EARLIEST} and {LATEST}")
    return day


ClockDate = Annotated[date, AfterValidator(_in_range)]
Reason = Annotated[str, Field(max_length=REASON_MAX)]


def _known_calendar(name: str | None) -> str | None:
    if name is not None and name not in CALENDAR_NAMES:
        raise ValueError(f"calendars are {', '.join(CALENDAR_NAMES)}")
    return name


class PauseIn(BaseModel):
    """Days ``from``..``to`` (inclusive) do not count; no ``to``: the clock is still stopped."""

    model_config = ConfigDict(extra="forbid")

    from_: ClockDate = Field(alias="from")
    to: ClockDate | None = None
    reason: Reason = "clock stopped"

    def to_domain(self) -> Pause:
        """The engine's ``Pause`` (raises ClockError ``clock.pause-order`` if it ends first)."""
        return Pause(self.from_, self.to, self.reason)


class RestartIn(BaseModel):
    """The clock starts again from ``on`` (clarification, identification or fee received)."""

    model_config = ConfigDict(extra="forbid")

    on: ClockDate
    reason: Reason = "clarification received"


class ExtensionIn(BaseModel):
    """An extension under the rule's policy; no ``amount`` takes the policy's default."""

    model_config = ConfigDict(extra="forbid")

    notified_on: ClockDate | None = None
    amount: int | None = Field(default=None, ge=1, le=366)
    reason: Reason = ""

    def to_domain(self) -> Extension:
        """The engine's ``Extension``."""
        return Extension(self.notified_on, self.amount, self.reason)


class ClockComputeIn(BaseModel):
    """A deadline to compute: a rule id (see ``GET /clocks/rules``) and the day it started."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"rule": "foia", "start": "2025-07-01"},
                {
                    "rule": "uk-gdpr-sar",
                    "start": "2025-03-31",
                    "extension": {"notified_on": "2025-04-10", "reason": "complex"},
                },
                {"rule": "uk-gdpr-sar", "start": "2026-01-30", "extension_months": 2},
            ]
        },
    )

    rule: str = Field(min_length=1, max_length=200)
    start: ClockDate
    pauses: list[PauseIn] = Field(default_factory=list, max_length=50)
    restarts: list[RestartIn] = Field(default_factory=list, max_length=50)
    extension: ExtensionIn | None = None
    extension_months: int | None = Field(
        default=None,
        ge=1,
        le=2,
        description="Extend a rule counted in months (uk-gdpr-sar) by 1 or 2 further months: "
        "the same as ``extension.amount``, which it may not accompany. Without "
        "``extension.notified_on`` the notice is taken as still to be given, by the original "
        "due date (the steps say so)",
    )
    calendar: Annotated[str | None, AfterValidator(_known_calendar)] = Field(
        default=None,
        description="Count against this calendar instead of the rule's own",
        json_schema_extra={"enum": [*CALENDAR_NAMES, None]},
    )

    @model_validator(mode="after")
    def _one_extension_amount(self) -> ClockComputeIn:
        if self.extension_months is not None and self.extension and self.extension.amount:
            raise ValueError("give extension_months or extension.amount, not both")
        return self

    @property
    def extended(self) -> bool:
        """True when the body asks for an extension, in either form."""
        return self.extension is not None or self.extension_months is not None

    def to_request(self) -> ClockRequest:
        """The domain request (raises ClockError for a pause that ends before it starts)."""
        return ClockRequest(
            rule_id=self.rule,
            start=self.start,
            calendar=self.calendar,
            pauses=tuple(p.to_domain() for p in self.pauses),
            restarts=tuple(Restart(r.on, r.reason) for r in self.restarts),
            extension=self._extension(),
        )

    def _extension(self) -> Extension | None:
        if self.extension_months is None:
            return None if self.extension is None else self.extension.to_domain()
        given = self.extension or ExtensionIn()
        return Extension(
            given.notified_on,
            self.extension_months,
            given.reason,
            unit=Unit.MONTHS,
            notice_pending=given.notified_on is None,
        )


class StepOut(BaseModel):
    """One line of the explanation, covering ``first``..``last``."""

    kind: StepKind
    first: date
    last: date
    note: str


class DeadlineOut(BaseModel):
    """A computed deadline; ``due`` is null while an open pause stops the clock."""

    rule: str
    start: date
    due: date | None
    paused: bool
    paused_since: date | None = None
    original_due: date | None = Field(
        default=None, description="The due date before the extension (only when extended)"
    )
    calendar: str
    calendar_version: str
    steps: list[StepOut]

    @classmethod
    def of(cls, computation: Computation, extended: bool) -> DeadlineOut:
        """Shape a computation; ``original_due`` only when an extension was asked for."""
        deadline = computation.deadline
        return cls(
            rule=computation.rule.id,
            start=deadline.start,
            due=deadline.due,
            paused=deadline.paused,
            paused_since=deadline.paused_since,
            original_due=deadline.original_due if extended else None,
            calendar=computation.calendar,
            calendar_version=deadline.calendar_version,
            steps=[
                StepOut(kind=s.kind, first=s.first, last=s.last, note=s.note)
                for s in deadline.steps
            ],
        )


class ExtensionPolicyOut(BaseModel):
    """How a rule may be extended; ``max_amount`` null means no fixed cap."""

    unit: Unit
    default_amount: int
    max_amount: int | None
    notice_within_period: bool
    basis: str

    @classmethod
    def of(cls, policy: ExtensionPolicy) -> ExtensionPolicyOut:
        return cls(
            unit=policy.unit,
            default_amount=policy.default_amount,
            max_amount=policy.max_amount,
            notice_within_period=policy.notice_within_period,
            basis=policy.basis,
        )


class ClockRuleOut(BaseModel):
    """A clock rule that ``POST /clocks/compute`` accepts: a built-in FOI/SAR rule, or a rule
    set's clock (``wales.cpr@2012/complete-within-6-months-of-referral``)."""

    id: str
    description: str
    unit: Unit
    amount: int
    calendar: str
    day_zero: DayZero
    direction: Direction
    roll_forward: bool
    extension: ExtensionPolicyOut | None
    source: str
    explanation: str = Field(description="What starts, stops and meets the clock, in words")

    @classmethod
    def of(cls, rule: ClockRule) -> ClockRuleOut:
        return cls(
            id=rule.id,
            description=rule.description,
            unit=rule.unit,
            amount=rule.amount,
            calendar=rule.calendar,
            day_zero=rule.day_zero,
            direction=rule.direction,
            roll_forward=rule.roll_forward,
            extension=None if rule.extension is None else ExtensionPolicyOut.of(rule.extension),
            source=rule.source,
            explanation=rule.explanation,
        )


class ClockRulesOut(BaseModel):
    """Every clock rule, by id."""

    items: list[ClockRuleOut]
