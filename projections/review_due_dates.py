"""Due dates a review sets itself: each agency's chronology and each action of the action plan.

``ChronologyRequested`` tracks a clock per agency, due on the request's ``due_on`` and met by that
agency's ``ChronologySubmitted`` (asking the same agency again replaces the clock with the new
date, open again); ``ActionPlanItemAdded`` tracks one per action, met by ``ActionCompleted`` of
that number. The date is set by the review team, not counted, so no calendar override moves it;
the dashboard still counts the working days left on the review's calendar.

A review may hold many clocks of one rule (one per agency, one per action): their ids are
``<rule>#<key>`` (``chronology-due#Health``, ``action-plan-item-due#3``, and for rule-set clocks
started per agency ``<rule-set clock>#<agency>``). Keys are agency names and action numbers only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.clocks import Calendar, Deadline, Step, StepKind
from projections.tracked_clocks import DeadlinesWriter, ReviewContext, TrackedClock

CHRONOLOGY = "chronology-due"
ACTION = "action-plan-item-due"
DUE_DATE_RULES = (CHRONOLOGY, ACTION)
_MET_BY = {CHRONOLOGY: "ChronologySubmitted", ACTION: "ActionCompleted"}


def keyed(rule_id: str, key: str) -> str:
    """The id of the clock of ``rule_id`` kept for ``key`` (an agency, an action number)."""
    return f"{rule_id}#{key}"


def rule_of(clock_id: str) -> str:
    """The rule a clock id counts by: the id without its ``#key``."""
    return clock_id.split("#", 1)[0]


def key_of(clock_id: str) -> str | None:
    """The agency or action number a clock is kept for, None for a clock kept once per review."""
    parts = clock_id.split("#", 1)
    return parts[1] if len(parts) == 2 else None


def is_due_date(clock: TrackedClock) -> bool:
    """True for a chronology or action-plan clock (a set date, never counted)."""
    return rule_of(clock.clock_id) in DUE_DATE_RULES


def due_date_met(clock: TrackedClock, name: str, event: Any) -> bool:
    """True when ``event`` (named ``name``) meets the due-date ``clock``."""
    rule, key = rule_of(clock.clock_id), key_of(clock.clock_id)
    if name != _MET_BY[rule]:
        return False
    field = "agency" if rule == CHRONOLOGY else "number"
    return str(getattr(event, field, "")) == key


def start_due_date(
    event: Any,
    context: ReviewContext,
    calendar: Calendar,
    writer: DeadlinesWriter,
    position: int,
) -> None:
    """Track the due date a ``ChronologyRequested`` or ``ActionPlanItemAdded`` sets."""
    name = type(event).__name__
    if name == "ChronologyRequested":
        what = f"Chronology from {event.agency}"
        clock_id, set_on = keyed(CHRONOLOGY, event.agency), event.requested_on
        note = f"requested: chronology from {event.agency}"
    else:
        what = f"Action {event.number} of the action plan"
        clock_id, set_on = keyed(ACTION, str(event.number)), event.timestamp.date()
        note = f"recorded: action {event.number} added to the plan"
    clock = TrackedClock(
        context.partnership_id, "review", event.originator_id, clock_id, what, set_on,
        calendar.name,
    )  # fmt: skip
    writer.clock_saved(clock, _deadline(clock, event.due_on, note, calendar), position)


def starts_due_date(name: str) -> bool:
    """True for the events that set a review's own due dates."""
    return name in ("ChronologyRequested", "ActionPlanItemAdded")


def _deadline(clock: TrackedClock, due: date, note: str, calendar: Calendar) -> Deadline:
    steps = (
        Step(StepKind.START, clock.anchor, clock.anchor, note),
        Step(StepKind.DUE, due, due, "due: the date set by the review team"),
    )
    return Deadline(clock.clock_id, clock.anchor, due, steps, calendar.version)
