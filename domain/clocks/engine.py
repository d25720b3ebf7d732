"""compute(): a rule, a start date and a calendar in; an explained ``Deadline`` out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.clocks.calendar import Calendar
from domain.clocks.counting import (
    ONE_DAY,
    DayFilter,
    Trail,
    Walked,
    add_months,
    counts_every_day,
    roll,
    walk,
)
from domain.clocks.model import (
    ClockError,
    ClockRule,
    ClockStatus,
    DayZero,
    Deadline,
    Direction,
    Extension,
    ExtensionPolicy,
    Pause,
    Restart,
    Step,
    StepKind,
    Unit,
)


@dataclass(frozen=True, slots=True)
class _Count:
    """One count of ``amount`` ``unit`` from ``anchor``."""

    unit: Unit
    amount: int
    anchor: date
    roll: bool
    step: int = 1


def compute(
    rule: ClockRule,
    start: date,
    calendar: Calendar,
    pauses: Sequence[Pause] = (),
    extension: Extension | None = None,
    restarts: Sequence[Restart] = (),
) -> Deadline:
    """Due date of ``rule`` for an event on ``start`` (a planned date for backward rules).

    Raises ``ClockError`` for inputs the rule forbids: an extension the rule does not allow, too
    long, or notified after the original due date; a restart before the start; pauses, restarts
    or extensions on a backward rule.
    """
    if rule.direction is Direction.BACKWARD:
        return _backward(rule, start, calendar, bool(pauses or extension or restarts))
    head = Trail()
    head.note(StepKind.START, start, f"received: {rule.description} ({calendar.name} calendar)")
    anchor = _day_zero(rule, _restart(start, restarts, head), calendar, head)
    count = _Count(rule.unit, rule.amount, anchor, rule.roll_forward)
    original, steps = _run(count, calendar, pauses)
    if extension is None or original.day is None:
        if extension is not None:
            # No original due date while paused: the notice date is checked once it resumes.
            _policy_amount(rule, extension)
        return _result(rule, start, calendar, head.steps + steps, original, original.day)
    policy, amount = _check_extension(rule, extension, original.day)
    ext = _Extending(policy, amount, extension, original.day)
    extended, steps = _extend(ext, count, calendar, pauses, steps)
    return _result(rule, start, calendar, head.steps + steps, extended, original.day)


def _restart(start: date, restarts: Sequence[Restart], trail: Trail) -> date:
    origin = start
    for restart in sorted(restarts, key=lambda r: r.on):
        if restart.on < start:
            raise ClockError("clock.restart-order", "a clock cannot restart before it started")
        trail.note(StepKind.RESTART, restart.on, f"clock restarted: {restart.reason}")
        origin = restart.on
    return origin


def _day_zero(rule: ClockRule, origin: date, calendar: Calendar, trail: Trail) -> date:
    if rule.day_zero is DayZero.RECEIPT:
        trail.note(StepKind.DAY_ZERO, origin, "day 0")
        return origin
    anchor = roll(origin, calendar.non_working_reason, Trail(), 1)
    for day in _days(origin, anchor - ONE_DAY):
        trail.skipped(day, f"{calendar.non_working_reason(day)} (cannot be day 0)")
    trail.note(StepKind.DAY_ZERO, anchor, "day 0: first working day on or after receipt")
    return anchor


def _days(first: date, last: date) -> list[date]:
    return [first + ONE_DAY * n for n in range((last - first).days + 1)]


def _run(count: _Count, calendar: Calendar, pauses: Sequence[Pause]) -> tuple[Walked, list[Step]]:
    """Walk one count, then roll a due date that is not a working day when the rule says so."""
    trail = Trail(count.unit, backward=count.step < 0)
    skip: DayFilter = counts_every_day
    days = count.amount * 7 if count.unit is Unit.WEEKS else count.amount
    if count.unit is Unit.WORKING_DAYS:
        skip = calendar.non_working_reason
    elif count.unit is Unit.MONTHS:
        target = add_months(count.anchor, count.amount * count.step)
        trail.span(StepKind.MONTHS, count.anchor, target, _months_note(count, target))
        days = abs((target - count.anchor).days)
    walked = walk(count.anchor, days, skip, pauses, trail, count.step)
    if walked.day is not None and count.roll:
        walked = Walked(roll(walked.day, calendar.non_working_reason, trail, count.step))
    return walked, trail.steps


def _months_note(count: _Count, target: date) -> str:
    towards = "from day 0" if count.step > 0 else "before the planned date"
    note = f"{Unit.MONTHS.quantity(count.amount)} {towards}"
    if target.day != count.anchor.day:
        note += f" (no day {count.anchor.day} in that month: its last day)"
    return note


def _policy_amount(rule: ClockRule, extension: Extension) -> tuple[ExtensionPolicy, int]:
    policy = rule.extension
    if policy is None:
        raise ClockError(f"{rule.id}.extension", f"{rule.id} allows no extension")
    if extension.unit is not None and extension.unit is not policy.unit:
        raise ClockError(f"{rule.id}.extension-unit", f"{rule.id} is extended in {policy.unit}")
    amount = policy.default_amount if extension.amount is None else extension.amount
    if amount <= 0 or (policy.max_amount is not None and amount > policy.max_amount):
        limit = "more than 0" if policy.max_amount is None else f"1 to {policy.max_amount}"
        raise ClockError(
            f"{rule.id}.extension-amount", f"an extension must be {limit} {policy.unit}"
        )
    return policy, amount


def _check_extension(
    rule: ClockRule, extension: Extension, original_due: date
) -> tuple[ExtensionPolicy, int]:
    policy, amount = _policy_amount(rule, extension)
    if not policy.notice_within_period:
        return policy, amount
    if extension.notified_on is None and extension.notice_pending:
        return policy, amount
    if extension.notified_on is None:
        raise ClockError(f"{rule.id}.extension-notice", "the extension notice date is required")
    if extension.notified_on > original_due:
        raise ClockError(
            f"{rule.id}.extension-notice-late",
            f"the extension was notified after the original due date {original_due.isoformat()}",
        )
    return policy, amount


@dataclass(frozen=True, slots=True)
class _Extending:
    policy: ExtensionPolicy
    amount: int
    extension: Extension
    original_due: date


def _extend(
    ext: _Extending,
    count: _Count,
    calendar: Calendar,
    pauses: Sequence[Pause],
    original_steps: list[Step],
) -> tuple[Walked, list[Step]]:
    """Same unit: count the total from day 0 (ICO: a SAR extended by 2 months is 3 months from
    receipt). Another unit: count the extension on from the original due date."""
    notice = ext.extension.notified_on or ext.original_due
    reason = f" ({ext.extension.reason})" if ext.extension.reason else ""
    note = (
        f"extended by {ext.policy.unit.quantity(ext.amount)}{reason};"
        f" original due {ext.original_due.isoformat()}"
    )
    if ext.extension.notified_on is None and ext.policy.notice_within_period:
        note += f"; notice still to be given by {ext.original_due.isoformat()}"
    extension_step = Step(StepKind.EXTENSION, notice, notice, note)
    if ext.policy.unit is count.unit:
        total = _Count(count.unit, count.amount + ext.amount, count.anchor, count.roll)
        walked, steps = _run(total, calendar, pauses)
        return walked, [extension_step, *steps]
    onward = _Count(ext.policy.unit, ext.amount, ext.original_due, count.roll)
    walked, steps = _run(onward, calendar, pauses)
    return walked, [*original_steps, extension_step, *steps]


def _backward(rule: ClockRule, planned: date, calendar: Calendar, extras: bool) -> Deadline:
    if extras:
        raise ClockError(f"{rule.id}.backward", "a lead-time deadline has no pauses or extensions")
    trail = Trail()
    trail.note(StepKind.START, planned, f"planned: {rule.description} ({calendar.name} calendar)")
    count = _Count(rule.unit, rule.amount, planned, rule.roll_forward, step=-1)
    walked, steps = _run(count, calendar, ())
    return _result(rule, planned, calendar, trail.steps + steps, walked, walked.day)


def _result(
    rule: ClockRule,
    start: date,
    calendar: Calendar,
    steps: list[Step],
    walked: Walked,
    original_due: date | None,
) -> Deadline:
    if walked.day is not None:
        steps = [*steps, Step(StepKind.DUE, walked.day, walked.day, "due")]
    return Deadline(
        rule_id=rule.id,
        start=start,
        due=walked.day,
        steps=tuple(steps),
        calendar_version=calendar.version,
        paused=walked.day is None,
        paused_since=walked.paused_on,
        original_due=original_due,
    )


def working_days_between(first: date, last: date, calendar: Calendar) -> int:
    """Working days after ``first`` up to and including ``last``; negative when ``last`` is earlier.

    With ``first`` = today and ``last`` = the due date this is "working days left" (0 on the day).
    A calendar that counts spans itself (``CountingCalendar``) is asked to: a dashboard counts
    years-long spans for every clock it lists.
    """
    if last < first:
        return -working_days_between(last, first, calendar)
    # Duck-typed: isinstance against the runtime-checkable Protocol cost a fifth of a
    # review's clock timeline (it inspects the Protocol's members on every call).
    count = getattr(calendar, "count_working_days", None)
    if count is not None:
        return int(count(first + ONE_DAY, last))
    return sum(1 for day in _days(first + ONE_DAY, last) if calendar.is_working_day(day))


def status(deadline: Deadline, today: date, calendar: Calendar, soon: int = 5) -> ClockStatus:
    """Paused, overdue (after the due date), due soon (within ``soon`` working days) or on track."""
    if deadline.due is None:
        return ClockStatus.PAUSED
    if today > deadline.due:
        return ClockStatus.OVERDUE
    if working_days_between(today, deadline.due, calendar) <= soon:
        return ClockStatus.DUE_SOON
    return ClockStatus.ON_TRACK
